"""Commits: the UTC offset git recorded is the author's clock, wherever they claim to be."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, pct


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _offset_sql(s: Settings) -> str:
    # Offset 0 is what servers, CI and containers record, not a place: it is left out.
    return f"""
    WITH c AS (
        SELECT c.worker_id, c.row_id, c.origin, c.ts, c.ts_offset_min AS recorded,
               date_diff('minute', c.ts, (c.ts::TIMESTAMPTZ AT TIME ZONE w.claimed_timezone)) AS claimed
        FROM commits c JOIN workers w USING (worker_id)
        WHERE c.ts_offset_min IS NOT NULL AND c.ts_offset_min <> 0 AND w.claimed_timezone IS NOT NULL
    )
    SELECT worker_id,
           any_value(claimed) AS claimed_offset_min,
           mode(recorded) AS usual_offset_min,
           count(*) AS commits,
           count(*) FILTER (WHERE abs(recorded - claimed) >= {int(s["min_gap_minutes"])}) AS elsewhere,
           elsewhere / commits AS elsewhere_rate,
           least(1.0, elsewhere_rate) AS strength,
           {evidence("c", "commits", where=f"abs(c.recorded - c.claimed) >= {int(s['min_gap_minutes'])}")}
    FROM c
    GROUP BY worker_id
    HAVING commits >= {int(s["min_commits"])} AND elsewhere_rate >= {float(s["min_rate"])}
    """


def _offset_detail(r: Mapping[str, Any]) -> str:
    return (
        f"{r['elsewhere']} of {r['commits']} commits ({pct(r['elsewhere_rate'])}) were made on a clock at "
        f"UTC{_offset_text(int(r['usual_offset_min']))}, not the claimed timezone's "
        f"UTC{_offset_text(int(r['claimed_offset_min']))}."
    )


COMMIT_OFFSET_MISMATCH = Detector(
    id="commit_offset_mismatch",
    title="Commits made on another timezone's clock",
    description="Git records the author's UTC offset with each commit; most commits carry an offset hours "
    "away from the claimed timezone (the advisories note work fitting UTC+8/+9). Offset 0 is ignored.",
    category="hours",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("commits", "workers"),
    sql=_offset_sql,
    detail=_offset_detail,
    settings={"min_commits": 3, "min_rate": 0.5, "min_gap_minutes": 180},
)
