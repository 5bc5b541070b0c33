"""Microsoft 365 unified audit log → ``signins``.

Input: audit records as ``Search-UnifiedAuditLog`` / the Management Activity
API give them (a JSON array or one record per line, each record being the
``AuditData`` object), or the Purview "Export" CSV, whose ``AuditData`` column
holds the record as JSON. ``UserLoggedIn`` and ``UserLoginFailed`` become
sign-ins; every other operation is counted in :attr:`M365Adapter.skipped`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from unmask.ingest.adapters.base import LINE, AdapterChunk
from unmask.ingest.adapters.jsonlog import (
    Reject,
    SigninChunks,
    Skip,
    first_key_value,
    iter_records,
    looks_like_json,
    read_signins,
    strip_port,
    text,
    utc_ts,
)
from unmask.ingest.errors import RowError
from unmask.ingest.readers import FileError, read_chunks

OPERATIONS = {"UserLoggedIn": "success", "UserLoginFailed": "failure"}

EXTRA = (
    "operation",
    "event_id",
    "result_status",
    "result_status_detail",
    "logon_error",
    "error_number",
    "user_type",
    "workload",
    "application_id",
    "request_type",
    "auth_method",
    "device_name",
    "device_os",
    "device_browser",
    "device_trust",
    "device_compliant",
    "session_id",
)

# DeviceProperties names (Name/Value pairs) → our columns; "Id" is the Entra device id.
_DEVICE = {
    "Id": "device_id",
    "DisplayName": "device_name",
    "OS": "device_os",
    "BrowserType": "device_browser",
    "TrustType": "device_trust",
    "IsCompliant": "device_compliant",
    "SessionId": "session_id",
}
_EXTENDED = {
    "UserAgent": "user_agent",
    "RequestType": "request_type",
    "ResultStatusDetail": "result_status_detail",
    "UserAuthenticationMethod": "auth_method",
}
_ORDER = SigninChunks.columns_for(EXTRA)
_OPERATION = first_key_value(b"Operation")


def _prefilter(raw: bytes) -> Skip | None:
    operation = _OPERATION(raw)
    if operation is not None and operation not in OPERATIONS:
        return Skip(f"not a sign-in (Operation {operation})")
    return None


def _pairs(value: Any, names: dict[str, str], out: dict[str, str | None]) -> None:
    """Copy the wanted entries of a ``[{"Name": …, "Value": …}]`` list into ``out``."""
    if not isinstance(value, list):
        return
    for pair in value:
        if isinstance(pair, dict):
            ours = names.get(pair.get("Name"))  # type: ignore[arg-type]
            if ours is not None and out.get(ours) is None:
                out[ours] = text(pair.get("Value"))


def convert(record: Any) -> Sequence[str | None] | Skip | Reject:
    if not isinstance(record, dict):
        return Reject("", "not a JSON object")
    operation = record.get("Operation")
    if not isinstance(operation, str) or not operation:
        return Reject("Operation", "not a unified audit log record (no Operation)")
    outcome = OPERATIONS.get(operation)
    if outcome is None:
        return Skip(f"not a sign-in (Operation {operation})")
    created = record.get("CreationTime")
    ts = utc_ts(created)  # the audit log writes UTC without an offset: utc_ts adds the Z
    if ts is None:
        if created is None:
            return Reject("CreationTime", "missing timestamp")
        return Reject("CreationTime", "not an ISO 8601 timestamp", text(created))
    identity = text(record.get("UserId"))
    if identity is None:
        return Reject("UserId", "missing user (UserId)")
    ip = text(record.get("ClientIP")) or text(record.get("ActorIpAddress"))
    if ip is None or not strip_port(ip):
        return Reject("ClientIP", "missing IP address")
    out: dict[str, str | None] = {
        "_identity": identity,
        "ts": ts,
        "ip": strip_port(ip),
        "outcome": outcome,
        "app": text(record.get("ApplicationId")),
        "source": "m365",
        "operation": operation,
        "event_id": text(record.get("Id")),
        "result_status": text(record.get("ResultStatus")),
        "logon_error": text(record.get("LogonError")),
        "error_number": text(record.get("ErrorNumber")),
        "user_type": text(record.get("UserType")),
        "workload": text(record.get("Workload")),
        "application_id": text(record.get("ApplicationId")),
    }
    _pairs(record.get("ExtendedProperties"), _EXTENDED, out)
    _pairs(record.get("DeviceProperties"), _DEVICE, out)
    return tuple(out.get(c) for c in _ORDER)


def _csv_rows(path: Path, sink: SigninChunks) -> Iterator[AdapterChunk]:
    """The Purview export: one record per CSV row, the record itself in ``AuditData``."""
    for chunk in read_chunks(path, "csv"):
        if "auditdata" not in chunk.columns:
            raise FileError("not a unified audit log CSV: no AuditData column")
        for error in chunk.errors:
            sink.add(error.line, error, convert)
        lines = chunk.table.column(LINE).to_pylist()
        for line, data in zip(lines, chunk.table.column("auditdata").to_pylist(), strict=True):
            sink.add(line, _audit_data(path, line, data), convert)
            if sink.ready():
                yield sink.flush()
    yield sink.finish("unified audit log records")


def _audit_data(path: Path, line: int, data: str | None) -> Any:
    if data is None:
        return RowError(path.name, line, "AuditData", "empty AuditData")
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        return RowError(path.name, line, "AuditData", f"invalid JSON: {exc.msg}", data)


class M365Adapter:
    """Microsoft 365 unified audit log (JSON array, JSON lines, Purview CSV) → ``signins``.

    After :meth:`read` is consumed, :attr:`skipped` maps each reason a readable
    record did not become a row (``not a sign-in (Operation FileAccessed)`` …) to its count.
    """

    name = "m365"
    identity_source = "m365"

    def __init__(self) -> None:
        self.skipped: dict[str, int] = {}

    def read(self, path: Path) -> Iterator[AdapterChunk]:
        sink = SigninChunks(path, "m365", EXTRA)
        self.skipped = sink.skipped
        if looks_like_json(path):
            yield from read_signins(
                path, iter_records(path, _prefilter), sink, convert, "unified audit log records"
            )
        else:
            yield from _csv_rows(path, sink)
