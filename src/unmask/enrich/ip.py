"""Resolve every distinct IP seen in sign-ins and devices to a country, once.

Detectors join ``ip_info`` instead of geolocating rows themselves, so each
address is looked up a single time however many events carry it.
"""

from __future__ import annotations

import pyarrow as pa

from unmask.intel.geoip import load_geo_index
from unmask.store import Workspace

IP_INFO_DDL = "CREATE TABLE IF NOT EXISTS ip_info (ip VARCHAR, country VARCHAR, source VARCHAR)"


def enrich_ips(ws: Workspace) -> int:
    """Add ``ip_info`` rows for addresses not yet resolved; returns how many were added."""
    engine = ws.engine
    engine.execute(IP_INFO_DDL)
    new = engine.arrow(
        "SELECT DISTINCT ip FROM (SELECT ip FROM signins UNION ALL SELECT ip FROM devices) "
        "WHERE ip IS NOT NULL AND ip NOT IN (SELECT ip FROM ip_info)"
    )
    if new.num_rows == 0:
        return 0
    index = load_geo_index()
    ips = new.column("ip").to_pylist()
    countries = index.countries(ips)
    engine.load_arrow(
        "_new_ip_info",
        pa.table({"ip": ips, "country": countries, "source": [index.source] * len(ips)}),
    )
    with engine.transaction():
        engine.execute("INSERT INTO ip_info SELECT ip, country, source FROM _new_ip_info")
    engine.execute("DROP TABLE _new_ip_info")
    return len(ips)
