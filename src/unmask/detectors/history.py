"""Work and education history: do the résumé and LinkedIn tell one story, and can it be true?

Invented identities are written more than once, by hand: an employer on the
résumé is missing from LinkedIn, the same job moves by years, two full-time
jobs run side by side, a degree is finished in a year. Dates are read as
written (``2020``, ``2020-05``, ``2020-05-17``); a year alone may mean any
month of it, so every comparison gives it the benefit of the doubt.
"""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import DATA_NOW, EVENT_TABLES, Detector, Settings, held_rows
from unmask.detectors.profiles import label, listed
from unmask.enrich.domains import jobs_of

_EDUCATION = '\'[{"school": "VARCHAR", "degree": "VARCHAR", "start": "VARCHAR", "end": "VARCHAR"}]\''


def schools_of(profiles: str) -> str:
    """One row per school in the education of ``profiles`` (the table or a subquery with its columns)."""
    return f"""
    SELECT worker_id, row_id, origin, source, item.school AS school, item.degree AS degree,
           item.start AS item_start, item."end" AS item_end FROM (
        SELECT worker_id, row_id, origin, source, unnest(from_json(education, {_EDUCATION})) AS item
        FROM {profiles} WHERE json_type(education) = 'ARRAY')
    """


def _key(expr: str) -> str:
    """Employer or school name for matching: lower case, no accents, punctuation or legal form."""
    words = r"\b(inc|llc|ltd|limited|gmbh|corp|corporation|co|company|plc|sa|ag|bv|pvt|the|of)\b"
    cleaned = f"regexp_replace(lower(strip_accents({expr})), '[^a-z0-9 ]+', ' ', 'g')"
    return f"trim(regexp_replace(regexp_replace({cleaned}, '{words}', ' ', 'g'), '\\s+', ' ', 'g'))"


_YEAR = r"TRY_CAST(nullif(regexp_extract(written, '^\s*(\d{4})', 1), '') AS INTEGER)"
_MONTH = r"TRY_CAST(nullif(regexp_extract(written, '^\s*\d{4}[-/.](\d{1,2})', 1), '') AS INTEGER)"


def items_of(profiles: str) -> str:
    """Every job and school of ``profiles`` with a key for matching its name and the earliest and
    latest month number (year × 12 + month − 1) each of its dates can mean: a bare year is any month
    of it. Names and dates repeat across people, so each distinct one is read once."""
    return f"""
    SELECT * FROM (
        WITH chosen AS MATERIALIZED (
            SELECT * FROM {profiles}
        ), listed_items AS MATERIALIZED (
            SELECT worker_id, row_id, origin, source, 'employer' AS kind, employer AS name, title AS what,
                   job_start AS started, job_end AS ended
            FROM ({jobs_of("chosen")}) WHERE employer IS NOT NULL AND trim(employer) <> ''
            UNION ALL
            SELECT worker_id, row_id, origin, source, 'school', school, degree, item_start, item_end
            FROM ({schools_of("chosen")}) WHERE school IS NOT NULL AND trim(school) <> ''
        ), names AS (
            SELECT name, {_key("name")} AS key FROM (SELECT DISTINCT name FROM listed_items)
        ), dates AS (
            SELECT written, y * 12 + coalesce(m, 1) - 1 AS lo, y * 12 + coalesce(m, 12) - 1 AS hi
            FROM (SELECT written, {_YEAR} AS y, CASE WHEN {_MONTH} BETWEEN 1 AND 12 THEN {_MONTH} END AS m
                  FROM (SELECT started AS written FROM listed_items UNION SELECT ended FROM listed_items))
        )
        SELECT i.*, n.key, s.lo AS start_lo, s.hi AS start_hi, e.lo AS end_lo, e.hi AS end_hi
        FROM listed_items i JOIN names n USING (name)
        LEFT JOIN dates s ON s.written = i.started LEFT JOIN dates e ON e.written = i.ended)
    """


# The latest moment the data knows of (profiles' creation dates count too): "in the future" is judged
# against it, never the wall clock.
LATEST_MONTH = f"""
    SELECT year(latest) * 12 + month(latest) - 1 AS now_month FROM (
        SELECT greatest({DATA_NOW}, (SELECT max(created_at) FROM profiles)) AS latest)
"""


def _gap(a: str, b: str, bound: str) -> str:
    """Least number of months between two written dates, given what each can mean."""
    return f"greatest({a}.{bound}_lo - {b}.{bound}_hi, {b}.{bound}_lo - {a}.{bound}_hi, 0)"


# What one profile row says of the person's past (work history and education together), as one value.
_HISTORY_ID = "hash({p}employment, {p}education)"
# Each distinct work history and each distinct education once, whoever wrote it: their dates depend
# on nothing else. A value's hash stands for it (as the row id the item queries carry) and finds
# its profile rows again.
_HISTORIES = """(
    SELECT employment, NULL::JSON AS education, hash(employment) AS row_id,
           NULL AS worker_id, NULL AS origin, NULL AS source
    FROM (SELECT DISTINCT employment FROM profiles WHERE employment IS NOT NULL)
    UNION ALL
    SELECT NULL::JSON, education, hash(education), NULL, NULL, NULL
    FROM (SELECT DISTINCT education FROM profiles WHERE education IS NOT NULL))"""


