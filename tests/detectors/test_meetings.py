"""Meetings: cameras off against the organisation's habit, interviews without video, no-shows and
in-person days avoided; who is flagged and which look-alikes are not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.detectors.cases import Case, check_case, meeting, verification, workers
from unmask.enrich import Intelligence
from unmask.store import Workspace

ONSITE = "in-person team day at the office"


def met(wid: str, day: int, notes: str | None = None, **fields: Any) -> dict[str, Any]:
    """A meeting on 2026-08-``day`` with ``notes``."""
    return {**meeting(wid, day, **fields), "notes": notes}


def standups(wid: str, off: int, total: int = 10) -> list[dict[str, Any]]:
    """``total`` attended standups, the camera off in the first ``off``."""
    return [meeting(wid, d, camera=d > off) for d in range(1, total + 1)]


TEAM = [f"team{i}" for i in range(8)]  # ordinary colleagues: camera off one time in ten

CASES = [
    Case(
        "camera off far above the organisation's 10-20%; camera-shy just above the bar weighs little; "
        "too few meetings; interviews and in-person days do not count",
        "meeting_camera_off",
        {
            "workers": workers("off", "shy", "few", "mixed", *TEAM),
            "meetings": standups("off", 10)
            + standups("shy", 6)
            + standups("few", 3, total=3)
            # camera on at standups; off at the interview and (no camera there) at onsite days
            + standups("mixed", 0, total=5)
            + [meeting("mixed", 20, camera=False, kind="interview")]
            + [met("mixed", d, ONSITE, camera=False, kind="other") for d in range(21, 25)]
            + [m for w in TEAM for m in standups(w, 1)],
        },
        {"off": (1.0, 1.0), "shy": (0.3, 0.5)},
        ("few", "mixed", *TEAM),
        {"meetings"},
    ),
    Case(
        "an organisation that mostly keeps cameras off: 70% off is its habit, not a red flag",
        "meeting_camera_off",
        {
            "workers": workers("usual", "dark", *TEAM),
            "meetings": standups("usual", 7)
            + standups("dark", 10)
            + [m for w in TEAM for m in standups(w, 6)],
        },
        {"dark": (0.3, 1.0)},
        ("usual", *TEAM),
        {"meetings"},
    ),
    Case(
        "camera off or refused at an interview (kind or notes); camera-shy at standups only; "
        "a no-show; an offer declined after a video call; a standup that discussed interviews",
        "interview_camera_refused",
        {
            "workers": workers("off", "refused", "tech", "shy", "absent", "offer", "planner"),
            "meetings": [
                meeting("off", 3, camera=False, kind="interview"),
                met("refused", 3, "Candidate declined to turn on the camera", camera=None, kind="interview"),
                met("tech", 4, "technical interview; would not use the webcam", camera=False, kind="other"),
                meeting("shy", 3, camera=True, kind="interview"),
                *standups("shy", 8),
                meeting("absent", 3, attended=False, camera=None, kind="interview"),
                met("offer", 3, "declined the offer after the video call", camera=True, kind="interview"),
                met("planner", 3, "went over the interview schedule", camera=False),
            ],
        },
        {"off": (0.7, 0.7), "refused": (1.0, 1.0), "tech": (1.0, 1.0)},
        ("shy", "absent", "offer", "planner"),
        {"meetings"},
    ),
    Case(
        "no-shows; one missed meeting; in-person days missed are in_person_avoided's, not this",
        "meeting_no_show",
        {
            "workers": workers("ghost", "once", "ok", "office"),
            "meetings": [meeting("ghost", d, attended=d % 2 == 0, camera=None) for d in range(1, 9)]
            + [meeting("once", d, attended=d != 3) for d in range(1, 9)]
            + [meeting("ok", d) for d in range(1, 9)]
            + [meeting("office", d) for d in range(1, 6)]
            + [met("office", d, ONSITE, attended=False, camera=None, kind="other") for d in (10, 17, 24)],
        },
        {"ghost": (0.5, 1.0)},
        ("once", "ok", "office"),
        {"meetings"},
    ),
    Case(
        "in-person days missed or declined; sick on one of three; remote meetings missed; the "
        "meeting booked for a refused in-person identity check (verification's finding)",
        "in_person_avoided",
        {
            "workers": workers("avoider", "decliner", "sick", "remote", "checked", "regular"),
            "meetings": [
                met("avoider", d, ONSITE, attended=False, camera=None, kind="other") for d in (5, 12, 19)
            ]
            + [
                met(
                    "decliner",
                    6,
                    "Onsite workshop: declined, asked to join remotely",
                    kind="other",
                    camera=None,
                )
            ]
            + [met("sick", d, ONSITE, attended=d != 12, camera=None, kind="other") for d in (5, 12, 19)]
            + [met("remote", d, "remote sync, not in person", attended=False) for d in (5, 12, 19)]
            + [met("checked", 2, "in person ID check at the office", attended=False, camera=None)]
            + [met("regular", d, ONSITE, camera=None, kind="other") for d in (5, 12)],
            "verifications": [verification("checked", "in_person", "refused")],
        },
        {"avoider": (1.0, 1.0), "decliner": (0.5, 0.5)},
        ("sick", "remote", "checked", "regular"),
        {"meetings"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)
