"""Shared machinery of the identity-provider adapters: vendor JSON logs in, sign-in chunks out.

Okta, Entra and Microsoft 365 all hand their logs over as JSON, in one of a
few shapes: a JSON array (an API page, a portal download), JSON lines (a SIEM
or Azure Storage export), or an Azure ``{"records": [...]}`` wrapper.
:func:`iter_records` reads any of them record by record, keeping the line each
record starts on, so a bad record costs one RowError and never the file.

JSON lines are streamed; a multi-line document (an array, a pretty-printed
file) is read whole because the record boundaries are only known by parsing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson  # ~5x faster than json on log lines; raises json.JSONDecodeError subclasses
import pyarrow as pa

from unmask.ingest.adapters.base import IDENTITY, LINE, AdapterChunk, Chunk
from unmask.ingest.errors import RowError
from unmask.ingest.readers import FileError

# Under the contract's 250k: a sign-in row held as Python text is ~1 KiB, so smaller chunks keep RSS low.
CHUNK_ROWS = 50_000

# The bundle columns every sign-in adapter fills, in order; vendor evidence follows them.
SIGNIN_COLUMNS = (IDENTITY, "ts", "ip", "user_agent", "device_id", "outcome", "app", "source")

_WRAPPER_KEYS = ("records", "value")  # Azure Storage export / Graph API page
_WRAPPER_RE = re.compile(r'\{\s*(?:"[^"]*"\s*:\s*(?:"[^"]*"|[-\w.]+)\s*,\s*)*"(records|value)"\s*:\s*\[')
_SURROGATE = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (decoded with surrogateescape)
_RECORD_START = re.compile(r"\n([ \t]*)\{")
_WS = " \t\r\n"
_DECODER = json.JSONDecoder()

# ISO 8601 as these vendors write it: T or space, optional fraction (Entra writes 7 digits), optional offset.
_TS_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?")


@dataclass(frozen=True, slots=True)
class Skip:
    """A readable record that is not a sign-in (an admin event, an audit record): counted, not a row."""

    reason: str


@dataclass(frozen=True, slots=True)
class Reject:
    """A sign-in-looking record that cannot become a row: becomes a RowError."""

    column: str
    reason: str
    value: str | None = None


Item = Any  # a parsed JSON value, a RowError or a Skip
Prefilter = Callable[[bytes], Skip | None]


def text(value: Any) -> str | None:
    """A JSON value as bundle text: strings as given, lists and objects as compact JSON."""
    kind = type(value)
    if kind is str:  # by far the most common: checked first, without isinstance chains
        return value if value and not value.isspace() else None
    if value is None:
        return None
    if kind is bool:
        return "true" if value else "false"
    if kind is list or kind is dict:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else None
    return str(value)


def utc_ts(value: Any) -> str | None:
    """The timestamp as the log wrote it; these logs are UTC, so a missing offset becomes ``Z``.

    None when it is not ISO 8601 (Panther's redacted samples say ``redacted``).
    """
    if not isinstance(value, str):
        return None
    stamp: str = value.strip()
    match = _TS_RE.fullmatch(stamp)
    if match is None:
        return None
    return stamp if match.group(1) else stamp + "Z"


def strip_port(ip: str) -> str:
    """``1.2.3.4:5678`` → ``1.2.3.4``, ``[::1]:443`` → ``::1``; a bare IPv6 address is left alone."""
    ip = ip.strip()
    if ip.startswith("["):
        end = ip.find("]")
        return ip[1:end] if end > 0 else ip
    if ip.count(":") == 1:
        return ip.split(":", 1)[0]
    return ip


def obj(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one (a field may be null or of the wrong type)."""
    return value if isinstance(value, dict) else {}


def dig(obj: Any, *path: str) -> Any:
    for key in path:
        if type(obj) is not dict:
            return None
        obj = obj.get(key)
    return obj


def recase(obj: Any, names: dict[str, str]) -> Any:
    """Rename keys to the vendor's spelling (``names``: lower-case → canonical), at every depth.

    Some pipelines (Panther among them) lower-case part of the keys; the vendor's
    own exports never do, so this runs only for records missing a canonical key.
    """
    if isinstance(obj, dict):
        return {names.get(k.lower(), k): recase(v, names) for k, v in obj.items()}
    if isinstance(obj, list):
        return [recase(v, names) for v in obj]
    return obj


def canonical_names(*keys: str) -> dict[str, str]:
    return {k.lower(): k for k in keys}


def first_key_value(pattern: bytes) -> Callable[[bytes], str | None]:
    """A cheap look at a raw JSON line: the value of ``"key": "..."`` when the key occurs exactly once.

    Lets an adapter count a non-sign-in line without parsing it. Once only,
    because a second occurrence might be the top-level one.
    """
    regex = re.compile(rb'"' + pattern + rb'"\s*:\s*"([^"\\]*)"')

    def look(raw: bytes) -> str | None:
        found: list[bytes] = regex.findall(raw)
        return found[0].decode("utf-8", "replace") if len(found) == 1 else None

    return look


def _unwrap(value: Any) -> list[Any] | None:
    """The records of an Azure ``{"records": [...]}`` or Graph ``{"value": [...]}`` wrapper."""
    if isinstance(value, dict):
        for key in _WRAPPER_KEYS:
            inner = value.get(key)
            if isinstance(inner, list) and all(isinstance(v, dict) for v in inner):
                return inner
    return None


def iter_records(path: Path, prefilter: Prefilter | None = None) -> Iterator[tuple[int, Item]]:
    """Yield ``(line, record)`` for every record; ``record`` is a RowError or a Skip when it is not usable.

    ``line`` is where the record starts (its number in the file when a whole
    JSON document sits on one line). Raises FileError when the file is empty or
    not JSON at all.
    """
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    first = head.lstrip()[:1]
    if not first:
        raise FileError("empty file")
    if first not in (b"[", b"{"):
        raise FileError("not JSON: expected a JSON array or one JSON object per line")
    if first == b"{" and _first_line_is_object(head):
        yield from _json_lines(path, prefilter)
    else:
        yield from _json_document(path)


def looks_like_json(path: Path) -> bool:
    """Whether the file opens like JSON (an array or an object) rather than CSV."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"[", b"{")


def _first_line_is_object(head: bytes) -> bool:
    line = head.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:  # also UnicodeDecodeError: a bad first line says nothing about the shape
        return False


def _json_lines(path: Path, prefilter: Prefilter | None) -> Iterator[tuple[int, Item]]:
    name = path.name
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            if prefilter is not None:
                skip = prefilter(raw)
                if skip is not None:
                    yield number, skip
                    continue
            try:
                value = orjson.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield number, RowError(name, number, "", "bytes that are not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield number, RowError(name, number, "", f"invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            records = _unwrap(value)
            if records is not None:
                for record in records:
                    yield number, record
            elif isinstance(value, dict):
                yield number, value
            else:
                yield number, RowError(name, number, "", "a line must hold one JSON object")


def _json_document(path: Path) -> Iterator[tuple[int, Item]]:
    """A JSON array, a wrapper object, or pretty-printed objects one after another."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    # surrogateescape keeps bad bytes visible so that only the records holding them are rejected.
    doc = raw.decode("utf-8", errors="surrogateescape")
    del raw
    one_line = "\n" not in doc.rstrip(_WS)
    scanner = _Scanner(path.name, doc, one_line)
    pos = scanner.skip_ws(0)
    wrapper = _WRAPPER_RE.match(doc, pos)
    if doc.startswith("[", pos):
        yield from scanner.array(pos)
    elif wrapper is not None:
        yield from scanner.array(wrapper.end() - 1)
    else:
        yield from scanner.values(pos)


class _Scanner:
    """Walk a JSON text value by value with ``raw_decode``, tracking lines, recovering after a bad record."""

    def __init__(self, name: str, doc: str, one_line: bool) -> None:
        self.name, self.doc, self.one_line = name, doc, one_line
        self._line, self._at, self._records = 1, 0, 0

    def skip_ws(self, pos: int) -> int:
        doc = self.doc
        while pos < len(doc) and doc[pos] in _WS:
            pos += 1
        return pos

    def line_of(self, pos: int) -> int:
        if self.one_line:
            return self._records
        self._line += self.doc.count("\n", self._at, pos)
        self._at = pos
        return self._line

    def _decode(self, pos: int) -> tuple[int, Item, int]:
        """(line, record or RowError, position after it; -1 when the rest cannot be framed)."""
        self._records += 1
        line = self.line_of(pos)
        try:
            value, end = _DECODER.raw_decode(self.doc, pos)
        except json.JSONDecodeError as exc:
            error = RowError(self.name, line, "", f"invalid JSON: {exc.msg} (record {self._records})")
            return line, error, self._resync(pos)
        if _SURROGATE.search(self.doc, pos, end):
            return line, RowError(self.name, line, "", "bytes that are not valid UTF-8"), end
        return line, value, end

    def _resync(self, pos: int) -> int:
        """The next line opening a record at no deeper indentation than the broken one, or -1."""
        start = self.doc.rfind("\n", 0, pos) + 1
        indent = pos - start
        for match in _RECORD_START.finditer(self.doc, pos):
            if len(match.group(1)) <= indent:
                return match.end() - 1
        return -1

    def array(self, pos: int) -> Iterator[tuple[int, Item]]:
        doc = self.doc
        pos = self.skip_ws(pos + 1)
        while pos < len(doc):
            if doc[pos] == "]":
                return
            line, item, pos = self._decode(pos)
            if isinstance(item, RowError | dict):
                yield line, item
            else:
                yield line, RowError(self.name, line, "", "an array element must be a JSON object")
            if pos < 0:
                return
            pos = self.skip_ws(pos)
            if pos < len(doc) and doc[pos] == ",":
                pos = self.skip_ws(pos + 1)
        line = self.line_of(len(doc))
        yield line, RowError(self.name, line, "", "the JSON array is not closed: the file may be truncated")

    def values(self, pos: int) -> Iterator[tuple[int, Item]]:
        doc = self.doc
        while pos < len(doc):
            line, item, pos = self._decode(pos)
            records = _unwrap(item)
            if records is not None:
                for record in records:
                    yield line, record
            elif isinstance(item, RowError | dict):
                yield line, item
            else:
                yield line, RowError(self.name, line, "", "expected a JSON object")
            if pos < 0:
                return
            pos = self.skip_ws(pos)


class SigninChunks:
    """Collect converted records into ``signins`` chunks; count what was skipped or rejected."""

    def __init__(
        self, path: Path, vendor: str, extra: Sequence[str], *, chunk_rows: int = CHUNK_ROWS
    ) -> None:
        self.path, self.vendor, self.chunk_rows = path, vendor, chunk_rows
        self.columns = self.columns_for(extra)
        self.skipped: Counter[str] = Counter()
        self.rows = 0
        self.rejected = 0
        self._records: list[Sequence[str | None]] = []
        self._lines: list[int] = []
        self._errors: list[RowError] = []

    @staticmethod
    def columns_for(extra: Sequence[str]) -> list[str]:
        return [*SIGNIN_COLUMNS, *extra]

    @property
    def usable(self) -> int:
        """Records recognised as the vendor's: sign-in rows plus counted non-sign-in events."""
        return self.rows + self.skipped.total()

    def add(
        self, line: int, item: Item, convert: Callable[[Any], Sequence[str | None] | Skip | Reject]
    ) -> None:
        if isinstance(item, RowError):
            self._errors.append(item)
            self.rejected += 1
            return
        result = item if isinstance(item, Skip) else convert(item)
        if isinstance(result, Skip):
            self.skipped[result.reason] += 1
        elif isinstance(result, Reject):
            self._errors.append(RowError(self.path.name, line, result.column, result.reason, result.value))
            self.rejected += 1
        else:
            self._records.append(result)
            self._lines.append(line)
            self.rows += 1

    def ready(self) -> bool:
        # Errors alone are held back until something usable is seen, so that a file
        # with nothing usable ends in one FileError instead of a stream of RowErrors.
        return len(self._records) >= self.chunk_rows or (
            self.usable > 0 and len(self._errors) >= self.chunk_rows
        )

    def flush(self) -> AdapterChunk:
        chunk = Chunk(list(self.columns), self._table(), self._errors)
        self._records, self._lines, self._errors = [], [], []
        return AdapterChunk("signins", chunk)

    def finish(self, what: str) -> AdapterChunk:
        """The last chunk; FileError when no record in the file was ``what`` (e.g. an Okta event)."""
        if self.usable == 0:
            first = f"; first problem: {self._errors[0]}" if self._errors else ""
            raise FileError(f"no {what} in the file ({self.rejected} unreadable records{first})")
        return self.flush()

    def _table(self) -> pa.Table:
        width = len(self.columns)
        columns = list(zip(*self._records, strict=True)) if self._records else [() for _ in range(width)]
        arrays = [pa.array(col, type=pa.string()) for col in columns]
        arrays.append(pa.array(self._lines, type=pa.int64()))
        return pa.Table.from_arrays(arrays, names=[*self.columns, LINE])


def read_signins(
    path: Path,
    records: Iterator[tuple[int, Item]],
    sink: SigninChunks,
    convert: Callable[[Any], Sequence[str | None] | Skip | Reject],
    what: str,
) -> Iterator[AdapterChunk]:
    """Drive ``records`` through ``convert`` into chunks (the loop every adapter shares)."""
    for line, item in records:
        sink.add(line, item, convert)
        if sink.ready():
            yield sink.flush()
    yield sink.finish(what)
