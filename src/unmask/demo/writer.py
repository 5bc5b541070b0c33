"""Write bundle tables as CSV, JSON Lines or Parquet, streaming chunk by chunk.

Columns follow ``unmask.model.TABLES`` in its order, then the few the demo adds
(``ADDED_COLUMNS``; bundle-v1 allows added columns). CSV and JSONL
lines are assembled with Arrow compute kernels over whole columns (quote and
escape, then join), and the resulting string buffer is written as it is, so
ten million sign-ins never pass through Python one row at a time. CSV quotes
only cells that need it, like Python's ``csv`` module; list and JSON cells are
JSON text in CSV and Parquet, and real JSON arrays in JSONL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from unmask.model import TABLES, ColType, Column

Format = Literal["csv", "jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl", "parquet")
LINE_BATCH = 200_000  # rows turned into text at a time (keeps each string buffer far below 2 GiB)
# Columns beyond bundle-v1, after the spec's own; the store keeps them in the table's ``extra`` JSON.
ADDED_COLUMNS: dict[str, tuple[Column, ...]] = {
    "workers": (Column("referred_by"),),  # worker_id of the colleague who referred the worker
}


def arrow_type(col_type: ColType) -> pa.DataType:
    if col_type is ColType.FLOAT:
        return pa.float64()
    if col_type is ColType.BOOL:
        return pa.bool_()
    return pa.string()


class TableWriter:
    """One bundle table file; ``write`` as many chunks as needed, then ``close``."""

    def __init__(self, folder: Path, table: str, fmt: Format) -> None:
        self.spec = TABLES[table]
        self.columns = self.spec.columns + ADDED_COLUMNS.get(table, ())
        self.fmt = fmt
        self.path = folder / f"{table}.{fmt}"
        self.schema = pa.schema([(c.name, arrow_type(c.type)) for c in self.columns])
        self.rows = 0
        self._parquet: pq.ParquetWriter | None = None
        self._handle: BinaryIO | None = None
        if fmt == "parquet":
            self._parquet = pq.ParquetWriter(self.path, self.schema)
        elif fmt == "csv":
            self._handle = self.path.open("wb")
            self._handle.write((",".join(self.schema.names) + "\n").encode())
        # JSONL opens its file at the first row: an empty .jsonl file is not a valid table,
        # and a missing table correctly means "no data".

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def write(self, chunk: dict[str, pa.Array]) -> None:
        """Append rows; columns missing from ``chunk`` are written empty."""
        unknown = set(chunk) - set(self.schema.names)
        if unknown:
            raise ValueError(f"{self.spec.name}: columns neither in bundle-v1 nor added: {sorted(unknown)}")
        length = len(next(iter(chunk.values())))
        arrays = [chunk.get(f.name, pa.nulls(length, f.type)) for f in self.schema]
        self.rows += length
        if self._parquet is not None:
            plain = [_decoded(a, f.type) for a, f in zip(arrays, self.schema, strict=True)]
            self._parquet.write_table(pa.Table.from_arrays(plain, schema=self.schema))
            return
        if length and self._handle is None:
            self._handle = self.path.open("wb")
        assert self._handle is not None or not length
        text = _csv_text if self.fmt == "csv" else _json_text
        cells = [
            _Cells(a, f.type, c.type, text) for a, f, c in zip(arrays, self.schema, self.columns, strict=True)
        ]
        for start in range(0, length, LINE_BATCH):
            size = min(LINE_BATCH, length - start)
            parts = [c.text(start, size) for c in cells]
            lines = self._csv_lines(parts) if self.fmt == "csv" else self._json_lines(parts)
            assert self._handle is not None
            _write_buffer(self._handle, lines)

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _csv_lines(self, cells: list[pa.Array]) -> pa.Array:
        line = pc.binary_join_element_wise(*cells, ",")
        return pc.binary_join_element_wise(line, pa.scalar("\n"), "")

    def _json_lines(self, cells: list[pa.Array]) -> pa.Array:
        pieces: list[pa.Array | pa.Scalar] = []
        for k, (column, value) in enumerate(zip(self.columns, cells, strict=True)):
            pieces += [pa.scalar(("{" if k == 0 else ",") + f'"{column.name}":'), value]
        pieces.append(pa.scalar("}\n"))
        return pc.binary_join_element_wise(*pieces, "")


def encoded(values: pa.Array, indices: npt.NDArray[np.integer]) -> pa.DictionaryArray:
    """``values[indices]`` as a dictionary column (a negative index is a missing value).

    Most demo columns repeat a small set of values (user agents, addresses, worker
    ids); the writers quote or escape each distinct value once instead of per row.
    """
    index = np.asarray(indices)
    return pa.DictionaryArray.from_arrays(pa.array(index, type=pa.int32(), mask=index < 0), values)


def _decoded(array: pa.Array, arrow_type: pa.DataType) -> pa.Array:
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    return array if array.type == arrow_type else pc.cast(array, arrow_type)


class _Cells:
    """The text of one column's cells, computed once per distinct value for dictionary columns."""

    def __init__(
        self,
        array: pa.Array,
        arrow_type: pa.DataType,
        col_type: ColType,
        text: Callable[[pa.Array, ColType], tuple[pa.Array, str]],
    ) -> None:
        self.indices: pa.Array | None = None
        if pa.types.is_dictionary(array.type):
            self.indices = array.indices
            self.values, self.null = text(_decoded(array.dictionary, arrow_type), col_type)
        else:
            self.values, self.null = text(_decoded(array, arrow_type), col_type)

    def text(self, start: int, size: int) -> pa.Array:
        if self.indices is None:
            return self.values.slice(start, size)
        return pc.fill_null(self.values.take(self.indices.slice(start, size)), self.null)


