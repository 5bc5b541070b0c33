"""Email addresses: syntax, disposable and free-mail providers, and claimed-employer domains.

Everything is offline: ``email-validator`` checks syntax only (``check_deliverability=False``,
no DNS), the disposable list comes from the ``disposable-email-domains`` package plus an
optional feed file in the same one-domain-a-line format (``disposable_email_blocklist.conf``),
and registrable domains come from tldextract's bundled suffix list.

A workspace may hold millions of rows but few distinct addresses, so ``EmailIntel`` keeps a
cache per distinct value; build it once and reuse it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from disposable_email_domains import blocklist as _PACKAGE_BLOCKLIST
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz

from unmask.intel.domains import host_of, registrable, skeleton, split_domain, to_ascii


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Personal mailbox providers: free webmail anyone can sign up to, so an address there says
# nothing about an employer. Grouped by provider; registrable domains, ASCII.
FREE_MAIL_DOMAINS: frozenset[str] = _words(
    # Google, Microsoft, Yahoo, AOL, Apple
    "gmail.com googlemail.com outlook.com hotmail.com live.com msn.com passport.com live.co.uk live.fr "
    "live.de live.nl live.it live.ca live.com.au live.jp live.cn yahoo.com ymail.com rocketmail.com "
    "aol.com aim.com icloud.com me.com mac.com "
    # privacy-focused providers (favoured by fraudsters for anonymous sign-up)
    "proton.me protonmail.com protonmail.ch pm.me tutanota.com tutanota.de tutamail.com tuta.io tuta.com "
    "keemail.me mailfence.com hushmail.com fastmail.com fastmail.fm posteo.de posteo.net mailbox.org "
    "runbox.com startmail.com disroot.org riseup.net cock.li skiff.com zohomail.com zoho.com gmx.com gmx.net "
    "mail.com email.com usa.com post.com inbox.com "
    # Russia and CIS
    "mail.ru inbox.ru list.ru bk.ru internet.ru yandex.ru yandex.com ya.ru rambler.ru ukr.net i.ua meta.ua "
    # China
    "qq.com foxmail.com 163.com 126.com yeah.net sina.com sina.cn sohu.com aliyun.com 139.com 189.cn "
    # Korea, Japan
    "naver.com daum.net hanmail.net kakao.com nate.com yahoo.co.jp "
    # Europe
    "web.de t-online.de freenet.de seznam.cz wp.pl o2.pl interia.pl onet.pl libero.it virgilio.it "
    "orange.fr laposte.net free.fr sfr.fr wanadoo.fr btinternet.com "
    # South and South-East Asia, elsewhere
    "rediffmail.com"
)  # fmt: skip
# Brands that run the same free service under many country TLDs (yahoo.co.uk, hotmail.fr, gmx.at …).
FREE_MAIL_BRANDS: frozenset[str] = frozenset({"yahoo", "hotmail", "outlook", "gmx", "yandex", "aol"})
# Providers whose mailbox ignores dots in the local part (for the canonical mailbox key).
_DOTLESS_PROVIDERS = frozenset({"gmail.com", "googlemail.com"})


@dataclass(frozen=True)
class EmailInfo:
    """What one address is: valid or why not, its domain and what kind of provider runs it."""

    raw: str
    valid: bool
    reason: str | None  # email-validator's message when invalid
    normalized: str | None  # email-validator's normalised form (domain lower-cased, Unicode NFC)
    local_part: str | None
    domain: str | None  # as written (Unicode for IDN), lower-case
    ascii_domain: str | None  # punycode form
    registrable: str | None  # ``mail.acme.co.uk`` → ``acme.co.uk``
    disposable: bool
    free_mail: bool
    corporate: bool  # valid, and neither disposable nor free mail
    mailbox_key: str | None  # one key per real mailbox: lower-case, no +tag, no dots at Gmail


def read_blocklist(path: Path) -> frozenset[str]:
    """Domains in a ``disposable_email_blocklist.conf``-style file: one per line, ``#`` comments."""
    out = set()
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            out.add(to_ascii(line))
    return frozenset(out)


