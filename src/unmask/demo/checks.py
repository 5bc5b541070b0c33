"""Identity verifications and skills assessments.

Operatives refuse or fail checks that need their face or presence, and pass
the ones that only look at documents (a stolen identity survives a background
check). Checks they cannot pass they leave pending: requested, never done.
Legitimate pending checks are recent or answered later (background checks are
slow, expats' checks abroad slowest). Test platforms flag what they see: a
second voice, pasted answers, tab switches, the eyes reading from elsewhere.
Honest candidates trip a benign flag now and then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import DAY_SECONDS, START_SECONDS, iso_utc
from unmask.demo.dice import Dice
from unmask.demo.world import CAREFUL, EXPAT, MODERATE, SLOPPY, VPN_USER, Population, stream
from unmask.demo.writer import encoded

_SLOPPY_FLAGS = ("tab_switch", "paste", "long_pause", "second_voice", "eye_movement")
_MODERATE_FLAGS = ("tab_switch", "paste", "long_pause", "eye_movement")
_BENIGN_FLAGS = ("tab_switch", "long_pause")


@dataclass
class _Rows:
    """Column lists of a small per-worker table, turned into Arrow columns at the end."""

    w: list[int]
    day: list[int]
    values: dict[str, list[object]]

    @classmethod
    def of(cls, *columns: str) -> _Rows:
        return cls([], [], {c: [] for c in columns})

    def add(self, i: int, day: int, **values: object) -> None:
        self.w.append(i)
        self.day.append(day)
        for key, column in self.values.items():
            column.append(values.get(key))

    def arrow(
        self, population: Population, rng: np.random.Generator, types: dict[str, pa.DataType]
    ) -> dict[str, pa.Array]:
        w = np.asarray(self.w, dtype=np.int64)
        day = np.asarray(self.day, dtype=np.int64)
        # Business hours for the reviewer (13:00-22:00 UTC covers the US working day).
        ts = START_SECONDS + day * DAY_SECONDS + rng.integers(13 * 3600, 22 * 3600, day.size)
        order = np.lexsort((ts, w))
        picked = order.tolist()
        out = {"worker_id": encoded(population.id_array, w[order]), "ts": iso_utc(ts[order])}
        for key, column in self.values.items():
            out[key] = pa.array([column[k] for k in picked], type=types.get(key, pa.string()))
        return out


# Of each group's pending checks, the share left without an answer for weeks (the rest are recent,
# or answered later); and the chance of one more check requested and never done.
_STALE_SHARE = {SLOPPY: 0.9, MODERATE: 0.8, CAREFUL: 0.3, EXPAT: 0.5}
_LEGIT_STALE_SHARE = 0.15
_STALLED = {SLOPPY: 0.6, MODERATE: 0.5, EXPAT: 0.3}
_STALLED_KINDS = {SLOPPY: ("in_person", "camera_outside"), MODERATE: ("camera_outside", "in_person")}
STALE_DAYS = 21  # a stale request is at least this old at the end of the window (the detector allows 14)


def verification_rows(population: Population, seed: int) -> tuple[dict[str, pa.Array], dict[int, int]]:
    """The verifications table, and the day of each worker's background check (for its profile)."""
    rng = stream(seed, "checks")
    dice = Dice(rng)
    # Pending checks draw from a stream of their own, so the other checks (and profiles) stay as they were.
    late = Dice(stream(seed, "checks", 2))
    rows = _Rows.of("kind", "outcome")
    background: dict[int, int] = {}
    end = population.days - 1
    for i in range(population.n):
        group = int(population.group[i])
        first, last = int(population.first_day[i]), int(population.last_day[i])
        checks = [(dice, c) for c in _checks_of(dice, population, i)]
        checks += [(late, c) for c in _stalled_checks(late, population, i)]
        for draw, (kind, outcome, when) in checks:
            hired = int(population.interview_day[i]) + draw.integer(2, 8)
            day = hired if when == "hired" or last < first else draw.integer(first, last + 1)
            if outcome == "pending":
                day, answered = _pending_fate(late, group, day, end)
                if answered is not None:  # the result came in later
                    rows.add(i, day, kind=kind, outcome=outcome)
                    day, outcome = answered, "passed"
            rows.add(i, day, kind=kind, outcome=outcome)
            if kind == "background_check":
                background[i] = day
    return rows.arrow(population, rng, {}), background


