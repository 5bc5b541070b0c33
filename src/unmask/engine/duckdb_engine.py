"""DuckDB: the embedded default engine; a workspace is one ``.duckdb`` file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from unmask.engine.base import EngineError


class DuckDBEngine:
    """One connection to a DuckDB database file (or memory when ``path`` is None)."""

    dialect = "duckdb"

    def __init__(self, path: str | Path | None = None, *, threads: int | None = None) -> None:
        self.path = str(path) if path is not None else ":memory:"
        try:
            self._con = duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise EngineError(f"cannot open workspace {self.path}: {exc}") from exc
        # All timestamps are handled as UTC; recorded offsets live in their own column.
        self._con.execute("SET TimeZone = 'UTC'")
        self._con.execute(f"SET threads = {threads or os.cpu_count() or 2}")
        self._con.execute("SET preserve_insertion_order = false")
        self._in_tx = False

    def execute(self, sql: str, params: list[Any] | None = None) -> None:
        try:
            # Drain the result: DuckDB refuses other work while one is unfinished.
            self._con.execute(sql, params).fetchall()
        except duckdb.Error as exc:
            raise EngineError(f"{exc}\n-- while running:\n{sql[:2000]}") from exc

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        try:
            cur = self._con.execute(sql, params)
            names = [d[0] for d in cur.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        except duckdb.Error as exc:
            raise EngineError(f"{exc}\n-- while running:\n{sql[:2000]}") from exc

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        try:
            result = self._con.sql(sql, params=params).to_arrow_table()
        except duckdb.Error as exc:
            raise EngineError(f"{exc}\n-- while running:\n{sql[:2000]}") from exc
        return result

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        try:
            rows = self._con.execute(sql, params).fetchall()
        except duckdb.Error as exc:
            raise EngineError(f"{exc}\n-- while running:\n{sql[:2000]}") from exc
        return rows[0][0] if rows else None

    def load_arrow(self, name: str, table: pa.Table) -> None:
        self._con.register("_unmask_arrow_in", table)
        try:
            self.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT * FROM _unmask_arrow_in')
        finally:
            self._con.unregister("_unmask_arrow_in")

    def table_exists(self, name: str) -> bool:
        n = self.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])
        return bool(n)

    def columns(self, name: str) -> list[str]:
        rows = self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [name],
        )
        return [r["column_name"] for r in rows]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nested use joins the outer one)."""
        if self._in_tx:
            yield
            return
        self.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._in_tx = False
            self._con.execute("ROLLBACK").fetchall()
            raise
        self._in_tx = False
        self.execute("COMMIT")

    def close(self) -> None:
        self._con.close()
