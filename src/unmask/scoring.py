"""Evidence → score: prior log-odds plus capped finding weights, explained part by part.

The explanation is Splink's waterfall: the prior and each finding's applied
weight add up exactly to the worker's log-odds, and the score is its logistic.
"""

from __future__ import annotations

import math
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from unmask.model import Finding, Level, Part, WorkerScore


@dataclass(frozen=True)
class Weights:
    version: str
    base_rate: float
    levels: Mapping[str, float]
    caps: Mapping[str, float]
    weights: Mapping[str, float]

    @property
    def prior_log_odds(self) -> float:
        return math.log(self.base_rate / (1 - self.base_rate))

    @classmethod
    def load(cls, path: str | Path | None = None) -> Weights:
        """The TOML at ``path``, or the packaged default."""
        if path is None:
            text = resources.files("unmask.weights").joinpath("default-v1.toml").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        data = tomllib.loads(text)
        base_rate = float(data["base_rate"])
        if not 0 < base_rate < 1:
            raise ValueError(f"base_rate must be between 0 and 1, not {base_rate}")
        return cls(
            version=str(data["version"]),
            base_rate=base_rate,
            levels={k: float(v) for k, v in data["levels"].items()},
            caps={k: float(v) for k, v in data["caps"].items()},
            weights={k: float(v) for k, v in data["weights"].items()},
        )

    def with_base_rate(self, base_rate: float) -> Weights:
        return Weights(self.version, base_rate, self.levels, self.caps, self.weights)

    def level(self, score: float) -> Level:
        if score >= self.levels["critical"]:
            return Level.CRITICAL
        if score >= self.levels["high"]:
            return Level.HIGH
        if score >= self.levels["medium"]:
            return Level.MEDIUM
        return Level.LOW


def logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def score_worker(worker_id: str, findings: Iterable[Finding], weights: Weights) -> WorkerScore:
    """Sum the prior and each finding's weight × strength, scaled down within a category
    when its raising (or lowering) total would pass the category's cap."""
    raw: list[tuple[Finding, float]] = []
    for f in findings:
        if f.detector not in weights.weights:
            raise KeyError(f"no weight for detector {f.detector!r} in weights {weights.version}")
        raw.append((f, weights.weights[f.detector] * f.strength))
    totals: dict[tuple[str, bool], float] = defaultdict(float)
    for f, w in raw:
        totals[(f.category, w >= 0)] += abs(w)
    parts: list[Part] = []
    for f, w in raw:
        total = totals[(f.category, w >= 0)]
        cap = weights.caps.get(f.category, math.inf)
        scale = cap / total if total > cap else 1.0
        parts.append(Part(finding=f, raw_weight=w, weight=w * scale))
    parts.sort(key=lambda p: (-abs(p.weight), p.finding.detector))
    prior = weights.prior_log_odds
    score = logistic(prior + sum(p.weight for p in parts))
    return WorkerScore(worker_id, prior, tuple(parts), score, weights.level(score))


def score_all(worker_ids: Iterable[str], findings: Iterable[Finding], weights: Weights) -> list[WorkerScore]:
    """Every worker gets a score, those without findings the prior."""
    by_worker: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_worker[f.worker_id].append(f)
    scores = [score_worker(w, by_worker.get(w, ()), weights) for w in worker_ids]
    scores.sort(key=lambda s: (-s.score, s.worker_id))
    return scores
