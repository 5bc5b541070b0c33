from __future__ import annotations

import copy
import datetime as dt
import json
import math
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from unmask.model import Cluster, Link, Part, ScanResult
from unmask.report.json_report import (
    cluster_to_dict,
    dumps,
    load_schema,
    scan_to_dict,
    validate_scan_json,
    write_json,
)

from . import PRIOR, check_golden, finding, sample_scan, worker


@pytest.fixture
def doc() -> dict[str, Any]:
    return scan_to_dict(sample_scan())


def test_golden_json(doc: dict[str, Any]) -> None:
    check_golden("scan.json", dumps(doc))


def test_write_json_writes_the_golden_text(tmp_path: Path, doc: dict[str, Any]) -> None:
    out = tmp_path / "scan.json"
    write_json(sample_scan(), out)
    assert out.read_text("utf-8") == dumps(doc)
    assert json.loads(out.read_text("utf-8")) == doc


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(load_schema())


def test_only_the_contract_is_required(doc: dict[str, Any]) -> None:
    """A writer that knows only the contract (links without strength or evidence, clusters without
    the summaries) stays valid: the extensions are optional."""
    for cluster in doc["clusters"]:
        for key in ("strength", "kinds", "max_score"):
            cluster.pop(key)
        cluster["links"] = [{k: link[k] for k in ("a", "b", "kind", "value")} for link in cluster["links"]]
    assert validate_scan_json(doc) == []


def test_golden_json_is_valid() -> None:
    golden = json.loads((Path(__file__).parent / "golden" / "scan.json").read_text("utf-8"))
    assert validate_scan_json(golden) == []


# (name, where in the document, how to break it, text expected in one error message)
BROKEN: list[tuple[str, str, Any, str]] = [
    ("missing score", "w0", lambda d: d.pop("score"), "'score' is a required property"),
    ("score above 1", "w0", lambda d: d.update(score=1.5), "greater than the maximum"),
    ("score below 0", "w0", lambda d: d.update(score=-0.1), "less than the minimum"),
    ("score as text", "w0", lambda d: d.update(score="0.9"), "is not of type 'number'"),
    ("bad level", "w0", lambda d: d.update(level="severe"), "is not one of"),
    ("missing worker_id", "w0", lambda d: d.pop("worker_id"), "'worker_id' is a required"),
    ("missing findings", "w0", lambda d: d.pop("findings"), "'findings' is a required"),
    ("bad severity", "f0", lambda d: d.update(severity="urgent"), "is not one of"),
    ("missing references", "f0", lambda d: d.pop("references"), "'references' is a required"),
    ("missing evidence", "f0", lambda d: d.pop("evidence"), "'evidence' is a required"),
    ("weight as text", "f0", lambda d: d.update(weight="high"), "is not of type 'number'"),
    ("row without source", "f0", lambda d: d["evidence"]["rows"][0].pop("source"), "'source' is a required"),
    ("missing version", "doc", lambda d: d.pop("version"), "'version' is a required"),
    ("version 2", "doc", lambda d: d.update(version=2), "1 was expected"),
    ("missing clusters", "doc", lambda d: d.pop("clusters"), "'clusters' is a required"),
    ("workers not a list", "doc", lambda d: d.update(workers={}), "is not of type 'array'"),
    ("link without value", "c0", lambda d: d["links"][0].pop("value"), "'value' is a required"),
    ("cluster without members", "c0", lambda d: d.update(workers=[]), "should be non-empty"),
    ("link strength above 1", "c0", lambda d: d["links"][0].update(strength=1.2), "greater than the maximum"),
    ("link row without source", "c0", lambda d: d["links"][0]["evidence"]["rows"][0].pop("source"), "source"),
    ("cluster kinds as text", "c0", lambda d: d.update(kinds="device"), "is not of type 'array'"),
    ("max_score above 1", "c0", lambda d: d.update(max_score=2), "greater than the maximum"),
]


