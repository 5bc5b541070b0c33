"""Resolve every distinct IP seen in sign-ins and devices, once: country, AS, class.

Detectors join ``ip_info`` instead of looking addresses up themselves, so each
address is classified a single time however many events carry it.
"""

from __future__ import annotations

import pyarrow as pa

from unmask.enrich.intelligence import IP_FEEDS, Intelligence
from unmask.enrich.refresh import Enrichment, refresh
from unmask.store import Workspace

IP_INFO_COLUMNS = (
    "ip VARCHAR, version TINYINT, country VARCHAR, asn BIGINT, as_org VARCHAR, ip_class VARCHAR, "
    "class_source VARCHAR"
)
_OUTPUT = ("ip", "version", "country", "asn", "as_org", "ip_class", "class_source")


def enrich_ips(ws: Workspace, intel: Intelligence) -> int:
    """Add ``ip_info`` rows for addresses not yet classified; returns how many were added."""

    def compute(inputs: pa.Table) -> pa.Table:
        return intel.ip.classify(inputs.column("ip")).select(list(_OUTPUT))

    enrichment = Enrichment(
        table="ip_info",
        columns=IP_INFO_COLUMNS,
        key="ip",
        inputs_sql="SELECT ip FROM signins UNION ALL SELECT ip FROM devices",
        compute=compute,
    )
    return refresh(ws, enrichment, intel.fingerprint(*IP_FEEDS))
