"""The workers of the linking benchmark's world, decided once as per-worker arrays: claimed country, ring
and the channels each member shares with it, household, staffing firm, referrer. Every table of
``linking_world.py`` and ``linking_network.py`` reads them, so that all tables tell the same story.

The rates (:class:`Rates`) and what they rest on are in ``linking_world.py``'s docstring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from unmask.demo.places import COUNTRIES

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
U64 = npt.NDArray[np.uint64]

START = np.datetime64("2026-05-04T00:00:00", "s")  # a Monday; sign-ins span 90 days from here
DAYS = 90
RING_CHANNELS = ("farm_ip", "account", "wallet", "phone", "device", "photo", "resume", "referral", "firm")


@dataclass(frozen=True)
class Rates:
    """Shares of workers (or chances) behind every shared value; linking_world.py's docstring has sources."""

    ring_share: float = 0.005
    ring_size_weights: tuple[float, ...] = (0.3, 0.3, 0.2, 0.1, 0.1)  # sizes 2..6
    ring_channel_p: tuple[float, ...] = (0.6, 0.3, 0.15, 0.15, 0.15, 0.25, 0.5, 0.2, 0.15)  # RING_CHANNELS
    member_joins: float = 0.85
    household_share: float = 0.015
    couple_share: float = 0.005
    referral_share: float = 0.04
    firm_share: float = 0.25
    firm_size_exponent: float = 1.6
    egress_min_firm: int = 20
    vpn_share: float = 0.08
    vpn_users_per_exit: int = 300
    ipv6_share: float = 0.35
    mobile_p: float = 0.15
    cgnat_signins_per_ip: int = 20
    crypto_share: float = 0.03
    no_photo: float = 0.08
    default_avatar: float = 0.06
    second_profile: float = 0.4


COUNTRY_CODES = tuple(COUNTRIES)
# Claimed countries: a US-heavy remote workforce, the rest spread over the demo's countries.
_COUNTRY_WEIGHT = {"US": 0.40, "IN": 0.08, "GB": 0.06, "CA": 0.05, "DE": 0.04, "PL": 0.04, "UA": 0.04}


@dataclass
class People:
    """Per-worker arrays decided once, so that every table tells the same story."""

    n: int
    country: Ints  # index into COUNTRY_CODES
    ring_of: Ints  # -1: in no ring
    ring_pos: Ints  # 0: the ring's anchor, whose values the others copy
    anchor_of: Ints
    ring_country: Ints
    joined: npt.NDArray[np.bool_]  # (n, len(RING_CHANNELS)): the worker shares that channel with its ring
    household_a: Ints  # pairs sharing a home line; the first ``couples`` also share a payout account
    household_b: Ints
    couples: int
    firm_of: Ints  # -1: hired directly
    firm_size: Ints
    referred_by: Ints  # -1: no referrer

    def sharing(self, channel: str) -> Bools:
        return np.asarray(self.joined[:, RING_CHANNELS.index(channel)], dtype=np.bool_)

    def source(self, channel: str) -> Ints:
        """Whose value each worker shows for ``channel``: its own, or its ring anchor's."""
        src = np.arange(self.n, dtype=np.int64)
        mask = self.sharing(channel)
        src[mask] = self.anchor_of[mask]
        return src


def people(rng: np.random.Generator, n: int, rates: Rates) -> People:
    weight = np.array([_COUNTRY_WEIGHT.get(c, 0.0) for c in COUNTRY_CODES])
    weight[weight == 0] = (1 - weight.sum()) / np.count_nonzero(weight == 0)
    country = rng.choice(len(COUNTRY_CODES), n, p=weight)

    # Rings: sizes drawn until they hold ring_share of the workers; members picked at random.
    drawn = rng.choice(len(rates.ring_size_weights), n // 2 + 1, p=rates.ring_size_weights) + 2
    target = round(n * rates.ring_share)
    n_rings = int(np.searchsorted(np.cumsum(drawn), target) + 1) if target >= 2 else 0
    sizes = drawn[:n_rings]
    members = rng.permutation(n)[: sizes.sum()]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    ring_of = np.full(n, -1, dtype=np.int64)
    ring_pos = np.full(n, -1, dtype=np.int64)
    anchor_of = np.full(n, -1, dtype=np.int64)
    ring_of[members] = np.repeat(np.arange(n_rings), sizes)
    ring_pos[members] = np.arange(members.size) - np.repeat(starts, sizes)
    anchor_of[members] = np.repeat(members[starts], sizes)
    us = COUNTRY_CODES.index("US")
    ring_country = np.where(rng.random(n_rings) < 0.7, us, rng.integers(0, len(COUNTRY_CODES), n_rings))
    country[members] = ring_country[ring_of[members]]  # operatives claim where the facilitator lives
    uses = rng.random((n_rings, len(RING_CHANNELS))) < np.asarray(rates.ring_channel_p)
    joins = (ring_pos[members] == 0)[:, None] | (
        rng.random((members.size, len(RING_CHANNELS))) < rates.member_joins
    )
    joined = np.zeros((n, len(RING_CHANNELS)), dtype=np.bool_)
    joined[members] = uses[ring_of[members]] & joins

    outside = rng.permutation(np.flatnonzero(ring_of < 0))
    pairs = round(n * rates.household_share / 2)
    household_a, household_b = np.sort(outside[:pairs]), outside[pairs : 2 * pairs]
    country[household_b] = country[household_a]

    # Staffing firms: power-law sizes 1..300 filled from a random quarter of the (non-ring) workers.
    hired = rng.permutation(np.flatnonzero((rng.random(n) < rates.firm_share) & (ring_of < 0)))
    size_p = np.arange(1, 301, dtype=np.float64) ** -rates.firm_size_exponent
    firm_sizes = rng.choice(300, hired.size + 1, p=size_p / size_p.sum()) + 1
    n_firms = int(np.searchsorted(np.cumsum(firm_sizes), hired.size) + 1) if hired.size else 0
    firm_sizes = firm_sizes[:n_firms]
    firm_sizes[-1:] -= firm_sizes.sum() - hired.size  # the last firm takes what is left
    firm_of = np.full(n, -1, dtype=np.int64)
    firm_of[hired] = np.repeat(np.arange(n_firms), firm_sizes)
    front = joined[:, RING_CHANNELS.index("firm")]
    firm_of[front] = n_firms + ring_of[front]  # a front firm per ring that uses one
    firm_size = np.bincount(firm_of[firm_of >= 0], minlength=n_firms + n_rings).astype(np.int64)

    referred_by = np.full(n, -1, dtype=np.int64)
    referred = np.flatnonzero(rng.random(n) < rates.referral_share)
    referrer = rng.integers(0, n - 1, referred.size)
    referred_by[referred] = referrer + (referrer >= referred)  # never oneself
    by_ring = joined[:, RING_CHANNELS.index("referral")] & (ring_pos > 0)
    referred_by[by_ring] = anchor_of[by_ring]
    return People(
        n,
        country,
        ring_of,
        ring_pos,
        anchor_of,
        ring_country,
        joined,
        household_a,
        household_b,
        round(n * rates.couple_share / 2),
        firm_of,
        firm_size,
        referred_by,
    )
