"""The weekly rhythm of human work, and which UTC offset best explains when someone acts.

People act on a weekly clock: mostly Monday to Friday, mostly in their own
daytime. A worker's events, binned by UTC half-hour of the week, are scored
against a template of that rhythm shifted by every candidate offset
(UTC−12:00 … UTC+14:00); the posterior over offsets says where their day
really is.

The hour of day alone cannot tell a Chicago night owl (19:00–02:00 local) from
a day worker on UTC+9: both are active around 00:00–07:00 UTC. The *weekday*
can: the owl's evenings start Monday to Friday in Chicago, so in UTC they fall
on Tuesday to Saturday; the UTC+9 worker's days fall on Monday to Friday. So
besides the day rhythm there are evening rhythms (the same week, some hours
later, quiet weekends included), and the posterior sums over all of them.

Events of one session are not independent draws (a burst of sign-ins is one
sitting), so the log-likelihood is tempered: each event counts for less than
one observation and the posterior does not claim certainty from volume alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

BINS_PER_HOUR = 2
BIN_MINUTES = 60 // BINS_PER_HOUR
DAY_BINS = 24 * BINS_PER_HOUR
WEEK_BINS = 7 * DAY_BINS
# Unix time 0 was a Thursday: this many bins after a Monday 00:00.
EPOCH_WEEK_BIN = 3 * DAY_BINS

# Candidate offsets in minutes east of UTC, every half hour.
OFFSETS_MIN: Ints = np.arange(-12 * 60, 14 * 60 + 1, BIN_MINUTES, dtype=np.int64)
# Where people live, coarsely, as the prior over offsets (minutes east of UTC, at any time of
# year). Populous: every whole hour from −8 to +12 except the near-empty −2 and −1, and the
# half hours of Newfoundland's summer, Iran, Afghanistan, India and Sri Lanka, Myanmar and
# central Australia. Sparse (a few million people at most): Samoa and Niue, Hawaii and
# Tahiti, the Marquesas, Alaska's winter, Newfoundland's winter, Greenland and the Azores,
# Lord Howe, Chatham and the Pacific east of New Zealand. Nobody: −12 and the other half hours.
# Without it a European night owl would pass for a day worker on Hawaii's or Alaska's clock.
POPULOUS_OFFSETS = (
    *range(-480, 721, 60), -150, 210, 270, 330, 390, 570,
)  # fmt: skip
SPARSE_OFFSETS = (-660, -600, -570, -540, -210, -120, -60, 630, 780, 840)
SPARSE_PRIOR = 0.1  # relative to a populous offset
EMPTY_PRIOR = 0.02

# Relative activity by local hour on a working day.
_DAY_HOURS = (
    0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.08, 0.35, 0.8, 1.0, 1.0, 1.0,
    0.85, 0.95, 1.0, 1.0, 0.95, 0.7, 0.4, 0.25, 0.18, 0.12, 0.07, 0.04,
)  # fmt: skip
# An evening worker keeps the day rhythm some hours later, weekdays included: their Friday
# shift runs into Saturday morning. So an evening worker on offset X with a shift k hours late
# looks exactly like a day worker on X − k. Evening shifts start anywhere from late afternoon to
# late night, so k takes several values: the evening rhythm decides where no one lives on X − k
# (a Chicago night owl would be a day worker on UTC−15), and elsewhere the priors share the
# posterior rather than a late shift passing for a western offset.
EVENING_SHIFTS_HOURS = (9, 10, 11, 12, 13, 14)
WEEKEND_LEVEL = 0.12  # activity on a Saturday or Sunday relative to a weekday
FLOOR = 0.02  # share of events allowed anywhere (an odd late sign-in must not decide everything)
EVENING_PRIOR = 0.2  # how common evening workers are among people who work remotely
TEMPER = 0.5  # weight of one event in the likelihood (events cluster into sessions)
# The claimed business day: Monday to Friday, local clock.
BUSINESS_START_HOUR = 7
BUSINESS_END_HOUR = 20


@dataclass(frozen=True)
class Rhythm:
    """A way of keeping the week: the day rhythm, ``delay_hours`` later, and how common it is."""

    name: str
    delay_hours: int
    prior: float


RHYTHMS: tuple[Rhythm, ...] = (
    Rhythm("day", 0, 1.0 - EVENING_PRIOR),
    *(Rhythm("evening", k, EVENING_PRIOR / len(EVENING_SHIFTS_HOURS)) for k in EVENING_SHIFTS_HOURS),
)


def _day_week() -> Floats:
    """A week of half-hour levels of the day rhythm, Monday 00:00 first, weekends damped."""
    per_day = np.repeat(np.asarray(_DAY_HOURS, dtype=np.float64), BINS_PER_HOUR)
    return np.asarray(np.tile(per_day, 7) * np.repeat([1.0] * 5 + [WEEKEND_LEVEL] * 2, DAY_BINS))


def day_log_probabilities() -> Floats:
    """Log-probability of an event in each local half-hour of the week under the day rhythm."""
    levels = _day_week()
    p = (1.0 - FLOOR) * levels / levels.sum() + FLOOR / levels.size
    return np.asarray(np.log(p), dtype=np.float64)


def offset_log_prior() -> Floats:
    """Log prior over ``OFFSETS_MIN``: flat over populous offsets, low on sparse ones, lower on empty ones."""
    sparse = np.isin(OFFSETS_MIN, SPARSE_OFFSETS)
    populous = np.isin(OFFSETS_MIN, POPULOUS_OFFSETS) & ~sparse
    prior = np.select([populous, sparse], [1.0, SPARSE_PRIOR], EMPTY_PRIOR)
    return np.asarray(np.log(prior / prior.sum()), dtype=np.float64)


def utc_week_bin(epoch_seconds: npt.ArrayLike) -> Ints:
    """Half-hour of the UTC week (Monday 00:00 = 0) of each Unix time."""
    slot = np.asarray(epoch_seconds, dtype=np.int64) // (BIN_MINUTES * 60)
    return np.asarray((slot + EPOCH_WEEK_BIN) % WEEK_BINS, dtype=np.int64)


def local_week_bin(utc_bin: npt.ArrayLike, offset_min: npt.ArrayLike) -> Ints:
    """The local half-hour of the week of UTC bin ``utc_bin`` on a clock ``offset_min`` east of UTC."""
    shift = np.rint(np.asarray(offset_min, dtype=np.float64) / BIN_MINUTES).astype(np.int64)
    return np.asarray((np.asarray(utc_bin, dtype=np.int64) + shift) % WEEK_BINS, dtype=np.int64)


def _shifted(log_p: Floats, offsets_min: Ints) -> Floats:
    """(offsets, WEEK_BINS): the template's log-probability of each UTC bin under each offset."""
    shift = offsets_min // BIN_MINUTES
    index = (np.arange(WEEK_BINS)[None, :] + shift[:, None]) % WEEK_BINS
    return np.asarray(log_p[index], dtype=np.float64)


