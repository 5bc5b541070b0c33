"""The linking benchmark's generated world, small: its rings come back and its crowds link nobody."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import SHARED_DATA, needs_shared_data
from unmask.enrich import Intelligence, enrich_all
from unmask.ingest import ingest_bundle
from unmask.link import IdentityGraph, LinkSettings, link_workers
from unmask.store import Workspace

# The benchmark scripts import their sibling modules by plain name, as when they run as scripts: put
# benchmarks/ on sys.path the way bench_linking.py does before importing them.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_linking import evaluate
from linking_world import Rates, generate

WORKERS = 2000
RATES = Rates(ring_share=0.03)  # ~17 rings in 2,000 workers instead of 3, so that recall means something
HARD = {"account", "wallet", "phone", "device"}  # channels that link a pair on their own


def _truth(folder: Path) -> list[dict[str, str]]:
    with (folder / "truth.csv").open() as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def linked_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IdentityGraph]:
    folder = tmp_path_factory.mktemp("world")
    generate(folder / "bundle", WORKERS, seed=6, rates=RATES, feeds=SHARED_DATA)
    ws = Workspace.open(folder / "ws.duckdb")
    ingest_bundle(ws, folder / "bundle")
    enrich_all(ws, Intelligence.open(SHARED_DATA))
    graph = link_workers(ws.engine, LinkSettings())
    ws.close()
    return folder, graph


@needs_shared_data("x4bnet-vpn-datacenter")
def test_planted_rings_come_back(
    linked_world: tuple[Path, IdentityGraph], report_figure: Callable[[str], None]
) -> None:
    folder, graph = linked_world
    truth = _truth(folder)
    cluster_of = {w: c.cluster_id for c in graph.clusters for w in c.workers}
    shares = {r["worker_id"]: set(r["shares"].split(";")) for r in truth}
    rings: dict[str, list[str]] = {}
    for r in truth:
        rings.setdefault(r["ring_id"], []).append(r["worker_id"])
    hard_pairs = [
        (a, b) for m in rings.values() for a, b in combinations(m, 2) if shares[a] & shares[b] & HARD
    ]
    assert len(hard_pairs) >= 10
    missed = [(a, b) for a, b in hard_pairs if a not in cluster_of or cluster_of.get(a) != cluster_of.get(b)]
    assert not missed, f"ring pairs sharing an account, wallet, phone or device not clustered: {missed[:5]}"
    figures = evaluate(graph, folder, LinkSettings().cluster_min_strength)
    report_figure(
        f"linking world, {WORKERS} workers: precision {figures['precision']}, recall {figures['recall']}, "
        f"recall of visible pairs {figures['recall_of_visible']}"
    )
    assert figures["recall_of_visible"] >= 0.8  # a farm line or résumé alone may stay below a cluster
    # Every clustered pair that is not a ring is one the world planted as innocent (a couple's joint
    # account): nothing links by accident (colliding ids, photos, résumés).
    assert set(figures["false_pairs_by_cause"]) <= {"couple", "household", "referral", "firm"}


@needs_shared_data("x4bnet-vpn-datacenter")
def test_no_vpn_exit_or_crowd_links_anybody(linked_world: tuple[Path, IdentityGraph]) -> None:
    folder, graph = linked_world
    exits = set((folder / "vpn_exits.txt").read_text().split())
    signins = pq.read_table(folder / "bundle" / "signins.parquet", columns=["ip"]).column("ip").to_pylist()
    assert exits and sum(ip in exits for ip in signins) > 300  # the exits are really used, by many
    assert not [k for k in graph.links if k.value in exits]
    assert (
        max(len(c.workers) for c in graph.clusters) <= 6
    )  # no giant component through shared infrastructure


def test_generation_is_deterministic_and_keeps_its_rates(tmp_path: Path) -> None:
    first = generate(tmp_path / "a" / "bundle", 3000, seed=3)
    again = generate(tmp_path / "b" / "bundle", 3000, seed=3)
    assert first == again
    for table in ("workers", "signins", "profiles", "payments"):
        a = pq.read_table(tmp_path / "a" / "bundle" / f"{table}.parquet")
        assert a.equals(pq.read_table(tmp_path / "b" / "bundle" / f"{table}.parquet")), table
    workers = pq.read_table(tmp_path / "a" / "bundle" / "workers.parquet").to_pydict()
    assert len(set(workers["worker_id"])) == 3000
    assert len(set(workers["email"])) == 3000
    assert 0.003 <= first["ring_workers"] / 3000 <= 0.008
    assert 8 <= first["signins"] / 3000 <= 12
    assert 0.02 <= sum(r is not None for r in workers["referred_by"]) / 3000 <= 0.08
