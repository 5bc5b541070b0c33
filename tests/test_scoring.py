"""Scoring: explanations add up exactly, caps bound correlated findings, weights cover detectors."""

from __future__ import annotations

import math
import random
from importlib import resources
from pathlib import Path

import pytest

from unmask.detectors.registry import REGISTRY
from unmask.link.rings import RING_CATEGORY, RING_MEMBER
from unmask.model import Finding, Level, Severity
from unmask.scoring import Weights, logistic, score_all, score_worker

WEIGHTS = Weights.load()


def finding(detector: str, strength: float = 1.0, worker: str = "w1") -> Finding:
    d = REGISTRY[detector]
    return Finding(worker, detector, d.title, d.category, "x.", strength, (), {}, d.references)


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_no_findings_scores_the_base_rate() -> None:
    s = score_worker("w1", [], WEIGHTS)
    assert s.score == pytest.approx(WEIGHTS.base_rate)
    assert s.level is Level.LOW and s.parts == ()


@pytest.mark.parametrize("seed", range(25))
def test_explanation_sums_exactly_to_the_score(seed: int) -> None:
    rng = random.Random(seed)
    ids = list(REGISTRY)
    findings = [finding(rng.choice(ids), rng.random()) for _ in range(rng.randint(0, 12))]
    s = score_worker("w1", findings, WEIGHTS)
    total = s.prior_log_odds + sum(p.weight for p in s.parts)
    assert total == pytest.approx(s.log_odds, abs=1e-12)
    assert logistic(total) == pytest.approx(s.score, abs=1e-12)
    assert logit(s.score) == pytest.approx(total, abs=1e-6)
    assert len(s.parts) == len(findings)


def test_category_cap_scales_correlated_findings_proportionally() -> None:
    cap = WEIGHTS.caps["network"]
    findings = [
        finding("signin_country_hopping"),
        finding("signin_country_mismatch"),
        finding("signin_country_hopping", 0.5),
    ]
    raw = [WEIGHTS.weights[f.detector] * f.strength for f in findings]
    assert sum(raw) > cap
    s = score_worker("w1", findings, WEIGHTS)
    assert sum(p.weight for p in s.parts) == pytest.approx(cap)
    for p in s.parts:
        assert p.weight / p.raw_weight == pytest.approx(cap / sum(raw))


def test_mitigating_finding_lowers_the_score_but_keeps_the_findings() -> None:
    risky = [finding("verification_refused_or_failed"), finding("meeting_camera_off")]
    without = score_worker("w1", risky, WEIGHTS)
    with_pass = score_worker("w1", [*risky, finding("verification_passed")], WEIGHTS)
    assert with_pass.score < without.score
    assert {p.finding.detector for p in with_pass.parts} >= {f.detector for f in risky}
    mitigating = [p for p in with_pass.parts if p.finding.detector == "verification_passed"]
    assert mitigating[0].weight < 0 and mitigating[0].severity is Severity.MITIGATING


def test_every_detector_has_a_weight_and_every_category_a_cap() -> None:
    assert set(WEIGHTS.weights) == {*REGISTRY, RING_MEMBER}  # ring findings come from the link layer
    assert {d.category for d in REGISTRY.values()} | {RING_CATEGORY} <= set(WEIGHTS.caps)
    for d in REGISTRY.values():
        assert (WEIGHTS.weights[d.id] < 0) == d.mitigating, d.id


def test_base_rate_sets_the_prior() -> None:
    low = WEIGHTS.with_base_rate(0.001)
    assert low.prior_log_odds == pytest.approx(logit(0.001))
    f = [finding("ip_kvm_device")]
    assert score_worker("w1", f, low).score < score_worker("w1", f, WEIGHTS).score


def test_weights_file_with_an_impossible_base_rate_is_refused(tmp_path: Path) -> None:
    text = resources.files("unmask.weights").joinpath("default-v1.toml").read_text("utf-8")
    bad = tmp_path / "w.toml"
    bad.write_text(text.replace("base_rate = 0.01", "base_rate = 1.5"))
    with pytest.raises(ValueError, match="base_rate"):
        Weights.load(bad)


def test_unknown_detector_weight_is_an_error() -> None:
    f = Finding("w1", "nope", "t", "network", "d.", 1.0, (), {}, ())
    with pytest.raises(KeyError, match="nope"):
        score_worker("w1", [f], WEIGHTS)


def test_score_all_ranks_every_worker() -> None:
    scores = score_all(["a", "b", "c"], [finding("ip_kvm_device", worker="b")], WEIGHTS)
    assert [s.worker_id for s in scores] == ["b", "a", "c"]
    assert scores[1].score == scores[2].score == pytest.approx(WEIGHTS.base_rate)


@pytest.mark.parametrize(
    ("weight", "severity"),
    [
        (-1.0, Severity.MITIGATING),
        (0.5, Severity.LOW),
        (1.5, Severity.MEDIUM),
        (2.5, Severity.HIGH),
        (3.5, Severity.CRITICAL),
    ],
)
def test_severity_follows_weight(weight: float, severity: Severity) -> None:
    assert Severity.of_weight(weight) is severity


# Categories whose evidence is decisive by itself: a sanctions-list hit, a listed indicator of
# compromise, an extortion threat. Every other red flag has innocent explanations.
DECISIVE_CATEGORIES = {"sanctions", "indicators", "extortion"}


@pytest.mark.parametrize("detector", list(REGISTRY), ids=list(REGISTRY))
def test_one_innocent_red_flag_alone_stays_below_review(detector: str) -> None:
    """A traveller, a night owl, a VPN user, a crypto payee or an IT admin trips one flag at full
    strength: on its own it must not reach the review level ("high")."""
    if REGISTRY[detector].category in DECISIVE_CATEGORIES or REGISTRY[detector].mitigating:
        pytest.skip("decisive or mitigating evidence")
    alone = score_worker("w1", [finding(detector, 1.0)], WEIGHTS)
    assert alone.score < WEIGHTS.levels["high"], (detector, alone.score)
