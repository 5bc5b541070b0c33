"""Open a workspace and merge validated rows into it, transactionally."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from unmask.engine import DuckDBEngine, Engine
from unmask.model import TABLES
from unmask.store.schema import SCHEMA_VERSION, create_statements, stored_columns


class WorkspaceError(RuntimeError):
    pass


class Workspace:
    """The stored tables of every bundle ingested so far, behind an :class:`Engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._ensure_schema()

    @classmethod
    def open(cls, path: str | Path | None) -> Workspace:
        """Open (or create) the workspace file at ``path``; ``None`` keeps it in memory."""
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return cls(DuckDBEngine(path))

    def close(self) -> None:
        self.engine.close()

    def _ensure_schema(self) -> None:
        with self.engine.transaction():
            for statement in create_statements():
                self.engine.execute(statement)
            found = self.engine.scalar("SELECT value FROM unmask_meta WHERE key = 'schema_version'")
            if found is None:
                self.engine.execute(
                    "INSERT INTO unmask_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
                )
            elif int(found) > SCHEMA_VERSION:
                raise WorkspaceError(
                    f"workspace schema {found} is newer than this unmask ({SCHEMA_VERSION}); upgrade unmask"
                )

    @contextmanager
    def ingest(self, bundle: str) -> Iterator[int]:
        """A transaction for one ingest; yields its id. Everything or nothing is stored."""
        with self.engine.transaction():
            ingest_id = int(self.engine.scalar("SELECT nextval('ingest_seq')"))
            self.engine.execute(
                "INSERT INTO ingests VALUES (?, ?, now()::TIMESTAMP, 0, 0, 0)", [ingest_id, bundle]
            )
            yield ingest_id

    def finish_ingest(self, ingest_id: int, added: int, updated: int, rejected: int) -> None:
        self.engine.execute(
            "UPDATE ingests SET rows_added = ?, rows_updated = ?, rows_rejected = ? WHERE ingest_id = ?",
            [added, updated, rejected, ingest_id],
        )

    def merge(self, table: str, incoming: str) -> tuple[int, int]:
        """Merge temp table ``incoming`` (stored columns, row_id set) into ``table``.

        Rows whose row_id is stored already are skipped. For keyed tables
        (workers, firms) a row whose key is stored with other content replaces
        it. Returns (added, updated).
        """
        spec = TABLES[table]
        names = ", ".join(f'"{n}"' for n, _ in stored_columns(spec))
        updated = 0
        if spec.key:
            on = " AND ".join(f'i."{k}" = t."{k}"' for k in spec.key)
            updated = int(
                self.engine.scalar(
                    f'SELECT count(*) FROM "{incoming}" i JOIN "{table}" t ON {on} WHERE i.row_id <> t.row_id'
                )
            )
            if updated:
                self.engine.execute(
                    f'DELETE FROM "{table}" t WHERE EXISTS (SELECT 1 FROM "{incoming}" i '
                    f"WHERE {on} AND i.row_id <> t.row_id)"
                )
        before = int(self.engine.scalar(f'SELECT count(*) FROM "{table}"'))
        self.engine.execute(
            f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{incoming}" i '
            f'WHERE NOT EXISTS (SELECT 1 FROM "{table}" t WHERE t.row_id = i.row_id)'
        )
        after = int(self.engine.scalar(f'SELECT count(*) FROM "{table}"'))
        return after - before - updated, updated

    def count(self, table: str) -> int:
        return int(self.engine.scalar(f'SELECT count(*) FROM "{table}"'))

    def counts(self) -> dict[str, int]:
        return {name: self.count(name) for name in TABLES}
