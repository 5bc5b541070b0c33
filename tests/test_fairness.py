"""Protected traits are never evidence: the same conduct scores the same whoever the person is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.bundles import worker, write_bundle
from unmask.ingest import ingest_bundle
from unmask.pipeline import scan_workspace
from unmask.store import Workspace


def _conduct(wid: str) -> dict[str, list[dict[str, Any]]]:
    """Some red flags and some ordinary activity, identical for every worker."""
    return {
        "meetings": [
            {"worker_id": wid, "ts": f"2026-08-0{d}T15:00:00Z", "attended": True, "camera_on": d % 2 == 0}
            for d in range(1, 7)
        ],
        "payments": [
            {
                "worker_id": wid,
                "ts": "2026-08-15T00:00:00Z",
                "amount": 900,
                "currency": "USD",
                "method": "crypto",
                "wallet_address": f"0x{wid}",
            }
        ],
        "signins": [
            {"worker_id": wid, "ts": f"2026-08-0{d}T14:00:00Z", "ip": "8.8.8.8"} for d in range(1, 8)
        ],
        "profiles": [{"worker_id": wid, "source": "linkedin", "name": None}],
    }


PEOPLE = [
    ("kim", {"name": "Kim Jong Su", "email": "kim.js@example.com"}),
    ("smith", {"name": "John Smith", "email": "john.smith@example.com"}),
    ("nguyen", {"name": "Nguyễn Thị Minh Khai", "email": "minh@example.com"}),
    ("okafor", {"name": "Chinedu Okafor", "email": "c.okafor@example.com"}),
    ("haddad", {"name": "Fatima Al-Haddad", "email": "fatima@example.com"}),
]


def test_name_and_its_origin_do_not_change_the_score(tmp_path: Path, ws: Workspace) -> None:
    tables: dict[str, list[dict[str, Any]]] = {"workers": []}
    for wid, fields in PEOPLE:
        tables["workers"].append(worker(wid, **fields))
        for table, rows in _conduct(wid).items():
            tables.setdefault(table, []).extend(rows)
    ingest_bundle(ws, write_bundle(tmp_path / "b", tables))
    result = scan_workspace(ws)
    scores = {w.worker_id: round(w.score, 12) for w in result.workers}
    assert len(set(scores.values())) == 1, scores
    detectors = {w.worker_id: sorted(p.finding.detector for p in w.parts) for w in result.workers}
    assert len({tuple(v) for v in detectors.values()}) == 1


@pytest.mark.parametrize("claimed", ["US", "CN", "KR", "IN", "NG"])
def test_claimed_country_alone_is_not_evidence(tmp_path: Path, ws: Workspace, claimed: str) -> None:
    """A worker whose activity matches the country they claim gets the base-rate score."""
    ip = {
        "US": "73.162.10.20",
        "CN": "114.80.1.1",
        "KR": "168.126.63.1",
        "IN": "49.44.0.1",
        "NG": "41.58.0.1",
    }[claimed]
    tables = {
        "workers": [worker("w", claimed_country=claimed)],
        "signins": [{"worker_id": "w", "ts": f"2026-08-0{d}T10:00:00Z", "ip": ip} for d in range(1, 9)],
        "payments": [
            {
                "worker_id": "w",
                "ts": "2026-08-15T00:00:00Z",
                "amount": 1,
                "currency": "USD",
                "account_country": claimed,
            }
        ],
    }
    ingest_bundle(ws, write_bundle(tmp_path / "b", tables))
    result = scan_workspace(ws)
    assert ws.engine.scalar("SELECT country FROM ip_info") == claimed  # the sign-ins were located
    assert result.workers[0].parts == (), [p.finding.detail for p in result.workers[0].parts]
