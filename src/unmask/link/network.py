"""Links by a shared home connection: several identities working from one address (a laptop farm).

Three tests keep shared infrastructure out, each measured on the data rather
than assumed:
- the address is residential (not a VPN, Tor, hosting, relay or satellite exit in the feeds);
- it is a place each worker works from: at least ``ip_min_share`` of their sign-ins, which a
  rotating VPN exit or a carrier-NAT address a phone passes through never is;
- it is held by at most ``max_holders`` workers: an office, campus or carrier NAT is used by many.
And the two must have used it on the same days (a farm's laptops sit there together; an address
reassigned by the ISP to someone else later is not a link). IPv6 counts by /64 (``ip_info.network``).
"""

from __future__ import annotations

from unmask.engine import Engine
from unmask.link.settings import LinkSettings
from unmask.link.values import refs
from unmask.model import Link

_SAMPLE = 3


# Each worker's use of each address: counted once per scan, read by the pairing query and by the
# report of addresses too common to link anybody.
ADDRESS_USE = "link_address_use"
_SEEN = """
    SELECT g.worker_id, i.network, i.ip_class, g.ts::DATE AS day, 'signins' AS tbl, g.row_id, g.origin
    FROM signins g JOIN ip_info i USING (ip)
    WHERE g.outcome IS DISTINCT FROM 'failure' AND i.network IS NOT NULL
    UNION ALL
    SELECT d.worker_id, i.network, i.ip_class, d.ts::DATE, 'devices', d.row_id, d.origin
    FROM devices d JOIN ip_info i USING (ip) WHERE i.network IS NOT NULL
"""


def address_use_sql() -> str:
    return f"""
    CREATE OR REPLACE TEMP TABLE {ADDRESS_USE} AS
    SELECT network, worker_id, any_value(ip_class) AS ip_class,
           count(*) / sum(count(*)) OVER (PARTITION BY worker_id) AS share
    FROM ({_SEEN}) GROUP BY network, worker_id
    """


def shared_address_sql(s: LinkSettings) -> str:
    """Pairs at one residential network, each a regular there, on the same days (needs ``ADDRESS_USE``)."""
    return f"""
    WITH places AS (
        -- Counted over every worker who used it, regulars or not: that is how common it is.
        SELECT network, count(*) AS users,
               count(*) FILTER (WHERE share >= {float(s.ip_min_share)}) AS regulars
        FROM {ADDRESS_USE} WHERE coalesce(ip_class, 'residential') = 'residential'
        GROUP BY network HAVING users <= {int(s.max_holders)} AND regulars >= 2
    ), at_place AS (
        SELECT e.network, e.worker_id, e.day,
               list({{'table': e.tbl, 'row_id': e.row_id, 'origin': e.origin}} ORDER BY e.row_id)[1:{_SAMPLE}]
                   AS rows
        FROM ({_SEEN}) e SEMI JOIN places p ON p.network = e.network
        JOIN {ADDRESS_USE} u ON u.network = e.network AND u.worker_id = e.worker_id
        WHERE u.share >= {float(s.ip_min_share)}
        GROUP BY ALL
    )
    SELECT x.network AS value, x.worker_id AS a, y.worker_id AS b, any_value(p.regulars) AS holders,
           count(*) AS days_together,
           first(x.rows ORDER BY x.day) AS rows_a, first(y.rows ORDER BY y.day) AS rows_b
    FROM at_place x JOIN at_place y
      ON x.network = y.network AND x.day = y.day AND x.worker_id < y.worker_id
    JOIN places p ON p.network = x.network
    GROUP BY x.network, x.worker_id, y.worker_id
    """


def shared_address_links(engine: Engine, s: LinkSettings) -> list[Link]:
    engine.execute(address_use_sql())
    out: list[Link] = []
    for r in engine.rows(shared_address_sql(s)):
        holders = int(r["holders"])
        base = s.ip_two_workers if holders == 2 else s.ip_three_workers if holders == 3 else s.ip_four_or_more
        days = min(1.0, int(r["days_together"]) / max(1, s.ip_days_for_full_strength))
        strength = base * (0.5 + 0.5 * days)
        links = refs(r["rows_a"]) + refs(r["rows_b"])
        out.append(Link(r["a"], r["b"], "signin_ip", str(r["value"]), strength, links))
    return out


def common_addresses_sql(s: LinkSettings, limit: int = 20) -> str:
    """Residential addresses used by more than ``max_holders`` workers: office, campus or carrier
    NAT, which link nobody (anonymising exits never link and are not listed). Needs ``ADDRESS_USE``."""
    return f"""
    SELECT 'signin_ip' AS kind, network AS value, count(*) AS holders FROM {ADDRESS_USE}
    WHERE coalesce(ip_class, 'residential') = 'residential'
    GROUP BY network HAVING holders > {int(s.max_holders)}
    ORDER BY holders DESC, value LIMIT {int(limit)}
    """
