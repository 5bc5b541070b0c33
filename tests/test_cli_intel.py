"""The intelligence commands: ``feeds update``, ``feeds status``, ``screen``, and feeds in a scan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import feeds as fx
from tests.bundles import FULL_BUNDLE, worker, write_bundle
from tests.conftest import SHARED_DATA, needs_shared_data
from unmask.cli import EXIT_FATAL, app

runner = CliRunner()


def _flat(text: str) -> str:
    """Console output without the line breaks Rich adds at the terminal width."""
    return " ".join(text.split())


def _cache(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    result = runner.invoke(app, ["feeds", "update", "--from", str(fx.write_feeds(tmp_path / "s")),
                                 "--feeds", str(cache)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return cache


def test_feeds_update_then_status_lists_every_feed_with_its_age(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    result = runner.invoke(app, ["feeds", "status", "--feeds", str(cache), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["name"] for r in rows if r["present"]} == {r["name"] for r in rows}
    assert all(r["age_days"] is not None and len(r["sha256"]) == 64 for r in rows)


def test_feeds_update_from_nowhere_fails_and_changes_nothing(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["feeds", "update", "--from", str(tmp_path / "nope"), "--feeds", str(tmp_path)]
    )
    assert result.exit_code == EXIT_FATAL
    assert "no such folder" in _flat(result.output) and not (tmp_path / "feeds.json").exists()


def test_screen_prints_json_lines_for_names_and_wallets(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    queries = ["Volasys Silver Star", fx.SANCTIONED_WALLET.lower(), "Jane Smith"]
    result = runner.invoke(app, ["screen", *queries, "--feeds", str(cache)])
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert {h["query"] for h in hits} == set(queries[:2])
    assert all({"score", "ent_num", "matched_alias", "programmes"} <= set(h) for h in hits)


def test_screen_without_a_sanctions_feed_says_how_to_get_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", "anyone", "--feeds", str(tmp_path / "empty")])
    assert result.exit_code == EXIT_FATAL
    assert "feeds update" in _flat(result.output)


def test_a_scan_reports_the_feeds_it_used_and_warns_without_them(tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "b", {**FULL_BUNDLE, "workers": [*FULL_BUNDLE["workers"], worker("w2")]})
    with_feeds, without = tmp_path / "with.json", tmp_path / "without.json"
    assert runner.invoke(app, ["scan", str(bundle), "--json", str(with_feeds), "-q", "--feeds",
                               str(_cache(tmp_path))]).exit_code == 0  # fmt: skip
    result = runner.invoke(
        app, ["scan", str(bundle), "--json", str(without), "--feeds", str(tmp_path / "none")]
    )
    assert result.exit_code == 0
    assert "package data only" in _flat(result.output)
    used = json.loads(with_feeds.read_text())["meta"]["feeds"]
    assert {f["name"] for f in used["used"]} >= {"tor-nodes", "ofac-sdn"} and used["missing"] == []
    assert json.loads(without.read_text())["meta"]["feeds"]["used"] == []


SHARED_SCREEN = [
    ("Yanbian Silverstar", "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD."),
    ("Yanji Silver Star", "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD."),
    ("Volasys Silver Star", "VOLASYS SILVER STAR"),
    ("Chinyong IT Cooperation", "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY"),
    ("Jinyong IT Cooperation Company", "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY"),
]


@needs_shared_data("ofac-sdn")
@pytest.mark.parametrize(("query", "entity"), SHARED_SCREEN)
def test_screen_on_the_real_sdn_list(query: str, entity: str) -> None:
    result = runner.invoke(app, ["screen", query, "--feeds", str(SHARED_DATA)])
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout.splitlines()[0])
    assert best["name"].upper().startswith(entity.split(",")[0]) and best["score"] >= 0.9
    assert any(p.startswith("DPRK") for p in best["programmes"])


@needs_shared_data("ofac-crypto-addresses")
def test_screen_hits_a_wallet_of_every_crypto_list_evm_in_any_case() -> None:
    queries = []
    for path in sorted((SHARED_DATA / "ofac-crypto-addresses").glob("sanctioned_addresses_*.txt")):
        first = next(line.strip() for line in path.read_text().splitlines() if line.strip())
        queries.append(first.upper() if first.startswith("0x") else first)
    result = runner.invoke(app, ["screen", *queries, "--feeds", str(SHARED_DATA)])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["query"] for line in result.stdout.splitlines()} == set(queries)
