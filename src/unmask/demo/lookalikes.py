"""Domains that imitate real IT companies, as DPRK front companies register them.

The October 2023 DOJ seizure named 17 such domains: the real firm's name with
a word added, a letter doubled or dropped, a digit for a letter, another TLD.
Each real company here is listed in ``unmask/intel/data/known_companies.txt``
(a test checks it), so the look-alike detector knows what is being imitated;
legitimate workers who really worked at these companies list the real domain.
"""

from __future__ import annotations

from unmask.demo.dice import Dice

# (real registrable domain, company name): consultancies, staffing firms and talent platforms
# whose names a front borrows for credibility.
IMITATED: tuple[tuple[str, str], ...] = (
    ("accenture.com", "Accenture"),
    ("cognizant.com", "Cognizant"),
    ("infosys.com", "Infosys"),
    ("epam.com", "EPAM Systems"),
    ("globant.com", "Globant"),
    ("capgemini.com", "Capgemini"),
    ("wipro.com", "Wipro"),
    ("thoughtworks.com", "Thoughtworks"),
    ("globallogic.com", "GlobalLogic"),
    ("teksystems.com", "TEKsystems"),
    ("randstad.com", "Randstad"),
    ("apexsystems.com", "Apex Systems"),
    ("roberthalf.com", "Robert Half"),
    ("collabera.com", "Collabera"),
    ("kforce.com", "Kforce"),
    ("toptal.com", "Toptal"),
    ("microsoft.com", "Microsoft"),
    ("salesforce.com", "Salesforce"),
    ("oracle.com", "Oracle"),
)
# Real employers legitimate workers list with their real domains (never look-alikes).
REAL_EMPLOYERS: tuple[tuple[str, str], ...] = (
    *((name, domain) for domain, name in IMITATED),
    ("Amazon", "amazon.com"),
    ("Shopify", "shopify.com"),
    ("Stripe", "stripe.com"),
    ("Atlassian", "atlassian.com"),
    ("Booking.com", "booking.com"),
)

ADDED_WORDS = ("careers", "it", "tech", "solutions", "staffing", "consulting", "jobs", "global", "talent")
SWAPPED_TLDS = ("net", "co", "io", "us", "org")
# ASCII look-alikes: the first string reads as the second at a glance.
HOMOGLYPHS = (("m", "rn"), ("o", "0"), ("l", "1"), ("w", "vv"), ("i", "1"))
FIRM_WORDS = ("Staffing", "Talent Partners", "IT Services", "Careers", "Tech Solutions", "Global Staffing")
TECHNIQUES = ("homoglyph", "added-word", "tld-swap", "typo")


def _typo(dice: Dice, label: str) -> str:
    """Drop, double or swap one letter (never the first, so the name still starts right)."""
    k = dice.integer(1, len(label) - 1)
    kind = dice.below(3)
    if kind == 0:
        return label[:k] + label[k + 1 :]
    if kind == 1:
        return label[:k] + label[k] + label[k:]
    if label[k] == label[k + 1]:
        return label[:k] + label[k + 1 :]
    return label[:k] + label[k + 1] + label[k] + label[k + 2 :]


def imitate(dice: Dice, real: str, technique: str | None = None) -> tuple[str, str]:
    """A look-alike of the registrable domain ``real``, and the technique used."""
    label, tld = real.split(".", 1)
    technique = technique or dice.pick(TECHNIQUES)
    if technique == "homoglyph":
        usable = [(a, b) for a, b in HOMOGLYPHS if a in label[1:]]
        if usable:
            a, b = dice.pick(usable)
            at = label.index(a, 1)
            return f"{label[:at]}{b}{label[at + 1 :]}.{tld}", technique
        technique = "added-word"
    if technique == "added-word":
        word = dice.pick(ADDED_WORDS)
        joined = f"{label}-{word}" if dice.random() < 0.6 else f"{label}{word}"
        return f"{joined}.{dice.pick(('com', 'com', 'net', 'io'))}", technique
    if technique == "tld-swap":
        return f"{label}.{dice.pick([t for t in SWAPPED_TLDS if t != tld])}", technique
    return f"{_typo(dice, label)}.{tld}", "typo"


def front_identity(dice: Dice) -> tuple[str, str, str]:
    """(firm name, look-alike domain, imitated real domain) for a front company."""
    real, company = dice.pick(IMITATED)
    domain, _ = imitate(dice, real)
    return f"{company} {dice.pick(FIRM_WORDS)} LLC", domain, real
