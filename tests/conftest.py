from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from unmask.store import Workspace

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "ws.duckdb")
    yield workspace
    workspace.close()


def needs_shared_data(*parts: str) -> pytest.MarkDecorator:
    """Skip, saying why, when ../shared/data (real public samples) is not beside the clone."""
    path = SHARED_DATA.joinpath(*parts)
    return pytest.mark.skipif(not path.exists(), reason=f"needs {path} (../shared/data is not present)")
