"""A generated organisation of N remote workers, for the linking benchmark, with its planted rings.

    .venv/bin/python benchmarks/linking_world.py /tmp/bench6/bundle --workers 20000 --feeds ../shared/data

Writes a bundle-v1 folder (Parquet) and, beside it, ``truth.csv`` (``worker_id, ring_id, shares``: ring
members only, with the channels each one shares with the ring), ``innocent_pairs.csv`` (``a, b, reason``:
planted *innocent* shared values) and ``vpn_exits.txt``. Everything is drawn with numpy and pyarrow over
whole columns; no Python loop runs per worker or per sign-in.

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
import ipaddress
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from unmask.demo.places import COUNTRIES, VPN_EXITS
from unmask.demo.writer import TableWriter, encoded

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
U64 = npt.NDArray[np.uint64]

START = np.datetime64("2026-05-04T00:00:00", "s")  # a Monday; sign-ins span 90 days from here
DAYS = 90
RING_CHANNELS = ("farm_ip", "account", "wallet", "phone", "device", "photo", "resume", "referral", "firm")


@dataclass(frozen=True)
class Rates:
    """Shares of workers (or chances) behind every shared value; see the module docstring for sources."""

    ring_share: float = 0.005
    ring_size_weights: tuple[float, ...] = (0.3, 0.3, 0.2, 0.1, 0.1)  # sizes 2..6
    ring_channel_p: tuple[float, ...] = (0.6, 0.3, 0.15, 0.15, 0.15, 0.25, 0.5, 0.2, 0.15)  # RING_CHANNELS
    member_joins: float = 0.85
    household_share: float = 0.015
    couple_share: float = 0.005
    referral_share: float = 0.04
    firm_share: float = 0.25
    firm_size_exponent: float = 1.6
    egress_min_firm: int = 20
    vpn_share: float = 0.08
    vpn_users_per_exit: int = 300
    ipv6_share: float = 0.35
    mobile_p: float = 0.15
    cgnat_signins_per_ip: int = 20
    crypto_share: float = 0.03
    no_photo: float = 0.08
    default_avatar: float = 0.06
    second_profile: float = 0.4


# Claimed countries: a US-heavy remote workforce, the rest spread over the demo's countries.
_COUNTRY_WEIGHT = {"US": 0.40, "IN": 0.08, "GB": 0.06, "CA": 0.05, "DE": 0.04, "PL": 0.04, "UA": 0.04}
_V6_PREFIX = {"US": 0x26010, "CA": 0x26010}  # top 20 bits: Comcast 2601::/20; others Telekom 2003::/19
_V6_OTHER = 0x20030
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


def _strings(values: list[str] | tuple[str, ...]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


_OCTET = _strings([str(i) for i in range(256)])
_GROUP = _strings([f"{i:x}" for i in range(65536)])
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex_text(values: U64, digits: int) -> pa.Array:
    """Lower-case hex of each value, zero-padded to ``digits`` (one pass per digit, not per value)."""
    chars = np.empty((values.size, digits), dtype=np.uint8)
    for k in range(digits):
        shift = np.uint64(4 * (digits - 1 - k))
        chars[:, k] = _HEX[((values >> shift) & np.uint64(15)).astype(np.intp)]
    return pc.cast(pa.array(chars.view(f"S{digits}").ravel()), pa.string())


def scrambled(index: Ints, salt: int) -> U64:
    """Distinct, random-looking 64-bit ids: the splitmix64 finaliser is a bijection on 64 bits."""
    with np.errstate(over="ignore"):
        x = index.astype(np.uint64) + np.uint64(salt) * np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def ipv4_text(values: npt.NDArray[np.uint32]) -> pa.Array:
    v = values.astype(np.int64)
    parts = [_OCTET.take(pa.array((v >> s) & 255)) for s in (24, 16, 8, 0)]
    return pc.binary_join_element_wise(*parts, ".")


def ipv6_text(hi: U64, lo: U64) -> pa.Array:
    parts = [
        _GROUP.take(pa.array(((w >> np.uint64(s)) & np.uint64(0xFFFF)).astype(np.int64)))
        for w in (hi, lo)
        for s in (48, 32, 16, 0)
    ]
    return pc.binary_join_element_wise(*parts, ":")


def ids(prefix: str, index: Ints, width: int) -> pa.Array:
    return pc.binary_join_element_wise(
        prefix, pc.utf8_lpad(pc.cast(pa.array(index), pa.string()), width, "0"), ""
    )


class AddressBook:
    """Every IPv4 address of the world, drawn once and never handed out twice; rows hold indices."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.values: list[npt.NDArray[np.uint32]] = []
        self.size = 0
        self.seen: npt.NDArray[np.uint32] = np.empty(0, dtype=np.uint32)  # sorted

    def add(self, values: npt.NDArray[np.uint32]) -> Ints:
        self.values.append(values)
        self.seen = np.sort(np.concatenate([self.seen, values]))
        self.size += values.size
        return np.arange(self.size - values.size, self.size, dtype=np.int64)

    def residential(self, country: str, n: int) -> Ints:
        """``n`` new addresses in the consumer ISP blocks of ``country`` (demo/places.py)."""
        nets = [ipaddress.IPv4Network(c) for c in COUNTRIES[country].residential]
        starts = np.array([int(net.network_address) for net in nets], dtype=np.int64)
        sizes = np.array([net.num_addresses for net in nets], dtype=np.int64)
        picked = np.empty(0, dtype=np.uint32)
        while picked.size < n:
            want = 2 * (n - picked.size) + 16
            block = self.rng.choice(len(nets), want, p=sizes / sizes.sum())
            raw = starts[block] + (self.rng.random(want) * sizes[block]).astype(np.int64)
            raw = (raw & ~np.int64(255)) | self.rng.integers(1, 255, want)  # no .0 or .255
            fresh = _first_seen(np.concatenate([self.seen, picked, raw.astype(np.uint32)]))
            fresh = fresh[fresh >= self.seen.size + picked.size] - self.seen.size - picked.size
            picked = np.concatenate([picked, raw.astype(np.uint32)[np.sort(fresh)][: n - picked.size]])
        return self.add(picked)

    def text(self) -> pa.Array:
        return ipv4_text(np.concatenate(self.values) if self.values else np.empty(0, dtype=np.uint32))


