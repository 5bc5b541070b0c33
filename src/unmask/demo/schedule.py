"""When people act: which days and at what time of their own day, vectorised over events.

Each event row names a worker (index ``w``). Days are drawn inside the worker's
active span and mostly moved off weekends; times fall inside the working hours
the worker keeps *in the timezone they really live in* (``Population.act_tz``),
so an operative who claims Chicago but lives on UTC+9 signs in, commits and
writes at Chicago's night-time, exactly as the advisories describe.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from unmask.demo.clock import DAY_SECONDS, START_SECONDS, weekday
from unmask.demo.world import Population

Ints = npt.NDArray[np.int64]


def spread_days(rng: np.random.Generator, population: Population, w: Ints) -> Ints:
    """A day in each worker's active span; most weekend draws move to the nearest weekday."""
    first = population.first_day[w]
    span = np.maximum(population.last_day[w] - first + 1, 1)
    day = first + (rng.random(w.size) * span).astype(np.int64)
    wd = weekday(day)
    move = (wd >= 5) & (rng.random(w.size) >= population.weekend_rate[w])
    shifted = np.where(wd == 5, day - 1, day + 1)
    inside = (shifted >= first) & (shifted <= population.last_day[w])
    return np.asarray(np.where(move & inside, shifted, day), dtype=np.int64)


def working_seconds(
    rng: np.random.Generator, population: Population, w: Ints, day: Ints, *, jitter_hours: float = 0.25
) -> Ints:
    """UTC epoch seconds at a moment of each worker's working hours on their local ``day``."""
    hour = (
        population.work_start[w]
        + rng.random(w.size) * population.work_span[w]
        + rng.normal(0.0, jitter_hours, w.size)
    )
    return at_local_hour(population, w, day, hour)


def at_local_hour(
    population: Population, w: Ints, day: Ints, hour: npt.NDArray[np.float64], *, claimed: bool = False
) -> Ints:
    """UTC epoch seconds of local ``hour`` on ``day`` in each worker's real (or claimed) timezone."""
    tz = population.tz[w] if claimed else population.act_tz[w]
    offset = population.offsets.minutes(tz, day)
    local = (hour * 3600).astype(np.int64)
    return START_SECONDS + day * DAY_SECONDS + local - offset * 60


def workdays(population: Population, w: Ints, every: int = 1) -> tuple[Ints, Ints]:
    """(worker, day) for every weekday of each worker's active span (optionally every n-th day)."""
    first = population.first_day[w]
    count = np.maximum(population.last_day[w] - first + 1, 0)
    rows = np.repeat(np.arange(w.size), count)
    day = first[rows] + np.arange(rows.size) - np.repeat(np.cumsum(count) - count, count)
    keep = (weekday(day) < 5) & ((day - first[rows]) % every == 0)
    return w[rows][keep], day[keep]
