"""Payouts: where each worker is paid, on what schedule, and the odd prepayment request.

Legitimate workers are paid into an account of their own in the country they
claim (or, for ``legit_crypto``, a wallet of their own). Operatives route pay
to China or Hong Kong, to crypto wallets or payout accounts the ring shares;
the careful ones use an ordinary domestic bank account that happens to be the
same account as another member's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from unmask.demo.clock import DAY_SECONDS, START_SECONDS, iso_date, iso_utc, weekday
from unmask.demo.dice import Dice
from unmask.demo.places import COUNTRIES, HOURLY_USD, USD_RATE
from unmask.demo.world import CAREFUL, CRYPTO, MODERATE, SLOPPY, Population, stream
from unmask.demo.writer import encoded

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

    for i, payout in enumerate(payouts):
        if payout is None or not population.active[i]:
            continue
        low, high = HOURLY_USD[COUNTRIES[population.country[i]].pay_tier]
        hourly = dice.uniform(low, high)
        first, last = int(population.first_day[i]), int(population.last_day[i])
        monthly = population.engagement[i] == "contractor"
        for day in month_ends if monthly else fridays:
            if first + 7 <= day <= last + 14 and day < days:
                hours = (168.0 if monthly else 80.0) * dice.uniform(0.9, 1.05)
                memo = (
                    f"invoice {iso_date(day)[:7]}"
                    if monthly
                    else "marketplace payout"
                    if population.engagement[i] == "freelancer"
                    else "payroll"
                )
                add(i, day, hourly * hours, "payout", payout, memo)
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