def _first_seen(values: npt.NDArray[np.uint32]) -> Ints:
    """Positions of the first occurrence of each distinct value (a stable sort; numpy's hash-based
    ``unique`` is far slower on millions of integers)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.ones(values.size, dtype=np.bool_)
    first[1:] = ordered[1:] != ordered[:-1]
    return order[first].astype(np.int64)


def vpn_exits(feeds: Path | None, count: int, rng: np.random.Generator) -> list[str]:
    """Real exit servers: single addresses from the feed's per-provider lists, else the demo's."""
    folder = feeds / "x4bnet-vpn-datacenter" / "input_vpn_ips" if feeds else None
    pool: list[str] = []
    if folder and folder.is_dir():
        for name in ("mullvadvpn.txt", "protonvpn.txt", "pia.txt"):
            for line in (folder / name).read_text().split():
                net = ipaddress.ip_network(line.strip(), strict=False)
                if net.version == 4 and net.prefixlen >= 29:
                    pool.append(str(net.network_address))
    if not pool:
        pool = [ip for exits in VPN_EXITS.values() for ip in exits]
    chosen = rng.choice(len(pool), min(count, len(pool)), replace=False)
    return [pool[i] for i in sorted(chosen)]


@dataclass
class People:
    """Per-worker arrays decided once, so that every table tells the same story."""

    n: int
    country: Ints  # index into COUNTRY_CODES
    ring_of: Ints  # -1: in no ring
    ring_pos: Ints  # 0: the ring's anchor, whose values the others copy
    anchor_of: Ints
    ring_country: Ints
    joined: npt.NDArray[np.bool_]  # (n, len(RING_CHANNELS)): the worker shares that channel with its ring
    household_a: Ints  # pairs sharing a home line; the first ``couples`` also share a payout account
    household_b: Ints
    couples: int
    firm_of: Ints  # -1: hired directly
    firm_size: Ints
    referred_by: Ints  # -1: no referrer

    def sharing(self, channel: str) -> Bools:
        return np.asarray(self.joined[:, RING_CHANNELS.index(channel)], dtype=np.bool_)

    def source(self, channel: str) -> Ints:
        """Whose value each worker shows for ``channel``: its own, or its ring anchor's."""
        src = np.arange(self.n, dtype=np.int64)
        mask = self.sharing(channel)
        src[mask] = self.anchor_of[mask]
        return src


