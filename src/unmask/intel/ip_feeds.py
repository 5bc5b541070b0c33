"""Read IP feed snapshots (folders of plain-text CIDR lists) into classed integer ranges.

A snapshot folder is recognised by its files, not by the name it is given, so a user
can keep several dated snapshots of one feed side by side:

- x4bnet-vpn-datacenter (https://github.com/X4BNet/lists_vpn): ``vpn_ipv4.txt`` /
  ``vpn_ipv6.txt`` → vpn, ``datacenter_ipv4.txt`` / ``datacenter_ipv6.txt`` → hosting,
  ``input_vpn_ips/<provider>.txt`` → vpn, except ``apple.txt`` (iCloud Private Relay
  egress) → relay. ``vpn_ASN.txt`` / ``datacenter_ASN.txt`` are counted but not used to
  classify: geoip2fast has no AS numbers to match them against, and X4BNet's CIDR
  outputs are already built from those ASNs.
- tor-nodes: ``tor-exit-nodes.lst`` and ``tor-nodes.lst`` (one address per line) → tor.
- cloud-ip-ranges (https://github.com/disposable/cloud-ip-ranges): one ``<provider>.csv``
  per provider with header ``Type,Address`` → hosting, ``starlink.csv`` → satellite.

Only text is read here, never pickles: these folders may come from anyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from unmask.intel.geoip import U64, cidr_end, parse_ips

_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_LAST_CHECKED = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})\s.*?\b(\d{4})\s*$")


@dataclass(frozen=True)
class Networks:
    """Inclusive ranges of one address family: (start_hi, start_lo) .. (end_hi, end_lo)."""

    start_hi: U64
    start_lo: U64
    end_hi: U64
    end_lo: U64

    @property
    def size(self) -> int:
        return int(self.start_lo.size)


@dataclass(frozen=True)
class FeedGroup:
    """One file's networks, all of one class; ``key`` names it for ``exclude`` of other groups."""

    key: str
    ip_class: str
    source: str
    networks: dict[int, Networks]
    entries: int
    # Keys of groups whose addresses this group gives up: an aggregate list that was built
    # from a more specific provider list (x4bnet's vpn output includes Apple's relay list).
    exclude: tuple[str, ...] = ()


@dataclass
class FeedSnapshot:
    """What one snapshot folder holds: its groups, and per file the entry count (for ``sources``)."""

    name: str
    path: Path
    date: str | None
    groups: list[FeedGroup] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)
    rejected: int = 0


def parse_networks(texts: Iterable[str]) -> tuple[dict[int, Networks], int]:
    """CIDRs or bare addresses → ranges per family; returns also how many lines were refused.

    Splitting at "/" is plain Python (feeds are tens of thousands of lines, read once);
    the addresses themselves go through the vectorised ``parse_ips``.
    """
    addresses: list[str] = []
    prefixes: list[int] = []
    for text in texts:
        address, slash, length = text.strip().partition("/")
        addresses.append(address)
        prefixes.append(
            int(length) if slash and length.isdigit() and len(length) <= 3 else (-2 if slash else -1)
        )
    addrs = parse_ips(addresses)
    prefix = np.array(prefixes, dtype=np.int64)
    out: dict[int, Networks] = {}
    refused = int((addrs.version == 0).sum())
    for version, bits in ((4, 32), (6, 128)):
        rows = addrs.version == version
        pre = np.where(prefix == -1, bits, prefix)  # a bare address is a /32 or /128
        good = rows & (pre >= 0) & (pre <= bits)
        refused += int((rows & ~good).sum())
        idx = np.flatnonzero(good)
        sh, sl, eh, el = cidr_end(version, addrs.hi[idx], addrs.lo[idx], pre[idx])
        order = np.lexsort((sl, sh))
        out[version] = Networks(sh[order], sl[order], eh[order], el[order])
    return out, refused


def read_lines(path: Path) -> list[str]:
    """Non-empty lines with comments (``#``) and surrounding whitespace removed."""
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            out.append(text)
    return out


def read_cloud_csv(path: Path) -> list[str]:
    """Addresses of a cloud-ip-ranges ``Type,Address`` CSV (header and blank lines skipped)."""
    out = []
    for line in read_lines(path):
        kind, _, address = line.partition(",")
        if kind.strip().lower() in ("ipv4", "ipv6") and address.strip():
            out.append(address.strip())
    return out


