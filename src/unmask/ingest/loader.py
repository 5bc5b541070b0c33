"""Ingest a bundle into a workspace: read, validate, check across rows, merge.

Rows are staged in temporary tables first; only when every file has been read
does one transaction merge them into the workspace. A fatal error (an
unreadable archive, no workers table) therefore leaves the workspace as it was,
and bad rows are reported while the rest is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyarrow as pa

from unmask.engine import Engine
from unmask.ingest.bundle import TableFile, open_bundle
from unmask.ingest.errors import BundleError, IngestReport, RowError, TableReport
from unmask.ingest.photos import hash_staged_photos
from unmask.ingest.readers import LINE, Chunk, FileError, read_chunks
from unmask.ingest.validate import (
    COUNTRIES_TABLE,
    COUNTRY_CODES,
    TIMEZONE_NAMES,
    TIMEZONES_TABLE,
    any_error,
    errors_select,
    literal,
    quote,
    staged_select,
    typed_select,
)
from unmask.model import TABLES, WORKER_TABLES, ColType, TableSpec
from unmask.store import Workspace
from unmask.store.schema import stored_columns

ERROR_SAMPLE_PER_CHUNK = 200
Progress = Callable[[str, int], None]  # (table, rows just read)


def ingest_bundle(ws: Workspace, path: str | Path, progress: Progress | None = None) -> IngestReport:
    """Ingest the bundle at ``path``; raises BundleError (workspace untouched) if unusable."""
    report = IngestReport(bundle=str(path))
    with open_bundle(path) as bundle:
        report.warnings += [f"ignored file {name}: not a bundle table" for name in bundle.ignored]
        stager = Stager(ws.engine, report, progress)
        for tf in bundle.files:
            stager.stage_file(tf)
        stager.finish(photos_root=bundle.root)
        commit_staged(ws, report, str(path))
    return report


def commit_staged(ws: Workspace, report: IngestReport, label: str) -> None:
    """Merge every staged table into the workspace in one transaction, then drop the stages."""
    with ws.ingest(label) as ingest_id:
        report.ingest_id = ingest_id
        for tr in report.tables:
            ws.engine.execute(f"UPDATE {quote(_staged(tr.table))} SET ingest_id = {ingest_id}")
            tr.added, tr.updated = ws.merge(tr.table, _staged(tr.table))
        ws.finish_ingest(
            ingest_id,
            sum(t.added for t in report.tables),
            sum(t.updated for t in report.tables),
            report.rejected,
        )
    for tr in report.tables:
        ws.engine.execute(f"DROP TABLE IF EXISTS {quote(_staged(tr.table))}")


def _staged(table: str) -> str:
    return f"_in_{table}"


class Stager:
    """Reads table files (or adapter chunks) into temporary staging tables, collecting errors.

    Call ``stage_file`` / ``stage_chunks`` for each input, then ``finish`` for the checks
    across rows (duplicate keys, unknown workers) and row ids; ``commit_staged`` merges.
    """

    def __init__(self, engine: Engine, report: IngestReport, progress: Progress | None) -> None:
        self.engine = engine
        self.report = report
        self.progress = progress
        self._create_lookups()

    def finish(self, photos_root: Path | None = None) -> None:
        """``photos_root``: the bundle folder that profiles' ``photo`` paths are relative to."""
        for table in ("workers", "firms"):
            if self._has(table):
                self._reject_duplicate_keys(TABLES[table])
        for table in WORKER_TABLES:
            if self._has(table):
                self._reject_unknown_workers(table)
        if photos_root is not None and self._has("profiles"):
            # After the rejections (no photo errors for rows already refused), before row ids
            # (a computed hash is part of the row's content).
            profiles = next(t.file for t in self.report.tables if t.table == "profiles")
            hash_staged_photos(self.engine, self.report, photos_root, _staged("profiles"), profiles)
        for tr in self.report.tables:
            self._assign_row_ids(TABLES[tr.table])

    def _has(self, table: str) -> bool:
        return any(t.table == table for t in self.report.tables)

    def _create_lookups(self) -> None:
        self.engine.load_arrow(COUNTRIES_TABLE, pa.table({"code": list(COUNTRY_CODES)}))
        self.engine.load_arrow(TIMEZONES_TABLE, pa.table({"name": list(TIMEZONE_NAMES)}))

    def table_report(self, table: str, name: str) -> TableReport:
        """The report (and staging table) of ``table``, created on first use."""
        for tr in self.report.tables:
            if tr.table == table:
                return tr
        cols = ", ".join(f"{quote(n)} {t}" for n, t in stored_columns(TABLES[table]))
        self.engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote(_staged(table))} ({cols}, _line BIGINT, _content VARCHAR)"
        )
        self.report.tables.append(TableReport(table, name))
        return self.report.tables[-1]

    def stage_chunks(self, table: str, name: str, chunks: Iterable[Chunk]) -> None:
        """Stage rows that an adapter produced (columns named as bundle columns, any order)."""
        spec = TABLES[table]
        tr = self.table_report(table, name)
        no_offset: dict[str, list[int]] = {}  # column -> [count, first line]
        try:
            for chunk in chunks:
                for error in chunk.errors:
                    self.report.add_error(error)
                tr.read += chunk.table.num_rows + len(chunk.errors)
                tr.rejected += len(chunk.errors)
                if chunk.table.num_rows:
                    tr.rejected += self._stage_chunk(spec, name, chunk.columns, chunk.table, no_offset)
                if self.progress:
                    self.progress(table, chunk.table.num_rows + len(chunk.errors))
        finally:
            self._warn_no_offset(name, no_offset)

    def stage_file(self, tf: TableFile) -> None:
        spec = TABLES[tf.table]
        tr = self.table_report(tf.table, tf.name)
        try:
            self.stage_chunks(tf.table, tf.name, self._header_checked(spec, tf, tr))
        except FileError as exc:
            if tf.table == "workers":
                raise BundleError(f"{tf.name}: {exc}") from None
            self.report.add_error(RowError(tf.name, 0, "", str(exc)))
            self.engine.execute(f"DELETE FROM {quote(_staged(tf.table))}")
            tr.rejected = max(tr.rejected, 1)

    def _header_checked(self, spec: TableSpec, tf: TableFile, tr: TableReport) -> Iterator[Chunk]:
        """The file's chunks, after checking the header of the first readable one."""
        for chunk in read_chunks(tf.path, tf.format):
            if tr.read == 0 and not chunk.errors:
                self._check_header(spec, tf, chunk.columns)
            yield chunk

    def _warn_no_offset(self, name: str, no_offset: dict[str, list[int]]) -> None:
        for column, (count, first) in no_offset.items():
            self.report.warnings.append(
                f"{name}: {count} value(s) of {column} have no UTC offset and were read as UTC "
                f"(first at line {first})"
            )

    def _check_header(self, spec: TableSpec, tf: TableFile, columns: list[str]) -> None:
        if tf.format == "jsonl":
            return  # JSON lines name their keys row by row; a missing key is a missing value
        missing = [c for c in spec.required if c not in columns]
        if missing:
            raise FileError(f"missing required column(s): {', '.join(missing)}")

    def _stage_chunk(
        self,
        spec: TableSpec,
        name: str,
        columns: list[str],
        table: pa.Table,
        no_offset: dict[str, list[int]],
    ) -> int:
        """Type one chunk; keep its valid rows, report its bad cells. Returns rows rejected."""
        self.engine.load_arrow("_raw", table)
        self.engine.execute(
            f"CREATE OR REPLACE TEMP TABLE _typed AS {typed_select(spec, columns, '_raw', LINE)}"
        )
        bad_rows = int(self.engine.scalar(f"SELECT count(*) FROM _typed WHERE {any_error(spec)}"))
        if bad_rows:
            sample = self.engine.rows(
                f"SELECT * FROM ({errors_select(spec, '_typed')}) ORDER BY _line, column_name "
                f"LIMIT {ERROR_SAMPLE_PER_CHUNK}"
            )
            for row in sample:
                self.report.keep_sample(
                    RowError(name, row["_line"], row["column_name"], row["reason"], row["value"])
                )
            self.report.error_count += bad_rows
        for col in spec.columns:
            if col.type is ColType.TIMESTAMP:
                n, first = self.engine.rows(
                    f"SELECT count(*) AS n, min(_line) AS first FROM _typed "
                    f"WHERE {quote('nz_' + col.name)} AND NOT {any_error(spec)}"
                )[0].values()
                if n:
                    seen = no_offset.setdefault(col.name, [0, int(first)])
                    seen[0] += int(n)
        names = ", ".join(quote(n) for n, _ in stored_columns(spec) if n not in ("row_id", "ingest_id"))
        self.engine.execute(
            f"INSERT INTO {quote(_staged(spec.name))} ({names}, _line, _content) "
            f"{staged_select(spec, '_typed', name)}"
        )
        return bad_rows

    def _reject(self, table: str, where: str, column: str, reason_sql: str, value_sql: str) -> None:
        """Move staged rows matching ``where`` out, as errors."""
        staged = quote(_staged(table))
        name = next(t.file for t in self.report.tables if t.table == table)
        rows = self.engine.rows(
            f"SELECT _line, {reason_sql} AS reason, {value_sql} AS value FROM {staged} s "
            f"WHERE {where} ORDER BY _line"
        )
        for row in rows:
            self.report.add_error(RowError(name, row["_line"], column, row["reason"], row["value"]))
        if rows:
            self.engine.execute(f"DELETE FROM {staged} s WHERE {where}")
            for tr in self.report.tables:
                if tr.table == table:
                    tr.rejected += len(rows)

    def _reject_duplicate_keys(self, spec: TableSpec) -> None:
        key = spec.key[0]
        staged = quote(_staged(spec.name))
        self.engine.execute(
            f"CREATE OR REPLACE TEMP TABLE _firsts AS SELECT {quote(key)} AS k, min(_line) AS first "
            f"FROM {staged} GROUP BY 1 HAVING count(*) > 1"
        )
        self._reject(
            spec.name,
            f"EXISTS (SELECT 1 FROM _firsts f WHERE f.k = s.{quote(key)} AND s._line > f.first)",
            key,
            f"'duplicate {key} (first at line ' || "
            f"(SELECT first FROM _firsts f WHERE f.k = s.{quote(key)}) || ')'",
            f"s.{quote(key)}",
        )

    def _reject_unknown_workers(self, table: str) -> None:
        known = "SELECT worker_id FROM workers"
        if self._has("workers"):
            known += f" UNION ALL SELECT worker_id FROM {quote(_staged('workers'))}"
        self._reject(
            table,
            f"s.worker_id NOT IN ({known})",
            "worker_id",
            literal("worker_id is not in the workers table"),
            "s.worker_id",
        )

    def _assign_row_ids(self, spec: TableSpec) -> None:
        """Keyed rows are identified by content; event rows by content and occurrence.

        Counting occurrences keeps two identical events in one export apart
        while still recognising each of them when the export is ingested again.
        """
        staged = quote(_staged(spec.name))
        if spec.key:
            expr = "left(_content, 16)"
        else:
            expr = (
                "left(md5(_content || '#' || CAST(row_number() OVER "
                "(PARTITION BY _content ORDER BY _line) AS VARCHAR)), 16)"
            )
        self.engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {staged} AS SELECT * REPLACE ({expr} AS row_id) FROM {staged}"
        )