def _stalled_checks(dice: Dice, population: Population, i: int) -> list[tuple[str, str, str]]:
    """A face-to-face check (or, for expats, a background check abroad) requested and not done."""
    group = int(population.group[i])
    if population.applicant[i] or not dice.chance(_STALLED.get(group, 0.0)):
        return []
    return [(dice.pick(_STALLED_KINDS.get(group, ("background_check",))), "pending", "during")]


def _pending_fate(dice: Dice, group: int, day: int, end: int) -> tuple[int, int | None]:
    """When a pending request was made, and the day its result came (None: still pending).

    Stale: left unanswered for weeks. Otherwise legitimate checks get their answer some days later,
    and operatives' requests are recent (they keep rescheduling)."""
    if dice.chance(_STALE_SHARE.get(group, _LEGIT_STALE_SHARE)):
        return min(day, end - STALE_DAYS - dice.integer(0, 20)), None
    if group in (SLOPPY, MODERATE, CAREFUL) or day > end - 10:
        return max(day, end - dice.integer(0, 10)), None
    return day, min(end, day + dice.integer(3, 20))


def _checks_of(dice: Dice, population: Population, i: int) -> list[tuple[str, str, str]]:
    """(kind, outcome, when) of each check one worker went through; when is "hired" or "during"."""
    group = int(population.group[i])
    out: list[tuple[str, str, str]] = []
    if population.applicant[i]:
        if dice.random() < 0.5:
            out.append(("background_check", "pending", "hired"))
        return out
    if group == SLOPPY:
        if dice.random() < 0.8:
            out.append(("live_video_id", "refused" if dice.random() < 0.6 else "failed", "during"))
        if dice.random() < 0.3:
            out.append(("in_person", "refused", "during"))
        if dice.random() < 0.4:
            out.append(("background_check", "passed", "hired"))  # the stolen identity is real
    elif group == MODERATE:
        out.append((dice.pick(["live_video_id", "in_person"]), "refused", "during"))
        if dice.random() < 0.5:
            out.append(("background_check", "passed", "hired"))
    elif group == CAREFUL:
        if dice.random() < 0.4:
            out.append(("live_video_id", "pending", "during"))
        if dice.random() < 0.6:
            out.append(("background_check", "passed", "hired"))
    else:
        if dice.random() < 0.6:
            out.append(("background_check", "passed" if dice.random() < 0.95 else "pending", "hired"))
        if dice.random() < 0.25:
            out.append(("live_video_id", "passed", "during"))
        if dice.random() < 0.04:
            out.append(("in_person", "passed", "during"))
        if dice.random() < 0.02:
            out.append(("camera_outside", "passed", "during"))
        if group == VPN_USER and dice.random() < 0.5:
            out.append(("vpn_off_access", "passed", "during"))
    return out


def _flags(dice: Dice, group: int, kind: str) -> list[str]:
    if group == SLOPPY and kind == "technical_interview":
        return [dice.pick(("second_voice", "eye_movement"))]
    if group == SLOPPY:
        return [str(f) for f in dice.sample(_SLOPPY_FLAGS, dice.integer(2, 5))]
    if group == MODERATE:
        return [str(f) for f in dice.sample(_MODERATE_FLAGS, dice.integer(1, 3))]
    benign_rate = 0.15 if group == CAREFUL else 0.1
    return [dice.pick(_BENIGN_FLAGS)] if dice.random() < benign_rate else []


def assessment_rows(population: Population, seed: int) -> dict[str, pa.Array]:
    rng = stream(seed, "checks", 1)
    dice = Dice(rng)
    rows = _Rows.of("kind", "score", "flags", "notes")
    for i in range(population.n):
        group = int(population.group[i])
        interview = int(population.interview_day[i])
        kinds = ["coding_test"] + (["technical_interview"] if dice.random() < 0.6 else [])
        for kind in kinds:
            day = interview - dice.integer(3, 10) if kind == "coding_test" else interview + dice.integer(1, 5)
            mean, spread = {SLOPPY: (88, 6), MODERATE: (82, 8), CAREFUL: (80, 9)}.get(group, (76, 11))
            score = dice.normal(mean, spread)
            flags = _flags(dice, group, kind)
            note = texts.ASSESSMENT_NOTES[dice.below(len(texts.ASSESSMENT_NOTES))]
            rows.add(
                i,
                day,
                kind=kind,
                score=float(np.clip(round(score), 30, 100)),
                flags=json.dumps(flags),
                notes=note or None,
            )
    return rows.arrow(population, rng, {"score": pa.float64()})
