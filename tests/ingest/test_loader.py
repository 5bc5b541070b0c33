"""Ingest of bundle-v1: every table in every format, bad input, fatal errors, idempotency."""

from __future__ import annotations

import copy
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.bundles import FULL_BUNDLE, Rows, worker, write_bundle, write_table
from unmask.ingest import BundleError, ingest_bundle
from unmask.model import TABLES
from unmask.store import Workspace

FORMATS = ("csv", "jsonl", "parquet")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_table_in_every_format(tmp_path: Path, ws: Workspace, fmt: str) -> None:
    bundle = write_bundle(tmp_path / "b", FULL_BUNDLE, fmt)
    report = ingest_bundle(ws, bundle)
    assert report.error_count == 0, [str(e) for e in report.errors]
    assert ws.counts() == {name: 1 for name in TABLES}
    q = ws.engine.rows
    sign = q("SELECT CAST(ts AS VARCHAR) AS ts, ts_offset_min FROM signins")[0]
    assert sign == {"ts": "2026-08-03 14:00:00", "ts_offset_min": -300}  # the offset is kept
    assert q("SELECT ts_offset_min FROM commits")[0]["ts_offset_min"] == 540
    assert q("SELECT amount FROM payments")[0]["amount"] == 2500.5
    assert q("SELECT attended, camera_on FROM meetings")[0] == {"attended": True, "camera_on": True}
    assert q("SELECT flags FROM assessments")[0]["flags"] == ["tab_switch", "paste"]
    assert q("SELECT software, usb FROM devices")[0] == {"software": ["Slack", "Zoom"], "usb": []}
    assert q("SELECT text FROM messages")[0]["text"] == "pushed the fix, line one\nand line two"
    assert q("SELECT json_extract_string(education, '$[0].school') AS s FROM profiles")[0]["s"] == "UIUC"
    assert q("SELECT CAST(start_date AS VARCHAR) AS d FROM workers")[0]["d"] == "2026-08-01"


def test_unknown_columns_are_kept_as_evidence(tmp_path: Path, ws: Workspace) -> None:
    bundle = write_bundle(tmp_path / "b", {"workers": [worker("w1", badge="A-7")]})
    ingest_bundle(ws, bundle)
    assert ws.engine.rows("SELECT extra ->> 'badge' AS b FROM workers")[0]["b"] == "A-7"


def test_origin_names_file_and_line(tmp_path: Path, ws: Workspace) -> None:
    write_bundle(tmp_path / "b", {"workers": [worker("w1"), worker("w2")]})
    ingest_bundle(ws, tmp_path / "b")
    origins = [r["origin"] for r in ws.engine.rows("SELECT origin FROM workers ORDER BY 1")]
    assert origins == ["workers.csv:2", "workers.csv:3"]


def test_timestamp_without_offset_is_read_as_utc_with_a_warning(tmp_path: Path, ws: Workspace) -> None:
    rows = [{"worker_id": "w1", "ts": "2026-08-03 09:00:00", "ip": "8.8.8.8"}]
    write_bundle(tmp_path / "b", {"workers": [worker("w1")], "signins": rows})
    report = ingest_bundle(ws, tmp_path / "b")
    assert report.error_count == 0
    assert any("no UTC offset" in w and "line 2" in w for w in report.warnings)
    assert ws.engine.rows("SELECT ts_offset_min FROM signins")[0]["ts_offset_min"] is None


# --- bad input: (case, how to spoil the bundle, expected error, rows of the spoiled table kept) ---

Spoil = Callable[[Path], None]


def _append_signin(**fields: Any) -> Spoil:
    def spoil(folder: Path) -> None:
        rows = copy.deepcopy(FULL_BUNDLE["signins"])
        bad = {**rows[0], **fields}
        write_table(folder, "signins", [*rows, bad])

    return spoil


def _rewrite(table: str, mutate: Callable[[Rows], Rows]) -> Spoil:
    return lambda folder: write_table(folder, table, mutate(copy.deepcopy(FULL_BUNDLE[table])))


def _raw(name: str, data: bytes) -> Spoil:
    return lambda folder: (folder / name).write_bytes(data)


