"""Meetings and commits, vectorised over (worker, day) grids.

Meetings are scheduled in the worker's *claimed* timezone (the team books a
10 a.m. standup for a Chicago colleague), so an operative living on UTC+9
attends at midnight: with the camera off, or not at all. Commits are made in
working hours of the timezone the person really lives in, and carry the UTC
offset their machine's clock was set to.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import iso_utc, iso_with_offset
from unmask.demo.personas import Personas
from unmask.demo.schedule import at_local_hour, workdays, working_seconds
from unmask.demo.world import CAMERA_SHY, GROUPS, MODERATE, SLOPPY, Population, stream
from unmask.demo.writer import encoded

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

STANDUP, ONE_ON_ONE, INTERVIEW = range(3)
_KINDS = pa.array(["standup", "one_on_one", "interview"], type=pa.string())


def _by_group(default: float, **overrides: float) -> Floats:
    """A per-group probability table indexed by group code."""
    return np.asarray([overrides.get(g, default) for g in GROUPS], dtype=np.float64)


# Chance to attend a scheduled call, and to have the camera on when attending.
ATTEND = _by_group(0.96, operative_sloppy=0.7, operative_moderate=0.85, operative_careful=0.95)
CAMERA = _by_group(
    0.93, legit_camera_shy=0.35, operative_sloppy=0.1, operative_moderate=0.5, operative_careful=0.85
)
CAMERA_AT_INTERVIEW = _by_group(0.99, operative_sloppy=0.15, operative_moderate=0.6, operative_careful=0.95)


def meeting_rows(population: Population, seed: int) -> dict[str, pa.Array]:
    rng = stream(seed, "meetings")
    active = np.flatnonzero(population.active)
    w_std, d_std = workdays(population, active)
    keep = rng.random(w_std.size) < 0.75  # teams skip standups now and then
    w_std, d_std = w_std[keep], d_std[keep]
    w_one, d_one = workdays(population, active, every=14)
    everyone = np.arange(population.n, dtype=np.int64)
    d_int = population.interview_day

    w = np.concatenate([w_std, w_one, everyone])
    day = np.concatenate([d_std, d_one, d_int])
    kind = np.concatenate(
        [np.full(w_std.size, STANDUP), np.full(w_one.size, ONE_ON_ONE), np.full(everyone.size, INTERVIEW)]
    )
    n = w.size
    # Each team's standup has a fixed slot; one-on-ones and interviews vary.
    standup_hour = 9.5 + 0.25 * rng.integers(0, 7, population.n)
    hour = np.select(
        [kind == STANDUP, kind == ONE_ON_ONE],
        [standup_hour[w], 10.0 + rng.integers(0, 12, n) * 0.5],
        9.0 + rng.integers(0, 15, n) * 0.5,
    )
    ts = at_local_hour(population, w, day, hour, claimed=True)

    group = population.group[w]
    interview = kind == INTERVIEW
    attended = interview | (rng.random(n) < ATTEND[group])
    camera_p = np.where(interview, CAMERA_AT_INTERVIEW[group], CAMERA[group])
    camera = rng.random(n) < camera_p
    # Camera-shy people keep it on where it matters most: their interview.
    camera |= interview & (group == CAMERA_SHY)
    duration = np.select(
        [kind == STANDUP, kind == ONE_ON_ONE],
        [np.clip(np.round(rng.normal(15, 3, n)), 5, 30), np.clip(np.round(rng.normal(30, 5, n)), 15, 50)],
        rng.integers(45, 61, n).astype(np.float64),
    )
    notes_table = pa.array(
        [*texts.MEETING_NOTES_CAMERA_OFF, *texts.MEETING_NOTES_INTERVIEW], type=pa.string()
    )
    off_note = np.where(
        attended & ~camera & (rng.random(n) < 0.4),
        rng.integers(0, len(texts.MEETING_NOTES_CAMERA_OFF), n),
        -1,
    )
    interview_note = len(texts.MEETING_NOTES_CAMERA_OFF) + rng.integers(
        0, len(texts.MEETING_NOTES_INTERVIEW), n
    )
    note = np.where(interview & (off_note < 0), interview_note, off_note)
    note = np.where(note == len(notes_table) - 1, -1, note)  # the empty interview note: no note

    order = np.lexsort((ts, w))
    attended, camera, note = attended[order], camera[order], note[order]
    return {
        "worker_id": encoded(population.id_array, w[order]),
        "ts": iso_utc(ts[order]),
        "kind": encoded(_KINDS, kind[order]),
        "attended": pa.array(attended, type=pa.bool_()),
        "camera_on": pa.array(camera, type=pa.bool_(), mask=~attended),
        "duration_min": pa.array(duration[order], type=pa.float64(), mask=~attended),
        "notes": encoded(notes_table, note),
    }


def commit_rows(population: Population, personas: Personas, seed: int) -> dict[str, pa.Array]:
    rng = stream(seed, "commits")
    coders = np.flatnonzero(population.active & population.codes)
    rate = rng.uniform(0.3, 2.2, population.n)
    w_day, day_grid = workdays(population, coders)
    per_day = rng.poisson(rate[w_day])
    w = np.repeat(w_day, per_day)
    day = np.repeat(day_grid, per_day)
    n = w.size
    ts = working_seconds(rng, population, w, day, jitter_hours=0.4)

    # The offset git records is the machine's clock: the claimed zone for most,
    # the real one for sloppy operatives, either for moderate ones.
    group = population.group[w]
    real_clock = (group == SLOPPY) | ((group == MODERATE) & (rng.random(n) < 0.5))
    clock_tz = np.where(real_clock, population.act_tz[w], population.tz[w])
    offset = population.offsets.minutes(clock_tz, day)

    # Each coder works in one to three repositories.
    repos = rng.integers(0, len(texts.REPOS), (population.n, 3))
    n_repos = rng.integers(1, 4, population.n)
    repo = repos[w, (rng.random(n) * n_repos[w]).astype(np.int64)]

    # Sloppy rings share one git identity: some commits carry the ring lead's.
    author = w.copy()
    lead = np.arange(population.n, dtype=np.int64)
    for ring in population.rings:
        if ring.tier == SLOPPY:
            lead[list(ring.members)] = ring.members[0]
    borrowed = (lead[w] != w) & (rng.random(n) < 0.25)
    author[borrowed] = lead[w[borrowed]]

    order = np.lexsort((ts, w))
    return {
        "worker_id": encoded(population.id_array, w[order]),
        "ts": iso_with_offset(ts[order], offset[order]),
        "repo": encoded(pa.array(texts.REPOS, type=pa.string()), repo[order]),
        "author_name": encoded(pa.array(personas.git_name, type=pa.string()), author[order]),
        "author_email": encoded(pa.array(personas.git_email, type=pa.string()), author[order]),
    }
