"""``message_intents``: each distinct text the workers wrote is classified once, and again only when the
lexicon changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.bundles import worker, write_bundle
from unmask.enrich import Intelligence, messages
from unmask.enrich.messages import classify_texts, enrich_message_intents
from unmask.ingest import ingest_bundle
from unmask.store import Workspace

PREPAY = "Could you pay 50% upfront before I start? Also add me on Telegram."
CHAT = "the payment service tests are flaky again"


def _message(wid: str, text: str, minute: int, direction: str = "from_worker") -> dict[str, Any]:
    return {"worker_id": wid, "ts": f"2026-08-10T10:{minute:02d}:00Z", "direction": direction,
            "channel": "chat", "text": text}  # fmt: skip


def _bundle(tmp_path: Path, *extra: str) -> Path:
    rows = [_message("w1", PREPAY, 0), _message("w2", PREPAY, 1), _message("w1", CHAT, 2),
            _message("w2", "please turn your camera on", 3, direction="to_worker")]  # fmt: skip
    rows += [_message("w1", text, 10 + i) for i, text in enumerate(extra)]
    return write_bundle(
        tmp_path / f"b{len(extra)}", {"workers": [worker("w1"), worker("w2")], "messages": rows}
    )


@pytest.fixture
def intel(tmp_path: Path) -> Intelligence:
    return Intelligence.open(tmp_path / "no-feeds")


def _stored(ws: Workspace) -> dict[str, dict[str, Any]]:
    return {r["text_key"]: r for r in ws.engine.rows("SELECT * FROM message_intents")}


def test_each_distinct_worker_text_is_classified_once(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    ingest_bundle(ws, _bundle(tmp_path))
    assert enrich_message_intents(ws, intel) == 2  # PREPAY (sent twice) and CHAT; not the manager's message
    stored = _stored(ws)
    assert set(stored) == {PREPAY, CHAT}
    assert stored[PREPAY]["intents"] == ["prepayment", "off_platform"]
    assert stored[PREPAY]["cues"] == ["pay, upfront", "add, telegram"]
    assert stored[PREPAY]["snippets"] == [
        "Could you pay 50% upfront before I start?",
        "Also add me on Telegram.",
    ]
    assert stored[CHAT] == {"text_key": CHAT, "intents": [], "cues": [], "snippets": []}
    assert enrich_message_intents(ws, intel) == 0


def test_new_texts_are_added_and_a_new_lexicon_rebuilds(
    tmp_path: Path, ws: Workspace, intel: Intelligence, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_bundle(ws, _bundle(tmp_path))
    enrich_message_intents(ws, intel)
    ingest_bundle(ws, _bundle(tmp_path, "my webcam is broken today"))
    assert enrich_message_intents(ws, intel) == 1
    assert _stored(ws)["my webcam is broken today"]["intents"] == ["camera_excuse"]
    monkeypatch.setattr(messages, "LEXICON_VERSION", "changed")
    assert enrich_message_intents(ws, intel) == 3


def test_classify_texts_keeps_order_and_parallel_lists() -> None:
    table = classify_texts(["hi", PREPAY, "my cam died, audio only"]).to_pylist()
    assert [r["text_key"] for r in table] == ["hi", PREPAY, "my cam died, audio only"]
    assert [r["intents"] for r in table] == [[], ["prepayment", "off_platform"], ["camera_excuse"]]
    assert all(len(r["intents"]) == len(r["cues"]) == len(r["snippets"]) for r in table)
