"""Build a tiny workspace from rows, enrich it and link it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.bundles import Rows, worker, write_bundle
from unmask.enrich import Intelligence, enrich_all
from unmask.ingest import ingest_bundle
from unmask.link import IdentityGraph, LinkSettings, link_workers
from unmask.store import Workspace


def linked(
    tmp_path: Path, ws: Workspace, intel: Intelligence, tables: dict[str, Rows], **settings: Any
) -> IdentityGraph:
    """Workers named in any table are added to ``workers`` when the case does not list them."""
    tables = dict(tables)
    listed = {r["worker_id"] for r in tables.get("workers", [])}
    named = sorted({r["worker_id"] for t, rows in tables.items() if t != "firms" for r in rows} - listed)
    tables["workers"] = [*tables.get("workers", []), *(worker(w) for w in named)]
    report = ingest_bundle(ws, write_bundle(tmp_path / "bundle", tables))
    assert report.error_count == 0, [str(e) for e in report.errors]
    enrich_all(ws, intel)
    return link_workers(ws.engine, LinkSettings.from_mapping(settings))


def kinds(graph: IdentityGraph, a: str, b: str) -> set[str]:
    """The kinds of link between two workers."""
    x, y = min(a, b), max(a, b)
    return {link.kind for link in graph.links if (link.a, link.b) == (x, y)}


def signin(wid: str, day: int, ip: str, hour: int = 14, device: str | None = None) -> dict[str, Any]:
    return {"worker_id": wid, "ts": f"2026-08-{day:02d}T{hour:02d}:00:00Z", "ip": ip, "device_id": device}


def days(wid: str, ip: str, first: int, last: int, **fields: Any) -> Rows:
    return [signin(wid, d, ip, **fields) for d in range(first, last + 1)]
