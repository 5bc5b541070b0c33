"""The places enrichment: country points, claimed cities, and each worker's claimed home."""

from __future__ import annotations

from pathlib import Path

from tests.bundles import worker, write_bundle
from unmask.enrich import Intelligence
from unmask.enrich.places import CITY_PRECISION_KM, enrich_places
from unmask.ingest import ingest_bundle
from unmask.store import Workspace


def _people(tmp_path: Path, name: str, *rows: dict[str, object]) -> Path:
    return write_bundle(tmp_path / name, {"workers": list(rows)})


def test_claimed_places_use_the_city_when_known_else_the_country(tmp_path: Path, ws: Workspace) -> None:
    ingest_bundle(ws, _people(
        tmp_path, "a",
        worker("city", claimed_country="PL", claimed_city="Kraków"),
        worker("unknown_city", claimed_country="US", claimed_city="Springfield Gardens Nowhere"),
        worker("country_only", claimed_country="GB"),
        worker("nothing", claimed_country=None, claimed_city="Paris"),
    ))  # fmt: skip
    intel = Intelligence.open(tmp_path / "no-feeds")
    assert enrich_places(ws, intel) > 200  # every country's point, and the two claimed cities
    rows = {r["worker_id"]: r for r in ws.engine.rows("SELECT * FROM claimed_places")}
    assert set(rows) == {"city", "unknown_city", "country_only"}
    assert rows["city"]["source"] == "city" and rows["city"]["precision_km"] == CITY_PRECISION_KM
    assert abs(rows["city"]["lat"] - 50.06) < 0.05 and rows["city"]["country"] == "PL"
    us = ws.engine.rows("SELECT * FROM country_points WHERE country = 'US'")[0]
    assert rows["unknown_city"]["source"] == "country"
    assert (rows["unknown_city"]["lat"], rows["unknown_city"]["precision_km"]) == (us["lat"], us["radius_km"])
    assert rows["country_only"]["source"] == "country"


def test_a_second_run_adds_nothing_and_new_workers_are_placed(tmp_path: Path, ws: Workspace) -> None:
    intel = Intelligence.open(tmp_path / "no-feeds")
    ingest_bundle(ws, _people(tmp_path, "a", worker("w1", claimed_country="DE", claimed_city="Berlin")))
    enrich_places(ws, intel)
    assert enrich_places(ws, intel) == 0
    ingest_bundle(ws, _people(tmp_path, "b", worker("w2", claimed_country="DE", claimed_city="Hamburg")))
    assert enrich_places(ws, intel) == 1  # one new city looked up
    placed = ws.engine.rows("SELECT worker_id, source FROM claimed_places ORDER BY 1")
    assert placed == [{"worker_id": "w1", "source": "city"}, {"worker_id": "w2", "source": "city"}]
