"""Profiles: does the person's name stay the same from one source to the next?

Names are compared for consistency only. Where a name comes from, or what
language it is in, is never evidence.
"""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings


def _normalised(expr: str) -> str:
    """Lower case, letters only, tokens sorted: 'Moore, Daniel' equals 'daniel moore'."""
    cleaned = f"trim(regexp_replace(lower(strip_accents({expr})), '[^a-z ]+', ' ', 'g'))"
    return f"array_to_string(list_sort(list_filter(string_split({cleaned}, ' '), lambda t: t <> '')), ' ')"


def _name_sql(s: Settings) -> str:
    return f"""
    WITH names AS (
        SELECT w.worker_id, 'workers' AS tbl, w.row_id, w.origin, 'record' AS source, w.name
        FROM workers w WHERE w.name IS NOT NULL
        UNION ALL
        SELECT p.worker_id, 'profiles', p.row_id, p.origin, p.source, p.name
        FROM profiles p WHERE p.name IS NOT NULL
    ), normal AS (
        SELECT *, {_normalised("name")} AS norm FROM names
    ), pairs AS (
        SELECT a.worker_id, a.name AS name_a, a.source AS source_a, b.name AS name_b, b.source AS source_b,
               a.tbl AS tbl_a, a.row_id AS row_a, a.origin AS origin_a,
               b.tbl AS tbl_b, b.row_id AS row_b, b.origin AS origin_b,
               jaro_winkler_similarity(a.norm, b.norm) AS similarity
        FROM normal a JOIN normal b ON a.worker_id = b.worker_id AND a.row_id < b.row_id
        WHERE a.norm <> b.norm
    )
    SELECT worker_id,
           min(similarity) AS lowest_similarity,
           list(DISTINCT name_a || ' (' || source_a || ') ≠ ' || name_b || ' (' || source_b || ')')[1:5]
               AS differing_names,
           least(1.0, (({float(s["max_similarity"])}) - lowest_similarity) / 0.3 + 0.4) AS strength,
           flatten(list([{{'table': tbl_a, 'row_id': row_a, 'origin': origin_a}},
                         {{'table': tbl_b, 'row_id': row_b, 'origin': origin_b}}]))[1:20] AS evidence
    FROM pairs
    WHERE similarity < {float(s["max_similarity"])}
    GROUP BY worker_id
    """


NAME_MISMATCH = Detector(
    id="profile_name_mismatch",
    title="Name differs between sources",
    description="The worker's name in one source (application, résumé, LinkedIn, marketplace, payment, "
    "background check) does not match another, beyond spelling variants and word order.",
    category="identity",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("workers", "profiles"),
    sql=_name_sql,
    detail=lambda r: f"Names disagree across sources: {'; '.join(r['differing_names'])}.",
    settings={"max_similarity": 0.8},
)
