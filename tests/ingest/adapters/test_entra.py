"""Entra ID sign-in adapter: diagnostic export, portal/Graph JSON, portal CSV, broken input."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.conftest import SHARED_DATA, needs_shared_data
from unmask.ingest.adapters.entra import EntraAdapter
from unmask.ingest.errors import RowError
from unmask.ingest.readers import FileError

PANTHER = SHARED_DATA / "panther-idp-tests"

SIGN_IN: dict[str, Any] = {
    "id": "s1",
    "createdDateTime": "2024-05-01T08:00:00.1234567Z",
    "userPrincipalName": "kim@example.com",
    "userId": "u1",
    "appDisplayName": "Microsoft Teams",
    "ipAddress": "175.45.176.10",
    "clientAppUsed": "Browser",
    "userAgent": "Mozilla/5.0 X",
    "conditionalAccessStatus": "failure",
    "riskLevelDuringSignIn": "high",
    "riskState": "atRisk",
    "riskEventTypes_v2": ["anonymizedIPAddress", "unfamiliarFeatures"],
    "status": {"errorCode": 0},
    "deviceDetail": {
        "deviceId": "d1",
        "operatingSystem": "Windows10",
        "browser": "Edge",
        "isCompliant": False,
    },
    "location": {
        "city": "Pyongyang",
        "state": "",
        "countryOrRegion": "KP",
        "geoCoordinates": {"latitude": 39.0},
    },
}
DIAGNOSTIC: dict[str, Any] = {
    "time": "2024-05-01T08:01:00Z",
    "category": "SignInLogs",
    "callerIpAddress": "175.45.176.10",
    "resultType": "0",
    "properties": SIGN_IN,
}


def read(path: Path) -> tuple[EntraAdapter, pa.Table, list[RowError]]:
    adapter = EntraAdapter()
    chunks = list(adapter.read(path))
    table = pa.concat_tables([c.chunk.table for c in chunks])
    return adapter, table, [e for c in chunks for e in c.chunk.errors]


@pytest.mark.parametrize(
    "content",
    [
        json.dumps([SIGN_IN], indent=2),  # portal "Download JSON"
        json.dumps({"@odata.context": "x", "value": [SIGN_IN]}),  # Graph page
        json.dumps(DIAGNOSTIC) + "\n",  # Azure Storage export, one record per line
        json.dumps({"records": [DIAGNOSTIC]}, indent=1),  # older wrapped export
    ],
    ids=["portal", "graph", "diagnostic", "wrapped"],
)
def test_every_json_shape_gives_the_same_sign_in(tmp_path: Path, content: str) -> None:
    path = tmp_path / "entra.json"
    path.write_text(content)
    _, table, errors = read(path)
    assert errors == []
    row = table.to_pylist()[0]
    assert (row["_identity"], row["ts"], row["ip"]) == (
        "kim@example.com",
        "2024-05-01T08:00:00.1234567Z",
        "175.45.176.10",
    )
    assert (row["outcome"], row["app"], row["device_id"], row["source"]) == (
        "success",
        "Microsoft Teams",
        "d1",
        "entra",
    )
    assert (row["geo_country"], row["geo_city"], row["geo_state"], row["geo_lat"]) == (
        "KP",
        "Pyongyang",
        None,
        "39.0",
    )
    assert row["risk_event_types"] == '["anonymizedIPAddress","unfamiliarFeatures"]'
    assert (row["risk_level"], row["conditional_access"], row["device_compliant"]) == (
        "high",
        "failure",
        "false",
    )


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        ({"errorCode": 0}, "success"),
        ({"errorCode": 50126}, "failure"),
        ({"errorCode": 50074}, "failure"),
        ({}, None),
    ],
)
def test_error_code_decides_the_outcome(tmp_path: Path, status: dict[str, Any], outcome: str | None) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps([{**SIGN_IN, "status": status}]))
    assert read(path)[1].column("outcome").to_pylist() == [outcome]


def test_audit_and_service_principal_records_are_counted_not_rows(tmp_path: Path) -> None:
    records = [
        DIAGNOSTIC,
        {**DIAGNOSTIC, "category": "AuditLogs", "properties": {"activityDisplayName": "Add user"}},
        {**DIAGNOSTIC, "category": "ServicePrincipalSignInLogs"},
        {**DIAGNOSTIC, "category": "NonInteractiveUserSignInLogs"},
    ]
    path = tmp_path / "d.json"
    path.write_text("\n".join(json.dumps(r) for r in records))
    adapter, table, _ = read(path)
    assert table.column("category").to_pylist() == ["SignInLogs", "NonInteractiveUserSignInLogs"]
    assert adapter.skipped == {
        "not a sign-in (category AuditLogs)": 1,
        "not a user sign-in (category ServicePrincipalSignInLogs)": 1,
    }


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"createdDateTime": None}, "createdDateTime"),
        ({"createdDateTime": "yesterday"}, "createdDateTime"),
        ({"userPrincipalName": None}, "userPrincipalName"),
        ({"ipAddress": None}, "ipAddress"),
    ],
)
def test_bad_sign_ins_become_row_errors(tmp_path: Path, change: dict[str, Any], column: str) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps([SIGN_IN, {**SIGN_IN, **change}], indent=2))
    _, table, errors = read(path)
    assert table.num_rows == 1 and [e.column for e in errors] == [column] and errors[0].line > 2


CSV_HEADER = [
    "Date (UTC)",
    "Request ID",
    "User agent",
    "Correlation ID",
    "User ID",
    "User",
    "Username",
    "Application",
    "Application ID ",
    "IP address",
    "Location",
    "Status",
    "Sign-in error code",
    "Failure reason",
    "Client app",
    "Device ID",
    "Browser",
    "Operating System",
    "Compliant",
    "Managed",
    "Join Type",
    "Authentication requirement",
    "Autonomous system  number",
    "Conditional Access",
]


def test_portal_csv(tmp_path: Path) -> None:
    path = tmp_path / "InteractiveSignIns_2024.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(CSV_HEADER)
        out.writerow(
            [
                "2024-05-01T08:00:00Z",
                "r1",
                "Mozilla/5.0 X",
                "c1",
                "u1",
                "Kim",
                "kim@example.com",
                "Teams",
                "a1",
                "175.45.176.10",
                "Pyongyang, , KP",
                "Success",
                "0",
                "",
                "Browser",
                "d1",
                "Edge",
                "Windows10",
                "false",
                "false",
                "",
                "singleFactorAuthentication",
                "131279",
                "Not Applied",
            ]
        )
        out.writerow(
            [
                "2024-05-01T09:00:00Z",
                "r2",
                "",
                "",
                "",
                "Kim",
                "kim@example.com",
                "Teams",
                "",
                "1.2.3.4",
                "Dallas, Texas, US",
                "Failure",
                "50126",
                "Invalid username or password",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
        out.writerow(
            [
                "",
                "r3",
                "",
                "",
                "",
                "Kim",
                "kim@example.com",
                "Teams",
                "",
                "1.2.3.4",
                "",
                "",
                "0",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    _, table, errors = read(path)
    rows = table.to_pylist()
    assert [(r["_identity"], r["ip"], r["outcome"], r["_line"]) for r in rows] == [
        ("kim@example.com", "175.45.176.10", "success", 2),
        ("kim@example.com", "1.2.3.4", "failure", 3),
    ]
    assert (rows[0]["geo_city"], rows[0]["geo_state"], rows[0]["geo_country"], rows[0]["asn"]) == (
        "Pyongyang",
        None,
        "KP",
        "131279",
    )
    assert rows[1]["failure_reason"] == "Invalid username or password"
    assert [(e.line, e.column, e.reason) for e in errors] == [(4, "Date (UTC)", "missing timestamp")]


def test_csv_without_the_entra_columns_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(FileError, match="Entra"):
        read(path)


@needs_shared_data("panther-idp-tests", "azure_signin_rule_tests.json")
@pytest.mark.parametrize("fmt", ["ndjson", "records"])
def test_every_panther_azure_record_is_a_row_or_a_counted_skip(tmp_path: Path, fmt: str) -> None:
    records = [r["log"] for r in json.loads((PANTHER / "azure_signin_rule_tests.json").read_text())]
    path = tmp_path / "PT1H.json"
    if fmt == "ndjson":
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
    else:
        path.write_text(json.dumps({"records": records}, indent=2))
    adapter, table, errors = read(path)
    assert errors == []
    assert table.num_rows + sum(adapter.skipped.values()) == len(records) == 47
    assert table.num_rows == 18
    assert adapter.skipped["not a sign-in (category AuditLogs)"] == 15
    assert adapter.skipped["not a user sign-in (category ServicePrincipalSignInLogs)"] == 8
    outcomes = table.column("outcome").to_pylist()
    assert outcomes.count("failure") == 4 and None not in outcomes
