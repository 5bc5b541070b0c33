"""Assessments: what the test platform itself flagged during a test or interview."""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings

# How strongly each platform flag suggests someone other than the candidate is
# answering; flags are matched by substring so platform spellings vary freely.
FLAG_WEIGHTS = {
    "second_voice": 1.0,
    "multiple_faces": 1.0,
    "proxy": 1.0,
    "impersonation": 1.0,
    "face_mismatch": 1.0,
    "paste": 0.5,
    "tab_switch": 0.4,
    "eye_movement": 0.35,
    "long_pause": 0.25,
}


# A stand-in is more telling in a live interview than in an unproctored test.
KIND_FACTOR = {"technical_interview": 1.2, "coding_test": 1.0, "other": 0.8}


def _flags_sql(s: Settings) -> str:
    flag = "replace(lower(u.flag), ' ', '_')"
    weight = " ".join(f"WHEN contains({flag}, '{k}') THEN {v}" for k, v in FLAG_WEIGHTS.items())
    factor = " ".join(f"WHEN '{k}' THEN {v}" for k, v in KIND_FACTOR.items())
    return f"""
    WITH flags AS (
        SELECT a.worker_id, a.row_id, a.origin, {flag} AS flag,
               (CASE {weight} ELSE 0.1 END) * (CASE a.kind {factor} ELSE 1.0 END) AS flag_weight
        FROM assessments a, unnest(a.flags) AS u(flag)
    ), strongest AS (  -- each distinct flag counts once, at its strongest
        SELECT worker_id, flag, max(flag_weight) AS flag_weight FROM flags GROUP BY ALL
    ), scored AS (
        SELECT worker_id, sum(flag_weight) AS flag_score FROM strongest GROUP BY ALL
    )
    SELECT f.worker_id,
           list(DISTINCT f.flag ORDER BY f.flag) AS flags,
           count(DISTINCT f.row_id) AS flagged_assessments,
           any_value(sc.flag_score) AS flag_score,
           least(1.0, any_value(sc.flag_score) / {float(s["score_for_full_strength"])}) AS strength,
           list(DISTINCT {{'table': 'assessments', 'row_id': f.row_id, 'origin': f.origin}})[1:20]
               AS evidence,
           count(DISTINCT f.row_id) AS evidence_total
    FROM flags f JOIN scored sc USING (worker_id)
    WHERE sc.flag_score >= {float(s["min_score"])}
    GROUP BY f.worker_id
    """


ASSESSMENT_FLAGS = Detector(
    id="assessment_flags",
    title="Test platform flagged the assessment",
    description="Flags raised by the coding-test or interview platform (second voice, multiple faces, "
    "paste, tab switches, eye movement, long pauses), weighed by how strongly each suggests a stand-in.",
    category="assessment",
    references=(ref.FBI_PSA_2023, ref.FBI_PSA_2025),
    tables=("assessments",),
    sql=_flags_sql,
    detail=lambda r: (
        f"Platform flags on {r['flagged_assessments']} assessment(s): {', '.join(r['flags'][:8])}."
    ),
    settings={"min_score": 0.5, "score_for_full_strength": 1.5},
)
