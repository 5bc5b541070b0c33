"""A generated organisation of N remote workers, for the linking benchmark, with its planted rings.

    .venv/bin/python benchmarks/linking_world.py /tmp/bench6/bundle --workers 20000 --feeds ../shared/data

Writes a bundle-v1 folder (Parquet) and, beside it, ``truth.csv`` (``worker_id, ring_id, shares``: ring
members only, with the channels each one shares with the ring), ``innocent_pairs.csv`` (``a, b, reason``:
planted *innocent* shared values) and ``vpn_exits.txt``. Everything is drawn with numpy and pyarrow over
whole columns; no Python loop runs per worker or per sign-in. The workers themselves (rings, households,
firms) are drawn in ``linking_people.py``, their network and sign-ins in ``linking_network.py``; this module
draws the other tables and the ground truth.

Rates (:class:`Rates`), and what they rest on. Where a rate is a guess it says so.

- Rings: 0.5 % of workers, in rings of 2-6 (weights .3 .3 .2 .1 .1). DOJ cases (Chapman 2024: 300+
  companies, 90 laptops; Knoot 2024; the 2025 "laptop farm" actions) show facilitators hosting several
  identities each; the share of a real workforce is unknown, so 0.5 % is a guess that gives ~1,500 rings
  per million. Each ring uses a channel with a probability (a guess, read off the advisories' lists of what
  operatives reuse): the facilitator's home line on the same days 0.6, payout account 0.3, crypto wallet
  0.15, phone 0.15, device 0.15, a near-identical photo (0-3 of 64 hash bits flipped) 0.25, a résumé copied
  with small edits 0.5, referring each other 0.2, a small front firm 0.15; each member beyond the first joins
  a used channel with probability 0.85. About 5 % of rings share nothing and cannot be found by linking.
- Households of two colleagues sharing a home line (and IPv6 /64): 1.5 % of workers. Most households hold
  1-2 adults (US Census 2023: 2.5 persons per household); both partners being remote IT contractors of the
  same organisation is rarer, so 1.5 % is a guess at the upper end of the brief's 1-2 %. A third of them
  (0.5 % of workers) are couples with a joint payout account (the brief's rate; joint accounts are common
  among married couples, but both being paid by one client is not).
- Referrals: 4 % of workers name a referrer (employee-referral programmes bring 20-40 % of *employee*
  hires, SHRM/Jobvite; contractors far fewer, so a few %), the referrer a random colleague.
- Staffing firms: 25 % of workers come through a firm (most contract IT work is direct or via platforms);
  firm sizes 1-300 follow a power law (p ∝ s^-1.6, mean ≈ 11), so most firms are tiny. Firms of 20+ have 1-4
  corporate egress addresses, used for 60 % of their workers' sign-ins (dozens to hundreds of workers each).
- Sign-ins: 8-12 per worker over 90 days, weekdays preferred. Home line 85 %, mobile 15 %. Mobile sign-ins
  leave through carrier-grade NAT: a per-country pool sized so that each public address carries about 20
  sign-ins of different workers (RFC 6598 CGNAT shares one address among many subscribers; the ratio among
  one organisation's workers is a guess). 35 % of homes are dual-stack and use IPv6 for 70 % of home
  sign-ins (Google's IPv6 adoption ≈ 45 %), one /64 per home, a fresh privacy address (RFC 4941) each time.
- Privacy VPN: 8 % of workers (consumer VPN use is 30-45 % of adults, Security.org 2023, but only a minority
  keep it on for work sign-ins) send 60 % of sign-ins through 2 exits of a pool of real exits (Mullvad,
  Proton, PIA lists of the x4bnet feed when given, else the demo's 24), sized so each exit has ~300 users.
- Photos: 8 % of profiles have none, 6 % a default avatar (3 hashes, each held by thousands); the others a
  64-bit perceptual hash drawn around one of 256 "styles" (each bit differs from the style with p 0.3) so
  that unrelated headshots are not uniformly far apart; a second profile of the same person shows the same
  photo with 0-2 bits flipped (recompression). Real pHash distances between different faces are likely
  closer than this; it is a guess.
- Résumés: a title, four skills and 3-6 sentences from 16 templates with slots (domain, skill, number),
  ~40-80 words: unrelated résumés share boilerplate phrases but are far from near-duplicates.
- Payments: 2-5 payouts to the worker's own account; 3 % of workers are also paid in crypto to a wallet.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

# The siblings by plain name: this file runs as a script, or is imported with benchmarks/ on sys.path.
from linking_network import hex_text, iso_text, laptop_ids, network, scrambled, signins_table, string_array
from linking_people import COUNTRY_CODES, DAYS, RING_CHANNELS, U64, Ints, People, Rates, people

from unmask.demo.places import COUNTRIES
from unmask.demo.writer import TableWriter, encoded

_DEFAULT_AVATARS = np.array([0x8000000000000000, 0xFFFFC3C3C3C3FFFF, 0x00183C7E7E3C1800], dtype=np.uint64)


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


_TITLES = _words(
    "Software Engineer|Backend Developer|Full-Stack Developer|Frontend Engineer|DevOps Engineer|"
    "Data Engineer|Mobile Developer|Cloud Architect|QA Automation Engineer|Site Reliability Engineer|"
    "Machine Learning Engineer|Blockchain Developer",
    "|",
)
_SKILLS = _words(
    "Python Go Rust Java Kotlin Swift TypeScript JavaScript React Vue Angular Svelte Node.js Django Flask "
    "FastAPI Spring Rails Laravel PHP Ruby Scala Elixir C# .NET C++ PostgreSQL MySQL MongoDB Redis Kafka "
    "RabbitMQ Elasticsearch Kubernetes Docker Terraform Ansible AWS GCP Azure Lambda GraphQL gRPC REST "
    "Solidity Web3 Flutter ReactNative Pandas Spark Airflow dbt Snowflake BigQuery TensorFlow PyTorch "
    "Jenkins GitLab GitHub-Actions Prometheus Grafana Datadog Nginx Linux Bash Celery Tailwind Next.js "
    "Nuxt Express NestJS Hibernate Jest Cypress Selenium Playwright OAuth Keycloak Stripe Twilio Firebase"
)
_DOMAINS = _words(
    "payments checkout search analytics billing onboarding messaging inventory logistics booking trading "
    "lending insurance healthcare telemedicine ecommerce marketplace streaming gaming advertising crm erp "
    "hr payroll ticketing scheduling mapping routing fraud identity notifications reporting recommendation "
    "pricing shipping warehouse fintech edtech proptech wallet exchange auction subscription loyalty survey "
    "chat video audio document workflow compliance"
)
# A sentence is A[t] + domain + B[t] + skill + C[t] + number + D[t]: all templates share one slot layout.
_TEMPLATES = (
    ("Built a", "platform with", "serving", "thousand users a day."),
    ("Led the", "migration to", "for a team of", "engineers."),
    ("Designed", "services in", "that cut response times by", "percent."),
    ("Maintained the", "pipeline on", "with", "percent test coverage."),
    ("Shipped", "features using", "across", "releases."),
    ("Owned", "dashboards built in", "tracking", "key metrics."),
    ("Automated", "deployments with", "saving", "hours per week."),
    ("Refactored the legacy", "codebase into", "and removed", "percent of dead code."),
    ("Mentored", "engineers on", "practices over", "months."),
    ("Integrated", "APIs with", "handling", "requests per second."),
    ("Optimised", "queries in", "reducing cost by", "percent."),
    ("Delivered the", "module in", "within", "weeks."),
    ("Worked on", "tooling with", "for", "enterprise clients."),
    ("Implemented", "monitoring in", "covering", "services."),
    ("Scaled the", "backend with", "to", "million requests."),
    ("Wrote", "documentation and", "tests for", "components."),
)
MAX_SENTENCES = 6
_FIRST = _words(
    "Alex Sam Jordan Taylor Morgan Casey Riley Jamie Avery Quinn Robin Drew Kim Lee Dana Chris Pat Max"
)
_LAST = _words(
    "Smith Lopez Novak Kowalski Silva Brown Garcia Martin Rossi Muller Costa Jensen Popescu Nguyen Adams"
)
_MAILS = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com")


def ids(prefix: str, index: Ints, width: int) -> pa.Array:
    return pc.binary_join_element_wise(
        prefix, pc.utf8_lpad(pc.cast(pa.array(index), pa.string()), width, "0"), ""
    )


def _phones(rng: np.random.Generator, p: People) -> pa.Array:
    """Distinct mobile numbers in each worker's country plan: (i·A + B) mod 10^d is a bijection."""
    prefixes: list[str] = []
    first, count = np.zeros(len(COUNTRY_CODES), np.int64), np.zeros(len(COUNTRY_CODES), np.int64)
    for k, code in enumerate(COUNTRY_CODES):
        plan = COUNTRIES[code]
        options = plan.mobile_prefixes or tuple(a for city in plan.cities for a in city.area_codes)
        first[k], count[k] = len(prefixes), len(options)
        prefixes += [f"+{plan.dial}{o}" for o in options]
    prefix = first[p.country] + (rng.random(p.n) * count[p.country]).astype(np.int64)
    modulus = 10 ** np.array([COUNTRIES[c].digits for c in COUNTRY_CODES], dtype=np.int64)[p.country]
    number = modulus + (np.arange(p.n, dtype=np.int64) * 2_654_435_761 + 1_234_567) % modulus
    digits = pc.utf8_slice_codeunits(pc.cast(pa.array(number), pa.string()), 1)  # drop the leading 1
    return pc.binary_join_element_wise(string_array(prefixes).take(pa.array(prefix)), digits, "")


