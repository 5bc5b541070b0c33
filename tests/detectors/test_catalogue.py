"""docs/detectors.md is generated; this fails when a detector is added or changed without it."""

from __future__ import annotations

from pathlib import Path

from unmask.detectors.registry import REGISTRY
from unmask.pipeline import catalogue_markdown
from unmask.scoring import Weights

DOC = Path(__file__).resolve().parents[2] / "docs" / "detectors.md"


def test_detector_docs_are_current() -> None:
    expected = catalogue_markdown(Weights.load())
    assert DOC.read_text("utf-8") == expected, (
        "docs/detectors.md is out of date: run `.venv/bin/unmask detectors --markdown > docs/detectors.md`"
    )


def test_every_detector_is_documented() -> None:
    text = DOC.read_text("utf-8")
    for det_id in REGISTRY:
        assert f"## {det_id}" in text
