"""Reachability: slow answers in the claimed working day and deadlines the organisation chases;
who is flagged and which look-alikes (night owls, weekend or late messages, people who left) are not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.detectors.cases import Case, check_case, meeting, message, worker, workers
from unmask.enrich import Intelligence
from unmask.store import Workspace

# Weekdays of August 2026 (the 3rd is a Monday); 15:00Z is 10:00 in the workers' claimed Chicago.
WEEKDAYS = (3, 4, 5, 6, 7, 10, 11, 12, 13, 14)
ASKED_AT = dt.datetime(2026, 8, 1, 15, tzinfo=dt.UTC)


def said(wid: str, at: dt.datetime, text: str, direction: str, channel: str = "slack") -> dict[str, Any]:
    stamp = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {**message(wid, text, direction), "ts": stamp, "channel": channel}


def exchanges(
    wid: str,
    reply_after_hours: float | None,
    days: tuple[int, ...] = WEEKDAYS,
    hour: int = 15,
    month: int = 8,
) -> list[dict[str, Any]]:
    """The organisation asks on each of ``days`` of 2026-``month`` at ``hour`` UTC; the worker answers
    after the delay (never, when ``None``)."""
    rows = []
    for day in days:
        asked = ASKED_AT.replace(month=month, day=day, hour=hour)
        rows.append(said(wid, asked, "can you take a look at the failing pipeline?", "to_worker"))
        if reply_after_hours is not None:
            answer = asked + dt.timedelta(hours=reply_after_hours)
            rows.append(said(wid, answer, "on it", "from_worker"))
    return rows


TEAM = [f"team{i}" for i in range(8)]  # answer within half an hour
DATA_END = said("team0", dt.datetime(2026, 9, 3, 23, tzinfo=dt.UTC), "thanks!", "from_worker")

CASES = [
    Case(
        "answers a day later or never; a night owl answering in the evening; messages outside the "
        "claimed working day, after the worker left, or too recent to be answered yet; too few",
        "slow_responses",
        {
            "workers": [
                *workers("slow", "silent", "owl", "after_hours", "weekend", "recent", "few", *TEAM),
                worker("left", end_date="2026-08-05"),
            ],
            "messages": exchanges("slow", 20)
            + exchanges("silent", None)
            + exchanges("owl", 11)  # 21:00 in Chicago
            + exchanges("after_hours", 30, hour=3)  # asked at 22:00 in Chicago
            + exchanges("weekend", 40, days=(1, 2, 8, 9, 15, 16))
            + exchanges("left", 0.5, days=(3, 4, 5))
            + exchanges("left", None, days=(6, 7, 10, 11, 12, 13, 14))
            + exchanges("recent", None, days=(1, 2, 3), hour=14, month=9)
            + exchanges("recent", None, days=(1, 2, 3), hour=16, month=9)
            + exchanges("few", None, days=(3, 4, 5))
            + [m for w in TEAM for m in exchanges(w, 0.5)]
            + [DATA_END],
        },
        {"slow": (0.8, 0.9), "silent": (1.0, 1.0)},
        ("owl", "after_hours", "weekend", "left", "recent", "few", *TEAM),
        {"messages"},
    ),
    Case(
        "answers on another channel than asked count as unanswered there",
        "slow_responses",
        {
            "workers": workers("elsewhere", *TEAM),
            "messages": [
                {**m, "channel": "email"} if m["direction"] == "from_worker" else m
                for m in exchanges("elsewhere", 0.5)
            ]
            + [m for w in TEAM for m in exchanges(w, 0.5)]
            + [DATA_END],
        },
        {"elsewhere": (1.0, 1.0)},
        tuple(TEAM),
        {"messages"},
    ),
]


def chased(wid: str, day: int, text: str, direction: str = "to_worker") -> dict[str, Any]:
    return said(wid, ASKED_AT.replace(day=day), text, direction)


def noted(wid: str, day: int, notes: str) -> dict[str, Any]:
    return {**meeting(wid, day, kind="one_on_one"), "notes": notes}


ORDINARY_REMINDERS = [
    "reminder: the deadline for API-7 is Friday",
    "thanks for delivering ahead of the deadline",
    "don't miss the deadline for timesheets",
    "we're waiting for QA to sign off",
    "your invoice is due next week",
    "sorry, the payment was due yesterday, it goes out today",
    "the laptop wasn't delivered yet? I'll chase the courier",
]

CASES += [
    Case(
        "deadlines chased in messages and meeting notes on separate occasions; a single occasion "
        "chased twice; ordinary reminders; the worker's own apologies",
        "missed_deadlines",
        {
            "workers": workers("chased", "noted", "once", "reminded", "apologetic"),
            "messages": [
                chased("chased", 3, "API-123 missed the deadline again, what happened?"),
                chased("chased", 4, "Still waiting for the deliverable for API-123"),
                chased("chased", 14, "This was due yesterday, any update?"),
                chased("once", 3, "we're past the deadline on WEB-9 and haven't heard from you"),
                chased("once", 5, "WEB-9 still isn't delivered"),
            ]
            + [chased("reminded", d, t) for d, t in enumerate(ORDINARY_REMINDERS, start=3)]
            + [chased("apologetic", d, "sorry, I missed the deadline", "from_worker") for d in (3, 10, 17)],
            "meetings": [
                noted("chased", 24, "the deliverable is two weeks late"),
                noted("noted", 5, "missed the sprint deadline, says it is almost done"),
                noted("noted", 19, "payments epic is overdue; the tickets are still late"),
            ],
        },
        {"chased": (0.75, 0.75), "noted": (0.5, 0.5)},
        ("once", "reminded", "apologetic"),
        {"messages", "meetings"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)
