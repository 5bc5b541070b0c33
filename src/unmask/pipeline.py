"""A scan from stored rows to a result: enrich → detect → score → link."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from unmask.config import ScanConfig
from unmask.detectors.registry import select
from unmask.enrich import Intelligence, enrich_all
from unmask.linking import clusters_from_links, shared_value_links
from unmask.model import Finding, ScanResult
from unmask.scoring import score_all
from unmask.store import Workspace

Step = Callable[[str], None]  # told the name of each step as it starts


def scan_workspace(
    ws: Workspace,
    config: ScanConfig | None = None,
    step: Step | None = None,
    intel: Intelligence | None = None,
) -> ScanResult:
    """Score every worker in the workspace; ``intel`` defaults to the feed cache the config names."""
    config = config or ScanConfig()
    weights = config.weights()
    tell = step or (lambda _name: None)
    if intel is None:
        intel = Intelligence.open(Path(config.feeds_dir) if config.feeds_dir else None)
    enrich_all(ws, intel, tell)
    findings: list[Finding] = []
    detectors = select(config.detectors)
    for detector in detectors:
        tell(f"detect: {detector.id}")
        findings += detector.run(ws.engine, config.detector_settings.get(detector.id))
    tell("score")
    worker_ids = [r["worker_id"] for r in ws.engine.rows("SELECT worker_id FROM workers ORDER BY 1")]
    known = set(worker_ids)
    scores = score_all(worker_ids, (f for f in findings if f.worker_id in known), weights)
    tell("link")
    clusters = clusters_from_links(shared_value_links(ws.engine, config.link_max_workers))
    meta = {
        "weights_version": weights.version,
        "base_rate": weights.base_rate,
        "detectors": [d.id for d in detectors],
        "workers": len(worker_ids),
        "findings": len(findings),
        "rows": ws.counts(),
        "feeds": intel.report(),
    }
    return ScanResult(workers=scores, clusters=clusters, meta=meta)
