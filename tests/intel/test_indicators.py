"""Threat indicators: parse Unit 42 style reports and match defanged or plain values."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.intel import SHARED_DATA, needs_shared
from unmask.intel.indicators import IndicatorSet, load_indicators, parse_iocs, url_key

IOC_DIR = SHARED_DATA / "dprk-itw-iocs"

# A report in the same shape as Unit 42's files, with every kind of indicator.
REPORT = """\
2026-01-01 (THURSDAY): TEST CAMPAIGN

REFERENCES:

- https://unit42.paloaltonetworks.com/some-article/

NOTES:

- The loader is setup.py; see also example[.]org for background.

DOMAINS USED BY FAKE RECRUITERS:

- careers-initech[.]com
- hxxps[:]//apply.careers-initech[.]com/jobs - landing page

EMAIL ADDRESSES:

- recruiter[@]careers-initech[.]com

IP ADDRESSES:

- 198.51.100[.]7
- 2001:db8::7

SHA256 HASHES:

- 17eeae8ac77d6b866651356b60646f0c33b481228e42f807269813b03e98e3a3 - pay (python payload)
- d41d8cd98f00b204e9800998ecf8427e - empty.bin (md5)

REPOSITORY:

- hxxps[:]//github[.]com/FakeOwner/interview-task
"""


@pytest.fixture(scope="module")
def report() -> IndicatorSet:
    return parse_iocs(REPORT, source="test-report.txt")


def test_report_parses_every_kind(report: IndicatorSet) -> None:
    assert set(report.domains) == {"careers-initech.com"}
    assert set(report.emails) == {"recruiter@careers-initech.com"}
    assert set(report.ips) == {"198.51.100.7", "2001:db8::7"}
    assert set(report.hashes) == {
        "17eeae8ac77d6b866651356b60646f0c33b481228e42f807269813b03e98e3a3",
        "d41d8cd98f00b204e9800998ecf8427e",
    }
    assert set(report.urls) == {
        "apply.careers-initech.com/jobs",
        "github.com/fakeowner/interview-task",
        "github.com/fakeowner",  # the account that hosted the repository
    }
    assert len(report) == 9


def test_context_sections_are_not_indicators(report: IndicatorSet) -> None:
    """REFERENCES and NOTES link to the vendor's article and mention files: not IOCs."""
    assert report.match("https://unit42.paloaltonetworks.com/some-article/") is None
    assert report.match("example.org") is None
    assert report.match("setup.py") is None


def test_indicator_keeps_provenance(report: IndicatorSet) -> None:
    ind = report.match("17EEAE8AC77D6B866651356B60646F0C33B481228E42F807269813B03E98E3A3")
    assert ind is not None
    assert (ind.kind, ind.source, ind.section, ind.note) == (
        "hash",
        "test-report.txt",
        "SHA256 HASHES",
        "pay (python payload)",
    )
    assert REPORT.splitlines()[ind.line - 1].startswith("- 17eeae8a")


# value (defanged or plain), kind matched (None: no match)
MATCHES = [
    ("careers-initech[.]com", "domain"),
    ("careers-initech.com", "domain"),
    ("CAREERS-INITECH.COM", "domain"),
    ("mail.careers-initech.com", "domain"),  # subdomain of an indicator
    ("https://careers-initech.com/about", "domain"),
    ("someone@careers-initech.com", "domain"),  # address not listed, domain is
    ("recruiter[@]careers-initech[.]com", "email"),
    ("mailto:recruiter@careers-initech.com", "email"),
    ("198.51.100[.]7", "ip"),
    ("198.51.100.7", "ip"),
    ("2001:0db8:0000::0007", "ip"),
    ("hxxps[:]//github[.]com/FakeOwner/interview-task", "url"),
    ("https://github.com/fakeowner/interview-task.git", "url"),
    ("https://github.com/FakeOwner/interview-task/tree/main/src", "url"),
    ("github.com/fakeowner", "url"),
    ("https://github.com/fakeowner/another-repo", "url"),  # the owner's other repositories
    ("D41D8CD98F00B204E9800998ECF8427E", "hash"),
    # clean
    ("github.com", None),
    ("https://github.com/torvalds/linux", None),
    ("initech.com", None),
    ("198.51.100.8", None),
    ("0" * 64, None),
    ("", None),
]


@pytest.mark.parametrize(("value", "kind"), MATCHES)
def test_match(report: IndicatorSet, value: str, kind: str | None) -> None:
    hit = report.match(value)
    assert (hit.kind if hit else None) == kind


def test_match_many_once_per_distinct(report: IndicatorSet) -> None:
    hits = report.match_many(["198.51.100.7", "1.1.1.1", "198.51.100.7", "careers-initech[.]com"])
    assert set(hits) == {"198.51.100.7", "careers-initech[.]com"}


def test_plain_list_without_headers() -> None:
    plain = parse_iocs(
        "evil-recruiter.com\n203.0.113[.]9\n# comment-ish line\nhxxp://bad[.]example/x\n", "list"
    )
    assert set(plain.domains) == {"evil-recruiter.com"}
    assert set(plain.ips) == {"203.0.113.9"}
    assert set(plain.urls) == {"bad.example/x"}


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://GitHub.com/Owner/Repo/", "github.com/owner/repo"),
        ("hxxps[:]//www[.]github[.]com/owner/repo.git?tab=1#x", "github.com/owner/repo"),
        ("http://user@host.example:8080", "host.example"),
    ],
)
def test_url_key(url: str, key: str) -> None:
    assert url_key(url) == key


@pytest.mark.shared_data
@needs_shared("dprk-itw-iocs")
def test_unit42_contagious_interview_file() -> None:
    iocs = load_indicators(IOC_DIR)
    assert set(iocs.ips) == {"67.203.7.205", "45.43.11.199"}
    assert len(iocs.hashes) == 5  # PROVENANCE.md: 5 SHA256
    assert "github.com/michalcaladanxyz/caladanecomvp" in iocs.urls
    assert not iocs.domains  # the report lists no bare domains; github.com must not become one
    for value in (
        "67.203.7[.]205",
        "45.43.11.199",
        "hxxps[:]//github[.]com/michalcaladanxyz/caladanecomvp",
        "https://github.com/michalcaladanxyz",
        "7BD7C41BC5B91CCED6630CFC64C595EC149C115AD98DE1D346D48497B38CEFA5",
    ):
        assert iocs.match(value) is not None, value
    for clean in ("github.com", "https://unit42.paloaltonetworks.com/", "https://www.linkedin.com/"):
        assert iocs.match(clean) is None, clean
    hit = iocs.match("a31325d140903e8be2217b56756c449e5ea20ec836154334ad3a5473b7f29ed9")
    assert hit is not None and hit.note == "test.js" and hit.source.startswith("unit42_")


def test_load_from_folder_and_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("IP ADDRESSES:\n- 203.0.113[.]1\n", "utf-8")
    (tmp_path / "b.txt").write_text("DOMAINS:\n- bad[.]example[.]com\n", "utf-8")
    (tmp_path / "ignored.csv").write_text("203.0.113.2\n", "utf-8")
    both = load_indicators(tmp_path)
    assert len(both) == 2 and both.match("203.0.113.2") is None
    assert len(load_indicators(tmp_path / "a.txt")) == 1
