"""Chat and e-mail: ordinary work talk for everyone, plus the few messages each story needs.

Ordinary messages are drawn vectorised from shared pools. The story messages
(a traveller's heads-up, an operative's prepayment request or extortion after
being let go) are few, so they are listed one by one and then timed together.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import iso_utc
from unmask.demo.dice import Dice
from unmask.demo.schedule import spread_days, working_seconds
from unmask.demo.world import GROUPS, HARD_LEGIT, MODERATE, SLOPPY, TRAVELLER, Population, stream
from unmask.demo.writer import encoded

Ints = npt.NDArray[np.int64]
_CHANNELS = pa.array(["slack", "email", "jira"], type=pa.string())
_DIRECTIONS = pa.array(["from_worker", "to_worker"], type=pa.string())
FROM, TO = 0, 1
SLACK, EMAIL = 0, 1


def _expand(rng: np.random.Generator, templates: tuple[str, ...], variants: int = 6) -> list[str]:
    """Templates with a ticket number become several concrete messages."""
    out: list[str] = []
    for template in templates:
        if "{" not in template:
            out.append(template)
            continue
        for _ in range(variants):
            key = texts.PROJECT_KEYS[int(rng.integers(len(texts.PROJECT_KEYS)))]
            number = int(rng.integers(100, 4000))
            out.append(template.format(ticket=number, ticket_key=f"{key}-{number}"))
    return out


class _Story:
    """Collects story messages as (worker, day, direction, channel, text)."""

    def __init__(self, dice: Dice, population: Population) -> None:
        self.dice = dice
        self.population = population
        self.rows: list[tuple[int, int, int, int, str]] = []

    def pick(self, options: tuple[str, ...]) -> str:
        return self.dice.pick(options)

    def some_day(self, i: int) -> int:
        first, last = int(self.population.first_day[i]), int(self.population.last_day[i])
        return self.dice.integer(first, last + 1) if last >= first else first

    def add(self, i: int, day: int, direction: int, text: str, channel: int = SLACK) -> None:
        self.rows.append((i, day, direction, channel, text))


def _stories(dice: Dice, population: Population, trip_first: Ints) -> _Story:
    story = _Story(dice, population)
    group, days = population.group, population.days
    for i in np.flatnonzero(population.applicant).tolist():
        day = dice.integer(0, max(1, days))
        story.add(i, day, TO, story.pick(texts.RECRUITER_TO), EMAIL)
        story.add(i, min(days - 1, day + 1), FROM, story.pick(texts.RECRUITER_FROM), EMAIL)
    for i in np.flatnonzero(population.active).tolist():
        g = int(group[i])
        if g in HARD_LEGIT:
            day = (
                max(int(population.first_day[i]), int(trip_first[i]) - 3)
                if g == TRAVELLER
                else story.some_day(i)
            )
            story.add(i, day, FROM, story.pick(texts.BENIGN_CONTEXT[GROUPS[g]]))
        ended = bool(population.has_end[i]) and int(population.end_day[i]) < days
        if g < SLOPPY and ended:
            story.add(i, int(population.end_day[i]), FROM, story.pick(texts.FAREWELL))
        if g == SLOPPY:
            for _ in range(dice.integer(1, 3)):
                story.add(i, story.some_day(i), FROM, story.pick(texts.OPERATIVE_PREPAYMENT), EMAIL)
            for _ in range(dice.integer(1, 3)):
                story.add(i, story.some_day(i), FROM, story.pick(texts.OPERATIVE_CAMERA))
            if dice.random() < 0.6:
                story.add(i, story.some_day(i), FROM, story.pick(texts.OPERATIVE_OFF_PLATFORM))
            if dice.random() < 0.5:
                story.add(i, story.some_day(i), FROM, story.pick(texts.OPERATIVE_CRYPTO), EMAIL)
            story.add(i, story.some_day(i), TO, story.pick(texts.MANAGER_NUDGES))
            if ended:
                # Let go, they threaten to leak the code they still hold.
                after = min(days - 1, int(population.end_day[i]) + dice.integer(1, 6))
                story.add(i, after, FROM, story.pick(texts.OPERATIVE_THREAT), EMAIL)
        elif g == MODERATE:
            if dice.random() < 0.6:
                story.add(i, story.some_day(i), FROM, story.pick(texts.OPERATIVE_CAMERA))
            if dice.random() < 0.3:
                story.add(i, story.some_day(i), FROM, story.pick(texts.OPERATIVE_OFF_PLATFORM))
            if dice.random() < 0.5:
                story.add(i, story.some_day(i), TO, story.pick(texts.MANAGER_NUDGES))
    return story


def message_rows(population: Population, trip_first: Ints, seed: int) -> dict[str, pa.Array]:
    rng = stream(seed, "messages")
    from_pool = _expand(rng, texts.FROM_WORKER)
    to_pool = _expand(rng, texts.TO_WORKER)
    active_days = np.maximum(population.last_day - population.first_day + 1, 0)
    counts = np.where(population.active, rng.poisson(0.45 * active_days), 0)
    w = np.repeat(np.arange(population.n, dtype=np.int64), counts)
    day = spread_days(rng, population, w)
    direction = (rng.random(w.size) >= 0.55).astype(np.int64)
    text = np.where(
        direction == FROM,
        rng.integers(0, len(from_pool), w.size),
        len(from_pool) + rng.integers(0, len(to_pool), w.size),
    )
    channel = rng.choice(3, w.size, p=(0.8, 0.12, 0.08))

    story = _stories(Dice(rng), population, trip_first)
    story_texts = sorted({row[4] for row in story.rows})
    table = from_pool + to_pool + story_texts
    where = {t: k for k, t in enumerate(table)}
    if story.rows:
        sw, sday, sdir, schan, stext = zip(*story.rows, strict=True)
        w = np.concatenate([w, np.asarray(sw, dtype=np.int64)])
        day = np.concatenate([day, np.asarray(sday, dtype=np.int64)])
        direction = np.concatenate([direction, np.asarray(sdir, dtype=np.int64)])
        channel = np.concatenate([channel, np.asarray(schan, dtype=np.int64)])
        text = np.concatenate([text, np.asarray([where[t] for t in stext], dtype=np.int64)])
    ts = working_seconds(rng, population, w, day)

    order = np.lexsort((ts, w))
    return {
        "worker_id": encoded(population.id_array, w[order]),
        "ts": iso_utc(ts[order]),
        "direction": encoded(_DIRECTIONS, direction[order]),
        "channel": encoded(_CHANNELS, channel[order]),
        "text": encoded(pa.array(table, type=pa.string()), text[order]),
    }
