"""Write small hand-made bundles for tests, in any of the three formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

Rows = list[dict[str, Any]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


def write_table(folder: Path, table: str, rows: Rows, fmt: str = "csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for row in rows:
        names += [k for k in row if k not in names]
    path = folder / f"{table}.{fmt}"
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            for row in rows:
                writer.writerow([_cell(row.get(n)) for n in names])
    elif fmt == "jsonl":
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row) + "\n")
    elif fmt == "parquet":
        columns = {n: [_cell(r.get(n)) or None for r in rows] for n in names}
        pq.write_table(pa.table({n: pa.array(v, pa.string()) for n, v in columns.items()}), path)
    else:
        raise ValueError(fmt)
    return path


def write_bundle(folder: Path, tables: dict[str, Rows], fmt: str = "csv") -> Path:
    for table, rows in tables.items():
        write_table(folder, table, rows, fmt)
    return folder


def worker(worker_id: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "worker_id": worker_id,
        "name": f"Person {worker_id}",
        "claimed_country": "US",
        "claimed_timezone": "America/Chicago",
        "engagement": "contractor",
    }
    row.update(fields)
    return row


# One valid row for every table of bundle-v1.
FULL_BUNDLE: dict[str, Rows] = {
    "workers": [
        worker(
            "w1",
            email="ann@example.com",
            phone="+13125550101",
            claimed_city="Chicago",
            role="backend",
            firm_id="f1",
            start_date="2026-08-01",
            end_date="2026-12-31",
        )
    ],
    "firms": [
        {
            "firm_id": "f1",
            "name": "Acme Staffing",
            "domain": "acme.example",
            "country": "US",
            "background_check_provider": "Checkr",
            "background_check_docs": "yes",
        }
    ],
    "profiles": [
        {
            "worker_id": "w1",
            "source": "linkedin",
            "name": "Ann Lee",
            "country": "US",
            "timezone": "America/Chicago",
            "photo_hash": "a1b2c3d4e5f60718",
            "education": [{"school": "UIUC", "degree": "BSc", "start": "2010", "end": "2014"}],
            "employment": [{"employer": "Initech", "title": "Dev", "start": "2015", "end": "2020"}],
            "created_at": "2020-01-02T03:04:05Z",
        }
    ],
    "signins": [
        {
            "worker_id": "w1",
            "ts": "2026-08-03T09:00:00-05:00",
            "ip": "8.8.8.8",
            "user_agent": "Mozilla/5.0",
            "device_id": "d1",
            "outcome": "success",
            "app": "okta",
            "source": "sso",
        }
    ],
    "payments": [
        {
            "worker_id": "w1",
            "ts": "2026-08-15T00:00:00Z",
            "amount": "2500.50",
            "currency": "USD",
            "kind": "payout",
            "method": "bank",
            "account_id": "acct-1",
            "account_country": "US",
        }
    ],
    "meetings": [
        {
            "worker_id": "w1",
            "ts": "2026-08-04T15:00:00Z",
            "kind": "standup",
            "attended": "yes",
            "camera_on": "TRUE",
            "duration_min": "15",
        }
    ],
    "messages": [
        {
            "worker_id": "w1",
            "ts": "2026-08-04T15:30:00Z",
            "direction": "from_worker",
            "channel": "slack",
            "text": "pushed the fix, line one\nand line two",
        }
    ],
    "assessments": [
        {
            "worker_id": "w1",
            "ts": "2026-07-20T14:00:00Z",
            "kind": "coding_test",
            "score": "87",
            "flags": "tab_switch;paste",
        }
    ],
    "devices": [
        {
            "worker_id": "w1",
            "ts": "2026-08-05T00:00:00Z",
            "device_id": "d1",
            "hostname": "ann-mbp",
            "ip": "8.8.4.4",
            "software": ["Slack", "Zoom"],
            "usb": [],
        }
    ],
    "commits": [
        {
            "worker_id": "w1",
            "ts": "2026-08-06T22:15:00+09:00",
            "repo": "api",
            "author_name": "Ann Lee",
            "author_email": "ann@example.com",
        }
    ],
    "identities": [{"worker_id": "w1", "source": "okta", "identity": "ann@example.com"}],
    "verifications": [
        {"worker_id": "w1", "ts": "2026-08-01T12:00:00Z", "kind": "live_video_id", "outcome": "passed"}
    ],
}
