"""Ranking quality on the seeded demo organisation, whose operatives are known.

Prints AUC and recall at 1% / 5% false-positive rate among legitimate workers,
and each legitimate group's false-positive rate at the review threshold.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from unmask.demo import DemoTruth, generate_bundle
from unmask.evaluation import ranking_quality
from unmask.ingest import ingest_bundle
from unmask.model import ScanResult
from unmask.pipeline import scan_workspace
from unmask.scoring import Weights
from unmask.store import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScanResult, DemoTruth]:
    folder = tmp_path_factory.mktemp("demo")
    truth = generate_bundle(folder / "bundle", workers=400, seed=7)
    ws = Workspace.open(folder / "ws.duckdb")
    report = ingest_bundle(ws, folder / "bundle")
    assert report.error_count == 0, [str(e) for e in report.errors[:5]]
    result = scan_workspace(ws)
    ws.close()
    return result, truth


def test_ranking_quality(demo: tuple[ScanResult, DemoTruth], report_figure: Callable[[str], None]) -> None:
    result, truth = demo
    scores = {w.worker_id: w.score for w in result.workers}
    review = Weights.load().levels["high"]
    quality = ranking_quality(scores, truth.groups, truth.operatives, review)
    report_figure(f"demo (400 workers, seed 7): {quality.summary()}")
    assert quality.auc >= 0.9
    assert quality.recall_at_fpr[0.05] >= 0.6


def test_every_sloppy_operative_outranks_every_plain_legit_worker(demo: tuple[ScanResult, DemoTruth]) -> None:
    result, truth = demo
    scores = {w.worker_id: w.score for w in result.workers}
    sloppy = {w: scores[w] for w in truth.by_group("operative_sloppy")}
    plain = {w: scores[w] for w in truth.by_group("legit")}
    assert sloppy and plain
    lowest_sloppy = min(sloppy, key=sloppy.__getitem__)
    highest_plain = max(plain, key=plain.__getitem__)
    assert sloppy[lowest_sloppy] > plain[highest_plain], (lowest_sloppy, highest_plain)


def test_every_worker_appears_once(demo: tuple[ScanResult, DemoTruth]) -> None:
    result, truth = demo
    ids = [w.worker_id for w in result.workers]
    assert len(ids) == len(set(ids)) == len(truth.groups)
