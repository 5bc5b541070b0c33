"""Sign-ins: the biggest table, generated in chunks of workers, fully vectorised.

Each chunk draws its own random stream (seeded by the chunk number), so the
output depends only on the seed and the parameters, and memory stays bounded
however many millions of rows are asked for.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import iso_utc
from unmask.demo.devices import PERSONAL, PHONE, PRIMARY, SECOND, Hardware
from unmask.demo.network import ABROAD, DATACENTER, FARM, HOME, KP, ROUTES, TRIP, VPN, Network
from unmask.demo.schedule import at_local_hour, spread_days, working_seconds
from unmask.demo.world import SLOPPY, TRAVELLER, Population, stream
from unmask.demo.writer import encoded

CHUNK_ROWS = 1_500_000
Ints = npt.NDArray[np.int64]

_APP_NAMES = pa.array([a for a, _ in texts.APPS] + [texts.VPN_APP], type=pa.string())
_APP_P = np.asarray([p for _, p in texts.APPS], dtype=np.float64)
_OUTCOMES = pa.array(["success", "failure"], type=pa.string())
_SOURCES = pa.array(["okta", "vpn"], type=pa.string())


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
    while start < population.n:
        done = int(cumulative[start - 1]) if start else 0
        stop = int(np.searchsorted(cumulative, done + CHUNK_ROWS, side="right"))
        stop = max(stop, start + 1)
        workers = np.arange(start, stop, dtype=np.int64)
        if counts[workers].sum():
            yield _chunk(population, network, hardware, stream(seed, "signins", chunk + 1), workers, counts)
        start, chunk = stop, chunk + 1


def _chunk(
    population: Population,
    network: Network,
    hardware: Hardware,
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
