"""Meetings: cameras kept off, interviews without video, meetings and in-person days avoided.

Convention for in-person meetings: bundle-v1 has no meeting kind for them, so a
meeting is in person when its ``notes`` say so ("in person", "in-person",
"onsite", "on-site", "in office", "at the office", "face to face"; "not in
person" does not count), whatever its ``kind`` (the demo writes ``other``). An
in-person meeting is avoided when ``attended`` is false or its notes say the
worker declined, refused, did not show or joined remotely. In-person meetings
are judged only by ``in_person_avoided``: the camera and no-show detectors leave
them out, so one missed office day is never counted twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, pct


def _matches(column: str, pattern: str) -> str:
    """SQL: ``column`` matches a regular expression (RE2), ignoring case; NULL counts as no match.

    Most meetings have no notes: a NULL skips the expression (4x faster than matching '')."""
    return f"coalesce(regexp_matches({column}, '{pattern.replace(chr(39), chr(39) * 2)}', 'i'), false)"


IN_PERSON_WORDS = r"\b(in[- ]person|on[- ]?site|in[- ]office|at the office|face[- ]to[- ]face)\b"
NOT_IN_PERSON = r"\bnot (in[- ]person|on[- ]?site|in[- ]office)\b"
AVOIDED_WORDS = (
    r"\b(declin|refus|no[- ]show|did ?n[o']?t (show|come|attend|turn up)|stayed (remote|home)"
    r"|joined (remotely|by video|online))"
)
CAMERA_REFUSED_WORDS = (
    # the refusal and the camera close together: "declined the offer after the video call" is not one
    r"\b(refus|declin|would ?n[o']?t|unwilling|did ?n[o']?t want)[a-z]*( to)?"
    r"( turn| switch| put| use| enable| show)?( on)?( the| their| his| her| a| any)? ?(camera|webcam|video)"
    r"|\b(camera|webcam|video)s? (was |were )?(refused|declined)"
    r"|\bkept (the |their |his |her )?(camera|webcam|video) off"
)
# A meeting of another kind whose notes name it an interview ("interview schedule" does not).
INTERVIEW_WORDS = r"\b(technical|tech|hiring|job|screening|final|coding|panel|candidate) interview\b"


def in_person(alias: str = "m") -> str:
    """SQL predicate: the meeting's notes say it was in person (see the module docstring)."""
    notes = f"{alias}.notes"
    return f"({_matches(notes, IN_PERSON_WORDS)} AND NOT {_matches(notes, NOT_IN_PERSON)})"


def _camera_off_sql(s: Settings) -> str:
    # The bar is the organisation's own habit: where everyone keeps the camera off, nobody stands out.
    # Interviews (their own detector) and in-person meetings (no camera) are left out.
    return f"""
    WITH seen AS (
        SELECT m.worker_id, m.row_id, m.origin, m.ts, NOT m.camera_on AS off
        FROM meetings m
        WHERE m.attended IS NOT false AND m.camera_on IS NOT NULL
          AND m.kind IS DISTINCT FROM 'interview' AND NOT {in_person("m")}
    ), org AS (
        SELECT count(*) FILTER (WHERE off) / count(*) AS baseline FROM seen
    ), per_worker AS (
        SELECT m.worker_id,
               count(*) AS meetings_attended,
               count(*) FILTER (WHERE m.off) AS camera_off,
               camera_off / meetings_attended AS camera_off_rate,
               {evidence("m", "meetings", where="m.off")}
        FROM seen m
        GROUP BY m.worker_id
    )
    SELECT p.*, o.baseline AS org_camera_off_rate,
           greatest({float(s["min_rate"])}, o.baseline + {float(s["margin"])}) AS bar,
           least(1.0, 0.3 + 0.7 * (p.camera_off_rate - bar) / greatest(1.0 - bar, 0.05)) AS strength
    FROM per_worker p CROSS JOIN org o
    WHERE p.meetings_attended >= {int(s["min_meetings"])} AND p.camera_off_rate >= bar
    """


CAMERA_OFF = Detector(
    id="meeting_camera_off",
    title="Camera kept off in meetings",
    description="Share of attended meetings (interviews and in-person meetings aside) with the camera off, "
    "far above the organisation's own rate: at least min_rate and at least the organisation-wide share "
    "plus margin. Advisories name reluctance to appear on camera as a red flag; some people are simply "
    "camera-shy, so it is moderate on its own.",
    category="meetings",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("meetings",),
    sql=_camera_off_sql,
    detail=lambda r: (
        f"Camera was off in {r['camera_off']} of {r['meetings_attended']} attended meetings "
        f"({pct(r['camera_off_rate'])}), against {pct(r['org_camera_off_rate'])} across the organisation."
    ),
    settings={"min_meetings": 5, "min_rate": 0.5, "margin": 0.3},
)


