"""The identity each worker presents: names, addresses, phones, handles, photo and résumé.

Operatives present stolen or invented identities drawn from the very same name
pools, e-mail habits and phone plans as everyone else. What gives them away is
inconsistency (another name on the payout account) and reuse inside a ring
(one phone, one photo, one résumé for several "people"), never the name itself.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from unmask.demo import names as pools
from unmask.demo import texts
from unmask.demo.dice import Dice, running_sums
from unmask.demo.lookalikes import REAL_EMPLOYERS
from unmask.demo.places import COUNTRIES
from unmask.demo.world import CAREFUL, MODERATE, SLOPPY, Population, stream
from unmask.intel.email import mailbox_key

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "ß": "ss", "đ": "d", "Đ": "D"})
_MAIL_DOMAINS: dict[str, tuple[str, ...]] = {
    "default": ("gmail.com",) * 6 + ("outlook.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"),
    "DE": ("gmail.com", "gmail.com", "gmx.de", "web.de", "outlook.com"),
    "PL": ("gmail.com", "gmail.com", "wp.pl", "o2.pl", "onet.pl"),
    "UA": ("gmail.com", "gmail.com", "ukr.net", "i.ua"),
    "GB": ("gmail.com", "gmail.com", "outlook.com", "hotmail.co.uk", "icloud.com"),
    "FR": ("gmail.com", "gmail.com", "orange.fr", "free.fr"),
    "BR": ("gmail.com", "gmail.com", "hotmail.com", "outlook.com"),
}

Json = list[dict[str, Any]]
# Each country's naming traditions with running sums of their weights, for ``Dice.weighted``.
_CULTURE_MIX = {
    code: ([name for name, _ in c.cultures], running_sums([w for _, w in c.cultures]))
    for code, c in COUNTRIES.items()
}


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache  # names repeat: fold each one once
def slug(text: str) -> str:
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isalnum())


# Invented employers (at .example domains) and real ones at their real domains.
EMPLOYERS = tuple((name, f"{slug(name)}.example") for name, _ in texts.EMPLOYERS) + REAL_EMPLOYERS


@dataclass
class Personas:
    first: list[str]
    last: list[str]
    name: list[str]
    email: list[str]  # personal address the organisation corresponds with
    work_email: list[str]  # the organisation's own account (Okta login)
    phone: list[str]  # E.164; how each table writes it is ``phone_style`` (see ``demo.contacts``)
    handle: list[str]  # GitHub / marketplace username
    git_name: list[str]
    git_email: list[str]
    payee_name: list[str]  # the name on the payout account
    linkedin_name: list[str]
    photo: npt.NDArray[np.uint64]  # perceptual hash of the profile photo
    resume: list[str]
    education: list[Json]
    employment: list[Json]
    years: npt.NDArray[np.int64]  # years of experience claimed
    # Set by ``unmask.demo.contacts.plant_contacts``: how the phone is written, and the
    # mailbox and phone on the payout account (a ring may route every payout to one).
    phone_style: list[int] = field(default_factory=list)
    payment_email: list[str] = field(default_factory=list)
    payment_phone: list[str] = field(default_factory=list)


_LIST_FIELDS = (
    "first",
    "last",
    "name",
    "email",
    "work_email",
    "phone",
    "handle",
    "git_name",
    "git_email",
    "payee_name",
    "linkedin_name",
    "resume",
    "education",
    "employment",
)


class _Unique:
    """Hand out strings that were never handed out before, by adding a counter."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def take(self, text: str, joiner: str = "") -> str:
        candidate, k = text, 1
        while candidate in self.seen:
            k += 1
            candidate = f"{text}{joiner}{k}"
        self.seen.add(candidate)
        return candidate


def _new_mailbox(taken: set[str], local: str, domain: str) -> str:
    """An address whose mailbox nobody has yet: ``mark.reed@gmail.com`` and ``markreed@gmail.com``
    are one Gmail mailbox, so two people never get both (a number goes into the local part)."""
    candidate, k = local, 1
    while mailbox_key(candidate, domain) in taken:
        k += 1
        candidate = f"{local}{k}"
    taken.add(mailbox_key(candidate, domain))
    return f"{candidate}@{domain}"


