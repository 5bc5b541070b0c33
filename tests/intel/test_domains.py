"""Domains: defang/refang, registrable domains, and look-alikes of real companies."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import NoReturn

import pytest

from unmask.intel import domains
from unmask.intel.domains import (
    LookalikeIndex,
    defang,
    host_of,
    load_known_companies,
    lookalike,
    parse_known_companies,
    refang,
    registrable,
    skeleton,
    to_unicode,
)


@pytest.fixture(scope="module")
def index() -> LookalikeIndex:
    """The bundled known-company list plus the test's own firm, built once (it takes ~2 s)."""
    known = load_known_companies()
    known["acmecorp.com"] = "Acme Corp"
    return LookalikeIndex(known)


@pytest.mark.parametrize(
    ("fanged", "plain"),
    [
        ("example[.]com", "example.com"),
        ("example(.)com", "example.com"),
        ("example{.}com", "example.com"),
        ("example[dot]com", "example.com"),
        ("hxxp://example[.]com/a", "http://example.com/a"),
        ("hxxps[:]//github[.]com/owner/repo", "https://github.com/owner/repo"),
        ("HXXPS://EXAMPLE[.]COM", "https://EXAMPLE.COM"),
        ("hxxps[://]example[.]com", "https://example.com"),
        ("fxp://files[.]example[.]com", "ftp://files.example.com"),
        ("user[@]example[.]com", "user@example.com"),
        ("user(@)example(.)com", "user@example.com"),
        ("67.203.7[.]205", "67.203.7.205"),
        ("example\\.com", "example.com"),
        ("example.com", "example.com"),  # plain input unchanged
        ("https://example.com/hxxp", "https://example.com/hxxp"),  # not a scheme: left alone
    ],
)
def test_refang(fanged: str, plain: str) -> None:
    assert refang(fanged) == plain


@pytest.mark.parametrize(
    ("plain", "fanged"),
    [
        ("example.com", "example[.]com"),
        ("https://github.com/owner/repo", "hxxps[:]//github[.]com/owner/repo"),
        ("http://a.b/c", "hxxp[:]//a[.]b/c"),
        ("user@example.com", "user[@]example[.]com"),
        ("45.43.11.199", "45[.]43[.]11[.]199"),
    ],
)
def test_defang_round_trip(plain: str, fanged: str) -> None:
    assert defang(plain) == fanged
    assert defang(fanged) == fanged  # idempotent
    assert refang(defang(plain)) == plain


