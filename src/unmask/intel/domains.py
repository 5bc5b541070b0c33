"""Domain names: defanging, registrable domains and look-alikes of real companies.

DPRK IT-worker schemes pose as US IT firms through domains that imitate them (the DOJ
seized 17 such domains in October 2023). A front's domain is rarely a random string: it is
the real firm's name with a swapped letter, a Cyrillic glyph, an added ``-it-solutions``
or another TLD. We find those offline: no DNS, no WHOIS, only string work against a list
of real companies (``intel/data/known_companies.txt``, extensible by the user).

Speed: a workspace holds thousands of firm/email domains and we compare them with hundreds
of known companies. Everything per known company is computed once in ``LookalikeIndex``
(dnstwist permutations into a dict, homoglyph skeletons into a dict, labels bucketed by
length), so checking one domain is a few dict lookups plus a bounded edit distance.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import dnstwist  # untyped: see mypy overrides in pyproject.toml
import idna
import tldextract
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

# --- defang / refang -----------------------------------------------------------------------

# Threat-intel writers break indicators so nobody clicks them: example[.]com, example(.)com,
# example[dot]com, hxxps[:]//, user[@]example.com. Accept all the usual spellings.
_REFANG_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"\bh(?:xx|\*\*)p(s?)(?=\s*(?:\[:\]|\(:\)|:|\[://\]))", re.I),
        lambda m: "http" + m.group(1).lower(),
    ),
    (re.compile(r"\bfxp(?=\s*(?:\[:\]|:|\[://\]))", re.I), "ftp"),
    (re.compile(r"\[://\]"), "://"),
    (re.compile(r"\[\s*:\s*\]|\(\s*:\s*\)|\{\s*:\s*\}"), ":"),
    (re.compile(r"\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}", re.I), "."),
    (re.compile(r"\[\s*(?:@|at)\s*\]|\(\s*(?:@|at)\s*\)|\{\s*(?:@|at)\s*\}", re.I), "@"),
    (re.compile(r"\[/\]"), "/"),
    (re.compile(r"\\\."), "."),
)


def refang(value: str) -> str:
    """Undo defanging: ``hxxps[:]//example[.]com`` → ``https://example.com``. Plain input is unchanged."""
    out = value.strip()
    for pattern, repl in _REFANG_RULES:
        out = pattern.sub(repl, out)
    return out


def defang(value: str) -> str:
    """Make an indicator safe to show or paste: ``https://a.com`` → ``hxxps[:]//a[.]com``.

    Idempotent (the value is refanged first), and ``refang(defang(x)) == x`` for plain input.
    """
    out = refang(value)
    out = re.sub(r"^(?i:http)(s?)://", r"hxxp\1[:]//", out)
    out = re.sub(r"^(?i:ftp)://", "fxp[:]//", out)
    return out.replace(".", "[.]").replace("@", "[@]")


# --- hosts and registrable domains ---------------------------------------------------------


@cache
def _extractor() -> tldextract.TLDExtract:
    # No suffix-list URLs and no cache dir: tldextract uses the snapshot bundled in the wheel,
    # so this never touches the network or the disk (the tool runs offline).
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_of(value: str) -> str:
    """The host name in a domain, URL or email address, refanged, lower-case, no port or dot at the end."""
    text = refang(value).strip().lower()
    if "://" in text:
        text = text.split("://", 1)[1]
    text = re.split(r"[/?#\s]", text, maxsplit=1)[0]
    text = text.rsplit("@", 1)[-1]
    if text.startswith("[") and "]" in text:  # bracketed IPv6 literal
        return text[1 : text.index("]")]
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.strip(".")


def to_ascii(domain: str) -> str:
    """Punycode (``xn--``) form of a host name; the input unchanged when IDNA rejects it."""
    if domain.isascii():
        return domain.lower()
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        try:
            return domain.encode("idna").decode("ascii")
        except UnicodeError:
            return domain.lower()


def to_unicode(domain: str) -> str:
    """Unicode form of a host name (decodes ``xn--`` labels one by one; bad labels stay as they are)."""
    labels = []
    for label in domain.lower().split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(idna.IDNAError, UnicodeError):
                label = idna.decode(label)
        labels.append(label)
    return ".".join(labels)


