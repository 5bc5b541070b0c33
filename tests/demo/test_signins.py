"""Sign-in habits of the demo world (demo/signins.py, demo/network.py): who shows which, how often."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from tests.demo.bundles import Tables
from unmask.demo import DemoTruth
from unmask.demo.network import FARM, HOME, Network, build_network
from unmask.demo.signins import plan_habits, signin_counts
from unmask.demo.world import CAREFUL, LEGIT, MODERATE, SLOPPY, Population, build_population


@pytest.fixture(scope="module")
def world() -> tuple[Population, Network]:
    population = build_population(1000, 60, 3)
    return population, build_network(population, 3)


def test_habits_are_operatives_and_sloppier_ones_more(world: tuple[Population, Network]) -> None:
    population, network = world
    habits = plan_habits(population, network, 3, signin_counts(population, 3, None))
    group = population.group

    def share(values: np.ndarray, g: int) -> float:
        return float((values[group == g] > 0).mean())

    for values in (habits.shift_days, network.proxy_count, habits.bursts):
        assert share(values, SLOPPY) > share(values, MODERATE) > share(values, CAREFUL)
    assert not (habits.shift_days[group < SLOPPY] > 0).any() and not network.proxy_count[group < SLOPPY].any()
    assert share(habits.bursts, LEGIT) <= 0.02  # a rare lockout


def test_farms_are_shared_except_by_most_careful_rings(world: tuple[Population, Network]) -> None:
    population, network = world
    shared = {tier: [] for tier in (SLOPPY, MODERATE, CAREFUL)}
    for ring in population.rings:
        shared[ring.tier].append(len({int(network.route_ip[m, FARM, 0]) for m in ring.members}) == 1)
    rate = {tier: sum(v) / len(v) for tier, v in shared.items()}
    assert rate[SLOPPY] == 1.0 and rate[SLOPPY] > rate[MODERATE] > rate[CAREFUL]


def test_only_households_of_two_legit_workers_share_a_home_line(world: tuple[Population, Network]) -> None:
    population, network = world
    homes = Counter(network.route_ip[:, HOME, 0].tolist())
    sharing = [i for i in range(population.n) if homes[int(network.route_ip[i, HOME, 0])] > 1]
    assert sharing and max(homes.values()) == 2
    assert {int(population.group[i]) for i in sharing} == {LEGIT}


def test_round_the_clock_accounts_sign_in_all_day(default_bundle: tuple[Path, DemoTruth, Tables]) -> None:
    """Some sloppy operatives' accounts have a day-long run of sign-ins with no gap over four hours."""
    _, truth, tables = default_bundle
    times: dict[str, list[datetime]] = defaultdict(list)
    for row in tables["signins"]:
        if row["outcome"] == "success":
            times[row["worker_id"]].append(datetime.fromisoformat(row["ts"].replace("Z", "+00:00")))

    def longest_run_hours(ts: list[datetime]) -> float:
        ts.sort()
        best, start = 0.0, ts[0]
        for a, b in pairwise(ts):
            if (b - a).total_seconds() > 4 * 3600:
                start = b
            best = max(best, (b - start).total_seconds() / 3600)
        return best

    runs = {g: [longest_run_hours(times[w]) >= 20 for w in truth.by_group(g) if times[w]]
            for g in ("operative_sloppy", "legit", "legit_night_owl", "legit_it_admin")}  # fmt: skip
    assert sum(runs["operative_sloppy"]) >= 2
    assert not any(runs["legit"]) and not any(runs["legit_night_owl"]) and not any(runs["legit_it_admin"])
