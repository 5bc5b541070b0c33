"""The quality measures themselves, on cases worked by hand."""

from __future__ import annotations

import pytest

from unmask.evaluation import auc, ranking_quality, recall_at_fpr


@pytest.mark.parametrize(
    ("pos", "neg", "expected"),
    [
        ([0.9, 0.8], [0.1, 0.2], 1.0),
        ([0.1], [0.9], 0.0),
        ([0.5], [0.5], 0.5),
        ([0.9, 0.3], [0.5, 0.1], 0.75),
    ],
)
def test_auc(pos: list[float], neg: list[float], expected: float) -> None:
    assert auc(pos, neg) == pytest.approx(expected)


def test_recall_at_fpr_uses_the_threshold_legit_workers_allow() -> None:
    neg = [i / 100 for i in range(100)]  # 0.00 … 0.99
    pos = [0.995, 0.985, 0.975, 0.5]
    assert recall_at_fpr(pos, neg, 0.01) == pytest.approx(0.5)  # one legit (0.99) may pass: threshold 0.98
    assert recall_at_fpr(pos, neg, 0.05) == pytest.approx(0.75)


def test_group_false_positive_rates() -> None:
    q = ranking_quality(
        {"o": 0.9, "a": 0.6, "b": 0.1, "c": 0.2},
        {"o": "operative_sloppy", "a": "legit_vpn_user", "b": "legit_vpn_user", "c": "legit"},
        frozenset({"o"}),
        review_threshold=0.5,
    )
    assert q.group_fpr == {"legit_vpn_user": 0.5, "legit": 0.0}
    assert q.auc == 1.0 and "AUC 1.0000" in q.summary()