def workers_table(rng: np.random.Generator, p: People) -> dict[str, pa.Array]:
    idx = np.arange(p.n, dtype=np.int64)
    first = string_array(_FIRST).take(pa.array(rng.integers(0, len(_FIRST), p.n)))
    last = string_array(_LAST).take(pa.array(rng.integers(0, len(_LAST), p.n)))
    mail = string_array(_MAILS).take(pa.array(rng.integers(0, len(_MAILS), p.n)))
    number = pc.cast(pa.array(idx), pa.string())
    email = pc.utf8_lower(pc.binary_join_element_wise(first, ".", last, ".", number, "@", mail, ""))
    phone = _phones(rng, p).take(pa.array(p.source("phone")))
    firms = ids("F", np.arange(p.firm_size.size, dtype=np.int64), 6)
    return {
        "worker_id": worker_ids(idx),
        "name": pc.binary_join_element_wise(first, last, " "),
        "email": email,
        "phone": phone,
        "claimed_country": string_array(COUNTRY_CODES).take(pa.array(p.country)),
        "engagement": pa.array(np.where(p.firm_of >= 0, "contractor", "freelancer")),
        "firm_id": encoded(firms, p.firm_of),
        "referred_by": pc.if_else(
            pa.array(p.referred_by >= 0), worker_ids(np.maximum(p.referred_by, 0)), None
        ),
    }


