"""The network of the linking benchmark's world: every worker's home line (a household's, or a ring's
farm), carrier-NAT pools, firms' corporate egress, VPN exits and IPv6 /64s, and the sign-ins table drawn
over them; and the column text (hex, IPv4, IPv6, ISO times, scrambled ids) that ``linking_world.py``'s
tables share with it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

# linking_people by plain name: benchmarks/ is on sys.path, as for linking_world.py.
from linking_people import COUNTRY_CODES, DAYS, START, U64, Bools, Ints, People, Rates

from unmask.demo.places import COUNTRIES, VPN_EXITS
from unmask.demo.writer import encoded

_V6_PREFIX = {"US": 0x26010, "CA": 0x26010}  # top 20 bits: Comcast 2601::/20; others Telekom 2003::/19
_V6_OTHER = 0x20030


def string_array(values: list[str] | tuple[str, ...]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


_OCTET = string_array([str(i) for i in range(256)])
_GROUP = string_array([f"{i:x}" for i in range(65536)])
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex_text(values: U64, digits: int) -> pa.Array:
    """Lower-case hex of each value, zero-padded to ``digits`` (one pass per digit, not per value)."""
    chars = np.empty((values.size, digits), dtype=np.uint8)
    for k in range(digits):
        shift = np.uint64(4 * (digits - 1 - k))
        chars[:, k] = _HEX[((values >> shift) & np.uint64(15)).astype(np.intp)]
    return pc.cast(pa.array(chars.view(f"S{digits}").ravel()), pa.string())


def scrambled(index: Ints, salt: int) -> U64:
    """Distinct, random-looking 64-bit ids: the splitmix64 finaliser is a bijection on 64 bits."""
    with np.errstate(over="ignore"):
        x = index.astype(np.uint64) + np.uint64(salt) * np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def ipv4_text(values: npt.NDArray[np.uint32]) -> pa.Array:
    v = values.astype(np.int64)
    parts = [_OCTET.take(pa.array((v >> s) & 255)) for s in (24, 16, 8, 0)]
    return pc.binary_join_element_wise(*parts, ".")


def ipv6_text(hi: U64, lo: U64) -> pa.Array:
    parts = [
        _GROUP.take(pa.array(((w >> np.uint64(s)) & np.uint64(0xFFFF)).astype(np.int64)))
        for w in (hi, lo)
        for s in (48, 32, 16, 0)
    ]
    return pc.binary_join_element_wise(*parts, ":")


def iso_text(seconds: Ints) -> pa.Array:
    """ISO 8601 UTC text (a cast and a replace: ``strftime`` is eight times slower)."""
    text = pc.cast(pa.array(START + seconds.astype("timedelta64[s]")), pa.string())
    return pc.binary_join_element_wise(pc.replace_substring(text, " ", "T"), "Z", "")


def laptop_ids(p: People) -> pa.Array:
    """Each worker's laptop id (a ring that shares a device shows the anchor's)."""
    return pc.binary_join_element_wise("D", hex_text(scrambled(p.source("device"), 5), 16), "")


class AddressBook:
    """Every IPv4 address of the world, drawn once and never handed out twice; rows hold indices."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.values: list[npt.NDArray[np.uint32]] = []
        self.size = 0
        self.seen: npt.NDArray[np.uint32] = np.empty(0, dtype=np.uint32)  # sorted

    def add(self, values: npt.NDArray[np.uint32]) -> Ints:
        self.values.append(values)
        self.seen = np.sort(np.concatenate([self.seen, values]))
        self.size += values.size
        return np.arange(self.size - values.size, self.size, dtype=np.int64)

    def residential(self, country: str, n: int) -> Ints:
        """``n`` new addresses in the consumer ISP blocks of ``country`` (demo/places.py)."""
        nets = [ipaddress.IPv4Network(c) for c in COUNTRIES[country].residential]
        starts = np.array([int(net.network_address) for net in nets], dtype=np.int64)
        sizes = np.array([net.num_addresses for net in nets], dtype=np.int64)
        picked = np.empty(0, dtype=np.uint32)
        while picked.size < n:
            want = 2 * (n - picked.size) + 16
            block = self.rng.choice(len(nets), want, p=sizes / sizes.sum())
            raw = starts[block] + (self.rng.random(want) * sizes[block]).astype(np.int64)
            raw = (raw & ~np.int64(255)) | self.rng.integers(1, 255, want)  # no .0 or .255
            fresh = _first_seen(np.concatenate([self.seen, picked, raw.astype(np.uint32)]))
            fresh = fresh[fresh >= self.seen.size + picked.size] - self.seen.size - picked.size
            picked = np.concatenate([picked, raw.astype(np.uint32)[np.sort(fresh)][: n - picked.size]])
        return self.add(picked)

    def text(self) -> pa.Array:
        return ipv4_text(np.concatenate(self.values) if self.values else np.empty(0, dtype=np.uint32))


