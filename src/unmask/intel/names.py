"""Name normalisation and comparison for sanctions screening.

Sanctions lists spell a name one way; a CV, an invoice or a payroll record spells
it another: different word order ("KIM, Sang Man" / "Sang Man Kim"), punctuation
and legal forms ("CO., LTD."), compound words split or joined ("Silver Star" /
"Silverstar"), and, for Korean names, several romanisation systems ("Sim Hyon
Sop" in the DPRK's McCune-Reischauer, "Shim Hyun Sup" in everyday use).

The approach, in order:

1. :func:`normalise_name`: Unicode NFKD, accents stripped, non-Latin scripts
   transliterated with ``anyascii``, case folded, punctuation removed (apostrophes
   vanish so "Hyo'n" is "hyon"; hyphens split "Jong-su" into "jong su").
2. :func:`name_forms` precomputes what comparison needs: tokens; for organisations
   the *core* (legal forms and generic words like "technology" removed); Korean
   syllable folding (``names_tables.KOREAN_*``) that maps every romanisation of a
   syllable to one key; and blocking keys for the inverted index.
3. :func:`compare_forms` scores with rapidfuzz ratios after aligning compound
   words; the formulas are documented on :func:`_person_score` and :func:`_org_score`.

Scores are in [0, 1]. The screening threshold lives with the screening code in
:mod:`unmask.intel.sanctions`, where it is justified against real data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from anyascii import anyascii
from rapidfuzz import fuzz

from unmask.intel import names_tables as T

NameKind = Literal["person", "organisation", "any"]
FormKind = Literal["person", "organisation"]

#: Name parts this short are whole syllables or short names ("Min", "Wei", "Star"); one
#: letter off is a different name, not a typo, so they must agree exactly (up to romanisation).
SHORT_TOKEN = 4
#: Least rapidfuzz ratio (0-100) for two longer words to count as the same word misspelt.
TOKEN_MIN_RATIO = 85.0
#: Score ceiling for a pair whose words disagree (see _parts_agree); below any sensible threshold.
SHORT_MISMATCH_CAP = 0.8
#: Highest weight of the core (distinctive words) in an organisation score; see _core_weight.
CORE_WEIGHT = 0.8
SINGLE_CORE_WEIGHT = 0.6

_APOSTROPHES = re.compile(r"['’‘`´ʼʻ]")
_DOTTED_INITIALS = re.compile(r"\b(?:[a-z]\.){2,}")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


# --- normalisation ----------------------------------------------------------------------------


def _to_ascii(text: str) -> str:
    """Latin with accents stripped; other scripts transliterated, one syllable per word.

    anyascii renders Hangul and Han syllables as capitalised runs ("GimSangMan"); spacing
    them keeps syllables as separate tokens, which alignment can re-join if needed.
    """
    if text.isascii():
        return text
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ch)
            continue
        # Latin letters with accents decompose to ASCII plus combining marks; Hangul would
        # decompose into jamo, which anyascii spells letter by letter, so it is not decomposed.
        plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if plain.isascii():
            out.append(plain)
        else:
            trans = anyascii(ch)
            out.append(f" {trans} " if len(trans) > 1 and trans[:1].isupper() else trans)
    return "".join(out)


@lru_cache(maxsize=65536)
def _tokens(name: str) -> tuple[tuple[str, ...], int]:
    """Normalised tokens, and how many came before the first comma (0 when none).

    OFAC writes individuals as "LAST, First Middle"; the comma tells us the surname.
    """
    text = _APOSTROPHES.sub("", _to_ascii(name).casefold())
    text = _DOTTED_INITIALS.sub(lambda m: m.group().replace(".", ""), text)  # "L.L.C." -> "llc"
    head, comma, _ = text.partition(",")
    tokens = tuple(_NON_ALNUM.sub(" ", text).split())
    before = len(_NON_ALNUM.sub(" ", head).split()) if comma else 0
    return tokens, before


_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in T.LEGAL_PHRASES:  # longest first, as LEGAL_PHRASES is sorted
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


def _strip_legal_forms(tokens: list[str]) -> list[str]:
    """Drop legal forms: phrases anywhere, unambiguous words anywhere, short ones at the edges."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in _PHRASES_BY_FIRST.get(tokens[i], ()):
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            if tokens[i] not in T.LEGAL_FORMS_ANYWHERE:
                out.append(tokens[i])
            i += 1
    while out and out[-1] in T.LEGAL_FORMS_AT_EDGE:
        out.pop()
    while out and out[0] in T.LEGAL_FORMS_AT_EDGE:
        out.pop(0)
    return out


