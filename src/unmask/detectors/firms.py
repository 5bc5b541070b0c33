"""Staffing firms: a front company places workers without real background checks."""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings

# Background-check providers widely used for US hiring; any other name is "unknown", not bad.
KNOWN_PROVIDERS = (
    "sterling", "checkr", "hireright", "first advantage", "goodhire", "accurate", "cisive", "certn",
    "orange tree", "vetty", "universal background", "asurint", "crimcheck", "info cubic", "backgroundchecks",
)  # fmt: skip


def _gap_sql(s: Settings) -> str:
    known = " OR ".join(f"contains(lower(f.background_check_provider), '{p}')" for p in KNOWN_PROVIDERS)
    no_docs = (
        "(f.background_check_docs IS NULL OR lower(f.background_check_docs) IN ('no', 'false', '0', 'none'))"
    )
    return f"""
    SELECT w.worker_id,
           f.firm_id, f.name AS firm_name,
           {no_docs} AS no_documents,
           f.background_check_provider AS provider,
           NOT coalesce({known}, false) AS unknown_provider,
           CASE WHEN {no_docs} THEN 1.0 ELSE 0.5 END AS strength,
           [{{'table': 'firms', 'row_id': f.row_id, 'origin': f.origin}},
            {{'table': 'workers', 'row_id': w.row_id, 'origin': w.origin}}] AS evidence
    FROM workers w JOIN firms f USING (firm_id)
    WHERE {no_docs} OR NOT coalesce({known}, false)
    """


def _gap_detail(r: dict[str, object]) -> str:
    problems = []
    if r["no_documents"]:
        problems.append("has no background-check documents")
    if r["unknown_provider"]:
        problems.append(f"uses an unknown background-check provider ({r['provider'] or 'none named'})")
    return f"Placed by staffing firm {r['firm_name']}, which {' and '.join(problems)}."


FIRM_BACKGROUND_CHECK_GAP = Detector(
    id="firm_background_check_gap",
    title="Placed by a firm without real background checks",
    description="The worker came through a staffing firm with no background-check documents or an unknown "
    "background-check provider; front companies place operatives this way.",
    category="firm",
    references=(ref.FBI_PSA_2024, ref.DOJ_LAPTOP_FARM_2024),
    tables=("workers", "firms"),
    sql=_gap_sql,
    detail=lambda r: _gap_detail(dict(r)),
)
