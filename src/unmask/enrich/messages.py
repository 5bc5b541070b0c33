"""What each distinct message a worker wrote asks for, classified once: ``message_intents``.

The same text (a template, a pasted request) is often sent many times, so the
classifier (``unmask.intel.intents``) reads each distinct text once; detectors
join the table on the text. The lists are parallel: ``cues[i]`` and
``snippets[i]`` are the words and the sentence behind ``intents[i]``. Texts
with no intent are stored too (empty lists), so a later scan does not read
them again. A new lexicon version rebuilds the table.
"""

from __future__ import annotations

import pyarrow as pa

from unmask.enrich.intelligence import Intelligence
from unmask.enrich.refresh import Enrichment, refresh
from unmask.intel.intents import LEXICON_VERSION, IntentClassifier
from unmask.store import Workspace

MESSAGE_INTENT_COLUMNS = "text_key VARCHAR, intents VARCHAR[], cues VARCHAR[], snippets VARCHAR[]"
# Only the worker's own words: the organisation asking "please turn your camera on" says nothing of them.
_TEXTS = "SELECT text AS text_key FROM messages WHERE coalesce(direction, 'from_worker') = 'from_worker'"
_LIST = pa.list_(pa.string())


def classify_texts(texts: list[str], classifier: IntentClassifier | None = None) -> pa.Table:
    """One ``message_intents`` row per text, in order."""
    reader = classifier or IntentClassifier()
    found = reader.classify_many(texts)
    return pa.table({
        "text_key": pa.array(texts, pa.string()),
        "intents": pa.array([[m.intent for m in ms] for ms in found], _LIST),
        "cues": pa.array([[", ".join(m.cues) for m in ms] for ms in found], _LIST),
        "snippets": pa.array([[m.snippet for m in ms] for ms in found], _LIST),
    })  # fmt: skip


def enrich_message_intents(ws: Workspace, intel: Intelligence) -> int:
    """Add ``message_intents`` rows for texts not yet classified; returns how many were added."""

    def compute(inputs: pa.Table) -> pa.Table:
        return classify_texts(inputs.column("text_key").to_pylist())

    enrichment = Enrichment("message_intents", MESSAGE_INTENT_COLUMNS, "text_key", _TEXTS, compute)
    return refresh(ws, enrichment, f"{intel.fingerprint()}:{LEXICON_VERSION}")
