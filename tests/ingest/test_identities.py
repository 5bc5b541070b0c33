"""Identity mapping: log names → worker_id, with email matches shown and the unmapped reported."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from tests.bundles import worker, write_bundle
from unmask.ingest import ingest_bundle
from unmask.ingest.adapters.base import IDENTITY, LINE, Chunk
from unmask.ingest.identities import IdentityMap
from unmask.store import Workspace


@pytest.fixture
def mapped(tmp_path: Path, ws: Workspace) -> Workspace:
    tables = {
        "workers": [worker("w1", email="Jane.Doe@Acme.com"), worker("w2", email="bob@acme.com"),
                    worker("w3", email="shared@acme.com"), worker("w4", email="shared@acme.com")],
        "identities": [{"worker_id": "w1", "source": "okta", "identity": "jdoe@acme.okta.com"},
                       {"worker_id": "w1", "source": "git", "identity": "clash@x.com"},
                       {"worker_id": "w2", "source": "git", "identity": "clash@x.com"}],
    }  # fmt: skip
    ingest_bundle(ws, write_bundle(tmp_path / "b", tables))
    return ws


def _chunk(*identities: str | None) -> Chunk:
    table = pa.table({
        IDENTITY: pa.array(identities, pa.string()),
        "ts": ["2026-08-01T10:00:00Z"] * len(identities),
        LINE: pa.array(range(2, len(identities) + 2), pa.int64()),
    })  # fmt: skip
    return Chunk([IDENTITY, "ts"], table, [])


@pytest.mark.parametrize(
    ("identity", "match_email", "worker", "reason"),
    [
        ("jdoe@acme.okta.com", False, "w1", None),
        ("  JDOE@ACME.OKTA.COM ", False, "w1", None),  # trimmed, case-insensitive
        ("jane.doe@acme.com", False, None, "--match-email"),
        ("jane.doe@acme.com", True, "w1", None),
        ("shared@acme.com", True, None, "not mapped"),  # an email two workers share matches nobody
        ("clash@x.com", True, None, "more than one worker"),
        ("nobody@x.com", True, None, "not mapped"),
        (None, True, None, "names no person"),
    ],
)
def test_resolve(mapped: Workspace, identity: str | None, match_email: bool, worker: str | None,
                 reason: str | None) -> None:  # fmt: skip
    ids = IdentityMap.load(mapped.engine, staged_identities=None, match_email=match_email)
    out = ids.resolve(_chunk(identity), "okta.json")
    assert out.columns == ["ts", "worker_id"]
    if worker:
        assert out.table.column("worker_id").to_pylist() == [worker] and not out.errors
    else:
        assert out.table.num_rows == 0
        [error] = out.errors
        assert (error.file, error.line, error.column) == ("okta.json", 2, "identity")
        assert reason is not None and reason in error.reason


def test_email_matches_are_shown_and_become_identity_rows(mapped: Workspace) -> None:
    ids = IdentityMap.load(mapped.engine, staged_identities=None, match_email=True)
    ids.resolve(_chunk("Jane.Doe@acme.com", "jane.doe@acme.com", "ghost@x.com", "ghost@x.com"), "f")
    rows = ids.matched_rows("okta").table.to_pylist()
    assert [(r["worker_id"], r["source"], r["identity"]) for r in rows] == [
        ("w1", "okta", "Jane.Doe@acme.com")
    ]
    warnings = ids.warnings("okta")
    assert any("matched to worker w1 by email" in w for w in warnings)
    assert any("ghost@x.com (2)" in w for w in warnings)
