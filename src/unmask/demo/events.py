"""Meetings and commits, vectorised over (worker, day) grids.

Meetings are scheduled in the worker's *claimed* timezone (the team books a
10 a.m. standup for a Chicago colleague), so an operative living on UTC+9
attends at midnight: with the camera off, or not at all. Some workers are also
invited to in-person days at the office (kind ``other``, notes saying "in
person" or "onsite": the convention ``in_person_avoided`` reads), which
operatives cannot attend; their one-on-one notes record missed deliveries more
often. Commits are made in working hours of the timezone the person really
lives in, and carry the UTC offset their machine's clock was set to.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import iso_utc, iso_with_offset, weekday
from unmask.demo.personas import Personas
from unmask.demo.schedule import at_local_hour, spread_days, workdays, working_seconds
from unmask.demo.world import CAMERA_SHY, GROUPS, MODERATE, SLOPPY, Population, stream
from unmask.demo.writer import encoded

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

STANDUP, ONE_ON_ONE, INTERVIEW, OTHER = range(4)
_KINDS = pa.array(["standup", "one_on_one", "interview", "other"], type=pa.string())

# Notes the organisation writes; the detectors' phrase lists must recognise them.
INTERVIEW_REFUSED = ("declined to turn on the camera", "kept the camera off throughout the interview")
DEADLINE_NOTES = (
    "missed the sprint deadline, says the work is almost done",
    "still waiting for the deliverable from last sprint",
    "the tickets are overdue again",
    "this was due last week, no update yet",
)
ONSITE = ("in-person team day at the office", "onsite planning day", "in-person workshop at the office")
ONSITE_DECLINED = tuple(f"{place}: declined, asked to join remotely" for place in ONSITE)


def per_group(default: float, **overrides: float) -> Floats:
    """A per-group probability table indexed by group code."""
    return np.asarray([overrides.get(g, default) for g in GROUPS], dtype=np.float64)


# Chance to attend a scheduled call, and to have the camera on when attending.
ATTEND = per_group(0.96, operative_sloppy=0.7, operative_moderate=0.85, operative_careful=0.95)
CAMERA = per_group(
    0.93, legit_camera_shy=0.35, operative_sloppy=0.1, operative_moderate=0.5, operative_careful=0.85
)
CAMERA_AT_INTERVIEW = per_group(0.99, operative_sloppy=0.25, operative_moderate=0.6, operative_careful=0.95)
# Share of camera-off interviews whose notes say the camera was refused (the rest gave an excuse).
REFUSAL_NOTED = 0.5
# A one-on-one's notes record a missed delivery: operatives juggle several jobs.
DEADLINE_NOTED = per_group(0.005, operative_sloppy=0.3, operative_moderate=0.18, operative_careful=0.05)
# In-person days: who is invited (careful operatives claim cities far from any office) and who comes.
ONSITE_INVITED = per_group(0.35, operative_sloppy=0.4, operative_moderate=0.35, operative_careful=0.12)
ONSITE_ATTEND = per_group(
    0.95, legit_traveller=0.75, operative_sloppy=0.05, operative_moderate=0.15, operative_careful=0.4
)


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
    n_off, n_interview = len(texts.MEETING_NOTES_CAMERA_OFF), len(texts.MEETING_NOTES_INTERVIEW)
    notes_table = pa.array(
        [
            *texts.MEETING_NOTES_CAMERA_OFF,
            *texts.MEETING_NOTES_INTERVIEW,
            *INTERVIEW_REFUSED,
            *DEADLINE_NOTES,
            *ONSITE,
            *ONSITE_DECLINED,
        ],
        type=pa.string(),
    )
    first_refused = n_off + n_interview
    first_deadline = first_refused + len(INTERVIEW_REFUSED)
    first_onsite = first_deadline + len(DEADLINE_NOTES)
    off_note = np.where(
        attended & ~camera & (rng.random(n) < 0.4),
        rng.integers(0, n_off, n),
        -1,
    )
    interview_note = n_off + rng.integers(0, n_interview, n)
    note = np.where(interview & (off_note < 0), interview_note, off_note)
    note = np.where(note == first_refused - 1, -1, note)  # the empty interview note: no note

    # Later additions draw from a stream of their own, so the rows above keep their values.
    extra = stream(seed, "meetings", 1)
    refused = interview & ~camera & (off_note < 0) & (extra.random(n) < REFUSAL_NOTED)
    note = np.where(refused, first_refused + extra.integers(0, len(INTERVIEW_REFUSED), n), note)
    late = (kind == ONE_ON_ONE) & attended & (note < 0) & (extra.random(n) < DEADLINE_NOTED[group])
    note = np.where(late, first_deadline + extra.integers(0, len(DEADLINE_NOTES), n), note)
    on_camera = attended.copy()  # camera_on is known for attended calls

    o_w, o_ts, o_attended, o_note = _onsite_days(extra, population, first_onsite)
    w = np.concatenate([w, o_w])
    ts = np.concatenate([ts, o_ts])
    kind = np.concatenate([kind, np.full(o_w.size, OTHER)])
    attended = np.concatenate([attended, o_attended])
    camera = np.concatenate([camera, np.zeros(o_w.size, dtype=np.bool_)])
    on_camera = np.concatenate([on_camera, np.zeros(o_w.size, dtype=np.bool_)])  # no camera in a room
    duration = np.concatenate([duration, np.full(o_w.size, 240.0)])
    note = np.concatenate([note, o_note])

    order = np.lexsort((ts, w))
    attended, camera, on_camera, note = attended[order], camera[order], on_camera[order], note[order]
    return {
        "worker_id": encoded(population.id_array, w[order]),
        "ts": iso_utc(ts[order]),
        "kind": encoded(_KINDS, kind[order]),
        "attended": pa.array(attended, type=pa.bool_()),
        "camera_on": pa.array(camera, type=pa.bool_(), mask=~on_camera),
        "duration_min": pa.array(duration[order], type=pa.float64(), mask=~attended),
        "notes": encoded(notes_table, note),
    }


def on_weekday(population: Population, w: Ints, day: Ints) -> Ints:
    """The organisation books on weekdays: Saturday moves to Friday, Sunday to Monday (inside the span)."""
    wd = weekday(day)
    moved = np.select([wd == 5, wd == 6], [day - 1, day + 1], day)
    inside = (moved >= population.first_day[w]) & (moved <= population.last_day[w])
    return np.asarray(np.where(inside, moved, day), dtype=np.int64)


def _onsite_days(
    rng: np.random.Generator, population: Population, first_note: int
) -> tuple[Ints, Ints, npt.NDArray[np.bool_], Ints]:
    """In-person days at the office: (worker, ts, attended, note index) for one to three per invitee."""
    group = population.group
    invited = population.active & (rng.random(population.n) < ONSITE_INVITED[group])
    w = np.repeat(
        np.arange(population.n, dtype=np.int64), np.where(invited, rng.integers(1, 4, population.n), 0)
    )
    day = on_weekday(population, w, spread_days(rng, population, w))
    ts = at_local_hour(population, w, day, np.full(w.size, 10.0), claimed=True)
    attended = rng.random(w.size) < ONSITE_ATTEND[group[w]]
    declined = ~attended & (rng.random(w.size) < 0.5)  # said no in advance; the rest simply did not come
    note = first_note + rng.integers(0, len(ONSITE), w.size) + np.where(declined, len(ONSITE), 0)
    return w, ts, attended, note


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
