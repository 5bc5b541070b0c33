"""Offline IP → country and AS organisation from geoip2fast's package data, as integer ranges.

geoip2fast looks addresses up one at a time (~15 µs each). We flatten its tables
once into sorted numpy arrays so a whole column of addresses is resolved with
binary searches, and so the demo can draw real addresses of a given country.

Addresses are parsed column-wise too (``parse_ips``): IPv4 on the raw bytes of an
Arrow string array, IPv6 field by field, with no Python call per row except for
rare spellings (embedded IPv4, zone ids). A 128-bit address is two ``uint64``
halves; an IPv4 address is ``lo`` with ``hi == 0`` and ``version == 4``.

geoip2fast's data files are pickles: we open the one inside the installed
package by its absolute path, never a file from the working directory (which
geoip2fast itself would try first) nor a path a user supplies.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import importlib.resources
import ipaddress
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# Country AND AS-organisation tables for IPv4 + IPv6 (same MaxMind GeoLite2 build as the
# country-only file); package data, trusted. It keeps AS org names, not AS numbers.
_DATA_FILE = "geoip2fast-asn-ipv6.dat.gz"
_FIRST_REAL_COUNTRY = 16  # indices below are private/reserved blocks in geoip2fast's table
_NO_ORG = {"", "<unknown>", "IANA.ORG"}
_MAX_TEXT = 45  # longest textual IPv6 (with embedded IPv4)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)

# 16-bit group value of each hex digit byte; 255 marks a byte that is not a hex digit.
_HEX = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate("0123456789abcdef"):
    _HEX[ord(_c)] = _HEX[ord(_c.upper())] = _i
_SHORT, _LONG = 15, _MAX_TEXT  # widths rows are padded to: dotted quads fit in 15 bytes


@dataclass(frozen=True)
class Addresses:
    """A parsed column: ``version`` 4, 6 or 0 (null or malformed), value = (hi << 64) | lo."""

    version: npt.NDArray[np.uint8]
    hi: U64
    lo: U64


def as_string_array(values: Sequence[str | None] | pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous Arrow ``string`` array (no copy when it already is one)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    if not isinstance(values, pa.Array):
        return pa.array(values, type=pa.string())
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    return values if values.type == pa.string() else values.cast(pa.string())


def parse_ips(values: Sequence[str | None] | pa.Array | pa.ChunkedArray) -> Addresses:
    """Parse a column of textual addresses at once; surrounding whitespace is ignored.

    Rows are left-padded with spaces to a fixed width (one Arrow kernel), so the
    row of any byte is its position // width and no per-row Python runs.
    """
    arr = as_string_array(values)
    n = len(arr)
    out = Addresses(np.zeros(n, np.uint8), np.zeros(n, np.uint64), np.zeros(n, np.uint64))
    if n == 0 or arr.null_count == n:
        return out
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset : arr.offset + n + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    if bool((data <= 32).any()) or bool((data >= 128).any()):  # rare: strip, drop non-ASCII
        arr = pc.utf8_trim_whitespace(arr)
        arr = pc.if_else(pc.string_is_ascii(arr), arr, pa.scalar(None, pa.string()))
    length = pc.fill_null(pc.binary_length(arr), 0).to_numpy()
    for low, width in ((2, _SHORT), (_SHORT + 1, _LONG)):
        rows = np.flatnonzero((length >= low) & (length <= width))
        if rows.size:
            sub = arr if rows.size == n else arr.take(pa.array(rows))
            _parse_block(pc.ascii_lpad(sub, width, " "), width, length[rows], rows, out)
    return out


def _parse_block(padded: pa.Array, width: int, length: I64, rows: I64, out: Addresses) -> None:
    """Parse rows padded to ``width`` bytes each; results go to ``out`` at ``rows``."""
    m = rows.size
    offsets = np.frombuffer(padded.buffers()[1], dtype=np.int32)[padded.offset : padded.offset + m + 1]
    flat = np.frombuffer(padded.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    end = np.arange(1, m + 1, dtype=np.int64) * width
    start = end - length
    dots = np.flatnonzero(flat == 46)
    colons = np.flatnonzero(flat == 58)
    n_dots = np.bincount(dots // width, minlength=m)
    n_colons = np.bincount(colons // width, minlength=m)
    n_pct = np.bincount(np.flatnonzero(flat == 37) // width, minlength=m)  # zone ids: fe80::1%eth0
    first_dot = np.cumsum(n_dots) - n_dots
    first_colon = np.cumsum(n_colons) - n_colons
    v4 = np.flatnonzero((n_dots == 3) & (n_colons == 0))
    v6 = np.flatnonzero((n_colons >= 2) & (n_colons <= 8) & (n_dots == 0) & (n_pct == 0))
    rare = np.flatnonzero((n_colons >= 2) & ((n_dots > 0) | (n_pct > 0)))
    if v4.size:
        value, good = _parse_v4(flat, dots, first_dot[v4], start[v4], end[v4])
        out.version[rows[v4[good]]] = 4
        out.lo[rows[v4[good]]] = value[good]
    if v6.size:
        h, low, good = _parse_v6(flat, colons, first_colon[v6], n_colons[v6], start[v6], end[v6])
        out.version[rows[v6[good]]] = 6
        out.hi[rows[v6[good]]] = h[good]
        out.lo[rows[v6[good]]] = low[good]
    texts = padded.take(pa.array(rare)).to_pylist() if rare.size else []
    for i, text in zip(rows[rare].tolist(), texts, strict=True):
        _parse_rare(text.strip(), i, out)


def _digits(flat: npt.NDArray[np.uint8], f_start: I64, f_end: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
    """Decimal value of each 1-3 digit field and whether all its bytes are digits."""
    value = np.zeros(f_start.shape, dtype=np.int64)
    good = np.ones(f_start.shape, dtype=np.bool_)
    for k, scale in enumerate((1, 10, 100)):
        pos = f_end - 1 - k
        inside = pos >= f_start
        digit = flat[np.where(inside, pos, f_end - 1)].astype(np.int64) - 48
        good &= ~inside | ((digit >= 0) & (digit <= 9))
        value += np.where(inside, digit, 0) * scale
    return value, good


def _parse_v4(
    flat: npt.NDArray[np.uint8], dots: I64, first_dot: I64, start: I64, end: I64
) -> tuple[U64, npt.NDArray[np.bool_]]:
    """Dotted quads: rows holding exactly three dots and no colon."""
    d = dots[first_dot[:, None] + np.arange(3)]
    f_start = np.column_stack([start, d + 1])
    f_end = np.column_stack([d, end])
    length = f_end - f_start
    good = ((length >= 1) & (length <= 3)).all(axis=1)
    f_end = np.where(length >= 1, f_end, f_start + 1)  # keep gathers inside the row
    octet, digits_ok = _digits(flat, f_start, f_end)
    leading_zero = (length > 1) & (flat[f_start] == 48)  # "010" is ambiguous (octal?): refused
    good &= digits_ok.all(axis=1) & ~leading_zero.any(axis=1) & (octet <= 255).all(axis=1)
    value = (octet[:, 0] << 24) | (octet[:, 1] << 16) | (octet[:, 2] << 8) | octet[:, 3]
    return np.where(good, value, 0).astype(np.uint64), good


def _parse_v6(
    flat: npt.NDArray[np.uint8], colons: I64, first_colon: I64, n_colons: I64, start: I64, end: I64
) -> tuple[U64, U64, npt.NDArray[np.bool_]]:
    """Hex groups split at colons, with at most one ``::``, placed into eight 16-bit slots."""
    rows = start.size
    nf = n_colons + 1  # fields per row
    row = np.repeat(np.arange(rows), nf)
    row_first = np.cumsum(nf) - nf
    j = np.arange(row.size) - row_first[row]  # field index within its row
    f_start = np.where(j == 0, start[row], colons[np.maximum(first_colon[row] + j - 1, 0)] + 1)
    f_end = np.where(j == n_colons[row], end[row], colons[np.minimum(first_colon[row] + j, colons.size - 1)])
    length = f_end - f_start
    value = np.zeros(row.size, dtype=np.uint64)
    hex_ok = np.ones(row.size, dtype=np.bool_)
    for k in range(4):
        pos = f_end - 1 - k
        inside = pos >= f_start
        digit = _HEX[flat[np.where(inside, pos, 0)]]
        hex_ok &= ~inside | (digit != 255)
        value |= np.where(inside, digit, 0).astype(np.uint64) << np.uint64(4 * k)
    empty = length == 0
    n_empty = np.add.reduceat(empty.astype(np.int64), row_first)
    bad = np.add.reduceat((~hex_ok | (length > 4)).astype(np.int64), row_first)
    f = np.minimum.reduceat(np.where(empty, j, 99), row_first)  # first and last empty field
    la = np.maximum.reduceat(np.where(empty, j, -1), row_first)
    nc = n_colons
    # Empty fields come from "::": one in the middle, two at either end, three for "::" alone.
    good = (bad == 0) & ((n_empty == 0) | (la - f + 1 == n_empty))
    good &= np.select(
        [n_empty == 0, n_empty == 1, n_empty == 2, n_empty == 3],
        [
            nc == 7,
            (f > 0) & (f < nc) & (nc <= 7),
            ((f == 0) & (la == 1)) | ((f == nc - 1) & (la == nc)),
            nc == 2,
        ],
        default=False,
    )
    slot = np.where((n_empty[row] > 0) & (j > la[row]), j + 7 - nc[row], j)
    keep = ~empty & good[row] & (slot >= 0) & (slot <= 7)
    groups = np.zeros((rows, 8), dtype=np.uint64)
    groups[row[keep], slot[keep]] = value[keep]
    shifts = np.array([48, 32, 16, 0], dtype=np.uint64)
    hi = np.bitwise_or.reduce(groups[:, :4] << shifts, axis=1)
    lo = np.bitwise_or.reduce(groups[:, 4:] << shifts, axis=1)
    return hi, lo, good


def _parse_rare(text: str, i: int, out: Addresses) -> None:
    """Embedded-IPv4 and zone-id spellings, through the standard library (few rows)."""
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        out.version[i], out.lo[i] = 4, int(addr.ipv4_mapped)
        return
    value = int(addr)
    out.version[i], out.hi[i], out.lo[i] = addr.version, value >> 64, value & 0xFFFFFFFFFFFFFFFF


def cidr_end(version: int, hi: U64, lo: U64, prefix: I64) -> tuple[U64, U64, U64, U64]:
    """(start_hi, start_lo, end_hi, end_lo) of each network; host bits are cleared."""
    bits = 32 if version == 4 else 128
    host = (bits - prefix).astype(np.uint64)
    one = np.uint64(1)
    if version == 4:
        mask = (one << host) - one
        return hi * 0, lo & ~mask, hi * 0, lo | mask
    lo_mask = np.where(host >= 64, _ALL, (one << np.minimum(host, 63)) - one)
    hi_host = np.where(host > 64, host - np.uint64(64), np.uint64(0))
    hi_mask = np.where(hi_host >= 64, _ALL, (one << np.minimum(hi_host, 63)) - one)
    return hi & ~hi_mask, lo & ~lo_mask, hi | hi_mask, lo | lo_mask


@dataclass(frozen=True)
class Ranges:
    """Sorted, non-overlapping ranges of one address family with an integer label each."""

    start_hi: U64
    start_lo: U64
    end_hi: U64
    end_lo: U64
    label: I64


@dataclass(frozen=True)
class GeoTables:
    """geoip2fast's country and AS-organisation layers, per address family."""

    countries: list[str | None]  # label → ISO code (None: private/reserved/unknown)
    orgs: list[str | None]  # label → AS organisation name
    country: dict[int, Ranges]
    org: dict[int, Ranges]
    source: str


