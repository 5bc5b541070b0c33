"""Sanctioned parties: names, firms, employers and wallets on the OFAC list.

Reads ``sanction_hits`` (enrichment: each distinct value screened once). A
match is a match with a specific listed entity, never a judgement about what a
name sounds like.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, held_rows
from unmask.enrich.domains import JOBS

# Programmes under which DPRK IT-worker schemes and their fronts are designated. A match with
# an entity listed only under other programmes (narcotics, Iran, Russia …) is still reported —
# any SDN match needs review — but weighs less here: it is usually a namesake.
RELEVANT_PROGRAMMES = ("DPRK", "CYBER", "NPWMD")
_RELEVANT = "len(list_filter(h.programmes, lambda p: {})) > 0".format(
    " OR ".join(f"p LIKE '{p}%'" for p in RELEVANT_PROGRAMMES)
)


def _hit(s: Settings) -> str:
    """Aggregates over matched ``sanction_hits`` rows ``h``; strength discounts namesake-prone matches."""
    return f"""
    max(h.score) AS best_score,
    list(DISTINCT h.entity_name ORDER BY h.entity_name) AS entities,
    list(DISTINCT h.ent_num ORDER BY h.ent_num) AS sdn_ids,
    list(DISTINCT h.value || ' ~ ' || h.matched_alias) AS matched,
    list_sort(list_distinct(flatten(list(h.programmes)))) AS programmes,
    bool_or({_RELEVANT}) AS dprk_related,
    bool_and(coalesce(h.weak_alias, false)) AS weak_alias_only,
    max(h.score * CASE WHEN {_RELEVANT} THEN 1.0 ELSE {float(s["other_programme"])} END
                * CASE WHEN h.weak_alias THEN {float(s["weak_alias"])} ELSE 1.0 END) AS strength
    """


# How much a match counts when the entity is listed under no DPRK-related programme, and when
# only a weak alias (OFAC's own "low quality a.k.a.") matched.
DISCOUNTS = {"other_programme": 0.3, "weak_alias": 0.5}


def _detail(what: str) -> Any:
    def detail(r: Mapping[str, Any]) -> str:
        ids = ", ".join(str(i) for i in r["sdn_ids"][:3])
        caveats = []
        if not r["dprk_related"] and what != "Wallet":
            caveats.append("listed under no DPRK-related programme, so possibly a namesake")
        if r["weak_alias_only"]:
            caveats.append("only a weak alias matched")
        note = f"; {' and '.join(caveats)}: check identifiers" if caveats else ""
        return (
            f"{what} {'; '.join(r['matched'][:3])} matches OFAC SDN {', '.join(r['entities'][:3])} "
            f"(entity {ids}; programmes {', '.join(r['programmes']) or 'n/a'}; "
            f"score {r['best_score']:.2f}{note})."
        )

    return detail


def _name_sql(s: Settings) -> str:
    return f"""
    SELECT n.worker_id, {_hit(s)}, {held_rows("n")}, count(*) AS evidence_total
    FROM (SELECT worker_id, 'workers' AS tbl, row_id, origin, name FROM workers
          UNION ALL SELECT worker_id, 'profiles', row_id, origin, name FROM profiles) n
    JOIN sanction_hits h ON h.kind = 'person' AND h.value = n.name
    WHERE h.score >= {float(s["min_score"])}
    GROUP BY n.worker_id
    """


SANCTIONED_NAME = Detector(
    id="sanctioned_name",
    title="Name matches a sanctioned person",
    description="The worker's name, in the worker record or a profile, matches a person on the OFAC SDN "
    "list (with aliases, word order, transliteration and romanisation variants). A name alone can "
    "be a namesake, so on its own this asks for review rather than reaching the high level, and "
    "matches with entities outside DPRK-related programmes or on weak aliases count less. Check "
    "identifiers before acting.",
    category="sanctions",
    references=(ref.OFAC_SANCTIONS, ref.GUIDANCE_2022),
    tables=("workers", "profiles"),
    sql=_name_sql,
    detail=_detail("Name"),
    settings={"min_score": 0.9, **DISCOUNTS},
)


def _firm_sql(s: Settings) -> str:
    return f"""
    WITH orgs AS (
        SELECT w.worker_id, 'firms' AS tbl, f.row_id, f.origin, f.name
        FROM workers w JOIN firms f USING (firm_id)
        UNION ALL
        SELECT worker_id, 'profiles', row_id, origin, employer FROM ({JOBS})
    )
    SELECT n.worker_id, {_hit(s)}, {held_rows("n")}, count(*) AS evidence_total
    FROM orgs n JOIN sanction_hits h ON h.kind = 'organisation' AND h.value = n.name
    WHERE h.score >= {float(s["min_score"])}
    GROUP BY n.worker_id
    """


SANCTIONED_FIRM = Detector(
    id="sanctioned_firm",
    title="Staffing firm or employer is a sanctioned entity",
    description="The staffing firm that placed the worker, or an employer in their work history, matches "
    "an organisation on the OFAC SDN list — such as the DPRK IT fronts Yanbian Silverstar, Volasys "
    "Silver Star or Chinyong IT Cooperation — robust to company suffixes and spelling.",
    category="sanctions",
    references=(ref.OFAC_SILVERSTAR_2018, ref.OFAC_SANCTIONS, ref.GUIDANCE_2022),
    tables=("workers", "firms", "profiles"),
    sql=_firm_sql,
    detail=_detail("Firm or employer"),
    settings={"min_score": 0.9, **DISCOUNTS},
)


def _wallet_sql(s: Settings) -> str:
    return f"""
    SELECT p.worker_id, {_hit(s)},
           {evidence("p", "payments")},
    FROM payments p JOIN sanction_hits h ON h.kind = 'wallet' AND h.value = p.wallet_address
    WHERE h.score IS NOT NULL
    GROUP BY p.worker_id
    """


SANCTIONED_WALLET = Detector(
    id="sanctioned_wallet",
    title="Paid to a sanctioned crypto wallet",
    description="A payment went to, or was requested for, a wallet address that OFAC lists as "
    "sanctioned (EVM addresses compared case-insensitively).",
    category="sanctions",
    references=(ref.OFAC_SANCTIONS, ref.GUIDANCE_2022),
    tables=("payments",),
    sql=_wallet_sql,
    detail=_detail("Wallet"),
    # A listed address is that address: no namesakes, so no discounts.
    settings={"other_programme": 1.0, "weak_alias": 1.0},
)
