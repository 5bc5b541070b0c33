"""Fixtures for detector tests."""

from __future__ import annotations

import pytest

from tests import feeds as fx
from unmask.enrich import Intelligence


@pytest.fixture(scope="module")
def intel(tmp_path_factory: pytest.TempPathFactory) -> Intelligence:
    """Package data plus the small fixture snapshots (built once: the look-alike index takes seconds)."""
    return Intelligence.open(fx.write_feeds(tmp_path_factory.mktemp("feeds")))