def _retold(sources: str) -> str:
    """The profiles of ``sources`` of the people whose sources do not all repeat one history: the
    only ones that can disagree (most people's résumé, application and LinkedIn say the same)."""
    return f"""(SELECT * FROM profiles WHERE source IN ({sources}) AND worker_id IN (
        SELECT worker_id FROM profiles WHERE source IN ({sources}) GROUP BY worker_id
        HAVING count(DISTINCT {_HISTORY_ID.format(p="")})
                   FILTER (WHERE employment IS NOT NULL OR education IS NOT NULL) > 1))"""


def _history_sql(s: Settings) -> str:
    sources, similar = listed(s["sources"]), float(s["same_name_similarity"])
    months = int(s["max_shift_months"])
    both_ends = "a.end_lo IS NOT NULL AND best.end_lo IS NOT NULL"
    # The best match of an item: the most similar name, then (two stints at one employer) the closest start.
    closeness = (
        "coalesce(jaro_winkler_similarity(a.key, b.key), 0) * 1e6 - coalesce(abs(a.start_lo - b.start_lo), 0)"
    )
    return f"""
    WITH listed_items AS (
        SELECT * FROM ({items_of(_retold(sources))})
    ), versions AS (
        SELECT worker_id, source, kind,
               list(key || '|' || coalesce(started, '') || '|' || coalesce(ended, '')
                    ORDER BY key, started, ended) AS version
        FROM listed_items GROUP BY ALL
    ), tellings AS (
        -- sources that tell one identical story (the application repeats the résumé) are compared once
        SELECT worker_id, kind, version, min(source) AS source,
               array_to_string(list_sort(list(DISTINCT {label("source")})), ', ') AS told_by
        FROM versions GROUP BY ALL
    ), items AS (
        SELECT i.*, t.told_by FROM listed_items i JOIN tellings t USING (worker_id, kind, source)
    ), coverage AS (
        -- what each telling lists at all, and from when: an older job left off a résumé is no conflict
        SELECT worker_id, source, kind, any_value(told_by) AS told_by, min(start_hi) AS covered_from,
               any_value({{'tbl': 'profiles', 'row_id': row_id, 'origin': origin}}) AS ref
        FROM items GROUP BY worker_id, source, kind
    ), compared AS (
        SELECT a.worker_id, a.row_id, a.origin, a.source, a.told_by, a.kind, a.name, a.start_lo, a.start_hi,
               a.end_lo, a.end_hi, c.source AS other, c.told_by AS other_told_by, c.covered_from, c.ref,
               max(coalesce(jaro_winkler_similarity(a.key, b.key), 0)) AS similarity,
               arg_max(b, {closeness}) AS best
        FROM items a
        JOIN coverage c ON c.worker_id = a.worker_id AND c.kind = a.kind AND c.source <> a.source
        LEFT JOIN items b ON b.worker_id = a.worker_id AND b.source = c.source AND b.kind = a.kind
        GROUP BY ALL
    ), conflicts AS (
        SELECT worker_id, 'profiles' AS tbl, row_id, origin, ref, a.kind || ' ' || a.name AS item,
               CASE WHEN similarity < {similar} THEN
                        a.kind || ' ' || a.name || ' (' || a.told_by || ') is missing from '
                        || a.other_told_by
                    ELSE a.kind || ' ' || a.name || ' dated ' || coalesce(a.start_lo // 12, 0) || '–'
                        || coalesce(CAST(a.end_lo // 12 AS VARCHAR), 'now') || ' (' || a.told_by
                        || ') but ' || coalesce(best.start_lo // 12, 0) || '–'
                        || coalesce(CAST(best.end_lo // 12 AS VARCHAR), 'now') || ' (' || a.other_told_by
                        || ')' END AS conflict,
               CASE WHEN similarity >= {similar} THEN best END AS matched
        FROM compared a
        WHERE (similarity < {similar}
               AND (a.kind = 'school' OR a.end_lo IS NULL OR a.end_lo >= a.covered_from))
           OR (similarity >= {similar} AND a.source < a.other
               AND ({_gap("a", "best", "start")} > {months}
                    OR ({both_ends} AND {_gap("a", "best", "end")} > {months})))
    ), cited AS (
        SELECT worker_id, item, conflict, tbl, row_id, origin FROM conflicts
        UNION ALL SELECT worker_id, item, conflict, 'profiles', coalesce(matched.row_id, ref.row_id),
                         coalesce(matched.origin, ref.origin) FROM conflicts
    )
    SELECT worker_id,
           list(DISTINCT conflict ORDER BY conflict)[1:4] AS conflicts,
           count(DISTINCT item) AS items_in_conflict,
           least(1.0, 0.5 + 0.25 * (items_in_conflict - 1)) AS strength,
           {held_rows()}, count(DISTINCT row_id) AS evidence_total
    FROM cited GROUP BY worker_id
    """