def _org_tokens(name: str) -> tuple[str, ...]:
    tokens, _ = _tokens(name)
    expanded: list[str] = []
    for tok in _strip_legal_forms(list(tokens)):
        expanded.extend(T.ORG_SYNONYMS.get(tok, (tok,)))
    return tuple(expanded) or tokens  # a name that is only a legal form keeps its words


def normalise_name(name: str, *, kind: NameKind = "any") -> str:
    """Normalised form of a name: ASCII, lower case, no punctuation, single spaces.

    For organisations legal forms are removed and abbreviations expanded
    ("Yanbian Silverstar Network Technology Co., Ltd." -> "yanbian silverstar network
    technology"); word order is kept.
    """
    if kind == "organisation":
        return " ".join(_org_tokens(name))
    return " ".join(_tokens(name)[0])


# --- Korean syllables -------------------------------------------------------------------------


def _build_syllables() -> dict[str, str]:
    table: dict[str, str] = {}
    for ini, ini_cls in T.KOREAN_INITIALS:
        for vow, vow_cls in T.KOREAN_VOWELS:
            for fin, fin_cls in T.KOREAN_FINALS:
                table.setdefault(ini + vow + fin, ini_cls + vow_cls + fin_cls)
    return table


_SYLLABLES = _build_syllables()
#: Letters no romanisation of Korean uses (and "c" outside "ch"): a cheap early "no".
_NOT_KOREAN = re.compile(r"[fqvxz0-9]|c(?!h)")
_MAX_SYLLABLE = max(map(len, _SYLLABLES))


@lru_cache(maxsize=65536)
def _segment(token: str) -> tuple[int, str] | None:
    """(syllable count, key) of the best reading of ``token`` as Korean syllables, else None."""
    if _NOT_KOREAN.search(token):
        return None
    n = len(token)
    best: dict[int, tuple[int, str] | None] = {n: (0, "")}
    for i in range(n - 1, -1, -1):
        choice: tuple[int, str] | None = None
        for j in range(min(n, i + _MAX_SYLLABLE), i, -1):
            key = _SYLLABLES.get(token[i:j])
            rest = best[j]
            if key is not None and rest is not None and (choice is None or rest[0] + 1 < choice[0]):
                choice = (rest[0] + 1, key + rest[1])
        best[i] = choice
    return best[0] if n else None


def fold_korean(token: str, max_syllables: int = 3) -> str | None:
    """Romanisation-independent key of a token made of Korean syllables, else None.

    "hyon", "hyun", "hyeon" -> "hyon"; "sop", "sup", "seop" -> "sop"; "jongsu",
    "jeongsu", "chungsu" -> "jongso". Segmentation prefers fewer, then longer-first
    syllables; keys are concatenated class letters, so where a consonant is cut
    (final of one syllable or initial of the next) rarely changes the key.
    """
    found = _segment(token)
    return found[1] if found is not None and found[0] <= max_syllables else None


def _korean_surname_key(token: str) -> str | None:
    if token in T.KOREAN_SURNAME_KEYS:
        return T.KOREAN_SURNAME_KEYS[token]
    key = fold_korean(T.KOREAN_SURNAME_SPELLINGS.get(token, token), 1)
    return key if key in _KOREAN_SURNAME_KEYS else None


_KOREAN_SURNAME_KEYS = frozenset(k for s in T.KOREAN_SURNAMES if (k := fold_korean(s, 1))) | frozenset(
    T.KOREAN_SURNAME_KEYS.values()
)


def _korean_parses(tokens: tuple[str, ...], before_comma: int) -> tuple[tuple[str, str], ...]:
    """(surname key, given-name key) readings of a name that reads as Korean; else ().

    The surname is the part before a comma, else the first or the last word (both are
    tried: "Kim Min-jun" and "Min-jun Kim"). The given name is every other word folded
    and joined, so "Sang Man", "Sang-man" and "Sangman" agree.
    """
    if not 2 <= len(tokens) <= 4:
        return ()
    positions = [0] if before_comma == 1 else ([] if before_comma else [0, len(tokens) - 1])
    parses: list[tuple[str, str]] = []
    for pos in positions:
        surname = _korean_surname_key(tokens[pos])
        if surname is None:
            continue
        given = [_segment(t) for t in tokens[:pos] + tokens[pos + 1 :]]
        if any(g is None for g in given):
            continue
        if sum(g[0] for g in given if g) <= 3:  # Korean given names have one to three syllables
            parses.append((surname, "".join(g[1] for g in given if g)))
    return tuple(dict.fromkeys(parses))


