"""How well a ranking separates planted operatives from legitimate workers.

Used on the demo organisation (whose truth is known) by its tests and by
``unmask demo``: AUC, recall at a fixed false-positive rate among legitimate
workers, and each legitimate group's false-positive rate at a threshold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RankingQuality:
    auc: float
    recall_at_fpr: Mapping[float, float]  # FPR → share of operatives ranked above that threshold
    group_fpr: Mapping[str, float]  # legit group → share at or above the review threshold
    operatives: int
    legit: int

    def summary(self) -> str:
        recalls = ", ".join(f"recall@{fpr:.0%} FPR {r:.3f}" for fpr, r in self.recall_at_fpr.items())
        groups = ", ".join(f"{g} {r:.1%}" for g, r in sorted(self.group_fpr.items()))
        return (
            f"AUC {self.auc:.4f}, {recalls} ({self.operatives} operatives, {self.legit} legit); "
            f"legit flagged at review threshold: {groups}"
        )


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random operative outranks a random legit worker (ties count half)."""
    if not positives or not negatives:
        return math.nan
    ranked = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):  # average ranks over ties (Mann–Whitney U)
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2
        rank_sum += mean_rank * sum(label for _, label in ranked[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def recall_at_fpr(positives: list[float], negatives: list[float], fpr: float) -> float:
    """Share of operatives scored above the threshold that at most ``fpr`` of legit workers reach."""
    allowed = math.floor(fpr * len(negatives))
    ordered = sorted(negatives, reverse=True)
    threshold = ordered[allowed] if allowed < len(ordered) else -math.inf
    return sum(1 for s in positives if s > threshold) / len(positives)


def ranking_quality(
    scores: Mapping[str, float],
    groups: Mapping[str, str],
    operatives: frozenset[str],
    review_threshold: float,
    fprs: tuple[float, ...] = (0.01, 0.05),
) -> RankingQuality:
    pos = [scores[w] for w in operatives if w in scores]
    neg = [s for w, s in scores.items() if w not in operatives]
    by_group: dict[str, list[float]] = {}
    for w, s in scores.items():
        if w not in operatives:
            by_group.setdefault(groups.get(w, "legit"), []).append(s)
    return RankingQuality(
        auc=auc(pos, neg),
        recall_at_fpr={f: recall_at_fpr(pos, neg, f) for f in fprs},
        group_fpr={g: sum(1 for s in v if s >= review_threshold) / len(v) for g, v in by_group.items()},
        operatives=len(pos),
        legit=len(neg),
    )
