"""Who referred whom: the ``referred_by`` column the demo adds to the workers table.

Rings bring each other in. A member other than the lead is often referred by a
ring-mate who started earlier (by the lead when none did): sloppy rings do it
most, careful ones seldom, since a referral ties two identities together for
anyone who looks. Legitimate workers refer friends too: about 8% of them came
through a colleague who started before them, a few colleagues referred two or
three people, and some referred people referred others in turn. So a referral
alone is ordinary; only what else the two share makes it matter. Referrals
never cross between legitimate workers and operatives, and solo operatives have
none. Each worker's referrer started strictly earlier (the lead fallback aside,
and a lead is never referred), so referrals never form a cycle.
"""

from __future__ import annotations

import numpy as np

from unmask.demo.dice import Dice
from unmask.demo.world import CAREFUL, MODERATE, SLOPPY, Ints, Population, stream

# Of a ring's members other than its lead: how many a ring-mate referred.
RING_REFERRAL_RATE = {SLOPPY: 0.6, MODERATE: 0.4, CAREFUL: 0.15}
LEGIT_REFERRAL_RATE = 0.08  # of legitimate workers (every legitimate group, applicants included)
REPEAT_SHARE = 0.2  # of legitimate referrals: made by a colleague who already referred someone
CHAIN_SHARE = 0.15  # of legitimate referrals: made by a colleague who was referred themselves
MAX_REFERRALS = 3  # by one legitimate colleague
MAX_CHAIN = 3  # referrals in a row (A referred B, who referred C, who referred D)
_TRIES = 4  # draws before giving a referee up (every colleague they could name is "full")


def plan_referrals(population: Population, seed: int) -> Ints:
    """The index of the worker who referred each worker, or -1 for none."""
    referrer = np.full(population.n, -1, dtype=np.int64)
    _ring_referrals(population, Dice(stream(seed, "referrals", 0)), referrer)
    _legit_referrals(population, stream(seed, "referrals", 1), referrer)
    return referrer


def _ring_referrals(population: Population, dice: Dice, referrer: Ints) -> None:
    start = population.start_day
    for ring in population.rings:
        lead = ring.members[0]
        for member in ring.members[1:]:
            if dice.random() >= RING_REFERRAL_RATE[ring.tier]:
                continue
            earlier = [m for m in ring.members if start[m] < start[member]]
            referrer[member] = dice.pick(earlier or [lead])


def _legit_referrals(population: Population, rng: np.random.Generator, referrer: Ints) -> None:
    """Referees in order of start day, so everyone they could name has already been placed.

    A referee names a colleague who already referred someone (REPEAT_SHARE), one who
    was referred themselves (CHAIN_SHARE), or any colleague who started before them.
    Only the few referees pass through the loop; candidates are found by index.
    """
    start = population.start_day
    legit = population.group < SLOPPY
    colleagues = np.flatnonzero(legit & ~population.applicant)  # applicants cannot refer yet
    colleagues = colleagues[np.argsort(start[colleagues], kind="stable")]
    colleague_start = start[colleagues]
    wanted = np.flatnonzero(legit & (rng.random(population.n) < LEGIT_REFERRAL_RATE))
    wanted = wanted[np.argsort(start[wanted], kind="stable")]
    # How many colleagues started strictly before each referee.
    earlier = np.searchsorted(colleague_start, start[wanted], side="left")
    dice = Dice(rng)
    count = np.zeros(population.n, dtype=np.int64)
    depth = np.zeros(population.n, dtype=np.int64)  # referrals in the chain ending at the worker
    repeaters: list[int] = []  # colleagues who referred someone
    referred: list[int] = []  # referred colleagues (not applicants), in start order
    for referee, n_earlier in zip(wanted.tolist(), earlier.tolist(), strict=True):
        if n_earlier == 0:
            continue  # nobody they could name started before them
        draw = dice.random()
        pool = repeaters if draw < REPEAT_SHARE else referred if draw < REPEAT_SHARE + CHAIN_SHARE else None
        chosen = -1
        for _ in range(_TRIES):
            candidate = dice.pick(pool) if pool else int(colleagues[dice.below(n_earlier)])
            fits = count[candidate] < MAX_REFERRALS and depth[candidate] < MAX_CHAIN
            if fits and start[candidate] < start[referee]:
                chosen = candidate
                break
            pool = None  # the preferred pool had no fit: fall back to any earlier colleague
        if chosen < 0:
            continue
        referrer[referee] = chosen
        depth[referee] = depth[chosen] + 1
        count[chosen] += 1
        if count[chosen] == 1:
            repeaters.append(chosen)
        if not population.applicant[referee]:
            referred.append(referee)