def worker_ids(index: Ints) -> pa.Array:
    return ids("w", index, 7)


def _flips(rng: np.random.Generator, n: int, most: int) -> U64:
    """XOR masks of 0..``most`` random bits (a bit drawn twice cancels: rarely fewer)."""
    mask = np.zeros(n, dtype=np.uint64)
    k = rng.integers(0, most + 1, n)
    for j in range(most):
        bit = np.uint64(1) << rng.integers(0, 64, n).astype(np.uint64)
        mask ^= np.where(k > j, bit, np.uint64(0))
    return mask


def _photos(rng: np.random.Generator, p: People, rates: Rates) -> tuple[U64, Ints]:
    """Each worker's own photo hash, and its kind: 0 own, 1 none, 2 a default avatar."""
    styles = rng.integers(0, 2**63, 256, dtype=np.int64).astype(np.uint64) << np.uint64(1)
    noise_bits = rng.integers(0, 256, (p.n, 64), dtype=np.uint8) < round(0.3 * 256)
    noise = np.packbits(noise_bits, axis=1).view(">u8").ravel().astype(np.uint64)
    own = styles[rng.integers(0, 256, p.n)] ^ noise
    u = rng.random(p.n)
    kind = np.where(u < rates.no_photo, 1, np.where(u < rates.no_photo + rates.default_avatar, 2, 0))
    avatar = rng.choice(3, p.n, p=(0.6, 0.3, 0.1))
    photo = np.where(kind == 2, _DEFAULT_AVATARS[avatar], own)
    shared = p.sharing("photo")
    kind[shared] = 0
    flips = np.where(p.ring_pos[shared] > 0, _flips(rng, int(shared.sum()), 3), np.uint64(0))  # anchor: as is
    photo[shared] = own[p.anchor_of[shared]] ^ flips  # the anchor's own picture, never a default avatar
    return photo, kind


