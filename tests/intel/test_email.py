"""Emails: syntax reasons, disposable (package list and shared feed), free mail, IDN, employer domains."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.intel import SHARED_DATA, needs_shared
from unmask.intel.email import (
    EmailIntel,
    analyse_email,
    employer_domain_matches,
    is_free_mail,
    mailbox_key,
    match_employer_domain,
    read_blocklist,
)

FEED = SHARED_DATA / "disposable-email-domains" / "disposable_email_blocklist.conf"

# raw, valid, registrable, disposable, free_mail, corporate
CASES = [
    ("bob@initech.com", True, "initech.com", False, False, True),
    ("Bob.Smith@Mail.Initech.co.uk", True, "initech.co.uk", False, False, True),
    ("someone@gmail.com", True, "gmail.com", False, True, False),
    ("someone@googlemail.com", True, "googlemail.com", False, True, False),
    ("someone@outlook.com", True, "outlook.com", False, True, False),
    ("someone@hotmail.fr", True, "hotmail.fr", False, True, False),
    ("someone@live.com", True, "live.com", False, True, False),
    ("someone@yahoo.co.uk", True, "yahoo.co.uk", False, True, False),
    ("someone@proton.me", True, "proton.me", False, True, False),
    ("someone@protonmail.com", True, "protonmail.com", False, True, False),
    ("someone@icloud.com", True, "icloud.com", False, True, False),
    ("someone@gmx.de", True, "gmx.de", False, True, False),
    ("someone@mail.ru", True, "mail.ru", False, True, False),
    ("someone@yandex.ru", True, "yandex.ru", False, True, False),
    ("someone@qq.com", True, "qq.com", False, True, False),
    ("someone@163.com", True, "163.com", False, True, False),
    ("someone@naver.com", True, "naver.com", False, True, False),
    # disposable, from the disposable-email-domains package
    ("temp@mailinator.com", True, "mailinator.com", True, False, False),
    ("temp@guerrillamail.com", True, "guerrillamail.com", True, False, False),
    ("temp@0-mail.com", True, "0-mail.com", True, False, False),
    ("temp@inbox.mailinator.com", True, "mailinator.com", True, False, False),  # parent on the list
    # IDN: Unicode domain, punycode registrable
    ("user@bücher.de", True, "xn--bcher-kva.de", False, False, True),
    ("用户@例子.中国", True, "xn--fsqu00a.xn--fiqs8s", False, False, True),
    ("почта@пример.рф", True, "xn--e1afmkfd.xn--p1ai", False, False, True),
]


@pytest.mark.parametrize(("raw", "valid", "reg", "disposable", "free", "corporate"), CASES)
def test_email_table(raw: str, valid: bool, reg: str, disposable: bool, free: bool, corporate: bool) -> None:
    info = analyse_email(raw)
    assert info.valid is valid, info.reason
    assert info.registrable == reg
    assert info.disposable is disposable
    assert info.free_mail is free
    assert info.corporate is corporate


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("", "must have an @-sign"),
        ("no-at-sign.example.com", "must have an @-sign"),
        ("two@@ats.com", "invalid characters"),
        ("a..b@example.com", "two periods in a row"),
        ("user@localhost", "should have a period"),
        ("user@-bad.com", "hyphen"),
        ("user name@example.com", "invalid character"),
    ],
)
def test_invalid_syntax_gives_reason(raw: str, reason_part: str) -> None:
    info = analyse_email(raw)
    assert not info.valid and not info.corporate
    assert info.reason is not None and reason_part in info.reason
    assert info.normalized is None and info.mailbox_key is None


def test_normalised_address_and_idn_forms() -> None:
    info = analyse_email("  Foo.Bar+jobs@Gmail.COM ")
    assert info.normalized == "Foo.Bar+jobs@gmail.com"
    assert info.mailbox_key == "foobar@gmail.com"
    idn = analyse_email("user@bücher.de")
    assert idn.domain == "bücher.de" and idn.ascii_domain == "xn--bcher-kva.de"


@pytest.mark.parametrize(
    ("local", "domain", "key"),
    [
        ("J.Doe+jobs", "GoogleMail.com", "jdoe@gmail.com"),
        ("j.doe", "gmail.com", "jdoe@gmail.com"),
        ("J.Doe+x", "outlook.com", "j.doe@outlook.com"),  # dots matter outside Gmail
    ],
)
def test_mailbox_key(local: str, domain: str, key: str) -> None:
    assert mailbox_key(local, domain) == key


def test_free_mail_brand_under_any_country_tld() -> None:
    assert is_free_mail("yahoo.com.br") and is_free_mail("outlook.jp") and is_free_mail("mx.gmx.at")
    assert not is_free_mail("initech.com") and not is_free_mail("localhost")


def test_feed_file_adds_domains(tmp_path: Path) -> None:
    feed = tmp_path / "blocklist.conf"
    feed.write_text("# local additions\nthrowaway-inbox.example\nMIXED.Case.Example\n\n", "utf-8")
    assert read_blocklist(feed) == {"throwaway-inbox.example", "mixed.case.example"}
    intel = EmailIntel(feed)
    assert intel.analyse("x@throwaway-inbox.example").disposable
    assert intel.analyse("x@sub.mixed.case.example").disposable
    assert not EmailIntel().analyse("x@throwaway-inbox.example").disposable


def test_analyse_is_cached_per_value() -> None:
    intel = EmailIntel()
    infos = intel.analyse_many(["a@gmail.com", "b@initech.com"] * 1000)
    assert infos[0] is infos[2] and infos[1] is infos[3]


@pytest.mark.shared_data
@needs_shared("disposable-email-domains", "disposable_email_blocklist.conf")
def test_shared_feed_blocklist() -> None:
    domains = read_blocklist(FEED)
    assert len(domains) > 8000  # PROVENANCE.md: 8,335 domains
    intel = EmailIntel(FEED)
    for domain in sorted(domains)[:: max(1, len(domains) // 200)]:
        assert intel.analyse(f"someone@{domain}").disposable, domain
    assert not intel.analyse("someone@gmail.com").disposable
    assert not intel.analyse("someone@initech.com").disposable


# employer name, email or URL, verdict, lowest score, highest score
EMPLOYER_CASES = [
    ("Initech Inc", "initech.com", "match", 1.0, 1.0),
    ("Initech Inc", "bob@initech.com", "match", 1.0, 1.0),
    ("Initech Inc", "https://www.initech.com/about", "match", 1.0, 1.0),
    ("Initech Inc", "careers.initech.co.uk", "match", 1.0, 1.0),
    ("Acme Corp", "acmecorp.com", "match", 1.0, 1.0),
    ("Acme Corp", "acme-corp.com", "match", 1.0, 1.0),
    ("International Business Machines Corporation", "ibm.com", "match", 1.0, 1.0),
    ("Acme Widgets LLC", "acme.com", "match", 0.9, 0.9),
    ("Globex Software Solutions", "globexsoft.io", "match", 0.9, 0.9),
    ("Initech Inc", "initech-jobs.net", "lookalike", 0.5, 0.89),
    ("Initech Inc", "hr@initechcareers.com", "lookalike", 0.5, 0.89),
    ("Initech Inc", "inittech.com", "lookalike", 0.5, 0.89),
    ("Hooli", "h00li.com", "lookalike", 0.5, 0.89),
    ("Pied Piper", "piedpiper-careers.com", "lookalike", 0.5, 0.89),
    ("Initech Inc", "globex.com", "unrelated", 0.0, 0.49),
    ("Initech Inc", "bob@gmail.com", "free_mail", 0.0, 0.0),
    ("Initech Inc", "bob@mailinator.com", "disposable", 0.0, 0.0),
    ("Initech Inc", "not a domain", "invalid", 0.0, 0.0),
    ("", "initech.com", "invalid", 0.0, 0.0),
]


@pytest.mark.parametrize(("employer", "value", "verdict", "low", "high"), EMPLOYER_CASES)
def test_employer_domain_table(employer: str, value: str, verdict: str, low: float, high: float) -> None:
    result = match_employer_domain(employer, value)
    assert result.verdict == verdict, result
    assert low <= result.score <= high, result
    assert employer_domain_matches(employer, value) == result.score
