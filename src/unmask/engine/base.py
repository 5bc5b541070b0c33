"""The narrow interface every engine offers to the layers above it."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol

import pyarrow as pa


class EngineError(RuntimeError):
    """A query failed; the message names the step that ran it."""


class Engine(Protocol):
    """What the store, enrichers and detectors may ask of a database.

    SQL passed in is written in DuckDB's dialect; an engine on another backend
    transpiles it (``sqlglot.transpile(sql, read="duckdb", write=dialect)``).
    """

    dialect: str

    def execute(self, sql: str, params: list[Any] | None = None) -> None: ...

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]: ...

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table: ...

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any: ...

    def load_arrow(self, name: str, table: pa.Table) -> None:
        """Create or replace temporary table ``name`` holding ``table``."""
        ...

    def table_exists(self, name: str) -> bool: ...

    def columns(self, name: str) -> list[str]: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def close(self) -> None: ...
