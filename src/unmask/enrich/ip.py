"""Resolve every distinct IP seen in sign-ins and devices, once: country, AS, class.

Detectors join ``ip_info`` instead of looking addresses up themselves, so each
address is classified a single time however many events carry it.
"""

from __future__ import annotations

import socket

import pyarrow as pa
import pyarrow.compute as pc

from unmask.enrich.intelligence import IP_FEEDS, Intelligence
from unmask.enrich.refresh import Enrichment, refresh
from unmask.store import Workspace

IP_INFO_COLUMNS = (
    "ip VARCHAR, version TINYINT, country VARCHAR, asn BIGINT, as_org VARCHAR, ip_class VARCHAR, "
    "class_source VARCHAR, network VARCHAR"
)
_OUTPUT = ("ip", "version", "country", "asn", "as_org", "ip_class", "class_source")


_HOST_PART = bytes(8)


def _slash64(ip: str) -> str | None:
    try:
        return (
            socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, ip)[:8] + _HOST_PART) + "/64"
        )
    except (OSError, ValueError):  # e.g. a link-local address with a %zone
        return None


def home_networks(ips: pa.ChunkedArray, versions: pa.ChunkedArray) -> pa.ChunkedArray:
    """The network one home connection holds: the IPv4 address itself, or the IPv6 /64 (a home
    is given a /64 and its devices pick their own host part, which changes over time)."""
    v6 = pc.equal(versions, 6)
    if not pc.any(v6).as_py():
        return pc.if_else(pc.equal(versions, 4), ips, pa.scalar(None, pa.string()))
    # inet_pton/inet_ntop are C: several times faster than ipaddress over millions of addresses.
    prefixes = iter(_slash64(ip) for ip in pc.filter(ips, v6).to_pylist())
    six = pa.array([next(prefixes) if is_v6 else None for is_v6 in v6.to_pylist()], type=pa.string())
    return pc.if_else(v6, six, pc.if_else(pc.equal(versions, 4), ips, pa.scalar(None, pa.string())))


def enrich_ips(ws: Workspace, intel: Intelligence) -> int:
    """Add ``ip_info`` rows for addresses not yet classified; returns how many were added."""

    def compute(inputs: pa.Table) -> pa.Table:
        info = intel.ip.classify(inputs.column("ip")).select(list(_OUTPUT))
        return info.append_column("network", home_networks(info.column("ip"), info.column("version")))

    enrichment = Enrichment(
        table="ip_info",
        columns=IP_INFO_COLUMNS,
        key="ip",
        inputs_sql="SELECT ip FROM signins UNION ALL SELECT ip FROM devices",
        compute=compute,
    )
    return refresh(ws, enrichment, intel.fingerprint(*IP_FEEDS))
