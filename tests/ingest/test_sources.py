"""Vendor exports through the common ingest path: identities, rejected rows, idempotency, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.bundles import worker, write_bundle
from tests.conftest import SHARED_DATA, needs_shared_data
from tests.ingest.adapters.test_git import OFFSETS, commit, new_repo
from tests.ingest.adapters.test_okta import LOGIN
from unmask.cli import EXIT_FATAL, EXIT_REJECTED, app
from unmask.ingest import BundleError, ingest_bundle
from unmask.ingest.sources import ingest_source
from unmask.store import Workspace

DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples"


def _workers(ws: Workspace, tmp_path: Path, *rows: dict[str, object]) -> None:
    ingest_bundle(ws, write_bundle(tmp_path / "people", {"workers": list(rows)}))


def _okta_log(path: Path) -> Path:
    events = [
        {**LOGIN, "uuid": "a", "actor": {"alternateId": "jdoe@acme.okta.com", "type": "User"}},
        {**LOGIN, "uuid": "b", "actor": {"alternateId": "Bob@Acme.com", "type": "User"}},
        {**LOGIN, "uuid": "c", "actor": {"alternateId": "ghost@acme.com", "type": "User"}},
        {**LOGIN, "uuid": "d", "eventType": "user.account.update_password"},
    ]
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    return path


def test_okta_identities_file_email_match_unmapped_and_reingest(ws: Workspace, tmp_path: Path) -> None:
    _workers(ws, tmp_path, worker("w1"), worker("w2", email="bob@acme.com"))
    ids = tmp_path / "ids.csv"
    ids.write_text("worker_id,source,identity\nw1,okta,jdoe@acme.okta.com\n")
    log = _okta_log(tmp_path / "okta.jsonl")
    report = ingest_source(ws, "okta", [log], identities=ids, match_email=True)
    assert ws.engine.rows("SELECT worker_id, count(*) AS n FROM signins GROUP BY 1 ORDER BY 1") == [
        {"worker_id": "w1", "n": 1}, {"worker_id": "w2", "n": 1}]  # fmt: skip
    [error] = report.errors
    assert (error.file, error.line, error.column, error.value) == (
        "okta.jsonl",
        3,
        "identity",
        "ghost@acme.com",
    )
    text = " ".join(report.warnings)
    assert "Bob@Acme.com matched to worker w2 by email" in text and "ghost@acme.com (1)" in text
    assert "1 record(s) skipped: not a sign-in event (eventType user.account.update_password)" in text
    assert ws.engine.scalar("SELECT count(*) FROM identities") == 2  # the file's and the email match
    # Vendor evidence is kept with the row, and the origin names the file and line.
    row = ws.engine.rows("SELECT extra, origin FROM signins WHERE worker_id = 'w1'")[0]
    assert json.loads(row["extra"])["is_proxy"] in ("true", True) and row["origin"] == "okta.jsonl:1"
    again = ingest_source(ws, "okta", [log], identities=ids, match_email=True)
    assert sum(t.added for t in again.tables) == 0
    assert ws.engine.scalar("SELECT count(*) FROM signins") == 2


def test_git_commits_keep_the_offsets_git_recorded(ws: Workspace, tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    for day, off in enumerate(OFFSETS, start=1):
        commit(repo, "Kim Lee", "kim@example.com", f"2024-03-{day:02d}T10:15:00{off}")
    _workers(ws, tmp_path, worker("w1", email="KIM@example.com"))
    report = ingest_source(ws, "git", [repo], match_email=True)
    assert report.error_count == 0
    stored = ws.engine.rows("SELECT strftime(ts, '%H:%M') AS utc, ts_offset_min FROM commits ORDER BY ts")
    minutes = sorted(int(o[0] + "1") * (int(o[1:3]) * 60 + int(o[4:6])) for o in OFFSETS)
    assert sorted(r["ts_offset_min"] for r in stored) == minutes


def test_mapped_csv_example_from_the_docs(ws: Workspace, tmp_path: Path) -> None:
    _workers(
        ws, tmp_path, worker("w1", email="jane.doe@example.com"), worker("w2", email="k.smith@example.com")
    )
    report = ingest_source(ws, "csv", [DOCS / "payroll.csv"], mapping=DOCS / "payroll-mapping.toml",
                           match_email=True)  # fmt: skip
    assert report.error_count == 0, [str(e) for e in report.errors]
    methods = {r["method"] for r in ws.engine.rows("SELECT DISTINCT method FROM payments")}
    assert methods <= {"bank", "crypto", "payoneer", "paypal", "wise", "other"}
    assert ws.engine.scalar("SELECT count(DISTINCT worker_id) FROM payments") == 2


@pytest.mark.parametrize(
    ("source", "kwargs", "message"),
    [
        ("splunk", {}, "unknown source"),
        ("csv", {}, "needs --map"),
        ("okta", {"identities": "nope.csv"}, "no such identities file"),
    ],
)
def test_unusable_requests_change_nothing(ws: Workspace, tmp_path: Path, source: str, kwargs: dict[str, str],
                                          message: str) -> None:  # fmt: skip
    _workers(ws, tmp_path, worker("w1"))
    log = _okta_log(tmp_path / "okta.jsonl")
    before = ws.counts()
    with pytest.raises(BundleError, match=message):
        ingest_source(ws, source, [log], **kwargs)  # type: ignore[arg-type]
    assert ws.counts() == before


def test_cli_ingest_source_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "ws.duckdb")
    people = write_bundle(tmp_path / "people", {"workers": [worker("w1", email="bob@acme.com")]})
    assert runner.invoke(app, ["ingest", str(people), "-w", db, "-q"]).exit_code == 0
    log = _okta_log(tmp_path / "okta.jsonl")
    result = runner.invoke(app, ["ingest", "--source", "okta", str(log), "-w", db, "--match-email"])
    assert result.exit_code == EXIT_REJECTED  # two identities nobody maps
    assert "matched to worker w1 by email" in " ".join(result.output.split())
    assert runner.invoke(app, ["ingest", "--source", "csv", str(log), "-w", db]).exit_code == EXIT_FATAL


@needs_shared_data("otrf-m365-spray")
def test_m365_password_spray_is_one_source_hitting_many_workers(ws: Workspace, tmp_path: Path) -> None:
    files = sorted((SHARED_DATA / "otrf-m365-spray").glob("*.json"))
    users = set()
    for f in files:
        text = f.read_text()
        records = (
            json.loads(text)
            if text.lstrip().startswith("[")
            else [json.loads(x) for x in text.splitlines() if x.strip()]
        )
        users |= {r["UserId"] for r in records if r.get("UserId")}
    _workers(ws, tmp_path, *(worker(f"w{i}", email=u) for i, u in enumerate(sorted(users))))
    report = ingest_source(ws, "m365", files, match_email=True)
    assert report.error_count == 0, [str(e) for e in report.errors[:5]]
    spray = ws.engine.rows(
        "SELECT ip, count(DISTINCT worker_id) AS workers, count(*) FILTER (WHERE outcome = 'success') AS ok, "
        "max(ts) - min(ts) AS span FROM signins GROUP BY ip ORDER BY workers DESC LIMIT 1"
    )[0]
    assert spray["workers"] >= 10 and spray["ok"] >= 1


@needs_shared_data("panther-idp-tests")
def test_panther_okta_anonymizing_proxy_labels_match_hidden_signins(ws: Workspace, tmp_path: Path) -> None:
    """Panther's Okta.Anonymizing.VPN.Login labels follow Okta's own isProxy verdict (the three tests
    share one IP), which the Okta adapter keeps and the anonymised-sign-in detector counts."""
    from unmask.detectors.signins import HIDDEN
    from unmask.enrich import Intelligence, enrich_all

    tests = [t for t in json.loads((SHARED_DATA / "panther-idp-tests" / "okta_rule_tests.json").read_text())
             if t["rule_id"] == "Okta.Anonymizing.VPN.Login"]  # fmt: skip
    assert len(tests) == 3
    log = tmp_path / "okta.jsonl"
    log.write_text("".join(json.dumps(t["log"]) + "\n" for t in tests))
    actors = {t["log"]["actor"]["alternateId"] for t in tests}
    _workers(ws, tmp_path, *(worker(f"w{i}", email=a) for i, a in enumerate(sorted(actors))))
    report = ingest_source(ws, "okta", [log], match_email=True)
    assert report.error_count == 0, [str(e) for e in report.errors]
    enrich_all(ws, Intelligence.open(tmp_path / "no-feeds"))
    hidden = ws.engine.rows(
        f"SELECT g.origin, {HIDDEN} AS hidden FROM signins g JOIN ip_info i USING (ip) ORDER BY g.origin"
    )
    assert [r["hidden"] for r in hidden] == [t["expected_alert"] for t in tests]