BAD_INPUT: list[tuple[str, Spoil, tuple[str, int, str, str], tuple[str, int]]] = [
    (
        "missing required column",
        _rewrite("signins", lambda rows: [{k: v for k, v in r.items() if k != "ip"} for r in rows]),
        ("signins.csv", 0, "", "missing required column(s): ip"),
        ("signins", 0),
    ),
    ("bad timestamp", _append_signin(ts="yesterday"), ("signins.csv", 3, "ts", "ISO 8601"), ("signins", 1)),
    (
        "unknown enum",
        _append_signin(outcome="maybe"),
        ("signins.csv", 3, "outcome", "expected one of"),
        ("signins", 1),
    ),
    (
        "missing required value",
        _append_signin(ip=""),
        ("signins.csv", 3, "ip", "missing required value"),
        ("signins", 1),
    ),
    (
        "unknown worker",
        _append_signin(worker_id="nobody"),
        ("signins.csv", 3, "worker_id", "not in the workers"),
        ("signins", 1),
    ),
    (
        "duplicate worker_id",
        _rewrite("workers", lambda rows: [*rows, {**rows[0], "name": "Someone Else"}]),
        ("workers.csv", 3, "worker_id", "duplicate worker_id (first at line 2)"),
        ("workers", 1),
    ),
    (
        "wrong type",
        _rewrite("payments", lambda rows: [*rows, {**rows[0], "amount": "lots"}]),
        ("payments.csv", 3, "amount", "not a number"),
        ("payments", 1),
    ),
    (
        "bad boolean",
        _rewrite("meetings", lambda rows: [*rows, {**rows[0], "camera_on": "sometimes"}]),
        ("meetings.csv", 3, "camera_on", "not a boolean"),
        ("meetings", 1),
    ),
    (
        "bad country",
        _rewrite("payments", lambda rows: [*rows, {**rows[0], "account_country": "Narnia"}]),
        ("payments.csv", 3, "account_country", "ISO 3166"),
        ("payments", 1),
    ),
    (
        "bad timezone",
        _rewrite("profiles", lambda rows: [*rows, {**rows[0], "timezone": "Mars/Olympus"}]),
        ("profiles.csv", 3, "timezone", "IANA"),
        ("profiles", 1),
    ),
    ("empty file", _raw("signins.csv", b""), ("signins.csv", 0, "", "empty file"), ("signins", 0)),
    (
        "non-UTF-8 bytes",
        _raw(
            "signins.csv",
            b"worker_id,ts,ip\nw1,2026-08-03T09:00:00Z,8.8.8.8\nw1,2026-08-03T10:00:00Z,caf\xe9\n"
            b"w1,2026-08-03T11:00:00Z,1.1.1.1\n",
        ),
        ("signins.csv", 3, "", "not valid UTF-8"),
        ("signins", 2),
    ),
    (
        "ragged CSV row",
        _raw("signins.csv", b"worker_id,ts,ip\nw1,2026-08-03T09:00:00Z\nw1,2026-08-03T11:00:00Z,1.1.1.1\n"),
        ("signins.csv", 2, "", "expected 3 fields, found 2"),
        ("signins", 1),
    ),
    (
        "invalid JSON line",
        lambda folder: (
            (folder / "signins.csv").unlink(),
            (folder / "signins.jsonl").write_text(
                '{"worker_id": "w1", "ts": "2026-08-03T09:00:00Z", "ip": "8.8.8.8"}\n{"worker_id": \n'
            ),
        ),
        ("signins.jsonl", 2, "", "invalid JSON"),
        ("signins", 1),
    ),
]