HISTORY_MISMATCH = Detector(
    id="profile_history_mismatch",
    title="Résumé and LinkedIn tell different histories",
    description="An employer or school listed in one source (résumé, application, LinkedIn, marketplace) "
    "is missing from another that covers the same years, or the same job or degree is dated more than a "
    "year apart. Names are matched loosely (legal forms, punctuation and small spelling differences do "
    "not count), and older jobs a shorter résumé leaves out are no conflict.",
    category="identity",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("profiles",),
    sql=_history_sql,
    detail=lambda r: f"Work or education history disagrees across sources: {'; '.join(r['conflicts'][:3])}.",
    settings={
        "sources": ("application", "resume", "linkedin", "marketplace"),
        "same_name_similarity": 0.88,
        "max_shift_months": 12,
    },
)

_PART_TIME = (
    r"\b(part[- ]?time|freelance|freelancer|contractor|consultant|consulting|intern|internship|volunteer"
    r"|advisor|adviser|self[- ]employed)\b"
)
_BACHELOR = r"\b(b\.? ?sc|b\.? ?s|b\.? ?a|b\.? ?eng|b\.? ?tech|b\.? ?e|bachelor)\b"
_DOCTORATE = r"\b(ph\.? ?d|d\.? ?phil|doctor|doctorate)\b"


def _dates_sql(s: Settings) -> str:
    overlap, fast = int(s["max_overlap_months"]), int(s["min_degree_months"])
    span = "(e.end_hi - e.start_lo)"
    return f"""
    WITH items AS (
        SELECT i.*, n.now_month FROM ({items_of(_HISTORIES)}) i, ({LATEST_MONTH}) n
    ), single AS (
        SELECT row_id AS history, kind,
               CASE WHEN e.end_hi < e.start_lo THEN
                        e.kind || ' ' || e.name || ' ends (' || e.ended || ') before it starts ('
                        || e.started || ')'
                    WHEN e.start_lo > e.now_month OR e.end_lo > e.now_month THEN
                        e.kind || ' ' || e.name || ' is dated in the future (' || e.started || '–'
                        || coalesce(nullif(e.ended, ''), 'now') || ')'
                    WHEN e.kind = 'school' AND {span} < {fast}
                         AND regexp_matches(lower(e.what), '{_BACHELOR}|{_DOCTORATE}') THEN
                        e.what || ' at ' || e.name || ' completed within ' || ({span} + 1) || ' months ('
                        || e.started || '–' || e.ended || ')'
               END AS issue,
               CASE WHEN e.end_hi < e.start_lo THEN 1.0
                    WHEN e.start_lo > e.now_month OR e.end_lo > e.now_month THEN 0.8
                    ELSE 0.7 END AS issue_strength
        FROM items e
    ), jobs AS (
        SELECT *, coalesce(end_lo, now_month) AS until,
               concat_ws('|', name, started, ended) AS job FROM items
        WHERE kind = 'employer' AND start_hi IS NOT NULL
          AND NOT regexp_matches(lower(coalesce(what, '')), '{_PART_TIME}')
    ), overlapping AS (
        SELECT a.row_id AS history, 'employer' AS kind,
               least(a.until, b.until) - greatest(a.start_hi, b.start_hi) AS months,
               a.name || ' and ' || b.name || ' overlap by ' || months || ' months' AS issue,
               least(1.0, 0.5 + months / 48) AS issue_strength
        FROM jobs a JOIN jobs b
          ON a.row_id = b.row_id AND a.job < b.job
        WHERE least(a.until, b.until) - greatest(a.start_hi, b.start_hi) > {overlap}
    ), issues AS (
        SELECT history, kind, issue, issue_strength FROM single WHERE issue IS NOT NULL
        UNION ALL
        SELECT history, kind, issue, issue_strength FROM overlapping
    ), cited AS (
        SELECT p.worker_id, 'profiles' AS tbl, p.row_id, p.origin, i.issue, i.issue_strength
        FROM profiles p JOIN issues i
          ON CASE i.kind WHEN 'employer' THEN hash(p.employment) ELSE hash(p.education) END = i.history
    )
    SELECT worker_id,
           list(DISTINCT issue ORDER BY issue)[1:4] AS issues,
           count(DISTINCT issue) AS issue_count,
           least(1.0, max(issue_strength) + 0.15 * (issue_count - 1)) AS strength,
           {held_rows()}, count(DISTINCT row_id) AS evidence_total
    FROM cited GROUP BY worker_id
    """


IMPOSSIBLE_DATES = Detector(
    id="profile_impossible_dates",
    title="History with impossible dates",
    description="A job or degree ends before it starts or is dated after the latest event in the data, two "
    "full-time jobs run side by side for more than half a year (part-time, freelance and contract roles "
    "excepted), or a bachelor's degree or doctorate is completed in under two years.",
    category="identity",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("profiles", *EVENT_TABLES),
    sql=_dates_sql,
    detail=lambda r: f"The history's dates do not add up: {'; '.join(r['issues'][:3])}.",
    settings={"max_overlap_months": 6, "min_degree_months": 24},
)
