"""IP classification throughput and the memory the loaded intelligence takes.

    .venv/bin/python benchmarks/bench_ip_enrichment.py                      # 1M addresses
    .venv/bin/python benchmarks/bench_ip_enrichment.py --n 200000 --shared ../shared/data

Draws ``--n`` distinct random public addresses (90% IPv4, 10% IPv6 in 2000::/3, seeded),
then, in one child process per case (package data only; plus the feeds under
``--shared``), times ``IpIntel.load`` and ``IpIntel.classify`` (best of ``--repeat``) and
reports ``nbytes()``, the size of the classified table and the resident-memory growth of
the load. ``classify`` uses a thread per CPU (at most 4). Figures are printed and
written to ``benchmarks/out/ip_enrichment.json``.
"""

from __future__ import annotations

import argparse
import gc
import ipaddress
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parent / "out"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FEEDS = ("x4bnet-vpn-datacenter", "tor-nodes", "cloud-ip-ranges")


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def addresses(n: int, seed: int) -> list[str]:
    """``n`` distinct public addresses: reserved blocks are drawn again, duplicates dropped."""
    from unmask.intel.ip_feeds import parse_networks, reserved_groups

    rng = np.random.default_rng(seed)
    n4 = n - n // 10
    blocks = [g.networks[4] for g in reserved_groups() if g.networks[4].size]
    v4 = np.zeros(0, np.uint64)
    while v4.size < n4:
        draw = rng.integers(0, 2**32, size=2 * n4, dtype=np.uint64)
        public = np.ones(draw.size, dtype=bool)
        for b in blocks:
            public &= ~((draw >= b.start_lo[0]) & (draw <= b.end_lo[0]))
        v4 = np.unique(np.concatenate([v4, draw[public]]))
    v4 = rng.permutation(v4)[:n4]
    doc = parse_networks(["2001:db8::/32", "3fff::/20"])[0][6]
    hi = rng.integers(0, 2**61, size=n // 10, dtype=np.uint64) | np.uint64(1 << 61)  # 2000::/3
    lo = rng.integers(0, 2**63, size=n // 10, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    bad = np.zeros(hi.size, dtype=bool)
    for k in range(doc.size):
        bad |= (hi >= doc.start_hi[k]) & (hi <= doc.end_hi[k])
    hi[bad] ^= np.uint64(1 << 60)  # nudge documentation prefixes out of 2001:db8::/32, 3fff::/20
    text = [f"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}" for v in v4.tolist()]
    text += [
        str(ipaddress.IPv6Address((h << 64) | low)) for h, low in zip(hi.tolist(), lo.tolist(), strict=True)
    ]
    order = rng.permutation(len(text))
    return [text[i] for i in order.tolist()]


def _case(args: argparse.Namespace) -> dict[str, Any]:
    """One child: load (package data, maybe feeds), then classify the same addresses repeatedly."""
    import pyarrow as pa

    from unmask.intel.ipintel import IpIntel

    ips = pa.array(addresses(args.n, args.seed), type=pa.string())
    feeds = (
        {name: args.shared / name for name in FEEDS if (args.shared / name).is_dir()} if args.feeds else {}
    )
    gc.collect()
    rss0 = _rss_mib()
    t = time.perf_counter()
    intel = IpIntel.load(feeds)
    load_s = time.perf_counter() - t
    gc.collect()
    rss1 = _rss_mib()
    runs = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        table = intel.classify(ips)
        runs.append(time.perf_counter() - t)
    classes = table.column("ip_class").value_counts().to_pylist()
    best = min(runs)
    return {
        "feeds": sorted(feeds),
        "addresses": len(ips),
        "load_s": round(load_s, 2),
        "classify_s": [round(r, 3) for r in runs],
        "lookups_per_s": round(len(ips) / best),
        "nbytes_mib": round(intel.nbytes() / 2**20, 1),
        "result_mib": round(table.nbytes / 2**20, 1),  # the classified table, input column included
        "rss_delta_mib": round(rss1 - rss0, 1),
        "classes": {c["values"]: c["counts"] for c in classes},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder holding the feed snapshots")
    parser.add_argument("--feeds", action="store_true", help=argparse.SUPPRESS)  # inside a child
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_case(args)))
        return
    results: dict[str, Any] = {"n": args.n, "seed": args.seed, "cpus": os.cpu_count()}
    common = [
        "--n",
        str(args.n),
        "--seed",
        str(args.seed),
        "--repeat",
        str(args.repeat),
        "--shared",
        str(args.shared),
    ]
    for name, extra in (("package_data", []), ("with_feeds", ["--feeds"])):
        if extra and not args.shared.is_dir():
            print(f"{name}: skipped, {args.shared} not found", file=sys.stderr)
            continue
        print(f"{name} …", file=sys.stderr, flush=True)
        out = subprocess.run([sys.executable, __file__, "--child", *common, *extra],
                             check=True, stdout=subprocess.PIPE, text=True).stdout  # fmt: skip
        results[name] = json.loads(out.strip().splitlines()[-1])
        r = results[name]
        print(f"{name}: load {r['load_s']} s, classify {r['addresses']:,} in {min(r['classify_s'])} s = "
              f"{r['lookups_per_s']:,} lookups/s; nbytes {r['nbytes_mib']} MiB, "
              f"result {r['result_mib']} MiB, "
              f"RSS +{r['rss_delta_mib']} MiB; "
              f"{r['classes']}")  # fmt: skip
    OUT.mkdir(exist_ok=True)
    (OUT / "ip_enrichment.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
