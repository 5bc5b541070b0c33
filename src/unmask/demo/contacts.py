"""Phones and mailboxes as people write them down, and the ones operatives slip up with.

Everyone's number is stored once in E.164 and shown the way people type it:
``+14155550123``, ``+1 415-555-0123`` or the national ``(415) 555-0123`` (only
for a number of the claimed country: a national format is read in that
country's plan). What separates the groups:

- sloppy operatives often give a number from where they really are or that a
  facilitator lent them (+86, +7, +63, +84) or a rented British/Dutch VoIP
  number, and sometimes a throw-away mailbox; sloppy rings put one phone on
  every payout account and reuse one Gmail box with dots and ``+tags``;
- moderate operatives now and then give a VoIP number, and their rings route
  payout notices to one mailbox;
- careful operatives stay clean here;
- legitimate expats keep the mobile (and sometimes the mailbox) of the country
  they came from, so the phone's country differs from where they live.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import phonenumbers as pn

from unmask.demo.dice import Dice
from unmask.demo.lookalikes import IMITATED, imitate
from unmask.demo.personas import Personas, slug
from unmask.demo.places import COUNTRIES
from unmask.demo.world import CAREFUL, EXPAT, LEGIT, MODERATE, SLOPPY, Population, stream

# Mobile plans of where operatives really are: (dial code, prefixes, digits after the prefix).
ABROAD_MOBILES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "CN": ("86", ("130", "131", "135", "136", "138", "139", "150", "151", "158", "186", "188", "189"), 8),
    "RU": ("7", ("903", "905", "909", "915", "916", "917", "925", "926", "977", "985"), 7),
    "PH": ("63", ("905", "906", "915", "917", "918", "919", "927"), 7),
    "VN": ("84", ("90", "91", "96", "97", "98", "86"), 7),
}
ABROAD_PICK = ("CN", "CN", "CN", "RU", "RU", "PH", "VN", "VN")
# Ranges that GB and NL allocate to VoIP services (phonenumbers types them as VOIP).
VOIP_RANGES: dict[str, tuple[str, str, int]] = {"GB": ("44", "56", 8), "NL": ("31", "85", 7)}
# Throw-away providers, all on the disposable-email-domains list.
DISPOSABLE_DOMAINS = (
    "mailinator.com",
    "guerrillamail.com",
    "sharklasers.com",
    "yopmail.com",
    "maildrop.cc",
    "dispostable.com",
    "trashmail.com",
)
# Countries legitimate expats come from (all with a mobile plan in ``COUNTRIES``), and the
# national mail providers some of them keep.
EXPAT_HOMES = ("PL", "UA", "IN", "PH", "DE", "IT", "TR", "RO", "NG", "PK", "VN", "CO", "FR", "ES", "SE")
HOME_MAIL: dict[str, tuple[str, ...]] = {
    "PL": ("wp.pl", "o2.pl", "onet.pl"),
    "DE": ("gmx.de", "web.de"),
    "FR": ("orange.fr", "free.fr"),
    "IT": ("libero.it", "virgilio.it"),
    "UA": ("ukr.net", "i.ua"),
}
VANITY_TLDS = ("dev", "io", "me")
# How a number is written: E.164, international, or the national format of the claimed country.
E164, INTERNATIONAL, NATIONAL = 0, 1, 2
_FORMATS = {E164: pn.PhoneNumberFormat.E164, INTERNATIONAL: pn.PhoneNumberFormat.INTERNATIONAL}


def _digits(dice: Dice, dial: str, prefix: str, digits: int) -> str:
    rest = digits - 1
    return f"+{dial}{prefix}{dice.integer(2, 10)}{dice.below(10**rest):0{rest}d}"  # no leading 0 or 1


def abroad_mobile(dice: Dice) -> str:
    dial, prefixes, digits = ABROAD_MOBILES[dice.pick(ABROAD_PICK)]
    return _digits(dice, dial, dice.pick(prefixes), digits)


def voip_number(dice: Dice, country: str | None = None) -> str:
    dial, prefix, digits = VOIP_RANGES[country or dice.pick(tuple(VOIP_RANGES))]
    return _digits(dice, dial, prefix, digits)


def home_mobile(dice: Dice, country: str) -> str:
    """A valid mobile number of ``country`` (redrawn until phonenumbers accepts it)."""
    plan = COUNTRIES[country]
    for _ in range(20):
        number = _digits(dice, plan.dial, dice.pick(plan.mobile_prefixes), plan.digits)
        if pn.is_valid_number(_parsed(number)):
            return number
    return number


@cache
def _parsed(e164: str) -> pn.PhoneNumber:
    return pn.parse(e164)


def shown(e164: str, claimed: str, style: int) -> str:
    """``e164`` written in ``style``; a foreign or unparsable number keeps its country code."""
    try:
        number = _parsed(e164)
    except pn.NumberParseException:
        return e164
    if style == NATIONAL and pn.region_code_for_number(number) == claimed:
        return pn.format_number(number, pn.PhoneNumberFormat.NATIONAL)
    return pn.format_number(number, _FORMATS.get(style, pn.PhoneNumberFormat.INTERNATIONAL))


def mailbox_variant(dice: Dice, email: str, tag: str) -> str:
    """Another spelling of the same mailbox: dots moved (Gmail ignores them) or a ``+tag``."""
    local, domain = email.split("@", 1)
    bare = local.replace(".", "")
    if domain == "gmail.com" and len(bare) > 3 and dice.random() < 0.6:
        cuts = sorted(dice.sample(range(1, len(bare)), dice.integer(1, 3)))
        parts = [bare[a:b] for a, b in zip([0, *cuts], [*cuts, len(bare)], strict=True)]
        return f"{'.'.join(parts)}@{domain}"
    return f"{local}+{tag}@{domain}"


def plant_contacts(population: Population, personas: Personas, seed: int) -> None:
    """Overwrite the phones, mailboxes and employers each group is known for (see module doc)."""
    dice = Dice(stream(seed, "contacts"))
    out, group = personas, population.group
    out.phone_style = [dice.below(3) for _ in range(population.n)]
    by_id = {f.firm_id: f for f in population.firms}
    taken = set(out.email)

    def unique(address: str) -> str:
        local, domain = address.split("@", 1)
        candidate, k = address, 1
        while candidate in taken:
            k += 1
            candidate = f"{local}{k}@{domain}"
        taken.add(candidate)
        return candidate

    for i in range(population.n):
        g = int(group[i])
        firm = population.firm[i]
        first, last = slug(out.first[i]), slug(out.last[i])
        if firm is not None and g != EXPAT and dice.random() < 0.25:
            out.email[i] = unique(f"{first}.{last}@{by_id[firm].domain}")  # the agency's own mailbox
        elif g == LEGIT and dice.random() < 0.04:
            box = dice.pick(("hello", "me", "contact", first))
            out.email[i] = unique(f"{box}@{first}{last}.{dice.pick(VANITY_TLDS)}")
        if g == EXPAT:
            home = dice.pick([c for c in EXPAT_HOMES if c != population.country[i]])
            out.phone[i] = home_mobile(dice, home)
            if home in HOME_MAIL and dice.random() < 0.5:
                out.email[i] = unique(f"{out.email[i].split('@', 1)[0]}@{dice.pick(HOME_MAIL[home])}")
        elif g == SLOPPY:
            pick = dice.random()
            if pick < 0.5:
                out.phone[i] = abroad_mobile(dice)
            elif pick < 0.75:
                out.phone[i] = voip_number(dice)
            if dice.random() < 0.35:
                out.email[i] = unique(f"{first}{last}{dice.integer(10, 999)}@{dice.pick(DISPOSABLE_DOMAINS)}")
            elif dice.random() < 0.5:  # a fresh, numbered Gmail box
                out.email[i] = unique(f"{first}{last}.dev{dice.integer(100, 9999)}@gmail.com")
        elif g == MODERATE:
            claimed = population.country[i]
            if dice.random() < (0.4 if claimed in VOIP_RANGES else 0.15):
                out.phone[i] = voip_number(dice, claimed if claimed in VOIP_RANGES else None)
        out.payment_email[i], out.payment_phone[i] = out.email[i], out.phone[i]
    _fake_employers(dice, population, out)
    _ring_contacts(dice, population, out)


def _fake_job(dice: Dice, role: str, end_year: int) -> dict[str, str]:
    real, company = dice.pick(IMITATED)
    domain, _ = imitate(dice, real)
    start = end_year - dice.integer(1, 4)
    return {"employer": company, "title": role, "start": str(start), "end": str(end_year), "domain": domain}


def _fake_employers(dice: Dice, population: Population, out: Personas) -> None:
    """Sloppy (often) and moderate (now and then) operatives claim a job at a real firm, whose
    "domain" is a look-alike; a ring's members share the lead's invented history."""
    shares = {SLOPPY: 0.6, MODERATE: 0.3}
    done: set[int] = set()
    for i in np.flatnonzero(population.operative).tolist():
        r = int(population.ring[i])
        lead = population.rings[r].members[0] if r >= 0 else i
        if lead in done or dice.random() >= shares.get(int(population.group[i]), 0.0):
            done.add(lead)
            continue
        done.add(lead)
        history = out.employment[lead]
        cut = history[-2]["end"] if len(history) > 1 else history[-1]["start"]
        job = _fake_job(dice, population.role[lead], int(cut or 2025))
        members = population.rings[r].members if r >= 0 else (i,)
        for m in members:
            out.employment[m] = [*out.employment[m][:-1], job, out.employment[m][-1]]


def _ring_contacts(dice: Dice, population: Population, out: Personas) -> None:
    for ring in population.rings:
        lead = ring.members[0]
        if ring.tier == CAREFUL:
            continue
        if ring.tier == SLOPPY and dice.random() < 0.6:  # one phone on every payout account
            for m in ring.members[1:]:
                out.payment_phone[m] = out.phone[lead]
        share = {SLOPPY: 0.5, MODERATE: 0.35}[ring.tier]
        if dice.random() < share:
            for k, m in enumerate(ring.members[1:], start=2):
                variant = mailbox_variant(dice, out.email[lead], f"{k}")
                out.payment_email[m] = variant
                if ring.tier == SLOPPY:
                    out.email[m] = variant