def _resumes(rng: np.random.Generator, p: People) -> pa.Array:
    """~40-80 words from templates; ring members who copy take the anchor's draw and edit two slots."""
    n, m = p.n, MAX_SENTENCES
    title = rng.integers(0, len(_TITLES), n)
    skills = rng.integers(0, len(_SKILLS), (n, 4))
    sentences = rng.integers(3, m + 1, n)
    template = np.argsort(rng.random((n, len(_TEMPLATES))), axis=1)[:, :m]
    domain = rng.integers(0, len(_DOMAINS), (n, m))
    skill = rng.integers(0, len(_SKILLS), (n, m))
    number = rng.integers(2, 99, (n, m))
    copy = p.sharing("resume") & (p.ring_pos > 0)
    src = p.anchor_of[copy]
    for arr in (title, skills, sentences, template, domain, skill, number):
        arr[copy] = arr[src]
    rows = np.flatnonzero(copy)
    number[rows, rng.integers(0, 3, rows.size)] = rng.integers(2, 99, rows.size)  # small edits
    skill[rows, rng.integers(0, 3, rows.size)] = rng.integers(0, len(_SKILLS), rows.size)
    skill_text = string_array(_SKILLS)
    parts = [string_array(_TITLES).take(pa.array(title)), pa.scalar("|")]
    parts += [pc.binary_join_element_wise(skill_text.take(pa.array(skills[:, k])), ",", "") for k in range(3)]
    parts += [pc.binary_join_element_wise(skill_text.take(pa.array(skills[:, 3])), ".", "")]
    cols = [string_array([t[c] for t in _TEMPLATES]) for c in range(4)]
    for j in range(m):
        t = pa.array(template[:, j])
        slots = (
            string_array(_DOMAINS).take(pa.array(domain[:, j])),
            skill_text.take(pa.array(skill[:, j])),
            pc.cast(pa.array(number[:, j]), pa.string()),
        )
        fixed = [c.take(t) for c in cols]
        sentence = pc.binary_join_element_wise(
            *(x for pair in zip(fixed, slots, strict=False) for x in pair), fixed[3], " "
        )
        parts.append(pc.if_else(pa.array(sentences > j), sentence, ""))
    return pc.utf8_rtrim_whitespace(pc.binary_join_element_wise(*parts, " "))