class EmailIntel:
    """Disposable and free-mail lists built once; ``analyse`` is cached per distinct address."""

    def __init__(self, disposable_feed: Path | None = None, *, cache_size: int = 1 << 18) -> None:
        blocked = set(_PACKAGE_BLOCKLIST)
        if disposable_feed is not None:
            blocked |= read_blocklist(disposable_feed)
        self.disposable_domains: frozenset[str] = frozenset(blocked)
        self._cache: dict[str, EmailInfo] = {}
        self._cache_size = cache_size

    def analyse(self, raw: str) -> EmailInfo:
        """Syntax, domain and provider kind of one address (cached per distinct value)."""
        info = self._cache.get(raw)
        if info is None:
            if len(self._cache) >= self._cache_size:
                self._cache.clear()  # crude but bounded; distinct addresses are few in practice
            info = self._cache[raw] = self._analyse(raw)
        return info

    def is_disposable(self, domain: str) -> bool:
        """True when the domain or any parent of it is on the blocklist (lists hold some subdomains)."""
        labels = to_ascii(domain.lower().strip(".")).split(".")
        return any(".".join(labels[i:]) in self.disposable_domains for i in range(len(labels) - 1))

    def analyse_many(self, raws: Iterable[str]) -> list[EmailInfo]:
        """``analyse`` for each value, computed once per distinct value."""
        return [self.analyse(raw) for raw in raws]

    def _analyse(self, raw: str) -> EmailInfo:
        text = raw.strip()
        try:
            v = validate_email(text, check_deliverability=False)
        except EmailNotValidError as exc:
            domain = text.rsplit("@", 1)[-1].lower() if "@" in text else None
            return self._info(raw, False, str(exc), None, None, domain or None)
        return self._info(raw, True, None, v.normalized, v.local_part, v.domain.lower())

    def _info(
        self,
        raw: str,
        valid: bool,
        reason: str | None,
        normalized: str | None,
        local: str | None,
        domain: str | None,
    ) -> EmailInfo:
        ascii_domain = to_ascii(domain) if domain else None
        reg = registrable(ascii_domain) if ascii_domain else None
        disposable = bool(ascii_domain) and self.is_disposable(ascii_domain or "")
        free = is_free_mail(ascii_domain) if ascii_domain else False
        key = mailbox_key(local, reg) if valid and local and reg else None
        return EmailInfo(
            raw=raw,
            valid=valid,
            reason=reason,
            normalized=normalized,
            local_part=local,
            domain=domain,
            ascii_domain=ascii_domain,
            registrable=reg,
            disposable=disposable,
            free_mail=free,
            corporate=valid and not disposable and not free,
            mailbox_key=key,
        )


def is_free_mail(domain: str) -> bool:
    """True for a personal webmail provider (``FREE_MAIL_DOMAINS`` or a ``FREE_MAIL_BRANDS`` country TLD)."""
    reg = registrable(domain)
    if reg is None:
        return False
    return reg in FREE_MAIL_DOMAINS or split_domain(reg)[1] in FREE_MAIL_BRANDS


def mailbox_key(local_part: str, domain: str) -> str:
    """One key per real mailbox, for linking identities: ``J.Doe+x@GoogleMail.com`` → ``jdoe@gmail.com``."""
    local = local_part.lower().split("+", 1)[0]
    domain = domain.lower()
    if domain in _DOTLESS_PROVIDERS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


@lru_cache(maxsize=4)
def _default_intel() -> EmailIntel:
    return EmailIntel()


def analyse_email(raw: str) -> EmailInfo:
    """Analyse one address with the package's disposable list (see ``EmailIntel`` to add a feed)."""
    return _default_intel().analyse(raw)


# --- claimed employer vs email/website domain ----------------------------------------------

# Legal-form and filler words dropped from a company name before comparing it with a domain.
_LEGAL_WORDS = _words(
    "inc incorporated llc ltd limited corp corporation co company plc gmbh ag sa sas sarl bv nv "
    "oy ab as aps srl spa pty pvt private lp llp pc the"
)
_GENERIC_WORDS = _words(
    "group holdings technologies technology tech solutions services systems software consulting global "
    "international labs digital it"
)

EmployerVerdict = Literal["match", "lookalike", "unrelated", "free_mail", "disposable", "invalid"]


@dataclass(frozen=True)
class EmployerDomainMatch:
    """How a domain relates to a claimed employer. ``score``: 1 names it, 0.5–0.9 resembles it, <0.5 not."""

    score: float
    verdict: EmployerVerdict
    label: str  # the domain's name part ("initech-jobs"); the registrable domain for free/disposable mail
    reason: str