def _ranges(firsts: list[Any], netlens: list[Any], labels: list[Any]) -> dict[int, Ranges]:
    first = [x for chunk in firsts for x in chunk]
    netlen = np.fromiter((x for chunk in netlens for x in chunk), dtype=np.int64, count=len(first))
    label = np.fromiter((x for chunk in labels for x in chunk), dtype=np.int64, count=len(first))
    is6 = np.fromiter((x > 0xFFFFFFFF for x in first), dtype=np.bool_, count=len(first))
    out: dict[int, Ranges] = {}
    for version, rows in ((4, np.flatnonzero(~is6)), (6, np.flatnonzero(is6))):
        values = [first[i] for i in rows.tolist()]
        if version == 4:
            lo = np.array(values, dtype=np.uint64)
            hi = np.zeros_like(lo)
        else:
            hi = np.array([v >> 64 for v in values], dtype=np.uint64)
            lo = np.array([v & 0xFFFFFFFFFFFFFFFF for v in values], dtype=np.uint64)
        sh, sl, eh, el = cidr_end(version, hi, lo, netlen[rows])
        order = np.lexsort((sl, sh))  # binary searches need (hi, lo) order; don't rely on the pickle's
        out[version] = Ranges(sh[order], sl[order], eh[order], el[order], label[rows][order])
    return out


