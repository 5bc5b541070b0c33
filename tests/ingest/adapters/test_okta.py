"""Okta System Log adapter: Panther's labelled events, scenarios, and broken input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.conftest import SHARED_DATA, needs_shared_data
from unmask.ingest.adapters.okta import OktaAdapter
from unmask.ingest.errors import RowError
from unmask.ingest.readers import FileError

PANTHER = SHARED_DATA / "panther-idp-tests"

LOGIN: dict[str, Any] = {
    "uuid": "e1",
    "published": "2024-04-02T19:17:37.621Z",
    "eventType": "user.session.start",
    "displayMessage": "User login to Okta",
    "actor": {"alternateId": "kim@example.com", "type": "User"},
    "client": {
        "ipAddress": "175.45.176.10",
        "device": "Computer",
        "userAgent": {"rawUserAgent": "Mozilla/5.0 X"},
        "geographicalContext": {
            "country": "North Korea",
            "city": "Pyongyang",
            "geolocation": {"lat": 39.0, "lon": 125.7},
        },
    },
    "securityContext": {
        "isProxy": True,
        "asNumber": 131279,
        "asOrg": "Star JV",
        "isp": "Star JV",
        "domain": None,
    },
    "debugContext": {
        "debugData": {"deviceFingerprint": "fp1", "risk": "{level=HIGH}", "behaviors": "{New IP=POSITIVE}"}
    },
    "outcome": {"result": "SUCCESS"},
    "target": [{"type": "AppInstance", "displayName": "GitHub"}],
}


def read(path: Path) -> tuple[OktaAdapter, pa.Table, list[RowError]]:
    adapter = OktaAdapter()
    chunks = list(adapter.read(path))
    assert all(c.table == "signins" for c in chunks)
    table = pa.concat_tables([c.chunk.table for c in chunks])
    return adapter, table, [e for c in chunks for e in c.chunk.errors]


def write_ndjson(path: Path, events: list[Any]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


def test_maps_a_login_with_its_evidence(tmp_path: Path) -> None:
    _, table, errors = read(write_ndjson(tmp_path / "okta.jsonl", [LOGIN]))
    assert errors == []
    row = table.to_pylist()[0]
    assert row["_identity"] == "kim@example.com"
    assert row["ts"] == "2024-04-02T19:17:37.621Z"
    assert (row["ip"], row["user_agent"], row["device_id"]) == ("175.45.176.10", "Mozilla/5.0 X", "fp1")
    assert (row["outcome"], row["app"], row["source"], row["_line"]) == ("success", "GitHub", "okta", 1)
    assert (row["geo_country"], row["geo_city"], row["geo_lat"]) == ("North Korea", "Pyongyang", "39.0")
    assert (row["is_proxy"], row["asn"], row["as_org"], row["domain"]) == ("true", "131279", "Star JV", None)
    assert (row["risk"], row["behaviors"], row["event_type"]) == (
        "{level=HIGH}",
        "{New IP=POSITIVE}",
        "user.session.start",
    )
    assert all(pa.types.is_string(f.type) for f in table.schema if f.name != "_line")


@pytest.mark.parametrize(
    ("result", "outcome"),
    [
        ("SUCCESS", "success"),
        ("ALLOW", "success"),
        ("FAILURE", "failure"),
        ("DENY", "failure"),
        ("CHALLENGE", None),
    ],
)
def test_outcomes(tmp_path: Path, result: str, outcome: str | None) -> None:
    _, table, _ = read(write_ndjson(tmp_path / "o.jsonl", [{**LOGIN, "outcome": {"result": result}}]))
    assert table.column("outcome").to_pylist() == [outcome]
    assert table.column("outcome_result").to_pylist() == [result]


def test_array_pretty_and_compact_give_the_same_rows(tmp_path: Path) -> None:
    other = {**LOGIN, "uuid": "e2", "eventType": "user.account.update_password"}
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps([LOGIN, other, LOGIN], indent=2))
    compact = tmp_path / "compact.json"
    compact.write_text(json.dumps([LOGIN, other, LOGIN]))
    a, t1, _ = read(pretty)
    b, t2, _ = read(compact)
    assert t1.drop_columns(["_line"]) == t2.drop_columns(["_line"])
    assert t2.column("_line").to_pylist() == [1, 3]  # one-line document: record numbers
    assert t1.column("_line").to_pylist()[0] == 2  # pretty: the line the record opens on
    assert a.skipped == b.skipped == {"not a sign-in event (eventType user.account.update_password)": 1}
    again = read(pretty)[1]
    assert again == t1  # deterministic: re-ingest is idempotent


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"published": None}, "published", "missing timestamp"),
        ({"published": "redacted"}, "published", "not an ISO 8601 timestamp"),
        ({"actor": {}}, "actor.alternateId", "missing user"),
        ({"client": {}}, "client.ipAddress", "missing IP address"),
        ({"eventType": None}, "eventType", "no eventType"),
    ],
)
def test_bad_records_become_row_errors(
    tmp_path: Path, change: dict[str, Any], column: str, reason: str
) -> None:
    _, table, errors = read(write_ndjson(tmp_path / "b.jsonl", [LOGIN, {**LOGIN, **change}, LOGIN]))
    assert table.column("_line").to_pylist() == [1, 3]
    assert [(e.line, e.column) for e in errors] == [(2, column)]
    assert reason in errors[0].reason


def test_truncated_array_and_bad_utf8(tmp_path: Path) -> None:
    text = json.dumps([LOGIN, LOGIN, LOGIN], indent=2)
    path = tmp_path / "trunc.json"
    path.write_text(text[: len(text) * 5 // 6])
    _, table, errors = read(path)
    assert table.num_rows == 2
    assert len(errors) == 1 and "invalid JSON" in errors[0].reason and errors[0].line > 1
    lines = json.dumps(LOGIN).encode()
    path.write_bytes(
        b"\xef\xbb\xbf" + lines + b"\n" + lines.replace(b"Pyongyang", b"Py\xff") + b"\n{broken\n" + lines
    )
    _, table, errors = read(path)
    assert table.column("_line").to_pylist() == [1, 4]
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [
        (2, "bytes that are not valid UTF-8"),
        (3, "invalid JSON"),
    ]


def test_broken_record_in_a_pretty_array_costs_only_that_record(tmp_path: Path) -> None:
    text = json.dumps([LOGIN, LOGIN, LOGIN], indent=2).replace('"uuid": "e1"', '"uuid": e1', 1)
    path = tmp_path / "mid.json"
    path.write_text(text)
    _, table, errors = read(path)
    assert table.num_rows == 2 and len(errors) == 1 and errors[0].line == 2


@pytest.mark.parametrize("content", [b"", b"   \n", b"id,ts\n1,2\n", b"[1, 2]", b"{not json"])
def test_nothing_usable_is_a_file_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(FileError):
        read(path)


@needs_shared_data("panther-idp-tests", "okta_rule_tests.json")
@pytest.mark.parametrize("fmt", ["array", "ndjson"])
def test_every_panther_okta_event_is_a_row_a_skip_or_an_error(tmp_path: Path, fmt: str) -> None:
    events = [r["log"] for r in json.loads((PANTHER / "okta_rule_tests.json").read_text())]
    path = tmp_path / "okta.json"
    if fmt == "array":
        path.write_text(json.dumps(events, indent=2))
    else:
        write_ndjson(path, events)
    adapter, table, errors = read(path)
    assert table.num_rows + sum(adapter.skipped.values()) + len(errors) == len(events) == 100
    assert table.num_rows >= 15
    assert all(r.startswith("not a sign-in event (eventType ") for r in adapter.skipped)
    # Errors are only non-Okta records (Panther's behavioural summaries) and unusable timestamps.
    assert {e.column for e in errors} <= {"eventType", "published"}
    assert set(table.column("outcome").to_pylist()) <= {"success", "failure", None}


@needs_shared_data("panther-idp-tests", "impossible_travel_rule_tests.json")
def test_impossible_travel_okta_logins(tmp_path: Path) -> None:
    records = json.loads((PANTHER / "impossible_travel_rule_tests.json").read_text())
    events = [r["log"] for r in records if r["log"].get("p_log_type") == "Okta.SystemLog"]
    adapter, table, errors = read(write_ndjson(tmp_path / "t.jsonl", events))
    assert table.num_rows + sum(adapter.skipped.values()) + len(errors) == len(events) == 8
    assert table.num_rows == 7 and errors == []
    assert len(set(table.column("ip").to_pylist())) > 1


@needs_shared_data("panther-idp-tests", "scenarios")
def test_scenario_timelines(report_figure: Any) -> None:
    total = rows = 0
    for path in sorted((PANTHER / "scenarios").glob("*.jsonl")):
        adapter, table, errors = read(path)
        events = sum(1 for line in path.read_text().splitlines() if line.strip())
        assert table.num_rows + sum(adapter.skipped.values()) + len(errors) == events, path.name
        assert errors == [], path.name
        total, rows = total + events, rows + table.num_rows
    brute = read(PANTHER / "scenarios" / "okta-add-administrator__brute_force_logins.jsonl")[1]
    assert brute.column("outcome").to_pylist().count("failure") >= 5
    report_figure(f"okta scenarios: {rows} sign-ins of {total} events")
