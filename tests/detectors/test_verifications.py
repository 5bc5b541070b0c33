"""Identity checks: refused, failed, passed, and requested but never completed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.detectors.cases import Case, check_case, signin, verification, workers
from unmask.enrich import Intelligence
from unmask.store import Workspace


def check(wid: str, kind: str, outcome: str, date: str) -> dict[str, Any]:
    """A check with an outcome on ``date`` (YYYY-MM-DD)."""
    return {**verification(wid, kind, outcome), "ts": f"{date}T15:00:00Z"}


CASES = [
    Case(
        "refused and failed checks",
        "verification_refused_or_failed",
        {
            "workers": workers("refuser", "failer", "passer", "pending"),
            "verifications": [
                verification("refuser", "live_video_id", "refused"),
                verification("refuser", "in_person", "refused"),
                verification("failer", "background_check", "failed"),
                verification("passer", "live_video_id", "passed"),
                verification("pending", "in_person", "pending"),
            ],
        },
        {"refuser": (1.0, 1.0), "failer": (0.5, 0.5)},
        ("passer", "pending"),
        {"verifications"},
    ),
    Case(
        "passed checks mitigate, in person most",
        "verification_passed",
        {
            "workers": workers("met", "video", "refused"),
            "verifications": [
                verification("met", "in_person", "passed"),
                verification("met", "background_check", "passed"),
                verification("video", "live_video_id", "passed"),
                verification("refused", "live_video_id", "refused"),
            ],
        },
        {"met": (1.0, 1.0), "video": (0.7, 0.7)},
        ("refused",),
        {"verifications"},
    ),
    Case(
        "checks pending for weeks up to the last sign-in (a slow background check weighs less; an old pass "
        "does not answer a new request); one answered later, a recent one and a refused one are not",
        "verification_pending_too_long",
        {
            "workers": workers(
                "stalled", "other_kind", "slow_bg", "resolved", "recent", "refused", "recheck"
            ),
            "verifications": [
                check("stalled", "live_video_id", "pending", "2026-08-02"),
                check("other_kind", "in_person", "pending", "2026-08-02"),
                check("other_kind", "background_check", "passed", "2026-08-20"),
                check("slow_bg", "background_check", "pending", "2026-09-02"),
                check("resolved", "live_video_id", "pending", "2026-08-02"),
                check("resolved", "live_video_id", "passed", "2026-08-09"),
                check("recent", "in_person", "pending", "2026-09-25"),
                check("refused", "in_person", "pending", "2026-08-02"),
                check("refused", "in_person", "refused", "2026-08-16"),
                check("recheck", "background_check", "passed", "2026-03-01"),
                check("recheck", "background_check", "pending", "2026-09-01"),
            ],
            # "Now" is the latest event in the data, here a sign-in, never the wall clock.
            "signins": [signin("recent", "2026-09-30T15:00:00Z", "8.8.8.8")],
        },
        {"stalled": (1.0, 1.0), "other_kind": (1.0, 1.0), "slow_bg": (0.45, 0.45), "recheck": (0.46, 0.47)},
        ("resolved", "recent", "refused"),
        {"verifications"},
    ),
    Case(
        "without later events, now is the latest check: a week-old request is not overdue, a stale one is",
        "verification_pending_too_long",
        {
            "workers": workers("week", "stale", "other"),
            "verifications": [
                check("week", "live_video_id", "pending", "2026-08-02"),
                check("stale", "live_video_id", "pending", "2026-06-25"),
                check("other", "in_person", "passed", "2026-08-09"),
            ],
        },
        {"stale": (0.9, 1.0)},
        ("week", "other"),
        {"verifications"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)
