from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from rich.console import Console

from unmask.link import IdentityGraph
from unmask.link.graph import pair_strengths
from unmask.model import Cluster, Link, RowRef, ScanResult
from unmask.report.json_report import scan_to_dict
from unmask.report.ring import ring_report, ring_tables

from . import sample_scan, worker

ROW = (RowRef("workers", "9", "workers.csv:10"),)


def _with_graph() -> ScanResult:
    """The sample scan's cluster (W-0001, W-0002) plus a referral W-0002 → W-0003: too weak to join."""
    result = sample_scan()
    referral = Link("W-0002", "W-0003", "referral", "W-0002 referred W-0003", 0.3, ROW)
    links = [*result.clusters[0].links, referral]
    result.graph = IdentityGraph(links=links, pairs=pair_strengths(links), clusters=result.clusters)
    return result


def _text(worker_id: str, doc: dict[str, Any]) -> str:
    console = Console(width=200, record=True)
    for part in ring_tables(worker_id, doc):
        console.print(part)
    return console.export_text()


def test_cluster_is_the_scan_json_cluster_plus_members() -> None:
    result = _with_graph()
    doc = ring_report(result, "W-0002")
    scan_cluster = scan_to_dict(result)["clusters"][0]
    assert {k: doc[k] for k in scan_cluster} == scan_cluster
    assert [m["worker_id"] for m in doc["members"]] == ["W-0001", "W-0002"]  # riskiest first
    ring_mate = doc["members"][1]
    assert ring_mate["ring_member"] and not doc["members"][0]["ring_member"]
    # Own risk leaves out the ring finding: W-0002 without its +1.0 ring part.
    assert ring_mate["own_risk"] < ring_mate["score"]
    kinds = ["device", "firm", "payout_account"]
    assert doc["strongest"] == {"a": "W-0001", "b": "W-0002", "strength": 0.993, "kinds": kinds}
    assert [(n["worker_id"], n["strength"]) for n in doc["weak_links"]] == [("W-0003", 0.3)]
    text = _text("W-0002", doc)
    assert "cluster-0001: 2 members; strongest link W-0001–W-0002 99% (device, firm, payout_account)" in text
    assert "weaker links of W-0002" in text and "W-0002 referred W-0003" in text


def test_a_worker_with_only_weak_links_and_one_with_none() -> None:
    result = _with_graph()
    doc = ring_report(result, "W-0003")
    assert doc["cluster_id"] is None and doc["workers"] == ["W-0003"] and doc["links"] == []
    assert [m["worker_id"] for m in doc["members"]] == ["W-0003"]
    assert "W-0003 is in no cluster." in _text("W-0003", doc)
    result.graph = IdentityGraph(links=[], pairs={}, clusters=[])
    assert "W-0003 is linked to nobody." in _text("W-0003", ring_report(result, "W-0003"))


def test_without_a_graph_only_the_cluster_is_shown() -> None:
    result = dataclasses.replace(sample_scan(), graph=None)
    doc = ring_report(result, "W-0001")
    assert doc["weak_links"] is None and doc["cluster_id"] == "cluster-0001"
    assert "weaker links are not shown" in _text("W-0001", doc)


def test_unknown_worker_and_untrusted_text() -> None:
    with pytest.raises(KeyError):
        ring_report(sample_scan(), "nobody")
    evil = "[bold red]x[/]"
    cluster = Cluster("cl", (evil, "b"), (Link(evil, "b", "phone", "[link=http://x]y[/link]", 0.8),))
    result = ScanResult(workers=[worker(evil, ()), worker("b", ())], clusters=[cluster])
    text = _text(evil, ring_report(result, evil))
    assert evil in text and "[link=http://x]y[/link]" in text  # shown as written, not read as markup