def profiles_table(
    rng: np.random.Generator, p: People, rates: Rates, workers: dict[str, pa.Array]
) -> dict[str, pa.Array]:
    photo, kind = _photos(rng, p, rates)
    resume = _resumes(rng, p)
    second = np.flatnonzero(rng.random(p.n) < rates.second_profile)
    rows = np.concatenate([np.arange(p.n), second])
    hashes = np.concatenate(
        [photo, photo[second] ^ np.where(kind[second] == 0, _flips(rng, second.size, 2), np.uint64(0))]
    )
    has_photo = np.concatenate([kind, kind[second]]) != 1
    text_rows = np.concatenate([np.arange(p.n), np.where(rng.random(second.size) < 0.5, second, -1)])
    take = pa.array(rows)
    return {
        "worker_id": workers["worker_id"].take(take),
        "source": pa.array(np.where(np.arange(rows.size) < p.n, "application", "linkedin")),
        "name": workers["name"].take(take),
        "email": workers["email"].take(take),
        "photo_hash": pc.if_else(pa.array(has_photo), hex_text(hashes.astype(np.uint64), 16), None),
        "resume_text": encoded(resume, text_rows),
    }


def payments_table(rng: np.random.Generator, p: People, rates: Rates, ids_: pa.Array) -> dict[str, pa.Array]:
    counts = rng.integers(2, 6, p.n)
    worker = np.repeat(np.arange(p.n, dtype=np.int64), counts)
    position = np.arange(worker.size) - np.repeat(np.cumsum(counts) - counts, counts)
    crypto = (rng.random(p.n) < rates.crypto_share) | p.sharing("wallet")
    crypto_row = crypto[worker] & (position % 2 == 0)
    account_src = p.source("account")
    couples = slice(0, p.couples)
    account_src[p.household_b[couples]] = p.household_a[couples]
    accounts = pc.binary_join_element_wise("AC", hex_text(scrambled(account_src, 1), 16), "")
    w = p.source("wallet")
    wallets = pc.binary_join_element_wise(
        "0x", hex_text(scrambled(w, 2), 16), hex_text(scrambled(w, 3), 16), hex_text(scrambled(w, 4), 8), ""
    )
    methods = string_array(["bank", "paypal", "payoneer", "wise", "crypto"])
    method = np.where(crypto_row, 4, rng.choice(4, worker.size, p=(0.5, 0.15, 0.15, 0.2)))
    return {
        "worker_id": encoded(ids_, worker),
        "ts": iso_text(rng.integers(0, DAYS * 86400, worker.size)),
        "amount": pa.array(np.round(rng.uniform(300, 9000, worker.size), 2)),
        "currency": encoded(string_array(["USD"]), np.zeros(worker.size, dtype=np.int64)),
        "kind": encoded(string_array(["payout"]), np.zeros(worker.size, dtype=np.int64)),
        "method": encoded(methods, method),
        "account_id": encoded(accounts, np.where(crypto_row, -1, worker)),
        "wallet_address": encoded(wallets, np.where(crypto_row, worker, -1)),
    }


def devices_table(rng: np.random.Generator, p: People, ids_: pa.Array) -> dict[str, pa.Array]:
    """An endpoint-inventory snapshot for the half of workers on managed laptops."""
    managed = np.flatnonzero(rng.random(p.n) < 0.5)
    host = hex_text(scrambled(managed, 8), 6)
    return {
        "worker_id": encoded(ids_, managed),
        "ts": iso_text(rng.integers(0, DAYS * 86400, managed.size)),
        "device_id": encoded(laptop_ids(p), managed),
        "hostname": pc.binary_join_element_wise("LT-", pc.utf8_upper(host), ""),
    }


def innocent_pairs(p: People) -> tuple[Ints, Ints, list[str]]:
    """Planted innocent shared values: households, couples, referrals, and colleagues at small firms."""
    a = [p.household_a, np.flatnonzero(p.referred_by >= 0)]
    b = [p.household_b, p.referred_by[p.referred_by >= 0]]
    reason = ["couple"] * p.couples + ["household"] * (p.household_a.size - p.couples)
    reason += ["referral"] * a[1].size
    by_firm = np.argsort(p.firm_of, kind="stable")
    by_firm = by_firm[p.firm_of[by_firm] >= 0]
    starts = np.searchsorted(p.firm_of[by_firm], np.arange(p.firm_size.size))
    for size in range(2, 9):  # only small firms link; a big firm's colleagues share nothing rare
        firms = np.flatnonzero(p.firm_size == size)
        members = by_firm[starts[firms][:, None] + np.arange(size)]
        i, j = np.triu_indices(size, 1)
        a.append(members[:, i].ravel())
        b.append(members[:, j].ravel())
        reason += ["firm"] * (firms.size * i.size)
    first, second = np.concatenate(a), np.concatenate(b)
    return np.minimum(first, second), np.maximum(first, second), reason


