"""Who works for the demo organisation: groups, rings, where they claim to live, when they work.

Everything that later tables depend on is decided here once, as per-worker
arrays, so that the table generators stay vectorised and agree with each other
(a worker's commits, sign-ins and payouts all follow the same story).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import Offsets, weekday
from unmask.demo.dice import Dice
from unmask.demo.lookalikes import front_identity
from unmask.demo.places import COUNTRIES, LEGIT_CLAIMS, OPERATIVE_CLAIMS, OPERATIVE_TIMEZONES, City

GROUPS: tuple[str, ...] = (
    "legit",
    "legit_traveller",
    "legit_vpn_user",
    "legit_night_owl",
    "legit_crypto",
    "legit_it_admin",
    "legit_camera_shy",
    "legit_expat",
    "operative_sloppy",
    "operative_moderate",
    "operative_careful",
)
LEGIT, TRAVELLER, VPN_USER, NIGHT_OWL, CRYPTO, IT_ADMIN, CAMERA_SHY, EXPAT = range(8)
SLOPPY, MODERATE, CAREFUL = range(8, 11)
HARD_LEGIT = (TRAVELLER, VPN_USER, NIGHT_OWL, CRYPTO, IT_ADMIN, CAMERA_SHY, EXPAT)
OPERATIVE_TIERS = (SLOPPY, MODERATE, CAREFUL)

HARD_LEGIT_SHARE = 0.025  # of all workers, for each hard-legitimate group
OPERATIVE_SHARE = 0.07
SOLO_SHARE = 0.15  # of operatives, working without a ring
APPLICANT_SHARE = 0.04  # of plain-legit workers and solo operatives: still in the hiring funnel
RING_SIZES = (2, 3, 4, 5, 6)
RING_SIZE_WEIGHTS = (0.3, 0.3, 0.2, 0.12, 0.08)

# Independent random streams, one per concern, so that changing how one table is
# drawn never shifts the values of another. Numbers are fixed forever.
_STREAMS = {
    "population": 1,
    "personas": 2,
    "network": 3,
    "signins": 4,
    "devices": 5,
    "meetings": 6,
    "messages": 7,
    "commits": 8,
    "payments": 9,
    "checks": 10,
    "profiles": 11,
    "contacts": 12,
    "fronts": 13,
    "referrals": 14,
}

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


def stream(seed: int, name: str, *extra: int) -> np.random.Generator:
    """The random generator for one concern (and optionally one chunk) of one seed."""
    return np.random.default_rng([seed, _STREAMS[name], *extra])


@dataclass(frozen=True)
class Firm:
    firm_id: str
    name: str
    domain: str
    country: str
    provider: str | None  # background-check provider; None = unknown
    has_docs: bool
    front: bool  # a ring's front company (ground truth only, never written)


@dataclass(frozen=True)
class Ring:
    ring_id: str
    members: tuple[int, ...]
    tier: int
    country: str  # where the facilitator's laptop farm is, and what members claim
    firm_id: str | None
    shares_device: bool  # one company laptop logged into by two identities
    shares_account: bool  # payouts to one bank/payoneer account
    shares_phone: bool
    shares_wallet: bool


@dataclass
class Population:
    days: int
    worker_ids: list[str]
    group: Ints
    ring: Ints  # index into ``rings`` or -1
    rings: list[Ring]
    applicant: Bools
    country: list[str]
    city: list[City]
    tz: Ints  # claimed timezone, index into ``offsets.names``
    act_tz: Ints  # the timezone the person really keeps hours in
    engagement: list[str]
    role: list[str]
    codes: Bools  # role writes code (has commits)
    interview_day: Ints  # the hiring interview (assessments and the application come before it)
    start_day: Ints  # relative to the window start; may lie before it or (applicants) after it
    end_day: Ints  # last day employed, or a large number
    has_end: Bools
    first_day: Ints  # active span inside the window; first_day > last_day means never active
    last_day: Ints
    work_start: Floats  # local hour the working day starts, in ``act_tz``
    work_span: Floats  # hours
    weekend_rate: Floats  # chance that a weekend event stays on the weekend
    firm: list[str | None]
    firms: list[Firm]
    offsets: Offsets

    @property
    def n(self) -> int:
        return len(self.worker_ids)

    @cached_property
    def id_array(self) -> pa.Array:
        """Worker ids as an Arrow column, for ``take`` by worker index."""
        return pa.array(self.worker_ids, type=pa.string())

    # Computed once: loops over workers index these arrays many times.
    @cached_property
    def operative(self) -> Bools:
        return np.asarray(self.group >= SLOPPY)

    @cached_property
    def active(self) -> Bools:
        return np.asarray((self.first_day <= self.last_day) & ~self.applicant)

    def ring_id(self, worker: int) -> str | None:
        r = int(self.ring[worker])
        return self.rings[r].ring_id if r >= 0 else None


def _choice(rng: np.random.Generator, weights: dict[str, float], n: int) -> list[str]:
    keys = list(weights)
    p = np.asarray([weights[k] for k in keys], dtype=np.float64)
    return [keys[i] for i in rng.choice(len(keys), size=n, p=p / p.sum())]


def _group_sizes(workers: int) -> tuple[int, int]:
    """(workers per hard-legitimate group, operatives); each present once there are 40 workers."""
    floor = 1 if workers >= 40 else 0
    per_hard = max(floor, round(HARD_LEGIT_SHARE * workers))
    operatives = max(2 * floor, round(OPERATIVE_SHARE * workers))
    return per_hard, min(operatives, max(0, workers - len(HARD_LEGIT) * per_hard))


def _ring_sizes(rng: np.random.Generator, members: int) -> list[int]:
    sizes: list[int] = []
    left = members
    while left >= 2:
        size = min(int(rng.choice(RING_SIZES, p=RING_SIZE_WEIGHTS)), left)
        if left - size == 1:  # never leave a single operative over
            size = size + 1 if size < RING_SIZES[-1] else size - 1
        sizes.append(size)
        left -= size
    return sizes


def build_population(workers: int, days: int, seed: int) -> Population:
    rng = stream(seed, "population")
    per_hard, n_operatives = _group_sizes(workers)
    n_solo = round(SOLO_SHARE * n_operatives)
    sizes = _ring_sizes(rng, n_operatives - n_solo)
    n_solo = n_operatives - sum(sizes)

    # Tiers: biggest rings first, each to the tier with the fewest members so far.
    members_per_tier = dict.fromkeys(OPERATIVE_TIERS, 0)
    ring_tiers: list[int] = []
    for size in sorted(sizes, reverse=True):
        tier = min(OPERATIVE_TIERS, key=lambda t: (members_per_tier[t], t))
        ring_tiers.append(tier)
        members_per_tier[tier] += size
    sizes = sorted(sizes, reverse=True)
    solo_tiers = []
    for _ in range(n_solo):
        tier = min(OPERATIVE_TIERS, key=lambda t: (members_per_tier[t], t))
        solo_tiers.append(tier)
        members_per_tier[tier] += 1

    # Slots in a fixed order, then a random permutation turns slots into worker ids,
    # so neither ids nor file order say anything about groups.
    order = rng.permutation(workers)
    group = np.full(workers, LEGIT, dtype=np.int64)
    ring = np.full(workers, -1, dtype=np.int64)
    slot = 0
    ring_members: list[list[int]] = []
    for r, (size, tier) in enumerate(zip(sizes, ring_tiers, strict=True)):
        idx = [int(i) for i in order[slot : slot + size]]
        group[idx], ring[idx] = tier, r
        ring_members.append(sorted(idx))
        slot += size
    for tier in solo_tiers:
        group[order[slot]] = tier
        slot += 1
    for g in HARD_LEGIT:
        group[order[slot : slot + per_hard]] = g
        slot += per_hard

    width = max(4, len(str(workers)))
    worker_ids = [f"w{i + 1:0{width}d}" for i in range(workers)]
    is_op = group >= SLOPPY
    applicant = ((group == LEGIT) | (is_op & (ring < 0))) & (rng.random(workers) < APPLICANT_SHARE)

    ring_width = max(2, len(str(len(sizes))))
    ring_country = _choice(rng, OPERATIVE_CLAIMS, len(sizes))
    country = _choice(rng, LEGIT_CLAIMS, workers)
    op_claims = _choice(rng, OPERATIVE_CLAIMS, workers)
    for i in range(workers):
        if ring[i] >= 0:
            country[i] = ring_country[ring[i]]
        elif is_op[i]:
            country[i] = op_claims[i]
        elif group[i] == VPN_USER and rng.random() < 0.8:
            country[i] = "US"
    city = [COUNTRIES[c].cities[int(rng.integers(len(COUNTRIES[c].cities)))] for c in country]
    timezones = sorted({c.timezone for c in city} | set(OPERATIVE_TIMEZONES))
    tz_index = {name: i for i, name in enumerate(timezones)}
    tz = np.asarray([tz_index[c.timezone] for c in city], dtype=np.int64)
    real_home = np.asarray([tz_index[OPERATIVE_TIMEZONES[0]], tz_index[OPERATIVE_TIMEZONES[1]]])
    act_tz = np.where(is_op, real_home[(rng.random(workers) < 0.4).astype(np.int64)], tz)

    role_names = [r[0] for r in texts.ROLES]
    role_weights = np.asarray([r[2] for r in texts.ROLES])
    writes = {r[0]: r[1] for r in texts.ROLES}
    role = [role_names[i] for i in rng.choice(len(role_names), workers, p=role_weights / role_weights.sum())]
    for admin in np.flatnonzero(group == IT_ADMIN).tolist():
        role[admin] = texts.IT_ADMIN_ROLES[int(rng.integers(len(texts.IT_ADMIN_ROLES)))]
    codes = np.asarray([writes.get(r, False) for r in role], dtype=np.bool_)

    engagement = _engagements(rng, is_op, applicant)
    start_day, end_day, has_end = _tenure(rng, group, applicant, days)
    first_day = np.maximum(start_day, 0)
    last_day = np.minimum(np.where(has_end, end_day, days - 1), days - 1)
    first_day = np.where(applicant, days, first_day)
    # Hiring: interviewed a few weeks before starting; applicants inside the window.
    interview_day = np.where(
        applicant, rng.integers(0, max(1, days), workers), start_day - rng.integers(10, 30, workers)
    )
    interview_day += np.select([weekday(interview_day) == 5, weekday(interview_day) == 6], [2, 1], 0)

    # Working hours in the timezone each person really lives in.
    work_start = np.clip(rng.normal(8.6, 0.8, workers), 6.5, 11.0)
    work_span = rng.uniform(7.5, 9.5, workers)
    weekend_rate = np.full(workers, 0.08)
    owl = group == NIGHT_OWL
    work_start[owl] = rng.uniform(18.5, 21.5, int(owl.sum()))
    work_span[owl] = rng.uniform(6.0, 8.0, int(owl.sum()))
    work_start[is_op] = rng.uniform(8.0, 10.0, int(is_op.sum()))
    work_span[is_op] = rng.uniform(8.5, 11.0, int(is_op.sum()))
    weekend_rate[is_op | owl] = 0.25

    firms, firm = _firms(rng, group, ring, applicant, len(sizes), ring_country)
    rings = [
        Ring(
            ring_id=f"ring-{r + 1:0{ring_width}d}",
            members=tuple(ring_members[r]),
            tier=ring_tiers[r],
            country=ring_country[r],
            firm_id=firm[ring_members[r][0]],
            shares_device=bool(rng.random() < 0.4),
            shares_account=bool(ring_tiers[r] != SLOPPY and rng.random() < 0.7),
            shares_phone=bool(ring_tiers[r] == CAREFUL and rng.random() < 0.6),
            shares_wallet=bool(ring_tiers[r] == SLOPPY and rng.random() < 0.6),
        )
        for r in range(len(sizes))
    ]
    firms = _disguise_fronts(seed, firms, rings)
    return Population(
        days=days,
        worker_ids=worker_ids,
        group=group,
        ring=ring,
        rings=rings,
        applicant=applicant,
        country=country,
        city=city,
        tz=tz,
        act_tz=np.asarray(act_tz, dtype=np.int64),
        engagement=engagement,
        role=role,
        codes=codes,
        interview_day=interview_day.astype(np.int64),
        start_day=start_day,
        end_day=end_day,
        has_end=has_end,
        first_day=first_day,
        last_day=last_day,
        work_start=work_start,
        work_span=work_span,
        weekend_rate=weekend_rate,
        firm=firm,
        firms=firms,
        offsets=Offsets(timezones, days + 200),
    )


def _disguise_fronts(seed: int, firms: list[Firm], rings: list[Ring]) -> list[Firm]:
    """Many fronts of sloppy and moderate rings pose as a real IT firm: a look-alike of its
    domain, and its name with a word added. Careful rings keep a bland name of their own."""
    dice = Dice(stream(seed, "fronts"))
    tiers = {ring.firm_id: ring.tier for ring in rings if ring.firm_id is not None}
    out = []
    for firm in firms:
        tier = tiers.get(firm.firm_id) if firm.front else None
        if tier in (SLOPPY, MODERATE) and dice.random() < (0.7 if tier == SLOPPY else 0.5):
            name, domain, _ = front_identity(dice)
            firm = replace(firm, name=name, domain=domain)
        out.append(firm)
    return out


def _engagements(rng: np.random.Generator, is_op: Bools, applicant: Bools) -> list[str]:
    kinds = ("employee", "contractor", "freelancer")
    legit = rng.choice(3, len(is_op), p=(0.35, 0.4, 0.25))
    operative = rng.choice(3, len(is_op), p=(0.1, 0.55, 0.35))  # they prefer contract work
    picked = np.where(is_op, operative, legit)
    return ["applicant" if a else kinds[k] for k, a in zip(picked.tolist(), applicant.tolist(), strict=True)]


def _tenure(rng: np.random.Generator, group: Ints, applicant: Bools, days: int) -> tuple[Ints, Ints, Bools]:
    """Start and end days: most started long ago, some during the window, a few leave."""
    n = len(group)
    before = rng.random(n) < 0.7
    start = np.where(before, -rng.integers(20, 900, n), rng.integers(0, max(1, 2 * days // 3), n))
    start = np.where(applicant, days + rng.integers(7, 45, n), start)
    quit_rate = np.select([group == SLOPPY, group == MODERATE, group == CAREFUL], [0.3, 0.1, 0.03], 0.04)
    has_end = (rng.random(n) < quit_rate) & ~applicant
    earliest = np.maximum(start, 0) + 10
    end = np.where(
        has_end & (earliest < days - 1), rng.integers(np.minimum(earliest, days - 2), days - 1), days + 10_000
    )
    has_end &= end < days
    # Some contracts simply have a planned end after the window.
    planned = ~has_end & ~applicant & (rng.random(n) < 0.1)
    end = np.where(planned, days + rng.integers(30, 300, n), end)
    return start.astype(np.int64), end.astype(np.int64), (has_end | planned)


def _firms(
    rng: np.random.Generator,
    group: Ints,
    ring: Ints,
    applicant: Bools,
    n_rings: int,
    ring_country: list[str],
) -> tuple[list[Firm], list[str | None]]:
    """Legitimate staffing agencies, and front companies for most rings."""
    names = [f"{p} {s}" for p in texts.FIRM_PREFIXES for s in texts.FIRM_SUFFIXES]
    legal = ("LLC", "Inc.", "Ltd", "Group")
    pool = [names[i] for i in rng.permutation(len(names))]
    n_legit = int(np.clip(len(group) // 50, 3, 40))
    front_rings = [r for r in range(n_rings) if rng.random() < 0.6]
    firms: list[Firm] = []
    for k in range(n_legit + len(front_rings)):
        base = pool[k % len(pool)]
        name = base if k < len(pool) else f"{base} {legal[(k // len(pool)) % len(legal)]} {k // len(pool)}"
        slug = name.lower().replace(".", "").replace(" ", "")
        front = k >= n_legit
        country = (
            (ring_country[front_rings[k - n_legit]] if rng.random() < 0.8 else "HK")
            if front
            else str(rng.choice(["US", "US", "US", "GB", "IN", "PL", "PH", "UA", "BR"]))
        )
        provider = None if front else str(rng.choice(texts.BACKGROUND_CHECK_PROVIDERS))
        firms.append(Firm(f"firm-{k + 1:03d}", name, f"{slug}.example", country, provider, not front, front))
    firm: list[str | None] = [None] * len(group)
    legit_firm_ids = [f.firm_id for f in firms[:n_legit]]
    via_agency = rng.random(len(group)) < 0.18
    agency = rng.integers(0, n_legit, len(group))
    # Solo operatives also slip through real agencies, a little less often than legit hires.
    via_agency &= (group < SLOPPY) | (rng.random(len(group)) < 0.8)
    for i in np.flatnonzero(via_agency & ~applicant & (ring < 0)):
        firm[int(i)] = legit_firm_ids[int(agency[i])]
    for k, r in enumerate(front_rings):
        for i in np.flatnonzero(ring == r):
            firm[int(i)] = firms[n_legit + k].firm_id
    return firms, firm
