"""The weekly-rhythm inference on synthetic weeks: which offsets it recovers, and where it stays unsure."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from unmask.intel import rhythm

MONDAY_UTC = 1_785_715_200  # 2026-08-03 00:00 UTC, a Monday


def _week_histogram(
    offset_min: int, start: float, span: float, *, weeks: int = 6, per_day: int = 4, seed: int = 0
) -> npt.NDArray[np.int64]:
    """Events at random moments of ``start``..``start + span`` local hours, Monday to Friday (and a
    few on weekends), on a clock ``offset_min`` east of UTC, binned by UTC half-hour of the week."""
    rng = np.random.default_rng(seed)
    day = np.repeat(np.arange(7 * weeks), per_day)
    weekday = day % 7
    day = day[(weekday < 5) | (rng.random(day.size) < 0.05)]
    local_hours = start + rng.random(day.size) * span
    utc = MONDAY_UTC + day * 86_400 + (local_hours * 3600).astype(np.int64) - offset_min * 60
    return np.bincount(rhythm.utc_week_bin(utc), minlength=rhythm.WEEK_BINS)


def test_monday_midnight_utc_is_bin_zero() -> None:
    assert rhythm.utc_week_bin([MONDAY_UTC, MONDAY_UTC + 1799, MONDAY_UTC + 1800]).tolist() == [0, 0, 1]
    assert rhythm.utc_week_bin([MONDAY_UTC - 1]).tolist() == [rhythm.WEEK_BINS - 1]
    # 23:00 UTC on Sunday is 08:00 on Monday in Seoul.
    assert rhythm.local_week_bin([rhythm.WEEK_BINS - 2], 540).tolist() == [16]


@pytest.mark.parametrize(
    ("offset_min", "start"),
    [(-480, 8.5), (0, 9.0), (330, 9.5), (540, 9.0)],
    ids=["UTC-8", "UTC", "UTC+5:30", "UTC+9"],
)
def test_recovers_the_offset_of_a_day_worker(offset_min: int, start: float) -> None:
    estimate = rhythm.infer_offsets(_week_histogram(offset_min, start, 8.5)[None, :])
    assert abs(int(estimate.best_offset_min[0]) - offset_min) <= 60
    assert estimate.support([offset_min])[0] >= 0.5
    assert estimate.rhythm == ["day"]


def test_a_night_owl_is_not_taken_for_a_day_worker_in_asia() -> None:
    """Chicago 19:00-02:00 and Seoul 09:00-16:00 cover the same UTC hours, on different UTC weekdays."""
    owl = _week_histogram(-300, 19.0, 7.0, seed=1)
    seoul = _week_histogram(540, 9.0, 7.0, seed=1)
    both = rhythm.infer_offsets(np.stack([owl, seoul]))
    assert both.support([540, 540]).round(2).tolist()[1] >= 0.9
    assert both.support([540, 540])[0] < 0.01
    assert both.support([-300, -300])[0] >= 0.2  # the claimed Chicago clock stays plausible
    assert both.rhythm[0] == "evening"


def test_few_events_leave_the_answer_open() -> None:
    few = rhythm.infer_offsets(_week_histogram(540, 9.0, 8.5, weeks=1, per_day=1)[None, :])
    many = rhythm.infer_offsets(_week_histogram(540, 9.0, 8.5)[None, :])
    assert few.confidence[0] < many.confidence[0]
    assert few.events[0] < 10


def test_one_week_abroad_does_not_move_home() -> None:
    home = _week_histogram(-300, 8.5, 8.5, weeks=5)
    tokyo = _week_histogram(540, 9.0, 8.0, weeks=1, seed=2)
    estimate = rhythm.infer_offsets((home + tokyo)[None, :])
    assert abs(int(estimate.best_offset_min[0]) + 300) <= 60


def test_every_row_is_a_distribution_over_offsets() -> None:
    rows = np.stack([_week_histogram(o, 9.0, 8.0, seed=abs(o)) for o in (-300, 60, 480)] + [np.zeros(336)])
    estimate = rhythm.infer_offsets(rows)
    assert np.allclose(estimate.posterior.sum(axis=1), 1.0)
    assert estimate.events.tolist()[-1] == 0.0
    assert np.isnan(estimate.support([np.nan, 0, 0, 0])[0])


def test_rejects_a_histogram_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError, match="histogram"):
        rhythm.infer_offsets(np.zeros((2, 168)))


def test_business_day_is_monday_to_friday_seven_to_eight() -> None:
    monday_0700, monday_2000, saturday_1000 = 14, 40, 5 * 48 + 20
    assert rhythm.business_day([monday_0700, monday_0700 - 1, monday_2000, saturday_1000]).tolist() == [
        True,
        False,
        False,
        False,
    ]
