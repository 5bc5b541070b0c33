"""Any CSV into any bundle table, by a TOML mapping the investigator writes once per export.

Payroll systems, ATS exports and VPN reports name their columns their own way;
rather than an adapter per vendor, a mapping says which source column fills
which bundle column, how enum values translate and how dates are written::

    table = "payments"
    identity = "Employee Email"     # or: worker_id = "Emp ID"
    identity_source = "other"
    [columns]
    ts = "Pay Date"
    amount = "Net Amount"
    [values.method]
    "USDT" = "crypto"
    [formats]
    ts = "%m/%d/%Y"
    [constants]
    kind = "payout"

The mapping is checked completely when the adapter is made (and against the
CSV header when it is read), so a typo is one clear error naming the mapping
file and key instead of a million rejected rows. Rows keep the CSV line they
came from; cells are checked later by the common validation like any bundle.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from unmask.ingest.adapters.base import IDENTITY, LINE, AdapterChunk, Chunk
from unmask.ingest.errors import RowError
from unmask.ingest.readers import CHUNK_ROWS, read_chunks
from unmask.model import TABLES, WORKER_TABLES, ColType, Column, TableSpec

_KEYS = ("table", "identity", "worker_id", "identity_source", "keep_unmapped", "columns", "values", "formats",
         "constants")  # fmt: skip
IDENTITY_SOURCES = TABLES["identities"].column("source").enum
_BOOL_VALUES = ("true", "false", "1", "0", "yes", "no")  # as the bundle reads booleans
# Directives Arrow's vectorised strptime does not read (or reads but loses, like %z's offset).
_PYTHON_ONLY = ("%z", "%Z", "%f", "%:z", "%c", "%x", "%X")


class MappingError(ValueError):
    """The mapping is unusable: it names the mapping file (or CSV) and the key at fault."""


@dataclass(frozen=True)
class _Target:
    column: Column
    source: str  # the source column as read_chunks names it: trimmed, lower case
    values: dict[str, str] = field(default_factory=dict)  # source value (trimmed, lower) → bundle value
    fmt: str | None = None


@dataclass(frozen=True)
class CsvMapping:
    """A checked mapping: everything ``read`` needs, with source names as the CSV reader spells them."""

    table: TableSpec
    identity: str | None  # source column → _identity
    identity_source: str
    targets: tuple[_Target, ...]
    constants: dict[str, str]
    keep_unmapped: bool
    sources: dict[str, str] = field(default_factory=dict)  # source column → mapping key that names it


def _source_key(name: str) -> str:
    # read_chunks trims and lower-cases header cells, so the mapping is matched the same way.
    return name.strip().lower()


def _text(value: Any, where: str) -> str:
    """A TOML constant as bundle text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, int | float | str):
        return str(value)
    raise MappingError(f"{where}: must be a string, number, boolean or date, not {type(value).__name__}")


def _table_of(doc: Mapping[str, Any], name: str) -> dict[str, Any]:
    section = doc.get(name, {})
    if not isinstance(section, dict):
        raise MappingError(f"[{name}] must be a table of key = value pairs")
    return section


def _source_name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MappingError(f"{where}: must name a CSV column (a non-empty string)")
    return _source_key(value)


def load_mapping(path: Path) -> CsvMapping:
    """Read and check the mapping at ``path``; every problem is a MappingError naming file and key."""
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"{Path(path).name}: cannot read the mapping: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MappingError(f"{Path(path).name}: not valid TOML: {exc}") from None
    try:
        return _check(doc)
    except MappingError as exc:
        raise MappingError(f"{Path(path).name}: {exc}") from None