COUNTRY_CODES = tuple(COUNTRIES)


def people(rng: np.random.Generator, n: int, rates: Rates) -> People:
    weight = np.array([_COUNTRY_WEIGHT.get(c, 0.0) for c in COUNTRY_CODES])
    weight[weight == 0] = (1 - weight.sum()) / np.count_nonzero(weight == 0)
    country = rng.choice(len(COUNTRY_CODES), n, p=weight)

    # Rings: sizes drawn until they hold ring_share of the workers; members picked at random.
    drawn = rng.choice(len(rates.ring_size_weights), n // 2 + 1, p=rates.ring_size_weights) + 2
    target = round(n * rates.ring_share)
    n_rings = int(np.searchsorted(np.cumsum(drawn), target) + 1) if target >= 2 else 0
    sizes = drawn[:n_rings]
    members = rng.permutation(n)[: sizes.sum()]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    ring_of = np.full(n, -1, dtype=np.int64)
    ring_pos = np.full(n, -1, dtype=np.int64)
    anchor_of = np.full(n, -1, dtype=np.int64)
    ring_of[members] = np.repeat(np.arange(n_rings), sizes)
    ring_pos[members] = np.arange(members.size) - np.repeat(starts, sizes)
    anchor_of[members] = np.repeat(members[starts], sizes)
    us = COUNTRY_CODES.index("US")
    ring_country = np.where(rng.random(n_rings) < 0.7, us, rng.integers(0, len(COUNTRY_CODES), n_rings))
    country[members] = ring_country[ring_of[members]]  # operatives claim where the facilitator lives
    uses = rng.random((n_rings, len(RING_CHANNELS))) < np.asarray(rates.ring_channel_p)
    joins = (ring_pos[members] == 0)[:, None] | (
        rng.random((members.size, len(RING_CHANNELS))) < rates.member_joins
    )
    joined = np.zeros((n, len(RING_CHANNELS)), dtype=np.bool_)
    joined[members] = uses[ring_of[members]] & joins

    outside = rng.permutation(np.flatnonzero(ring_of < 0))
    pairs = round(n * rates.household_share / 2)
    household_a, household_b = np.sort(outside[:pairs]), outside[pairs : 2 * pairs]
    country[household_b] = country[household_a]

    # Staffing firms: power-law sizes 1..300 filled from a random quarter of the (non-ring) workers.
    hired = rng.permutation(np.flatnonzero((rng.random(n) < rates.firm_share) & (ring_of < 0)))
    size_p = np.arange(1, 301, dtype=np.float64) ** -rates.firm_size_exponent
    firm_sizes = rng.choice(300, hired.size + 1, p=size_p / size_p.sum()) + 1
    n_firms = int(np.searchsorted(np.cumsum(firm_sizes), hired.size) + 1) if hired.size else 0
    firm_sizes = firm_sizes[:n_firms]
    firm_sizes[-1:] -= firm_sizes.sum() - hired.size  # the last firm takes what is left
    firm_of = np.full(n, -1, dtype=np.int64)
    firm_of[hired] = np.repeat(np.arange(n_firms), firm_sizes)
    front = joined[:, RING_CHANNELS.index("firm")]
    firm_of[front] = n_firms + ring_of[front]  # a front firm per ring that uses one
    firm_size = np.bincount(firm_of[firm_of >= 0], minlength=n_firms + n_rings).astype(np.int64)

    referred_by = np.full(n, -1, dtype=np.int64)
    referred = np.flatnonzero(rng.random(n) < rates.referral_share)
    referrer = rng.integers(0, n - 1, referred.size)
    referred_by[referred] = referrer + (referrer >= referred)  # never oneself
    by_ring = joined[:, RING_CHANNELS.index("referral")] & (ring_pos > 0)
    referred_by[by_ring] = anchor_of[by_ring]
    return People(
        n,
        country,
        ring_of,
        ring_pos,
        anchor_of,
        ring_country,
        joined,
        household_a,
        household_b,
        round(n * rates.couple_share / 2),
        firm_of,
        firm_size,
        referred_by,
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
    return pc.binary_join_element_wise(_strings(prefixes).take(pa.array(prefix)), digits, "")


def workers_table(rng: np.random.Generator, p: People) -> dict[str, pa.Array]:
    idx = np.arange(p.n, dtype=np.int64)
    first = _strings(_FIRST).take(pa.array(rng.integers(0, len(_FIRST), p.n)))
    last = _strings(_LAST).take(pa.array(rng.integers(0, len(_LAST), p.n)))
    mail = _strings(_MAILS).take(pa.array(rng.integers(0, len(_MAILS), p.n)))
    number = pc.cast(pa.array(idx), pa.string())
    email = pc.utf8_lower(pc.binary_join_element_wise(first, ".", last, ".", number, "@", mail, ""))
    phone = _phones(rng, p).take(pa.array(p.source("phone")))
    firms = ids("F", np.arange(p.firm_size.size, dtype=np.int64), 6)
    return {
        "worker_id": worker_ids(idx),
        "name": pc.binary_join_element_wise(first, last, " "),
        "email": email,
        "phone": phone,
        "claimed_country": _strings(COUNTRY_CODES).take(pa.array(p.country)),
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
    skill_text = _strings(_SKILLS)
    parts = [_strings(_TITLES).take(pa.array(title)), pa.scalar("|")]
    parts += [pc.binary_join_element_wise(skill_text.take(pa.array(skills[:, k])), ",", "") for k in range(3)]
    parts += [pc.binary_join_element_wise(skill_text.take(pa.array(skills[:, 3])), ".", "")]
    cols = [_strings([t[c] for t in _TEMPLATES]) for c in range(4)]
    for j in range(m):
        t = pa.array(template[:, j])
        slots = (
            _strings(_DOMAINS).take(pa.array(domain[:, j])),
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


HOME4, HOME6, MOBILE, VPN, CORP = range(5)
FARM_DAYS = 20  # weekdays a facilitator's laptops are switched on, out of the 64 in 90 days
WEEKDAYS = np.array([d for d in range(DAYS) if d % 7 < 5], dtype=np.int64)


@dataclass
class Network:
    addresses: AddressBook
    home: Ints  # address of each worker's home line (a household's, or the ring's farm)
    ipv6: Bools
    v6_prefix: U64  # the home's /64, as the high 64 bits
    at_farm: Bools
    farm_days: Ints  # (rings, FARM_DAYS)
    cgnat_first: Ints  # per country: its carrier-NAT pool of addresses
    cgnat_count: Ints
    egress_first: Ints  # per firm: its corporate egress addresses (count 0: none)
    egress_count: Ints
    vpn: Ints  # (workers, 2): the two exits a VPN user connects through; -1 for others
    exits: list[str]


def network(rng: np.random.Generator, p: People, rates: Rates, feeds: Path | None) -> Network:
    book = AddressBook(rng)
    home = np.zeros(p.n, dtype=np.int64)
    n_countries = len(COUNTRY_CODES)
    for c in np.flatnonzero(np.bincount(p.country)):
        rows = np.flatnonzero(p.country == c)
        home[rows] = book.residential(COUNTRY_CODES[c], rows.size)
    home[p.household_b] = home[p.household_a]

    at_farm = p.sharing("farm_ip")
    n_rings = p.ring_country.size
    farm = np.zeros(n_rings, dtype=np.int64)
    for c in np.flatnonzero(np.bincount(p.ring_country, minlength=1)):
        rings = np.flatnonzero(p.ring_country == c)
        farm[rings] = book.residential(COUNTRY_CODES[c], rings.size)
    home[at_farm] = farm[p.ring_of[at_farm]]
    farm_days = WEEKDAYS[
        np.sort(np.argsort(rng.random((n_rings, WEEKDAYS.size)), axis=1)[:, :FARM_DAYS], axis=1)
    ]

    per_country = np.bincount(p.country, minlength=n_countries)
    cgnat_count = np.maximum(1, np.round(per_country * 10 * rates.mobile_p / rates.cgnat_signins_per_ip))
    cgnat_count = cgnat_count.astype(np.int64)
    cgnat_first = np.zeros(n_countries, dtype=np.int64)
    for k in range(n_countries):
        cgnat_first[k] = book.residential(COUNTRY_CODES[k], int(cgnat_count[k]))[0]

    n_firms = p.firm_size.size
    egress_count = np.where(p.firm_size >= rates.egress_min_firm, np.minimum(4, 1 + p.firm_size // 80), 0)
    egress_first = np.zeros(n_firms, dtype=np.int64)
    firm_ids, first_member = np.unique(p.firm_of, return_index=True)
    firm_country = np.zeros(n_firms, dtype=np.int64)
    firm_country[firm_ids[firm_ids >= 0]] = p.country[first_member[firm_ids >= 0]]
    for c in np.flatnonzero(np.bincount(firm_country[egress_count > 0], minlength=1)):
        firms = np.flatnonzero((firm_country == c) & (egress_count > 0))
        drawn = book.residential(COUNTRY_CODES[c], int(egress_count[firms].sum()))
        egress_first[firms] = drawn[0] + np.concatenate([[0], np.cumsum(egress_count[firms])[:-1]])

    users = np.flatnonzero((rng.random(p.n) < rates.vpn_share) & ~at_farm)
    exits = vpn_exits(feeds, max(12, round(2 * users.size / rates.vpn_users_per_exit)), rng)
    exit_index = book.add(np.array([int(ipaddress.IPv4Address(e)) for e in exits], dtype=np.uint32))
    vpn = np.full((p.n, 2), -1, dtype=np.int64)
    vpn[users] = exit_index[rng.integers(0, exit_index.size, (users.size, 2))]

    ipv6 = (rng.random(p.n) < rates.ipv6_share) & ~at_farm
    top = np.where(p.country == COUNTRY_CODES.index("US"), _V6_PREFIX["US"], _V6_OTHER).astype(np.uint64)
    v6_prefix = (top << np.uint64(44)) | (scrambled(np.arange(p.n, dtype=np.int64), 6) >> np.uint64(20))
    ipv6[p.household_b] = ipv6[p.household_a]
    v6_prefix[p.household_b] = v6_prefix[p.household_a]
    return Network(
        book,
        home,
        ipv6,
        v6_prefix,
        at_farm,
        farm_days,
        cgnat_first,
        cgnat_count,
        egress_first,
        egress_count,
        vpn,
        exits,
    )


def _iso(seconds: Ints) -> pa.Array:
    """ISO 8601 UTC text (a cast and a replace: ``strftime`` is eight times slower)."""
    text = pc.cast(pa.array(START + seconds.astype("timedelta64[s]")), pa.string())
    return pc.binary_join_element_wise(pc.replace_substring(text, " ", "T"), "Z", "")


def _workdays(rng: np.random.Generator, size: int) -> Ints:
    """Days 0..89, four times in five a weekday."""
    day = rng.integers(0, DAYS, size)
    return np.where(rng.random(size) < 0.8, WEEKDAYS[rng.integers(0, WEEKDAYS.size, size)], day)


def signins_table(
    rng: np.random.Generator, p: People, net: Network, rates: Rates, ids_: pa.Array
) -> dict[str, pa.Array]:
    counts = rng.integers(8, 13, p.n)
    worker = np.repeat(np.arange(p.n, dtype=np.int64), counts)
    total = worker.size
    share = np.zeros((p.n, 5))
    share[:, HOME4], share[:, MOBILE] = 1 - rates.mobile_p, rates.mobile_p
    share[net.ipv6, HOME6] = 0.7 * share[net.ipv6, HOME4]  # dual-stack homes prefer IPv6 (Happy Eyeballs)
    share[net.ipv6, HOME4] *= 0.3
    vpn_user = net.vpn[:, 0] >= 0
    share[vpn_user] *= 0.4
    share[vpn_user, VPN] = 0.6
    corp = (p.firm_of >= 0) & (net.egress_count[np.maximum(p.firm_of, 0)] > 0)
    share[corp] *= 0.4
    share[corp, CORP] = 0.6
    share[net.at_farm] = (1, 0, 0, 0, 0)
    cumulative = np.cumsum(share, axis=1)
    u = rng.random(total)
    route = np.zeros(total, dtype=np.int64)
    for k in range(4):
        route += u > cumulative[worker, k]

    address = np.full(total, -1, dtype=np.int64)
    pick = rng.random(total)
    at = route == HOME4
    address[at] = net.home[worker[at]]
    at = route == MOBILE
    c = p.country[worker[at]]
    address[at] = net.cgnat_first[c] + (pick[at] * net.cgnat_count[c]).astype(np.int64)
    at = route == VPN
    address[at] = net.vpn[worker[at], (pick[at] < 0.5).astype(np.int64)]
    at = route == CORP
    f = p.firm_of[worker[at]]
    address[at] = net.egress_first[f] + (pick[at] * net.egress_count[f]).astype(np.int64)
    v6 = np.flatnonzero(route == HOME6)
    v6_text = ipv6_text(
        net.v6_prefix[worker[v6]], rng.integers(0, 2**63, v6.size).astype(np.uint64) << np.uint64(1)
    )
    book = net.addresses.text()
    address[v6] = len(book) + np.arange(v6.size)

    day = _workdays(rng, total)
    farm = net.at_farm[worker]
    day[farm] = net.farm_days[p.ring_of[worker[farm]], rng.integers(0, FARM_DAYS, int(farm.sum()))]
    seconds = day * 86400 + rng.integers(7 * 3600, 23 * 3600, total)
    laptops = _device_ids(p)
    phones = pc.binary_join_element_wise("M", hex_text(scrambled(np.arange(p.n, dtype=np.int64), 7), 16), "")
    device = np.where(route == MOBILE, p.n + worker, worker)
    return {
        "worker_id": encoded(ids_, worker),
        "ts": _iso(seconds),
        "ip": encoded(pa.concat_arrays([book, v6_text]), address),
        "device_id": encoded(pa.concat_arrays([laptops, phones]), device),
        "outcome": encoded(_strings(["success"]), np.zeros(total, dtype=np.int64)),
    }


def _device_ids(p: People) -> pa.Array:
    """Each worker's laptop id (a ring that shares a device shows the anchor's)."""
    return pc.binary_join_element_wise("D", hex_text(scrambled(p.source("device"), 5), 16), "")


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
    methods = _strings(["bank", "paypal", "payoneer", "wise", "crypto"])
    method = np.where(crypto_row, 4, rng.choice(4, worker.size, p=(0.5, 0.15, 0.15, 0.2)))
    return {
        "worker_id": encoded(ids_, worker),
        "ts": _iso(rng.integers(0, DAYS * 86400, worker.size)),
        "amount": pa.array(np.round(rng.uniform(300, 9000, worker.size), 2)),
        "currency": encoded(_strings(["USD"]), np.zeros(worker.size, dtype=np.int64)),
        "kind": encoded(_strings(["payout"]), np.zeros(worker.size, dtype=np.int64)),
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
        "ts": _iso(rng.integers(0, DAYS * 86400, managed.size)),
        "device_id": encoded(_device_ids(p), managed),
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