def _person(dice: Dice, culture: str) -> tuple[str, str]:
    firsts, lasts = pools.FIRST_NAMES[culture], pools.LAST_NAMES[culture]
    return firsts[dice.below(len(firsts))], lasts[dice.below(len(lasts))]


def _culture(dice: Dice, country: str) -> str:
    names, cumulative = _CULTURE_MIX[country]
    return dice.weighted(names, cumulative)


def local_phone(dice: Dice, population: Population, i: int) -> str:
    """A new number where worker ``i`` claims to live (a mobile, or a landline of the city)."""
    country = COUNTRIES[population.country[i]]
    prefixes = population.city[i].area_codes if country.use_area_codes else country.mobile_prefixes
    prefix = prefixes[dice.below(len(prefixes))]
    rest = country.digits - 1
    digits = f"{dice.integer(2, 10)}{dice.below(10**rest):0{rest}d}"  # no leading 0 or 1
    return f"+{country.dial}{prefix}{digits}"


def _misspelled(dice: Dice, first: str, last: str) -> str:
    """'Daniel Moore' -> 'Dan Moor': the sloppy, hand-typed variant on a second profile."""
    short = pools.NICKNAMES.get(first, first[: max(3, len(first) - 2)])
    cut = dice.integer(1, max(2, len(last) - 1))
    return f"{short} {last[:cut] + last[cut + 1 :]}"