@lru_cache(maxsize=65536)
def split_domain(domain: str) -> tuple[str, str, str]:
    """``(subdomain, label, public suffix)`` of a host in ASCII form; suffix '' when none is known."""
    ext = _extractor()(to_ascii(host_of(domain)))
    return ext.subdomain, ext.domain, ext.suffix


def registrable(domain: str) -> str | None:
    """Registrable domain in ASCII (``careers.acme.co.uk`` → ``acme.co.uk``); None for IPs and bare names."""
    _, label, suffix = split_domain(domain)
    return f"{label}.{suffix}" if label and suffix else None


# --- known companies -----------------------------------------------------------------------


def parse_known_companies(text: str) -> dict[str, str]:
    """Parse ``domain  Company Name`` lines (``#`` starts a comment) into registrable domain → name."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        domain, _, name = line.partition(" ")
        reg = registrable(domain)
        if reg:
            out[reg] = name.strip() or reg
    return out


def load_known_companies(*extra: Path) -> dict[str, str]:
    """The bundled list of real IT/staffing companies plus any user files in the same format."""
    text = resources.files("unmask.intel.data").joinpath("known_companies.txt").read_text("utf-8")
    known = parse_known_companies(text)
    for path in extra:
        known.update(parse_known_companies(path.read_text("utf-8")))
    return known


# --- look-alikes ---------------------------------------------------------------------------

# Homoglyphs: fold every character to the ASCII letter it imitates, so that a look-alike and
# its target share one "skeleton" however many glyphs were swapped. dnstwist's own tables
# (accented Latin, Cyrillic) seed it; we add Greek and the digit/letter pairs of its ASCII table.
_EXTRA_GLYPHS = {
    "0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s", "$": "s",
    "α": "a", "ο": "o", "ε": "e", "ι": "l", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ѕ": "s", "і": "l", "ӏ": "l", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ɩ": "l",
}  # fmt: skip
_MULTI_GLYPHS = (("rn", "m"), ("vv", "w"), ("cl", "d"))


@cache
def _glyph_table() -> dict[str, str]:
    table: dict[str, str] = {}
    sources: list[dict[str, tuple[str, ...]]] = [dnstwist.Fuzzer.glyphs_unicode]
    sources.extend(dnstwist.Fuzzer.glyphs_idn_by_tld.values())
    for source in sources:
        for ascii_char, glyphs in source.items():
            for glyph in glyphs:
                if len(glyph) == 1 and not glyph.isascii():
                    table.setdefault(glyph, ascii_char)
    for latin, cyrillic in dnstwist.Fuzzer.latin_to_cyrillic.items():
        table.setdefault(cyrillic, latin)
    table.update(_EXTRA_GLYPHS)
    return table


def skeleton(label: str) -> str:
    """ASCII skeleton of a domain label: ``rnicrosoft``, ``micr0soft`` and ``mіcrosoft`` (Cyrillic і) all
    give the skeleton of ``microsoft``. Accents are stripped, digits that look like letters folded."""
    table = _glyph_table()
    chars = []
    for ch in to_unicode(label):
        mapped = table.get(ch)
        if mapped is None:
            mapped = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            mapped = table.get(mapped, mapped)
        chars.append(mapped)
    out = "".join(chars)
    for seq, repl in _MULTI_GLYPHS:
        out = out.replace(seq, repl)
    return out


# How strongly each technique suggests deliberate imitation (0..1). dnstwist's names are kept.
TECHNIQUE_SCORES: dict[str, float] = {
    "idn-homoglyph": 0.97, "cyrillic": 0.97, "homoglyph": 0.95, "transposition": 0.9,
    "added-word": 0.85, "hyphenation": 0.85, "omission": 0.85, "repetition": 0.85, "replacement": 0.85,
    "vowel-swap": 0.8, "insertion": 0.8, "plural": 0.8, "subdomain": 0.8, "various": 0.8, "tld-swap": 0.8,
    "edit-distance": 0.75, "bitsquatting": 0.75, "addition": 0.75, "added-text": 0.6,
}  # fmt: skip
# dnstwist fuzzers we precompute. Not 'homoglyph' (90% of its output and 0.3 s per domain;
# ``skeleton`` catches any number of glyph swaps), not 'tld-swap'/'dictionary' (done below
# for every TLD and word, without enumerating them).
DNSTWIST_FUZZERS = (
    "addition", "bitsquatting", "cyrillic", "hyphenation", "insertion", "omission", "plural",
    "repetition", "replacement", "subdomain", "transposition", "vowel-swap", "various",
)  # fmt: skip
# Words fronts add to a real firm's name ("acme-it-solutions.com", "microsoftcareers.com").
LURE_WORDS = frozenset(
    str.split(
        "careers career jobs job hr hiring hire recruit recruiting recruitment recruiter talent staffing "
        "team it tech technology technologies solutions solution services service group global corp inc "
        "llc ltd co company us usa uk eu na online portal login secure support dev digital consulting "
        "consultants partners labs systems software cloud remote work apply onboarding payroll benefits "
        "hq official int international worldwide americas"
    )
)
_MIN_FUZZ_LABEL = 4  # labels shorter than this ("hp", "ey", "sap") make typo checks pure noise


class _Hit(Protocol):
    """The callback ``LookalikeIndex.check`` hands its technique helpers to record a match."""

    def __call__(self, target: str, technique: str, detail: str, factor: float = 1.0) -> None: ...


@dataclass(frozen=True)
class Lookalike:
    """One known company a domain appears to imitate, how, and how strongly (0..1)."""

    domain: str
    target: str
    target_name: str
    technique: str
    score: float
    detail: str


class LookalikeIndex:
    """Real company domains prepared once for fast look-alike checks of many candidate domains.

    Building costs ~10 ms per known domain (dnstwist IDNA-encodes each of its ~300 permutations),
    ~2 s for the bundled list: build one index per run and reuse it. A check costs ~0.1 ms.
    """

    def __init__(self, known: Mapping[str, str] | Iterable[str], *, max_edit_distance: int = 2) -> None:
        names = dict(known) if isinstance(known, Mapping) else {d: d for d in known}
        self.names: dict[str, str] = {}
        for domain, name in names.items():
            reg = registrable(domain)
            if reg:
                self.names[reg] = name if name != domain else reg
        self.max_edit_distance = max_edit_distance
        self._by_label: dict[str, list[str]] = {}
        self._by_skeleton: dict[str, list[str]] = {}
        self._by_length: dict[int, list[str]] = {}
        self._permutations: dict[str, tuple[str, str]] = {}
        for reg in sorted(self.names):
            _, label, _ = split_domain(reg)
            self._by_label.setdefault(label, []).append(reg)
            self._by_skeleton.setdefault(skeleton(label), []).append(reg)
            if len(label) >= _MIN_FUZZ_LABEL:
                self._by_length.setdefault(len(label), []).append(label)
                self._add_permutations(reg)
        self._label_lengths = sorted({len(label) for label in self._by_label})

    def _add_permutations(self, reg: str) -> None:
        try:
            fuzzer = dnstwist.Fuzzer(reg)
            fuzzer.generate(fuzzers=list(DNSTWIST_FUZZERS))
        except (idna.IDNAError, UnicodeError, ValueError):
            return  # a name dnstwist cannot handle (e.g. an underscore) keeps its other checks
        # Sorted so that ties between fuzzers resolve the same way on every run.
        for perm in sorted(fuzzer.domains, key=lambda p: (str(p["domain"]), str(p["fuzzer"]))):
            domain, technique = str(perm["domain"]), str(perm["fuzzer"])
            if domain in self.names or technique.startswith("*"):
                continue
            old = self._permutations.get(domain)
            if old is None or TECHNIQUE_SCORES.get(technique, 0.5) > TECHNIQUE_SCORES.get(old[1], 0.5):
                self._permutations[domain] = (reg, technique)

    def check(self, domain: str, *, min_score: float = 0.0) -> list[Lookalike]:
        """Known companies ``domain`` imitates, best first. Known domains and their subdomains give []."""
        host = to_ascii(host_of(domain))
        reg = registrable(host)
        if reg is None or reg in self.names:
            return []
        _, label, suffix = split_domain(reg)
        best: dict[str, tuple[str, float, str]] = {}

        def hit(target: str, technique: str, detail: str, factor: float = 1.0) -> None:
            score = round(TECHNIQUE_SCORES.get(technique, 0.5) * factor, 3)
            if score > best.get(target, ("", -1.0, ""))[1]:
                best[target] = (technique, score, detail)

        for candidate in dict.fromkeys((reg, host)):
            if candidate in self._permutations:
                target, technique = self._permutations[candidate]
                hit(target, technique, f"dnstwist '{technique}' permutation of {target}")
        self._check_homoglyph(label, suffix, hit)
        for target in self._by_label.get(label, []):
            hit(target, "tld-swap", f"same name as {target} under .{suffix}")
        self._check_added_words(label, hit)
        self._check_edit_distance(label, suffix, hit)
        out = [
            Lookalike(reg, target, self.names[target], technique, score, detail)
            for target, (technique, score, detail) in best.items()
            if score >= min_score
        ]
        return sorted(out, key=lambda x: (-x.score, x.target))

    def check_many(self, domains: Iterable[str], *, min_score: float = 0.0) -> dict[str, list[Lookalike]]:
        """``check`` for each distinct domain (computed once per value)."""
        return {d: self.check(d, min_score=min_score) for d in dict.fromkeys(domains)}

    def _check_homoglyph(self, label: str, suffix: str, hit: _Hit) -> None:
        idn = label.startswith("xn--") or any(p.startswith("xn--") for p in suffix.split("."))
        for target in self._by_skeleton.get(skeleton(label), []):
            target_label = split_domain(target)[1]
            if target_label == label:
                continue  # same label, other TLD: tld-swap handles it
            technique = "idn-homoglyph" if idn else "homoglyph"
            shown = to_unicode(label)
            hit(target, technique, f"'{shown}' reads as '{target_label}' ({target})")

    def _check_added_words(self, label: str, hit: _Hit) -> None:
        # The known name as a hyphen token ("us-acme-jobs") or glued to the front or back ("acmecareers").
        splits = [(tok, "-".join(t for t in label.split("-") if t != tok)) for tok in set(label.split("-"))]
        for size in self._label_lengths:
            if size >= len(label):
                break
            splits += [(label[:size], label[size:]), (label[-size:], label[:-size])]
        for known_label, rest in splits:
            targets = self._by_label.get(known_label) if known_label != label else None
            if not targets:
                continue
            words = [w for w in rest.split("-") if w]
            hyphenated = known_label in label.split("-")
            lure = bool(words) and all(w in LURE_WORDS or _is_compound(w) for w in words)
            # Short names ("hp", "sap") are inside many unrelated names: only a hyphenated lure word
            # ("hp-careers") counts for them; unknown extra text needs a long, distinctive name.
            if lure and (hyphenated or len(known_label) >= 3):
                technique = "added-word"
            elif words and len(known_label) >= (5 if hyphenated else 6):
                technique = "added-text"
            else:
                continue
            for target in targets:
                hit(target, technique, f"'{label}' is '{known_label}' plus '{'-'.join(words)}'")

    def _check_edit_distance(self, label: str, suffix: str, hit: _Hit) -> None:
        # Short labels: one edit is a different word ("dell"/"deli"), so the allowance grows with length.
        max_d = 0 if len(label) < 5 else 1 if len(label) < 9 else self.max_edit_distance
        if max_d == 0:
            return
        choices = [
            known
            for n in range(len(label) - max_d, len(label) + max_d + 1)
            for known in self._by_length.get(n, [])
        ]
        for known_label, distance, _ in process.extract(
            label, choices, scorer=DamerauLevenshtein.distance, score_cutoff=max_d, limit=None
        ):
            if distance == 0:
                continue
            for target in self._by_label[known_label]:
                factor = 1.0 if distance == 1 else 0.85
                hit(target, "edit-distance", f"'{label}' is {distance} edit(s) from '{known_label}'", factor)


def _is_compound(rest: str) -> bool:
    """True when ``rest`` is made only of lure words glued together ("itsolutions", "careers")."""
    rest = rest.strip("-")
    if not rest:
        return False
    ok = [True] + [False] * len(rest)
    for end in range(1, len(rest) + 1):
        ok[end] = any(ok[start] and rest[start:end] in LURE_WORDS for start in range(max(0, end - 14), end))
    return ok[-1]


@lru_cache(maxsize=8)
def _index_for(known: frozenset[str]) -> LookalikeIndex:
    return LookalikeIndex(known)


def lookalike(domain: str, known: Iterable[str]) -> list[Lookalike]:
    """Known company domains that ``domain`` imitates, best first (index cached per known set)."""
    return _index_for(frozenset(known)).check(domain)