# --- forms and blocking keys ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameForms:
    """Everything comparison and blocking need about one name, computed once."""

    kind: FormKind
    tokens: tuple[str, ...]
    core: tuple[str, ...]
    folded: tuple[str, ...]
    korean: tuple[tuple[str, str], ...]
    keys: frozenset[str]

    @property
    def size(self) -> int:
        """Number of words that carry identity (core words for organisations)."""
        return len(self.core)


def _fold_all(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold_korean(t, 4) or t for t in tokens)


def _pairs(tokens: tuple[str, ...]) -> set[str]:
    return {a + b for a, b in pairwise(tokens)}


@lru_cache(maxsize=65536)
def name_forms(name: str, kind: FormKind) -> NameForms:
    """Precompute comparison forms and blocking keys of ``name`` read as ``kind``.

    Korean syllable folding is applied only where the name reads as Korean: for a person
    (Korean surname, syllabic given names) as the (surname, given name) readings, whose
    keys are also the blocking keys; for a firm whose every distinctive word is syllabic
    ("Chinyong", "Sobaeksu") as folded words. Folded elsewhere it would equate unrelated
    Western names ("Ali"/"Ari").
    """
    if kind == "person":
        tokens, before = _tokens(name)
        core = folded = tokens  # persons compare readings, not loose folded words (_person_score)
        korean = _korean_parses(tokens, before)
    else:
        tokens = _org_tokens(name)
        core = tuple(t for t in tokens if t not in T.GENERIC_ORG_WORDS) or tokens
        korean = ()
        folded = _fold_all(core) if all(fold_korean(t, 4) for t in core) else core
    keys = set(core)
    if len(core) > 1:
        keys.update(_pairs(core))
    if folded is not core:
        keys.update(folded)
        keys.update(_pairs(folded))
    for surname, given in korean:
        keys.update((surname, given))
    return NameForms(kind, tokens, core, folded, korean, frozenset(keys))


# --- scoring ----------------------------------------------------------------------------------


