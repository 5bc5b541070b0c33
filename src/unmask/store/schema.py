"""Stored tables, derived from the bundle-v1 specs in :mod:`unmask.model`.

Each bundle table is stored with its typed columns plus:
- ``row_id``: a stable key (hash of the typed content, or the table's key) so
  that re-ingesting the same rows adds nothing;
- ``<col>_offset_min`` beside each timestamp: the UTC offset the source
  recorded, in minutes (NULL when it recorded none); it is evidence of the
  actor's local time, which a UTC instant alone loses;
- ``extra``: unknown columns, kept as a JSON object and shown as evidence;
- ``origin``: ``file:line`` where the row was read; ``ingest_id``.
"""

from __future__ import annotations

from unmask.model import TABLES, ColType, Column, TableSpec

SCHEMA_VERSION = 1

SQL_TYPES: dict[ColType, str] = {
    ColType.STRING: "VARCHAR",
    ColType.TIMESTAMP: "TIMESTAMP",
    ColType.DATE: "DATE",
    ColType.FLOAT: "DOUBLE",
    ColType.BOOL: "BOOLEAN",
    ColType.COUNTRY: "VARCHAR",
    ColType.TIMEZONE: "VARCHAR",
    ColType.LIST: "VARCHAR[]",
    ColType.JSON: "JSON",
}


def offset_column(col: Column) -> str:
    return f"{col.name}_offset_min"


def stored_columns(spec: TableSpec) -> list[tuple[str, str]]:
    """(name, SQL type) of every stored column of ``spec``, in order."""
    out: list[tuple[str, str]] = [("row_id", "VARCHAR")]
    for col in spec.columns:
        out.append((col.name, SQL_TYPES[col.type]))
        if col.type is ColType.TIMESTAMP:
            out.append((offset_column(col), "SMALLINT"))
    out += [("extra", "JSON"), ("origin", "VARCHAR"), ("ingest_id", "INTEGER")]
    return out


def create_statements() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS unmask_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        "CREATE SEQUENCE IF NOT EXISTS ingest_seq START 1",
        "CREATE TABLE IF NOT EXISTS ingests (ingest_id INTEGER PRIMARY KEY, bundle VARCHAR, "
        "started_at TIMESTAMP, rows_added BIGINT, rows_updated BIGINT, rows_rejected BIGINT)",
    ]
    for spec in TABLES.values():
        cols = ", ".join(f'"{n}" {t}' for n, t in stored_columns(spec))
        statements.append(f'CREATE TABLE IF NOT EXISTS "{spec.name}" ({cols})')
    return statements
