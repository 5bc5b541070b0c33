"""The demo's phones, mailboxes and domains: each group shows what the contact detectors look for.

Operatives slip up with foreign and VoIP numbers, throw-away mailboxes, shared
contacts and look-alike company domains; careful ones stay clean; legitimate
expats keep a phone from home. Values are read back with the same analysers
the enrichment uses (phonenumbers, the disposable list, the look-alike index).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.demo.bundles import Tables
from unmask.demo import DemoTruth
from unmask.demo import contacts as contacts_mod
from unmask.demo.dice import Dice
from unmask.demo.lookalikes import IMITATED, REAL_EMPLOYERS, TECHNIQUES, imitate
from unmask.enrich.contacts import tld_country
from unmask.intel.domains import LookalikeIndex, host_of, load_known_companies
from unmask.intel.email import EmailInfo, analyse_email
from unmask.intel.phone import PhoneInfo, analyse_phone


@dataclass(frozen=True)
class Contacts:
    """What one worker gave across the workers table and their profiles, analysed."""

    claimed: str
    phones: list[PhoneInfo]
    emails: list[EmailInfo]
    domains: list[str]  # firm, employer and corporate-mail domains

    def phone_countries(self) -> set[str]:
        return {p.country for p in self.phones if p.valid and p.country}

    def foreign_phone(self) -> bool:
        return bool(self.phone_countries() - {self.claimed})

    def voip(self) -> bool:
        return any(p.is_voip for p in self.phones)

    def disposable(self) -> bool:
        return any(e.disposable for e in self.emails)

    def foreign_mail(self) -> bool:
        return any(tld_country(e.registrable) not in (None, self.claimed) for e in self.emails if e.valid)

    def lookalike(self) -> bool:
        return any(_LOOKALIKES.check(host_of(d), min_score=0.6) for d in self.domains)


_LOOKALIKES = LookalikeIndex(load_known_companies())


@pytest.fixture(scope="module")
def contacts(default_bundle: tuple[Path, DemoTruth, Tables]) -> dict[str, Contacts]:
    _, _, tables = default_bundle
    firms = {f["firm_id"]: f["domain"] for f in tables["firms"]}
    out: dict[str, Contacts] = {}
    for w in tables["workers"]:
        domains = [firms[w["firm_id"]]] if w["firm_id"] else []
        out[w["worker_id"]] = Contacts(w["claimed_country"], [], [], domains)
    rows = [*tables["workers"], *tables["profiles"]]
    for row in rows:
        c = out[row["worker_id"]]
        if row["phone"]:
            c.phones.append(analyse_phone(row["phone"], c.claimed))
        if row["email"]:
            info = analyse_email(row["email"])
            c.emails.append(info)
            if info.corporate and info.registrable:
                c.domains.append(info.registrable)
        for job in json.loads(row.get("employment") or "[]"):
            c.domains.append(job["domain"])
    return out


def _clean(c: Contacts) -> bool:
    return not (c.foreign_phone() or c.voip() or c.disposable() or c.lookalike())


# (group, what its members show in their contacts, share of members that must show it)
CONTACT_SIGNATURES: list[tuple[str, Callable[[Contacts], bool], float]] = [
    ("legit", _clean, 1.0),
    ("legit", lambda c: not c.foreign_mail(), 1.0),
    ("legit", lambda c: all(p.valid for p in c.phones), 0.97),
    ("legit_traveller", _clean, 1.0),
    ("legit_vpn_user", _clean, 1.0),
    ("legit_crypto", _clean, 1.0),
    ("legit_expat", Contacts.foreign_phone, 1.0),
    ("legit_expat", lambda c: not (c.voip() or c.disposable() or c.lookalike()), 1.0),
    ("legit_expat", Contacts.foreign_mail, 0.1),
    ("operative_sloppy", lambda c: c.foreign_phone() or c.voip(), 0.6),
    ("operative_sloppy", Contacts.lookalike, 0.5),
    ("operative_sloppy", Contacts.disposable, 0.05),
    ("operative_moderate", Contacts.voip, 0.1),
    ("operative_moderate", Contacts.lookalike, 0.2),
    ("operative_careful", _clean, 1.0),
]  # fmt: skip


@pytest.mark.parametrize(("group", "shows", "share"), CONTACT_SIGNATURES)
def test_each_group_shows_its_contacts(
    default_bundle: tuple[Path, DemoTruth, Tables],
    contacts: dict[str, Contacts],
    group: str,
    shows: Callable[[Contacts], bool],
    share: float,
) -> None:
    _, truth, _ = default_bundle
    members = sorted(truth.by_group(group))
    assert members
    showing = sum(bool(shows(contacts[w])) for w in members)
    assert showing >= share * len(members), f"{showing} of {len(members)}"


def test_phones_are_written_in_local_and_international_formats(
    default_bundle: tuple[Path, DemoTruth, Tables], contacts: dict[str, Contacts]
) -> None:
    _, _, tables = default_bundle
    written = [w["phone"] for w in tables["workers"]]
    assert sum(p.startswith("+") and " " not in p for p in written) > 40  # E.164
    assert sum(p.startswith("+") and " " in p for p in written) > 40  # international
    assert sum(not p.startswith("+") for p in written) > 40  # national, read in the claimed country
    # However a number is written, it reads back as the same one in every table.
    for w in tables["workers"]:
        numbers = {p.e164 for p in contacts[w["worker_id"]].phones[:1]}
        same = [r for r in tables["profiles"] if r["worker_id"] == w["worker_id"] and r["source"] == "resume"]
        assert numbers == {analyse_phone(r["phone"], w["claimed_country"]).e164 for r in same} or not same


def test_only_operatives_share_a_phone_or_mailbox(
    default_bundle: tuple[Path, DemoTruth, Tables], contacts: dict[str, Contacts]
) -> None:
    _, truth, _ = default_bundle
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for worker, c in contacts.items():
        for p in c.phones:
            if p.e164:
                holders[("phone", p.e164)].add(worker)
        for e in c.emails:
            if e.mailbox_key:
                holders[("mailbox", e.mailbox_key)].add(worker)
    shared = {key: who for key, who in holders.items() if len(who) > 1}
    assert shared
    assert all(who <= truth.operatives for who in shared.values()), shared
    kinds = {kind for kind, _ in shared}
    assert kinds == {"phone", "mailbox"}
    # A shared mailbox is written differently by each identity (Gmail dots, +tags).
    spellings = defaultdict(set)
    for c in contacts.values():
        for e in c.emails:
            if ("mailbox", e.mailbox_key) in shared:
                spellings[e.mailbox_key].add(e.raw)
    assert any(len(s) > 1 for s in spellings.values())


def test_legit_employers_use_real_domains_fronts_imitate_them(
    default_bundle: tuple[Path, DemoTruth, Tables],
) -> None:
    _, truth, tables = default_bundle
    known = load_known_companies()
    real = Counter(
        job["domain"]
        for r in tables["profiles"]
        if r["employment"] and truth.groups[r["worker_id"]] == "legit"
        for job in json.loads(r["employment"])
        if job["domain"] in known
    )
    assert len(real) >= 5  # microsoft.com, accenture.com … as they are
    fronts = [f for f in tables["firms"] if _LOOKALIKES.check(f["domain"], min_score=0.6)]
    assert fronts and all(f["background_check_docs"] == "false" for f in fronts)


@pytest.mark.parametrize("technique", TECHNIQUES)
def test_every_imitation_is_caught_and_names_a_known_company(technique: str) -> None:
    known = load_known_companies()
    assert {d for d, _ in IMITATED} <= set(known)
    assert {d for _, d in REAL_EMPLOYERS} <= set(known)
    dice = Dice(np.random.default_rng(5))
    for real, _ in IMITATED:
        for _ in range(10):
            domain, _ = imitate(dice, real, technique)
            hits = _LOOKALIKES.check(domain, min_score=0.6)
            assert hits and hits[0].target == real, (technique, domain)


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda d: contacts_mod.voip_number(d, "GB"), "voip"),
        (lambda d: contacts_mod.voip_number(d, "NL"), "voip"),
        (contacts_mod.abroad_mobile, "mobile"),
        *[((lambda d, c=c: contacts_mod.home_mobile(d, c)), "mobile") for c in contacts_mod.EXPAT_HOMES],
    ],
)
def test_planted_numbers_are_valid_and_of_their_kind(make: Callable[[Dice], str], kind: str) -> None:
    dice = Dice(np.random.default_rng(9))
    for _ in range(50):
        info = analyse_phone(make(dice), "US")
        assert info.valid and info.country != "US", info
        assert info.is_voip is (kind == "voip") or (kind == "mobile" and not info.is_voip)


def test_disposable_providers_are_on_the_list() -> None:
    for domain in contacts_mod.DISPOSABLE_DOMAINS:
        assert analyse_email(f"someone@{domain}").disposable, domain