def _align(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Join adjacent words on either side when the join is a word on the other side.

    "silver star" vs "silverstar", "jong su" vs "jongsu": after alignment both sides
    use the same words, so token ratios see equal tokens.
    """

    def merge(x: tuple[str, ...] | list[str], other: set[str]) -> list[str]:
        # Fast exit, the usual case: a join of x's words is a substring of all of x joined,
        # so if no other-side word is, there is nothing to merge (saves most of the loop).
        joined = "".join(x)
        if len(x) < 2 or not any(o in joined and o not in x for o in other):
            return list(x)
        out: list[str] = []
        i = 0
        while i < len(x):
            for width in (3, 2):
                if i + width <= len(x) and "".join(x[i : i + width]) in other:
                    out.append("".join(x[i : i + width]))
                    i += width
                    break
            else:
                out.append(x[i])
                i += 1
        return out

    a2 = merge(a, set(b))
    b2 = merge(b, set(a2))
    return a2, b2


def _parts_agree(a: list[str], b: list[str]) -> bool:
    """Every word on either side has a partner on the other: equal if it is short
    (<= ``SHORT_TOKEN`` letters), else at least ``TOKEN_MIN_RATIO`` similar.

    A whole-string ratio forgives one letter in "saleh salma" / "saleh salim" (0.91),
    yet Salma and Salim are different people; per word, 0.8 fails. Typos in longer
    words ("mohammed" / "mohamed", 0.93) still pass.
    """
    sa, sb = set(a), set(b)
    for side, other, other_set in ((a, b, sb), (b, a, sa)):
        for tok in side:
            if tok in other_set:
                continue
            if len(tok) <= SHORT_TOKEN or max(fuzz.ratio(tok, o) for o in other) < TOKEN_MIN_RATIO:
                return False
    return True


def _token_score(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """token_sort_ratio of the aligned words, capped when a word has no partner (_parts_agree)."""
    a2, b2 = _align(a, b)
    if a2 == b2:
        return 1.0
    score = fuzz.token_sort_ratio(" ".join(a2), " ".join(b2)) / 100.0
    if score > SHORT_MISMATCH_CAP and not _parts_agree(a2, b2):
        score = SHORT_MISMATCH_CAP
    return score


def _person_score(a: NameForms, b: NameForms) -> float:
    """Person names: 1.0 for the same Korean reading, else the literal comparison.

    * Korean reading: both names read as Korean (:func:`_korean_parses`) with the same
      surname key and the same given-name key, syllables in order ("Gim Sangman" =
      "KIM, Sang Man", "Shim Hyun Sup" = "SIM, Hyon Sop"). A given name differing by a
      syllable, or with its syllables swapped, is another person: no partial credit.
    * literal: rapidfuzz ``token_sort_ratio`` of the words after compound alignment
      (order-free: "KIM, Sang Man" = "Sang Man Kim"), capped at ``SHORT_MISMATCH_CAP``
      when a word of <= 4 letters has no equal partner ("Sang Min" is not "Sang Man").

    Folded syllables are deliberately *not* compared order-free: folding merges vowels
    that romanisations confuse, and with free order that made "Lee Young-soo" equal to
    "RI, Su Yong" and "Seo Ji-ho" equal to "HU, Chi Shu", i.e. common Korean names hit
    unrelated entries far more often than other names do (fairness rule: docs/fairness).
    """
    literal = _token_score(a.tokens, b.tokens)
    if literal < 1.0 and any(pa in b.korean for pa in a.korean):
        return 1.0
    return literal


def _core_weight(a: NameForms, b: NameForms) -> float:
    """Weight of the core in an organisation score: 0.2 + 0.06 per letter of the shorter
    core, at most 0.8 for cores of two or more words and 0.6 for one word.

    A one-word core ("star", "horizon", "blackstone") is weak evidence on its own: many
    unrelated firms share one brand word. Several distinctive words ("yanbian silverstar")
    identify the firm almost by themselves.
    """
    letters = min(sum(map(len, a.core)), sum(map(len, b.core)))
    cap = CORE_WEIGHT if min(len(a.core), len(b.core)) > 1 else SINGLE_CORE_WEIGHT
    return min(cap, 0.2 + 0.06 * letters)


def _coverage(query: list[str], other: list[str]) -> float:
    """Share of the query's letters in words that have a partner in ``other``.

    Partner as in :func:`_parts_agree`: equal, or for longer words a ratio of at least
    ``TOKEN_MIN_RATIO``. Asymmetric on purpose: leaving out words of a listed name
    ("Korea Sobaeksu" for "KOREA SOBAEKSU UNITED CORPORATION") is how names get
    shortened, while adding words ("Star Network Solutions" for "STAR") makes a new name.
    """
    other_set = set(other)
    total = covered = 0
    for tok in query:
        total += len(tok)
        if tok in other_set or (
            len(tok) > SHORT_TOKEN
            and max((fuzz.ratio(tok, o) for o in other), default=0.0) >= TOKEN_MIN_RATIO
        ):
            covered += len(tok)
    return covered / total if total else 0.0


def _org_score(a: NameForms, b: NameForms) -> float:
    """Organisations: ``w * core + (1 - w) * coverage(a in b)``, ``w`` from :func:`_core_weight`.

    * core: as for persons (aligned ``token_sort_ratio``, word-partner rule, Korean
      folding) on the distinctive words, so "Chinyong IT Cooperation" meets
      "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY" on "chinyong" and
      "Jinyong" meets "Chinyong";
    * coverage: :func:`_coverage` of ``a``'s words (bar legal forms) by ``b``'s, so a
      shortened name scores 1.0 and a name padded with other words scores less.

    ``a`` is the query. If the cores disagree (core score <= ``SHORT_MISMATCH_CAP``) the
    rest cannot rescue the pair: shared boilerplate is not identity.
    """
    core = _token_score(a.core, b.core)
    if core < 1.0 and (a.folded is not a.core or b.folded is not b.core):
        core = max(core, _token_score(a.folded, b.folded))
    weight = _core_weight(a, b)
    if core <= SHORT_MISMATCH_CAP:
        return weight * core
    a2, b2 = _align(a.tokens, b.tokens)
    return weight * core + (1.0 - weight) * _coverage(a2, b2)


def compare_forms(a: NameForms, b: NameForms) -> float:
    """Similarity in [0, 1] of two precomputed names of the same kind; ``a`` is the query.

    Symmetric for people; for organisations coverage is of ``a`` by ``b``.
    """
    if not a.tokens or not b.tokens:
        return 0.0
    return _person_score(a, b) if a.kind == "person" else _org_score(a, b)


def name_similarity(a: str, b: str, *, kind: NameKind = "any") -> float:
    """Similarity in [0, 1] of name ``a`` (the query) to ``b``; ``kind="any"`` takes the better reading."""
    kinds: tuple[FormKind, ...] = ("person", "organisation") if kind == "any" else (kind,)
    return max(compare_forms(name_forms(a, k), name_forms(b, k)) for k in kinds)


def looks_like_organisation(name: str) -> bool:
    """True when a name carries a legal form or a generic firm word ("Corp", "Trading")."""
    tokens, _ = _tokens(name)
    return any(
        t in T.LEGAL_FORMS_ANYWHERE or t in T.GENERIC_ORG_WORDS or t in T.LEGAL_FORMS_AT_EDGE for t in tokens
    )
