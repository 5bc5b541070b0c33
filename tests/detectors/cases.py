"""The detector test harness: row builders, the ``Case`` table row, and ``check_case``.

Each family's test module (``test_<family>.py``) lists ``CASES``; a case is a tiny
bundle, the workers a detector must flag (with the strength range allowed) and the
look-alikes it must leave alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.bundles import Rows, worker, write_bundle
from unmask.detectors.registry import REGISTRY
from unmask.enrich import Intelligence, enrich_all
from unmask.ingest import ingest_bundle
from unmask.store import Workspace

# Residential (home broadband) addresses: anonymisers and data centres are not location evidence.
US_IP, US_IP2, CN_IP, KP_IP, DE_IP = (
    "24.5.6.7",
    "98.207.1.9",
    "113.89.10.20",
    "175.45.176.1",
    "130.73.130.110",
)
HOME_IP = "73.162.10.20"  # a US cable (residential) network

__all__ = ["Rows", "worker"]  # re-exported for the family test modules


def meeting(
    wid: str, day: int, *, attended: bool = True, camera: bool | None = True, kind: str = "standup"
) -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": f"2026-08-{day:02d}T15:00:00Z",
        "kind": kind,
        "attended": attended,
        "camera_on": camera,
    }


def signin(wid: str, ts: str, ip: str, outcome: str = "success") -> dict[str, Any]:
    return {"worker_id": wid, "ts": ts, "ip": ip, "outcome": outcome}


def payment(wid: str, day: int, **fields: Any) -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": f"2026-08-{day:02d}T00:00:00Z",
        "amount": 2000,
        "currency": "USD",
        "kind": "payout",
        "method": "bank",
        **fields,
    }


def device(
    wid: str, software: list[str] | None = None, usb: list[str] | None = None, device_id: str = "d1"
) -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": "2026-08-05T00:00:00Z",
        "device_id": f"{wid}-{device_id}",
        "software": software or [],
        "usb": usb or [],
    }


def verification(wid: str, kind: str, outcome: str) -> dict[str, Any]:
    return {"worker_id": wid, "ts": "2026-08-02T00:00:00Z", "kind": kind, "outcome": outcome}


def assessment(wid: str, flags: list[str], kind: str = "coding_test") -> dict[str, Any]:
    return {"worker_id": wid, "ts": "2026-07-20T00:00:00Z", "kind": kind, "score": 80, "flags": flags}


def profile(wid: str, source: str, name: str) -> dict[str, Any]:
    return {"worker_id": wid, "source": source, "name": name}


def firm(firm_id: str, name: str, domain: str | None = None) -> dict[str, Any]:
    return {"firm_id": firm_id, "name": name, "domain": domain, "background_check_provider": "Sterling",
            "background_check_docs": "yes"}  # fmt: skip


def employment(wid: str, employer: str, domain: str | None = None) -> dict[str, Any]:
    jobs = [
        {"employer": employer, "title": "Engineer", "start": "2020-01", "end": "2023-06", "domain": domain}
    ]
    return {"worker_id": wid, "source": "resume", "name": wid, "employment": json.dumps(jobs)}


def commit(wid: str, ts: str) -> dict[str, Any]:
    return {"worker_id": wid, "ts": ts, "repo": "api", "author_name": wid, "author_email": f"{wid}@x.example"}


def message(wid: str, text: str, direction: str = "from_worker") -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": "2026-08-10T10:00:00Z",
        "direction": direction,
        "channel": "chat",
        "text": text,
    }


@dataclass
class Case:
    name: str
    detector: str
    tables: dict[str, Rows]
    flagged: dict[str, tuple[float, float]]  # worker -> allowed strength range
    clean: tuple[str, ...]
    evidence_tables: set[str] = field(default_factory=set)


def workers(*ids: str, **fields: Any) -> Rows:
    return [worker(i, **fields) for i in ids]


def check_case(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    """Ingest the case's bundle, enrich it, run its detector and check who is flagged and what is cited."""
    report = ingest_bundle(ws, write_bundle(tmp_path / "b", case.tables))
    assert report.error_count == 0, [str(e) for e in report.errors]
    enrich_all(ws, intel)
    findings = {f.worker_id: f for f in REGISTRY[case.detector].run(ws.engine)}
    for wid, (low, high) in case.flagged.items():
        assert wid in findings, f"{wid} not flagged by {case.detector}"
        f = findings[wid]
        assert low - 1e-9 <= f.strength <= high + 1e-9, (wid, f.strength, f.values)
        assert f.rows and {r.table for r in f.rows} <= case.evidence_tables
        assert all(":" in r.source for r in f.rows)  # file:line of each evidence row
        assert f.references and all(ref.startswith("https://") for ref in f.references)
        assert f.detail.endswith(".") and len(f.detail) < 300
    for wid in case.clean:
        assert wid not in findings, f"{wid} wrongly flagged: {findings[wid].detail}"