@dataclass(frozen=True)
class OffsetEstimate:
    """Per worker (rows of the histogram): the inferred offset and how sure it is."""

    events: Floats
    posterior: Floats  # (workers, offsets)
    best_offset_min: Ints
    confidence: Floats  # posterior mass within an hour of the best offset
    rhythm: list[str]  # the template that explains the events best

    def support(self, offset_min: npt.ArrayLike, within_min: int = 60) -> Floats:
        """Posterior mass within ``within_min`` of each worker's ``offset_min`` (NaN where unknown)."""
        target = np.asarray(offset_min, dtype=np.float64)
        near = np.abs(OFFSETS_MIN[None, :] - target[:, None]) <= within_min
        mass = (self.posterior * near).sum(axis=1)
        return np.asarray(np.where(np.isnan(target), np.nan, mass), dtype=np.float64)


def infer_offsets(histogram: npt.ArrayLike, temper: float = TEMPER) -> OffsetEstimate:
    """Posterior over UTC offsets for each row of ``histogram`` (workers × UTC half-hours of the week).

    A rhythm k hours late on offset X is the day rhythm on X − k h, so one matrix product scores
    every worker against the day rhythm on every offset any rhythm needs; each rhythm then reads
    its columns.
    """
    counts = np.asarray(histogram, dtype=np.float32)
    if counts.ndim != 2 or counts.shape[1] != WEEK_BINS:
        raise ValueError(f"histogram must be (workers, {WEEK_BINS}), got {counts.shape}")
    lowest = int(OFFSETS_MIN[0]) - 60 * max(r.delay_hours for r in RHYTHMS)
    scored = np.arange(lowest, int(OFFSETS_MIN[-1]) + 1, BIN_MINUTES, dtype=np.int64)
    day = _shifted(day_log_probabilities(), scored).T.astype(np.float32)
    log_likelihood = temper * (counts @ day).astype(np.float64)  # (workers, scored offsets)
    prior = offset_log_prior()

    def joint(r: Rhythm) -> Floats:
        first = (int(OFFSETS_MIN[0]) - 60 * r.delay_hours - lowest) // BIN_MINUTES
        columns = log_likelihood[:, first : first + OFFSETS_MIN.size]  # offsets are consecutive
        return np.asarray(columns + (np.log(r.prior) + prior)[None, :])

    top = np.max([joint(r).max(axis=1) for r in RHYTHMS], axis=0)[:, None]
    names = list(dict.fromkeys(r.name for r in RHYTHMS))
    by_offset = np.zeros((counts.shape[0], OFFSETS_MIN.size))
    by_name = np.zeros((len(names), counts.shape[0]))
    for r in RHYTHMS:
        weights = np.exp(joint(r) - top)
        by_offset += weights
        by_name[names.index(r.name)] += weights.sum(axis=1)
    posterior = by_offset / by_offset.sum(axis=1, keepdims=True)
    best = OFFSETS_MIN[posterior.argmax(axis=1)]
    near_best = np.abs(OFFSETS_MIN[None, :] - best[:, None]) <= 60
    return OffsetEstimate(
        events=counts.sum(axis=1, dtype=np.float64),
        posterior=posterior,
        best_offset_min=np.asarray(best, dtype=np.int64),
        confidence=(posterior * near_best).sum(axis=1),
        rhythm=np.asarray(names)[by_name.argmax(axis=0)].tolist(),
    )


def business_day(local_bin: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Whether each local half-hour of the week lies in the business day (Monday–Friday, 07:00–20:00)."""
    b = np.asarray(local_bin, dtype=np.int64)
    hour = (b % DAY_BINS) / BINS_PER_HOUR
    inside = (b < 5 * DAY_BINS) & (hour >= BUSINESS_START_HOUR) & (hour < BUSINESS_END_HOUR)
    return np.asarray(inside, dtype=np.bool_)


def weekend(local_bin: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    return np.asarray(np.asarray(local_bin, dtype=np.int64) >= 5 * DAY_BINS, dtype=np.bool_)
