"""Meetings: cameras kept off and meetings not attended."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, pct


def _camera_off_sql(s: Settings) -> str:
    return f"""
    SELECT m.worker_id,
           count(*) AS meetings_attended,
           count(*) FILTER (WHERE NOT m.camera_on) AS camera_off,
           camera_off / meetings_attended AS camera_off_rate,
           bool_or(m.kind = 'interview' AND NOT m.camera_on) AS camera_off_at_interview,
           least(1.0, 0.5 + (camera_off_rate - {s["min_rate"]}) / (1 - {s["min_rate"]})) AS strength,
           {evidence("m", "meetings", where="NOT m.camera_on")}
    FROM meetings m
    WHERE m.attended IS NOT false AND m.camera_on IS NOT NULL
    GROUP BY m.worker_id
    HAVING meetings_attended >= {s["min_meetings"]} AND camera_off_rate >= {s["min_rate"]}
    """


def _camera_off_detail(r: Mapping[str, Any]) -> str:
    text = (
        f"Camera was off in {r['camera_off']} of {r['meetings_attended']} attended meetings "
        f"({pct(r['camera_off_rate'])})"
    )
    return text + (", including the interview." if r["camera_off_at_interview"] else ".")


CAMERA_OFF = Detector(
    id="meeting_camera_off",
    title="Camera kept off in meetings",
    description="Share of attended meetings with the camera off, including interviews. "
    "Advisories name reluctance to appear on camera as a red flag.",
    category="meetings",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("meetings",),
    sql=_camera_off_sql,
    detail=_camera_off_detail,
    settings={"min_meetings": 3, "min_rate": 0.5},
)


def _no_show_sql(s: Settings) -> str:
    return f"""
    SELECT m.worker_id,
           count(*) AS meetings_scheduled,
           count(*) FILTER (WHERE m.attended = false) AS missed,
           missed / meetings_scheduled AS missed_rate,
           least(1.0, missed_rate / 0.6) AS strength,
           {evidence("m", "meetings", where="m.attended = false")}
    FROM meetings m
    WHERE m.attended IS NOT NULL
    GROUP BY m.worker_id
    HAVING missed >= {s["min_missed"]} AND missed_rate >= {s["min_rate"]}
    """


NO_SHOW = Detector(
    id="meeting_no_show",
    title="Misses scheduled meetings",
    description="Share of scheduled meetings the worker did not attend.",
    category="meetings",
    references=(ref.FBI_PSA_2023,),
    tables=("meetings",),
    sql=_no_show_sql,
    detail=lambda r: (
        f"Missed {r['missed']} of {r['meetings_scheduled']} scheduled meetings ({pct(r['missed_rate'])})."
    ),
    settings={"min_missed": 2, "min_rate": 0.25},
)
