"""A scan from stored rows to a result: enrich → detect → score → link → ring-aware score."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from unmask.config import ScanConfig
from unmask.detectors.catalogue import render_markdown
from unmask.detectors.registry import REGISTRY, select
from unmask.enrich import Intelligence, enrich_all
from unmask.link import link_workers, ring_findings
from unmask.link.rings import ring_markdown
from unmask.model import Finding, ScanResult
from unmask.scoring import Weights, score_all
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
    findings = [f for f in findings if f.worker_id in known]
    first_pass = score_all(worker_ids, findings, weights)
    link_settings = config.link_settings()
    graph = link_workers(ws.engine, link_settings, tell)
    # Ring findings come from the first pass and the links only: a worker's own score never
    # feeds back into itself, and every explanation still sums to its score.
    tell("score: rings")
    rings = ring_findings(graph, first_pass, link_settings)
    scores = score_all(worker_ids, findings + rings, weights) if rings else first_pass
    meta = {
        "weights_version": weights.version,
        "base_rate": weights.base_rate,
        "detectors": [d.id for d in detectors],
        "workers": len(worker_ids),
        "findings": len(findings) + len(rings),
        "links": len(graph.links),
        "common_values": graph.common,
        "rows": ws.counts(),
        "feeds": intel.report(),
    }
    return ScanResult(workers=scores, clusters=graph.clusters, meta=meta, graph=graph)


def catalogue_markdown(weights: Weights) -> str:
    """docs/detectors.md: every registered detector, then the ring finding the link layer adds."""
    return render_markdown(REGISTRY, weights) + ring_markdown(weights)