@cache
def load_geoip_tables() -> GeoTables:
    """Read geoip2fast's bundled country+ASN file once per process."""
    resource = importlib.resources.files("geoip2fast").joinpath(_DATA_FILE)
    with importlib.resources.as_file(resource) as path, gzip.open(path, "rb") as handle:
        _version, info, _total, db = pickle.load(handle)  # package data, not user input
    (_, _, country_names, org_names, firsts, org_firsts, country_ids, org_ids, netlens, org_netlens) = db
    codes = [entry.split(":", 1)[0] for entry in country_names]
    countries = [c if i >= _FIRST_REAL_COUNTRY and c != "99" else None for i, c in enumerate(codes)]
    orgs = [None if name in _NO_ORG else name for name in org_names]
    return GeoTables(
        countries=countries,
        orgs=orgs,
        country=_ranges(firsts, netlens, country_ids),
        org=_ranges(org_firsts, org_netlens, org_ids),
        source=f"geoip2fast {importlib.metadata.version('geoip2fast')} {info.get('info', '')}".strip(),
    )


@dataclass(frozen=True)
class GeoIndex:
    """Country ranges (IPv4 as plain arrays, which the demo samples from)."""

    v4_start: U64
    v4_end: U64
    v4_country: npt.NDArray[np.object_]
    v6: Ranges
    country_names: list[str | None]
    source: str

    def countries(self, ips: Sequence[str | None]) -> list[str | None]:
        """ISO country of each address; None for private, reserved, unknown or malformed."""
        addrs = parse_ips(ips)
        out: list[str | None] = [None] * len(addrs.version)
        for version in (4, 6):
            rows = np.flatnonzero(addrs.version == version)
            if rows.size == 0:
                continue
            if version == 4:
                at = np.searchsorted(self.v4_start, addrs.lo[rows], side="right") - 1
                hit = (at >= 0) & (addrs.lo[rows] <= self.v4_end[np.maximum(at, 0)])
                found = self.v4_country[np.maximum(at, 0)]
            else:
                at, hit = _search128(self.v6, addrs.hi[rows], addrs.lo[rows])
                found = np.array(self.country_names, dtype=object)[self.v6.label[at]]
            for pos, ok, country in zip(rows.tolist(), hit.tolist(), found.tolist(), strict=True):
                out[pos] = country if ok else None
        return out

    def sample_ipv4(self, country: str, n: int, rng: np.random.Generator) -> list[str]:
        """``n`` real public IPv4 addresses that this index places in ``country``."""
        rows = np.flatnonzero(self.v4_country == country)
        if rows.size == 0:
            raise ValueError(f"no IPv4 ranges for country {country!r}")
        sizes = (self.v4_end[rows] - self.v4_start[rows] + 1).astype(np.float64)
        picks = rng.choice(rows, size=n, p=sizes / sizes.sum())
        offsets = (rng.random(n) * (self.v4_end[picks] - self.v4_start[picks] + 1)).astype(np.uint64)
        values = self.v4_start[picks] + offsets
        return [str(ipaddress.IPv4Address(int(v))) for v in values]


