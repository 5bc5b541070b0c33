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
