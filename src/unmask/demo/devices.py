"""Endpoints: the company laptops, phones and personal PCs workers sign in from, and their inventory.

A laptop-farm laptop is an ordinary company laptop sitting in the facilitator's
home; what betrays it is the remote-access software installed shortly after it
arrives and the IP-KVM plugged into it. IT administrators carry remote-access
tools too, for their job. Some facilitators forward laptops abroad (Chapman shipped 49 to
the Chinese border town of Dandong): their inventory then checks in from there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import DAY_SECONDS, START_SECONDS, iso_utc
from unmask.demo.dice import Dice
from unmask.demo.network import ABROAD, FARM, HOME, TRIP, Network
from unmask.demo.places import ABROAD_COUNTRIES
from unmask.demo.world import CAREFUL, IT_ADMIN, MODERATE, SLOPPY, TRAVELLER, VPN_USER, Population, stream
from unmask.demo.writer import encoded
from unmask.intel.geoip import load_geo_index

PRIMARY, PHONE, SECOND, PERSONAL = range(4)  # a worker's device slots
SLOTS = 4
_OS_AGENTS = {"windows": (0, 1), "mac": (2, 3, 5), "linux": (4,)}

# Chance that an operative's laptop is forwarded abroad, by tier; careful rings rarely risk it.
SHIPPED_ABROAD = {SLOPPY: 0.8, MODERATE: 0.4, CAREFUL: 0.05}
SHIPPED_AFTER_WEEKS = 2  # it first checks in at the farm for up to this many weekly snapshots

Ints = npt.NDArray[np.int64]


@dataclass
class Hardware:
    device_ids: pa.Array  # text, one per device
    agents: pa.Array  # user-agent texts
    device_agent: Ints  # device -> index into ``agents``
    slot: Ints  # (workers, SLOTS): device index, or -1 where the worker has none
    # Managed (inventoried) devices, one entry per (owner, device): a shared laptop has two.
    owner: Ints
    device: Ints
    hostname: list[str]  # per managed device index (``device``), "" when unmanaged
    software: list[tuple[str, str]]  # per device: JSON list before and after ``switch``
    switch: Ints  # per device: inventory snapshot from which the "after" software shows
    usb: list[str]  # per device: JSON list


def build_hardware(population: Population, seed: int) -> Hardware:
    rng = stream(seed, "devices")
    dice = Dice(rng)
    n = population.n
    agents = list(texts.LAPTOP_AGENTS) + list(texts.PHONE_AGENTS)
    slot = np.full((n, SLOTS), -1, dtype=np.int64)
    ids: list[str] = []
    seen: set[str] = set()
    device_agent: list[int] = []
    hostname: list[str] = []
    software: list[tuple[str, str]] = []
    switch: list[int] = []
    usb: list[str] = []
    serials = iter(rng.permutation(90_000 + 10 * n) + 10_000)

    def new_device(
        agent: int, host: str, soft: tuple[str, str] = ("", ""), at: int = 0, plugged: str = ""
    ) -> int:
        while True:
            text = f"dev-{dice.below(1 << 24):06x}{dice.below(1 << 24):06x}"
            if text not in seen:
                break
        seen.add(text)
        ids.append(text)
        device_agent.append(agent)
        hostname.append(host)
        software.append(soft)
        switch.append(at)
        usb.append(plugged)
        return len(ids) - 1

    for i in np.flatnonzero(~population.applicant):
        group = int(population.group[i])
        os_name = dice.weighted(("mac", "windows", "linux"), (0.45, 0.9, 1.0))
        agent = dice.pick(_OS_AGENTS[os_name])
        before = list(texts.BASE_SOFTWARE[os_name])
        before += dice.sample(texts.ROLE_SOFTWARE, 3)
        added: list[str] = []
        at = 0
        plugged = dice.sample(texts.PERIPHERALS, dice.integer(0, 4))
        if group == IT_ADMIN:
            before += dice.sample(texts.ADMIN_REMOTE_TOOLS, dice.integer(1, 3))
        elif group == SLOPPY:
            added = dice.sample(texts.OPERATIVE_REMOTE_TOOLS, dice.integer(3, 6))
            at = dice.integer(0, 2)
            plugged.append(dice.pick(texts.IP_KVMS))
        elif group == MODERATE:
            added = [dice.pick(texts.OPERATIVE_REMOTE_TOOLS)]
            at = dice.integer(0, 4)
        soft = (json.dumps(before), json.dumps(before + added))
        prefix = "NW-MBP" if os_name == "mac" else "NW-LT"
        slot[i, PRIMARY] = new_device(agent, f"{prefix}-{next(serials):05d}", soft, at, json.dumps(plugged))
        if dice.random() < 0.7:
            slot[i, PHONE] = new_device(len(texts.LAPTOP_AGENTS) + dice.below(len(texts.PHONE_AGENTS)), "")
        if group < SLOPPY and dice.random() < 0.1:
            desk = [*texts.BASE_SOFTWARE["windows"], "Visual Studio Code"]
            slot[i, SECOND] = new_device(0, f"NW-DT-{next(serials):05d}", (json.dumps(desk),) * 2, 0, "[]")
        if group in (SLOPPY, MODERATE):
            slot[i, PERSONAL] = new_device(0, "")  # their own PC abroad: never inventoried
    # One company laptop logged into by two identities of the same ring.
    for ring in population.rings:
        if ring.shares_device and len(ring.members) >= 2:
            slot[ring.members[1], PRIMARY] = slot[ring.members[0], PRIMARY]

    owner, column = np.nonzero(slot >= 0)
    held = slot[owner, column]
    managed = np.asarray([hostname[d] != "" for d in held.tolist()], dtype=np.bool_)
    return Hardware(
        device_ids=pa.array(ids, type=pa.string()),
        agents=pa.array(agents, type=pa.string()),
        device_agent=np.asarray(device_agent, dtype=np.int64),
        slot=slot,
        owner=owner[managed].astype(np.int64),
        device=held[managed].astype(np.int64),
        hostname=hostname,
        software=software,
        switch=np.asarray(switch, dtype=np.int64),
        usb=usb,
    )


def device_rows(
    population: Population, network: Network, hardware: Hardware, seed: int
) -> dict[str, pa.Array]:
    """Weekly inventory snapshots of every managed device while its owner is active."""
    rng = stream(seed, "devices", 1)
    owner, device = hardware.owner, hardware.device
    first = population.first_day[owner] + rng.integers(0, 7, owner.size)
    last = population.last_day[owner]
    count = np.where(last >= first, (last - first) // 7 + 1, 0)
    pair = np.repeat(np.arange(owner.size), count)
    k = np.arange(pair.size) - np.repeat(np.cumsum(count) - count, count)
    w, d = owner[pair], device[pair]
    day = first[pair] + 7 * k
    ts = START_SECONDS + day * DAY_SECONDS + rng.integers(0, DAY_SECONDS, pair.size)

    # Where the agent checked in from: home (or the trip, or the VPN), or the laptop farm.
    group = population.group[w]
    route = np.full(pair.size, HOME)
    route[group >= SLOPPY] = FARM
    on_trip = (group == TRAVELLER) & (day >= network.trip_first[w]) & (day <= network.trip_last[w])
    route[on_trip] = TRIP
    ip = network.route_ip[w, route, 0]
    via_vpn = (group == VPN_USER) & (rng.random(pair.size) < 0.5)
    ip[via_vpn] = network.vpn_first[w[via_vpn]] + rng.integers(
        0, np.maximum(network.vpn_count[w[via_vpn]], 1)
    )

    shipped_ip, shipped_from, ips = _shipped_abroad(population, network, seed)
    shipped = (shipped_ip[w] >= 0) & (k >= shipped_from[w])
    ip[shipped] = shipped_ip[w[shipped]]

    soft_text = [s for pair_ in hardware.software for s in pair_]
    soft_index = 2 * d + (k >= hardware.switch[d])
    order = np.lexsort((ts, w))
    return {
        "worker_id": encoded(population.id_array, w[order]),
        "ts": iso_utc(ts[order]),
        "device_id": encoded(hardware.device_ids, d[order]),
        "hostname": encoded(pa.array(hardware.hostname), d[order]),
        "ip": encoded(ips, ip[order]),
        "software": encoded(pa.array(soft_text), soft_index[order]),
        "usb": encoded(pa.array(hardware.usb), d[order]),
    }


def _shipped_abroad(population: Population, network: Network, seed: int) -> tuple[Ints, Ints, pa.Array]:
    """Per worker: the address a forwarded laptop checks in from (-1: never forwarded), the snapshot
    from which it does, and the address table extended with the new addresses.

    Its own random stream, so the other device columns keep their values. Sloppy operatives'
    laptops join them at their office abroad; the others' go to an address of their own there.
    """
    rng = stream(seed, "devices", 2)
    n = population.n
    chance = np.zeros(n)
    for tier, p in SHIPPED_ABROAD.items():
        chance[population.group == tier] = p
    forwarded = np.flatnonzero(rng.random(n) < chance)
    address = np.full(n, -1, dtype=np.int64)
    sloppy = forwarded[population.group[forwarded] == SLOPPY]
    address[sloppy] = network.route_ip[sloppy, ABROAD, 0]
    others = forwarded[population.group[forwarded] != SLOPPY]
    where = rng.choice(len(ABROAD_COUNTRIES), others.size, p=(0.8, 0.2))
    index = load_geo_index()
    new: list[str] = []
    for c, country in enumerate(ABROAD_COUNTRIES):
        rows = others[where == c]
        address[rows] = len(network.ips) + len(new) + np.arange(rows.size)
        new += index.sample_ipv4(country, int(rows.size), rng) if rows.size else []
    start = rng.integers(0, SHIPPED_AFTER_WEEKS + 1, n)
    return address, start, pa.concat_arrays([network.ips, pa.array(new, type=pa.string())])