def _check(doc: dict[str, Any]) -> CsvMapping:
    unknown = sorted(set(doc) - set(_KEYS))
    if unknown:
        raise MappingError(f"unknown key(s) {', '.join(unknown)}; a mapping has: {', '.join(_KEYS)}")
    table_name = doc.get("table")
    if not isinstance(table_name, str) or table_name not in TABLES:
        shown = "missing" if table_name is None else f"{table_name!r} is not a bundle table"
        raise MappingError(f"table: {shown}; one of: {', '.join(TABLES)}")
    spec = TABLES[table_name]
    known = [c.name for c in spec.columns]
    columns, values, formats = _table_of(doc, "columns"), _table_of(doc, "values"), _table_of(doc, "formats")
    constants = _table_of(doc, "constants")
    sources: dict[str, str] = {}

    for section, keys in (("columns", columns), ("values", values), ("formats", formats),
                          ("constants", constants)):  # fmt: skip
        for key in keys:
            if key not in known:
                raise MappingError(
                    f"[{section}] {key}: not a column of table {table_name}; its columns: {', '.join(known)}"
                )
    mapped: dict[str, str] = {}
    for key, value in columns.items():
        mapped[key] = _source_name(value, f"[columns] {key}")
        sources.setdefault(mapped[key], f"[columns] {key}")
    if "worker_id" in doc:
        if "worker_id" in mapped:
            raise MappingError("worker_id: given both at the top and in [columns]; keep one")
        mapped["worker_id"] = _source_name(doc["worker_id"], "worker_id")
        sources.setdefault(mapped["worker_id"], "worker_id")
    identity = None
    if "identity" in doc:
        identity = _source_name(doc["identity"], "identity")
        sources.setdefault(identity, "identity")
        if table_name not in WORKER_TABLES:
            raise MappingError(f"identity: table {table_name} is not about one worker; map worker_id instead")
        if "worker_id" in mapped:
            raise MappingError("identity: give either identity (a login or email) or worker_id, not both")
    identity_source = doc.get("identity_source", "other")
    if identity_source not in IDENTITY_SOURCES:
        raise MappingError(
            f"identity_source: {identity_source!r} is not one of {', '.join(IDENTITY_SOURCES)}"
        )
    keep_unmapped = doc.get("keep_unmapped", True)
    if not isinstance(keep_unmapped, bool):
        raise MappingError("keep_unmapped: must be true or false")

    fixed: dict[str, str] = {}
    for key, value in constants.items():
        if key in mapped:
            raise MappingError(f"[constants] {key}: also mapped from a CSV column in [columns]; keep one")
        fixed[key] = _text(value, f"[constants] {key}")
        _check_allowed(spec.column(key), fixed[key], f"[constants] {key}")
    missing = [c for c in spec.required if c not in mapped and c not in fixed]
    if identity is not None:
        missing = [c for c in missing if c != "worker_id"]
    if missing:
        person = "worker_id" in missing and table_name in WORKER_TABLES
        hint = " (or identity = the column naming the person)" if person else ""
        raise MappingError(
            f"[columns]: required column(s) of {table_name} not mapped: {', '.join(missing)}{hint}"
        )

    targets = []
    for key, source in mapped.items():
        col = spec.column(key)
        targets.append(_Target(col, source, _value_map(col, values.get(key)), _format(col, formats.get(key))))
    for key in (*values, *formats):
        if key not in mapped:
            where = "[values." + key + "]" if key in values else f"[formats] {key}"
            raise MappingError(f"{where}: {key} is not read from a CSV column (add it to [columns])")
    return CsvMapping(spec, identity, identity_source, tuple(targets), fixed, keep_unmapped, sources)


def _allowed(col: Column) -> tuple[str, ...]:
    return col.enum or (_BOOL_VALUES if col.type is ColType.BOOL else ())


def _check_allowed(col: Column, value: str, where: str) -> None:
    allowed = _allowed(col)
    if allowed and value.strip().lower() not in allowed:
        raise MappingError(f"{where}: {value!r} is not a value of {col.name}; one of: {', '.join(allowed)}")


