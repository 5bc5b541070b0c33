"""Ring-aware scoring: a quiet member rises through its links to risky ones, and only through them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from tests.bundles import write_bundle
from tests.detectors.cases import KP_IP, US_IP, workers
from tests.link.graphs import days
from unmask.config import ScanConfig
from unmask.enrich import Intelligence
from unmask.ingest import ingest_bundle
from unmask.link import LinkSettings, ring_findings
from unmask.link.graph import IdentityGraph, clusters_of, pair_strengths
from unmask.link.rings import NOT_OWN, own_risk
from unmask.model import Finding, Link, WorkerScore
from unmask.pipeline import scan_workspace
from unmask.scoring import Weights, score_worker
from unmask.store import Workspace

REVIEW = Weights.load().levels["high"]


def pay(wid: str, account: str, country: str = "US") -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": "2026-08-03T00:00:00Z",
        "amount": 3000,
        "currency": "USD",
        "kind": "payout",
        "method": "bank",
        "account_id": account,
        "account_country": country,
    }


def test_a_clean_looking_member_rises_above_review_only_through_its_links(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    # a and b give themselves away (sign-ins from North Korea, pay routed abroad); c, paid into the
    # same account, looks clean on its own. d and e share a home and nothing risky.
    tables = {
        "workers": workers("a", "b", "c", "d", "e"),
        "signins": days("a", KP_IP, 1, 10)
        + days("b", KP_IP, 1, 10)
        + days("c", US_IP, 1, 10)
        + days("d", "73.162.10.20", 1, 10)
        + days("e", "73.162.10.20", 1, 10),
        "payments": [
            pay("a", "acct-9", "CN"),
            pay("b", "acct-9", "CN"),
            pay("c", "acct-9"),
            pay("d", "acct-d"),
            pay("e", "acct-e"),
        ],
    }
    ingest_bundle(ws, write_bundle(tmp_path / "b", tables))
    result = scan_workspace(ws, ScanConfig(), intel=intel)
    by = {w.worker_id: w for w in result.workers}
    c = by["c"]
    assert c.score >= REVIEW
    assert own_risk(c) < 0.05  # without its links c would be at the prior
    assert {p.finding.category for p in c.parts} <= NOT_OWN
    (ring,) = [p for p in c.parts if p.finding.detector == "ring_member"]
    linked = {n["worker_id"]: n for n in ring.finding.values["linked_workers"]}
    assert set(linked) == {"a", "b"}
    assert all(n["shared"] == [{"kind": "payout_account", "value": "acct-9"}] for n in linked.values())
    assert "a (" in ring.finding.detail and "payout_account" in ring.finding.detail
    assert {r.table for r in ring.finding.rows} == {"payments"}
    # The explanation still adds up: prior + parts = the score's log-odds.
    assert math.isclose(c.prior_log_odds + sum(p.weight for p in c.parts), math.log(c.score / (1 - c.score)))
    for household in ("d", "e"):  # the shared home weighs a little; nothing risky passes on
        assert all(p.finding.detector != "ring_member" for p in by[household].parts)
        assert by[household].score < 0.05
    assert [cl.workers for cl in result.clusters] == [("a", "b", "c")]


def finding(wid: str, detector: str, category: str, strength: float = 1.0) -> Finding:
    return Finding(wid, detector, detector, category, "x.", strength, (), {}, ())


def score(wid: str, *findings: Finding) -> WorkerScore:
    return score_worker(wid, findings, Weights.load())


def graph_of(*links: Link) -> IdentityGraph:
    pairs = pair_strengths(links)
    return IdentityGraph(list(links), pairs, clusters_of(list(links), pairs, 0.5))


RISKY = finding("r", "signin_sanctioned_jurisdiction", "network")
GRAPH = graph_of(Link("q", "r", "payout_account", "acct", 0.9), Link("q", "s", "photo", "h", 0.8))


def test_the_ring_finding_never_depends_on_the_workers_own_score() -> None:
    quiet = ring_findings(GRAPH, [score("q"), score("r", RISKY), score("s")])
    loud = ring_findings(
        GRAPH, [score("q", finding("q", "ip_kvm_device", "device")), score("r", RISKY), score("s")]
    )
    strength = {f.worker_id: f.strength for f in quiet}
    assert strength == {f.worker_id: f.strength for f in loud}
    assert set(strength) == {"q"}  # r and s are linked to q, whose own risk is the prior


def test_links_of_a_linked_worker_are_not_its_own_evidence() -> None:
    # r's only findings come from sharing: they say nothing about r that the link does not.
    shared_only = score(
        "r", finding("r", "shared_device", "sharing"), finding("r", "shared_contact", "links")
    )
    assert ring_findings(GRAPH, [score("q"), shared_only, score("s")]) == []


@pytest.mark.parametrize(
    ("risk_strengths", "expected"),
    [
        ((1.0,), 1 - (1 - 0.9 * own_risk(score("r", RISKY)))),
        ((1.0, 1.0), 1 - (1 - 0.9 * own_risk(score("r", RISKY))) * (1 - 0.8 * own_risk(score("s", RISKY)))),
    ],
)
def test_contributions_combine_as_noisy_or(risk_strengths: tuple[float, ...], expected: float) -> None:
    first = [score("q"), score("r", RISKY), score("s", RISKY) if len(risk_strengths) > 1 else score("s")]
    (f,) = ring_findings(GRAPH, first)
    assert f.strength == pytest.approx(expected)


def test_weak_links_and_low_risk_neighbours_pass_nothing_on() -> None:
    weak = graph_of(Link("q", "r", "firm", "f1", 0.2))
    assert ring_findings(weak, [score("q"), score("r", RISKY)]) == []
    assert ring_findings(weak, [score("q"), score("r", RISKY)], LinkSettings(ring_min_link=0.1)) != []
    mild = finding("r", "signin_many_ips", "network", 0.5)
    assert own_risk(score("r", mild)) < LinkSettings().ring_min_risk
    assert ring_findings(GRAPH, [score("q"), score("r", mild), score("s")]) == []
