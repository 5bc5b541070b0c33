"""Microsoft Entra ID sign-in logs → ``signins``.

Three shapes are read, told apart by content:

- Azure Monitor diagnostic export (Storage account / Event Hub / Log Analytics
  JSON): records with ``time``, ``category``, ``callerIpAddress`` and the
  sign-in under ``properties``; one per line, or wrapped in ``{"records": [...]}``.
- The portal's "Download JSON" and Graph ``auditLogs/signIns``: an array of
  sign-ins with ``createdDateTime``, ``userPrincipalName`` … at the top (a
  Graph page ``{"value": [...]}`` too).
- The portal's "Download CSV" (header ``Date (UTC)``, ``Username``, ``IP address`` …).

User sign-ins (interactive, non-interactive, AD FS) become rows; service
principal and managed identity sign-ins name no person and AuditLogs are not
sign-ins: those are counted in :attr:`EntraAdapter.skipped`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from unmask.ingest.adapters.base import LINE, AdapterChunk
from unmask.ingest.adapters.jsonlog import (
    Reject,
    SigninChunks,
    Skip,
    canonical_names,
    dig,
    first_key_value,
    iter_records,
    looks_like_json,
    obj,
    read_signins,
    recase,
    text,
    utc_ts,
)
from unmask.ingest.readers import FileError, read_chunks

USER_SIGNIN_CATEGORIES = frozenset({"SignInLogs", "NonInteractiveUserSignInLogs", "ADFSSignInLogs"})
# Sign-ins by an application or an Azure resource, not a person: nothing to link to a worker.
NON_USER_SIGNIN_CATEGORIES = frozenset({"ServicePrincipalSignInLogs", "ManagedIdentitySignInLogs"})

EXTRA = (
    "category",
    "event_id",
    "correlation_id",
    "user_id",
    "error_code",
    "failure_reason",
    "geo_country",
    "geo_state",
    "geo_city",
    "geo_lat",
    "geo_lon",
    "risk_level",
    "risk_level_aggregated",
    "risk_state",
    "risk_detail",
    "risk_event_types",
    "conditional_access",
    "auth_requirement",
    "client_app",
    "is_interactive",
    "resource",
    "device_name",
    "device_os",
    "device_browser",
    "device_trust",
    "device_compliant",
    "device_managed",
    "asn",
    "session_id",
)

_NAMES = canonical_names(
    "callerIpAddress", "resultType", "resultSignature", "correlationId", "operationName", "createdDateTime",
    "userPrincipalName", "ipAddress", "userAgent", "deviceDetail", "deviceId", "appDisplayName", "appId",
    "errorCode", "failureReason", "countryOrRegion", "geoCoordinates", "riskLevelDuringSignIn",
    "riskLevelAggregated", "riskState", "riskDetail", "riskEventTypes", "riskEventTypes_v2",
    "conditionalAccessStatus", "authenticationRequirement", "clientAppUsed", "isInteractive",
    "resourceDisplayName", "displayName", "operatingSystem", "trustType", "isCompliant", "isManaged",
    "autonomousSystemNumber", "sessionId", "userId",
)  # fmt: skip
_CATEGORY = first_key_value(b"category")


def _category_skip(category: str) -> Skip | None:
    if category in USER_SIGNIN_CATEGORIES:
        return None
    if category in NON_USER_SIGNIN_CATEGORIES:
        return Skip(f"not a user sign-in (category {category})")
    return Skip(f"not a sign-in (category {category})")


def _prefilter(raw: bytes) -> Skip | None:
    category = _CATEGORY(raw)
    return None if category is None else _category_skip(category)


def _outcome(error_code: Any, result_type: Any) -> str | None:
    """errorCode 0 is a success, any other code a failure (interrupted sign-ins included)."""
    for code in (error_code, result_type):
        value = text(code)
        if value is None:
            continue
        if value.lstrip("-").isdigit():
            return "success" if int(value) == 0 else "failure"
        if value.lower() in ("success", "failure"):
            return value.lower()
    return None


def convert(record: Any) -> Sequence[str | None] | Skip | Reject:
    if not isinstance(record, dict):
        return Reject("", "not a JSON object")
    if "properties" not in record and "createdDateTime" not in record:
        record = recase(record, _NAMES)  # a pipeline may have lower-cased the keys
    props = record.get("properties")
    if isinstance(props, dict):  # diagnostic export
        category = text(record.get("category"))
        if category is None:
            return Reject("category", "Azure diagnostic record without a category")
        skip = _category_skip(category)
        if skip is not None:
            return skip
        sign_in, outer = props, record
    elif "createdDateTime" in record:  # portal download / Graph
        category, sign_in, outer = None, record, {}
    else:
        return Reject("", "not an Entra sign-in (no createdDateTime) or Azure diagnostic record")
    raw_ts = sign_in.get("createdDateTime") or outer.get("time")
    ts = utc_ts(raw_ts)
    if ts is None:
        if raw_ts is None:
            return Reject("createdDateTime", "missing timestamp")
        return Reject("createdDateTime", "not an ISO 8601 timestamp", text(raw_ts))
    identity = text(sign_in.get("userPrincipalName"))
    if identity is None:
        return Reject("userPrincipalName", "missing user (userPrincipalName)")
    ip = text(sign_in.get("ipAddress")) or text(outer.get("callerIpAddress"))
    if ip is None:
        return Reject("ipAddress", "missing IP address")
    status = obj(sign_in.get("status"))
    location = obj(sign_in.get("location"))
    device = obj(sign_in.get("deviceDetail"))
    risks = sign_in.get("riskEventTypes_v2") or sign_in.get("riskEventTypes")
    return (
        identity,
        ts,
        ip,
        text(sign_in.get("userAgent")),
        text(device.get("deviceId")),
        _outcome(status.get("errorCode"), outer.get("resultType")),
        text(sign_in.get("appDisplayName")) or text(sign_in.get("appId")),
        "entra",
        category,
        text(sign_in.get("id")),
        text(sign_in.get("correlationId")) or text(outer.get("correlationId")),
        text(sign_in.get("userId")),
        text(status.get("errorCode")) or text(outer.get("resultType")),
        text(status.get("failureReason")) or text(outer.get("resultDescription")),
        text(location.get("countryOrRegion")),
        text(location.get("state")),
        text(location.get("city")),
        text(dig(location, "geoCoordinates", "latitude")),
        text(dig(location, "geoCoordinates", "longitude")),
        text(sign_in.get("riskLevelDuringSignIn")),
        text(sign_in.get("riskLevelAggregated")),
        text(sign_in.get("riskState")),
        text(sign_in.get("riskDetail")),
        text(risks),
        text(sign_in.get("conditionalAccessStatus")),
        text(sign_in.get("authenticationRequirement")),
        text(sign_in.get("clientAppUsed")),
        text(sign_in.get("isInteractive")),
        text(sign_in.get("resourceDisplayName")),
        text(device.get("displayName")),
        text(device.get("operatingSystem")),
        text(device.get("browser")),
        text(device.get("trustType")),
        text(device.get("isCompliant")),
        text(device.get("isManaged")),
        text(sign_in.get("autonomousSystemNumber")),
        text(sign_in.get("sessionId")),
    )


# The portal's CSV download ("Download" → CSV, interactive or non-interactive sign-ins),
# header as of 2024 (lower-cased and stripped by the CSV reader): CSV column → our column.
CSV_COLUMNS = {
    "username": "_identity",
    "date (utc)": "ts",
    "ip address": "ip",
    "user agent": "user_agent",
    "device id": "device_id",
    "application": "app",
    "request id": "event_id",
    "correlation id": "correlation_id",
    "user id": "user_id",
    "sign-in error code": "error_code",
    "failure reason": "failure_reason",
    "conditional access": "conditional_access",
    "authentication requirement": "auth_requirement",
    "client app": "client_app",
    "resource": "resource",
    "operating system": "device_os",
    "browser": "device_browser",
    "join type": "device_trust",
    "compliant": "device_compliant",
    "managed": "device_managed",
    "autonomous system  number": "asn",  # sic: two spaces in Microsoft's header
    "session id": "session_id",
}
_CSV_REQUIRED = ("username", "date (utc)", "ip address")
_CSV_ORDER = SigninChunks.columns_for(EXTRA)


def _csv_rows(path: Path, sink: SigninChunks) -> Iterator[AdapterChunk]:
    """The portal CSV: read by the bundle CSV reader, then renamed and completed row by row."""
    for chunk in read_chunks(path, "csv"):
        missing = [c for c in _CSV_REQUIRED if c not in chunk.columns]
        if missing:
            raise FileError(f"not an Entra sign-in CSV: no column {', '.join(repr(c) for c in missing)}")
        for error in chunk.errors:
            sink.add(error.line, error, convert)
        names = chunk.table.column_names
        for row in chunk.table.to_pylist():
            sink.add(int(row[LINE]), {n: row[n] for n in names}, _convert_csv)
            if sink.ready():
                yield sink.flush()
    yield sink.finish("Entra sign-ins")


def _convert_csv(row: dict[str, Any]) -> Sequence[str | None] | Skip | Reject:
    out: dict[str, str | None] = {ours: row.get(theirs) for theirs, ours in CSV_COLUMNS.items()}
    ts = utc_ts(out["ts"])
    if ts is None:
        return Reject("Date (UTC)", "missing timestamp" if out["ts"] is None else "not an ISO 8601 timestamp",
                      out["ts"])  # fmt: skip
    if out["_identity"] is None:
        return Reject("Username", "missing user (Username)")
    if out["ip"] is None:
        return Reject("IP address", "missing IP address")
    out["ts"], out["source"] = ts, "entra"
    out["outcome"] = _outcome(out["error_code"], row.get("status"))
    # "City, State, CC" — the country code is last; city or state may be empty.
    parts = [p.strip() or None for p in (row.get("location") or "").split(",")]
    if len(parts) == 3:
        out["geo_city"], out["geo_state"], out["geo_country"] = parts
    return tuple(out.get(c) for c in _CSV_ORDER)


class EntraAdapter:
    """Entra ID sign-in logs (diagnostic export, portal/Graph JSON, portal CSV) → ``signins``.

    After :meth:`read` is consumed, :attr:`skipped` maps each reason a readable
    record did not become a row (``not a sign-in (category AuditLogs)`` …) to its count.
    """

    name = "entra"
    identity_source = "entra"

    def __init__(self) -> None:
        self.skipped: dict[str, int] = {}

    def read(self, path: Path) -> Iterator[AdapterChunk]:
        sink = SigninChunks(path, "entra", EXTRA)
        self.skipped = sink.skipped
        if looks_like_json(path):
            records = iter_records(path, _prefilter)
            yield from read_signins(
                path, records, sink, convert, "Entra sign-ins or Azure diagnostic records"
            )
        else:
            yield from _csv_rows(path, sink)
