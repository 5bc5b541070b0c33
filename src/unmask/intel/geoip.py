"""Offline IP → country and AS organisation from geoip2fast's package data, as integer ranges.

geoip2fast looks addresses up one at a time (~15 µs each). We flatten its tables
once into sorted numpy arrays so a whole column of addresses is resolved with
binary searches, and so the demo can draw real addresses of a given country.

Addresses are parsed column-wise too (``parse_ips``), with no Python call per row.
Plain dotted quads and full eight-group IPv6 (the usual spellings) are right-aligned in
fixed-width rows of bytes: the bit mask of their dots or colons gives each field's
columns (``_fast_v4``, ``_fast_v6``). What they refuse (IPv6 with "::", junk) goes field
by field (``_parse_block``), and rare spellings (embedded IPv4, zone ids) through
``ipaddress``. A 128-bit address is two ``uint64`` halves; an IPv4 address
is ``lo`` with ``hi == 0`` and ``version == 4``.

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
from typing import Any, cast

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
_W4, _W6 = 16, 40  # fast paths: whole 8-byte words per row
_ONES = np.uint64(0x0101010101010101)
_PACK = np.uint64(0x0102040810204080)  # gathers the low bit of 8 bytes into the top byte
# Per length of a decimal field: its least value (no leading zero) and how far above it it may go.
_LEAST = np.array([999, 0, 10, 100, 999], dtype=np.uint16)
_SPAN = np.array([0, 255, 245, 155, 0], dtype=np.uint16)
_STAND_IN = np.uint64(sum(1 << (5 * k + 4) for k in range(7)))  # colons of a refused row: harmless


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

    Plain dotted quads and full eight-group IPv6 go through fixed-width fast paths
    (``_fast_v4``, ``_fast_v6``); whatever they refuse takes the general path below.
    """
    arr = as_string_array(values)
    n = len(arr)
    out = Addresses(np.zeros(n, np.uint8), np.zeros(n, np.uint64), np.zeros(n, np.uint64))
    if n == 0 or arr.null_count == n:
        return out
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset : arr.offset + n + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    if bool(((data - np.uint8(33)) > 94).any()):  # rare (space, control, non-ASCII): strip, drop non-ASCII
        arr = pc.utf8_trim_whitespace(arr)
        arr = pc.if_else(pc.string_is_ascii(arr), arr, pa.scalar(None, pa.string()))
    length = pc.binary_length(arr)
    length = (pc.fill_null(length, 0) if length.null_count else length).to_numpy()
    for low, width, fast in ((7, _W4, _fast_v4), (15, _W6, _fast_v6)):
        rows = np.flatnonzero((length >= low) & (length <= width))
        if rows.size:
            sub = arr if rows.size == n else arr.filter(pa.array((length >= low) & (length <= width)))
            fast(_padded(sub, width, "0"), length[rows], rows, out)
    left = np.flatnonzero((out.version == 0) & (length >= 2) & (length <= _LONG))
    for low, width in ((2, _SHORT), (_SHORT + 1, _LONG)):
        rows = left[(length[left] >= low) & (length[left] <= width)]
        if rows.size:
            sub = arr.take(pa.array(rows))
            _parse_block(pc.ascii_lpad(sub, width, " "), width, length[rows], rows, out)
    return out