def write_truth(folder: Path, p: People, ids_: pa.Array, exits: list[str]) -> None:
    members = np.flatnonzero(p.ring_of >= 0)
    shares = [
        ";".join(ch for ch, on in zip(RING_CHANNELS, row, strict=True) if on) for row in p.joined[members]
    ]
    pacsv.write_csv(
        pa.table(
            {
                "worker_id": ids_.take(pa.array(members)),
                "ring_id": ids("R", p.ring_of[members], 5),
                "shares": pa.array(shares, type=pa.string()),
            }
        ),
        folder / "truth.csv",
    )
    a, b, reason = innocent_pairs(p)
    front = (p.firm_of >= 0) & (p.ring_of >= 0)  # front firms are the ring's own, not innocent
    keep = ~(front[a] | front[b])
    pacsv.write_csv(
        pa.table(
            {
                "a": ids_.take(pa.array(a[keep])),
                "b": ids_.take(pa.array(b[keep])),
                "reason": pa.array(reason, type=pa.string()).filter(pa.array(keep)),
            }
        ),
        folder / "innocent_pairs.csv",
    )
    (folder / "vpn_exits.txt").write_text("\n".join(exits) + "\n")


def _write(folder: Path, table: str, columns: dict[str, pa.Array], chunk: int = 2_000_000) -> int:
    rows = len(next(iter(columns.values())))
    with TableWriter(folder, table, "parquet") as writer:
        for start in range(0, rows, chunk):
            writer.write({k: v.slice(start, chunk) for k, v in columns.items()})
    return rows


def generate(
    bundle: Path, workers: int, seed: int = 6, rates: Rates | None = None, feeds: Path | None = None
) -> dict[str, int]:
    """Write the bundle to ``bundle`` and the ground truth beside it; returns rows per table."""
    rates = rates or Rates()

    def rng(k: int) -> np.random.Generator:  # one stream per concern: tables do not shift each other
        return np.random.default_rng([seed, k])

    bundle.mkdir(parents=True, exist_ok=True)
    p = people(rng(1), workers, rates)
    staff = workers_table(rng(2), p)
    ids_ = staff["worker_id"]
    written = {"workers": _write(bundle, "workers", staff)}
    firm_index = np.arange(p.firm_size.size, dtype=np.int64)
    firms = {"firm_id": ids("F", firm_index, 6), "name": ids("Staffing firm ", firm_index, 6)}
    written["firms"] = _write(bundle, "firms", firms)
    written["profiles"] = _write(bundle, "profiles", profiles_table(rng(3), p, rates, staff))
    written["payments"] = _write(bundle, "payments", payments_table(rng(4), p, rates, ids_))
    written["devices"] = _write(bundle, "devices", devices_table(rng(5), p, ids_))
    net = network(rng(6), p, rates, feeds)
    written["signins"] = _write(bundle, "signins", signins_table(rng(7), p, net, rates, ids_))
    write_truth(bundle.parent, p, ids_, net.exits)
    written["rings"] = p.ring_country.size
    written["ring_workers"] = int((p.ring_of >= 0).sum())
    written["vpn_exits"] = len(net.exits)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--workers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--feeds", type=Path, default=None, help="feed folder to draw real VPN exits from")
    args = parser.parse_args()
    print(generate(args.bundle, args.workers, args.seed, feeds=args.feeds))


if __name__ == "__main__":
    main()