def bisect_right128(start_hi: U64, start_lo: U64, hi: U64, lo: U64) -> I64:
    """How many of the sorted 128-bit ``starts`` are <= each (hi, lo): numpy's bisect, two halves.

    ``searchsorted`` on the high half finds the block of starts sharing it; a vectorised
    binary search on the low half inside each block finishes the job. The loop runs
    log2(largest block) times over the whole column, never once per address.
    """
    left = np.searchsorted(start_hi, hi, side="left").astype(np.int64)
    right = np.searchsorted(start_hi, hi, side="right").astype(np.int64)
    active = np.flatnonzero(left < right)
    a, b, q = left[active], right[active], lo[active]
    while a.size and bool((a < b).any()):
        mid = (a + b) // 2
        go = a < b
        le = start_lo[np.minimum(mid, start_lo.size - 1)] <= q
        a = np.where(go & le, mid + 1, a)
        b = np.where(go & ~le, mid, b)
    left[active] = a
    return left


def _search128(r: Ranges, hi: U64, lo: U64) -> tuple[I64, npt.NDArray[np.bool_]]:
    """Last range starting at or before each (hi, lo), and whether it also contains it."""
    at = bisect_right128(r.start_hi, r.start_lo, hi, lo) - 1
    a = np.maximum(at, 0)
    inside = (hi < r.end_hi[a]) | ((hi == r.end_hi[a]) & (lo <= r.end_lo[a]))
    return a, (at >= 0) & inside


@cache
def load_geo_index() -> GeoIndex:
    """The country layer of geoip2fast's tables (loaded once per process)."""
    tables = load_geoip_tables()
    v4 = tables.country[4]
    names = np.array(tables.countries, dtype=object)
    return GeoIndex(
        v4_start=v4.start_lo,
        v4_end=v4.end_lo,
        v4_country=names[v4.label],
        v6=tables.country[6],
        country_names=tables.countries,
        source=tables.source,
    )
