"""Adapters for the logs users really have; see :mod:`unmask.ingest.adapters.base` for the contract."""

from __future__ import annotations

from pathlib import Path

from unmask.ingest.adapters.base import Adapter

SOURCES = ("okta", "entra", "m365", "git", "csv")


def make_adapter(source: str, *, mapping: Path | None = None) -> Adapter:
    """The adapter for ``--source``; ``csv`` needs a mapping file. Raises ValueError otherwise."""
    # Imported on use: each adapter pulls in only what its format needs.
    if source == "okta":
        from unmask.ingest.adapters.okta import OktaAdapter

        return OktaAdapter()
    if source == "entra":
        from unmask.ingest.adapters.entra import EntraAdapter

        return EntraAdapter()
    if source == "m365":
        from unmask.ingest.adapters.m365 import M365Adapter

        return M365Adapter()
    if source == "git":
        from unmask.ingest.adapters.git import GitAdapter

        return GitAdapter()
    if source == "csv":
        if mapping is None:
            raise ValueError("--source csv needs --map MAPPING.toml")
        from unmask.ingest.adapters.mapped_csv import MappedCsvAdapter

        return MappedCsvAdapter(mapping)
    raise ValueError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)} (or a bundle)")
