"""Payments: where the money goes and how it is asked for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, pct

# Where the advisories say DPRK IT workers' pay is routed (front companies and money launderers).
ROUTED_VIA = ("CN", "HK")
_ROUTED_VIA = "[" + ", ".join(f"'{c}'" for c in ROUTED_VIA) + "]"


def _country_mismatch_sql(s: Settings) -> str:
    return f"""
    SELECT p.worker_id,
           any_value(w.claimed_country) AS claimed_country,
           list(DISTINCT p.account_country ORDER BY p.account_country)
               FILTER (WHERE p.account_country <> w.claimed_country) AS account_countries,
           count(*) FILTER (WHERE p.account_country <> w.claimed_country) AS mismatched,
           count(*) AS payments,
           mismatched / payments AS mismatched_rate,
           -- Pay routed to China or Hong Kong is what the advisories describe: it counts fully.
           CASE WHEN list_has_any(account_countries, {_ROUTED_VIA}) THEN 1.0
                ELSE least(1.0, 0.5 + mismatched_rate) END AS strength,
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
        if set(ROUTED_VIA) & set(r["account_countries"])
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

# What counts as money sent (a prepayment request asks for money, it does not move any).
_SENT = "coalesce(p.kind, 'payout') <> 'prepayment_request'"
# Where a payment went: the wallet when there is one, else the opaque account id.
_DESTINATION = "coalesce(p.wallet_address, p.account_id)"


def _sized_payments(s: Settings) -> str:
    """Money sent, each row marked ``small``: at most a fixed tiny amount, or a few percent of a typical
    payout of the same worker in the same currency (upper quartile: robust to the small ones)."""
    regular = "coalesce(p.kind, 'payout') IN ('payout', 'invoice')"
    return f"""
        SELECT *, amount <= {float(s["max_amount"])}
                  OR coalesce(amount <= {float(s["max_share"])} * typical, false) AS small
        FROM (
            SELECT p.*,
                   quantile_cont(p.amount, 0.75) FILTER (WHERE {regular})
                       OVER (PARTITION BY p.worker_id, p.currency) AS typical
            FROM payments p WHERE {_SENT} AND p.amount > 0
        )
    """


_SMALL_SETTINGS = {"max_amount": 1.0, "max_share": 0.05}


def _churn_sql(s: Settings) -> str:
    accounts_full = float(s["accounts_for_full_strength"])
    changes_full = float(s["changes_for_full_strength"])
    # One sorted pass over all payments (the lag); the rest runs on the few switches and flagged workers.
    return f"""
    WITH paid AS (
        SELECT p.worker_id, p.row_id, p.origin, p.ts, {_DESTINATION} AS destination
        FROM payments p
        WHERE {_SENT} AND {_DESTINATION} IS NOT NULL
    ), marked AS (
        SELECT *, coalesce(destination <> lag(destination) OVER (PARTITION BY worker_id ORDER BY ts, row_id),
                           false) AS changed
        FROM paid
    ), bursts AS (
        -- Switches in the window ending at each switch: A→B→A→B within weeks, not one move in years.
        SELECT worker_id, max(in_window) AS most_changes_in_window
        FROM (
            SELECT worker_id, count(*) OVER (
                       PARTITION BY worker_id ORDER BY ts
                       RANGE BETWEEN INTERVAL {int(s["window_days"])} DAY PRECEDING AND CURRENT ROW
                   ) AS in_window
            FROM marked WHERE changed
        )
        GROUP BY worker_id
    ), judged AS (
        SELECT m.worker_id,
               count(DISTINCT m.destination) AS destinations,
               count(*) AS payments,
               count(*) FILTER (WHERE m.changed) AS changes,
               coalesce(any_value(b.most_changes_in_window), 0) AS most_changes_in_window
        FROM marked m LEFT JOIN bursts b USING (worker_id)
        GROUP BY m.worker_id
        HAVING destinations >= {int(s["min_accounts"])}
            OR most_changes_in_window >= {int(s["min_changes_in_window"])}
    ), cited AS (
        -- Evidence: the first payment to each account, and each switch.
        SELECT m.*,
               row_number() OVER (PARTITION BY worker_id, destination ORDER BY ts, row_id) = 1 AS first_use
        FROM marked m SEMI JOIN judged USING (worker_id)
    )
    SELECT j.*, {int(s["window_days"])} AS window_days,
           greatest(least(1.0, (j.destinations - 1) / {accounts_full - 1}),
                    least(1.0, j.most_changes_in_window / {changes_full})) AS strength,
           {evidence("c", "payments")}
    FROM judged j JOIN cited c USING (worker_id)
    WHERE c.first_use OR c.changed
    GROUP BY ALL
    """


PAYOUT_ACCOUNT_CHURN = Detector(
    id="payout_account_churn",
    title="Pay goes to many different accounts",
    description="The worker's payments go to many distinct destination accounts or wallets, or the "
    "destination keeps switching within a few weeks; pay is moved through accounts others control. "
    "One change of bank is ordinary and is not flagged.",
    category="payment",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("payments",),
    sql=_churn_sql,
    detail=lambda r: (
        f"{r['payments']} payments went to {r['destinations']} different accounts or wallets, "
        f"switching {r['changes']} time(s), up to {r['most_changes_in_window']} within "
        f"{r['window_days']} days."
    ),
    settings={
        "min_accounts": 3,
        "min_changes_in_window": 4,
        "window_days": 60,
        "accounts_for_full_strength": 5,
        "changes_for_full_strength": 6,
    },
)