def _name_tokens(name: str) -> tuple[list[str], list[str]]:
    """Words of a company name: (without trailing legal forms, all of them), ASCII, lower-case."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [t for t in re.findall(r"[a-z0-9]+", text.replace(".", "").replace("&", " and ")) if t != "the"]
    tokens = list(words)
    while tokens and tokens[-1] in _LEGAL_WORDS:
        tokens.pop()
    return tokens or words, words


def _abbreviates(flat: str, tokens: list[str]) -> bool:
    """True for the first word whole plus prefixes of the next ones: "globexsoft" for Globex Software."""
    first, rest = tokens[0], tokens[1:]
    if not rest or not flat.startswith(first) or len(flat) == len(first):
        return False
    return _prefixes(flat[len(first) :], rest)


def _prefixes(text: str, words: list[str]) -> bool:
    if not text:
        return True
    if not words:
        return False
    word = words[0]
    longest = min(len(word), len(text))
    return any(text.startswith(word[:n]) and _prefixes(text[n:], words[1:]) for n in range(longest, 1, -1))


@lru_cache(maxsize=65536)
def match_employer_domain(employer_name: str, email_or_domain: str) -> EmployerDomainMatch:
    """Compare a claimed employer ("Initech Inc") with the domain of an email or website.

    ``initech.com`` or ``initech.co.uk`` names the employer (1.0; the TLD is not judged here,
    the look-alike index does that for known companies). ``initech-jobs.net`` or ``inittech.com``
    resemble it without being its plain name: the pattern of front domains (0.5–0.9,
    verdict ``lookalike``). Free-mail and disposable domains say nothing about an employer, even
    one that runs them (an outlook.com address does not show employment at Microsoft).
    """
    host = to_ascii(host_of(email_or_domain))
    reg = registrable(host)
    tokens, words = _name_tokens(employer_name)
    if reg is None or not tokens:
        return EmployerDomainMatch(0.0, "invalid", "", "no registrable domain or no employer name")
    if is_free_mail(reg):
        return EmployerDomainMatch(0.0, "free_mail", reg, f"{reg} is a free mail provider")
    if _default_intel().is_disposable(host):
        return EmployerDomainMatch(0.0, "disposable", reg, f"{reg} is a disposable mail provider")
    label = split_domain(reg)[1]
    flat = label.replace("-", "")
    core = [t for t in tokens if t not in _GENERIC_WORDS] or tokens
    forms = {sep.join(ws) for sep in ("", "-") for ws in (tokens, core, words)}
    if len(tokens) >= 3:
        forms.add("".join(t[0] for t in tokens))  # International Business Machines → ibm
    if label in forms or flat in forms:
        return EmployerDomainMatch(1.0, "match", label, f"'{label}' is the employer's name")
    prefixes = {"".join(tokens[:k]) for k in range(1, len(tokens))}
    if flat in prefixes and len(flat) >= 4:
        return EmployerDomainMatch(0.9, "match", label, f"'{label}' is the start of the employer's name")
    if _abbreviates(flat, tokens):
        return EmployerDomainMatch(0.9, "match", label, f"'{label}' abbreviates the employer's name")
    name = "".join(core)
    if len(name) >= 3 and name in flat:
        extra = flat.replace(name, "", 1)
        score = max(0.5, 0.85 - 0.03 * len(extra))
        reason = f"'{label}' adds '{extra}' to the name"
        return EmployerDomainMatch(round(score, 3), "lookalike", label, reason)
    if skeleton(flat) == skeleton(name):
        return EmployerDomainMatch(0.85, "lookalike", label, f"'{label}' swaps look-alike characters")
    similarity = fuzz.ratio(flat, name) / 100.0
    if similarity >= 0.8:
        reason = f"'{label}' is a near-spelling of the name"
        return EmployerDomainMatch(round(0.9 * similarity, 3), "lookalike", label, reason)
    partial = fuzz.partial_ratio(flat, name) / 100.0 if min(len(flat), len(name)) >= 5 else 0.0
    score = round(0.45 * max(similarity, partial), 3)  # stays below the 0.5 "resembles" band
    return EmployerDomainMatch(score, "unrelated", label, f"'{label}' does not name the employer")


def employer_domain_matches(employer_name: str, email_or_domain: str) -> float:
    """``match_employer_domain(...).score``: 1 names the employer, 0.5–0.9 resembles it (flag), <0.5 not."""
    return match_employer_domain(employer_name, email_or_domain).score
