"""Read one table file into chunks of text columns, keeping each row's line number.

Every value arrives as text (or None for an empty cell); typing and checking
happen afterwards, set-based, in :mod:`unmask.ingest.validate`. What can only be
seen while reading — bytes that are not UTF-8, a CSV record with the wrong
number of fields, a JSON line that does not parse — becomes a RowError here.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from unmask.ingest.errors import RowError

CHUNK_ROWS = 250_000
LINE = "_line"  # the extra column that carries each row's line (or row number for Parquet)

csv.field_size_limit(64 * 1024 * 1024)


class FileError(Exception):
    """The whole file is unusable (empty, no header, unreadable)."""


@dataclass
class Chunk:
    columns: list[str]
    table: pa.Table  # one string column per entry of ``columns``, plus LINE
    errors: list[RowError]


def read_chunks(path: Path, fmt: str, *, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
    """Yield the file as chunks; raise FileError when nothing in it can be read."""
    if path.stat().st_size == 0:
        raise FileError("empty file")
    if fmt == "csv":
        yield from _csv_chunks(path, chunk_rows)
    elif fmt == "jsonl":
        yield from _jsonl_chunks(path, chunk_rows)
    elif fmt == "parquet":
        yield from _parquet_chunks(path, chunk_rows)
    else:  # pragma: no cover - bundle.FORMATS guards this
        raise FileError(f"unknown format {fmt}")


def _clean_header(names: list[str]) -> list[str]:
    cleaned = [n.strip().lower() for n in names]
    dupes = sorted({n for n in cleaned if cleaned.count(n) > 1})
    if dupes:
        raise FileError(f"column named twice in the header: {', '.join(dupes)}")
    if any(not n for n in cleaned):
        raise FileError("a header cell is empty")
    return cleaned


def _to_table(columns: list[str], values: list[list[str | None]], lines: list[int]) -> pa.Table:
    arrays = [pa.array(col, type=pa.string()) for col in values]
    arrays.append(pa.array(lines, type=pa.int64()))
    return pa.Table.from_arrays(arrays, names=[*columns, LINE])


class _DecodedLines:
    """Decode a binary file line by line, remembering which lines were not UTF-8."""

    def __init__(self, handle: Iterable[bytes]) -> None:
        self._handle = handle
        self.bad_lines: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        for number, raw in enumerate(self._handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self.bad_lines.add(number)
                yield raw.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class _CsvShape:
    utf8: bool
    one_line_records: bool  # no quoted newline and no blank line: record i is line i + 2
    lines: int


def _csv_shape(path: Path) -> _CsvShape:
    """One vectorised pass over the bytes deciding whether the fast reader is exact.

    A newline inside quotes is a newline seen while an odd number of quote
    characters precede it (escaped quotes come in pairs).
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, one_line, parity, lines = True, True, 0, 0
    tail = np.frombuffer(b"\n\n", dtype=np.uint8)  # as if a newline came before the file
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
            data = np.concatenate([tail, np.frombuffer(block, dtype=np.uint8)])
            newlines = np.flatnonzero(data[2:] == 10) + 2
            lines += newlines.size
            if one_line:
                quote_parity = (np.cumsum(data[2:] == 34, dtype=np.uint8) + parity) & 1
                inside_quotes = quote_parity[newlines - 2].any()
                before = data[newlines - 1]
                blank = (before == 10) | ((before == 13) & (data[np.maximum(newlines - 2, 0)] == 10))
                one_line = not (inside_quotes or blank.any())
                parity = int(quote_parity[-1])
            tail = data[-2:]
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    return _CsvShape(utf8, one_line, lines)


def _csv_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    shape = _csv_shape(path)
    fast = _read_csv_fast(path) if shape.utf8 and shape.one_line_records else None
    if fast is None:
        yield from _csv_chunks_exact(path, chunk_rows, shape.utf8)
        return
    columns, table = fast
    # Every record is one line, so data row i (from 0) sits on line i + 2.
    for offset in range(0, max(table.num_rows, 1), chunk_rows):
        part = table.slice(offset, chunk_rows)
        lines = pa.array(np.arange(offset + 2, offset + 2 + part.num_rows), type=pa.int64())
        yield Chunk(columns, part.append_column(LINE, lines), [])