def _frequency_sql(s: Settings) -> str:
    # Robust peer statistics: median and MAD of payments per active month among workers of the same
    # engagement (contractors are paid monthly, freelancers per job), or all workers when too few.
    return f"""
    WITH regular AS (
        SELECT * FROM ({_sized_payments(s)}) WHERE NOT small
    ), counted AS (
        SELECT p.worker_id, count(*) AS payments,
               count(DISTINCT date_trunc('month', p.ts)) AS active_months,
               payments / active_months AS per_month
        FROM regular p
        GROUP BY p.worker_id
    ), peers AS (
        SELECT c.*, coalesce(w.engagement, 'unknown') AS engagement
        FROM counted c JOIN workers w USING (worker_id)
    ), kind_median AS (
        SELECT engagement, count(*) AS peers, median(per_month) AS med FROM peers GROUP BY engagement
    ), kind_stats AS (
        SELECT k.engagement, any_value(k.peers) AS peers, any_value(k.med) AS med,
               median(abs(p.per_month - k.med)) AS mad
        FROM peers p JOIN kind_median k USING (engagement) GROUP BY k.engagement
    ), all_median AS (
        SELECT count(*) AS peers, median(per_month) AS med FROM peers
    ), all_stats AS (
        SELECT any_value(a.peers) AS peers, any_value(a.med) AS med, median(abs(p.per_month - a.med)) AS mad
        FROM peers p, all_median a
    ), judged AS (
        SELECT p.*,
               k.peers >= {int(s["min_peers"])} AS by_engagement,
               CASE WHEN by_engagement THEN k.peers ELSE a.peers END AS peer_count,
               CASE WHEN by_engagement THEN k.med ELSE a.med END AS peer_median,
               CASE WHEN by_engagement THEN k.mad ELSE a.mad END AS peer_mad,
               -- A floor on the spread: when nearly all peers are paid alike the MAD is 0.
               greatest(1.4826 * peer_mad, {float(s["min_spread"])} * peer_median) AS spread,
               (p.per_month - peer_median) / spread AS robust_z,
               p.per_month / peer_median AS ratio
        FROM peers p JOIN kind_stats k USING (engagement), all_stats a
    )
    SELECT j.worker_id, j.payments, j.active_months, j.per_month, j.peer_median, j.ratio, j.robust_z,
           CASE WHEN j.by_engagement THEN j.engagement ELSE 'all' END AS peer_group, j.peer_count,
           least(1.0, 0.5 + 0.5 * (j.ratio - {float(s["min_ratio"])}) / {float(s["min_ratio"])}) AS strength,
           {evidence("p", "payments")}
    FROM judged j JOIN regular p USING (worker_id)
    WHERE j.payments >= {int(s["min_payments"])} AND j.peer_count >= {int(s["min_peers"])}
      AND j.peer_median > 0 AND j.robust_z >= {float(s["min_z"])} AND j.ratio >= {float(s["min_ratio"])}
    GROUP BY ALL
    """


def _frequency_detail(r: Mapping[str, Any]) -> str:
    group = r["peer_group"]
    peers = {"all": "all workers", "unknown": "workers with no engagement given"}.get(group, f"{group}s")
    return (
        f"{r['per_month']:.1f} payments a month ({r['payments']} in {r['active_months']} month(s)), "
        f"{r['ratio']:.1f} times the typical {r['peer_median']:.1f} of {peers}."
    )


PAYMENT_FREQUENCY_OUTLIER = Detector(
    id="payment_frequency_outlier",
    title="Paid far more often than peers",
    description="Payments per active month far above those of workers with the same engagement (robust "
    "median and MAD); pay split into many transfers, or one identity paid for several people's work. "
    "Tiny test transfers are left to small_repeated_charges.",
    category="payment",
    references=(ref.GUIDANCE_2022,),
    tables=("payments", "workers"),
    sql=_frequency_sql,
    detail=_frequency_detail,
    settings={
        "min_payments": 4,
        "min_peers": 20,
        "min_z": 4.0,
        "min_ratio": 2.5,
        "min_spread": 0.25,
        **_SMALL_SETTINGS,
    },
)


def _small_sql(s: Settings) -> str:
    return f"""
    WITH marked AS ({_sized_payments(s)})
    SELECT m.worker_id,
           count(*) AS small_payments,
           count(DISTINCT coalesce(m.wallet_address, m.account_id)) AS small_destinations,
           list(printf('%.2f %s', m.amount, m.currency) ORDER BY m.ts)[1:5] AS amounts,
           max(m.typical) AS typical_payout,
           least(1.0, small_payments / {2.0 * int(s["min_count"])}) AS strength,
           {evidence("m", "payments")}
    FROM marked m
    WHERE m.small
    GROUP BY m.worker_id
    HAVING small_payments >= {int(s["min_count"])}
    """


def _small_detail(r: Mapping[str, Any]) -> str:
    more = ", …" if r["small_payments"] > len(r["amounts"]) else ""
    accounts = f" to {r['small_destinations']} account(s)" if r["small_destinations"] else ""
    return (
        f"{r['small_payments']} tiny payments{accounts} ({', '.join(r['amounts'])}{more}), "
        "far below the usual payout."
    )


SMALL_REPEATED_CHARGES = Detector(
    id="small_repeated_charges",
    title="Several tiny payments",
    description="Several very small payments (a fixed small amount, or a few percent of the worker's usual "
    "payout): test transfers that validate new accounts before pay is moved through them. "
    "A one-off small bonus or refund is not flagged.",
    category="payment",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("payments",),
    sql=_small_sql,
    detail=_small_detail,
    settings={"min_count": 3, **_SMALL_SETTINGS},
)
