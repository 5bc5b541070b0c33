"""Linking N generated workers: time and peak memory, and how well the planted rings come back.

    .venv/bin/python benchmarks/bench_linking.py --workers 20000                 # quick
    .venv/bin/python benchmarks/bench_linking.py --workers 1000000               # the issue's benchmark
    .venv/bin/python benchmarks/bench_linking.py --workers 1000000 --stages link  # relink the same data

Stages, each in its own child process so that its peak resident memory (``wait4`` rusage) is its
own: generate (``linking_world.py``: bundle + ground truth), ingest (bundle → workspace), enrich
(the scan's enrichment step: ``ip_info`` and the phone and email tables links read) and link
(``unmask.link.link_workers``). The link stage is the figure to quote (the issue's goal: faster
than Splink's 69 s and 6.6 GB for 1M records, on 2 cores); after timing it, it scores the clusters
against the planted rings (pairwise precision and recall) and counts links by kind. Figures are
printed and written to ``benchmarks/out/linking.json``; data goes to ``--dir``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

from measured import run_stage  # benchmarks/ is on sys.path when a script runs

OUT = Path(__file__).resolve().parent / "out"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _forward(args: argparse.Namespace) -> list[str]:
    return [
        "--workers", str(args.workers),
        "--seed", str(args.seed),
        "--dir", str(args.dir),
        "--feeds", str(args.feeds),
        "--memory-limit", args.memory_limit,
    ]  # fmt: skip


def _open(args: argparse.Namespace) -> Any:
    from unmask.store import Workspace

    ws = Workspace.open(args.dir / "link.duckdb")
    ws.engine.execute(f"SET memory_limit = '{args.memory_limit}'")
    return ws


def _timed_steps(marks: list[tuple[str, float]], end: float) -> dict[str, float]:
    return {name: round(b - a, 2) for (name, a), (_, b) in pairwise([*marks, ("end", end)])}


def _stage_generate(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from linking_world import generate

    t = time.perf_counter()
    written = generate(args.dir / "bundle", args.workers, args.seed, feeds=args.feeds)
    size = sum(p.stat().st_size for p in (args.dir / "bundle").iterdir())
    return {
        "seconds": round(time.perf_counter() - t, 2),
        "bundle_mib": round(size / 2**20, 1),
        "rows": written,
    }


def _stage_ingest(args: argparse.Namespace) -> dict[str, Any]:
    from unmask.ingest import ingest_bundle

    (args.dir / "link.duckdb").unlink(missing_ok=True)
    ws = _open(args)
    t = time.perf_counter()
    report = ingest_bundle(ws, args.dir / "bundle")
    seconds = time.perf_counter() - t
    ws.close()
    return {
        "seconds": round(seconds, 2),
        "rows": sum(tr.read for tr in report.tables),
        "rejected": report.error_count,
    }


def _stage_enrich(args: argparse.Namespace) -> dict[str, Any]:
    from unmask.enrich import Intelligence, enrich_all

    intel = Intelligence.open(args.feeds if args.feeds.is_dir() else args.dir / "no-feeds")
    ws = _open(args)
    marks: list[tuple[str, float]] = []
    t = time.perf_counter()
    enrich_all(ws, intel, lambda name: marks.append((name, time.perf_counter())))
    end = time.perf_counter()
    classes = ws.engine.rows("SELECT ip_class, count(*) AS n FROM ip_info GROUP BY 1 ORDER BY 2 DESC")
    ws.close()
    return {
        "seconds": round(end - t, 2),
        "steps_s": _timed_steps(marks, end),
        "ip_classes": {str(r["ip_class"]): r["n"] for r in classes},
    }


def _stage_link(args: argparse.Namespace) -> dict[str, Any]:
    from unmask.link import LinkSettings, link_workers

    ws = _open(args)
    settings = LinkSettings()
    marks: list[tuple[str, float]] = []
    t = time.perf_counter()
    graph = link_workers(ws.engine, settings, step=lambda name: marks.append((name, time.perf_counter())))
    end = time.perf_counter()
    ws.close()
    report = {"seconds": round(end - t, 2), "steps_s": _timed_steps(marks, end)}
    return report | evaluate(graph, args.dir, settings.cluster_min_strength)


def evaluate(graph: Any, folder: Path, min_strength: float) -> dict[str, Any]:
    """Pairwise precision and recall of planted ring membership among the clusters, and what the
    links and the false pairs are made of (``truth.csv``, ``innocent_pairs.csv`` beside the bundle)."""
    with (folder / "truth.csv").open() as handle:
        truth = list(csv.DictReader(handle))
    ring_of = {r["worker_id"]: r["ring_id"] for r in truth}
    with (folder / "innocent_pairs.csv").open() as handle:
        innocent = {(r["a"], r["b"]): r["reason"] for r in csv.DictReader(handle)}
    exits = set((folder / "vpn_exits.txt").read_text().split())
    ring_sizes = Counter(ring_of.values())
    true_pairs = sum(n * (n - 1) // 2 for n in ring_sizes.values())
    predicted = correct = 0
    false_pairs: Counter[str] = Counter()
    for cluster in graph.clusters:
        members = cluster.workers
        predicted += len(members) * (len(members) - 1) // 2
        in_rings = Counter(ring_of[w] for w in members if w in ring_of)
        correct += sum(n * (n - 1) // 2 for n in in_rings.values())
        if len(members) <= 60:  # a bigger cluster is reported by its size
            for a, b in combinations(members, 2):
                if not (a in ring_of and ring_of.get(a) == ring_of.get(b)):
                    false_pairs[
                        innocent.get((a, b), "ring+outsider" if a in ring_of or b in ring_of else "other")
                    ] += 1
    # Pairs of one ring who share a channel a link can see: the most linking could recover.
    shares = {r["worker_id"]: set(filter(None, r["shares"].split(";"))) - {"firm", "referral"} for r in truth}
    members_of: dict[str, list[str]] = defaultdict(list)
    for worker, ring in ring_of.items():
        members_of[ring].append(worker)
    visible = sum(1 for m in members_of.values() for a, b in combinations(m, 2) if shares[a] & shares[b])
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for link in graph.links:
        same_ring = link.a in ring_of and ring_of.get(link.a) == ring_of.get(link.b)
        by_kind[link.kind]["ring" if same_ring else innocent.get((link.a, link.b), "other")] += 1
    vpn_links = [k for k in graph.links if k.kind == "signin_ip" and k.value in exits]
    strong = [p for p, s in graph.pairs.items() if s >= min_strength]
    return {
        "workers_in_rings": len(ring_of),
        "rings": len(ring_sizes),
        "links": len(graph.links),
        "linked_pairs": len(graph.pairs),
        "strong_pairs": len(strong),
        "links_by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "common_values": len(graph.common),
        "common_top": [f"{c['kind']}:{c['value']} ({c['holders']})" for c in graph.common[:5]],
        "clusters": len(graph.clusters),
        "largest_cluster": max((len(c.workers) for c in graph.clusters), default=0),
        "cluster_sizes": dict(sorted(Counter(len(c.workers) for c in graph.clusters).items())),
        "true_pairs": true_pairs,
        "predicted_pairs": predicted,
        "correct_pairs": correct,
        "precision": round(correct / predicted, 4) if predicted else None,
        "recall": round(correct / true_pairs, 4) if true_pairs else None,
        "recall_of_visible": round(correct / visible, 4) if visible else None,
        "false_pairs_by_cause": dict(false_pairs.most_common()),
        "vpn_exit_links": len(vpn_links),
    }


STAGES = {"generate": _stage_generate, "ingest": _stage_ingest, "enrich": _stage_enrich, "link": _stage_link}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--dir", type=Path, default=None, help="data folder (default benchmarks/out/linking-N)"
    )
    parser.add_argument(
        "--feeds", type=Path, default=SHARED_DATA, help="feed snapshots (default ../shared/data)"
    )
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB memory_limit in every stage")
    parser.add_argument("--stages", default=",".join(STAGES), help="stages to run, e.g. 'link'")
    parser.add_argument("--stage", choices=tuple(STAGES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.dir = args.dir or OUT / f"linking-{args.workers}"
    if args.stage:  # inside a child: run one stage, print its JSON report last
        print(json.dumps(STAGES[args.stage](args)))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"workers": args.workers, "seed": args.seed, "cpus": os.cpu_count()}
    out_file = OUT / "linking.json"
    if out_file.exists():  # keep the figures of stages not re-run on the same world
        old = json.loads(out_file.read_text())
        if all(old.get(k) == results[k] for k in ("workers", "seed")):
            results = {**old, **results}
    for stage in args.stages.split(","):
        print(f"{stage} …", file=sys.stderr, flush=True)
        results[stage] = run_stage(__file__, "--stage", stage, *_forward(args))
        print(f"  {json.dumps(results[stage])}", file=sys.stderr, flush=True)
    OUT.mkdir(exist_ok=True)
    out_file.write_text(json.dumps(results, indent=2))
    if "link" in results:
        link = results["link"]
        print(
            f"link: {args.workers:,} workers in {link['seconds']} s, peak {link['peak_rss_mib']} MiB; "
            f"{link['clusters']:,} clusters, precision {link['precision']}, recall {link['recall']} "
            f"(of visible {link['recall_of_visible']}); steps {link['steps_s']}"
        )


if __name__ == "__main__":
    main()