def _read_csv_fast(path: Path) -> tuple[list[str], pa.Table] | None:
    """pyarrow's C++ reader; None when a row is malformed (the exact reader then says where)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader([handle.readline()]))
        except (StopIteration, csv.Error):
            raise FileError("no header row") from None
    columns = _clean_header(header)
    malformed = False

    def on_invalid(row: pacsv.InvalidRow) -> str:
        nonlocal malformed
        malformed = True
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=False, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in columns},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid:
        # Also raised for a file holding only its header; the exact reader handles both.
        return None
    return None if malformed else (columns, table)


def _csv_chunks_exact(path: Path, chunk_rows: int, utf8: bool) -> Iterator[Chunk]:
    """The csv module, record by record: slower, exact for any CSV."""
    with ExitStack() as stack:
        bad_lines: set[int] = set()
        text: Iterable[str]
        if utf8:
            text = stack.enter_context(path.open(encoding="utf-8-sig", newline=""))
        else:
            decoded = _DecodedLines(stack.enter_context(path.open("rb")))
            bad_lines, text = decoded.bad_lines, decoded
        reader = csv.reader(iter(text))
        try:
            header = next(reader)
        except StopIteration:
            raise FileError("no header row") from None
        except csv.Error as exc:
            raise FileError(f"unreadable header: {exc}") from None
        if 1 in bad_lines:
            raise FileError("header is not valid UTF-8")
        columns = _clean_header(header)
        width = len(columns)
        records: list[list[str]] = []
        line_numbers: list[int] = []
        errors: list[RowError] = []
        end = reader.line_num
        while True:
            start = end + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                end = reader.line_num
                errors.append(RowError(path.name, start, "", f"malformed CSV: {exc}"))
                continue
            end = reader.line_num
            if len(record) != width:
                if record:  # a blank line is no record
                    errors.append(
                        RowError(path.name, start, "", f"expected {width} fields, found {len(record)}")
                    )
                continue
            if bad_lines and not bad_lines.isdisjoint(range(start, end + 1)):
                errors.append(RowError(path.name, start, "", "bytes that are not valid UTF-8"))
                continue
            records.append(record)
            line_numbers.append(start)
            if len(records) >= chunk_rows:
                yield Chunk(columns, _records_table(columns, records, line_numbers), errors)
                records, line_numbers, errors = [], [], []
        yield Chunk(columns, _records_table(columns, records, line_numbers), errors)


def _records_table(columns: list[str], records: list[list[str]], lines: list[int]) -> pa.Table:
    """Transpose records to columns in C (zip) and blank cells to None in Arrow."""
    if not records:
        return _to_table(columns, [[] for _ in columns], lines)
    arrays = []
    for col in zip(*records, strict=True):
        arr = pa.array(col, type=pa.string())
        blank = pc.equal(pc.utf8_trim_whitespace(arr), "")
        arrays.append(pc.if_else(blank, pa.scalar(None, pa.string()), arr))
    arrays.append(pa.array(lines, type=pa.int64()))
    return pa.Table.from_arrays(arrays, names=[*columns, LINE])


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _jsonl_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    rows: list[dict[str, Any]] = []
    line_numbers: list[int] = []
    errors: list[RowError] = []
    seen_any = False

    def flush() -> Chunk:
        names: list[str] = []
        for row in rows:
            for key in row:
                if key not in names:
                    names.append(key)
        values = [[_json_text(row.get(n)) for row in rows] for n in names]
        return Chunk(names, _to_table(names, values, line_numbers), errors)

    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen_any = True
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                errors.append(RowError(path.name, number, "", "bytes that are not valid UTF-8"))
                continue
            except json.JSONDecodeError as exc:
                errors.append(RowError(path.name, number, "", f"invalid JSON: {exc.msg}"))
                continue
            if not isinstance(obj, dict):
                errors.append(RowError(path.name, number, "", "a line must hold one JSON object"))
                continue
            rows.append({k.strip().lower(): v for k, v in obj.items()})
            line_numbers.append(number)
            if len(rows) >= chunk_rows:
                yield flush()
                rows, line_numbers, errors = [], [], []
    if not seen_any:
        raise FileError("empty file")
    yield flush()


def _parquet_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    try:
        source = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise FileError(f"not a readable Parquet file: {exc}") from None
    columns = _clean_header(list(source.schema_arrow.names))
    row = 0
    for batch in source.iter_batches(batch_size=chunk_rows):
        values = [[_json_text(v) for v in _as_text(batch.column(i))] for i in range(batch.num_columns)]
        lines = list(range(row + 1, row + batch.num_rows + 1))
        row += batch.num_rows
        yield Chunk(columns, _to_table(columns, values, lines), [])


def _as_text(array: pa.Array) -> list[Any]:
    """Parquet cells keep their own types; hand them on as Python values to be texted."""
    if pa.types.is_timestamp(array.type):
        return [None if v is None else v.isoformat() for v in array.to_pylist()]
    if pa.types.is_date(array.type):
        return [None if v is None else v.isoformat() for v in array.to_pylist()]
    result: list[Any] = array.to_pylist()
    return result
