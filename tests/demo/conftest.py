"""The default-size demo bundle (400 workers, seed 7), generated once and shared read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.demo.bundles import Tables, read_bundle
from unmask.demo import DemoTruth, generate_bundle


@pytest.fixture(scope="package")
def default_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoTruth, Tables]:
    folder = tmp_path_factory.mktemp("demo") / "bundle"
    truth = generate_bundle(folder)
    return folder, truth, read_bundle(folder)
