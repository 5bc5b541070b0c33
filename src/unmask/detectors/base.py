"""The detector contract: declared metadata, one SQL query, one sentence per finding.

A detector is a plain value (like a Splink comparison level or a nomenklatura
feature): its metadata documents it, ``sql`` returns one row per flagged
worker, and ``detail`` turns that row into a sentence a hiring manager reads.
Weights are not here: they live in the versioned weights file (scoring).

Row contract for ``sql``: columns ``worker_id``; ``evidence`` (a list of
``{'table', 'row_id', 'origin'}`` structs, see :func:`evidence`);
optionally ``evidence_total`` (rows matched, when ``evidence`` is a sample)
and ``strength`` (0..1, how fully the red flag is expressed; default 1). Every
other column is a value shown as evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from unmask.engine import Engine
from unmask.model import TABLES, Finding, RowRef

Settings = Mapping[str, Any]
EVIDENCE_SAMPLE = 20
_RESERVED = {"worker_id", "evidence", "evidence_total", "strength"}

# The tables whose rows are events with a ``ts``: the latest of them is "now" for the data, so that a
# scan of the same bundle gives the same findings whenever it runs (never the wall clock).
EVENT_TABLES = tuple(name for name, spec in TABLES.items() if any(c.name == "ts" for c in spec.columns))
DATA_NOW = "greatest(" + ", ".join(f'(SELECT max(ts) FROM "{t}")' for t in EVENT_TABLES) + ")"


@dataclass(frozen=True)
class Detector:
    id: str
    title: str
    description: str
    category: str
    references: tuple[str, ...]
    tables: tuple[str, ...]
    sql: Callable[[Settings], str]
    detail: Callable[[Mapping[str, Any]], str]
    settings: Mapping[str, Any] = field(default_factory=dict)
    mitigating: bool = False  # its findings lower the score

    def run(self, engine: Engine, overrides: Settings | None = None) -> list[Finding]:
        params = {**self.settings, **(overrides or {})}
        return [self.finding(row) for row in engine.rows(self.sql(params))]

    def finding(self, row: Mapping[str, Any]) -> Finding:
        refs = tuple(RowRef(e["table"], e["row_id"], e["origin"]) for e in (row.get("evidence") or ()) if e)
        strength = row.get("strength")
        values = {k: _plain(v) for k, v in row.items() if k not in _RESERVED}
        return Finding(
            worker_id=str(row["worker_id"]),
            detector=self.id,
            title=self.title,
            category=self.category,
            detail=self.detail(row),
            strength=1.0 if strength is None else max(0.0, min(1.0, float(strength))),
            rows=refs,
            values=values,
            references=self.references,
            rows_total=int(row.get("evidence_total") or len(refs)),
        )


def _plain(value: Any) -> Any:
    """Values as JSON-friendly Python (dates as ISO text, floats rounded for reading)."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def evidence(alias: str, table: str, order: str = "ts", where: str | None = None) -> str:
    """SQL aggregate: a sample of the rows of ``alias`` behind a finding, and their count."""
    ref = f"{{'table': '{table}', 'row_id': {alias}.row_id, 'origin': {alias}.origin}}"
    flt = f" FILTER (WHERE {where})" if where else ""
    return (
        f"list({ref} ORDER BY {alias}.{order}){flt}[1:{EVIDENCE_SAMPLE}] AS evidence, "
        f"count(*){flt} AS evidence_total"
    )


def held_rows(alias: str = "") -> str:
    """SQL aggregate: evidence refs of rows that carry their table name in a ``tbl`` column."""
    a = f"{alias}." if alias else ""
    ref = f"{{'table': {a}tbl, 'row_id': {a}row_id, 'origin': {a}origin}}"
    return f"list(DISTINCT {ref})[1:{EVIDENCE_SAMPLE}] AS evidence"


def pct(x: Any) -> str:
    return f"{float(x) * 100:.0f}%"
