"""Tests of the offline contact intelligence: phones, emails, domains and threat indicators."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def needs_shared(*parts: str) -> pytest.MarkDecorator:
    """Skip, saying which file is missing, when ../shared/data (real public feeds) is not beside the clone."""
    path = SHARED_DATA.joinpath(*parts)
    return pytest.mark.skipif(not path.exists(), reason=f"needs {path} (../shared/data is not present)")
