"""Payments: where pay goes, how often, and in what amounts; who is flagged and which look-alikes are not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.detectors.cases import Case, check_case, payment, workers
from unmask.enrich import Intelligence
from unmask.store import Workspace


def paid(wid: str, date: str, amount: float = 2000, **fields: Any) -> dict[str, Any]:
    """A payout on ``date`` (YYYY-MM-DD)."""
    return {**payment(wid, 1, amount=amount, **fields), "ts": f"{date}T12:00:00Z"}


def weekly(wid: str, accounts: list[str], start_day: int = 1) -> list[dict[str, Any]]:
    """One payout a week from 2026-07-01 (day ``start_day``), to ``accounts`` in turn."""
    return [
        paid(wid, f"2026-{7 + (start_day + 7 * k - 1) // 31}-{(start_day + 7 * k - 1) % 31 + 1:02d}",
             account_id=a)
        for k, a in enumerate(accounts)
    ]  # fmt: skip


def monthly(wid: str, months: range = range(6, 9), per_month: int = 1, **fields: Any) -> list[dict[str, Any]]:
    """``per_month`` payouts in each month of 2026 in ``months`` (days 3, 10, 17, … of the month)."""
    return [paid(wid, f"2026-{m:02d}-{3 + 7 * k:02d}", **fields) for m in months for k in range(per_month)]


MONTHLY_PEERS = [f"c{i:02d}" for i in range(24)]
WEEKLY_PEERS = [f"f{i:02d}" for i in range(22)]
TEST_TRANSFERS = ((5, 0.12), (6, 0.34), (12, 0.07))  # (day, amount): micro-deposits to three new accounts

CASES = [
    Case(
        "payout account abroad vs claimed country; China/Hong Kong count fully",
        "payout_country_mismatch",
        {
            "workers": workers("routed", "once_cn", "once_de", "home", "nocountry"),
            "payments": [payment("routed", d, account_country="HK") for d in (1, 15)]
            + [payment("once_cn", d, account_country="CN" if d == 1 else "US") for d in (1, 8, 15, 22)]
            + [payment("once_de", d, account_country="DE" if d == 1 else "US") for d in (1, 8, 15, 22)]
            + [payment("home", d, account_country="US") for d in (1, 15)]
            + [payment("nocountry", 1)],
        },
        {"routed": (1.0, 1.0), "once_cn": (1.0, 1.0), "once_de": (0.75, 0.75)},
        ("home", "nocountry"),
        {"payments"},
    ),
    Case(
        "crypto payouts",
        "crypto_payout",
        {
            "workers": workers("all_crypto", "some_crypto", "bank"),
            "payments": [payment("all_crypto", d, method="crypto", wallet_address="0xabc") for d in (1, 15)]
            + [payment("some_crypto", 1, method="crypto"), payment("some_crypto", 15)]
            + [payment("bank", 1)],
        },
        {"all_crypto": (1.0, 1.0), "some_crypto": (0.75, 0.75)},
        ("bank",),
        {"payments"},
    ),
    Case(
        "prepayment requests",
        "prepayment_request",
        {
            "workers": workers("asker", "payee"),
            "payments": [
                payment("asker", 3, kind="prepayment_request"),
                payment("asker", 9, kind="prepayment_request"),
                payment("payee", 3),
            ],
        },
        {"asker": (0.8, 0.8)},
        ("payee",),
        {"payments"},
    ),
    Case(
        "pay spread over many accounts or flipping between two; one new bank and a slow back-and-forth "
        "are not",
        "payout_account_churn",
        {
            "workers": workers("spread", "wallets", "flipper", "new_bank", "slow", "steady"),
            "payments": weekly("spread", ["a1", "a2", "a3", "a4", "a4"])
            + [
                paid("wallets", f"2026-08-{d:02d}", method="crypto", wallet_address=f"T{d}")
                for d in (1, 8, 15)
            ]
            + weekly("flipper", ["b1", "b2", "b1", "b2", "b1"])
            # A new bank: two micro-deposits to the new account, then pay goes there.
            + weekly("new_bank", ["n1", "n1", "n1", "n2", "n2", "n2"])
            + [paid("new_bank", "2026-07-20", amount=0.12, account_id="n2")]
            + [paid("slow", f"2026-{m:02d}-05", account_id=f"s{m % 2}") for m in range(1, 9)]
            + weekly("steady", ["x"] * 8),
        },
        {"spread": (0.75, 0.75), "wallets": (0.5, 0.5), "flipper": (0.66, 0.67)},
        ("new_bank", "slow", "steady"),
        {"payments"},
    ),
    Case(
        "paid four times a month among monthly contractors; weekly freelancers among their peers, "
        "a contractor with one bonus, one with a short burst and one with test transfers are not",
        "payment_frequency_outlier",
        {
            "workers": workers(*MONTHLY_PEERS, "splitter", "bonus", "burst", "tests")
            + workers(*WEEKLY_PEERS, "weekly", engagement="freelancer"),
            "payments": [p for c in MONTHLY_PEERS for p in monthly(c)]
            + [p for f in WEEKLY_PEERS for p in monthly(f, per_month=4)]
            + monthly("splitter", per_month=4, account_id="s")
            + monthly("bonus")
            + [paid("bonus", "2026-07-20", amount=300, kind="bonus")]
            + monthly("burst", months=range(7, 8), per_month=3)
            + monthly("tests")
            + monthly("tests", per_month=3, amount=0.25)
            + monthly("weekly", per_month=4),
        },
        {"splitter": (0.8, 0.8)},
        ("bonus", "burst", "tests", "weekly", "c00", "f00"),
        {"payments"},
    ),
    Case(
        "repeated test transfers; a one-off bonus, a new bank's two micro-deposits and modest extras are not",
        "small_repeated_charges",
        {
            "workers": workers("tester", "chunks", "bonus", "new_bank", "modest"),
            "payments": monthly("tester")
            + [paid("tester", f"2026-07-{d:02d}", amount=a, account_id=f"t{d}") for d, a in TEST_TRANSFERS]
            + monthly("chunks")
            + [paid("chunks", f"2026-08-{d:02d}", amount=50) for d in range(20, 26)]
            + monthly("bonus")
            + [paid("bonus", "2026-07-20", amount=40, kind="bonus")]
            + monthly("new_bank")
            + [paid("new_bank", "2026-07-20", amount=a, account_id="nb") for a in (0.11, 0.42)]
            + monthly("modest")
            + [paid("modest", f"2026-08-{d:02d}", amount=150) for d in (20, 21, 22)],
        },
        {"tester": (0.5, 0.5), "chunks": (1.0, 1.0)},
        ("bonus", "new_bank", "modest"),
        {"payments"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)
