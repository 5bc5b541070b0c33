"""Microsoft 365 unified audit log adapter: the OTRF password spray, Purview CSV, broken input."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.conftest import SHARED_DATA, needs_shared_data
from unmask.ingest.adapters.m365 import M365Adapter
from unmask.ingest.errors import RowError
from unmask.ingest.readers import FileError

SPRAY = SHARED_DATA / "otrf-m365-spray"

LOGIN: dict[str, Any] = {
    "CreationTime": "2023-07-23T09:17:45",
    "Id": "i1",
    "Operation": "UserLoggedIn",
    "ResultStatus": "Success",
    "UserType": 0,
    "Workload": "AzureActiveDirectory",
    "ClientIP": "175.45.176.10:51234",
    "UserId": "kim@example.com",
    "ApplicationId": "app-1",
    "ExtendedProperties": [
        {"Name": "UserAgent", "Value": "Mozilla/5.0 X"},
        {"Name": "RequestType", "Value": "Login:login"},
    ],
    "DeviceProperties": [{"Name": "Id", "Value": "d1"}, {"Name": "OS", "Value": "Windows 10"}],
}


def read(path: Path) -> tuple[M365Adapter, pa.Table, list[RowError]]:
    adapter = M365Adapter()
    chunks = list(adapter.read(path))
    table = pa.concat_tables([c.chunk.table for c in chunks])
    return adapter, table, [e for c in chunks for e in c.chunk.errors]


def test_maps_a_login(tmp_path: Path) -> None:
    path = tmp_path / "ual.json"
    path.write_text(json.dumps([LOGIN]))
    _, table, errors = read(path)
    row = table.to_pylist()[0]
    assert errors == []
    assert (row["_identity"], row["ts"], row["ip"], row["outcome"]) == (
        "kim@example.com",
        "2023-07-23T09:17:45Z",
        "175.45.176.10",
        "success",
    )
    assert (row["user_agent"], row["device_id"], row["device_os"], row["request_type"]) == (
        "Mozilla/5.0 X",
        "d1",
        "Windows 10",
        "Login:login",
    )
    assert (row["user_type"], row["workload"], row["source"]) == ("0", "AzureActiveDirectory", "m365")


@pytest.mark.parametrize(
    ("client_ip", "ip"),
    [
        ("1.2.3.4:5678", "1.2.3.4"),
        ("[::1]:443", "::1"),
        ("2a09:bac1:820:8::1a:9c", "2a09:bac1:820:8::1a:9c"),
        ("1.2.3.4", "1.2.3.4"),
        ("[2001:db8::1]", "2001:db8::1"),
    ],
)
def test_client_ip_loses_its_port(tmp_path: Path, client_ip: str, ip: str) -> None:
    path = tmp_path / "u.jsonl"
    path.write_text(json.dumps({**LOGIN, "ClientIP": client_ip}) + "\n")
    assert read(path)[1].column("ip").to_pylist() == [ip]


def test_operations(tmp_path: Path) -> None:
    records = [
        LOGIN,
        {**LOGIN, "Operation": "UserLoginFailed", "LogonError": "InvalidUserNameOrPassword"},
        {**LOGIN, "Operation": "FileAccessed"},
        {**LOGIN, "Operation": "FileAccessed"},
        {**LOGIN, "Operation": None},
        {**LOGIN, "UserId": ""},
        {**LOGIN, "CreationTime": "23/07/2023"},
    ]
    path = tmp_path / "u.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    adapter, table, errors = read(path)
    assert table.column("outcome").to_pylist() == ["success", "failure"]
    assert table.column("logon_error").to_pylist() == [None, "InvalidUserNameOrPassword"]
    assert adapter.skipped == {"not a sign-in (Operation FileAccessed)": 2}
    assert [(e.line, e.column) for e in errors] == [(5, "Operation"), (6, "UserId"), (7, "CreationTime")]


def test_purview_csv(tmp_path: Path) -> None:
    path = tmp_path / "audit.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(["RecordId", "CreationDate", "RecordType", "Operation", "UserId", "AuditData"])
        out.writerow(
            ["i1", "2023-07-23T09:17:45", "15", "UserLoggedIn", "kim@example.com", json.dumps(LOGIN)]
        )
        out.writerow(
            ["i2", "2023-07-23T09:17:46", "15", "UserLoggedIn", "kim@example.com", '{"Operation": "User']
        )
        out.writerow(
            [
                "i3",
                "2023-07-23T09:17:47",
                "6",
                "FileAccessed",
                "kim@example.com",
                json.dumps({**LOGIN, "Operation": "FileAccessed"}),
            ]
        )
    adapter, table, errors = read(path)
    assert table.column("_line").to_pylist() == [2]
    assert [(e.line, e.column) for e in errors] == [(3, "AuditData")]
    assert adapter.skipped == {"not a sign-in (Operation FileAccessed)": 1}
    path.write_text("RecordId,Operation\n1,UserLoggedIn\n")
    with pytest.raises(FileError, match="AuditData"):
        read(path)


@needs_shared_data("otrf-m365-spray")
@pytest.mark.parametrize(
    ("name", "events"), [("o365spray_default.json", 9), ("o365spray_reporting.json", 14)]
)
def test_otrf_spray_records_all_parse(name: str, events: int) -> None:
    adapter, table, errors = read(SPRAY / name)
    assert errors == [] and adapter.skipped == {} and table.num_rows == events
    assert all(ts.endswith("Z") for ts in table.column("ts").to_pylist())


@needs_shared_data("otrf-m365-spray", "o365spray_reporting.json")
def test_the_spray_is_one_ip_hitting_many_users_with_a_success(report_figure: Any) -> None:
    _, table, _ = read(SPRAY / "o365spray_reporting.json")
    rows = table.to_pylist()
    by_ip: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_ip.setdefault(row["ip"], []).append(row)
    ip, hits = max(by_ip.items(), key=lambda kv: len({r["_identity"] for r in kv[1]}))
    users = {r["_identity"] for r in hits}
    window = sorted(r["ts"] for r in hits)
    successes = [r for r in hits if r["outcome"] == "success"]
    assert len(users) >= 8 and ip == "2a09:bac1:820:8::1a:9c"
    assert successes and all(window[0] <= r["ts"] <= window[-1] for r in successes)
    assert {r["_identity"] for r in successes} == {"Henrietta@contoso.onmicrosoft.com"}
    report_figure(
        f"m365 spray: {ip} tried {len(users)} users in {window[0]}..{window[-1]}, {len(successes)} successes"
    )
