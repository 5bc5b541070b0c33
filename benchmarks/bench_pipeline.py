"""Ingest + scan of a generated bundle: throughput and peak memory per stage.

    .venv/bin/python benchmarks/bench_pipeline.py                # 100k workers, 10M sign-ins
    .venv/bin/python benchmarks/bench_pipeline.py --workers 2000 --signins-per-worker 50   # quick
    .venv/bin/python benchmarks/bench_pipeline.py --feeds ../shared/data --stages scan   # rescan

Each stage runs in its own child process so that its peak resident memory
(``wait4`` rusage) is its own: generate, ingest (bundle → workspace), scan
(workspace → result, with sub-stage timings from inside the scan). Figures are
printed and written to ``benchmarks/out/pipeline.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

from measured import run_stage  # benchmarks/ is on sys.path when a script runs

OUT = Path(__file__).resolve().parent / "out"


def _forward(args: argparse.Namespace) -> list[str]:
    return [
        "--workers", str(args.workers),
        "--signins-per-worker", str(args.signins_per_worker),
        "--format", args.format,
        "--dir", str(args.dir),
        "--feeds", str(args.feeds or ""),
    ]  # fmt: skip


def _stage_generate(args: argparse.Namespace) -> dict[str, Any]:
    from unmask.demo import generate_bundle

    t = time.perf_counter()
    generate_bundle(args.dir / "bundle", workers=args.workers, signins_per_worker=args.signins_per_worker,
                    fmt=args.format)  # fmt: skip
    size = sum(p.stat().st_size for p in (args.dir / "bundle").iterdir())
    return {"seconds": round(time.perf_counter() - t, 2), "bundle_mib": round(size / 2**20, 1)}


def _stage_ingest(args: argparse.Namespace) -> dict[str, Any]:
    from unmask.ingest import ingest_bundle
    from unmask.store import Workspace

    db = args.dir / "bench.duckdb"
    db.unlink(missing_ok=True)
    ws = Workspace.open(db)
    t = time.perf_counter()
    report = ingest_bundle(ws, args.dir / "bundle")
    seconds = time.perf_counter() - t
    rows = sum(tr.read for tr in report.tables)
    signins = next((tr.read for tr in report.tables if tr.table == "signins"), 0)
    ws.close()
    return {
        "seconds": round(seconds, 2),
        "rows": rows,
        "signins": signins,
        "rows_per_s": round(rows / seconds),
        "rejected": report.error_count,
    }


def _stage_scan(args: argparse.Namespace) -> dict[str, Any]:
    from unmask.enrich import Intelligence
    from unmask.pipeline import scan_workspace
    from unmask.report.json_report import write_json
    from unmask.store import Workspace

    # Without --feeds: package data only (an empty cache), never the user's own cache.
    intel = Intelligence.open(Path(args.feeds) if args.feeds else args.dir / "no-feeds")
    ws = Workspace.open(args.dir / "bench.duckdb")
    events = sum(ws.counts().values())
    steps: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    result = scan_workspace(ws, step=lambda name: steps.append((name, time.perf_counter())), intel=intel)
    t1 = time.perf_counter()
    write_json(result, args.dir / "scan.json")
    t2 = time.perf_counter()
    ws.close()
    marks = [*steps, ("end", t1)]
    by_step: dict[str, float] = {}
    for (name, start), (_, end) in pairwise(marks):
        key = (
            name if name.startswith("enrich") else name.split(":")[0]
        )  # each enrichment; detect; score; link
        by_step[key] = by_step.get(key, 0.0) + end - start
    return {
        "seconds": round(t1 - t0, 2),
        "events": events,
        "events_per_s": round(events / (t1 - t0)),
        "steps_s": {k: round(v, 2) for k, v in by_step.items()},
        "write_json_s": round(t2 - t1, 2),
        "workers": len(result.workers),
        "clusters": len(result.clusters),
        "feeds": [f["name"] for f in result.meta["feeds"]["used"]],
    }


STAGES = {"generate": _stage_generate, "ingest": _stage_ingest, "scan": _stage_scan}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--signins-per-worker", type=int, default=100)
    parser.add_argument("--format", choices=("csv", "jsonl", "parquet"), default="csv")
    parser.add_argument("--dir", type=Path, default=OUT / "pipeline")
    parser.add_argument("--feeds", default="", help="feed snapshot folder for the scan (default: none)")
    parser.add_argument("--stages", default=",".join(STAGES), help="stages to run, e.g. 'scan'")
    parser.add_argument("--stage", choices=tuple(STAGES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:  # inside a child: run one stage, print its JSON report last
        print(json.dumps(STAGES[args.stage](args)))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "workers": args.workers,
        "signins_per_worker": args.signins_per_worker,
        "format": args.format,
        "cpus": os.cpu_count(),
    }
    out_file = OUT / "pipeline.json"
    if out_file.exists():  # keep the figures of stages not re-run on the same bundle size
        old = json.loads(out_file.read_text())
        if all(old.get(k) == results[k] for k in ("workers", "signins_per_worker", "format")):
            results = {**old, **results}
    for stage in args.stages.split(","):
        print(f"{stage} …", file=sys.stderr, flush=True)
        results[stage] = run_stage(__file__, "--stage", stage, *_forward(args))
        print(f"  {json.dumps(results[stage])}", file=sys.stderr, flush=True)
    OUT.mkdir(exist_ok=True)
    out_file.write_text(json.dumps(results, indent=2))
    ingest, scan = results["ingest"], results["scan"]
    print(
        f"ingest: {ingest['rows']:,} rows ({ingest['signins']:,} sign-ins) in {ingest['seconds']} s "
        f"= {ingest['rows_per_s']:,} rows/s, peak {ingest['peak_rss_mib']} MiB\n"
        f"scan:   {scan['events']:,} stored rows in {scan['seconds']} s = {scan['events_per_s']:,} rows/s, "
        f"peak {scan['peak_rss_mib']} MiB; steps {scan['steps_s']}"
    )


if __name__ == "__main__":
    main()
