"""``activity_profile``: which events count, the claimed offset on the events' dates, the shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from tests.bundles import worker, write_bundle
from unmask.enrich import ENRICHERS
from unmask.enrich.activity import activity_profile, enrich_activity
from unmask.ingest import ingest_bundle
from unmask.store import Workspace


def _signin(wid: str, ts: str, outcome: str = "success") -> dict[str, Any]:
    return {"worker_id": wid, "ts": ts, "ip": "73.162.10.20", "outcome": outcome}


def _profiles(ws: Workspace) -> dict[str, dict[str, Any]]:
    return {r["worker_id"]: r for r in ws.engine.rows("SELECT * FROM activity_profile")}


def test_counts_the_worker_at_work_and_reads_the_claimed_clock(tmp_path: Path, ws: Workspace) -> None:
    bundle = write_bundle(
        tmp_path / "b",
        {
            "workers": [
                worker("chi"),
                worker("del", claimed_country="IN", claimed_timezone="Asia/Kolkata"),
                worker("idle"),
                worker("winter"),
            ],
            # Monday 3 August 2026: 15:00 UTC is 10:00 in Chicago; 02:00 UTC is 21:00 on Sunday.
            "signins": [
                _signin("chi", "2026-08-03T15:00:00Z"),
                _signin("chi", "2026-08-03T02:00:00Z"),
                _signin("chi", "2026-08-03T03:00:00Z", outcome="failure"),
                _signin("del", "2026-08-03T05:00:00Z"),  # 10:30 in Delhi
                _signin("winter", "2026-12-07T15:00:00Z"),  # 09:00 in Chicago, on winter time
            ],
            "commits": [
                {"worker_id": "chi", "ts": "2026-08-04T10:00:00-05:00", "repo": "api", "author_name": "c"}
            ],
            "messages": [
                {"worker_id": "chi", "ts": "2026-08-04T16:00:00Z", "direction": "from_worker", "text": "hi"},
                {"worker_id": "chi", "ts": "2026-08-04T03:00:00Z", "direction": "to_worker", "text": "yo"},
            ],
            "meetings": [
                {"worker_id": "chi", "ts": "2026-08-05T15:00:00Z", "attended": True},
                {"worker_id": "chi", "ts": "2026-08-06T03:00:00Z", "attended": False},
            ],
        },
    )
    ingest_bundle(ws, bundle)
    assert enrich_activity(ws) == 3
    profiles = _profiles(ws)
    assert set(profiles) == {"chi", "del", "winter"}  # no events, no profile
    chi = profiles["chi"]
    # A sign-in, a commit, a message from the worker, an attended meeting; the Sunday-night sign-in too.
    assert chi["events"] == 5
    assert chi["claimed_offset_min"] == -300
    assert chi["outside_day_share"] == 1 / 5
    assert chi["weekend_share"] == 1 / 5
    assert profiles["del"]["claimed_offset_min"] == 330
    assert profiles["del"]["outside_day_share"] == 0
    assert profiles["winter"]["claimed_offset_min"] == -360
    assert profiles["winter"]["outside_day_share"] == 0
    for row in profiles.values():
        assert 0 <= row["confidence"] <= 1 and 0 <= row["claim_support"] <= 1


def test_is_rebuilt_on_every_run(tmp_path: Path, ws: Workspace) -> None:
    write = {"workers": [worker("a")], "signins": [_signin("a", "2026-08-03T15:00:00Z")]}
    ingest_bundle(ws, write_bundle(tmp_path / "one", write))
    enrich_activity(ws)
    more = {"workers": [worker("a")], "signins": [_signin("a", "2026-08-04T15:00:00Z")]}
    ingest_bundle(ws, write_bundle(tmp_path / "two", more))
    enrich_activity(ws)
    assert _profiles(ws)["a"]["events"] == 2


def test_unknown_or_missing_claimed_zone_leaves_the_claim_empty() -> None:
    counts = pa.table(
        {
            "worker_id": ["a", "a", "b"],
            "bin": pa.array([10, 20, 30], pa.int16()),
            "n": pa.array([2, 1, 4], pa.int32()),
            "seconds": [3.0e9, 1.5e9, 7.0e9],
        }
    )
    claims = pa.table({"worker_id": ["a", "b"], "tz": ["Mars/Olympus_Mons", None]})
    rows = {r["worker_id"]: r for r in activity_profile(counts, claims).to_pylist()}
    assert rows["a"]["events"] == 3 and rows["b"]["events"] == 4
    assert rows["a"]["claimed_offset_min"] is None and rows["b"]["claim_support"] is None
    assert rows["a"]["inferred_offset_min"] is not None


def test_no_events_no_rows() -> None:
    empty = pa.table({"worker_id": pa.array([], pa.string()), "bin": pa.array([], pa.int16()),
                      "n": pa.array([], pa.int32()), "seconds": pa.array([], pa.float64())})  # fmt: skip
    assert activity_profile(empty, pa.table({"worker_id": ["a"], "tz": ["UTC"]})).num_rows == 0


def test_is_an_enrichment() -> None:
    assert enrich_activity in [enricher for _, enricher in ENRICHERS]
