"""The scan result as JSON: the "Scan result, version 1" contract plus our extensions.

The contract (``shared/spec/bundle-v1.md``) fixes ``version``, ``workers`` (with
``worker_id``, ``score``, ``level`` and ``findings``) and ``clusters`` (``cluster_id``,
``workers``, ``links`` of ``a``, ``b``, ``kind``, ``value``). On top of it every finding
carries ``category``, ``detail`` and ``raw_weight``, every worker an ``explanation`` (the
waterfall), every link its ``strength`` and ``evidence`` rows, every cluster its
``strength``, link ``kinds`` and ``max_score``, and the document a ``meta`` object.
Consumers that only know the contract can ignore the extras; the JSON Schema allows them.

Output is stable: the same scan gives the same bytes, so results can be diffed and
kept as golden files. That needs a fixed order (workers by score, findings by
weight) and rounded floats, see :func:`scan_to_dict` for how rounding keeps the
explanation exact.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from unmask.link.graph import pair_strengths
from unmask.model import Cluster, Link, Part, ScanResult, WorkerScore
from unmask.scoring import logistic

SCHEMA_RESOURCE = "scan-result-v1.schema.json"
DIGITS = 6  # decimals kept for weights and values: far below any meaningful difference


def scan_to_dict(result: ScanResult) -> dict[str, Any]:
    """The scan result as a JSON-ready dict in the version 1 contract shape.

    Rounding: every part's weight and the prior are rounded to ``DIGITS`` decimals
    first; ``log_odds`` is then the sum of those rounded numbers (rounded again, which
    only drops float noise such as ``...0000004``: a sum of 6-decimal numbers has 6
    decimals), and ``score`` is the logistic of that sum, *not* rounded.

    Rounding each number on its own would break the promise that the explanation adds
    up: six rounded parts can drift by 3e-6 from the rounded total, and a rounded score
    loses far more, since near 1 a step of 1e-6 in the score is a large step in
    log-odds (0.9999996 rounds to 1.0, whose log-odds is infinite). Python prints a
    float by its shortest exact repr, so an unrounded score is still byte-stable across
    runs (on one platform's libm; another may differ in the last digit of ``score``,
    never in the rounded weights).
    """
    workers = [worker_to_dict(w) for w in result.workers]
    workers.sort(key=lambda w: (-w["score"], w["worker_id"]))
    scores = {w["worker_id"]: w["score"] for w in workers}
    return {
        "version": 1,
        "meta": _jsonable(result.meta),
        "workers": workers,
        # Kept in the linker's order (largest cluster first), which is already deterministic.
        "clusters": [cluster_to_dict(c, scores) for c in result.clusters],
    }


def write_json(result: ScanResult, path: str | Path) -> None:
    """Write the scan result JSON (UTF-8, indented, ending in a newline) to ``path``."""
    Path(path).write_text(dumps(scan_to_dict(result)), encoding="utf-8")


def dumps(doc: Mapping[str, Any]) -> str:
    """The exact text :func:`write_json` writes; NaN is refused because it is not JSON."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def validate_scan_json(doc: Any) -> list[str]:
    """Schema errors of a scan result document (empty when it is valid).

    Each message starts with the JSON path of the offending value, e.g.
    ``$.workers[0].score: 1.5 is greater than the maximum of 1``; they are sorted so
    that a report or a test sees them in the same order every time.
    """
    errors = _validator().iter_errors(doc)
    return sorted(f"{e.json_path}: {e.message}" for e in errors)


def load_schema() -> dict[str, Any]:
    """The packaged JSON Schema (draft 2020-12) of the scan result."""
    text = resources.files("unmask.report").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Any:
    # Built once: compiling the schema costs more than validating a small document.
    return Draft202012Validator(load_schema())


def worker_to_dict(w: WorkerScore) -> dict[str, Any]:
    """One worker as in the JSON: score, level, findings by weight and the explanation."""
    prior = _round(w.prior_log_odds)
    findings = sorted((_finding(p) for p in w.parts), key=_finding_order)
    log_odds = _round(prior + sum(f["weight"] for f in findings))
    return {
        "worker_id": w.worker_id,
        "score": logistic(log_odds),
        # The scorer's level is authoritative: it was decided on the unrounded score, and
        # the rounding above moves log-odds by at most a few 1e-6.
        "level": str(w.level),
        "findings": findings,
        "explanation": {
            "prior_log_odds": prior,
            "log_odds": log_odds,
            "parts": [{"detector": f["detector"], "weight": f["weight"]} for f in findings],
        },
    }


def _finding(p: Part) -> dict[str, Any]:
    f = p.finding
    weight = _round(p.weight)
    return {
        "detector": f.detector,
        "title": f.title,
        "severity": str(p.severity),  # from the applied weight, as the scorer saw it
        "weight": weight,
        "evidence": {
            "rows": [r.as_json() for r in f.rows],
            # A hand-built Finding may leave rows_total at its default 0; never say fewer
            # rows matched than are listed.
            "rows_total": max(f.rows_total, len(f.rows)),
            "values": _jsonable(f.values),
        },
        "references": list(f.references),
        "category": f.category,
        "detail": f.detail,
        "raw_weight": _round(p.raw_weight),
    }


def _finding_order(f: Mapping[str, Any]) -> tuple[float, str, str, str]:
    # Title and detail only break ties between two findings of one detector.
    return (-f["weight"], f["detector"], f["title"], f["detail"])


def cluster_to_dict(c: Cluster, scores: Mapping[str, float]) -> dict[str, Any]:
    """A cluster as in the JSON: the contract's ``cluster_id``, ``workers`` and ``links``, then
    ``strength`` (its strongest pair), ``kinds`` (of link) and ``max_score`` (its riskiest member's
    score, from ``scores`` by worker id)."""
    pairs = pair_strengths(c.links)
    known = [scores[w] for w in c.workers if w in scores]
    return {
        "cluster_id": c.cluster_id,
        "workers": list(c.workers),
        "links": [link_to_dict(k) for k in c.links],
        "strength": _round(max(pairs.values(), default=0.0)),
        "kinds": sorted({k.kind for k in c.links}),
        "max_score": max(known, default=0.0),
    }


def link_to_dict(k: Link) -> dict[str, Any]:
    """A link: the contract's ``a``, ``b``, ``kind``, ``value``, then its ``strength`` and the rows
    of both workers that hold the value (``evidence``, laid out like a finding's)."""
    return {
        "a": k.a,
        "b": k.b,
        "kind": k.kind,
        "value": k.value,
        "strength": _round(k.strength),
        "evidence": {"rows": [r.as_json() for r in k.rows], "rows_total": len(k.rows)},
    }


def _round(x: float) -> float:
    # ``+ 0.0`` turns -0.0 into 0.0 so a zero weight never prints as "-0.0".
    return round(float(x), DIGITS) + 0.0


def _jsonable(value: Any) -> Any:
    """Evidence values and meta as plain JSON: they come from detectors' SQL rows and the
    CLI, so dates, decimals, paths, sets and NaN must be turned into something JSON has."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | Decimal):
        x = float(value)
        return _round(x) if math.isfinite(x) else None
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_jsonable(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)
