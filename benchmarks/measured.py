"""Run one benchmark stage in a child process, so that its peak memory is its own.

Each benchmark script re-runs itself with ``--stage …``; the child prints a JSON report as
its last line. ``wait4`` gives the child's own rusage, so the peak resident memory is that
stage's alone, not the parent's or an earlier stage's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any


def run_stage(script: str, *args: str) -> dict[str, Any]:
    """``python script args…``: its JSON report plus ``wall_s`` and ``peak_rss_mib``."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, script, *args], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(args)} failed with exit code {code}")
    report: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    report["wall_s"] = round(time.perf_counter() - started, 2)
    report["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)  # Linux reports KiB
    return report
