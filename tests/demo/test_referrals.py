"""Referrals in the demo world (demo/referrals.py): who may refer whom, and how often.

Rates are measured on four 1,000-worker worlds pooled, since one world has only a
dozen or so non-lead members per operative tier.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tests.demo.bundles import Tables
from unmask.demo import DemoTruth
from unmask.demo.referrals import (
    LEGIT_REFERRAL_RATE,
    MAX_CHAIN,
    MAX_REFERRALS,
    RING_REFERRAL_RATE,
    plan_referrals,
)
from unmask.demo.world import CAREFUL, MODERATE, SLOPPY, Ints, Population, build_population
from unmask.ingest import ingest_bundle
from unmask.store import Workspace

SEEDS = (1, 2, 3, 4)


@pytest.fixture(scope="module")
def worlds() -> list[tuple[Population, Ints]]:
    out = []
    for seed in SEEDS:
        population = build_population(1000, 60, seed)
        out.append((population, plan_referrals(population, seed)))
    return out


def _chain_length(referrer: Ints, worker: int) -> int:
    steps = 0
    while referrer[worker] >= 0:
        worker = int(referrer[worker])
        steps += 1
        assert steps <= len(referrer), "referrals form a cycle"
    return steps


def test_referrers_exist_and_never_refer_themselves(worlds: list[tuple[Population, Ints]]) -> None:
    for population, referrer in worlds:
        assert referrer.shape == (population.n,)
        referred = np.flatnonzero(referrer >= 0)
        assert referred.size > 0
        assert (referrer[referred] < population.n).all()
        assert (referrer[referred] != referred).all()
        assert max(_chain_length(referrer, int(w)) for w in referred) <= MAX_CHAIN


def test_ring_referrals_stay_inside_the_ring_and_come_from_earlier_starters_or_the_lead(
    worlds: list[tuple[Population, Ints]],
) -> None:
    for population, referrer in worlds:
        start = population.start_day
        for ring in population.rings:
            lead = ring.members[0]
            assert referrer[lead] == -1, ring.ring_id
            for member in ring.members[1:]:
                by = int(referrer[member])
                if by < 0:
                    continue
                assert by in ring.members and by != member, (ring.ring_id, member, by)
                nobody_earlier = all(start[m] >= start[member] for m in ring.members if m != member)
                assert start[by] < start[member] or (by == lead and nobody_earlier), (ring.ring_id, member)
        solo = (population.group >= SLOPPY) & (population.ring < 0)
        assert (referrer[solo] == -1).all()


def test_legit_referrals_come_from_legit_colleagues_who_started_earlier(
    worlds: list[tuple[Population, Ints]],
) -> None:
    for population, referrer in worlds:
        legit = population.group < SLOPPY
        referred = np.flatnonzero(legit & (referrer >= 0))
        by = referrer[referred]
        assert legit[by].all(), "a legitimate worker referred by an operative"
        assert not population.applicant[by].any(), "an applicant referred someone"
        assert (population.start_day[by] < population.start_day[referred]).all()
        operatives = np.flatnonzero(~legit & (referrer >= 0))
        assert (population.group[referrer[operatives]] >= SLOPPY).all(), "an operative referred by a legit"


def test_ring_rates_follow_the_tiers(worlds: list[tuple[Population, Ints]]) -> None:
    referred: Counter[int] = Counter()
    members: Counter[int] = Counter()
    for population, referrer in worlds:
        for ring in population.rings:
            members[ring.tier] += len(ring.members) - 1
            referred[ring.tier] += sum(int(referrer[m] >= 0) for m in ring.members[1:])
    rate = {tier: referred[tier] / members[tier] for tier in (SLOPPY, MODERATE, CAREFUL)}
    assert min(members.values()) >= 40, members
    for tier, observed in rate.items():
        assert abs(observed - RING_REFERRAL_RATE[tier]) <= 0.15, (tier, rate)
    assert rate[SLOPPY] > rate[MODERATE] > rate[CAREFUL] > 0, rate


def test_some_legit_workers_are_referred_a_few_refer_several_and_chains_exist(
    worlds: list[tuple[Population, Ints]],
) -> None:
    for population, referrer in worlds:
        legit = population.group < SLOPPY
        rate = float((referrer[legit] >= 0).mean())
        assert abs(rate - LEGIT_REFERRAL_RATE) <= 0.025, rate
        per_referrer = Counter(referrer[legit & (referrer >= 0)].tolist())
        multi = sum(1 for k in per_referrer.values() if k >= 2)
        assert max(per_referrer.values()) <= MAX_REFERRALS
        assert 0 < multi <= len(per_referrer) // 2, per_referrer  # a few, not most
        chains = Counter(_chain_length(referrer, int(w)) for w in np.flatnonzero(legit))
        assert chains[2] + chains[3] > 0, chains


def test_bundle_writes_referred_by_and_the_store_keeps_it(
    default_bundle: tuple[Path, DemoTruth, Tables], tmp_path: Path
) -> None:
    folder, truth, tables = default_bundle
    written = {row["worker_id"]: row["referred_by"] for row in tables["workers"]}
    population = build_population(400, 60, 7)  # the default bundle's world
    planned = plan_referrals(population, 7)
    expected = {
        w: (population.worker_ids[int(r)] if r >= 0 else None)
        for w, r in zip(population.worker_ids, planned, strict=True)
    }
    assert written == expected
    assert any(written.values())
    for worker, by in written.items():
        if by is not None and truth.rings[worker] is not None:
            assert truth.rings[by] == truth.rings[worker], (worker, by)

    ws = Workspace.open(tmp_path / "ws.duckdb")
    try:
        report = ingest_bundle(ws, folder)
        assert report.error_count == 0
        stored = ws.engine.rows("SELECT worker_id, extra->>'referred_by' AS referred_by FROM workers")
    finally:
        ws.close()
    assert {row["worker_id"]: row["referred_by"] for row in stored} == written
