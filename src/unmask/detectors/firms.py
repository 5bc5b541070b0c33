"""Staffing firms: a front company places workers without real background checks.

Firms that match a sanctioned entity or imitate a real company's domain are found by
``sanctioned_firm`` and ``lookalike_domain``; this family covers the firm's own vetting and
where it is registered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings
from unmask.detectors.signins import SANCTIONED

# Background-check providers widely used for US hiring; any other name is "unknown", not bad.
KNOWN_PROVIDERS = (
    "sterling", "checkr", "hireright", "first advantage", "goodhire", "accurate", "cisive", "certn",
    "orange tree", "vetty", "universal background", "asurint", "crimcheck", "info cubic", "backgroundchecks",
)  # fmt: skip
# What people type when there is no provider or no documents.
_PLACEHOLDERS = ("", "no", "false", "0", "none", "n/a", "na", "-", "unknown")
_PLACEHOLDER_LIST = ", ".join(f"'{p}'" for p in _PLACEHOLDERS)

_NO_DOCS = f"coalesce(lower(trim(f.background_check_docs)) IN ({_PLACEHOLDER_LIST}), true)"
_NO_PROVIDER = f"coalesce(lower(trim(f.background_check_provider)) IN ({_PLACEHOLDER_LIST}), true)"
_KNOWN = " OR ".join(f"contains(lower(f.background_check_provider), '{p}')" for p in KNOWN_PROVIDERS)
_UNKNOWN_PROVIDER = f"({_NO_PROVIDER} OR NOT coalesce({_KNOWN}, false))"

_FIRM_AND_WORKER = (
    "[{'table': 'firms', 'row_id': f.row_id, 'origin': f.origin}, "
    "{'table': 'workers', 'row_id': w.row_id, 'origin': w.origin}] AS evidence"
)


def _gap_sql(s: Settings) -> str:
    # Both gaps together is what a front company looks like; documents missing from a known
    # provider may be a filing lapse, and an unfamiliar provider with documents may be a small vendor.
    return f"""
    SELECT w.worker_id,
           f.firm_id, f.name AS firm_name,
           {_NO_DOCS} AS no_documents,
           CASE WHEN NOT {_NO_PROVIDER} THEN f.background_check_provider END AS provider,
           {_UNKNOWN_PROVIDER} AS unknown_provider,
           CASE WHEN no_documents AND unknown_provider THEN 1.0
                WHEN no_documents THEN {float(s["no_documents_strength"])}
                ELSE {float(s["unknown_provider_strength"])} END AS strength,
           {_FIRM_AND_WORKER}
    FROM workers w JOIN firms f USING (firm_id)
    WHERE {_NO_DOCS} OR {_UNKNOWN_PROVIDER}
    """


def _gap_detail(r: Mapping[str, Any]) -> str:
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
    "background-check provider; front companies place operatives this way. Both together count fully.",
    category="firm",
    references=(ref.FBI_PSA_2024, ref.DOJ_LAPTOP_FARM_2024),
    tables=("workers", "firms"),
    sql=_gap_sql,
    detail=_gap_detail,
    settings={"no_documents_strength": 0.7, "unknown_provider_strength": 0.5},
)


def _firm_jurisdiction_sql(s: Settings) -> str:
    listed = ", ".join(f"'{c}'" for c in SANCTIONED)
    return f"""
    SELECT w.worker_id, f.firm_id, f.name AS firm_name, f.country AS firm_country,
           {_FIRM_AND_WORKER}
    FROM workers w JOIN firms f USING (firm_id)
    WHERE f.country IN ({listed})
    """


FIRM_SANCTIONED_JURISDICTION = Detector(
    id="firm_sanctioned_jurisdiction",
    title="Placed by a firm in a sanctioned jurisdiction",
    description="The staffing firm that placed the worker is registered in a comprehensively sanctioned "
    f"jurisdiction ({', '.join(SANCTIONED)}); paying it is itself a sanctions matter.",
    category="sanctions",
    references=(ref.OFAC_SANCTIONS, ref.GUIDANCE_2022),
    tables=("workers", "firms"),
    sql=_firm_jurisdiction_sql,
    detail=lambda r: f"Placed by staffing firm {r['firm_name']}, registered in {r['firm_country']}.",
)
