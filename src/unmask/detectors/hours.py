"""Working hours: when a worker acts, against the timezone they claim to live in.

Both detectors read ``activity_profile`` (enrich/activity.py): per worker, the
UTC offset that best explains the week of their sign-ins, commits, messages and
attended meetings, and the share of those events outside the claimed business
day. Each finding cites the events that fell outside the claimed day.

The advisories note DPRK IT workers keeping hours that fit UTC+8/+9 while
claiming to live in the Americas or Europe. Night owls and travellers keep odd
hours too: the inference weighs an evening rhythm as well as a daytime one, a
week abroad does not outweigh months at home, and git clocks that agree with
the claim weaken the mismatch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import EVIDENCE_SAMPLE, Detector, Settings, pct
from unmask.enrich.activity import ACTIVITY_EVENTS
from unmask.intel.rhythm import BUSINESS_END_HOUR, BUSINESS_START_HOUR


def utc_offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _outside_day(local: str) -> str:
    """SQL: the local timestamp ``local`` lies outside Monday–Friday business hours."""
    return (
        f"(isodow({local}) > 5 OR hour({local}) < {BUSINESS_START_HOUR} "
        f"OR hour({local}) >= {BUSINESS_END_HOUR})"
    )


def _earliest_rows() -> str:
    """SQL aggregate: the earliest cited rows (held with their table name in ``tbl``), as evidence.

    ``min_by(…, n)`` keeps a bounded heap per worker; ``held_rows``' DISTINCT list of every row
    costs several seconds on a million off-hours events.
    """
    ref = "{'table': tbl, 'row_id': row_id, 'origin': origin}"
    return f"min_by({ref}, ts, {EVIDENCE_SAMPLE}) AS evidence"


def _with_off_hours_evidence(candidates: str, profiles: str, columns: str) -> str:
    """SQL: ``profiles`` (reading the ``c`` rows of activity_profile that ``candidates`` picks) with
    ``columns`` and the cited events: the worker's events outside the claimed business day, read on
    the claimed clock. Only the candidates' events are read.
    """
    return f"""
    WITH c AS MATERIALIZED ({candidates}),
    p AS ({profiles}),
    ev AS (
        SELECT e.worker_id, e.tbl, e.row_id, e.origin, e.ts
        FROM ({ACTIVITY_EVENTS}) e JOIN c USING (worker_id)
        WHERE {_outside_day("e.ts + to_minutes(c.claimed_offset_min)")}
    ),
    cited AS (
        SELECT worker_id, {_earliest_rows()}, count(*) AS evidence_total FROM ev GROUP BY worker_id
    )
    SELECT p.worker_id, {columns}, cited.evidence, cited.evidence_total
    FROM p JOIN cited USING (worker_id)
    """


def _mismatch_sql(s: Settings) -> str:
    gap = "abs(inferred_offset_min - claimed_offset_min)"
    candidates = f"""
        SELECT *, {gap} AS gap_min FROM activity_profile
        WHERE claimed_offset_min IS NOT NULL AND events >= {int(s["min_events"])}
          AND confidence >= {float(s["min_confidence"])}
          AND claim_support <= {float(s["max_claim_support"])}
          AND far_from_claim >= {float(s["min_far_from_claim"])}
          AND {gap} >= {int(s["min_gap_minutes"])}
    """
    # Git clocks set to the claimed zone are weak evidence the person lives there (a careful
    # operative sets them too, so they soften rather than cancel the finding). Offset 0 is what
    # servers and CI record, not a place.
    profiles = """
        SELECT c.*, coalesce(g.commits_with_offset, 0) AS commits_with_offset,
               coalesce(g.agreeing, 0) AS git_agreeing
        FROM c LEFT JOIN (
            SELECT k.worker_id, count(*) AS commits_with_offset,
                   count(*) FILTER (WHERE abs(k.ts_offset_min - c.claimed_offset_min) <= 60) AS agreeing
            FROM commits k JOIN c USING (worker_id)
            WHERE k.ts_offset_min IS NOT NULL AND k.ts_offset_min <> 0
            GROUP BY k.worker_id
        ) g USING (worker_id)
    """
    git_agrees = (
        f"(p.commits_with_offset >= {int(s['min_commits'])} "
        f"AND p.git_agreeing >= {float(s['git_agree_rate'])} * p.commits_with_offset)"
    )
    columns = f"""
        p.events, p.inferred_offset_min, p.claimed_offset_min, p.claimed_timezone, p.confidence,
        p.claim_support, p.far_from_claim, p.rhythm, p.gap_min, p.outside_day_share, p.commits_with_offset,
        p.git_agreeing, {git_agrees} AS git_clock_agrees,
        p.far_from_claim * least(1.0, p.gap_min / {float(s["full_gap_minutes"])})
            * CASE WHEN {git_agrees} THEN {float(s["git_agrees_factor"])} ELSE 1.0 END AS strength
    """
    return _with_off_hours_evidence(candidates, profiles, columns)


def _mismatch_detail(r: Mapping[str, Any]) -> str:
    git = "; the git clock shows the claimed zone" if r["git_clock_agrees"] else ""
    return (
        f"{r['events']} events fit a working week on {utc_offset_text(int(r['inferred_offset_min']))} "
        f"({pct(r['confidence'])} sure), not the claimed {r['claimed_timezone']} "
        f"({utc_offset_text(int(r['claimed_offset_min']))}){git}."
    )


HOURS_OFFSET_MISMATCH = Detector(
    id="hours_offset_mismatch",
    title="Works on another timezone's week",
    description="The week of sign-ins, commits, messages and attended meetings fits a UTC offset at least "
    "three hours from the claimed timezone's, with the claimed offset all but ruled out (the advisories "
    "note hours fitting UTC+8/+9). Evening rhythms are weighed too, so night owls at home stay clear.",
    category="hours",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("signins", "commits", "messages", "meetings", "workers"),
    sql=_mismatch_sql,
    detail=_mismatch_detail,
    settings={
        "min_events": 30,
        "min_confidence": 0.5,
        "max_claim_support": 0.05,
        "min_far_from_claim": 0.8,
        "min_gap_minutes": 180,
        "full_gap_minutes": 360,
        "min_commits": 3,
        "git_agree_rate": 0.8,
        "git_agrees_factor": 0.6,
    },
)


def _outside_sql(s: Settings) -> str:
    candidates = f"""
        SELECT * FROM activity_profile
        WHERE events >= {int(s["min_events"])} AND outside_day_share >= {float(s["min_share"])}
    """
    columns = f"""
        p.events, p.claimed_timezone, p.claimed_offset_min, p.outside_day_share, p.weekend_share,
        least(1.0, p.outside_day_share / {float(s["full_share"])}) AS strength
    """
    return _with_off_hours_evidence(candidates, "SELECT * FROM c", columns)


HOURS_OUTSIDE_CLAIMED_DAY = Detector(
    id="hours_outside_claimed_day",
    title="Works mostly outside the claimed business day",
    description=f"A large share of sign-ins, commits, messages and attended meetings falls outside "
    f"{BUSINESS_START_HOUR:02d}:00–{BUSINESS_END_HOUR:02d}:00 Monday to Friday on the claimed timezone's "
    "clock. Night owls do this too, so it is weak on its own.",
    category="hours",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("signins", "commits", "messages", "meetings", "workers"),
    sql=_outside_sql,
    detail=lambda r: (
        f"{pct(r['outside_day_share'])} of {r['events']} events fall outside "
        f"{BUSINESS_START_HOUR:02d}:00–{BUSINESS_END_HOUR:02d}:00 Monday to Friday in the claimed "
        f"{r['claimed_timezone']} ({pct(r['weekend_share'])} on weekends)."
    ),
    settings={"min_events": 30, "min_share": 0.4, "full_share": 0.8},
)