def _resume(dice: Dice, role: str, years: int) -> str:
    seniority = texts.SENIORITY[min(len(texts.SENIORITY) - 1, years // 2)]
    skills = dice.sample(texts.SKILLS, 4)
    wins = dice.sample(texts.ACHIEVEMENTS, 2)
    filled = [w.format(n=dice.integer(15, 80), k=dice.integer(2, 12), s=dice.pick(skills)) for w in wins]
    closing = texts.CLOSINGS[dice.below(len(texts.CLOSINGS))]
    title = f"{seniority} {role}".strip()
    return (
        f"{title} with {years} years of experience in {', '.join(skills[:3])} and {skills[3]}. "
        f"{filled[0]}. {filled[1]}. {closing}"
    )


def _history(dice: Dice, country: str, role: str, years: int) -> tuple[Json, Json]:
    schools = texts.SCHOOLS.get(country, texts.SCHOOLS["other"])
    graduated = 2026 - years
    education = [
        {
            "school": schools[dice.below(len(schools))],
            "degree": texts.DEGREES[dice.below(len(texts.DEGREES))],
            "start": str(graduated - 4),
            "end": str(graduated),
        }
    ]
    employment: Json = []
    year = graduated
    jobs = dice.sample(EMPLOYERS, min(3, 1 + years // 4))
    for n, (employer, domain) in enumerate(jobs):
        last_job = n == len(jobs) - 1
        end = 2026 if last_job else min(2025, year + dice.integer(2, 5))
        employment.append(
            {
                "employer": employer,
                "title": role,
                "start": str(year),
                "end": "" if last_job else str(end),
                "domain": domain,
            }
        )
        year = end
    return education, employment


def build_personas(population: Population, seed: int) -> Personas:
    rng = stream(seed, "personas")
    dice = Dice(rng)
    n = population.n
    mailboxes: set[str] = set()
    logins, phones, handles = _Unique(), _Unique(), _Unique()
    cols: dict[str, list[Any]] = {k: [] for k in _LIST_FIELDS}
    years = rng.integers(2, 16, n).astype(np.int64)
    noreply_ids = rng.integers(1_000_000, 190_000_000, n)
    for i in range(n):
        country = population.country[i]
        first, last = _person(dice, _culture(dice, country))
        f, la = slug(first), slug(last)
        full = f"{first} {last}"
        middle = chr(dice.integer(65, 91)) if dice.random() < 0.4 else ""
        domains = _MAIL_DOMAINS.get(country, _MAIL_DOMAINS["default"])
        local = (
            f"{f}.{la}",
            f"{f}{la}",
            f"{f}.{la}{dice.integer(10, 99)}",
            f"{f[0]}{la}",
            f"{f}{la[0]}{dice.integer(1970, 2004)}",
        )[dice.below(5)]
        email = _new_mailbox(mailboxes, local, domains[dice.below(len(domains))])
        work_email = logins.take(f"{f}.{la}", ".") + f"@{texts.ORG_DOMAIN}"
        handle = handles.take((f"{f[0]}{la}", f"{f}-{la}", f"{f}{la}-dev", f"{f}{la[:1]}")[dice.below(4)])
        pick = dice.random()
        git_email = (
            work_email
            if pick < 0.55
            else email
            if pick < 0.8
            else f"{noreply_ids[i]}+{handle}@users.noreply.github.com"
        )
        education, employment = _history(dice, country, population.role[i], int(years[i]))
        row = {
            "first": first,
            "last": last,
            "name": full,
            "email": email,
            "work_email": work_email,
            "phone": phones.take(local_phone(dice, population, i)),
            "handle": handle,
            "git_name": full if dice.random() < 0.8 else handle,
            "git_email": git_email,
            "payee_name": _legal_variant(dice, first, last, middle),
            "linkedin_name": _legal_variant(dice, first, last, middle),
            "resume": _resume(dice, population.role[i], int(years[i])),
            "education": education,
            "employment": employment,
        }
        for key, value in row.items():
            cols[key].append(value)
    out = Personas(**cols, photo=rng.integers(0, 2**64, n, dtype=np.uint64), years=years)
    _operative_identities(dice, population, out, stream(seed, "personas", 1))
    out.phone_style = [0] * n
    out.payment_email, out.payment_phone = list(out.email), list(out.phone)
    return out


def _legal_variant(dice: Dice, first: str, last: str, middle: str) -> str:
    """How another source writes the same person: as is, with their middle initial, a short
    first name that is a prefix of the full one (Chris for Christopher), or surname first."""
    pick = dice.random()
    if pick < 0.6:
        return f"{first} {last}"
    if pick < 0.75 and middle:
        return f"{first} {middle}. {last}"
    if pick < 0.9:
        nickname = pools.NICKNAMES.get(first, first)
        return f"{nickname if first.startswith(nickname) else first} {last}"
    return f"{last}, {first}"


# Chance that a ring member reuses the lead's photo, and separately its résumé, by tier.
_REUSE = {SLOPPY: 1.0, MODERATE: 0.8, CAREFUL: 0.5}


def _operative_identities(
    dice: Dice, population: Population, out: Personas, reuse: np.random.Generator
) -> None:
    """Overwrite what operatives present inconsistently, and what rings reuse."""
    group = population.group
    for i in np.flatnonzero(group == SLOPPY).tolist():
        # Payout account in someone else's name; a second profile typed by hand.
        out.payee_name[i] = " ".join(_person(dice, pools.CULTURES[dice.below(len(pools.CULTURES))]))
        out.linkedin_name[i] = _misspelled(dice, out.first[i], out.last[i])
    for i in np.flatnonzero(group == MODERATE).tolist():
        if dice.random() < 0.5:
            out.payee_name[i] = " ".join(_person(dice, pools.CULTURES[dice.below(len(pools.CULTURES))]))
    for ring in population.rings:
        lead = ring.members[0]
        holder = out.payee_name[lead]
        for m in ring.members[1:]:
            # Near-identical photo (re-encoded or cropped: 0-2 bits differ) and a résumé
            # copied from the lead with the numbers changed.
            # Careful facilitators more often give each identity its own (stolen) photo and résumé;
            # drawn from a stream of its own so that every other persona value stays as it was.
            copies_photo, copies_resume = reuse.random(2) < _REUSE[ring.tier]
            flips = dice.sample(range(64), dice.integer(0, 3))
            mask = np.uint64(sum(1 << b for b in flips))
            if copies_photo:
                out.photo[m] = out.photo[lead] ^ mask
            years = int(out.years[lead]) + dice.integer(-1, 2)
            if copies_resume:
                out.years[m] = max(2, years)
                out.resume[m] = out.resume[lead].replace(
                    f"{out.years[lead]} years", f"{out.years[m]} years", 1
                )
                out.employment[m] = [dict(job) for job in out.employment[lead]]
            if ring.shares_phone and m == ring.members[1]:
                out.phone[m] = out.phone[lead]
            if ring.tier == SLOPPY:
                out.payee_name[m] = holder  # one facilitator holds the account for all
        if ring.tier == CAREFUL:
            for m in ring.members:
                out.payee_name[m] = out.name[m]
