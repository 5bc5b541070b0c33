"""Offline IP → country from the data geoip2fast ships, as sorted integer ranges.

geoip2fast looks addresses up one at a time (~15 µs each). We flatten its tables
once into sorted arrays so a whole column of addresses is resolved with one
binary search (``numpy.searchsorted``), and so the demo can draw real addresses
of a given country. geoip2fast's data files are pickles: we only ever load the
ones inside the installed package, never a path a user supplies.
"""

from __future__ import annotations

import bisect
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

# geoip2fast's country file for IPv4 and IPv6; package data, trusted.
_DATA_FILE = "geoip2fast-ipv6.dat.gz"
_FIRST_REAL_COUNTRY = 16  # indices below are private/reserved blocks in geoip2fast's table


@dataclass(frozen=True)
class GeoIndex:
    v4_start: npt.NDArray[np.uint64]
    v4_end: npt.NDArray[np.uint64]
    v4_country: npt.NDArray[np.object_]
    v6_start: list[int]
    v6_end: list[int]
    v6_country: list[str | None]
    source: str

    def countries(self, ips: Sequence[str | None]) -> list[str | None]:
        """ISO country of each address; None for private, reserved, unknown or malformed."""
        out: list[str | None] = [None] * len(ips)
        v4_pos: list[int] = []
        v4_int: list[int] = []
        for i, text in enumerate(ips):
            if not text:
                continue
            try:
                addr = ipaddress.ip_address(text.strip())
            except ValueError:
                continue
            if addr.version == 4:
                v4_pos.append(i)
                v4_int.append(int(addr))
            else:
                out[i] = self._v6(int(addr))
        if v4_int:
            values = np.asarray(v4_int, dtype=np.uint64)
            idx = np.searchsorted(self.v4_start, values, side="right") - 1
            ok = (idx >= 0) & (values <= self.v4_end[np.maximum(idx, 0)])
            found = self.v4_country[np.maximum(idx, 0)]
            for pos, hit, country in zip(v4_pos, ok.tolist(), found.tolist(), strict=True):
                out[pos] = country if hit else None
        return out

    def _v6(self, value: int) -> str | None:
        i = bisect.bisect_right(self.v6_start, value) - 1
        if i >= 0 and value <= self.v6_end[i]:
            return self.v6_country[i]
        return None

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


@cache
def load_geo_index() -> GeoIndex:
    """Flatten geoip2fast's in-memory tables (loaded once per process)."""
    from geoip2fast import GeoIP2Fast
    from geoip2fast import geoip2fast as tables

    reader = GeoIP2Fast(geoip2fast_data_file=_DATA_FILE)
    names = [entry.split(":", 1)[0] for entry in tables.mainListNamesCountry]
    v4_start: list[int] = []
    v4_end: list[int] = []
    v4_country: list[str | None] = []
    v6_start: list[int] = []
    v6_end: list[int] = []
    v6_country: list[str | None] = []
    for firsts, netlens, codes in zip(
        tables.mainListFirstIP, tables.mainListNetlength, tables.mainListIDCountryCodes, strict=True
    ):
        for first, netlen, code in zip(firsts, netlens, codes, strict=True):
            country = names[code] if code >= _FIRST_REAL_COUNTRY and names[code] != "99" else None
            if first <= tables.MAX_IPv4:
                v4_start.append(first)
                v4_end.append(first + tables.numIPsv4[netlen] - 1)
                v4_country.append(country)
            else:
                v6_start.append(first)
                v6_end.append(first + tables.numIPsv6[netlen] - 1)
                v6_country.append(country)
    order = np.argsort(np.asarray(v4_start, dtype=np.uint64), kind="stable")
    return GeoIndex(
        v4_start=np.asarray(v4_start, dtype=np.uint64)[order],
        v4_end=np.asarray(v4_end, dtype=np.uint64)[order],
        v4_country=np.asarray(v4_country, dtype=object)[order],
        v6_start=v6_start,
        v6_end=v6_end,
        v6_country=v6_country,
        source=f"geoip2fast {reader.source_info if hasattr(reader, 'source_info') else ''}".strip(),
    )
