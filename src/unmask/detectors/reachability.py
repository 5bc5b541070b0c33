"""Reachability: slow to answer in the working day they claim, and deadlines the organisation chases.

Someone who lives hours away from the timezone they claim, or who quietly holds
several jobs at once, answers messages sent in the claimed working day hours
later, and misses deliveries. Both are weak on their own: night owls, part-timers
and overloaded people do the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, held_rows


def _slow_sql(s: Settings) -> str:
    cap = float(s["cap_hours"])
    # A message sent less than cap_hours before the data ends may not have been answered *yet*.
    # The answer is the worker's next message on the same channel: walking each conversation backwards,
    # the running minimum of the worker's message times is the first at or after each message asked.
    # Local time: one ICU conversion per (timezone, UTC day), not per message (several times cheaper).
    # The day's offset at noon UTC is an hour off for a few hours around a clock change, which falls
    # at night and almost always at a weekend: outside the working day.
    return f"""
    WITH sent AS (
        SELECT t.worker_id, t.row_id, t.origin, t.ts, coalesce(t.channel, '') AS channel,
               w.claimed_timezone, t.ts::DATE AS day
        FROM messages t JOIN workers w USING (worker_id)
        WHERE t.direction = 'to_worker' AND w.claimed_timezone IS NOT NULL
          AND (w.end_date IS NULL OR t.ts < w.end_date + INTERVAL 1 DAY)
          AND t.ts <= (SELECT max(ts) FROM messages) - INTERVAL {int(cap)} HOUR
    ), offsets AS (
        SELECT claimed_timezone, day,
               date_diff('minute', day + INTERVAL 12 HOUR,
                         (day + INTERVAL 12 HOUR)::TIMESTAMPTZ AT TIME ZONE claimed_timezone) AS offset_min
        FROM (SELECT DISTINCT claimed_timezone, day FROM sent)
    ), asked AS (
        SELECT s.*, s.ts + to_minutes(o.offset_min) AS local_ts
        FROM sent s JOIN offsets o USING (claimed_timezone, day)
    ), talk AS (
        SELECT worker_id, row_id, origin, ts, channel, claimed_timezone, NULL::TIMESTAMP AS answer_ts
        FROM asked
        WHERE isodow(local_ts) <= 5
          AND hour(local_ts) >= {int(s["day_start_hour"])} AND hour(local_ts) < {int(s["day_end_hour"])}
        UNION ALL
        SELECT worker_id, NULL, NULL, ts, coalesce(channel, ''), NULL, ts
        FROM messages WHERE coalesce(direction, 'from_worker') = 'from_worker'
    ), answered AS (
        SELECT *, min(answer_ts) OVER later AS next_ts
        FROM talk
        WINDOW later AS (PARTITION BY worker_id, channel ORDER BY ts DESC, answer_ts NULLS LAST
                         ROWS UNBOUNDED PRECEDING)
    ), paired AS (
        SELECT *, least(coalesce(date_diff('second', ts, next_ts) / 3600.0, {cap}), {cap}) AS delay
        FROM answered WHERE row_id IS NOT NULL
    ), org AS (
        SELECT median(delay) AS org_median,
               greatest({float(s["min_median_hours"])}, {float(s["factor"])} * org_median) AS bar
        FROM paired
    )
    SELECT p.worker_id,
           any_value(p.claimed_timezone) AS claimed_timezone,
           count(*) AS messages_to_worker,
           median(p.delay) AS median_delay_hours,
           count(*) FILTER (WHERE p.delay >= {cap}) AS unanswered,
           any_value(o.org_median) AS org_median_delay_hours,
           least(1.0, 0.5 * median_delay_hours / any_value(o.bar)) AS strength,
           {evidence("p", "messages", where="p.delay >= o.bar")}
    FROM paired p CROSS JOIN org o
    GROUP BY p.worker_id
    HAVING messages_to_worker >= {int(s["min_messages"])} AND median_delay_hours >= any_value(o.bar)
    """


def _hours(x: Any) -> str:
    return f"{float(x):.0f} h" if float(x) >= 1.5 else f"{float(x) * 60:.0f} min"


def _slow_detail(r: Mapping[str, Any]) -> str:
    text = (
        f"Took a median of {_hours(r['median_delay_hours'])} to answer {r['messages_to_worker']} messages "
        f"sent in the claimed working day ({r['claimed_timezone']}), against "
        f"{_hours(r['org_median_delay_hours'])} across the organisation"
    )
    return text + (f"; {r['unanswered']} never answered." if r["unanswered"] else ".")


SLOW_RESPONSES = Detector(
    id="slow_responses",
    title="Slow to answer during the claimed working day",
    description="For messages the organisation sent the worker on a weekday between day_start_hour and "
    "day_end_hour of the claimed timezone, the time to the worker's next message on the same channel "
    "(none within cap_hours counts as cap_hours). Flags a median delay of at least min_median_hours and "
    "factor times the organisation's median. Night owls answer in their evening, so it is weak.",
    category="reachability",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("messages", "workers"),
    sql=_slow_sql,
    detail=_slow_detail,
    settings={
        "min_messages": 5,
        "day_start_hour": 7,
        "day_end_hour": 19,
        "min_median_hours": 12,
        "factor": 6,
        "cap_hours": 72,
    },
)

# What an organisation writes when a delivery is late, lower-case text. Things that can be late.
_WORK = (
    r"(deliverables?|tasks?|tickets?|features?|milestones?|work|code|fix|prs?|pull requests?|reports?"
    r"|[a-z]+-[0-9]+)"
)
DEADLINE_PHRASES: dict[str, str] = {
    "missed": r"\bmiss(ed|ing) (the |a |another |our |your |this |its |their )?([a-z]+ )?"
    r"(deadline|due date|delivery date|milestone|commitment)",
    "still_waiting": r"\bstill waiting (for|on) [^.?!]{0,40}\b(deliverables?|delivery|code|prs?|pull request"
    r"|fix|feature|handover|hand-off|work|update|report|build)\b",
    "was_due": rf"\b(this|it|that|which|{_WORK}) (was|were) due\b",
    "past_deadline": r"\b(past|blew( through)?) (the |its |our )?deadline"
    r"|\bdeadline (has |had )?(passed|slipped)",
    "late": rf"\b{_WORK} (is|are|was|were) (still |now )?([a-z0-9]+ ){{0,2}}(overdue|past due|late)\b",
    "undelivered": rf"\b{_WORK} (still )?(is ?n[o']?t|are ?n[o']?t|was ?n[o']?t|ha(s|ve) ?n[o']?t been"
    r"|not|never) (yet )?(been )?(delivered|submitted|finished|handed (in|over))\b",
}
_DEADLINE_REGEX = "|".join(f"({p})" for p in DEADLINE_PHRASES.values()).replace("'", "''")


def _says_deadline_missed(column: str) -> str:
    return f"regexp_matches(lower({column}), '{_DEADLINE_REGEX}')"


def _deadlines_sql(s: Settings) -> str:
    return f"""
    WITH hits AS (
        SELECT m.worker_id, 'messages' AS tbl, m.row_id, m.origin, m.ts, m.text AS said
        FROM messages m
        WHERE m.direction = 'to_worker' AND {_says_deadline_missed("m.text")}
        UNION ALL
        SELECT e.worker_id, 'meetings', e.row_id, e.origin, e.ts, e.notes
        FROM meetings e
        WHERE e.notes IS NOT NULL AND {_says_deadline_missed("e.notes")}
    ), marked AS (
        -- Chasers a few days apart are about the same delivery: one occasion.
        SELECT *, coalesce(ts - lag(ts) OVER (PARTITION BY worker_id ORDER BY ts)
                           > INTERVAL {int(s["same_occasion_days"])} DAY, true) AS new_occasion
        FROM hits
    )
    SELECT worker_id,
           count(*) FILTER (WHERE new_occasion) AS occasions,
           count(*) AS mentions,
           arg_min(said, ts) AS first_said,
           least(1.0, occasions / {float(s["full_strength_occasions"])}) AS strength,
           {held_rows()}, count(*) AS evidence_total
    FROM marked
    GROUP BY worker_id
    HAVING occasions >= {int(s["min_occasions"])}
    """


def _deadlines_detail(r: Mapping[str, Any]) -> str:
    said = str(r["first_said"])
    said = said if len(said) <= 90 else said[:87] + "..."
    return (
        f"Missed deadlines noted on {r['occasions']} separate occasions ({r['mentions']} messages to the "
        f'worker or meeting notes), e.g. "{said}".'
    )


MISSED_DEADLINES = Detector(
    id="missed_deadlines",
    title="Misses deadlines",
    description="The organisation's messages to the worker or meeting notes say a deadline or delivery was "
    'missed ("missed the deadline", "still waiting for the deliverable", "this was due yesterday", '
    '"ticket is overdue"), on at least min_occasions occasions more than same_occasion_days apart. '
    "Operatives holding several jobs miss deliveries; so do overloaded people, so it is weak.",
    category="reachability",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("messages", "meetings"),
    sql=_deadlines_sql,
    detail=_deadlines_detail,
    settings={"min_occasions": 2, "full_strength_occasions": 4, "same_occasion_days": 3},
)
