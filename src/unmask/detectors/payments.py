"""Payments: where the money goes and how it is asked for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, pct


def _country_mismatch_sql(s: Settings) -> str:
    return f"""
    SELECT p.worker_id,
           any_value(w.claimed_country) AS claimed_country,
           list(DISTINCT p.account_country ORDER BY p.account_country)
               FILTER (WHERE p.account_country <> w.claimed_country) AS account_countries,
           count(*) FILTER (WHERE p.account_country <> w.claimed_country) AS mismatched,
           count(*) AS payments,
           mismatched / payments AS mismatched_rate,
           least(1.0, 0.5 + mismatched_rate) AS strength,
           {evidence("p", "payments", where="p.account_country <> w.claimed_country")}
    FROM payments p JOIN workers w USING (worker_id)
    WHERE p.account_country IS NOT NULL AND w.claimed_country IS NOT NULL
      AND coalesce(p.kind, 'payout') <> 'prepayment_request'
    GROUP BY p.worker_id
    HAVING mismatched >= {s["min_payments"]}
    """


def _country_mismatch_detail(r: Mapping[str, Any]) -> str:
    where = ", ".join(r["account_countries"])
    routed = (
        " Pay routed to China or Hong Kong is named in the advisories."
        if {"CN", "HK"} & set(r["account_countries"])
        else ""
    )
    return (
        f"{r['mismatched']} of {r['payments']} payments ({pct(r['mismatched_rate'])}) went to accounts "
        f"in {where}, not the claimed {r['claimed_country']}.{routed}"
    )


PAYOUT_COUNTRY_MISMATCH = Detector(
    id="payout_country_mismatch",
    title="Paid into an account outside the claimed country",
    description="Payout accounts registered in a country other than the one the worker claims to live in.",
    category="payment",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("payments", "workers"),
    sql=_country_mismatch_sql,
    detail=_country_mismatch_detail,
    settings={"min_payments": 1},
)


def _crypto_sql(s: Settings) -> str:
    is_crypto = "(p.method = 'crypto' OR p.wallet_address IS NOT NULL)"
    return f"""
    SELECT p.worker_id,
           count(*) FILTER (WHERE {is_crypto}) AS crypto_payments,
           count(*) AS payments,
           crypto_payments / payments AS crypto_rate,
           list(DISTINCT p.wallet_address) FILTER (WHERE p.wallet_address IS NOT NULL) AS wallets,
           least(1.0, 0.5 + crypto_rate / 2) AS strength,
           {evidence("p", "payments", where=is_crypto)}
    FROM payments p
    WHERE coalesce(p.kind, 'payout') <> 'prepayment_request'
    GROUP BY p.worker_id
    HAVING crypto_payments >= 1
    """


CRYPTO_PAYOUT = Detector(
    id="crypto_payout",
    title="Paid in cryptocurrency",
    description="Payouts in cryptocurrency or to a wallet address. Common and legitimate for some "
    "freelancers, so weak on its own.",
    category="payment",
    references=(ref.GUIDANCE_2022,),
    tables=("payments",),
    sql=_crypto_sql,
    detail=lambda r: (
        f"{r['crypto_payments']} of {r['payments']} payouts ({pct(r['crypto_rate'])}) were in cryptocurrency."
    ),
)


def _prepayment_sql(s: Settings) -> str:
    return f"""
    SELECT p.worker_id,
           count(*) AS prepayment_requests,
           sum(p.amount) AS amount_requested,
           least(1.0, 0.6 + 0.2 * (prepayment_requests - 1)) AS strength,
           {evidence("p", "payments")}
    FROM payments p
    WHERE p.kind = 'prepayment_request'
    GROUP BY p.worker_id
    """


PREPAYMENT_REQUEST = Detector(
    id="prepayment_request",
    title="Asked to be paid in advance",
    description="Requests for payment before work is delivered.",
    category="payment",
    references=(ref.FBI_PSA_2023,),
    tables=("payments",),
    sql=_prepayment_sql,
    detail=lambda r: (
        f"Asked for prepayment {r['prepayment_requests']} time(s), {r['amount_requested']:.0f} in total."
    ),
)