def _csv_text(array: pa.Array, col_type: ColType) -> tuple[pa.Array, str]:
    """CSV cells quoted only where needed; ISO timestamps and dates never need it."""
    if pa.types.is_boolean(array.type):
        text = pc.if_else(array, "true", "false")
    elif pa.types.is_floating(array.type):
        text = pc.cast(array, pa.string())
    elif col_type in (ColType.TIMESTAMP, ColType.DATE):
        text = array
    else:
        needs_quotes = pc.match_substring_regex(array, '[",\r\n]')
        text = array
        if pc.any(needs_quotes).as_py():
            quoted = pc.binary_join_element_wise('"', pc.replace_substring(array, '"', '""'), '"', "")
            text = pc.if_else(needs_quotes, quoted, array)
    return pc.fill_null(text, ""), ""


def _json_text(array: pa.Array, col_type: ColType) -> tuple[pa.Array, str]:
    """JSON values: strings escaped and quoted, numbers and booleans bare, JSON cells embedded."""
    if pa.types.is_boolean(array.type):
        text = pc.if_else(array, "true", "false")
    elif pa.types.is_floating(array.type) or col_type in (ColType.LIST, ColType.JSON):
        text = pc.cast(array, pa.string())
    else:
        escaped = array
        if col_type not in (ColType.TIMESTAMP, ColType.DATE):
            for raw, replacement in (
                ("\\", "\\\\"),
                ('"', '\\"'),
                ("\n", "\\n"),
                ("\r", "\\r"),
                ("\t", "\\t"),
            ):
                escaped = pc.replace_substring(escaped, raw, replacement)
            if pc.any(pc.match_substring_regex(escaped, r"[\x00-\x1f]")).as_py():
                raise ValueError("control characters in generated text")  # the demo never writes any
        text = pc.binary_join_element_wise('"', escaped, '"', "")
    return pc.fill_null(text, "null"), "null"


def _write_buffer(handle: BinaryIO, lines: pa.Array) -> None:
    """Write a string array's characters (each line already ends in a newline) in one go."""
    if len(lines) == 0:
        return
    if lines.null_count:
        raise ValueError("a generated line is null")
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    first, last = int(offsets[lines.offset]), int(offsets[lines.offset + len(lines)])
    handle.write(memoryview(lines.buffers()[2])[first:last])
