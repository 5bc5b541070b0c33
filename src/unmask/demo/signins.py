"""Sign-ins: the biggest table, generated in chunks of workers, fully vectorised.

Each chunk draws its own random stream (seeded by the chunk number), so the
output depends only on the seed and the parameters, and memory stays bounded
however many millions of rows are asked for.

Habits (:class:`Habits`, planned once for everyone) re-time a few of a worker's
sign-ins: an account worked in shifts around the clock, a day rotating through
residential proxies, a burst of failed sign-ins (a ring's operators juggling
several identities' passwords at the farm, at the same moment), an IT
administrator paged at night, a legitimate user locked out once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import DAY_SECONDS, START_SECONDS, iso_utc
from unmask.demo.devices import PERSONAL, PHONE, PRIMARY, SECOND, Hardware
from unmask.demo.network import ABROAD, DATACENTER, FARM, HOME, KP, ROUTES, TRIP, VPN, Network
from unmask.demo.schedule import at_local_hour, spread_days, working_seconds
from unmask.demo.world import CAREFUL, IT_ADMIN, LEGIT, MODERATE, SLOPPY, TRAVELLER, Population, stream
from unmask.demo.writer import encoded

CHUNK_ROWS = 1_500_000
Ints = npt.NDArray[np.int64]

_APP_NAMES = pa.array([a for a, _ in texts.APPS] + [texts.VPN_APP], type=pa.string())
_APP_P = np.asarray([p for _, p in texts.APPS], dtype=np.float64)
_OUTCOMES = pa.array(["success", "failure"], type=pa.string())
_SOURCES = pa.array(["okta", "vpn"], type=pa.string())

SHIFT_ROWS = 10  # sign-ins of one round-the-clock day, two and a half hours apart
PROXY_ROWS = 5  # sign-ins of one proxy-rotating day, each through another exit
BURST_ROWS = 6  # five failures and the success that ends a burst
# Chance, by group, of each habit (groups not listed never have it).
_SHIFTS = {SLOPPY: 0.6, MODERATE: 0.35, CAREFUL: 0.03}
_BURSTS = {SLOPPY: 0.45, MODERATE: 0.25, CAREFUL: 0.05, LEGIT: 0.01, IT_ADMIN: 0.02}
_NIGHT_PAGES = 0.04  # of an IT administrator's sign-ins: paged at night


def picked(rng: np.random.Generator, group: Ints, shares: dict[int, float]) -> npt.NDArray[np.bool_]:
    """Exactly the given share of each group (rounded), chosen at random: small demos keep the rates."""
    key = rng.random(group.size)
    out = np.zeros(group.size, dtype=np.bool_)
    for g, share in shares.items():
        members = np.flatnonzero(group == g)
        out[members[np.argsort(key[members])[: round(share * members.size)]]] = True
    return out


@dataclass
class Habits:
    """Per worker: how many sign-ins are re-timed for each habit, and when the bursts happen."""

    shift_days: Ints
    proxy_days: Ints
    bursts: Ints
    burst_at: Ints  # (workers, 2): UTC epoch seconds of each burst; a ring's members share them


def plan_habits(population: Population, network: Network, seed: int, counts: Ints) -> Habits:
    rng = stream(seed, "signins", 0)
    n = population.n
    group = population.group

    shift_days = np.where(picked(rng, group, _SHIFTS), rng.integers(1, 3, n), 0)
    proxy_days = np.where(network.proxy_count > 0, rng.integers(2, 4, n), 0)
    bursts = np.where(picked(rng, group, _BURSTS), np.where(group >= SLOPPY, rng.integers(1, 3, n), 1), 0)
    # Keep a good part of each worker's sign-ins ordinary.
    need = SHIFT_ROWS * shift_days + PROXY_ROWS * proxy_days + BURST_ROWS * bursts
    too_few = need > 0.7 * counts
    shift_days[too_few], proxy_days[too_few], bursts[too_few] = 0, 0, 0

    first, last = population.first_day, population.last_day
    day = first[:, None] + (rng.random((n, 2)) * np.maximum(last - first + 1, 1)[:, None]).astype(np.int64)
    burst_at = START_SECONDS + day * DAY_SECONDS + rng.integers(0, DAY_SECONDS, (n, 2))
    for ring in population.rings:  # one moment for the whole ring, inside every member's span
        members = np.asarray(ring.members)
        lo, hi = int(first[members].max()), int(last[members].min())
        if lo <= hi:
            ring_day = lo + rng.integers(0, hi - lo + 1, 2)
            burst_at[members] = START_SECONDS + ring_day * DAY_SECONDS + rng.integers(0, DAY_SECONDS, 2)
    return Habits(shift_days.astype(np.int64), proxy_days.astype(np.int64), bursts.astype(np.int64), burst_at)


def signin_counts(population: Population, seed: int, per_worker: int | None) -> Ints:
    """Sign-ins per worker: ``per_worker`` each, or a realistic 1-4 per active day."""
    active = population.active
    if per_worker is not None:
        return np.where(active, per_worker, 0).astype(np.int64)
    rng = stream(seed, "signins")
    days = np.maximum(population.last_day - population.first_day + 1, 0)
    rate = rng.uniform(1.0, 4.0, population.n) * 5 / 7  # per calendar day, weekdays mostly
    return np.where(active, np.maximum(1, rng.poisson(rate * days)), 0).astype(np.int64)


def signin_chunks(
    population: Population, network: Network, hardware: Hardware, seed: int, counts: Ints
) -> Iterator[dict[str, pa.Array]]:
    """The signins table in chunks of whole workers, each sorted by worker and time."""
    start, chunk = 0, 0
    cumulative = np.cumsum(counts)
    habits = plan_habits(population, network, seed, counts)
    while start < population.n:
        done = int(cumulative[start - 1]) if start else 0
        stop = int(np.searchsorted(cumulative, done + CHUNK_ROWS, side="right"))
        stop = max(stop, start + 1)
        workers = np.arange(start, stop, dtype=np.int64)
        if counts[workers].sum():
            rng = stream(seed, "signins", chunk + 1)
            yield _chunk(population, network, hardware, habits, rng, workers, counts)
        start, chunk = stop, chunk + 1


def _chunk(
    population: Population,
    network: Network,
    hardware: Hardware,
    habits: Habits,
    rng: np.random.Generator,
    workers: Ints,
    counts: Ints,
) -> dict[str, pa.Array]:
    w = np.repeat(workers, counts[workers])
    n = w.size
    day = spread_days(rng, population, w)
    ts = working_seconds(rng, population, w, day)

    cum = np.cumsum(network.route_p[w], axis=1)
    route = np.minimum((rng.random(n)[:, None] * cum[:, -1:] >= cum).sum(axis=1), ROUTES - 1)
    _travel(population, network, rng, w, day, ts, route)

    ip = network.route_ip[w, route, rng.integers(0, 2, n)]
    vpn = route == VPN
    ip[vpn] = network.vpn_first[w[vpn]] + rng.integers(0, np.maximum(network.vpn_count[w[vpn]], 1))

    # The farm laptop is the company laptop; from abroad they use their own PC.
    pick = rng.random(n)
    slot = np.full(n, PRIMARY)
    slot[(pick < 0.12) & (hardware.slot[w, PHONE] >= 0)] = PHONE
    slot[(pick >= 0.12) & (pick < 0.2) & (hardware.slot[w, SECOND] >= 0)] = SECOND
    slot[route == FARM] = PRIMARY
    remote = np.isin(route, (ABROAD, DATACENTER, KP)) & (hardware.slot[w, PERSONAL] >= 0)
    slot[remote] = PERSONAL
    device = hardware.slot[w, slot]
    device = np.where(device >= 0, device, hardware.slot[w, PRIMARY])

    source = (rng.random(n) < 0.1).astype(np.int64)
    app = np.where(source == 1, len(_APP_P), rng.choice(len(_APP_P), n, p=_APP_P / _APP_P.sum()))
    failure_rate = np.where(population.group[w] >= SLOPPY, 0.07, 0.03)
    outcome = (rng.random(n) < failure_rate).astype(np.int64)
    _habits(population, network, habits, rng, w, ts, ip, outcome)

    order = np.lexsort((ts, w))
    return {
        "worker_id": encoded(population.id_array, w[order]),
        "ts": iso_utc(ts[order]),
        "ip": encoded(network.ips, ip[order]),
        "user_agent": encoded(hardware.agents, hardware.device_agent[device[order]]),
        "device_id": encoded(hardware.device_ids, device[order]),
        "outcome": encoded(_OUTCOMES, outcome[order]),
        "app": encoded(_APP_NAMES, app[order]),
        "source": encoded(_SOURCES, source[order]),
    }


def _travel(
    population: Population,
    network: Network,
    rng: np.random.Generator,
    w: Ints,
    day: Ints,
    ts: Ints,
    route: Ints,
) -> None:
    """Travellers sign in from abroad during their trip, and hop countries on the way out."""
    traveller = population.group[w] == TRAVELLER
    if not traveller.any():
        return
    on_trip = traveller & (day >= network.trip_first[w]) & (day <= network.trip_last[w])
    route[on_trip] = TRIP
    # The departure day: one sign-in at home in the morning, one from the destination
    # ninety minutes later (airport and arrival), whatever else the day holds.
    rows = np.flatnonzero(traveller)
    firsts = rows[np.r_[True, w[rows][1:] != w[rows][:-1]]]
    firsts = firsts[(firsts + 1 < w.size)]
    firsts = firsts[w[np.minimum(firsts + 1, w.size - 1)] == w[firsts]]
    if firsts.size == 0:
        return
    pair = np.concatenate([firsts, firsts + 1])
    depart = network.trip_first[w[pair]]
    day[pair] = depart
    hour = np.where(np.arange(pair.size) < firsts.size, 10.0, 11.5) + rng.uniform(0, 0.2, pair.size)
    ts[pair] = at_local_hour(population, w[pair], depart, hour)
    route[firsts] = HOME
    route[firsts + 1] = TRIP


def _habits(
    population: Population,
    network: Network,
    habits: Habits,
    rng: np.random.Generator,
    w: Ints,
    ts: Ints,
    ip: Ints,
    outcome: Ints,
) -> None:
    """Re-time the first sign-ins of each worker (in draw order, so on random days) into the
    worker's habits: shift days, then proxy days, then failure bursts; IT admins get night pages."""
    n = w.size
    starts = np.r_[0, np.flatnonzero(w[1:] != w[:-1]) + 1]
    begin = np.repeat(starts, np.diff(np.r_[starts, n]))
    rank = np.arange(n) - begin
    shift_end = SHIFT_ROWS * habits.shift_days[w]
    proxy_end = shift_end + PROXY_ROWS * habits.proxy_days[w]
    burst_end = proxy_end + BURST_ROWS * habits.bursts[w]

    # Shifts: ten sign-ins two and a half hours apart (never more than four) from the start of the
    # working day, on the day of the block's first row.
    rows = np.flatnonzero(rank < shift_end)
    block_first = begin[rows] + (rank[rows] // SHIFT_ROWS) * SHIFT_ROWS
    k = rank[rows] % SHIFT_ROWS
    day = (ts[block_first] - START_SECONDS) // DAY_SECONDS
    hour = population.work_start[w[rows]] + 2.5 * k + rng.uniform(0, 1.0, rows.size)
    ts[rows] = at_local_hour(population, w[rows], day, hour)
    outcome[rows] = 0

    # Proxy days: sign-ins twenty minutes apart, each through the next residential exit.
    rows = np.flatnonzero((rank >= shift_end) & (rank < proxy_end))
    j = rank[rows] - shift_end[rows]
    block_first = rows - j % PROXY_ROWS
    ts[rows] = ts[block_first] + (j % PROXY_ROWS) * 1200 + rng.integers(0, 600, rows.size)
    ip[rows] = network.proxy_first[w[rows]] + (j + rng.integers(0, PROXY_ROWS)) % network.proxy_count[w[rows]]
    outcome[rows] = 0

    # Bursts: five failures about forty seconds apart, then the password that works, from where the
    # laptop is (the farm for operatives, home for everyone else).
    rows = np.flatnonzero((rank >= proxy_end) & (rank < burst_end))
    j = rank[rows] - proxy_end[rows]
    k = j % BURST_ROWS
    at = habits.burst_at[w[rows], j // BURST_ROWS]
    ts[rows] = at + k * 40 + rng.integers(0, 20, rows.size)
    outcome[rows] = (k < BURST_ROWS - 1).astype(np.int64)  # 1 is failure
    operative = population.group[w[rows]] >= SLOPPY
    ip[rows] = np.where(operative, network.route_ip[w[rows], FARM, 0], network.route_ip[w[rows], HOME, 0])

    # On call: an IT administrator's occasional sign-in between one and four in the morning.
    paged = np.flatnonzero(
        (population.group[w] == IT_ADMIN) & (rank >= burst_end) & (rng.random(n) < _NIGHT_PAGES)
    )
    day = (ts[paged] - START_SECONDS) // DAY_SECONDS
    ts[paged] = at_local_hour(population, w[paged], day, rng.uniform(1.0, 4.0, paged.size))
