"""Reading a generated demo bundle back, for the demo tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq

from unmask.model import TABLES

Row = dict[str, str]
Tables = dict[str, list[Row]]
SPEC_COLUMNS = {name: [c.name for c in spec.columns] for name, spec in TABLES.items()}


def read_table(folder: Path, table: str, fmt: str = "csv") -> list[Row]:
    """One table as rows of text (None for a missing value), whatever the format."""
    path = folder / f"{table}.{fmt}"
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(handle)]  # type: ignore[misc]
    if fmt == "jsonl":
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle]
    rows: list[Row] = pq.read_table(path).to_pylist()
    return rows


def read_bundle(folder: Path, fmt: str = "csv") -> Tables:
    return {table: read_table(folder, table, fmt) for table in TABLES}