@pytest.mark.parametrize(("case", "spoil", "expected", "kept"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_is_reported_and_the_rest_ingested(
    tmp_path: Path,
    ws: Workspace,
    case: str,
    spoil: Spoil,
    expected: tuple[str, int, str, str],
    kept: tuple[str, int],
) -> None:
    folder = write_bundle(tmp_path / "b", FULL_BUNDLE)
    spoil(folder)
    report = ingest_bundle(ws, folder)
    file, line, column, reason = expected
    matching = [
        e
        for e in report.errors
        if e.file == file and e.line == line and e.column == column and reason in e.reason
    ]
    assert matching, f"{case}: no error {expected} in {[str(e) for e in report.errors]}"
    assert report.error_count >= 1
    table, rows = kept
    assert ws.count(table) == rows
    untouched = {t for t in TABLES if t not in (table, "signins")}
    assert all(ws.count(t) == 1 for t in untouched), ws.counts()


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for p in sorted(folder.iterdir()):
            archive.write(p, f"export/{p.name}")
    return target


def test_zip_bundle_reads_like_the_folder(tmp_path: Path, ws: Workspace) -> None:
    folder = write_bundle(tmp_path / "b", FULL_BUNDLE)
    report = ingest_bundle(ws, _zip(folder, tmp_path / "b.zip"))
    assert report.error_count == 0
    assert ws.counts() == {name: 1 for name in TABLES}


FATAL: list[tuple[str, Callable[[Path], Path], str]] = [
    (
        "truncated zip",
        lambda tmp: _truncate(_zip(write_bundle(tmp / "z", FULL_BUNDLE), tmp / "t.zip")),
        "zip",
    ),
    (
        "no workers table",
        lambda tmp: _without(write_bundle(tmp / "n", FULL_BUNDLE), "workers.csv"),
        "no workers table",
    ),
    (
        "empty workers file",
        lambda tmp: _emptied(write_bundle(tmp / "e", FULL_BUNDLE), "workers.csv"),
        "workers.csv: empty file",
    ),
    (
        "workers without worker_id",
        lambda tmp: _workers_without_id(write_bundle(tmp / "i", FULL_BUNDLE)),
        "missing required column(s): worker_id",
    ),
    ("not a bundle", lambda tmp: _text(tmp / "notes.txt"), "not a folder"),
    ("missing path", lambda tmp: tmp / "nowhere", "no such file"),
]


def _truncate(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _without(folder: Path, name: str) -> Path:
    (folder / name).unlink()
    return folder


def _emptied(folder: Path, name: str) -> Path:
    (folder / name).write_bytes(b"")
    return folder


def _workers_without_id(folder: Path) -> Path:
    write_table(folder, "workers", [{"name": "Ann"}])
    return folder


def _text(path: Path) -> Path:
    path.write_text("hello")
    return path


@pytest.mark.parametrize(("case", "make", "message"), FATAL, ids=[c[0] for c in FATAL])
def test_fatal_error_leaves_the_workspace_unchanged(
    tmp_path: Path, case: str, make: Callable[[Path], Path], message: str
) -> None:
    db = tmp_path / "ws.duckdb"
    ws = Workspace.open(db)
    ingest_bundle(ws, write_bundle(tmp_path / "good", {"workers": [worker("w0")]}))
    before = ws.counts()
    ingests = ws.count("ingests")
    with pytest.raises(BundleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ingest_bundle(ws, make(tmp_path))
    assert ws.counts() == before
    assert ws.count("ingests") == ingests
    ws.close()
    reopened = Workspace.open(db)  # the file is intact, not only the connection's view
    assert reopened.counts() == before
    reopened.close()


def test_reingest_adds_nothing_in_any_format(tmp_path: Path, ws: Workspace) -> None:
    first = ingest_bundle(ws, write_bundle(tmp_path / "csv", FULL_BUNDLE, "csv"))
    assert sum(t.added for t in first.tables) == len(TABLES)
    for fmt in FORMATS:
        again = ingest_bundle(ws, write_bundle(tmp_path / fmt, FULL_BUNDLE, fmt))
        assert sum(t.added + t.updated for t in again.tables) == 0, fmt
    assert ws.counts() == {name: 1 for name in TABLES}


def test_second_bundle_adds_only_its_new_rows(tmp_path: Path, ws: Workspace) -> None:
    ingest_bundle(ws, write_bundle(tmp_path / "a", FULL_BUNDLE))
    later = copy.deepcopy(FULL_BUNDLE)
    later["workers"].append(worker("w2"))
    later["signins"].append({"worker_id": "w2", "ts": "2026-09-01T09:00:00Z", "ip": "1.1.1.1"})
    later["workers"][0]["role"] = "frontend"  # an updated record for w1
    report = ingest_bundle(ws, write_bundle(tmp_path / "b", later))
    by_table = {t.table: t for t in report.tables}
    assert (by_table["workers"].added, by_table["workers"].updated) == (1, 1)
    assert by_table["signins"].added == 1
    assert ws.count("signins") == 2
    assert ws.engine.scalar("SELECT role FROM workers WHERE worker_id = 'w1'") == "frontend"


def test_identical_events_in_one_export_are_both_kept(tmp_path: Path, ws: Workspace) -> None:
    twice = copy.deepcopy(FULL_BUNDLE)
    twice["signins"] = twice["signins"] * 2
    folder = write_bundle(tmp_path / "b", twice)
    ingest_bundle(ws, folder)
    ingest_bundle(ws, folder)
    assert ws.count("signins") == 2


def test_extra_files_are_ignored_with_a_warning(tmp_path: Path, ws: Workspace) -> None:
    folder = write_bundle(tmp_path / "b", {"workers": [worker("w1")]})
    (folder / "notes.md").write_text("hi")
    report = ingest_bundle(ws, folder)
    assert any("notes.md" in w for w in report.warnings)


def test_events_may_name_workers_stored_by_an_earlier_bundle(tmp_path: Path, ws: Workspace) -> None:
    ingest_bundle(ws, write_bundle(tmp_path / "a", {"workers": [worker("w1")]}))
    later = write_bundle(tmp_path / "b", {"workers": [worker("w2")], "signins": FULL_BUNDLE["signins"]})
    report = ingest_bundle(ws, later)
    assert report.error_count == 0
    assert ws.count("signins") == 1
    shutil.rmtree(later)
