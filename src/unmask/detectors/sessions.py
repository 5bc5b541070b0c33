"""Sign-in behaviour: how an account is used, and who else uses the same address or device.

These detectors read the pattern of sign-ins rather than where they geolocate:
many networks in a day, accounts active around the clock (one identity worked in
shifts), bursts of failed sign-ins (operators juggling several identities' passwords)
and addresses or devices that several workers share (a laptop farm). Anonymising
networks (VPN, Tor, rented servers, relays) are left out of every network count: their
exits rotate and are shared by strangers, so they say nothing about who sits behind them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import EVIDENCE_SAMPLE, Detector, Settings, held_rows
from unmask.detectors.signins import VENDOR_PROXY

SUCCESS = "g.outcome IS DISTINCT FROM 'failure'"
# An address that may belong to one household or office: classified as nothing else (no VPN,
# Tor, hosting, relay, satellite or reserved range) and not marked as a proxy by the identity provider.
OPEN_NETWORK = f"coalesce(i.ip_class, 'residential') = 'residential' AND NOT coalesce({VENDOR_PROXY}, false)"
# The network an address belongs to: its AS organisation (a mobile carrier's churning addresses
# stay one network), else its /24 (IPv4) or first three groups (IPv6).
NETWORK = (
    "coalesce(i.as_org, CASE WHEN i.version = 4 THEN regexp_extract(g.ip, '^(\\d+\\.\\d+\\.\\d+)\\.', 1) "
    "ELSE array_to_string(string_split(g.ip, ':')[1:3], ':') END)"
)


def _signin_ref(alias: str) -> str:
    return f"{{'table': 'signins', 'row_id': {alias}.row_id, 'origin': {alias}.origin}}"


def _sample(alias: str) -> str:
    """SQL aggregate: the sign-ins behind a finding (a sample) and their count."""
    refs = f"list({_signin_ref(alias)} ORDER BY {alias}.ts)[1:{EVIDENCE_SAMPLE}]"
    return f"{refs} AS evidence, count(*) AS evidence_total"


def _many_networks_sql(s: Settings) -> str:
    return f"""
    WITH busy_days AS (
        SELECT g.worker_id, g.ts::DATE AS day, count(DISTINCT {NETWORK}) AS networks
        FROM signins g JOIN ip_info i USING (ip)
        WHERE {SUCCESS} AND {OPEN_NETWORK}
        GROUP BY ALL
        HAVING networks >= {int(s["min_networks"])}
    ), flagged AS (
        SELECT worker_id, day, networks FROM busy_days
        QUALIFY count(*) OVER (PARTITION BY worker_id) >= {int(s["min_days"])}
    )
    SELECT g.worker_id,
           count(DISTINCT f.day) AS days,
           max(f.networks) AS most_networks,
           list(DISTINCT {NETWORK} ORDER BY {NETWORK})[1:8] AS networks,
           least(1.0, days / {float(s["days_for_full_strength"])}) AS strength,
           {_sample("g")}
    FROM signins g JOIN flagged f ON f.worker_id = g.worker_id AND g.ts::DATE = f.day
    JOIN ip_info i ON i.ip = g.ip
    WHERE {SUCCESS} AND {OPEN_NETWORK}
    GROUP BY g.worker_id
    """


MANY_NETWORKS = Detector(
    id="signin_many_ips",
    title="Signs in from many different networks in one day",
    description="On several days, successful sign-ins came from many different internet providers "
    "(counted by network, not by address, and leaving VPN, Tor, hosting and relay exits out): one "
    "account used from several places, or through rotating residential proxies. People do change "
    "between home, phone and office, so it is weak on its own.",
    category="network",
    references=(ref.FBI_PSA_2023, ref.FBI_PSA_2024),
    tables=("signins",),
    sql=_many_networks_sql,
    detail=lambda r: (
        f"Signed in from up to {r['most_networks']} different networks in one day, on {r['days']} day(s) "
        f"({', '.join(str(n) for n in r['networks'][:4])}{', …' if len(r['networks']) > 4 else ''})."
    ),
    settings={"min_networks": 4, "min_days": 2, "days_for_full_strength": 4},
)


def _shared_ip_sql(s: Settings) -> str:
    full_workers = float(s["workers_for_full_strength"])
    return f"""
    WITH used AS (
        SELECT g.ip, g.worker_id, count(*) / sum(count(*)) OVER (PARTITION BY g.worker_id) AS share
        FROM signins g WHERE {SUCCESS} GROUP BY g.ip, g.worker_id
    ), shared AS (
        -- Where a laptop sits, it signs in from most of the time; one of a VPN's rotating exits
        -- (when no feed lists it) carries only a small share of each customer's sign-ins.
        SELECT u.ip, list(u.worker_id) FILTER (WHERE u.share >= {float(s["min_share"])}) AS regulars
        FROM used u JOIN ip_info i ON i.ip = u.ip
        WHERE coalesce(i.ip_class, 'residential') = 'residential'
        GROUP BY u.ip HAVING count(*) <= {int(s["max_workers"])} AND len(regulars) >= 2
    ), rows_ AS (
        SELECT g.worker_id, g.ip, g.ts, g.row_id, g.origin,
               count(DISTINCT g.worker_id) OVER (PARTITION BY g.ip, g.ts::DATE) AS workers_that_day
        FROM signins g JOIN shared USING (ip) JOIN ip_info i USING (ip)
        WHERE {SUCCESS} AND NOT coalesce({VENDOR_PROXY}, false)
          AND list_contains(shared.regulars, g.worker_id)
    ), per_ip AS (
        SELECT ip, list(DISTINCT worker_id ORDER BY worker_id) AS holders,
               count(DISTINCT ts::DATE) FILTER (WHERE workers_that_day >= 2) AS shared_days
        FROM rows_ GROUP BY ip HAVING len(holders) >= 2
    )
    SELECT r.worker_id,
           list(DISTINCT r.ip ORDER BY r.ip) AS addresses,
           list_sort(list_distinct(flatten(list(list_filter(p.holders, lambda x: x <> r.worker_id)))))
               AS other_workers,
           max(len(p.holders)) AS most_workers,
           max(p.shared_days) AS days_together,
           least(1.0, (most_workers - 1) / {full_workers - 1})
               * (0.5 + 0.5 * least(1.0, days_together / {float(s["days_for_full_strength"])})) AS strength,
           {_sample("r")}
    FROM rows_ r JOIN per_ip p USING (ip)
    GROUP BY r.worker_id
    """


SHARED_SIGNIN_IP = Detector(
    id="shared_signin_ip",
    title="Signs in from the same home address as other workers",
    description="Several workers sign in mostly from one address that is not a VPN, Tor, hosting or "
    "relay exit: company laptops of several identities kept in one facilitator's home (a laptop farm). "
    "Addresses used by more than a few workers (office or carrier NAT) and rotating exits each worker "
    "uses now and then are ignored; two people sharing a household weigh little, more workers and "
    "more shared days weigh more.",
    category="sharing",
    references=(ref.DOJ_LAPTOP_FARM_2024, ref.FBI_PSA_2024),
    tables=("signins",),
    sql=_shared_ip_sql,
    detail=lambda r: (
        f"Signs in from {', '.join(r['addresses'][:2])}, also used by {', '.join(r['other_workers'][:5])}"
        f"{' and others' if len(r['other_workers']) > 5 else ''}, on {r['days_together']} day(s) at once."
    ),
    settings={
        "max_workers": 8,
        "min_share": 0.25,
        "workers_for_full_strength": 4,
        "days_for_full_strength": 10,
    },
)


# Every time a device was seen: a successful sign-in on it, or an inventory snapshot of it.
DEVICES_SEEN = """
    SELECT device_id, worker_id, 'signins' AS tbl, row_id, origin, ts FROM signins
    WHERE device_id IS NOT NULL AND outcome IS DISTINCT FROM 'failure'
    UNION ALL
    SELECT device_id, worker_id, 'devices', row_id, origin, ts FROM devices WHERE device_id IS NOT NULL