def _padded(sub: pa.Array, width: int, pad: str) -> npt.NDArray[np.uint8]:
    """Rows left-padded to ``width`` bytes, as an (rows, width) byte matrix (no copy)."""
    padded = pc.ascii_lpad(sub, width, pad)
    m = len(padded)
    offsets = np.frombuffer(padded.buffers()[1], dtype=np.int32)[padded.offset : padded.offset + m + 1]
    flat = np.frombuffer(padded.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return flat.reshape(m, width)


def _v4_shapes() -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Dot bit masks of a right-aligned quad → shape id; per shape the columns ending octets 1-3
    and the lengths of octets 2-4."""
    shape = np.full(1 << _W4, -1, dtype=np.int8)
    ends: list[tuple[int, int, int]] = []
    sizes: list[tuple[int, int, int]] = []
    lens = (1, 2, 3)
    for l2, l3, l4 in ((a, b, c) for a in lens for b in lens for c in lens):
        p3 = _W4 - 1 - l4
        p2 = p3 - 1 - l3
        p1 = p2 - 1 - l2
        shape[(1 << p1) | (1 << p2) | (1 << p3)] = len(ends)
        ends.append((p1 - 1, p2 - 1, p3 - 1))
        sizes.append((l2, l3, l4))
    return shape, np.array(ends, dtype=np.int32).T.copy(), np.array(sizes, dtype=np.int32).T.copy()


_V4_SHAPE, _V4_ENDS, _V4_SIZE = _v4_shapes()


def _bitmask(hit: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint64]:
    """(rows, 8k) booleans → per row one bit per column, columns 0-7 of each 8-byte word."""
    words = hit.view(np.uint64)  # each byte is 0 or 1
    mask = np.zeros(hit.shape[0], dtype=np.uint64)
    for w in range(words.shape[1]):
        mask |= ((words[:, w] * _PACK) >> np.uint64(56)) << np.uint64(8 * w)
    return mask


def _fast_v4(m: npt.NDArray[np.uint8], length: I64, rows: I64, out: Addresses) -> None:
    """Dotted quads right-aligned in 16 '0'-padded bytes: shape from the dot mask, octets by column."""
    digit = m - np.uint8(48)
    dot = digit == 254
    is_digit = digit < 10
    clean = (is_digit | dot).view(np.uint64)
    ok = (clean[:, 0] & clean[:, 1]) == _ONES
    shape = np.take(_V4_SHAPE, _bitmask(dot).astype(np.intp))
    ok &= shape >= 0
    digit *= is_digit  # dots → 0
    flat = digit.ravel()
    base = np.arange(0, flat.size, _W4, dtype=np.intp)
    value = np.zeros(m.shape[0], dtype=np.uint32)
    for i in range(4):
        at = base + (np.take(_V4_ENDS[i], shape) if i < 3 else _W4 - 1)
        units, tens = np.take(flat, at), np.take(flat, at - 1)
        hundreds: npt.NDArray[np.uint8] = np.take(flat, at - 2)
        if i:  # a one-digit field's "hundreds" are the previous field's digit
            size = np.take(_V4_SIZE[i - 1], shape)
            hundreds *= size != 1
        else:  # the pad is zeros: the field's length comes from the row's length
            size = np.clip(np.take(_V4_ENDS[0], shape) + 1 - (_W4 - length), 0, 4)
        octet = cast(npt.NDArray[np.uint16], hundreds * np.uint16(100) + tens * np.uint16(10) + units)
        ok &= (octet - np.take(_LEAST, size)) <= np.take(_SPAN, size)  # wraps below the least
        value = (value << np.uint32(8)) | octet
    good = rows[ok]
    out.version[good] = 4
    out.lo[good] = value[ok]


def _fast_v6(m: npt.NDArray[np.uint8], length: I64, rows: I64, out: Addresses) -> None:
    """Eight hex groups and seven colons (no "::"), right-aligned in 40 '0'-padded bytes."""
    digit = np.take(_HEX, m)
    colon = m == 58
    is_hex = digit != 255
    clean = (is_hex | colon).view(np.uint64)
    ok = np.bitwise_and.reduce(clean, axis=1) == _ONES
    cmask = _bitmask(colon)
    ok &= (np.bitwise_count(cmask) == 7) & ((cmask & (cmask >> np.uint64(1))) == 0)
    ok &= (cmask >> np.uint64(_W6 - 1)) == 0  # no trailing colon
    free = ~cmask & np.uint64((1 << _W6) - 1)
    run5 = free & (free >> np.uint64(1)) & (free >> np.uint64(2)) & (free >> np.uint64(3))
    run5 &= free >> np.uint64(4)  # five hex digits in a row: too long a group
    below = (cmask & (~cmask + np.uint64(1))) - np.uint64(1)  # bits below the first colon
    size = np.bitwise_count(below).astype(np.int64) - (_W6 - length)  # of the first group
    ok &= ((run5 & ~below) == 0) & (size >= 1) & (size <= 4)
    cmask[~ok] = _STAND_IN
    digit *= is_hex  # colons → 0
    hexes = is_hex.ravel()
    d = digit.ravel().astype(np.uint16)
    run = d.copy()  # value of the (up to) four hex digits ending at each byte, cut at colons
    run[1:] |= d[:-1] << np.uint16(4)
    run[2:] |= (d[:-2] << np.uint16(8)) * hexes[1:-1]
    run[3:] |= (d[:-3] << np.uint16(12)) * (hexes[1:-2] & hexes[2:-1])
    last = np.arange(-1, m.size - 1, _W6, dtype=np.intp)  # before each row; the pad keeps reads inside
    halves = [np.zeros(m.shape[0], dtype=np.uint64), np.zeros(m.shape[0], dtype=np.uint64)]
    for k in range(8):
        if k < 7:
            low = cmask & (~cmask + np.uint64(1))
            cmask ^= low
            at = last + np.bitwise_count(low - np.uint64(1)).astype(np.intp)
        else:
            at = last + _W6
        group = np.take(run, at).astype(np.uint64)
        halves[k // 4] |= group << np.uint64(48 - 16 * (k % 4))
    good = rows[ok]
    out.version[good] = 6
    out.hi[good] = halves[0][ok]
    out.lo[good] = halves[1][ok]


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
    first_colon = np.cumsum(n_colons) - n_colons
    v6 = np.flatnonzero((n_colons >= 2) & (n_colons <= 8) & (n_dots == 0) & (n_pct == 0))
    rare = np.flatnonzero((n_colons >= 2) & ((n_dots > 0) | (n_pct > 0)))
    if v6.size:
        h, low, good = _parse_v6(flat, colons, first_colon[v6], n_colons[v6], start[v6], end[v6])
        out.version[rows[v6[good]]] = 6
        out.hi[rows[v6[good]]] = h[good]
        out.lo[rows[v6[good]]] = low[good]
    texts = padded.take(pa.array(rare)).to_pylist() if rare.size else []
    for i, text in zip(rows[rare].tolist(), texts, strict=True):
        _parse_rare(text.strip(), i, out)


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