def _first_seen(values: npt.NDArray[np.uint32]) -> Ints:
    """Positions of the first occurrence of each distinct value (a stable sort; numpy's hash-based
    ``unique`` is far slower on millions of integers)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.ones(values.size, dtype=np.bool_)
    first[1:] = ordered[1:] != ordered[:-1]
    return order[first].astype(np.int64)


def vpn_exits(feeds: Path | None, count: int, rng: np.random.Generator) -> list[str]:
    """Real exit servers: single addresses from the feed's per-provider lists, else the demo's."""
    folder = feeds / "x4bnet-vpn-datacenter" / "input_vpn_ips" if feeds else None
    pool: list[str] = []
    if folder and folder.is_dir():
        for name in ("mullvadvpn.txt", "protonvpn.txt", "pia.txt"):
            for line in (folder / name).read_text().split():
                net = ipaddress.ip_network(line.strip(), strict=False)
                if net.version == 4 and net.prefixlen >= 29:
                    pool.append(str(net.network_address))
    if not pool:
        pool = [ip for exits in VPN_EXITS.values() for ip in exits]
    chosen = rng.choice(len(pool), min(count, len(pool)), replace=False)
    return [pool[i] for i in sorted(chosen)]


HOME4, HOME6, MOBILE, VPN, CORP = range(5)
FARM_DAYS = 20  # weekdays a facilitator's laptops are switched on, out of the 64 in 90 days
WEEKDAYS = np.array([d for d in range(DAYS) if d % 7 < 5], dtype=np.int64)


@dataclass
class Network:
    addresses: AddressBook
    home: Ints  # address of each worker's home line (a household's, or the ring's farm)
    ipv6: Bools
    v6_prefix: U64  # the home's /64, as the high 64 bits
    at_farm: Bools
    farm_days: Ints  # (rings, FARM_DAYS)
    cgnat_first: Ints  # per country: its carrier-NAT pool of addresses
    cgnat_count: Ints
    egress_first: Ints  # per firm: its corporate egress addresses (count 0: none)
    egress_count: Ints
    vpn: Ints  # (workers, 2): the two exits a VPN user connects through; -1 for others
    exits: list[str]


def network(rng: np.random.Generator, p: People, rates: Rates, feeds: Path | None) -> Network:
    book = AddressBook(rng)
    home = np.zeros(p.n, dtype=np.int64)
    n_countries = len(COUNTRY_CODES)
    for c in np.flatnonzero(np.bincount(p.country)):
        rows = np.flatnonzero(p.country == c)
        home[rows] = book.residential(COUNTRY_CODES[c], rows.size)
    home[p.household_b] = home[p.household_a]

    at_farm = p.sharing("farm_ip")
    n_rings = p.ring_country.size
    farm = np.zeros(n_rings, dtype=np.int64)
    for c in np.flatnonzero(np.bincount(p.ring_country, minlength=1)):
        rings = np.flatnonzero(p.ring_country == c)
        farm[rings] = book.residential(COUNTRY_CODES[c], rings.size)
    home[at_farm] = farm[p.ring_of[at_farm]]
    farm_days = WEEKDAYS[
        np.sort(np.argsort(rng.random((n_rings, WEEKDAYS.size)), axis=1)[:, :FARM_DAYS], axis=1)
    ]

    per_country = np.bincount(p.country, minlength=n_countries)
    cgnat_count = np.maximum(1, np.round(per_country * 10 * rates.mobile_p / rates.cgnat_signins_per_ip))
    cgnat_count = cgnat_count.astype(np.int64)
    cgnat_first = np.zeros(n_countries, dtype=np.int64)
    for k in range(n_countries):
        cgnat_first[k] = book.residential(COUNTRY_CODES[k], int(cgnat_count[k]))[0]

    n_firms = p.firm_size.size
    egress_count = np.where(p.firm_size >= rates.egress_min_firm, np.minimum(4, 1 + p.firm_size // 80), 0)
    egress_first = np.zeros(n_firms, dtype=np.int64)
    firm_ids, first_member = np.unique(p.firm_of, return_index=True)
    firm_country = np.zeros(n_firms, dtype=np.int64)
    firm_country[firm_ids[firm_ids >= 0]] = p.country[first_member[firm_ids >= 0]]
    for c in np.flatnonzero(np.bincount(firm_country[egress_count > 0], minlength=1)):
        firms = np.flatnonzero((firm_country == c) & (egress_count > 0))
        drawn = book.residential(COUNTRY_CODES[c], int(egress_count[firms].sum()))
        egress_first[firms] = drawn[0] + np.concatenate([[0], np.cumsum(egress_count[firms])[:-1]])

    users = np.flatnonzero((rng.random(p.n) < rates.vpn_share) & ~at_farm)
    exits = vpn_exits(feeds, max(12, round(2 * users.size / rates.vpn_users_per_exit)), rng)
    exit_index = book.add(np.array([int(ipaddress.IPv4Address(e)) for e in exits], dtype=np.uint32))
    vpn = np.full((p.n, 2), -1, dtype=np.int64)
    vpn[users] = exit_index[rng.integers(0, exit_index.size, (users.size, 2))]

    ipv6 = (rng.random(p.n) < rates.ipv6_share) & ~at_farm
    top = np.where(p.country == COUNTRY_CODES.index("US"), _V6_PREFIX["US"], _V6_OTHER).astype(np.uint64)
    v6_prefix = (top << np.uint64(44)) | (scrambled(np.arange(p.n, dtype=np.int64), 6) >> np.uint64(20))
    ipv6[p.household_b] = ipv6[p.household_a]
    v6_prefix[p.household_b] = v6_prefix[p.household_a]
    return Network(
        book,
        home,
        ipv6,
        v6_prefix,
        at_farm,
        farm_days,
        cgnat_first,
        cgnat_count,
        egress_first,
        egress_count,
        vpn,
        exits,
    )


def _workdays(rng: np.random.Generator, size: int) -> Ints:
    """Days 0..89, four times in five a weekday."""
    day = rng.integers(0, DAYS, size)
    return np.where(rng.random(size) < 0.8, WEEKDAYS[rng.integers(0, WEEKDAYS.size, size)], day)


def signins_table(
    rng: np.random.Generator, p: People, net: Network, rates: Rates, ids_: pa.Array
) -> dict[str, pa.Array]:
    counts = rng.integers(8, 13, p.n)
    worker = np.repeat(np.arange(p.n, dtype=np.int64), counts)
    total = worker.size
    share = np.zeros((p.n, 5))
    share[:, HOME4], share[:, MOBILE] = 1 - rates.mobile_p, rates.mobile_p
    share[net.ipv6, HOME6] = 0.7 * share[net.ipv6, HOME4]  # dual-stack homes prefer IPv6 (Happy Eyeballs)
    share[net.ipv6, HOME4] *= 0.3
    vpn_user = net.vpn[:, 0] >= 0
    share[vpn_user] *= 0.4
    share[vpn_user, VPN] = 0.6
    corp = (p.firm_of >= 0) & (net.egress_count[np.maximum(p.firm_of, 0)] > 0)
    share[corp] *= 0.4
    share[corp, CORP] = 0.6
    share[net.at_farm] = (1, 0, 0, 0, 0)
    cumulative = np.cumsum(share, axis=1)
    u = rng.random(total)
    route = np.zeros(total, dtype=np.int64)
    for k in range(4):
        route += u > cumulative[worker, k]

    address = np.full(total, -1, dtype=np.int64)
    pick = rng.random(total)
    at = route == HOME4
    address[at] = net.home[worker[at]]
    at = route == MOBILE
    c = p.country[worker[at]]
    address[at] = net.cgnat_first[c] + (pick[at] * net.cgnat_count[c]).astype(np.int64)
    at = route == VPN
    address[at] = net.vpn[worker[at], (pick[at] < 0.5).astype(np.int64)]
    at = route == CORP
    f = p.firm_of[worker[at]]
    address[at] = net.egress_first[f] + (pick[at] * net.egress_count[f]).astype(np.int64)
    v6 = np.flatnonzero(route == HOME6)
    v6_text = ipv6_text(
        net.v6_prefix[worker[v6]], rng.integers(0, 2**63, v6.size).astype(np.uint64) << np.uint64(1)
    )
    book = net.addresses.text()
    address[v6] = len(book) + np.arange(v6.size)

    day = _workdays(rng, total)
    farm = net.at_farm[worker]
    day[farm] = net.farm_days[p.ring_of[worker[farm]], rng.integers(0, FARM_DAYS, int(farm.sum()))]
    seconds = day * 86400 + rng.integers(7 * 3600, 23 * 3600, total)
    laptops = laptop_ids(p)
    phones = pc.binary_join_element_wise("M", hex_text(scrambled(np.arange(p.n, dtype=np.int64), 7), 16), "")
    device = np.where(route == MOBILE, p.n + worker, worker)
    return {
        "worker_id": encoded(ids_, worker),
        "ts": iso_text(seconds),
        "ip": encoded(pa.concat_arrays([book, v6_text]), address),
        "device_id": encoded(pa.concat_arrays([laptops, phones]), device),
        "outcome": encoded(string_array(["success"]), np.zeros(total, dtype=np.int64)),
    }
