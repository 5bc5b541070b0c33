"""Working-hours detectors on hand-made weeks: a UTC+9 worker claiming Chicago, and the look-alikes
(a Chicago night owl, a traveller's week in Tokyo, a short history, an Indian half-hour zone)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.detectors.cases import HOME_IP, Case, Rows, check_case, signin, worker
from unmask.enrich import Intelligence
from unmask.store import Workspace

MONDAY = dt.date(2026, 8, 3)
EVENT_TABLES = {"signins", "commits", "messages", "meetings"}


def _instants(
    tz: str, start: float, span: float, *, weeks: int = 5, per_day: int = 3, first_week: int = 0
) -> Iterator[dt.datetime]:
    """UTC instants of ``per_day`` events a weekday, spread over local ``start``..``start + span`` hours."""
    zone = zoneinfo.ZoneInfo(tz)
    for week in range(first_week, first_week + weeks):
        for weekday in range(5):
            day = MONDAY + dt.timedelta(days=7 * week + weekday)
            for j in range(per_day):
                hours = start + span * (j + 0.5) / per_day + ((weekday * 7 + j * 3) % 5 - 2) / 10
                local = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hours)
                yield local.replace(tzinfo=zone).astimezone(dt.UTC)


def signins(wid: str, tz: str, start: float, span: float, **kw: Any) -> Rows:
    return [signin(wid, t.strftime("%Y-%m-%dT%H:%M:%SZ"), HOME_IP) for t in _instants(tz, start, span, **kw)]


def commits(wid: str, tz: str, start: float, span: float, clock: str, **kw: Any) -> Rows:
    """Commits whose recorded offset is the machine clock ``clock``, wherever the author is."""
    zone = zoneinfo.ZoneInfo(clock)
    return [
        {"worker_id": wid, "ts": t.astimezone(zone).isoformat(), "repo": "api", "author_name": wid}
        for t in _instants(tz, start, span, per_day=1, **kw)
    ]


CHICAGO, SEOUL, TOKYO, KOLKATA = "America/Chicago", "Asia/Seoul", "Asia/Tokyo", "Asia/Kolkata"

WEEKS: dict[str, Rows] = {
    "workers": [
        *(worker(w) for w in ("remote", "careful", "owl", "traveller", "few", "home")),
        worker("kolkata", claimed_country="IN", claimed_timezone=KOLKATA),
    ],
    "signins": signins("remote", SEOUL, 9, 9)
    + signins("careful", SEOUL, 9, 9)
    + signins("owl", CHICAGO, 19, 7)
    + signins("traveller", CHICAGO, 8.5, 8.5, weeks=4)
    + signins("traveller", TOKYO, 9, 8, weeks=1, first_week=4)
    + signins("few", SEOUL, 9, 9, weeks=1)
    + signins("home", CHICAGO, 8.5, 8.5)
    + signins("kolkata", KOLKATA, 9.5, 8.5),
    "commits": commits("remote", SEOUL, 9, 9, SEOUL)
    + commits("careful", SEOUL, 9, 9, CHICAGO)  # git clock set to the claimed zone
    + commits("owl", CHICAGO, 19, 7, CHICAGO),
}

CASES = [
    Case(
        "a UTC+9 week claiming Chicago; a night owl, a traveller, a short history, Kolkata are not",
        "hours_offset_mismatch",
        WEEKS,
        {"remote": (0.8, 1.0), "careful": (0.3, 0.6)},  # careful: its git clock agrees with the claim
        ("owl", "traveller", "few", "home", "kolkata"),
        EVENT_TABLES,
    ),
    Case(
        "most events outside the claimed business day: the UTC+9 worker and the night owl",
        "hours_outside_claimed_day",
        WEEKS,
        {"remote": (0.9, 1.0), "owl": (0.9, 1.0)},
        ("traveller", "few", "home", "kolkata"),
        EVENT_TABLES,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)
