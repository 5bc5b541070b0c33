"""Chat and e-mail: ordinary work talk for everyone, plus the few messages each story needs.

Ordinary messages are drawn vectorised from shared pools. The story messages
(a traveller's heads-up, an operative's prepayment request or extortion after
being let go) are few, so they are listed one by one and then timed together.

The organisation writes to a worker in the working day of the timezone the
worker *claims*, and the worker answers on the same channel when they are next
at work in the timezone they really live in: at once for most people, in the
evening for night owls, hours or a day later for operatives who live on UTC+8/+9
and juggle several jobs (and sometimes never). Managers also chase missed
deliveries, operatives' far more often.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import DAY_SECONDS, START_SECONDS, iso_utc, weekday
from unmask.demo.dice import Dice
from unmask.demo.events import on_weekday, per_group
from unmask.demo.schedule import at_local_hour, spread_days, working_seconds
from unmask.demo.world import CAREFUL, GROUPS, HARD_LEGIT, MODERATE, SLOPPY, TRAVELLER, Population, stream
from unmask.demo.writer import encoded

Ints = npt.NDArray[np.int64]
_CHANNELS = pa.array(["slack", "email", "jira"], type=pa.string())
_DIRECTIONS = pa.array(["from_worker", "to_worker"], type=pa.string())
FROM, TO = 0, 1
SLACK, EMAIL = 0, 1

# Answers to the organisation's messages.
REPLIES = (
    "on it",
    "will do",
    "sure, looking now",
    "done, thanks",
    "thanks!",
    "ok, I'll update the ticket",
    "yes, I can take it",
    "sounds good",
)
# A manager chasing a late delivery; ``missed_deadlines`` must recognise each.
CHASERS = (
    "{ticket_key} missed the deadline again, what happened?",
    "still waiting for the deliverable for {ticket_key}",
    "this was due yesterday, any update on {ticket_key}?",
    "we're past the deadline on {ticket_key} and haven't heard from you",
    "{ticket_key} still isn't delivered, the sprint ended on Friday",
)
# How a worker answers, by group: hours before they look once at work, the chance they put it off
# to their next working day (other jobs come first), and the chance they never answer.
REPLY_LAG_HOURS = per_group(
    0.4, legit_night_owl=0.7, operative_sloppy=5.0, operative_moderate=3.0, operative_careful=0.8
)
OFF_HOURS_ANSWER = per_group(0.5, operative_sloppy=0.1, operative_moderate=0.15, operative_careful=0.3)
PUT_OFF = per_group(0.03, operative_sloppy=0.45, operative_moderate=0.3, operative_careful=0.06)
NEVER_ANSWERED = per_group(0.02, operative_sloppy=0.2, operative_moderate=0.1, operative_careful=0.03)
# Late deliveries the organisation chases over 60 days.
CHASED = per_group(0.02, operative_sloppy=2.5, operative_moderate=1.6, operative_careful=0.3)


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
    # Drawn after everything above, so that adding them left the earlier messages as they were:
    # pay to someone else's account, and the company laptop sent on to another address.
    for i in np.flatnonzero(population.active & population.operative).tolist():
        switch, reship = _LATE_ASKS[int(group[i])]
        if dice.random() < switch:
            story.add(i, story.some_day(i), FROM, story.pick(texts.OPERATIVE_PAYOUT_SWITCH), EMAIL)
        if dice.random() < reship:
            story.add(i, story.some_day(i), FROM, story.pick(texts.OPERATIVE_RESHIPPING), EMAIL)
    return story


# Chance that an operative of each tier asks to switch the payout account / to reship the laptop.
_LATE_ASKS = {SLOPPY: (0.4, 0.3), MODERATE: (0.2, 0.15), CAREFUL: (0.05, 0.0)}


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
    ordinary = w.size

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

    # Conversations draw from a stream of their own, so the rows above keep their values.
    talk = stream(seed, "messages", 1)
    chasers = _expand(talk, CHASERS)
    first_chaser, first_reply = len(table), len(table) + len(chasers)
    table += chasers + list(REPLIES)
    c_w, c_day = _chased(talk, population)
    c_text = first_chaser + talk.integers(0, len(chasers), c_w.size)

    # The organisation writes in the claimed working day: ordinary messages to the worker, and chasers.
    asked = np.flatnonzero((np.arange(w.size) < ordinary) & (direction == TO))
    a_w = np.concatenate([w[asked], c_w])
    a_day = on_weekday(population, a_w, np.concatenate([day[asked], c_day]))
    a_ts = at_local_hour(population, a_w, a_day, talk.uniform(8.0, 18.5, a_w.size), claimed=True)
    a_channel = np.concatenate([channel[asked], np.full(c_w.size, SLACK)])
    ts[asked] = a_ts[: asked.size]
    r_ts, answered = _answers(talk, population, a_w, a_day, a_ts)

    w = np.concatenate([w, c_w, a_w[answered]])
    ts = np.concatenate([ts, a_ts[asked.size :], r_ts[answered]])
    n_replies = int(answered.sum())
    direction = np.concatenate([direction, np.full(c_w.size, TO), np.full(n_replies, FROM)])
    channel = np.concatenate([channel, np.full(c_w.size, SLACK), a_channel[answered]])
    text = np.concatenate([text, c_text, first_reply + talk.integers(0, len(REPLIES), n_replies)])

    order = np.lexsort((ts, w))
    return {
        "worker_id": encoded(population.id_array, w[order]),
        "ts": iso_utc(ts[order]),
        "direction": encoded(_DIRECTIONS, direction[order]),
        "channel": encoded(_CHANNELS, channel[order]),
        "text": encoded(pa.array(table, type=pa.string()), text[order]),
    }


def _chased(rng: np.random.Generator, population: Population) -> tuple[Ints, Ints]:
    """(worker, day) of each message chasing a late delivery; half get a second chaser the next day."""
    active_days = np.maximum(population.last_day - population.first_day + 1, 0)
    late = np.where(population.active, rng.poisson(CHASED[population.group] * active_days / 60), 0)
    w = np.repeat(np.arange(population.n, dtype=np.int64), late)
    day = spread_days(rng, population, w)
    again = rng.random(w.size) < 0.5
    return np.concatenate([w, w[again]]), np.concatenate(
        [day, np.minimum(day[again] + 1, population.last_day[w[again]])]
    )


def _answers(
    rng: np.random.Generator, population: Population, w: Ints, day: Ints, asked: Ints
) -> tuple[Ints, npt.NDArray[np.bool_]]:
    """When each worker answers a message sent at ``asked`` (UTC seconds), and whether they do."""
    group = population.group[w]
    offset = population.offsets.minutes(population.act_tz[w], day) * 60
    hour = ((asked + offset) % DAY_SECONDS) / 3600
    start, span = population.work_start[w], population.work_span[w]
    # At work now (the working day may run past midnight); awake off hours, some glance at their phone;
    # asleep (the eight hours before the hour ahead of work), it waits for the next start.
    at_work = (hour - start) % 24 < span
    asleep = (start - 1 - hour) % 24 < 8
    glance = ~asleep & (rng.random(w.size) < OFF_HOURS_ANSWER[group])
    wait = np.where(at_work | glance, 0.0, (start - hour) % 24)
    hours = wait + rng.exponential(REPLY_LAG_HOURS[group]) + 24.0 * (rng.random(w.size) < PUT_OFF[group])
    answer = asked + (hours * 3600).astype(np.int64)
    # A weekend in the worker's own week waits for Monday, unless they work weekends.
    local_weekday = weekday((answer + offset - START_SECONDS) // DAY_SECONDS)
    rests = (local_weekday >= 5) & (rng.random(w.size) >= population.weekend_rate[w])
    answer += np.where(rests, (7 - local_weekday) * DAY_SECONDS, 0)
    still_there = answer < START_SECONDS + (population.last_day[w] + 1) * DAY_SECONDS
    answered = (rng.random(w.size) >= NEVER_ANSWERED[group]) & still_there
    return np.asarray(answer, dtype=np.int64), np.asarray(answered, dtype=np.bool_)