def snapshot_date(folder: Path) -> str | None:
    """The snapshot's date: from ``Last-Checked-At`` (tor-nodes) or the first ISO date in PROVENANCE.md."""
    checked = folder / "Last-Checked-At"
    if checked.is_file():
        m = _LAST_CHECKED.search(checked.read_text(encoding="utf-8", errors="replace").strip())
        if m:
            return f"{m.group(3)}-{_MONTHS.index(m.group(1)) + 1:02d}-{int(m.group(2)):02d}"
    provenance = folder / "PROVENANCE.md"
    if provenance.is_file():
        m = _DATE.search(provenance.read_text(encoding="utf-8", errors="replace"))
        if m:
            return m.group(1)
    return None


def read_snapshot(name: str, folder: Path) -> FeedSnapshot:
    """Every list this folder holds, whichever of the three layouts it has (none: empty)."""
    snap = FeedSnapshot(name=name, path=folder, date=snapshot_date(folder))
    stamp = f" {snap.date}" if snap.date else ""

    def add(rel: str, ip_class: str, texts: list[str], exclude: tuple[str, ...] = ()) -> None:
        networks, refused = parse_networks(texts)
        key = f"{name}/{rel}"
        snap.files[rel] = len(texts)
        snap.rejected += refused
        snap.groups.append(
            FeedGroup(key, ip_class, f"feed {name} {rel}{stamp}", networks, len(texts), exclude)
        )

    # x4bnet: provider lists first, so the aggregate can exclude the relay list it contains.
    providers = folder / "input_vpn_ips"
    relay_keys: tuple[str, ...] = ()
    if providers.is_dir():
        for path in sorted(providers.glob("*.txt")):
            rel = f"input_vpn_ips/{path.name}"
            is_relay = path.stem == "apple"
            add(rel, "relay" if is_relay else "vpn", read_lines(path))
            if is_relay:
                relay_keys += (f"{name}/{rel}",)
    lists = {"vpn_ipv4.txt": "vpn", "vpn_ipv6.txt": "vpn", "datacenter_ipv4.txt": "hosting",
             "datacenter_ipv6.txt": "hosting"}  # fmt: skip
    for file, ip_class in lists.items():
        if (folder / file).is_file():
            add(file, ip_class, read_lines(folder / file), relay_keys if ip_class == "vpn" else ())
    for file in ("vpn_ASN.txt", "datacenter_ASN.txt"):
        if (folder / file).is_file():
            snap.files[file] = len(read_lines(folder / file))  # counted only; see the module docstring
    # tor-nodes: the exit list first, so an exit is reported as such even if also a relay.
    for file in ("tor-exit-nodes.lst", "tor-nodes.lst"):
        if (folder / file).is_file():
            add(file, "tor", read_lines(folder / file))
    # cloud-ip-ranges
    for path in sorted(folder.glob("*.csv")):
        texts = read_cloud_csv(path)
        if texts or path.stat().st_size < 64:
            add(path.name, "satellite" if path.stem == "starlink" else "hosting", texts)
    return snap


# IANA special-purpose blocks that are not globally reachable, plus multicast and the
# documentation ranges (their use in logs means a fixture or a spoof, not a person's network).
# https://www.iana.org/assignments/iana-ipv4-special-registry/ and iana-ipv6-special-registry/
RESERVED: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "this network (RFC 791)"),
    ("10.0.0.0/8", "private-use (RFC 1918)"),
    ("100.64.0.0/10", "shared address space / CGNAT (RFC 6598)"),
    ("127.0.0.0/8", "loopback (RFC 1122)"),
    ("169.254.0.0/16", "link-local (RFC 3927)"),
    ("172.16.0.0/12", "private-use (RFC 1918)"),
    ("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
    ("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
    ("192.168.0.0/16", "private-use (RFC 1918)"),
    ("198.18.0.0/15", "benchmarking (RFC 2544)"),
    ("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
    ("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
    ("224.0.0.0/4", "multicast (RFC 5771)"),
    ("240.0.0.0/4", "reserved (RFC 1112), incl. broadcast"),
    ("::/127", "unspecified / loopback (RFC 4291)"),
    ("100::/64", "discard-only (RFC 6666)"),
    ("2001::/23", "IETF protocol assignments (RFC 2928)"),
    ("2001:db8::/32", "documentation (RFC 3849)"),
    ("3fff::/20", "documentation (RFC 9637)"),
    ("fc00::/7", "unique-local (RFC 4193)"),
    ("fe80::/10", "link-local (RFC 4291)"),
    ("ff00::/8", "multicast (RFC 4291)"),
)


def reserved_groups() -> list[FeedGroup]:
    """One group per reserved block, so ``class_source`` names the block and its RFC."""
    groups = []
    for cidr, why in RESERVED:
        networks, refused = parse_networks([cidr])
        assert refused == 0, cidr
        groups.append(FeedGroup(f"reserved/{cidr}", "private", f"reserved: {cidr} {why}", networks, 1))
    return groups
