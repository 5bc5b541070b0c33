"""Offline IP classification: country, AS organisation and network class of each address.

``IpIntel.load(feeds)`` folds three layers into ONE sorted step function per address
family, so that ``classify`` costs a single search per address (IPv4: a /18 directory,
then a binary search for the addresses whose /18 holds a boundary):

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
import os
import tomllib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
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
    ("country", pa.dictionary(pa.int16(), pa.string())),
    ("as_org", pa.dictionary(pa.int32(), pa.string())),
    ("asn", pa.int64()),
    ("ip_class", pa.dictionary(pa.int8(), pa.string())),
    ("class_source", pa.dictionary(pa.int16(), pa.string())),
])  # fmt: skip
_LOW32 = np.uint64(0xFFFFFFFF)
_DIR_BITS = 18  # IPv4 directory: one entry per /18 (1 MiB)
_DIR_STARTS = np.arange((1 << _DIR_BITS) + 1, dtype=np.uint64) << np.uint64(32 - _DIR_BITS)


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
    """A step function over one address family: interval k starts at (start_hi[k], start_lo[k]).

    IPv4 keeps its starts as ``uint32`` (``start_lo`` is then empty): the last boundary,
    2**32, is dropped, as no address reaches it.
    """

    start_hi: U64
    start_lo: U64
    start32: npt.NDArray[np.uint32]
    directory: npt.NDArray[np.int32]  # IPv4: starts below each /18 (one more entry: the end)
    packed: U64  # per interval: source id << 48 | country label << 32 | org label (16/16/32 bits, -1: none)

    def lookup_v4(self, lo: U64) -> I64:
        """Interval of each address. Most fall in a /18 holding no boundary, which the directory
        answers; the others take one ``searchsorted`` over the sorted queries, which walks the
        table once instead of jumping around it per address."""
        bucket = (lo >> np.uint64(32 - _DIR_BITS)).astype(np.intp)
        at = np.take(self.directory, bucket)
        miss = np.flatnonzero(np.take(self.directory, bucket + 1) != at)
        k = at.astype(np.int64) - 1
        if miss.size:
            key = (lo[miss] << np.uint64(32)) | miss.astype(np.uint64)
            key.sort()
            found = np.searchsorted(self.start32, (key >> np.uint64(32)).astype(np.uint32), side="right")
            k[(key & _LOW32).astype(np.intp)] = found - 1
        return k

    def lookup_v6(self, hi: U64, lo: U64) -> I64:
        """Search the high halves; only addresses whose high half starts an interval need both."""
        at = np.searchsorted(self.start_hi, hi, side="right").astype(np.int64) - 1
        tie = np.flatnonzero(self.start_hi[np.maximum(at, 0)] == hi)
        if tie.size:
            at[tie] = bisect_right128(self.start_hi, self.start_lo, hi[tie], lo[tie]) - 1
        return at

    @property
    def nbytes(self) -> int:
        starts = (self.start_hi, self.start_lo, self.start32, self.directory)
        return sum(a.nbytes for a in (*starts, self.packed))


@dataclass(frozen=True)
class IpIntel:
    """Loaded intelligence; build with ``IpIntel.load``. Immutable, safe to share between threads."""

    tables: dict[int, _Table]
    countries: pa.Array  # label → ISO alpha-2
    orgs: pa.Array  # label → AS organisation name
    org_asn: I64  # label → AS number, -1 when unknown
    src_class: npt.NDArray[np.int8]  # source id → index into IP_CLASSES
    src_text: pa.Array  # source id → class_source
    invalid: np.uint64  # the packed labels of a row that is not an address: see ``_Table.packed``
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
        named = (
            np.array([c is not None for c in geo.countries]),
            np.array([o is not None for o in geo.orgs]),
        )
        tables = {
            v: _build(v, geo.country[v], geo.org[v], named, order, org_entry, entry_class, n_groups)
            for v in (4, 6)
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
            invalid=_pack(np.array([len(texts) - 1]), np.array([-1]), np.array([-1]))[0],
            source_list=tuple(sources),
        )

    def classify(self, ips: Sequence[str | None] | pa.Array | pa.ChunkedArray) -> pa.Table:
        """One row per address, in order: see ``SCHEMA`` and the module docstring for the columns.

        ``ip`` is the input itself (no copy when it is one ``string`` array); ``country``,
        ``as_org``, ``ip_class`` and ``class_source`` are dictionary-encoded. Long columns are
        cut into blocks that stay in the CPU caches, resolved by a small thread pool (numpy
        and Arrow release the GIL), each block writing its own slice of the results.
        """
        arr = as_string_array(ips)
        n = len(arr)
        version = np.zeros(n, dtype=np.uint8)
        country = np.empty(n, dtype=np.int16)
        org = np.empty(n, dtype=np.int32)
        src = np.empty(n, dtype=np.int16)
        ip_class = np.empty(n, dtype=np.int8)
        asn = np.empty(n, dtype=np.int64)

        def block(start: int) -> None:
            part = slice(start, min(start + _BLOCK, n))
            packed = self._resolve(arr.slice(start, _BLOCK), version[part])
            org[part] = packed.astype(np.uint32).view(np.int32)
            country[part] = (packed >> np.uint64(32)).astype(np.uint16).view(np.int16)
            src[part] = (packed >> np.uint64(48)).astype(np.int16)
            ip_class[part] = self.src_class[src[part]]
            asn[part] = self.org_asn[org[part]]  # org -1 reads the last entry; masked below

        starts = range(0, n, _BLOCK)
        if len(starts) > 1:
            list(_pool().map(block, starts))
        elif n:
            block(0)
        no_org = org < 0
        return pa.Table.from_arrays(
            [
                arr,
                pa.array(version.view(np.int8)),
                _dictionary(country, country < 0, self.countries),
                _dictionary(org, no_org, self.orgs),
                pa.array(asn, mask=no_org | (asn < 0)),
                _dictionary(ip_class, None, _CLASS_NAMES),
                _dictionary(src, None, self.src_text),
            ],
            schema=SCHEMA,
        )

    def _resolve(self, arr: pa.Array, version: npt.NDArray[np.uint8]) -> U64:
        """Parse and look up one block: fills ``version``, returns the packed labels of each row."""
        addrs = parse_ips(arr)
        version[:] = addrs.version
        packed = np.full(len(arr), self.invalid, dtype=np.uint64)  # invalid unless found below
        for v, table in self.tables.items():
            is_v = addrs.version == v
            rows = np.arange(is_v.size, dtype=np.int64) if is_v.all() else np.flatnonzero(is_v)
            if rows.size == 0:
                continue
            k = table.lookup_v4(addrs.lo[rows]) if v == 4 else table.lookup_v6(addrs.hi[rows], addrs.lo[rows])
            packed[rows] = table.packed[k]
        return packed

    def sources(self) -> list[dict[str, Any]]:
        """What was loaded: feed name, where from, files with their entry counts, total entries."""
        return [dict(s) for s in self.source_list]

    def nbytes(self) -> int:
        """Memory held by the loaded arrays (tables, dictionaries, per-source texts)."""
        arrays = sum(t.nbytes for t in self.tables.values()) + self.org_asn.nbytes + self.src_class.nbytes
        return int(arrays + self.countries.nbytes + self.orgs.nbytes + self.src_text.nbytes)


_CLASS_NAMES = pa.array(IP_CLASSES, type=pa.string())
_BLOCK = 1 << 16  # addresses per block: its byte matrices and sort keys stay in cache


@cache
def _pool() -> ThreadPoolExecutor:
    """Shared by all ``IpIntel``s; a worker per CPU, at most 4 (the work is memory-bound)."""
    return ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="ipintel")


def _pack(src: npt.NDArray[Any], country: npt.NDArray[Any], org: npt.NDArray[Any]) -> U64:
    """One word per interval, so that a lookup gathers once: see ``_Table.packed``."""
    out = src.astype(np.uint64) << np.uint64(48)
    out |= country.astype(np.int16).view(np.uint16).astype(np.uint64) << np.uint64(32)
    return out | org.astype(np.int32).view(np.uint32).astype(np.uint64)


def _dictionary(indices: npt.NDArray[Any], null: npt.NDArray[np.bool_] | None, values: pa.Array) -> pa.Array:
    """A dictionary array over ``values``; ``null`` marks the rows without a value."""
    if null is not None:
        indices = np.maximum(indices, 0)  # null slots point at a real entry, for readers that peek
    return pa.DictionaryArray.from_arrays(pa.array(indices, mask=null), values, safe=False)  # in range


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
    named: tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
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
    # Labels without a name (private/reserved country, unknown org) count as none at all.
    geo_country = np.where((geo_country >= 0) & named[0][np.maximum(geo_country, 0)], geo_country, -1)
    geo_org = np.where((geo_org >= 0) & named[1][np.maximum(geo_org, 0)], geo_org, -1)
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
    starts = b_lo[keep]
    v4 = starts[starts <= _LOW32].astype(np.uint32) if version == 4 else np.zeros(0, np.uint32)
    return _Table(
        start_hi=b_hi[keep] if version == 6 else np.zeros(0, np.uint64),
        start_lo=starts if version == 6 else np.zeros(0, np.uint64),
        start32=v4,
        directory=np.searchsorted(v4, _DIR_STARTS if version == 4 else _DIR_STARTS[:0]).astype(np.int32),
        packed=_pack(src[keep], geo_country[keep], geo_org[keep]),
    )


def _paint_entries(src: I64, entry_of: I64, entry_class: I64, done: int, upto: int, n_groups: int) -> None:
    """asn_classes.toml entries of classes ranked (done, upto) go after that class's feeds."""
    if done + 1 >= upto:
        return
    cls = np.where(entry_of >= 0, entry_class[np.maximum(entry_of, 0)], -1)
    mask = (src == 0) & (cls > done) & (cls < upto)
    src[mask] = n_groups + 1 + entry_of[mask]