def _value_map(col: Column, raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    where = f"[values.{col.name}]"
    if not isinstance(raw, dict):
        raise MappingError(f'{where}: must be a table of "source value" = "bundle value"')
    if not _allowed(col):
        raise MappingError(
            f"{where}: {col.name} has no fixed set of values (only enum and boolean columns do)"
        )
    out: dict[str, str] = {}
    for source, target in raw.items():
        if not isinstance(target, str | bool):
            raise MappingError(f"{where} {source!r}: must map to a string")
        text = _text(target, f"{where} {source!r}")
        _check_allowed(col, text, f"{where} {source!r}")
        # Matched as the validation reads enums: trimmed and in any case.
        out[source.strip().lower()] = text.strip().lower()
    return out


def _format(col: Column, fmt: Any) -> str | None:
    if fmt is None:
        return None
    where = f"[formats] {col.name}"
    if col.type not in (ColType.TIMESTAMP, ColType.DATE):
        raise MappingError(
            f"{where}: only timestamp and date columns take a format ({col.name} is {col.type})"
        )
    if not isinstance(fmt, str) or "%" not in fmt:
        raise MappingError(f'{where}: must be a strptime format such as "%m/%d/%Y %H:%M"')
    try:
        datetime.now().strftime(fmt)
    except ValueError as exc:
        raise MappingError(f"{where}: {fmt!r} is not a valid format: {exc}") from None
    return fmt


def _snake(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


class MappedCsvAdapter:
    """A CSV read through a mapping (see the module doc and docs/adapters.md)."""

    name = "csv"

    def __init__(self, mapping: Path, *, chunk_rows: int = CHUNK_ROWS) -> None:
        self.mapping_path = Path(mapping)
        self.mapping = load_mapping(self.mapping_path)
        self.identity_source = self.mapping.identity_source
        self.chunk_rows = chunk_rows

    @property
    def table(self) -> str:
        return self.mapping.table.name

    def read(self, path: Path) -> Iterator[AdapterChunk]:
        path = Path(path)
        plan: _Plan | None = None
        for chunk in read_chunks(path, "csv", chunk_rows=self.chunk_rows):
            if plan is None:
                plan = self._plan(path, chunk.columns)
            yield AdapterChunk(self.table, plan.apply(chunk))

    def _plan(self, path: Path, header: list[str]) -> _Plan:
        m = self.mapping
        for source, key in m.sources.items():
            if source not in header:
                raise MappingError(
                    f"{path.name}:1: no column {source!r} in the header, but {self.mapping_path.name} {key} "
                    f"names it; the header has: {', '.join(header)}"
                )
        used = set(m.sources)
        taken = {c.name for c in m.table.columns} | {IDENTITY, LINE}
        extras: dict[str, str] = {}
        if m.keep_unmapped:
            for source in header:
                if source in used:
                    continue
                name = _snake(source) or f"column_{header.index(source) + 1}"
                # An unmapped column must not pass as a bundle column it was not mapped to.
                if name in taken:
                    name = f"source_{name}"
                while name in taken:
                    name += "_"
                taken.add(name)
                extras[name] = source
        return _Plan(path.name, self.mapping_path.name, m, extras)


@dataclass
class _Plan:
    csv: str
    mapping_name: str
    mapping: CsvMapping
    extras: dict[str, str]  # extra column → source column

    def apply(self, chunk: Chunk) -> Chunk:
        table, n = chunk.table, chunk.table.num_rows
        errors = list(chunk.errors)
        out: dict[str, pa.Array | pa.ChunkedArray] = {}
        if self.mapping.identity is not None:
            out[IDENTITY] = table[self.mapping.identity]
        keep = None
        for target in self.mapping.targets:
            values = table[target.source]
            if target.values:
                values = _translate(values, target.values)
            if target.fmt is not None:
                values, bad = self._parse_dates(values, target, table[LINE], errors)
                keep = bad if keep is None else pc.or_(keep, bad)
            out[target.column.name] = values
        for name, value in self.mapping.constants.items():
            out[name] = pa.repeat(pa.scalar(value, pa.string()), n)
        for name, source in self.extras.items():
            out[name] = table[source]
        result = pa.table([*out.values(), table[LINE]], names=[*out, LINE])
        if keep is not None:
            result = result.filter(pc.invert(keep))
        return Chunk(list(out), result, errors)

    def _parse_dates(
        self, values: pa.ChunkedArray, target: _Target, lines: pa.ChunkedArray, errors: list[RowError]
    ) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
        """Dates in ``target.fmt`` → ISO 8601 text; cells that do not match become RowErrors."""
        assert target.fmt is not None
        trimmed = pc.utf8_trim_whitespace(values)
        text = _strptime(trimmed, target.fmt, target.column.type is ColType.DATE)
        bad = pc.and_(pc.is_valid(trimmed), pc.is_null(text))
        if pc.any(bad).as_py():
            reason = f"does not match the format {target.fmt!r} of {self.mapping_name} [formats]"
            for line, value in zip(pc.filter(lines, bad).to_pylist(), pc.filter(values, bad).to_pylist(),
                                   strict=True):  # fmt: skip
                errors.append(RowError(self.csv, int(line), target.column.name, reason, value))
        return text, bad


def _translate(values: pa.ChunkedArray, mapping: dict[str, str]) -> pa.ChunkedArray:
    """Mapped values replaced; any other value kept as written (validation reports it with its line)."""
    keys = pc.utf8_lower(pc.utf8_trim_whitespace(values))
    index = pc.index_in(keys, value_set=pa.array(list(mapping), pa.string()))
    mapped = pc.take(pa.array(list(mapping.values()), pa.string()), index)
    return pc.coalesce(mapped, values)


def _strptime(values: pa.ChunkedArray, fmt: str, as_date: bool) -> pa.ChunkedArray:
    """Vectorised where Arrow can; Python's strptime for what Arrow misses or cannot keep (offsets).

    Without an offset in the format the result has none either: it is read as UTC, and the
    common ingest warns about it, because the CSV recorded no clock to keep.
    """
    out_fmt = "%Y-%m-%d" if as_date else "%Y-%m-%dT%H:%M:%S"
    fast = pa.nulls(len(values), pa.string())
    if not any(d in fmt for d in _PYTHON_ONLY):
        try:
            parsed = pc.strptime(values, format=fmt, unit="s", error_is_null=True)
            # Arrow rolls impossible dates over (31.02 → 03.03): keep only values that print back
            # exactly as written; the rest (and unpadded 3/1/2024) are decided by Python below.
            exact = pc.equal(pc.strftime(parsed, format=fmt), values)
            fast = pc.if_else(exact, pc.strftime(parsed, format=out_fmt), pa.scalar(None, pa.string()))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass  # a directive Arrow does not know: Python reads every value
    missed = pc.and_(pc.is_valid(values), pc.is_null(fast))
    if not pc.any(missed).as_py():
        return fast if isinstance(fast, pa.ChunkedArray) else pa.chunked_array([fast])
    # Arrow is stricter than Python (e.g. "3/1/2024" for %m/%d/%Y): retry those cells in Python,
    # once per distinct value, so what is accepted is exactly what datetime.strptime accepts.
    distinct = pc.unique(pc.filter(values, missed))
    parsed_py = [_py_parse(v, fmt, as_date) for v in distinct.to_pylist()]
    found = pc.take(pa.array(parsed_py, pa.string()), pc.index_in(values, value_set=distinct))
    return pc.coalesce(fast, found)


def _py_parse(value: str, fmt: str, as_date: bool) -> str | None:
    try:
        parsed = datetime.strptime(value, fmt)
    except ValueError:
        return None
    if as_date:
        return parsed.date().isoformat()
    # isoformat keeps a parsed offset (+09:00) and fractions of a second.
    return parsed.isoformat()


__all__ = ["IDENTITY_SOURCES", "CsvMapping", "MappedCsvAdapter", "MappingError", "load_mapping"]
