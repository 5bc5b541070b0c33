"""Near-identical photos: perceptual hashes a few bits apart, found without comparing all pairs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.link.graphs import kinds, linked
from unmask.enrich import Intelligence
from unmask.link.photos import HASH_BITS, bands
from unmask.store import Workspace

BASE = 0x9F3A_5C71_0E2D_B468


def flipped(value: int, *bits: int) -> str:
    for b in bits:
        value ^= 1 << b
    return f"{value:016x}"


def photo(wid: str, hash_: str) -> dict[str, str]:
    return {"worker_id": wid, "source": "linkedin", "photo_hash": hash_}


@pytest.mark.parametrize("max_distance", [0, 1, 2, 3, 5, 7])
def test_bands_cover_the_hash_once(max_distance: int) -> None:
    cut = bands(max_distance)
    assert len(cut) == max_distance + 1
    assert sum(width for _, width in cut) == HASH_BITS
    assert [shift for shift, _ in cut] == sorted(shift for shift, _ in cut)


@pytest.mark.parametrize(
    ("bits", "links"),
    [
        ((), True),
        ((0,), True),
        ((5, 40), True),
        ((0, 16, 32), True),  # one flip in each of three bands: a fourth band still agrees
        ((0, 1, 2, 3), False),
        ((3, 19, 35, 51, 60), False),
    ],
)
def test_photos_link_up_to_the_distance(
    tmp_path: Path, ws: Workspace, intel: Intelligence, bits: tuple[int, ...], links: bool
) -> None:
    graph = linked(
        tmp_path, ws, intel, {"profiles": [photo("a", flipped(BASE)), photo("b", flipped(BASE, *bits))]}
    )
    assert ("photo" in kinds(graph, "a", "b")) is links
    if links:
        (link,) = graph.links
        assert link.strength == pytest.approx(0.8 * (1 - 0.1 * len(bits)))
        assert (f"{len(bits)} bit" if bits else "(identical)") in link.value
        assert {r.table for r in link.rows} == {"profiles"}


def test_a_default_avatar_links_nobody(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    rows = [photo(f"w{i:02d}", flipped(BASE)) for i in range(60)]  # the platform's blank avatar …
    rows += [photo(f"v{i:02d}", flipped(BASE, i)) for i in range(5)]  # … and re-encoded copies of it
    rows += [photo("x", flipped(0x0123_4567_89AB_CDEF)), photo("y", flipped(0x0123_4567_89AB_CDEF, 9))]
    graph = linked(tmp_path, ws, intel, {"profiles": rows})
    assert {(k.a, k.b) for k in graph.links} == {("x", "y")}


def test_every_close_pair_among_many_random_hashes_is_found(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    rng = random.Random(5)
    rows, planted = [], set()
    for i in range(400):
        rows.append(photo(f"r{i:03d}", f"{rng.getrandbits(64):016x}"))
    for i in range(40):  # planted near-copies, 0-3 bits apart
        original = int(rows[i]["photo_hash"], 16)
        copy = flipped(original, *rng.sample(range(64), rng.randint(0, 3)))
        rows.append(photo(f"s{i:03d}", copy))
        planted.add((f"r{i:03d}", f"s{i:03d}"))
    graph = linked(tmp_path, ws, intel, {"profiles": rows})
    assert {(k.a, k.b) for k in graph.links} == planted
