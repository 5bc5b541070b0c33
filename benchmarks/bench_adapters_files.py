"""The git and mapped-CSV adapters on large generated inputs: throughput and peak memory.

    .venv/bin/python benchmarks/bench_adapters_files.py                    # 1M commits, 1M CSV rows
    .venv/bin/python benchmarks/bench_adapters_files.py --commits 100000 --rows 100000   # quick

The git repository is written with ``git fast-import`` (one empty-tree commit per
event, 1,000 authors at a dozen UTC offsets, some with a second email, some
backdated) because ``git commit`` would take hours for a million commits. The CSV
is a payroll export read through a mapping with a date format, an enum value map
and unmapped columns kept as evidence, so every transformation is on the path.

Each stage runs in its own child process so that its peak resident memory
(``wait4`` rusage) is its own; for the git read that is the larger of Python and
the ``git log`` it runs. Figures are printed and written to
``benchmarks/out/adapters_files.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from measured import run_stage  # benchmarks/ is on sys.path when a script runs

OUT = Path(__file__).resolve().parent / "out"
OFFSETS = ["+0900", "-0500", "+0530", "+0000", "+0800", "-0800", "+0300", "+0100", "-0300", "+1000", "+0200",
           "-0700"]  # fmt: skip
MAPPING = """
table = "payments"
identity = "Employee Email"
[columns]
ts = "Pay Date"
amount = "Net Amount"
currency = "Currency"
method = "Pay Method"
account_country = "Bank Country"
[values.method]
"ACH" = "bank"
"Wire" = "bank"
"USDT" = "crypto"
[formats]
ts = "%m/%d/%Y"
[constants]
kind = "payout"
"""


def _forward(args: argparse.Namespace) -> list[str]:
    return ["--commits", str(args.commits), "--rows", str(args.rows), "--dir", str(args.dir)]


def _fast_import_stream(commits: int) -> bytes:
    """A fast-import stream of ``commits`` empty commits on one branch."""
    out: list[bytes] = []
    start = 1_600_000_000
    for i in range(commits):
        author = i % 1000
        email = f"dev{author}@example.com" if author % 10 else f"dev{author}.alt{i % 3}@example.com"
        offset = OFFSETS[author % len(OFFSETS)]
        when = start + i * 60
        authored = when - 86_400 * 30 if i % 500 == 0 else when  # a few backdated commits
        out.append(
            f"commit refs/heads/main\nauthor Dev {author} <{email}> {authored} {offset}\n"
            f"committer Dev {author} <{email}> {when} {offset}\ndata 0\n\n".encode()
        )
    return b"".join(out)


def _stage_git_build(args: argparse.Namespace) -> dict[str, Any]:
    repo = args.dir / "repo.git"
    subprocess.run(["rm", "-rf", str(repo)], check=True)
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    t = time.perf_counter()
    stream = _fast_import_stream(args.commits)
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=stream, check=True)
    return {"commits": args.commits, "seconds": round(time.perf_counter() - t, 2)}


def _stage_git_read(args: argparse.Namespace) -> dict[str, Any]:
    from unmask.ingest.adapters.git import GitAdapter

    t = time.perf_counter()
    rows = errors = 0
    for ac in GitAdapter().read(args.dir / "repo.git"):
        rows += ac.chunk.table.num_rows
        errors += len(ac.chunk.errors)
    seconds = time.perf_counter() - t
    return {
        "events": rows,
        "errors": errors,
        "seconds": round(seconds, 2),
        "events_per_s": round(rows / seconds),
    }


def _stage_csv_build(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    t = time.perf_counter()
    rng = np.random.default_rng(7)
    n = args.rows
    people = rng.integers(0, 20_000, n)
    person = pa.array(people).cast(pa.string())
    day = pc.utf8_lpad(pa.array(rng.integers(0, 28, n) + 1).cast(pa.string()), 2, "0")
    month = pc.utf8_lpad(pa.array(rng.integers(0, 12, n) + 1).cast(pa.string()), 2, "0")
    table = pa.table({
        "Employee Email": pc.binary_join_element_wise("emp", person, "@example.com", ""),
        "Emp Name": pc.binary_join_element_wise("Employee ", person, ""),
        "Pay Date": pc.binary_join_element_wise(month, day, "2024", "/"),
        "Net Amount": pa.array(np.round(rng.uniform(500, 9000, n), 2)).cast(pa.string()),
        "Currency": pa.array(["USD"] * n),
        "Pay Method": pa.array(np.array(["ACH", "Wire", "USDT", "Payoneer"])[rng.integers(0, 4, n)]),
        "Bank Country": pa.array(np.array(["US", "HK", "CN", "AE", "GB"])[rng.integers(0, 5, n)]),
        "Cost Center": pc.binary_join_element_wise("ENG-", pa.array(people % 50).cast(pa.string()), ""),
    })  # fmt: skip
    pacsv.write_csv(table, args.dir / "payroll.csv", pacsv.WriteOptions(quoting_style="needed"))
    (args.dir / "payroll-mapping.toml").write_text(MAPPING)
    size = (args.dir / "payroll.csv").stat().st_size
    return {"rows": n, "csv_mib": round(size / 2**20, 1), "seconds": round(time.perf_counter() - t, 2)}


def _stage_csv_read(args: argparse.Namespace) -> dict[str, Any]:
    from unmask.ingest.adapters.mapped_csv import MappedCsvAdapter

    t = time.perf_counter()
    rows = errors = 0
    for ac in MappedCsvAdapter(args.dir / "payroll-mapping.toml").read(args.dir / "payroll.csv"):
        rows += ac.chunk.table.num_rows
        errors += len(ac.chunk.errors)
    seconds = time.perf_counter() - t
    return {
        "events": rows,
        "errors": errors,
        "seconds": round(seconds, 2),
        "events_per_s": round(rows / seconds),
    }


STAGES = {"git-build": _stage_git_build, "git-read": _stage_git_read, "csv-build": _stage_csv_build,
          "csv-read": _stage_csv_read}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--commits", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=OUT / "adapters_files")
    parser.add_argument("--stages", default=",".join(STAGES), help="stages to run, e.g. 'git-read,csv-read'")
    parser.add_argument("--stage", choices=tuple(STAGES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:  # inside a child: run one stage, print its JSON report last
        print(json.dumps(STAGES[args.stage](args)))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"commits": args.commits, "rows": args.rows, "cpus": os.cpu_count()}
    for stage in args.stages.split(","):
        results[stage] = run_stage(__file__, "--stage", stage, *_forward(args))
        print(f"{stage}: {json.dumps(results[stage])}", flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "adapters_files.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
