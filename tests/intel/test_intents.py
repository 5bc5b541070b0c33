"""The message intent classifier: each red flag in many wordings, none in ordinary work chat."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.intel.intent_corpus import HELD_OUT_ORDINARY, HELD_OUT_POSITIVES, ORDINARY, POSITIVES
from unmask.intel.intents import INTENTS, LEXICON_VERSION, IntentClassifier, classify

CLASSIFIER = IntentClassifier()
LABELLED = [(intent, text) for intent, texts in POSITIVES.items() for text in texts]


def _intents(text: str) -> list[str]:
    return [m.intent for m in CLASSIFIER.classify(text)]


def test_the_corpus_is_large_enough() -> None:
    assert set(POSITIVES) == set(INTENTS)
    assert all(len(texts) >= 15 for texts in POSITIVES.values())
    assert len(ORDINARY) >= 80


@pytest.mark.parametrize(("intent", "text"), LABELLED, ids=[f"{i}:{t[:40]}" for i, t in LABELLED])
def test_red_flag_is_read_in_any_wording(intent: str, text: str) -> None:
    assert _intents(text) == [intent]


@pytest.mark.parametrize("text", ORDINARY, ids=[t[:40] for t in ORDINARY])
def test_ordinary_work_chat_matches_nothing(text: str) -> None:
    assert _intents(text) == []


@pytest.mark.parametrize(
    ("text", "intent", "cues"),
    [
        ("Could you pay 50% upfront before I start?", "prepayment", ("pay", "upfront")),
        ("p4y me upfr0nt", "prepayment", ("p4y", "upfr0nt")),  # leetspeak, cues as written
        ("PÂYMENT UPFRÖNT PLEASE", "prepayment", ("payment", "upfront")),  # accents and case
        ("pleeease pay upfronttt", "prepayment", ("pay", "upfronttt")),  # letters repeated for emphasis
        ("my camra is brokn today", "camera_excuse", ("my", "camra", "brokn")),  # typos
        ("my webcam doesnt work", "camera_excuse", ("my", "webcam", "doesnt work")),  # no apostrophe
        ("my webcam doesn't work", "camera_excuse", ("my", "webcam", "doesnt work")),
        ("I kept copies of the repositories. Pay what you owe or they go public", "extortion",
         ("repositories", "owe", "or they", "go public")),  # a threat spread over two sentences
    ],
)  # fmt: skip
def test_normalisation_and_cues(text: str, intent: str, cues: tuple[str, ...]) -> None:
    (match,) = CLASSIFIER.classify(text)
    assert match.intent == intent
    assert set(cues) <= set(match.cues), match.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my camera is broken", ["camera_excuse"]),
        ("my camera is not broken", []),  # negated
        ("I would never ask for payment upfront", []),
        ("I can't start unless you pay upfront", ["prepayment"]),  # "unless" ends the negation
        ("if it is not paid I will publish your source code", ["extortion"]),  # a new clause
        ("I will never leak your code, just pay the invoice", []),
        ("your camera is broken, can you fix it?", []),  # someone else's camera
        ("the wallet UI is broken", []),  # technical noun after the trigger
        ("I have your data. Send 2 BTC by Friday or I will release it", ["extortion"]),  # not also crypto
    ],
)
def test_negation_scope_and_sense(text: str, expected: list[str]) -> None:
    assert _intents(text) == expected


def test_snippet_is_the_sentence_that_matched() -> None:
    (match,) = classify("Morning all! Standup notes are in the doc. Can you pay me upfront this time?")
    assert match.snippet == "Can you pay me upfront this time?"
    (long,) = classify("please pay upfront " + "because the equipment is expensive " * 5)
    assert len(long.snippet) <= 90 and long.snippet.endswith("…")


def test_empty_and_missing_texts() -> None:
    assert classify(None) == [] and classify("") == [] and classify("  \n ") == []


def test_the_lexicon_has_a_version() -> None:
    """Stored classifications are rebuilt when it changes (see tests/enrich/test_messages.py)."""
    assert len(LEXICON_VERSION) == 12 and int(LEXICON_VERSION, 16) >= 0


def test_held_out_messages(report_figure: Callable[[str], None]) -> None:
    """Messages written before the rules were tuned: measured, with a floor, never tuned to."""
    true_pos = sum(intent in _intents(t) for intent, texts in HELD_OUT_POSITIVES.items() for t in texts)
    positives = sum(len(texts) for texts in HELD_OUT_POSITIVES.values())
    false_pos = sum(
        len([i for i in _intents(t) if i != intent])
        for intent, texts in HELD_OUT_POSITIVES.items()
        for t in texts
    ) + sum(len(_intents(t)) for t in HELD_OUT_ORDINARY)
    recall = true_pos / positives
    precision = true_pos / (true_pos + false_pos)
    report_figure(
        f"message intents, held-out: recall {recall:.2f} ({true_pos}/{positives}), precision {precision:.2f} "
        f"({false_pos} false intents over {len(HELD_OUT_ORDINARY)} ordinary messages)"
    )
    assert recall >= 0.8 and precision >= 0.9