@pytest.mark.parametrize(
    ("value", "host", "reg"),
    [
        ("example.com", "example.com", "example.com"),
        ("WWW.Example.COM.", "www.example.com", "example.com"),
        ("careers.acme.co.uk", "careers.acme.co.uk", "acme.co.uk"),
        ("https://user:pw@jobs.acme.com:8443/path?q=1", "jobs.acme.com", "acme.com"),
        ("bob@mail.acme.com", "mail.acme.com", "acme.com"),
        ("hxxps[:]//evil[.]example[.]org/x", "evil.example.org", "example.org"),
        ("пример.рф", "пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("67.203.7.205", "67.203.7.205", None),
        ("localhost", "localhost", None),
        ("", "", None),
    ],
)
def test_host_and_registrable(value: str, host: str, reg: str | None) -> None:
    assert host_of(value) == host
    assert registrable(value) == reg


@pytest.mark.parametrize(
    ("label", "target"),
    [
        ("rnicrosoft", "microsoft"),
        ("micr0soft", "microsoft"),
        ("mіcrosoft", "microsoft"),
        ("g00gle", "google"),
    ],
)
def test_skeleton_folds_homoglyphs(label: str, target: str) -> None:
    assert skeleton(label) == skeleton(target)


# candidate, imitated company, technique (None: any)
LOOKALIKES = [
    ("rnicrosoft.com", "microsoft.com", "homoglyph"),
    ("micr0soft.com", "microsoft.com", "homoglyph"),
    ("g00gle.com", "google.com", "homoglyph"),
    ("xn--pple-43d.com", "apple.com", "idn-homoglyph"),  # Cyrillic а
    ("mіcrosoft.com", "microsoft.com", "idn-homoglyph"),  # Cyrillic і, given in Unicode
    ("microsoft-careers.net", "microsoft.com", "added-word"),
    ("accenture-it-solutions.com", "accenture.com", "added-word"),
    ("us-deloitte-jobs.com", "deloitte.com", "added-word"),
    ("infosyscareers.com", "infosys.com", "added-word"),
    ("acmecorp.co", "acmecorp.com", "tld-swap"),
    ("coinbase.io", "coinbase.com", "tld-swap"),
    ("accentrue.com", "accenture.com", "transposition"),
    ("accentur.com", "accenture.com", "omission"),
    ("paloalto-networks.com", "paloaltonetworks.com", "hyphenation"),
    ("cognizent.com", "cognizant.com", None),
    ("globallogics.com", "globallogic.com", None),
    ("teksystem.com", "teksystems.com", None),
    ("hxxps[:]//jobs[.]rnicrosoft[.]com/apply", "microsoft.com", "homoglyph"),
]


@pytest.mark.parametrize(("candidate", "target", "technique"), LOOKALIKES)
def test_lookalikes(index: LookalikeIndex, candidate: str, target: str, technique: str | None) -> None:
    hits = index.check(candidate)
    assert hits, f"{candidate} not flagged"
    best = hits[0]
    assert best.target == target, hits
    if technique is not None:
        assert best.technique == technique, hits
    assert 0.5 <= best.score <= 1.0
    assert best.detail


NOT_LOOKALIKES = [
    "microsoft.com",  # the real company itself
    "careers.microsoft.com",  # its subdomain
    "MICROSOFT.COM.",
    "acmecorp.com",
    "example.org",
    "initech.com",
    "wikipedia.org",
    "python.org",
    "67.203.7.205",
    "",
]


@pytest.mark.parametrize("candidate", NOT_LOOKALIKES)
def test_not_lookalikes(index: LookalikeIndex, candidate: str) -> None:
    assert index.check(candidate) == []


def test_unicode_shown_in_detail(index: LookalikeIndex) -> None:
    hit = index.check("xn--pple-43d.com")[0]
    assert "аpple" in hit.detail and to_unicode("xn--pple-43d.com") == "аpple.com"


def test_lookalike_function_with_plain_known_list() -> None:
    known = ["acmecorp.com", "initech.com"]
    assert [h.technique for h in lookalike("acmecorp.co", known)] == ["tld-swap"]
    assert lookalike("initech-hr.com", known)[0].target == "initech.com"
    assert lookalike("initech.com", known) == []
    assert lookalike("unrelated-bakery.com", known) == []


def test_known_companies_file_and_user_extension(tmp_path: Path) -> None:
    known = load_known_companies()
    assert len(known) >= 100
    assert known["microsoft.com"] == "Microsoft"
    extra = tmp_path / "mine.txt"
    extra.write_text("# our suppliers\nhttps://www.initrode.com  Initrode Ltd\nglobex.co.uk\n", "utf-8")
    merged = load_known_companies(extra)
    assert merged["initrode.com"] == "Initrode Ltd" and merged["globex.co.uk"] == "globex.co.uk"
    assert parse_known_companies("   \n# only comments\n") == {}


def test_many_candidates_are_fast(index: LookalikeIndex) -> None:
    """Thousands of firm domains against the known list: per-candidate work is dict lookups."""
    candidates = [f"firm{i:05d}-{w}.com" for i in range(3000) for w in ("staffing",)]
    candidates += ["rnicrosoft.com"] * 1000
    start = time.perf_counter()
    result = index.check_many(candidates)
    elapsed = time.perf_counter() - start
    assert len(result) == 3001
    assert result["rnicrosoft.com"][0].target == "microsoft.com"
    assert elapsed < 5.0, f"{elapsed:.2f}s for 3001 distinct domains"


def test_everything_runs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suffix list, dnstwist permutations and checks never open a connection or resolve a name."""

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    domains._extractor.cache_clear()  # make the suffix list load again, under the block
    domains.split_domain.cache_clear()
    assert registrable("jobs.example.co.uk") == "example.co.uk"
    assert LookalikeIndex(["acmecorp.com"]).check("acmecorp.co")[0].technique == "tld-swap"
