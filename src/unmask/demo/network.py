"""Where each worker connects from: real IPv4 addresses of the right country and kind.

Every address is drawn in bulk, once per country, and stored once in one table
(``Network.ips``); workers and sign-ins only hold integer indices into it, so
ten million sign-ins cost one Arrow ``take``.

Kinds of address (a sign-in's *route*):
- HOME / MOBILE: the worker's own consumer broadband and phone, unique to them;
- TRIP: hotel or family networks abroad (legit travellers);
- VPN: commercial privacy-VPN exits, shared by many customers, as real exits are;
- FARM: the facilitator's home broadband in the claimed country, shared by a ring (careful
  facilitators mostly give each laptop a line of its own);
- PROXY (not a route: a pool per worker): residential-proxy exits some operatives rotate through;
- ABROAD / KP: where operatives really are (China, Russia, rarely North Korea);
- DATACENTER: cloud servers a moderate operative tunnels through.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo.places import (
    ABROAD_COUNTRIES,
    COUNTRIES,
    DATACENTER_CIDRS,
    EXTRA_RESIDENTIAL,
    PRIVACY_VPN_COUNTRIES,
    TRIP_DESTINATIONS,
    VPN_EXITS,
)
from unmask.demo.world import CAREFUL, LEGIT, MODERATE, SLOPPY, TRAVELLER, VPN_USER, Population, stream
from unmask.intel.geoip import GeoIndex, load_geo_index

HOME, MOBILE, TRIP, VPN, FARM, ABROAD, DATACENTER, KP = range(8)
ROUTES = 8
# North Korea's own allocations (Star JV, and the block leased through China Netcom);
# geolocation databases list a few stray addresses as KP too, which we leave alone.
KP_BLOCKS = ("175.45.176.0/22", "210.52.109.0/24")

Ints = npt.NDArray[np.int64]


@dataclass
class Network:
    ips: pa.Array  # every address used, as text
    ip_country: list[str]  # the country each address was drawn for
    route_ip: Ints  # (workers, ROUTES, 2): two addresses per route, -1 where the route is unused
    route_p: npt.NDArray[np.float64]  # (workers, ROUTES): chance of each route per sign-in
    vpn_first: Ints  # the worker's VPN exits are ips[vpn_first : vpn_first + vpn_count]
    vpn_count: Ints
    trip_first: Ints  # travellers' trip days (inclusive); others have first > last
    trip_last: Ints
    proxy_first: Ints  # residential-proxy exits: ips[proxy_first : proxy_first + proxy_count]
    proxy_count: Ints


class _AddressBook:
    """Draws addresses per country and remembers them, never handing one out twice."""

    def __init__(self, index: GeoIndex, rng: np.random.Generator) -> None:
        self.index = index
        self.rng = rng
        self.text: list[str] = []
        self.country: list[str] = []
        self.used: set[int] = set()

    def _add(self, values: list[int], country: str) -> Ints:
        first = len(self.text)
        self.text.extend(str(ipaddress.IPv4Address(v)) for v in values)
        self.country.extend([country] * len(values))
        return np.arange(first, first + len(values), dtype=np.int64)

    def _in_country(self, values: npt.NDArray[np.uint64], country: str) -> npt.NDArray[np.bool_]:
        """Which addresses the geo index places in ``country`` (one binary search for all)."""
        at = np.maximum(np.searchsorted(self.index.v4_start, values, side="right") - 1, 0)
        hit = values <= self.index.v4_end[at]
        return np.asarray(hit & (self.index.v4_country[at] == country), dtype=np.bool_)

    def in_blocks(self, country: str, cidrs: tuple[str, ...], n: int) -> Ints:
        """``n`` new addresses inside ``cidrs`` that the geo index places in ``country``."""
        nets = [ipaddress.IPv4Network(c) for c in cidrs]
        starts = np.asarray([int(net.network_address) for net in nets], dtype=np.uint64)
        sizes = np.asarray([net.num_addresses for net in nets], dtype=np.float64)
        weight = np.sqrt(sizes)  # favour variety of ISPs over the very largest block
        picked: list[int] = []
        while len(picked) < n:
            want = max(16, 2 * (n - len(picked)))
            block = self.rng.choice(len(nets), want, p=weight / weight.sum())
            offset = (self.rng.random(want) * sizes[block]).astype(np.uint64)
            # Avoid .0 and .255, which look like network and broadcast addresses.
            values = ((starts[block] + offset) & np.uint64(0xFFFFFF00)) | self.rng.integers(
                1, 255, want
            ).astype(np.uint64)
            ok = self._in_country(values, country)
            for v in values[ok].tolist():
                if v not in self.used and len(picked) < n:
                    self.used.add(v)
                    picked.append(v)
        return self._add(picked, country)

    def residential(self, country: str, n: int) -> Ints:
        blocks = COUNTRIES[country].residential if country in COUNTRIES else EXTRA_RESIDENTIAL.get(country)
        if blocks:
            return self.in_blocks(country, blocks, n)
        return self.anywhere(country, n)

    def anywhere(self, country: str, n: int) -> Ints:
        """New addresses the index places in ``country`` (via ``GeoIndex.sample_ipv4``, in bulk)."""
        picked: list[int] = []
        while len(picked) < n:
            for text in self.index.sample_ipv4(country, 2 * (n - len(picked)), self.rng):
                value = int(ipaddress.IPv4Address(text))
                if len(picked) < n and value not in self.used:
                    self.used.add(value)
                    picked.append(value)
        return self._add(picked, country)


def _by_country(book: _AddressBook, countries: list[str], residential: bool, per: int) -> Ints:
    """``per`` new addresses for each entry of ``countries``, drawn once per distinct country."""
    out = np.full((len(countries), per), -1, dtype=np.int64)
    for country in sorted(set(countries)):
        rows = [i for i, c in enumerate(countries) if c == country]
        drawn = (
            book.residential(country, len(rows) * per)
            if residential
            else book.anywhere(country, len(rows) * per)
        )
        out[rows] = drawn.reshape(len(rows), per)
    return out


def build_network(population: Population, seed: int) -> Network:
    rng = stream(seed, "network")
    book = _AddressBook(load_geo_index(), rng)
    n = population.n
    group = population.group
    route_ip = np.full((n, ROUTES, 2), -1, dtype=np.int64)
    route_p = np.zeros((n, ROUTES), dtype=np.float64)

    # Everyone has a home line and a phone in the country they claim; operatives'
    # are never used for work (the laptop sits at the farm) but exist all the same.
    own = _by_country(book, population.country, True, 2)
    route_ip[:, HOME, :] = own[:, [0, 0]]
    route_ip[:, MOBILE, :] = own[:, [1, 1]]
    route_p[:, HOME], route_p[:, MOBILE] = 0.88, 0.12

    # Laptop farms: one facilitator address per ring, one per solo operative.
    farm_of_ring = _by_country(book, [r.country for r in population.rings], True, 1)[:, 0]
    operatives = np.flatnonzero(population.operative)
    solo = [int(i) for i in operatives if population.ring[i] < 0]
    farm_of_solo = _by_country(book, [population.country[i] for i in solo], True, 1)[:, 0]
    farm = np.full(n, -1, dtype=np.int64)
    members = np.flatnonzero(population.ring >= 0)
    farm[members] = farm_of_ring[population.ring[members]]
    farm[solo] = farm_of_solo
    route_ip[:, FARM, :] = farm[:, None]

    # Sloppy operatives connect from where they sit: a ring shares its office's
    # addresses in China or Russia, and the few North Korean gateways.
    sloppy = np.flatnonzero(group == SLOPPY)
    team = np.where(population.ring[sloppy] >= 0, population.ring[sloppy], population.n + sloppy)
    teams, team_of = np.unique(team, return_inverse=True)
    abroad = [ABROAD_COUNTRIES[0] if rng.random() < 0.7 else ABROAD_COUNTRIES[1] for _ in teams]
    route_ip[sloppy, ABROAD, :] = _by_country(book, abroad, False, 2)[team_of]
    kp_pool = book.in_blocks("KP", KP_BLOCKS, min(1000, 2 * len(teams)))
    kp_of_team = kp_pool[np.arange(2 * len(teams)) % max(1, kp_pool.size)].reshape(len(teams), 2)
    route_ip[sloppy, KP, :] = kp_of_team[team_of]
    uses_kp = rng.random(len(sloppy)) < 0.4
    route_p[sloppy] = 0.0
    route_p[sloppy, FARM] = 0.45
    route_p[sloppy, ABROAD] = np.where(uses_kp, 0.5, 0.55)
    route_p[sloppy, KP] = np.where(uses_kp, 0.05, 0.0)

    moderate = np.flatnonzero(group == MODERATE)
    dc_country = ["US" if rng.random() < 0.6 else "NL" for _ in moderate]
    for country in sorted(set(dc_country)):
        rows = moderate[[c == country for c in dc_country]]
        drawn = book.in_blocks(country, DATACENTER_CIDRS[country], 2 * len(rows))
        route_ip[rows, DATACENTER, :] = drawn.reshape(len(rows), 2)
    route_p[moderate] = 0.0
    route_p[moderate, FARM], route_p[moderate, DATACENTER] = 0.6, 0.4

    careful = np.flatnonzero(group == CAREFUL)
    route_p[careful] = 0.0
    route_p[careful, FARM] = 1.0

    # Privacy-VPN users: most sign-ins leave through one provider's exits in one country.
    exit_slices: dict[str, tuple[int, int]] = {}
    for country in (*PRIVACY_VPN_COUNTRIES, "US"):
        ips = list(VPN_EXITS[country])
        first = len(book.text)
        book.text.extend(ips)
        book.country.extend([country] * len(ips))
        exit_slices[country] = (first, len(ips))
    vpn_first = np.zeros(n, dtype=np.int64)
    vpn_count = np.zeros(n, dtype=np.int64)
    for i in np.flatnonzero(group == VPN_USER):
        country = "US" if rng.random() < 0.2 else PRIVACY_VPN_COUNTRIES[int(rng.integers(3))]
        vpn_first[i], vpn_count[i] = exit_slices[country]
        route_p[i, HOME], route_p[i, MOBILE], route_p[i, VPN] = 0.3, 0.05, 0.65

    trip_first = np.ones(n, dtype=np.int64)
    trip_last = np.zeros(n, dtype=np.int64)
    travellers = np.flatnonzero((group == TRAVELLER) & population.active)
    destinations = []
    for i in travellers:
        options = [c for c in TRIP_DESTINATIONS if c != population.country[i]]
        destinations.append(options[int(rng.integers(len(options)))])
        span_first, span_last = int(population.first_day[i]), int(population.last_day[i])
        length = int(rng.integers(3, 8))
        latest = max(span_first, span_last - length - 1)
        trip_first[i] = int(rng.integers(span_first, latest + 1)) if latest > span_first else span_first
        trip_last[i] = min(span_last, trip_first[i] + length - 1)
    route_ip[travellers, TRIP, :] = _by_country(book, destinations, True, 2)

    # Drawn last, so that everything above keeps the addresses it always had.
    _separate_farm_lines(population, book, route_ip)
    _households(population, rng, route_ip)
    proxy_first, proxy_count = _proxy_pools(population, book)

    return Network(
        ips=pa.array(book.text, type=pa.string()),
        ip_country=book.country,
        route_ip=route_ip,
        route_p=route_p,
        vpn_first=vpn_first,
        vpn_count=vpn_count,
        trip_first=trip_first,
        trip_last=trip_last,
        proxy_first=proxy_first,
        proxy_count=proxy_count,
    )


# Share of rings, by tier, whose facilitator puts each laptop on a line of its own (a hotspot or a
# second subscription), so that the identities do not share an address.
_SEPARATE_LINES = {SLOPPY: 0.0, MODERATE: 0.3, CAREFUL: 0.85}
# Share of operatives, by tier, who sign in through a rotating residential-proxy service.
_PROXY_USERS = {SLOPPY: 0.5, MODERATE: 0.3, CAREFUL: 0.03}
PROXY_POOL = 6
HOUSEHOLD_SHARE = 0.02  # of plain-legit workers: two colleagues who live together


def _separate_farm_lines(population: Population, book: _AddressBook, route_ip: Ints) -> None:
    rng = book.rng
    separate = [ring for ring in population.rings if rng.random() < _SEPARATE_LINES[ring.tier]]
    for ring in separate:
        lines = book.residential(ring.country, len(ring.members))
        route_ip[list(ring.members), FARM, :] = lines[:, None]


def _households(population: Population, rng: np.random.Generator, route_ip: Ints) -> None:
    """Pairs of plain-legit workers of one claimed country who share a home connection."""
    legit = np.flatnonzero((population.group == LEGIT) & population.active)
    chosen = legit[rng.random(legit.size) < 2 * HOUSEHOLD_SHARE]
    by_country: dict[str, list[int]] = {}
    for i in chosen.tolist():
        by_country.setdefault(population.country[i], []).append(i)
    for members in by_country.values():
        for a, b in zip(members[0::2], members[1::2], strict=False):
            route_ip[b, HOME, :] = route_ip[a, HOME, :]


def _proxy_pools(population: Population, book: _AddressBook) -> tuple[Ints, Ints]:
    n = population.n
    key = book.rng.random(n)
    users = np.sort(
        np.concatenate(
            [
                members[np.argsort(key[members])[: round(share * members.size)]]
                for tier, share in _PROXY_USERS.items()
                for members in [np.flatnonzero(population.group == tier)]
            ]
        )
    )
    first = np.zeros(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    pools = _by_country(book, [population.country[i] for i in users], True, PROXY_POOL)
    if users.size:
        # Each pool was drawn as consecutive addresses of the book.
        first[users] = pools[:, 0]
        count[users] = PROXY_POOL
    return first, count
