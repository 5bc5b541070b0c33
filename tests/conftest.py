from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import feeds as fx
from unmask.enrich import Intelligence
from unmask.store import Workspace

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _no_user_feeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read the user's feed cache: by default they see an empty one."""
    old = os.environ.get("UNMASK_FEEDS")
    os.environ["UNMASK_FEEDS"] = str(tmp_path_factory.mktemp("no-feeds"))
    yield
    if old is None:
        os.environ.pop("UNMASK_FEEDS", None)
    else:
        os.environ["UNMASK_FEEDS"] = old


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "ws.duckdb")
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def intel(tmp_path_factory: pytest.TempPathFactory) -> Intelligence:
    """Package data plus the small fixture snapshots (built once: the look-alike index takes seconds)."""
    return Intelligence.open(fx.write_feeds(tmp_path_factory.mktemp("feeds")))


def needs_shared_data(*parts: str) -> pytest.MarkDecorator:
    """Skip, saying why, when ../shared/data (real public samples) is not beside the clone."""
    path = SHARED_DATA.joinpath(*parts)
    return pytest.mark.skipif(not path.exists(), reason=f"needs {path} (../shared/data is not present)")


# --- figures that tests measure (ranking quality …) are printed in pytest's summary ---
# Under pytest-xdist each worker sends its lines to the controller in ``workeroutput``.

FIGURES = pytest.StashKey[list[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[FIGURES] = []


@pytest.fixture
def report_figure(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Call with a line of measured figures; it appears under 'unmask figures' at the end."""
    return request.config.stash[FIGURES].append


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["unmask_figures"] = json.dumps(session.config.stash[FIGURES])


def pytest_testnodedown(node: Any, error: Any) -> None:
    node.config.stash[FIGURES].extend(json.loads(node.workeroutput.get("unmask_figures", "[]")))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = terminalreporter.config.stash[FIGURES]
    if lines:
        terminalreporter.section("unmask figures")
        for line in lines:
            terminalreporter.write_line(line)
