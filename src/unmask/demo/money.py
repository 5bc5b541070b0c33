"""Payouts: where each worker is paid, on what schedule, and the odd prepayment request.

Legitimate workers are paid into an account of their own in the country they
claim (or, for ``legit_crypto``, a wallet of their own). Operatives route pay
to China or Hong Kong, to crypto wallets or payout accounts the ring shares;
the careful ones use an ordinary domestic bank account that happens to be the
same account as another member's.

How the money moves (:class:`Habits`) follows the tiers too: operatives spread pay
over accounts they rotate through, validating each new one with tiny test
transfers, and split each payout into several transfers; sloppy ones most,
careful ones rarely. A few legitimate workers change bank once (two
micro-deposits, then pay goes to the new account), which must stay clean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from unmask.demo.clock import DAY_SECONDS, START_SECONDS, iso_date, iso_utc, weekday
from unmask.demo.dice import Dice
from unmask.demo.places import COUNTRIES, HOURLY_USD, USD_RATE
from unmask.demo.world import CAREFUL, CRYPTO, GROUPS, MODERATE, SLOPPY, Population, stream
from unmask.demo.writer import encoded

VALIDATION = "account verification"  # memo of a test transfer
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


@dataclass(frozen=True)
class Payout:
    method: str
    account_id: str | None
    account_country: str | None
    currency: str
    wallet: str | None


def _hex(dice: Dice, digits: int) -> str:
    """``digits`` random hex digits, ten at a time (40 bits fit a double's 53-bit mantissa)."""
    chunks = (digits + 9) // 10
    return "".join(f"{dice.below(16**10):010x}" for _ in range(chunks))[:digits]


def _eth_wallet(dice: Dice) -> str:
    return "0x" + _hex(dice, 40)


def _tron_wallet(dice: Dice) -> str:
    return "T" + "".join(dice.pick(_BASE58) for _ in range(33))


@dataclass(frozen=True)
class Habits:
    """How one worker's pay moves: the accounts it goes to, in order of first use, and how."""

    accounts: tuple[Payout, ...]
    rotate: bool  # cycle through the accounts every transfer (else move on to the next one for good)
    parts: int  # transfers each payout is split into
    odd_small: int  # small transfers besides the test transfers that validate new accounts


@dataclass(frozen=True)
class _HabitRates:
    churn: float  # chance of paying into more than one account
    extra_accounts: tuple[int, int]  # how many more accounts, [low, high)
    rotate: bool
    split: float  # chance of splitting each payout
    parts: tuple[int, int]
    odd_small: float  # chance of a few extra small transfers


_HABIT_RATES = {
    SLOPPY: _HabitRates(0.7, (2, 5), True, 0.6, (3, 6), 0.35),
    MODERATE: _HabitRates(0.5, (2, 4), False, 0.35, (3, 5), 0.1),
    CAREFUL: _HabitRates(0.1, (1, 2), False, 0.05, (3, 4), 0.0),  # one change of account, like anyone
}
# Legitimate workers: now and then one new bank account, nothing else.
_LEGIT_HABITS = _HabitRates(0.04, (1, 2), False, 0.0, (1, 2), 0.0)


def _new_destination(dice: Dice, payout: Payout) -> Payout:
    if payout.wallet is not None:
        wallet = _tron_wallet(dice) if payout.currency == "USDT" else _eth_wallet(dice)
        return Payout(payout.method, None, payout.account_country, payout.currency, wallet)
    return Payout(payout.method, f"acct-{_hex(dice, 10)}", payout.account_country, payout.currency, None)


def plan_habits(population: Population, payouts: list[Payout | None], seed: int) -> dict[int, Habits]:
    """The habits of paid workers whose pay does not simply go to one account in one transfer.

    Drawn from a stream of their own, so the payout plan above stays as it was; which workers
    deviate is drawn for everyone at once, the details only for those few."""
    rng = stream(seed, "payments", 2)
    rates = [_HABIT_RATES.get(g, _LEGIT_HABITS) for g in range(len(GROUPS))]
    group = population.group
    churn, split, odd = (
        rng.random((3, population.n))
        < np.asarray([[r.churn for r in rates], [r.split for r in rates], [r.odd_small for r in rates]])[
            :, group
        ]
    )
    dice = Dice(rng)
    out: dict[int, Habits] = {}
    for i in np.flatnonzero(churn | split | odd).tolist():
        payout = payouts[i]
        if payout is None:
            continue
        r = rates[int(group[i])]
        extra = dice.integer(*r.extra_accounts) if churn[i] else 0
        accounts = (payout, *(_new_destination(dice, payout) for _ in range(extra)))
        parts = dice.integer(*r.parts) if split[i] else 1
        out[i] = Habits(accounts, r.rotate, parts, dice.integer(3, 6) if odd[i] else 0)
    return out


def plan_payouts(population: Population, seed: int) -> list[Payout | None]:
    """Each worker's payout destination (None for applicants, who are not paid yet)."""
    dice = Dice(stream(seed, "payments"))
    out: list[Payout | None] = []
    for i in range(population.n):
        if population.applicant[i]:
            out.append(None)
            continue
        country = population.country[i]
        currency = COUNTRIES[country].currency
        account = f"acct-{_hex(dice, 10)}"
        method = dice.weighted(("bank", "wise", "paypal", "payoneer"), (0.55, 0.75, 0.9, 1.0))
        group = int(population.group[i])
        payout = Payout(method, account, country, currency, None)
        if group == CRYPTO:
            payout = Payout("crypto", None, None, "USDC", _eth_wallet(dice))
        elif group == SLOPPY:
            pick = dice.random()
            if pick < 0.35:
                payout = Payout("bank", account, dice.pick(["CN", "HK"]), "USD", None)
            elif pick < 0.65:
                payout = Payout("payoneer", account, "HK", "USD", None)
            else:
                payout = Payout("crypto", None, None, "USDT", _tron_wallet(dice))
        elif group == MODERATE and dice.random() < 0.5:
            payout = Payout("payoneer", account, "HK", "USD", None)
        elif group in (MODERATE, CAREFUL):
            payout = Payout("bank", account, country, currency, None)
        out.append(payout)
    # Rings funnel pay into one place: the facilitator's wallet or account.
    for ring in population.rings:
        lead = out[ring.members[0]]
        if lead is None:
            continue
        if ring.shares_wallet:
            shared = Payout("crypto", None, None, "USDT", lead.wallet or _tron_wallet(dice))
            for m in ring.members:
                out[m] = shared
        elif ring.shares_account:
            for m in ring.members[1:]:
                out[m] = lead
    return out


def payment_rows(population: Population, payouts: list[Payout | None], seed: int) -> dict[str, pa.Array]:
    rng = stream(seed, "payments", 1)
    dice = Dice(rng)
    days = population.days
    cols: dict[str, list[object]] = {
        k: []
        for k in (
            "w",
            "day",
            "amount",
            "currency",
            "kind",
            "method",
            "account_id",
            "account_country",
            "wallet",
            "memo",
        )
    }
    fridays = [d for d in range(days + 14) if int(weekday(d)) == 4][::2]
    month_ends = [d for d in range(days + 31) if _month_end(d)]

    def add(i: int, day: int, usd: float, kind: str, payout: Payout, memo: str) -> None:
        rate = USD_RATE[payout.currency]
        cols["w"].append(i)
        cols["day"].append(day)
        cols["amount"].append(round(usd * rate, 2))
        cols["currency"].append(payout.currency)
        cols["kind"].append(kind)
        cols["method"].append(payout.method)
        cols["account_id"].append(payout.account_id)
        cols["account_country"].append(payout.account_country)
        cols["wallet"].append(payout.wallet)
        cols["memo"].append(memo)

    habits = plan_habits(population, payouts, seed)
    extra = Dice(stream(seed, "payments", 3))  # the habits' transfers; ``dice`` draws as it always did

    def move(i: int, habit: Habits, day: int, usd: float, k: int, paydays: int, memo: str) -> None:
        """Payout ``k`` of ``paydays``, split and routed as the worker's habits say."""
        n = len(habit.accounts)
        for j in range(habit.parts):
            a = (k * habit.parts + j) % n if habit.rotate else min(n - 1, k * n // paydays)
            if a not in validated:  # two micro-deposits test a new account a few days before it is used
                validated.add(a)
                for _ in range(2):
                    test_day = day - extra.integer(1, 5)
                    add(i, test_day, extra.uniform(0.01, 0.99), "payout", habit.accounts[a], VALIDATION)
            add(i, day, usd / habit.parts * extra.uniform(0.9, 1.1), "payout", habit.accounts[a], memo)

    for i, payout in enumerate(payouts):
        if payout is None or not population.active[i]:
            continue
        habit = habits.get(i)  # None: one transfer per payout, to the one account
        low, high = HOURLY_USD[COUNTRIES[population.country[i]].pay_tier]
        hourly = dice.uniform(low, high)
        first, last = int(population.first_day[i]), int(population.last_day[i])
        monthly = population.engagement[i] == "contractor"
        paydays = [
            d for d in (month_ends if monthly else fridays) if first + 7 <= d <= min(last + 14, days - 1)
        ]
        validated = {0}  # accounts already tested: the first was in use before the window
        for k, day in enumerate(paydays):
            hours = (168.0 if monthly else 80.0) * dice.uniform(0.9, 1.05)
            memo = (
                f"invoice {iso_date(day)[:7]}"
                if monthly
                else "marketplace payout"
                if population.engagement[i] == "freelancer"
                else "payroll"
            )
            if habit is None:
                add(i, day, hourly * hours, "payout", payout, memo)
            else:
                move(i, habit, day, hourly * hours, k, len(paydays), memo)
        if habit is not None:
            # Accounts opened for later (or for another member) are tested too, on some day of the span.
            untested = [acct for a, acct in enumerate(habit.accounts) if paydays and a not in validated]
            for account in untested:
                for _ in range(2):
                    day = extra.integer(first, min(last, days - 1) + 1)
                    add(i, day, extra.uniform(0.01, 0.99), "payout", account, VALIDATION)
            for _ in range(habit.odd_small):
                day = extra.integer(first, last + 1)
                add(i, day, extra.uniform(5.0, 40.0), "payout", extra.pick(habit.accounts), "transfer")
        if population.group[i] == SLOPPY:
            for _ in range(dice.integer(1, 3)):
                day = dice.integer(first, last + 1)
                add(i, day, hourly * 80.0, "prepayment_request", payout, "advance requested")
        elif population.group[i] < SLOPPY and dice.random() < 0.03:
            add(i, min(days - 1, last), hourly * 20.0, "bonus", payout, "spot bonus")

    day_arr = np.asarray(cols["day"], dtype=np.int64)
    ts = START_SECONDS + day_arr * DAY_SECONDS + rng.integers(13 * 3600, 22 * 3600, day_arr.size)
    w = np.asarray(cols["w"], dtype=np.int64)
    order = np.lexsort((ts, w))
    picked = order.tolist()

    def text(key: str) -> pa.Array:
        values = cols[key]
        return pa.array([values[k] for k in picked], type=pa.string())

    return {
        "worker_id": encoded(population.id_array, w[order]),
        "ts": iso_utc(ts[order]),
        "amount": pa.array(np.asarray(cols["amount"], dtype=np.float64)[order], type=pa.float64()),
        "currency": text("currency"),
        "kind": text("kind"),
        "method": text("method"),
        "account_id": text("account_id"),
        "account_country": text("account_country"),
        "wallet_address": text("wallet"),
        "memo": text("memo"),
    }


def _month_end(day: int) -> bool:
    """The last weekday of a calendar month (when contractors are paid)."""
    if int(weekday(day)) >= 5:
        return False
    following = [d for d in range(day + 1, day + 4) if int(weekday(d)) < 5]
    return iso_date(day)[5:7] != iso_date(following[0])[5:7]
