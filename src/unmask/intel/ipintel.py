"""Offline IP classification: country, AS organisation and network class of each address.

``IpIntel.load(feeds)`` folds three layers into ONE sorted step function per address
family, so that ``classify`` costs a single binary search per address:

1. geoip2fast's country and AS-organisation ranges (package data);
2. the reserved blocks (private, CGNAT, loopback, documentation, multicast…);
3. the feed snapshots given (see ``ip_feeds``) and ``data/asn_classes.toml``, which classes
   whole AS organisations by the name geoip2fast gives them.

Every range boundary of every layer becomes a point of a shared axis; between two
consecutive points every layer is constant, so each elementary interval gets its country,
its organisation and the one source that decides its class. Ranges overlap freely (an
aggregate list and its provider lists, datacenter ⊇ vpn, feed and AS entry); the first
source in this order wins: reserved > tor > vpn > relay > satellite > hosting, and within
a class feeds (more precise) before ``asn_classes.toml``. Adjacent intervals that agree
are merged. IPv6 points are 128-bit, searched as two ``uint64`` halves.

``ip_class`` is one of ``residential``, ``hosting``, ``vpn``, ``tor``, ``relay``,
``satellite``, ``private``, ``invalid``. ``residential`` means *none of the others*: no
reserved block, feed or AS entry matched. It is the absence of a signal, not proof of a
home connection.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.intel.geoip import (
    _ALL,
    I64,
    U64,
    as_string_array,
    bisect_right128,
    load_geoip_tables,
    parse_ips,
)
from unmask.intel.ip_feeds import FeedGroup, FeedSnapshot, Networks, read_snapshot, reserved_groups

IP_CLASSES = ("residential", "hosting", "vpn", "tor", "relay", "satellite", "private", "invalid")
PRECEDENCE = ("private", "tor", "vpn", "relay", "satellite", "hosting")  # first wins
_ENTRY_CLASSES = frozenset(PRECEDENCE) - {"private"}
_ENTRY_KEYS = frozenset({"name", "class", "orgs", "prefixes", "asn", "source"})
_RESIDENTIAL = "no reserved block, feed or asn_classes.toml entry matched"
_INVALID = "null or not an IPv4/IPv6 address"

SCHEMA = pa.schema([
    ("ip", pa.string()),
    ("version", pa.int8()),
    ("country", pa.string()),
    ("as_org", pa.string()),
    ("asn", pa.int64()),
    ("ip_class", pa.string()),
    ("class_source", pa.string()),
])  # fmt: skip


@dataclass(frozen=True)
class AsnClass:
    """One entry of ``asn_classes.toml``: organisation names that share a class and a source."""

    name: str
    ip_class: str
    orgs: tuple[str, ...]
    prefixes: tuple[str, ...]
    asn: dict[str, int]
    source: str


def load_asn_classes(path: Path | None = None) -> list[AsnClass]:
    """The curated entries (package data unless ``path`` is given; TOML text, safe to read)."""
    if path is None:
        text = importlib.resources.files("unmask.intel.data").joinpath("asn_classes.toml").read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    entries = []
    for i, raw in enumerate(tomllib.loads(text).get("entry", [])):
        where = f"asn_classes.toml entry {i + 1} ({raw.get('name', '?')})"
        unknown = set(raw) - _ENTRY_KEYS
        if unknown or raw.get("class") not in _ENTRY_CLASSES or not raw.get("source") or not raw.get("name"):
            raise ValueError(f"{where}: needs name, source and class in {sorted(_ENTRY_CLASSES)}; "
                             f"unknown keys {sorted(unknown)}")  # fmt: skip
        asn = {str(k): int(v) for k, v in raw.get("asn", {}).items()}
        orgs = tuple(raw.get("orgs", ()))
        if set(asn) - set(orgs):
            raise ValueError(f"{where}: asn names {sorted(set(asn) - set(orgs))} are not in orgs")
        entries.append(
            AsnClass(raw["name"], raw["class"], orgs, tuple(raw.get("prefixes", ())), asn, raw["source"])
        )
    return entries


@dataclass(frozen=True)
class _Table:
    """A step function over one address family: interval k starts at (start_hi[k], start_lo[k])."""

    start_hi: U64
    start_lo: U64
    country: npt.NDArray[np.int16]
    org: npt.NDArray[np.int32]
    src: npt.NDArray[np.int16]

    def lookup(self, version: int, hi: U64, lo: U64) -> I64:
        if version == 4:  # IPv4 fits the low half: one plain searchsorted
            return np.searchsorted(self.start_lo, lo, side="right").astype(np.int64) - 1
        return bisect_right128(self.start_hi, self.start_lo, hi, lo) - 1

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.start_hi, self.start_lo, self.country, self.org, self.src))


@dataclass(frozen=True)
class IpIntel:
    """Loaded intelligence; build with ``IpIntel.load``. Immutable, safe to share between threads."""

    tables: dict[int, _Table]
    countries: pa.Array  # label → ISO alpha-2
    orgs: pa.Array  # label → AS organisation name
    org_asn: I64  # label → AS number, -1 when unknown
    src_class: npt.NDArray[np.int8]  # source id → index into IP_CLASSES
    src_text: pa.Array  # source id → class_source
    source_list: tuple[dict[str, Any], ...]

    @classmethod
    def load(cls, feeds: Mapping[str, Path], asn_classes: Path | None = None) -> IpIntel:
        """Package data plus the snapshot folders in ``feeds`` (name → folder; may be empty)."""
        snapshots = [read_snapshot(name, Path(folder)) for name, folder in feeds.items()]
        entries = load_asn_classes(asn_classes)
        geo = load_geoip_tables()
        reserved = reserved_groups()
        groups = [g for snap in snapshots for g in snap.groups]
        order = reserved + [g for c in PRECEDENCE[1:] for g in groups if g.ip_class == c]
        n_groups = len(order)
        # Source ids: 0 residential, 1..n_groups the groups in painting order, then the
        # asn_classes.toml entries, and the last one for invalid input.
        texts = [
            _RESIDENTIAL,
            *(g.source for g in order),
            *(f"asn_classes.toml: {e.name}" for e in entries),
            _INVALID,
        ]
        classes = ["residential", *(g.ip_class for g in order), *(e.ip_class for e in entries), "invalid"]
        org_entry = np.full(len(geo.orgs), -1, dtype=np.int64)
        org_asn = np.full(len(geo.orgs), -1, dtype=np.int64)
        by_name = {name: i for i, name in enumerate(geo.orgs) if name}
        for e_idx, entry in reversed(list(enumerate(entries))):  # reversed: the first entry wins
            labels = [by_name[o] for o in entry.orgs if o in by_name]
            if entry.prefixes:
                labels += [i for name, i in by_name.items() if name.startswith(entry.prefixes)]
            org_entry[labels] = e_idx
            for name, number in entry.asn.items():
                if name in by_name:
                    org_asn[by_name[name]] = number
        entry_class = np.array([PRECEDENCE.index(e.ip_class) for e in entries] or [0], dtype=np.int64)
        tables = {
            v: _build(v, geo.country[v], geo.org[v], order, org_entry, entry_class, n_groups) for v in (4, 6)
        }
        sources: list[dict[str, Any]] = [
            {"feed": "geoip2fast", "source": geo.source, "files": {},
             "entries": sum(r.label.size for layer in (geo.country, geo.org) for r in layer.values())},
            {"feed": "reserved", "source": "IANA special-purpose registries", "files": {},
             "entries": len(reserved)},
            {"feed": "asn_classes.toml", "source": str(asn_classes or "package data"), "files": {},
             "entries": len(entries)},
            *(_snapshot_info(s) for s in snapshots),
        ]  # fmt: skip
        return cls(
            tables=tables,
            countries=pa.array(geo.countries, type=pa.string()),
            orgs=pa.array(geo.orgs, type=pa.string()),
            org_asn=org_asn,
            src_class=np.array([IP_CLASSES.index(c) for c in classes], dtype=np.int8),
            src_text=pa.array(texts, type=pa.string()),
            source_list=tuple(sources),
        )

    def classify(self, ips: Sequence[str | None] | pa.Array | pa.ChunkedArray) -> pa.Table:
        """One row per address, in order: see ``SCHEMA`` and the module docstring for the columns."""
        arr = as_string_array(ips)
        addrs = parse_ips(arr)
        n = len(arr)
        country = np.full(n, -1, dtype=np.int32)
        org = np.full(n, -1, dtype=np.int32)
        src = np.full(n, len(self.src_text) - 1, dtype=np.int32)  # invalid unless found below
        for version, table in self.tables.items():
            is_v = addrs.version == version
            if is_v.all():  # the common case: no gather/scatter round trip
                k = table.lookup(version, addrs.hi, addrs.lo)
                country, org, src = (
                    table.country[k].astype(np.int32),
                    table.org[k],
                    table.src[k].astype(np.int32),
                )
                break
            rows = np.flatnonzero(is_v)
            if rows.size:
                k = table.lookup(version, addrs.hi[rows], addrs.lo[rows])
                country[rows], org[rows], src[rows] = table.country[k], table.org[k], table.src[k]
        asn = self.org_asn[np.maximum(org, 0)]
        return pa.Table.from_arrays(
            [
                arr,
                pa.array(addrs.version.astype(np.int8)),
                self.countries.take(pa.array(country, mask=country < 0)),
                self.orgs.take(pa.array(org, mask=org < 0)),
                pa.array(asn, mask=(org < 0) | (asn < 0)),
                _CLASS_NAMES.take(pa.array(self.src_class[src])),
                self.src_text.take(pa.array(src)),
            ],
            schema=SCHEMA,
        )

    def sources(self) -> list[dict[str, Any]]:
        """What was loaded: feed name, where from, files with their entry counts, total entries."""
        return [dict(s) for s in self.source_list]

    def nbytes(self) -> int:
        """Memory held by the loaded arrays (tables, dictionaries, per-source texts)."""
        arrays = sum(t.nbytes for t in self.tables.values()) + self.org_asn.nbytes + self.src_class.nbytes
        return int(arrays + self.countries.nbytes + self.orgs.nbytes + self.src_text.nbytes)


_CLASS_NAMES = pa.array(IP_CLASSES, type=pa.string())


def _snapshot_info(snap: FeedSnapshot) -> dict[str, Any]:
    return {
        "feed": snap.name,
        "source": str(snap.path),
        "date": snap.date,
        "files": dict(snap.files),
        "entries": sum(snap.files.values()),
        "rejected": snap.rejected,
    }


def _after(hi: U64, lo: U64) -> tuple[U64, U64, npt.NDArray[np.bool_]]:
    """(hi, lo) + 1, and whether it overflowed 128 bits (a range reaching the very top)."""
    nlo = lo + np.uint64(1)  # wraps to 0 on carry; numpy does not warn for arrays
    carry = nlo == 0
    return hi + carry.astype(np.uint64), nlo, carry & (hi == _ALL)


def _build(
    version: int,
    country: Any,
    org: Any,
    groups: list[FeedGroup],
    org_entry: I64,
    entry_class: I64,
    n_groups: int,
) -> _Table:
    """Paint every layer onto the shared axis of all range boundaries, then merge equal runs."""
    empty = Networks(*(np.zeros(0, np.uint64) for _ in range(4)))
    layers: list[Networks] = [
        Networks(country.start_hi, country.start_lo, country.end_hi, country.end_lo),
        Networks(org.start_hi, org.start_lo, org.end_hi, org.end_lo),
        *(g.networks.get(version, empty) for g in groups),
    ]
    ends = [_after(n.end_hi, n.end_lo) for n in layers]
    hi = np.concatenate([[np.uint64(0)], *(n.start_hi for n in layers), *(e[0][~e[2]] for e in ends)])
    lo = np.concatenate([[np.uint64(0)], *(n.start_lo for n in layers), *(e[1][~e[2]] for e in ends)])
    order = np.lexsort((lo, hi))
    hi, lo = hi[order], lo[order]
    first = np.ones(hi.size, dtype=np.bool_)
    first[1:] = (hi[1:] != hi[:-1]) | (lo[1:] != lo[:-1])
    b_hi, b_lo = hi[first], lo[first]
    size = b_hi.size

    def coord(h: U64, low: U64) -> I64:  # index of a point that is itself a boundary
        if version == 4:
            return np.searchsorted(b_lo, low, side="left").astype(np.int64)
        return bisect_right128(b_hi, b_lo, h, low) - 1

    def span(n: Networks, end: tuple[U64, U64, npt.NDArray[np.bool_]]) -> tuple[I64, I64]:
        stop = np.full(n.size, size, dtype=np.int64)  # overflowing ends run to the last interval
        stop[~end[2]] = coord(end[0][~end[2]], end[1][~end[2]])
        return coord(n.start_hi, n.start_lo), stop

    def labelled(n: Networks, end: Any, labels: I64) -> I64:
        # Latest range starting at or before each interval (ranges are sorted by start and
        # nested at most, so the latest start is the innermost), kept if it still covers it.
        a, b = span(n, end)
        latest = np.full(size, -1, dtype=np.int64)
        latest[a] = np.arange(a.size)
        latest = np.maximum.accumulate(latest)
        inside = (latest >= 0) & (np.arange(size) < b[np.maximum(latest, 0)])
        return np.where(inside, labels[np.maximum(latest, 0)], -1)

    geo_country = labelled(layers[0], ends[0], country.label)
    geo_org = labelled(layers[1], ends[1], org.label)
    src = np.zeros(size, dtype=np.int64)  # 0: residential
    entry_of = np.where(geo_org >= 0, org_entry[np.maximum(geo_org, 0)], -1)

    def covered(g_idx: int) -> npt.NDArray[np.bool_]:
        a, b = span(layers[2 + g_idx], ends[2 + g_idx])
        depth = np.cumsum(np.bincount(a, minlength=size + 1) - np.bincount(b, minlength=size + 1))[:size]
        return depth > 0

    # Lists that others exclude may come later in the painting order: compute them first.
    excluded = {key for g in groups for key in g.exclude}
    covers = {g.key: covered(i) for i, g in enumerate(groups) if g.key in excluded}
    painted_class = -1
    for g_idx, group in enumerate(groups):
        cls_idx = PRECEDENCE.index(group.ip_class)
        _paint_entries(src, entry_of, entry_class, painted_class, cls_idx, n_groups)
        painted_class = max(painted_class, cls_idx - 1)
        cover = covers[group.key] if group.key in covers else covered(g_idx)
        for key in group.exclude:
            cover = cover & ~covers[key]
        src[cover & (src == 0)] = g_idx + 1
    _paint_entries(src, entry_of, entry_class, painted_class, len(PRECEDENCE), n_groups)
    keep = np.ones(size, dtype=np.bool_)
    keep[1:] = (geo_country[1:] != geo_country[:-1]) | (geo_org[1:] != geo_org[:-1]) | (src[1:] != src[:-1])
    return _Table(
        start_hi=b_hi[keep] if version == 6 else np.zeros(0, np.uint64),
        start_lo=b_lo[keep],
        country=geo_country[keep].astype(np.int16),
        org=geo_org[keep].astype(np.int32),
        src=src[keep].astype(np.int16),
    )


def _paint_entries(src: I64, entry_of: I64, entry_class: I64, done: int, upto: int, n_groups: int) -> None:
    """asn_classes.toml entries of classes ranked (done, upto) go after that class's feeds."""
    if done + 1 >= upto:
        return
    cls = np.where(entry_of >= 0, entry_class[np.maximum(entry_of, 0)], -1)
    mask = (src == 0) & (cls > done) & (cls < upto)
    src[mask] = n_groups + 1 + entry_of[mask]
