"""The workspace: schema versioning and all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bundles import worker, write_bundle
from unmask.ingest import ingest_bundle
from unmask.store import Workspace
from unmask.store.workspace import WorkspaceError


def test_a_failure_inside_an_ingest_rolls_everything_back(tmp_path: Path, ws: Workspace) -> None:
    ingest_bundle(ws, write_bundle(tmp_path / "a", {"workers": [worker("w1")]}))
    with pytest.raises(RuntimeError, match="disk on fire"), ws.ingest("b"):
        ws.engine.execute("INSERT INTO workers (row_id, worker_id) VALUES ('x', 'w2')")
        raise RuntimeError("disk on fire")
    assert ws.count("workers") == 1
    assert ws.count("ingests") == 1


def test_a_newer_workspace_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "ws.duckdb"
    ws = Workspace.open(db)
    ws.engine.execute("UPDATE unmask_meta SET value = '999' WHERE key = 'schema_version'")
    ws.close()
    with pytest.raises(WorkspaceError, match="newer"):
        Workspace.open(db)


def test_reopening_keeps_rows(tmp_path: Path) -> None:
    db = tmp_path / "ws.duckdb"
    ws = Workspace.open(db)
    ingest_bundle(ws, write_bundle(tmp_path / "a", {"workers": [worker("w1"), worker("w2")]}))
    ws.close()
    again = Workspace.open(db)
    assert again.count("workers") == 2
    again.close()
