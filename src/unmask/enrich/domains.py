"""Firm, employer and corporate email domains, once per distinct value: look-alike? known bad?

DPRK fronts register domains that imitate real US IT companies (the DOJ seized
17 in October 2023); indicator lists name the domains and addresses seen in
their campaigns. Defanged spellings (``example[.]com``) are read as written.
"""

from __future__ import annotations

import pyarrow as pa

from unmask.enrich.intelligence import Intelligence
from unmask.enrich.refresh import Enrichment, refresh
from unmask.intel.domains import host_of, refang, registrable
from unmask.store import Workspace

DOMAIN_COLUMNS = (
    "domain VARCHAR, host VARCHAR, registrable VARCHAR, lookalike_of VARCHAR, lookalike_name VARCHAR, "
    "technique VARCHAR, lookalike_score DOUBLE, lookalike_detail VARCHAR, indicator VARCHAR, "
    "indicator_source VARCHAR"
)
INDICATOR_IP_COLUMNS = "ip VARCHAR, indicator_source VARCHAR, section VARCHAR"

EMPLOYMENT = (
    '\'[{"employer": "VARCHAR", "domain": "VARCHAR", "title": "VARCHAR", '
    '"start": "VARCHAR", "end": "VARCHAR"}]\''
)


def jobs_of(profiles: str) -> str:
    """One row per job in the work history of ``profiles`` (the table, or a subquery with its
    columns: detectors pass only the rows they need), with the profile row and source it came from."""
    return f"""
    SELECT worker_id, row_id, origin, source, job.employer AS employer, job.domain AS domain,
           job.title AS title, job.start AS job_start, job."end" AS job_end FROM (
        SELECT worker_id, row_id, origin, source, unnest(from_json(employment, {EMPLOYMENT})) AS job
        FROM {profiles} WHERE json_type(employment) = 'ARRAY')
    """


JOBS = jobs_of("profiles")

_DOMAINS = f"""
    SELECT domain FROM firms
    UNION SELECT domain FROM ({JOBS})
    UNION SELECT registrable FROM email_info WHERE corporate
"""
MIN_LOOKALIKE_SCORE = 0.5


def enrich_domains(ws: Workspace, intel: Intelligence) -> int:
    def compute(inputs: pa.Table) -> pa.Table:
        domains = inputs.column("domain").to_pylist()
        hosts = [host_of(d) for d in domains]
        best = [next(iter(intel.lookalikes.check(h, min_score=MIN_LOOKALIKE_SCORE)), None) for h in hosts]
        hits = [intel.indicators.match(refang(d)) for d in domains]
        return pa.table({
            "domain": domains,
            "host": hosts,
            "registrable": [registrable(h) for h in hosts],
            "lookalike_of": [b.target if b else None for b in best],
            "lookalike_name": [b.target_name if b else None for b in best],
            "technique": [b.technique if b else None for b in best],
            "lookalike_score": [b.score if b else None for b in best],
            "lookalike_detail": [b.detail if b else None for b in best],
            "indicator": [h.value if h else None for h in hits],
            "indicator_source": [f"{h.source}:{h.line}" if h else None for h in hits],
        })  # fmt: skip

    enrichment = Enrichment("domain_info", DOMAIN_COLUMNS, "domain", _DOMAINS, compute)
    return refresh(ws, enrichment, intel.fingerprint("dprk-itw-iocs"))


def load_indicator_ips(ws: Workspace, intel: Intelligence) -> int:
    """The indicator lists' IP addresses as a table, for an exact join with sign-ins and devices."""
    ips = [i for i in intel.indicators if i.kind == "ip"]
    columns = {
        "ip": [i.value for i in ips],
        "indicator_source": [f"{i.source}:{i.line}" for i in ips],
        "section": [i.section for i in ips],
    }
    table = pa.table(columns, schema=pa.schema([(name, pa.string()) for name in columns]))
    engine = ws.engine
    engine.load_arrow("_new_indicator_ips", table)
    with engine.transaction():
        engine.execute(f"CREATE OR REPLACE TABLE indicator_ips ({INDICATOR_IP_COLUMNS})")
        engine.execute("INSERT INTO indicator_ips SELECT * FROM _new_indicator_ips")
    engine.execute("DROP TABLE _new_indicator_ips")
    return len(ips)