@pytest.mark.parametrize(
    ("where", "breaking", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_documents_fail_validation(
    doc: dict[str, Any], where: str, breaking: Any, expected: str
) -> None:
    broken = copy.deepcopy(doc)
    target = {
        "doc": broken,
        "w0": broken["workers"][0],
        "f0": broken["workers"][0]["findings"][0],
        "c0": broken["clusters"][0],
    }[where]
    breaking(target)
    errors = validate_scan_json(broken)
    assert errors, "the broken document passed validation"
    assert any(expected in e for e in errors), errors
    assert all(e.startswith("$") for e in errors)  # each message names where it is


def test_extension_keys_are_allowed(doc: dict[str, Any]) -> None:
    doc["producer"] = "someone else"
    doc["clusters"][0]["links"][0]["note"] = "x"
    doc["workers"][0]["name"] = "x"
    doc["workers"][0]["findings"][0]["confidence"] = 0.5
    assert validate_scan_json(doc) == []


def test_contract_shape(doc: dict[str, Any]) -> None:
    assert list(doc) == ["version", "meta", "workers", "clusters"]
    assert doc["version"] == 1
    contract_finding = {"detector", "title", "severity", "weight", "evidence", "references"}
    for w in doc["workers"]:
        assert {"worker_id", "score", "level", "findings", "explanation"} <= set(w)
        for f in w["findings"]:
            assert contract_finding | {"category", "detail", "raw_weight"} == set(f)
            assert set(f["evidence"]) == {"rows", "rows_total", "values"}
            assert f["evidence"]["rows_total"] >= len(f["evidence"]["rows"])
    cluster = doc["clusters"][0]
    assert list(cluster) == ["cluster_id", "workers", "links", "strength", "kinds", "max_score"]
    assert cluster["links"][0] == {
        "a": "W-0001",
        "b": "W-0002",
        "kind": "payout_account",
        "value": "acct-77",
        "strength": 0.9,
        "evidence": {
            "rows": [
                {"table": "payments", "row_id": "p1", "source": "payments.csv:3"},
                {"table": "payments", "row_id": "p2", "source": "payments.csv:4"},
            ],
            "rows_total": 2,
        },
    }
    assert doc["meta"]["engine"] == "duckdb"  # meta is passed through


def test_cluster_strength_kinds_and_max_score(doc: dict[str, Any]) -> None:
    cluster = doc["clusters"][0]
    # One pair: noisy-OR over kinds of 0.9, 0.9 and 0.3 = 1 − 0.1 · 0.1 · 0.7.
    assert cluster["strength"] == pytest.approx(0.993, abs=1e-9)
    assert cluster["kinds"] == ["device", "firm", "payout_account"]
    scores = {w["worker_id"]: w["score"] for w in doc["workers"]}
    assert cluster["max_score"] == scores["W-0001"] > scores["W-0002"]


def test_cluster_strength_is_its_strongest_pair() -> None:
    """a–b share a payout account (0.9), b–c only a weak firm link: the cluster is as strong as a–b."""
    links = (Link("a", "b", "payout_account", "acct", 0.9), Link("b", "c", "firm", "f", 0.3))
    scores = {"a": 0.2, "b": 0.7}  # c unscored: ignored, not an error
    out = cluster_to_dict(Cluster("cluster-x", ("a", "b", "c"), links), scores)
    assert out["strength"] == 0.9
    assert out["kinds"] == ["firm", "payout_account"]
    assert out["max_score"] == 0.7
    assert [k["evidence"] for k in out["links"]] == [{"rows": [], "rows_total": 0}] * 2


def test_order_workers_by_score_and_findings_by_weight(doc: dict[str, Any]) -> None:
    assert [w["worker_id"] for w in doc["workers"]] == ["W-0001", "W-0002", "W-0003"]
    assert [w["level"] for w in doc["workers"]] == ["critical", "medium", "low"]
    top = doc["workers"][0]["findings"]
    assert [f["detector"] for f in top] == [
        "signin_sanctioned_jurisdiction",
        "payout_country_mismatch",
        "meeting_camera_off",
        "prepayment_request",
        "verification_passed",
    ]
    assert [f["severity"] for f in top] == ["critical", "high", "medium", "medium", "mitigating"]
    capped = top[1]
    assert (capped["raw_weight"], capped["weight"]) == (2.4, 2.0)


def test_equal_scores_are_ordered_by_worker_id() -> None:
    result = ScanResult(workers=[worker(w, ()) for w in ("b", "c", "a")], clusters=[])
    assert [w["worker_id"] for w in scan_to_dict(result)["workers"]] == ["a", "b", "c"]


def _assert_explanation_adds_up(w: dict[str, Any]) -> None:
    ex = w["explanation"]
    assert [p["detector"] for p in ex["parts"]] == [f["detector"] for f in w["findings"]]
    assert [p["weight"] for p in ex["parts"]] == [f["weight"] for f in w["findings"]]
    total = ex["prior_log_odds"] + sum(p["weight"] for p in ex["parts"])
    assert total == pytest.approx(ex["log_odds"], abs=1e-9)
    assert math.log(w["score"] / (1 - w["score"])) == pytest.approx(ex["log_odds"], abs=1e-9)


def test_explanation_adds_up_to_the_score(doc: dict[str, Any]) -> None:
    for w in doc["workers"]:
        _assert_explanation_adds_up(w)
    assert doc["workers"][2]["explanation"] == {
        "prior_log_odds": round(PRIOR, 6),
        "log_odds": -4.59512,
        "parts": [],
    }


def test_rounding_keeps_the_explanation_exact() -> None:
    """Weights with many decimals: each is rounded on its own, yet the sum still holds."""
    rng = random.Random(1)
    workers = []
    for i in range(50):
        weights = [rng.uniform(-3, 3) for _ in range(rng.randint(0, 9))]
        parts = tuple(
            Part(finding(f"w{i}", f"d{j}", "c", title="t", detail="d"), w, w) for j, w in enumerate(weights)
        )
        workers.append(worker(f"w{i}", parts))
    doc = scan_to_dict(ScanResult(workers=workers, clusters=[]))
    assert validate_scan_json(doc) == []
    for w in doc["workers"]:
        _assert_explanation_adds_up(w)
        for f in w["findings"]:
            assert f["weight"] == round(f["weight"], 6)


def test_values_and_meta_become_plain_json() -> None:
    values = {
        "when": dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.UTC),
        "day": dt.date(2025, 1, 2),
        "amount": Decimal("12.50"),
        "ratio": 1 / 3,
        "missing": math.nan,
        "tags": {"b", "a"},
        "path": Path("x/y.csv"),
        "nested": {1: (1, 2)},
        "flag": True,
    }
    f = finding("w", "d", "c", title="t", detail="d", values=values)
    result = ScanResult(workers=[worker("w", (Part(f, 1.0, 1.0),))], clusters=[], meta={"bundle": Path("b")})
    doc = scan_to_dict(result)
    assert json.loads(dumps(doc)) == doc  # no NaN, nothing json cannot write
    assert doc["workers"][0]["findings"][0]["evidence"]["values"] == {
        "when": "2025-01-02T03:04:00+00:00",
        "day": "2025-01-02",
        "amount": 12.5,
        "ratio": 0.333333,
        "missing": None,
        "tags": ["a", "b"],
        "path": "x/y.csv",
        "nested": {"1": [1, 2]},
        "flag": True,
    }
    assert doc["meta"] == {"bundle": "b"}


def test_output_is_stable() -> None:
    assert dumps(scan_to_dict(sample_scan())) == dumps(scan_to_dict(sample_scan()))
