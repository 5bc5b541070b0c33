"""Links by exact shared values: payout account, wallet, device, login, email, phone, referral.

Each value is counted first: one held by more than ``max_holders`` workers is
shared infrastructure or a placeholder and links nobody (it is reported as
common instead). Pairs are then formed only inside values held by 2..max
workers, so the pair count stays linear in the number of workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from unmask.detectors.contacts import EMAILS, PHONES, WALLET
from unmask.detectors.sessions import DEVICES_SEEN
from unmask.engine import Engine
from unmask.link.settings import LinkSettings
from unmask.model import Link, RowRef

# Git hosts' and bots' addresses are shared by design.
_NOT_A_PERSON = "(value LIKE '%noreply%' OR value LIKE '%[bot]%' OR value LIKE 'no-reply%')"
_SAMPLE = 3  # evidence rows kept per worker and value

# (kind, SQL yielding worker_id, value, tbl, row_id, origin)
HELD: tuple[tuple[str, str], ...] = (
    ("payout_account", "SELECT worker_id, account_id, 'payments', row_id, origin FROM payments"),
    ("wallet", f"SELECT worker_id, {WALLET}, 'payments', row_id, origin FROM payments"),
    ("login", "SELECT worker_id, lower(identity), 'identities', row_id, origin FROM identities"),
    ("phone", f"SELECT worker_id, e164, tbl, row_id, origin FROM ({PHONES})"),
    ("email", f"SELECT worker_id, mailbox_key, tbl, row_id, origin FROM ({EMAILS})"),
    (
        "email",
        "SELECT c.worker_id, e.mailbox_key, 'commits', c.row_id, c.origin "
        "FROM commits c JOIN email_info e ON e.email = c.author_email",
    ),
    # Counted here with the rest; paired by ``device_links``, which tells sharing from handing on.
    ("device", f"SELECT worker_id, device_id, tbl, row_id, origin FROM ({DEVICES_SEEN})"),
)
# How many workers hold each value: counted once per scan, read by the pairing queries and by
# the report of values too common to link anybody.
HOLDERS = "link_value_holders"


def held_sql(kinds: Iterable[tuple[str, str]]) -> str:
    parts = [
        f"SELECT '{kind}' AS kind, worker_id, value, tbl, row_id, origin "
        f"FROM ({sql}) AS t(worker_id, value, tbl, row_id, origin)"
        for kind, sql in kinds
    ]
    union = "\nUNION ALL\n".join(parts)
    return f"SELECT * FROM ({union}) WHERE value IS NOT NULL AND value <> '' AND NOT {_NOT_A_PERSON}"


def count_holders_sql(held: str) -> str:
    return f"""
    CREATE OR REPLACE TEMP TABLE {HOLDERS} AS
    SELECT kind, value, count(DISTINCT worker_id) AS holders FROM ({held}) GROUP BY ALL
    """


def shared_value_sql(held: str, max_holders: int) -> str:
    """Pairs of workers holding one value, for values held by 2..``max_holders`` workers.

    ``held`` yields ``kind, worker_id, value, tbl, row_id, origin``; the result has
    ``kind, value, a, b, holders, rows_a, rows_b``. Needs the ``HOLDERS`` counts."""
    return f"""
    WITH held AS ({held}),
    counted AS (
        SELECT kind, value, holders FROM {HOLDERS}
        WHERE holders BETWEEN 2 AND {int(max_holders)} AND kind <> 'device'
    ),
    per_worker AS (
        SELECT h.kind, h.value, h.worker_id, any_value(c.holders) AS holders,
               list({{'table': h.tbl, 'row_id': h.row_id, 'origin': h.origin}}
                    ORDER BY h.tbl, h.row_id)[1:{_SAMPLE}] AS rows
        FROM held h JOIN counted c USING (kind, value) GROUP BY ALL
    )
    SELECT x.kind, x.value, x.worker_id AS a, y.worker_id AS b, x.holders, x.rows AS rows_a, y.rows AS rows_b
    FROM per_worker x JOIN per_worker y
      ON x.kind = y.kind AND x.value = y.value AND x.worker_id < y.worker_id
    """


def common_value_sql(max_holders: int, limit: int = 20) -> str:
    """The values too common to link anybody, most widely held first (needs the ``HOLDERS`` counts)."""
    return f"""
    SELECT kind, value, holders FROM {HOLDERS} WHERE holders > {int(max_holders)}
    ORDER BY holders DESC, kind, value LIMIT {int(limit)}
    """


def refs(rows: Iterable[Mapping[str, Any]] | None) -> tuple[RowRef, ...]:
    return tuple(RowRef(r["table"], str(r["row_id"]), r["origin"]) for r in rows or () if r)


def exact_value_links(engine: Engine, s: LinkSettings) -> list[Link]:
    """Shared payout accounts, wallets, logins, mailboxes, phones and devices (counting every
    value's holders once, into ``HOLDERS``)."""
    held = held_sql([(kind, sql) for kind, sql in HELD if tables_exist(engine, sql)])
    engine.execute(count_holders_sql(held))
    out = [
        Link(
            r["a"],
            r["b"],
            r["kind"],
            str(r["value"]),
            float(getattr(s, r["kind"])),
            refs(r["rows_a"]) + refs(r["rows_b"]),
        )
        for r in engine.rows(shared_value_sql(held, s.max_holders))
    ]
    return out + device_links(engine, s)


def tables_exist(engine: Engine, sql: str) -> bool:
    # Enrichment tables are made by the scan; a workspace that was never scanned has none.
    needed = [t for t in ("phone_info", "email_info") if t in sql]
    return all(engine.table_exists(t) for t in needed)


def device_links(engine: Engine, s: LinkSettings) -> list[Link]:
    """One device used by several workers: at the same time (a shared laptop) weighs
    ``device``; one after the other (a laptop reissued to the next hire) ``device_handed_on``."""
    rows = engine.rows(f"""
    WITH counted AS (
        SELECT value AS device_id FROM {HOLDERS}
        WHERE kind = 'device' AND holders BETWEEN 2 AND {int(s.max_holders)}
    ), per_worker AS (
        SELECT device_id, worker_id, min(ts) AS first_ts, max(ts) AS last_ts,
               list({{'table': tbl, 'row_id': row_id, 'origin': origin}} ORDER BY ts)[1:{_SAMPLE}] AS rows
        FROM ({DEVICES_SEEN}) JOIN counted USING (device_id) GROUP BY ALL
    )
    SELECT x.device_id AS value, x.worker_id AS a, y.worker_id AS b, x.rows AS rows_a, y.rows AS rows_b,
           x.first_ts <= y.last_ts AND y.first_ts <= x.last_ts AS at_once
    FROM per_worker x JOIN per_worker y ON x.device_id = y.device_id AND x.worker_id < y.worker_id
    """)
    return [
        Link(
            r["a"],
            r["b"],
            "device",
            str(r["value"]),
            s.device if r["at_once"] else s.device_handed_on,
            refs(r["rows_a"]) + refs(r["rows_b"]),
        )
        for r in rows
    ]


def referral_links(engine: Engine, s: LinkSettings) -> list[Link]:
    """``referred_by`` (an added workers column, kept in ``extra``) naming another worker."""
    rows = engine.rows("""
    SELECT w.worker_id AS referred, w.extra->>'referred_by' AS referrer,
           [{'table': 'workers', 'row_id': w.row_id, 'origin': w.origin}] AS rows_
    FROM workers w JOIN workers r ON r.worker_id = w.extra->>'referred_by'
    WHERE w.extra IS NOT NULL AND w.worker_id <> r.worker_id
    """)
    return [
        Link(
            min(r["referred"], r["referrer"]),
            max(r["referred"], r["referrer"]),
            "referral",
            f"{r['referrer']} referred {r['referred']}",
            s.referral,
            refs(r["rows_"]),
        )
        for r in rows
    ]


def firm_links(engine: Engine, s: LinkSettings, pairs: set[tuple[str, str]]) -> list[Link]:
    """The same staffing firm, for pairs already linked otherwise: a firm places many
    unrelated people, so on its own it links nobody (and a firm of 300 would make 45,000
    pairs); beside other evidence, a small shared firm makes a ring more likely."""
    if not pairs:
        return []
    rows = engine.rows(f"""
    SELECT firm_id, count(*) AS size, list(worker_id) AS members,
           list({{'table': 'workers', 'row_id': row_id, 'origin': origin}}) AS rows_
    FROM workers WHERE firm_id IS NOT NULL AND firm_id <> ''
    GROUP BY firm_id HAVING size BETWEEN 2 AND {int(s.max_firm_workers)}
    """)
    firm_of: dict[str, tuple[str, float, RowRef]] = {}
    for r in rows:
        strength = s.firm * min(1.0, 3 / int(r["size"]))
        for worker, row in zip(r["members"], refs(r["rows_"]), strict=True):
            firm_of[worker] = (str(r["firm_id"]), strength, row)
    out: list[Link] = []
    for a, b in sorted(pairs):
        fa, fb = firm_of.get(a), firm_of.get(b)
        if fa and fb and fa[0] == fb[0]:
            out.append(Link(a, b, "firm", fa[0], fa[1], (fa[2], fb[2])))
    return out
