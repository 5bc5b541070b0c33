"""Keep a derived table in step with its inputs and with the intelligence behind it.

Each enrichment turns the distinct values of some columns (IPs, phones,
emails, names…) into one row per value. Values are computed once: a scan only
adds values it has not seen. When the intelligence changes (a new feed
snapshot, a new package version) or the table's own columns change (a newer
unmask), its *fingerprint* changes and the table is
rebuilt, so a stored row never mixes two versions of what we know. The
rebuild runs in one transaction: a failure leaves the old table in place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa

from unmask.store import Workspace

STATE_DDL = (
    "CREATE TABLE IF NOT EXISTS enrich_state (name VARCHAR PRIMARY KEY, fingerprint VARCHAR, "
    "rows BIGINT, updated_at TIMESTAMP)"
)


@dataclass(frozen=True)
class Enrichment:
    """One derived table: its columns, and how to compute rows for new input values."""

    table: str
    columns: str  # DDL column list; the first column is the key
    key: str
    inputs_sql: str  # SELECT producing ``key`` and any other columns ``compute`` needs
    compute: Callable[[pa.Table], pa.Table]  # one output row per input row, columns in DDL order


def refresh(ws: Workspace, enrichment: Enrichment, fingerprint: str) -> int:
    """Bring ``enrichment.table`` up to date; returns how many rows were added."""
    engine = ws.engine
    engine.execute(STATE_DDL)
    # A newer unmask may compute more columns: a workspace built by an older one must rebuild.
    fingerprint = f"{fingerprint}|{hashlib.sha256(enrichment.columns.encode()).hexdigest()[:12]}"
    table, key = enrichment.table, enrichment.key
    stored = engine.scalar("SELECT fingerprint FROM enrich_state WHERE name = ?", [table])
    rebuild = stored != fingerprint or not engine.table_exists(table)
    seen = "" if rebuild else f" AND i.{key} NOT IN (SELECT {key} FROM {table})"
    inputs = engine.arrow(
        f"SELECT DISTINCT ON (i.{key}) * FROM ({enrichment.inputs_sql}) i WHERE i.{key} IS NOT NULL{seen}"
    )
    rows = enrichment.compute(inputs) if inputs.num_rows else None
    if rows is not None:
        engine.load_arrow(f"_new_{table}", rows)
    with engine.transaction():
        if rebuild:
            engine.execute(f"DROP TABLE IF EXISTS {table}")
        engine.execute(f"CREATE TABLE IF NOT EXISTS {table} ({enrichment.columns})")
        if rows is not None:
            engine.execute(f"INSERT INTO {table} SELECT * FROM _new_{table}")
        total = int(engine.scalar(f"SELECT count(*) FROM {table}"))
        engine.execute(
            "INSERT OR REPLACE INTO enrich_state VALUES (?, ?, ?, now())", [table, fingerprint, total]
        )
    if rows is not None:
        engine.execute(f"DROP TABLE _new_{table}")
    return 0 if rows is None else rows.num_rows