def _interview_sql(s: Settings) -> str:
    named = _matches("m.notes", INTERVIEW_WORDS)
    interview = f"(m.kind = 'interview' OR {named})"
    refused = _matches("m.notes", CAMERA_REFUSED_WORDS)
    off = f"((m.attended IS NOT false AND m.camera_on = false) OR {refused})"
    return f"""
    SELECT m.worker_id,
           count(*) AS interviews_without_camera,
           count(*) FILTER (WHERE {refused}) AS refusals_noted,
           list(DISTINCT m.notes) FILTER (WHERE m.notes IS NOT NULL)[1:3] AS notes,
           least(1.0, CASE WHEN refusals_noted > 0 THEN 1.0 ELSE {float(s["off_strength"])} END
                      + 0.3 * (interviews_without_camera - 1)) AS strength,
           {evidence("m", "meetings")}
    FROM meetings m
    WHERE {interview} AND {off} AND NOT {in_person("m")}
    GROUP BY m.worker_id
    """


def _interview_detail(r: Mapping[str, Any]) -> str:
    n = r["interviews_without_camera"]
    text = f"Camera was off in {n} interview(s)" if n > 1 else "Camera was off in the interview"
    if r["refusals_noted"]:
        text += " and the notes say the camera was refused"
    notes = "; ".join(note if len(note) <= 80 else note[:77] + "..." for note in (r["notes"] or [])[:2])
    return text + (f" (notes: {notes})." if notes else ".")


INTERVIEW_CAMERA_REFUSED = Detector(
    id="interview_camera_refused",
    title="Camera off or refused at an interview",
    description="The camera was off at a hiring or technical interview (kind interview, or notes naming "
    "an interview), or the notes say the candidate refused or declined video. Advisories stress "
    "insisting on video at interviews; a broken webcam happens, so it is moderate.",
    category="meetings",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("meetings",),
    sql=_interview_sql,
    detail=_interview_detail,
    settings={"off_strength": 0.7},
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
    WHERE m.attended IS NOT NULL AND NOT {in_person("m")}
    GROUP BY m.worker_id
    HAVING missed >= {int(s["min_missed"])} AND missed_rate >= {float(s["min_rate"])}
    """


NO_SHOW = Detector(
    id="meeting_no_show",
    title="Misses scheduled meetings",
    description="Share of scheduled (remote) meetings the worker did not attend; in-person ones are "
    "left to in_person_avoided.",
    category="meetings",
    references=(ref.FBI_PSA_2023,),
    tables=("meetings",),
    sql=_no_show_sql,
    detail=lambda r: (
        f"Missed {r['missed']} of {r['meetings_scheduled']} scheduled meetings ({pct(r['missed_rate'])})."
    ),
    settings={"min_missed": 2, "min_rate": 0.25},
)


def _in_person_sql(s: Settings) -> str:
    avoided = f"(m.attended = false OR {_matches('m.notes', AVOIDED_WORDS)})"
    # A refused or failed in-person identity check is verification_refused_or_failed's finding; the
    # meeting booked for it (within a few days) is the same occasion and is not counted again.
    return f"""
    WITH met AS (
        SELECT m.*, {avoided} AS avoided
        FROM meetings m
        WHERE {in_person("m")} AND NOT EXISTS (
            SELECT 1 FROM verifications v
            WHERE v.worker_id = m.worker_id AND v.kind = 'in_person' AND v.outcome IN ('refused', 'failed')
              AND abs(date_diff('day', v.ts, m.ts)) <= {int(s["same_occasion_days"])})
    )
    SELECT m.worker_id,
           count(*) AS in_person_meetings,
           count(*) FILTER (WHERE m.avoided) AS avoided_meetings,
           avoided_meetings / in_person_meetings AS avoided_rate,
           avoided_rate * least(1.0, avoided_meetings / {float(s["full_strength_avoided"])}) AS strength,
           {evidence("m", "meetings", where="m.avoided")}
    FROM met m
    GROUP BY m.worker_id
    HAVING avoided_meetings >= {int(s["min_avoided"])} AND avoided_rate >= {float(s["min_rate"])}
    """


IN_PERSON_AVOIDED = Detector(
    id="in_person_avoided",
    title="Avoids in-person meetings",
    description="In-person meetings (notes say in person, onsite or at the office) that the worker missed "
    "or declined, when that is at least min_rate of those they were invited to. Operatives cannot "
    "appear in person; refused in-person identity checks are counted by verification_refused_or_failed.",
    category="meetings",
    references=(ref.FBI_PSA_2023, ref.FBI_PSA_2024),
    tables=("meetings", "verifications"),
    sql=_in_person_sql,
    detail=lambda r: (
        f"Missed or declined {r['avoided_meetings']} of {r['in_person_meetings']} in-person meetings "
        f"({pct(r['avoided_rate'])})."
    ),
    settings={"min_avoided": 1, "min_rate": 0.5, "full_strength_avoided": 2, "same_occasion_days": 3},
)
