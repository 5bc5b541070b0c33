"""The command line: exit codes, outputs, and that every command is documented."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.bundles import FULL_BUNDLE, worker, write_bundle, write_table
from unmask.cli import EXIT_FATAL, EXIT_REJECTED, app
from unmask.report.json_report import validate_scan_json

runner = CliRunner()
README = Path(__file__).resolve().parents[1] / "README.md"


def _risky_bundle(folder: Path) -> Path:
    tables = {
        **FULL_BUNDLE,
        "workers": [*FULL_BUNDLE["workers"], worker("w2"), worker("w3")],
        "devices": [
            *FULL_BUNDLE["devices"],
            {
                "worker_id": "w2",
                "ts": "2026-08-05T00:00:00Z",
                "device_id": "d9",
                "software": ["AnyDesk", "RustDesk"],
                "usb": ["TinyPilot"],
            },
        ],
        "verifications": [
            *FULL_BUNDLE["verifications"],
            {"worker_id": "w2", "ts": "2026-08-02T00:00:00Z", "kind": "in_person", "outcome": "refused"},
        ],
    }
    return write_bundle(folder, tables)


def test_ingest_exit_codes(tmp_path: Path) -> None:
    db = str(tmp_path / "ws.duckdb")
    good = _risky_bundle(tmp_path / "good")
    assert runner.invoke(app, ["ingest", str(good), "-w", db, "-q"]).exit_code == 0

    bad = write_bundle(tmp_path / "bad", {"workers": [worker("w9")]})
    write_table(bad, "signins", [{"worker_id": "w9", "ts": "soon", "ip": "8.8.8.8"}])
    result = runner.invoke(app, ["ingest", str(bad), "-w", db])
    assert result.exit_code == EXIT_REJECTED
    assert "signins.csv:2 [ts]: not an ISO 8601 timestamp" in result.output

    result = runner.invoke(app, ["ingest", str(tmp_path / "missing"), "-w", db])
    assert result.exit_code == EXIT_FATAL
    assert "nothing was stored" in result.output


def test_scan_writes_contract_json_and_html(tmp_path: Path) -> None:
    bundle = _risky_bundle(tmp_path / "b")
    out_json, out_html = tmp_path / "scan.json", tmp_path / "report.html"
    result = runner.invoke(app, ["scan", str(bundle), "--json", str(out_json), "--html", str(out_html), "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out_json.read_text())
    assert validate_scan_json(doc) == []
    assert sorted(w["worker_id"] for w in doc["workers"]) == ["w1", "w2", "w3"]
    top = doc["workers"][0]
    assert top["worker_id"] == "w2" and top["level"] in ("high", "critical")
    assert {f["detector"] for f in top["findings"]} >= {"remote_access_tools", "ip_kvm_device"}
    for f in top["findings"]:
        assert f["evidence"]["rows"] and f["references"]
    html = out_html.read_text()
    assert "w2" in html and "<script src=" not in html


def test_scan_without_workspace_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bundle = _risky_bundle(tmp_path / "b")
    assert runner.invoke(app, ["scan", str(bundle), "-q"]).exit_code == 0
    assert not (tmp_path / "unmask.duckdb").exists()


def test_explain_prints_a_waterfall_that_adds_up(tmp_path: Path) -> None:
    db = str(tmp_path / "ws.duckdb")
    runner.invoke(app, ["ingest", str(_risky_bundle(tmp_path / "b")), "-w", db, "-q"])
    result = runner.invoke(app, ["explain", "w2", "-w", db], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "prior (base rate)" in result.output and "IP-KVM hardware attached" in result.output
    weights = [float(x) for x in re.findall(r"│\s+([+-]\d+\.\d{3})\s+│", result.output)]
    total = float(re.findall(r"([+-]\d+\.\d{3}) → score", result.output)[0])
    assert sum(weights) == pytest.approx(total, abs=0.01)
    assert runner.invoke(app, ["explain", "nobody", "-w", db]).exit_code == EXIT_FATAL


def _payout(worker_id: str, account: str, day: int) -> dict[str, str]:
    return {"worker_id": worker_id, "ts": f"2026-08-{day:02d}T00:00:00Z", "amount": "2000", "currency": "USD",
            "kind": "payout", "method": "bank", "account_id": account, "account_country": "US"}  # fmt: skip


def _ring_bundle(folder: Path) -> Path:
    """r1, r2, r3 paid into one account, r1 with strong evidence of its own (remote-access tools,
    an IP-KVM, a refused in-person check); a loner; and r5, referred by r6: a weak link, no cluster."""
    tables = {
        "workers": [
            *(worker(w) for w in ("r1", "r2", "r3", "loner", "r6")),
            worker("r5", referred_by="r6"),
        ],
        "payments": [
            *(_payout(w, "acct-ring-7", day) for day, w in enumerate(("r1", "r2", "r3"), start=1)),
            _payout("loner", "acct-own", 4),
        ],
        "devices": [
            {
                "worker_id": "r1",
                "ts": "2026-08-05T00:00:00Z",
                "device_id": "d9",
                "software": ["AnyDesk", "RustDesk"],
                "usb": ["TinyPilot"],
            },
        ],
        "verifications": [
            {"worker_id": "r1", "ts": "2026-08-02T00:00:00Z", "kind": "in_person", "outcome": "refused"},
        ],
    }
    return write_bundle(folder, tables)


@pytest.fixture(scope="module")
def ring_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("ring")
    db = str(folder / "ws.duckdb")
    result = runner.invoke(app, ["ingest", str(_ring_bundle(folder / "b")), "-w", db, "-q"])
    assert result.exit_code == 0, result.output
    return db


def test_ring_prints_the_cluster_its_members_and_links(ring_db: str) -> None:
    result = runner.invoke(app, ["ring", "r2", "-w", ring_db], terminal_width=200)
    assert result.exit_code == 0, result.output
    text = result.output
    assert re.search(r"cluster-\w+: 3 members; strongest link r1–r2 90% \(payout_account\)", text), text
    member_table, link_table = text.split("\nshared values")
    members = {line.split()[1]: line for line in member_table.splitlines() if line.startswith("│ r")}
    assert set(members) == {"r1", "r2", "r3"}
    assert "high" in members["r1"] or "critical" in members["r1"]
    # r1's ring-mates inherit part of its risk; r1 itself has no risky mate.
    assert members["r1"].rstrip(" │").endswith("—")
    assert members["r2"].rstrip(" │").endswith("yes") and members["r3"].rstrip(" │").endswith("yes")
    (account,) = [line for line in link_table.splitlines() if "acct-ring-7" in line]  # one row per value
    assert "payout_account" in account and "r1, r2, r3" in account and "90%" in account
    assert "loner" not in text and "r5" not in text


def test_ring_json_is_the_scan_cluster_with_scores(ring_db: str) -> None:
    result = runner.invoke(app, ["ring", "r3", "-w", ring_db, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["workers"] == ["r1", "r2", "r3"] and doc["kinds"] == ["payout_account"]
    assert {(k["a"], k["b"], k["value"]) for k in doc["links"]} == {
        ("r1", "r2", "acct-ring-7"),
        ("r1", "r3", "acct-ring-7"),
        ("r2", "r3", "acct-ring-7"),
    }
    assert all(k["evidence"]["rows"][0]["source"].startswith("payments.csv:") for k in doc["links"])
    scores = {m["worker_id"]: m for m in doc["members"]}
    assert doc["max_score"] == scores["r1"]["score"] > scores["r2"]["score"]
    assert scores["r1"]["own_risk"] > 0.2 and not scores["r1"]["ring_member"] and scores["r2"]["ring_member"]
    # The same object the scan JSON holds: it validates as a cluster of the contract.
    assert validate_scan_json({"version": 1, "workers": [], "clusters": [doc]}) == []


def test_ring_of_a_loner_a_weak_link_and_nobody(ring_db: str) -> None:
    loner = runner.invoke(app, ["ring", "loner", "-w", ring_db])
    assert loner.exit_code == 0 and "loner is linked to nobody." in loner.output
    weak = runner.invoke(app, ["ring", "r5", "-w", ring_db], terminal_width=200)
    assert weak.exit_code == 0, weak.output
    assert "r5 is in no cluster." in weak.output and "weaker links of r5" in weak.output
    assert "r6 referred r5" in weak.output and "referral" in weak.output
    as_json = runner.invoke(app, ["ring", "r5", "-w", ring_db, "--json"])
    assert json.loads(as_json.output)["cluster_id"] is None
    unknown = runner.invoke(app, ["ring", "nobody", "-w", ring_db])
    assert unknown.exit_code == EXIT_FATAL and "no worker 'nobody'" in unknown.output


def test_base_rate_option_sets_the_prior(tmp_path: Path) -> None:
    db = str(tmp_path / "ws.duckdb")
    runner.invoke(app, ["ingest", str(_risky_bundle(tmp_path / "b")), "-w", db, "-q"])
    priors = {}
    for rate in (0.01, 0.001):
        result = runner.invoke(app, ["explain", "w2", "-w", db, "--base-rate", str(rate)], terminal_width=200)
        assert result.exit_code == 0, result.output
        priors[rate] = float(re.findall(r"prior \(base rate\)\s+│\s+([+-]\d+\.\d{3})", result.output)[0])
    assert priors[0.01] == pytest.approx(math.log(0.01 / 0.99), abs=1e-3)
    assert priors[0.001] == pytest.approx(math.log(0.001 / 0.999), abs=1e-3)
    assert runner.invoke(app, ["explain", "w2", "-w", db, "--base-rate", "2"]).exit_code != 0


def test_bad_config_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "scan.toml"
    config.write_text('detectors = ["all", "-no_such_detector"]\n')
    result = runner.invoke(app, ["scan", str(_risky_bundle(tmp_path / "b")), "-c", str(config), "-q"])
    assert result.exit_code == EXIT_FATAL
    assert "no_such_detector" in result.output


def test_config_can_drop_a_detector(tmp_path: Path) -> None:
    config = tmp_path / "scan.toml"
    config.write_text(
        'detectors = ["all", "-ip_kvm_device"]\n'
        "[detector_settings.remote_access_tools]\nbase_strength = 0.2\n"
    )
    out_json = tmp_path / "scan.json"
    result = runner.invoke(
        app, ["scan", str(_risky_bundle(tmp_path / "b")), "-c", str(config), "--json", str(out_json), "-q"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out_json.read_text())
    findings = {f["detector"]: f for w in doc["workers"] for f in w["findings"]}
    assert "ip_kvm_device" not in findings
    assert findings["remote_access_tools"]["raw_weight"] == pytest.approx(1.6 * 0.45)


def test_every_command_is_in_the_readme() -> None:
    text = README.read_text()
    commands = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert commands
    for name in commands:
        assert f"unmask {name}" in text, f"README does not show `unmask {name}`"
    assert "make demo" in text and "make test" in text
