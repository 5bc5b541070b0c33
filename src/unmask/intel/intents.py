"""What a worker's message asks for, robust to paraphrase: a small rule-based intent classifier.

Red flags in the advisories are things a worker *asks for*: pay before work
starts, pay in crypto, a camera excuse, a laptop sent elsewhere, pay into
someone else's account, a chat moved off-platform, or money for not leaking
code. One trigger word is not enough (``payment service bug``, ``telegram bot
integration``, ``memory leak``), so each intent is a few rules, each a set of
*concepts* that must co-occur near each other in one sentence (or, for threats
that span sentences, one message).

Text is normalised first (accents, case, apostrophes, leetspeak, letters
repeated for emphasis, chat shorthand) and every word is matched against the
lexicon allowing one typo (OSA distance 1, so a swap of two letters counts
once) in words of five letters or more. A concept match is dropped when a
technical noun follows it (``wallet UI``) or a word before it changes its
sense (``memory leak``, ``your camera``), and a negated cue does not count
(``I would never leak your code``; but ``if it is not paid`` is a condition,
and ``unless`` or a new subject ends a negation's reach). Every match returns
the words it rests on, so a reader sees why a message was flagged. The lexicon
and rules are data, in :mod:`unmask.intel.intent_lexicon`.

No model is downloaded or loaded: the rules are the model, versioned by
:data:`LEXICON_VERSION`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA

from unmask.intel.intent_lexicon import (
    CONCEPTS,
    CONDITIONALS,
    INTENT_RULES,
    INTENTS,
    LEXICON_VERSION,
    NEGATION_WINDOW,
    NEGATORS,
    NOT_TYPOS,
    SCOPE_BREAKS,
    SHORTHAND,
    SUBSUMES,
    Concept,
    Rule,
)

__all__ = ["INTENTS", "LEXICON_VERSION", "IntentClassifier", "IntentMatch", "classify"]


FUZZY_MIN_LENGTH = 5
SNIPPET_CHARS = 90


@dataclass(frozen=True)
class IntentMatch:
    intent: str
    cues: tuple[str, ...]  # the words, as written, that the match rests on
    snippet: str  # the sentence (or message) it was found in, shortened


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")  # after end punctuation and a space: "5.5" is one word
_TOKEN = re.compile(r"[a-z0-9@$]+|[,%]")
_REPEATS = re.compile(r"([a-z])\1{2,}")


@dataclass
class _Hit:
    concept: str
    start: int  # token index
    end: int  # exclusive
    words: tuple[str, ...]


@dataclass
class IntentClassifier:
    """Classifies texts; remembers how each distinct word was read, so a corpus costs one pass per word."""

    concepts: dict[str, Concept] = field(default_factory=lambda: CONCEPTS)
    rules: dict[str, tuple[Rule, ...]] = field(default_factory=lambda: INTENT_RULES)
    _readings: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # One-word terms by their word; longer ones by their first two words (few terms share both).
        self._words: dict[str, list[str]] = {}
        self._phrases: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = {}
        vocabulary: set[str] = set()
        # Concepts a word may start: a rule can only hold where each of its concepts may start somewhere.
        self._starts: dict[str, set[str]] = {}
        for concept in self.concepts.values():
            for term in concept.terms:
                words = tuple(term.split())
                if len(words) == 1:
                    self._words.setdefault(words[0], []).append(concept.name)
                else:
                    self._phrases.setdefault((words[0], words[1]), []).append((concept.name, words))
                vocabulary.update(words)
                self._starts.setdefault(words[0], set()).add(concept.name)
        self._vocabulary = vocabulary
        self._fuzzy_targets = sorted(w for w in vocabulary if len(w) >= FUZZY_MIN_LENGTH and w.isalpha())

    def classify(self, text: str | None) -> list[IntentMatch]:
        """The intents a message expresses, each with its cue words and the sentence it is in."""
        if not text:
            return []
        sentences = [s for s in _SENTENCE.split(text) if s.strip()]
        tokenised = [self._tokens(s) for s in sentences]
        found: dict[str, IntentMatch] = {}
        for sentence, tokens in zip(sentences, tokenised, strict=True):
            self._match(tokens, sentence, False, found)
        whole = tokenised[0] if len(tokenised) == 1 else [t for toks in tokenised for t in toks]
        self._match(whole, text, True, found)
        hidden = {s for i in found for s in SUBSUMES.get(i, ())}
        return [found[i] for i in self.rules if i in found and i not in hidden]

    def classify_many(self, texts: Iterable[str | None]) -> list[list[IntentMatch]]:
        return [self.classify(t) for t in texts]

    # --- reading words -------------------------------------------------------------------------------

    def _tokens(self, sentence: str) -> list[tuple[str, frozenset[str]]]:
        """(word as written, lexicon words it may be) for each word of a sentence."""
        text = anyascii(sentence).lower().replace("'", "").replace("`", "")
        out: list[tuple[str, frozenset[str]]] = []
        for raw in _TOKEN.findall(text):
            expanded = SHORTHAND.get(raw)
            if expanded:
                out.extend((raw, frozenset({w})) for w in expanded.split())
            else:
                out.append((raw, self._reading(raw)))
        return out

    def _reading(self, raw: str) -> frozenset[str]:
        cached = self._readings.get(raw)
        if cached is None:
            cached = self._readings[raw] = self._read(raw)
        return cached

    def _read(self, raw: str) -> frozenset[str]:
        word = _REPEATS.sub(r"\1\1", raw)
        if (
            any(c.isalpha() for c in word)
            and any(c in "013457@$" for c in word)
            and word not in self._vocabulary
        ):
            word = SHORTHAND.get(word, word.translate(_LEET))
        candidates = [word, re.sub(r"([a-z])\1", r"\1", word)]
        for w in list(candidates):
            if w.endswith("s") and len(w) > 3:
                candidates.append(w[:-1])
        known = {w for w in candidates if w in self._vocabulary}
        if not known and word not in NOT_TYPOS and len(word) >= FUZZY_MIN_LENGTH and word.isalpha():
            near = process.extract(word, self._fuzzy_targets, scorer=OSA.distance, score_cutoff=1, limit=None)
            known = {w for w, _, _ in near}
        return frozenset({word, *known})  # the word itself too: technical nouns and negators are read as is

    # --- matching ------------------------------------------------------------------------------------

    def _hits(self, tokens: Sequence[tuple[str, frozenset[str]]]) -> list[_Hit]:
        hits: list[_Hit] = []
        n = len(tokens)
        for i, (_, readings) in enumerate(tokens):
            found: list[tuple[str, int]] = [(c, i + 1) for r in readings for c in self._words.get(r, ())]
            if i + 1 < n:
                for r0 in readings:
                    for r1 in tokens[i + 1][1]:
                        for concept, words in self._phrases.get((r0, r1), ()):
                            end = i + len(words)
                            if end <= n and all(w in tokens[i + k][1] for k, w in enumerate(words[2:], 2)):
                                found.append((concept, end))
            for concept, end in found:
                spec = self.concepts[concept]
                if end < n and tokens[end][1] & spec.not_before:
                    continue
                if i > 0 and tokens[i - 1][1] & spec.not_after:
                    continue
                hits.append(_Hit(concept, i, end, tuple(t[0] for t in tokens[i:end])))
        return hits

    def _match(
        self,
        tokens: Sequence[tuple[str, frozenset[str]]],
        text: str,
        message_wide: bool,
        found: dict[str, IntentMatch],
    ) -> None:
        """Add to ``found`` the intents whose sentence (or message-wide) rules hold in ``tokens``."""
        may_start = {c for _, readings in tokens for r in readings for c in self._starts.get(r, ())}
        possible = {
            intent: [r for r in rules if r.message_wide == message_wide and may_start.issuperset(r.needs)]
            for intent, rules in self.rules.items()
            if intent not in found
        }
        if not any(possible.values()):
            return  # most messages: a few set look-ups, no matching
        hits = self._hits(tokens)
        inside = {i for h in hits for i in range(h.start, h.end)}
        live: dict[str, list[_Hit]] = {}
        for h in hits:
            if not _negated(h, tokens, inside):
                live.setdefault(h.concept, []).append(h)
        for intent, rules in possible.items():
            for rule in rules:
                if any(n not in live for n in rule.needs):
                    continue
                cues = _apply(rule, live)
                if cues:
                    found[intent] = IntentMatch(intent, cues, _shorten(text))
                    break


def _apply(rule: Rule, live: dict[str, list[_Hit]]) -> tuple[str, ...]:
    """Cue words if the rule holds around some un-negated anchor, else ()."""
    anchor, *others = rule.needs
    for a in live[anchor]:
        cues = [a]
        for name in others:
            near = [
                h
                for h in live[name]
                if abs(h.start - a.start) <= rule.near
                and (h.start > a.start or not rule.in_order)
                and not _overlaps(h, cues)
            ]
            if not near:
                break
            cues.append(min(near, key=lambda h: abs(h.start - a.start)))
        else:
            return tuple(" ".join(h.words) for h in sorted(cues, key=lambda h: h.start))
    return ()


def _negated(hit: _Hit, tokens: Sequence[tuple[str, frozenset[str]]], inside: set[int]) -> bool:
    """A negator shortly before a cue, in the same clause, and not itself part of a cue ("not working")."""
    for i in range(hit.start - 1, max(-1, hit.start - 1 - NEGATION_WINDOW), -1):
        readings = tokens[i][1]
        if readings & SCOPE_BREAKS:
            return False
        if readings & NEGATORS and i not in inside:
            # "if it is not paid" states a condition; it does not deny the payment.
            return not any(tokens[j][1] & CONDITIONALS for j in range(max(0, i - 4), i))
    return False


def _overlaps(hit: _Hit, chosen: list[_Hit]) -> bool:
    return any(hit.start < c.end and c.start < hit.end for c in chosen)


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"


def classify(text: str | None) -> list[IntentMatch]:
    """Classify one message with a fresh classifier (use :class:`IntentClassifier` for many)."""
    return IntentClassifier().classify(text)