"""


def _shared_device_sql(s: Settings) -> str:
    return f"""
    WITH seen AS ({DEVICES_SEEN}), users AS (
        SELECT device_id, worker_id, min(ts) AS first_ts, max(ts) AS last_ts
        FROM seen GROUP BY ALL
        HAVING date_diff('day', first_ts, last_ts) + 1 >= {int(s["min_days"])}
    ), overlapping AS (
        -- Users whose time with the device overlaps another user's: shared, not handed on
        -- (a laptop reissued to a new hire is used by one person after the other).
        SELECT device_id, worker_id,
               coalesce(max(last_ts) OVER earlier > first_ts, false)
               OR coalesce(min(first_ts) OVER later < last_ts, false) AS concurrent,
               count(*) OVER (PARTITION BY device_id) AS user_count
        FROM users
        WINDOW earlier AS (PARTITION BY device_id ORDER BY first_ts, worker_id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
               later AS (PARTITION BY device_id ORDER BY first_ts, worker_id
                         ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
    ), shared AS (
        SELECT device_id, list(worker_id ORDER BY worker_id) AS holders FROM overlapping
        WHERE concurrent AND user_count <= {int(s["max_workers"])}
        GROUP BY device_id HAVING count(*) >= 2
    )
    SELECT x.worker_id,
           list(DISTINCT x.device_id ORDER BY x.device_id) AS devices,
           list_sort(list_distinct(flatten(list(list_filter(d.holders, lambda h: h <> x.worker_id)))))
               AS other_workers,
           list(DISTINCT x.tbl ORDER BY x.tbl) AS seen_in,
           CASE WHEN len(seen_in) > 1 THEN 1.0 ELSE 0.8 END AS strength,
           {held_rows("x")},
           count(*) AS evidence_total
    FROM seen x JOIN shared d USING (device_id)
    GROUP BY x.worker_id
    """


SHARED_DEVICE = Detector(
    id="shared_device",
    title="Uses the same device as another worker",
    description="One device (its id in sign-in logs or the endpoint inventory) is used by two or more "
    "workers over the same period: several identities operated from one machine. A device handed on "
    "to a new user, a single log-in on someone else's machine, and ids shared by many (placeholders, "
    "kiosks) are left out.",
    category="sharing",
    references=(ref.FBI_PSA_2024, ref.DOJ_LAPTOP_FARM_2024),
    tables=("signins", "devices"),
    sql=_shared_device_sql,
    detail=lambda r: (
        f"Device {', '.join(r['devices'][:2])} is also used by {', '.join(r['other_workers'][:5])}"
        f"{' and others' if len(r['other_workers']) > 5 else ''} over the same period."
    ),
    settings={"min_days": 2, "max_workers": 8},  # min_days: calendar days from a user's first use to last
)


def _round_the_clock_sql(s: Settings) -> str:
    return f"""
    WITH steps AS (
        SELECT g.worker_id, g.ts, lag(g.ts) OVER w AS prev_ts, row_number() OVER w AS n
        FROM signins g WHERE {SUCCESS}
        WINDOW w AS (PARTITION BY g.worker_id ORDER BY g.ts)
    ), continued AS (
        -- Only sign-ins that follow the previous one closely; a run of them is one stretch (a
        -- second pass over these few rows, not over every sign-in).
        SELECT worker_id, ts, prev_ts, n - row_number() OVER (PARTITION BY worker_id ORDER BY ts) AS stretch
        FROM steps WHERE ts - prev_ts <= INTERVAL {float(s["max_gap_hours"]) * 60:.0f} MINUTE
    ), stretches AS (
        SELECT worker_id, stretch, min(prev_ts) AS first_ts, max(ts) AS last_ts
        FROM continued GROUP BY ALL
        HAVING last_ts - first_ts >= INTERVAL {float(s["min_hours"]) * 60:.0f} MINUTE
    ), summary AS (
        SELECT worker_id, count(*) AS stretches,
               round(max(epoch(last_ts - first_ts)) / 3600, 1) AS longest_hours,
               sum(epoch(last_ts - first_ts)) / 86400 AS active_days,
               list(first_ts::DATE ORDER BY first_ts)[1:5] AS days
        FROM stretches GROUP BY worker_id
    ), cited AS (
        SELECT g.worker_id, {_sample("g")}
        FROM signins g JOIN stretches t ON t.worker_id = g.worker_id AND g.ts BETWEEN t.first_ts AND t.last_ts
        WHERE {SUCCESS}
        GROUP BY g.worker_id
    )
    SELECT m.worker_id, m.stretches, m.longest_hours, m.days,
           least(1.0, m.active_days / {float(s["days_for_full_strength"])}) AS strength,
           c.evidence, c.evidence_total
    FROM summary m JOIN cited c USING (worker_id)
    """


ROUND_THE_CLOCK = Detector(
    id="signin_round_the_clock",
    title="Account active around the clock",
    description="Successful sign-ins continue for a day or more without a break long enough to sleep: "
    "one account worked in shifts by several people. Late hours alone (a night owl) or an occasional "
    "night-time sign-in (on call) do not count; only activity that covers most of a day does.",
    category="hours",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("signins",),
    sql=_round_the_clock_sql,
    detail=lambda r: (
        f"Signed in without a break of more than a few hours for up to {r['longest_hours']} hours, "
        f"{r['stretches']} time(s) (from {', '.join(str(d) for d in r['days'][:3])})."
    ),
    settings={"min_hours": 20, "max_gap_hours": 4, "days_for_full_strength": 2},
)


def _failure_burst_sql(s: Settings) -> str:
    gap = int(s["gap_minutes"])
    return f"""
    WITH failures AS (
        SELECT g.worker_id, g.ip, g.ts, g.row_id, g.origin,
               CASE WHEN g.ts - lag(g.ts) OVER (PARTITION BY g.ip ORDER BY g.ts) <= INTERVAL {gap} MINUTE
                    THEN 0 ELSE 1 END AS starts
        FROM signins g WHERE g.outcome = 'failure'
    ), numbered AS (
        SELECT *, sum(starts) OVER (PARTITION BY ip ORDER BY ts ROWS UNBOUNDED PRECEDING) AS burst
        FROM failures
    ), bursts AS (
        SELECT ip, burst, count(DISTINCT worker_id) AS workers
        FROM numbered GROUP BY ip, burst
        HAVING count(*) >= {int(s["min_failures"])} AND workers <= {int(s["max_workers"])}
           AND max(ts) - min(ts) <= INTERVAL {int(s["window_minutes"])} MINUTE
    ), hit AS (
        SELECT n.*, b.workers FROM numbered n JOIN bursts b USING (ip, burst)
    ), own AS (
        -- The worker also signs in successfully from that address: it is where they work, not an
        -- outsider guessing their password (a spray or brute force makes its victims no suspects).
        SELECT DISTINCT h.worker_id, h.ip FROM (SELECT DISTINCT worker_id, ip FROM hit) h
        JOIN signins s ON s.worker_id = h.worker_id AND s.ip = h.ip
        WHERE s.outcome IS DISTINCT FROM 'failure'
    )
    SELECT h.worker_id,
           count(DISTINCT h.ip || '#' || h.burst) AS bursts,
           count(*) AS failures,
           max(h.workers) AS most_workers,
           least(1.0, 0.25 + 0.25 * bursts + CASE WHEN most_workers > 1 THEN 0.5 ELSE 0 END) AS strength,
           {_sample("h")}
    FROM hit h JOIN own USING (worker_id, ip)
    GROUP BY h.worker_id
    """


def _burst_detail(r: Mapping[str, Any]) -> str:
    text = f"{r['failures']} failed sign-ins in {r['bursts']} rapid burst(s) from an address the worker uses"
    if r["most_workers"] > 1:
        return text + f", mixed with other workers' failures ({r['most_workers']} accounts in one burst)."
    return text + "."


FAILURE_BURST = Detector(
    id="signin_failure_burst",
    title="Bursts of failed sign-ins",
    description="Many failed sign-ins within minutes from an address the worker also signs in from, "
    "sometimes for several accounts at once: operators juggling the credentials of several identities. "
    "A couple of typos, and attacks from addresses the worker never uses (password sprays hitting many "
    "accounts), do not count.",
    category="network",
    references=(ref.FBI_PSA_2024, ref.FBI_PSA_2023),
    tables=("signins",),
    sql=_failure_burst_sql,
    detail=_burst_detail,
    settings={"min_failures": 5, "gap_minutes": 5, "window_minutes": 30, "max_workers": 8},
)
