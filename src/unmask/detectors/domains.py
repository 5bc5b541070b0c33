"""Domains of firms, employers and work emails: look-alikes of real companies, known-bad indicators.

Reads ``domain_info`` and ``indicator_ips`` (enrichment).
"""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, held_rows
from unmask.detectors.contacts import EMAILS
from unmask.enrich.domains import JOBS

# Every domain tied to a worker: their firm's, their employers', their corporate mailboxes'.
WORKER_DOMAINS = f"""
    SELECT w.worker_id, 'firms' AS tbl, f.row_id, f.origin, f.domain, 'staffing firm' AS role
    FROM workers w JOIN firms f USING (firm_id) WHERE f.domain IS NOT NULL
    UNION ALL
    SELECT worker_id, 'profiles', row_id, origin, domain, 'employer' FROM ({JOBS})
    WHERE domain IS NOT NULL
    UNION ALL
    SELECT m.worker_id, m.tbl, m.row_id, m.origin, i.registrable, 'email'
    FROM ({EMAILS}) m JOIN email_info i USING (email) WHERE i.corporate
"""


def _lookalike_sql(s: Settings) -> str:
    return f"""
    SELECT d.worker_id,
           list(DISTINCT d.role || ' ' || d.domain || ' imitates ' || i.lookalike_of
                || ' (' || i.lookalike_name || ', ' || i.technique || ')') AS lookalikes,
           max(i.lookalike_score) AS strength, {held_rows("d")}, count(*) AS evidence_total
    FROM ({WORKER_DOMAINS}) d JOIN domain_info i USING (domain)
    WHERE i.lookalike_score >= {float(s["min_score"])}
    GROUP BY d.worker_id
    """


LOOKALIKE_DOMAIN = Detector(
    id="lookalike_domain",
    title="Firm or employer domain imitates a real company",
    description="The staffing firm's domain, an employer domain in the work history or a work email "
    "domain is a typo, homoglyph, TLD swap or 'name + word' variant of a real company's domain "
    "(dnstwist permutations and edit distance); the DOJ seized 17 such domains used by DPRK IT workers.",
    category="domains",
    references=(ref.DOJ_DOMAINS_2023, ref.FBI_PSA_2023),
    tables=("workers", "firms", "profiles"),
    sql=_lookalike_sql,
    detail=lambda r: f"{'; '.join(r['lookalikes'][:3])}.",
    settings={"min_score": 0.6},
)


def _indicator_sql(s: Settings) -> str:
    return f"""
    WITH hits AS (
        SELECT d.worker_id, d.tbl, d.row_id, d.origin,
               d.role || ' domain ' || d.domain || ' (' || i.indicator_source || ')' AS what
        FROM ({WORKER_DOMAINS}) d JOIN domain_info i USING (domain) WHERE i.indicator IS NOT NULL
        UNION ALL
        SELECT g.worker_id, 'signins', g.row_id, g.origin,
               'sign-in IP ' || g.ip || ' (' || x.indicator_source || ')'
        FROM signins g JOIN indicator_ips x USING (ip)
        UNION ALL
        SELECT v.worker_id, 'devices', v.row_id, v.origin,
               'device IP ' || v.ip || ' (' || x.indicator_source || ')'
        FROM devices v JOIN indicator_ips x USING (ip)
    )
    SELECT worker_id, list(DISTINCT what ORDER BY what) AS indicators, {held_rows()},
           count(*) AS evidence_total
    FROM hits GROUP BY worker_id
    """


INDICATOR_MATCH = Detector(
    id="indicator_match",
    title="Matches a published indicator of DPRK activity",
    description="A domain tied to the worker, or an IP they signed in from, is on an indicator list of "
    "DPRK IT-worker or Contagious Interview activity (the dprk-itw-iocs feed; defanged entries read "
    "as written).",
    category="indicators",
    references=(ref.FBI_PSA_2025, ref.FBI_PSA_2023),
    tables=("workers", "firms", "profiles", "signins", "devices"),
    sql=_indicator_sql,
    detail=lambda r: f"{'; '.join(r['indicators'][:3])}.",
)
