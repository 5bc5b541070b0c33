"""Threat-intel indicators (IOCs) from free-text reports, matched against workspace values.

Built for Palo Alto Unit 42's "timely threat intel" text files (Contagious Interview: fake
recruiters who send job seekers to malware-laden GitHub repositories). Those files are
prose with upper-case section headers ("SHA256 HASHES …:", "IP ADDRESSES …:") and defanged
indicators (``67.203.7[.]205``, ``hxxps[:]//github[.]com/…``). Sections such as REFERENCES
and NOTES link to the vendor's own articles: those URLs are context, not indicators, so we
skip them. A file without any header is read as a plain list, one indicator a line.

A URL on a code-hosting site also yields its owner's account (``github.com/owner``): the
account that hosted the malware is as telling as the repository, and a worker's profile
links to accounts, not to that one repository.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from unmask.intel.domains import refang, registrable

IndicatorKind = Literal["domain", "ip", "url", "hash", "email"]

# Section headers whose content describes the report rather than the threat.
_CONTEXT_SECTIONS = ("AUTHOR", "REFERENCE", "ORIGINAL REFERENCE", "NOTES", "NOTE", "SOURCE", "LINK")
_HEADER = re.compile(r"^[A-Z0-9][A-Z0-9 ()/,&'.+-]*:\s*$")
_HASH = re.compile(r"\b(?:[a-fA-F0-9]{64}|[a-fA-F0-9]{40}|[a-fA-F0-9]{32})\b")
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`]+", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@(?:[\w-]+\.)+[\w-]{2,}\b")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")
_DOMAIN = re.compile(r"\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}\b", re.I)
_DEFANG_MARK = re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|hxxp|\[:\]|\[@\]", re.I)
# Sites where the path's first segment is an account; its owner becomes an indicator too.
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com"})


@dataclass(frozen=True)
class Indicator:
    """One indicator of compromise, refanged and normalised, with where it came from."""

    kind: IndicatorKind
    value: str
    source: str  # file name or label given to the parser
    line: int  # 1-based line in the source; 0 when derived
    section: str  # the header it sat under ("IP ADDRESSES ASSOCIATED WITH THIS ACTIVITY")
    note: str = ""  # text after the value on its line ("p.js"), or why it was derived


def url_key(url: str) -> str:
    """Host + path for comparing URLs: no scheme, ``www.``, query, fragment, ``/`` or ``.git`` at the end."""
    text = refang(url).strip()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text, flags=re.I)
    text = re.split(r"[?#]", text, maxsplit=1)[0]
    host, _, path = text.partition("/")
    host = host.lower().rsplit("@", 1)[-1].split(":", 1)[0].removeprefix("www.")
    # Paths are case-sensitive on most servers, but not on the code hosts IOCs point at; lower
    # case everywhere trades a rare false match for not missing ``GitHub.com/Owner/Repo``.
    path = path.lower().rstrip("/").removesuffix(".git").rstrip("/")
    return f"{host}/{path}" if path else host


@dataclass
class IndicatorSet:
    """Indicators by kind, each keyed by its normalised value for O(1) matching."""

    domains: dict[str, Indicator] = field(default_factory=dict)
    ips: dict[str, Indicator] = field(default_factory=dict)
    urls: dict[str, Indicator] = field(default_factory=dict)  # keyed by ``url_key``
    hashes: dict[str, Indicator] = field(default_factory=dict)
    emails: dict[str, Indicator] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(d) for d in (self.domains, self.ips, self.urls, self.hashes, self.emails))

    def __iter__(self) -> Iterator[Indicator]:
        for table in (self.domains, self.ips, self.urls, self.hashes, self.emails):
            yield from table.values()

    def add(self, ind: Indicator) -> None:
        """Add one indicator; the first one seen for a value is kept (its line is the reference)."""
        table, key = self._slot(ind.kind, ind.value)
        table.setdefault(key, ind)

    def update(self, other: Iterable[Indicator]) -> None:
        for ind in other:
            self.add(ind)

    def _slot(self, kind: IndicatorKind, value: str) -> tuple[dict[str, Indicator], str]:
        if kind == "url":
            return self.urls, url_key(value)
        table = {"domain": self.domains, "ip": self.ips, "hash": self.hashes, "email": self.emails}[kind]
        return table, value.lower()

    def match(self, value: str) -> Indicator | None:
        """The indicator ``value`` hits, whether given defanged or plain; None when clean.

        A subdomain hits its parent domain indicator, a URL hits an indicator URL it extends
        (``…/repo/tree/main`` hits ``…/repo``), and an email hits its address or its domain.
        """
        text = refang(value).strip().strip("<>\"'")
        if not text:
            return None
        if _HASH.fullmatch(text):
            return self.hashes.get(text.lower())
        ip = _ip(text)
        if ip is not None:
            return self.ips.get(ip)
        if "@" in text and "/" not in text:
            hit = self.emails.get(text.lower().removeprefix("mailto:"))
            return hit or self._match_domain(text.rsplit("@", 1)[1])
        key = url_key(text)
        if "/" in key:
            return self._match_url(key) or self._match_domain(key.split("/", 1)[0])
        return self._match_domain(key) or self.urls.get(key)

    def match_many(self, values: Iterable[str]) -> dict[str, Indicator]:
        """Hits among ``values``, matched once per distinct value: value → indicator."""
        out: dict[str, Indicator] = {}
        for value in dict.fromkeys(values):
            hit = self.match(value)
            if hit is not None:
                out[value] = hit
        return out

    def _match_url(self, key: str) -> Indicator | None:
        parts = key.split("/")
        for end in range(len(parts), 0, -1):  # longest indicator prefix first
            hit = self.urls.get("/".join(parts[:end]))
            if hit is not None:
                return hit
        return None

    def _match_domain(self, host: str) -> Indicator | None:
        ip = _ip(host)
        if ip is not None:
            return self.ips.get(ip)
        labels = host.lower().strip(".").split(".")
        for i in range(len(labels) - 1):
            hit = self.domains.get(".".join(labels[i:]))
            if hit is not None:
                return hit
        return None


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        return None


def parse_iocs(text: str, source: str = "") -> IndicatorSet:
    """Indicators in a free-text report (Unit 42 style) or a plain one-per-line list."""
    out = IndicatorSet()
    lines = text.splitlines()
    has_headers = any(_HEADER.match(line.strip()) for line in lines)
    section = "" if has_headers else "LIST"
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if _HEADER.match(stripped):
            section = stripped.rstrip(":").strip()
            continue
        if not section or section.startswith(_CONTEXT_SECTIONS) or not stripped:
            continue
        out.update(_line_indicators(stripped, source, number, section))
    return out


def _line_indicators(line: str, source: str, number: int, section: str) -> Iterator[Indicator]:
    body = line.lstrip("-*•> \t")
    value_part, _, note = body.partition(" - ")
    text = refang(value_part)
    note = note.strip()

    def make(kind: IndicatorKind, value: str, why: str = "") -> Indicator:
        return Indicator(kind, value, source, number, section, why or note)

    taken: list[str] = []
    for m in _HASH.finditer(text):
        taken.append(m.group())
        yield make("hash", m.group().lower())
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:)]}")
        taken.append(url)
        yield make("url", url)
        host, _, path = url_key(url).partition("/")
        owner = path.split("/", 1)[0]
        if host in CODE_HOSTS and owner and "/" in path:
            yield Indicator("url", f"https://{host}/{owner}", source, 0, section, f"owner of {url}")
    rest = _strip(text, taken)
    for m in _EMAIL.finditer(rest):
        taken.append(m.group())
        yield make("email", m.group().lower())
    rest = _strip(rest, taken)
    for m in (*_IPV4.finditer(rest), *_IPV6.finditer(rest)):
        ip = _ip(m.group())
        if ip is not None:
            taken.append(m.group())
            yield make("ip", ip)
    rest = _strip(rest, taken)
    # Bare domains are easy to confuse with file names ("setup.py", "a.zip" have real TLDs), so
    # only take one when the author defanged it or the section is about domains.
    domain_section = "DOMAIN" in section.upper() or section == "LIST"
    for m in _DOMAIN.finditer(rest):
        candidate = m.group().lower()
        if registrable(candidate) and (domain_section or _defanged_in(value_part, candidate)):
            yield make("domain", candidate)


def _strip(text: str, taken: list[str]) -> str:
    for value in taken:
        text = text.replace(value, " ")
    return text


def _defanged_in(original: str, domain: str) -> bool:
    """True when ``domain`` appears defanged in the original text (so the author meant it as an IOC)."""
    for m in re.finditer(r"\S+", original):
        token = m.group()
        if _DEFANG_MARK.search(token) and domain in refang(token).lower():
            return True
    return False


def load_indicators(*paths: Path) -> IndicatorSet:
    """Indicators from files, or from every ``*.txt`` in the folders given (sorted, for stable results)."""
    out = IndicatorSet()
    for path in paths:
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for file in files:
            out.update(parse_iocs(file.read_text("utf-8", errors="replace"), source=file.name))
    return out
