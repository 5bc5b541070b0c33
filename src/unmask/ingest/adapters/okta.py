"""Okta System Log → ``signins``.

Input: the System Log as the API returns it (a JSON array per page, or pages
concatenated) or as a SIEM / log-streaming export writes it (one event per
line). Only authentication events become sign-ins (see :data:`SIGNIN_EVENTS`);
every other event is counted in :attr:`OktaAdapter.skipped` by its eventType.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from unmask.ingest.adapters.base import AdapterChunk
from unmask.ingest.adapters.jsonlog import (
    Reject,
    SigninChunks,
    Skip,
    canonical_names,
    dig,
    first_key_value,
    iter_records,
    obj,
    read_signins,
    recase,
    text,
    utc_ts,
)

# Events where a person proves who they are. user.session.start is the login itself;
# the user.authentication.* family covers SSO into apps and each factor (password,
# MFA, IdP, AD/LDAP agent); policy.evaluate_sign_on is Okta deciding a sign-on and
# carries the risk and behaviour verdicts; denied and bypassed MFA pushes are
# attempts. Factor *lifecycle* events (user.mfa.factor.activate/deactivate/reset…)
# and session impersonation/end are administration, not sign-ins.
SIGNIN_EVENTS = frozenset(
    {
        "user.session.start",
        "policy.evaluate_sign_on",
        "user.mfa.okta_verify.deny_push",
        "user.mfa.attempt_bypass",
    }
)
SIGNIN_PREFIXES = ("user.authentication.",)

OUTCOMES = {"SUCCESS": "success", "ALLOW": "success", "FAILURE": "failure", "DENY": "failure"}

EXTRA = (
    "event_type",
    "event_id",
    "message",
    "outcome_result",
    "outcome_reason",
    "geo_country",
    "geo_state",
    "geo_city",
    "geo_lat",
    "geo_lon",
    "is_proxy",
    "asn",
    "as_org",
    "isp",
    "domain",
    "risk",
    "behaviors",
    "threat_suspected",
    "device_type",
    "session_id",
)

_NAMES = canonical_names(
    "eventType", "displayMessage", "alternateId", "ipAddress", "userAgent", "rawUserAgent",
    "geographicalContext", "debugContext", "debugData", "deviceFingerprint", "securityContext",
    "isProxy", "asNumber", "asOrg", "threatSuspected", "authenticationContext", "externalSessionId",
    "displayName", "ipChain",
)  # fmt: skip
_EVENT_TYPE = first_key_value(b"eventType")


def is_signin(event_type: str) -> bool:
    return event_type in SIGNIN_EVENTS or event_type.startswith(SIGNIN_PREFIXES)


def _prefilter(raw: bytes) -> Skip | None:
    event_type = _EVENT_TYPE(raw)
    if event_type is not None and not is_signin(event_type):
        return Skip(f"not a sign-in event (eventType {event_type})")
    return None


def _app(event: dict[str, Any]) -> str | None:
    """The application signed in to: the AppInstance target (SSO), else none (a login to Okta itself)."""
    targets = event.get("target")
    if isinstance(targets, list):
        for target in targets:
            if isinstance(target, dict) and target.get("type") == "AppInstance":
                return text(target.get("displayName")) or text(target.get("alternateId"))
    return None


def convert(event: Any) -> Sequence[str | None] | Skip | Reject:
    if not isinstance(event, dict):
        return Reject("", "not a JSON object")
    if "eventType" not in event and "eventtype" in (k.lower() for k in event):
        event = recase(event, _NAMES)
    event_type = event.get("eventType")
    if not isinstance(event_type, str) or not event_type:
        return Reject("eventType", "not an Okta System Log event (no eventType)")
    if not is_signin(event_type):
        return Skip(f"not a sign-in event (eventType {event_type})")
    published = event.get("published")
    ts = utc_ts(published)
    if ts is None:
        if published is None:
            return Reject("published", "missing timestamp")
        return Reject("published", "not an ISO 8601 timestamp", text(published))
    identity = text(dig(event, "actor", "alternateId"))
    if identity is None:
        return Reject("actor.alternateId", "missing user (actor.alternateId)")
    client = obj(event.get("client"))
    ip = text(client.get("ipAddress"))
    if ip is None:
        chain = dig(event, "request", "ipChain")
        ip = (
            text(chain[0].get("ip"))
            if isinstance(chain, list) and chain and isinstance(chain[0], dict)
            else None
        )
    if ip is None:
        return Reject("client.ipAddress", "missing IP address")
    debug = dig(event, "debugContext", "debugData")
    debug = debug if isinstance(debug, dict) else {}
    security = obj(event.get("securityContext"))
    geo = obj(client.get("geographicalContext"))
    result = text(dig(event, "outcome", "result"))
    device_id = text(debug.get("deviceFingerprint")) or text(dig(event, "device", "id"))
    return (
        identity,
        ts,
        ip,
        text(dig(client, "userAgent", "rawUserAgent")),
        device_id,
        OUTCOMES.get(result.upper()) if result else None,
        _app(event),
        "okta",
        event_type,
        text(event.get("uuid")),
        text(event.get("displayMessage")),
        result,
        text(dig(event, "outcome", "reason")),
        text(geo.get("country")),
        text(geo.get("state")),
        text(geo.get("city")),
        text(dig(geo, "geolocation", "lat")),
        text(dig(geo, "geolocation", "lon")),
        text(security.get("isProxy")),
        text(security.get("asNumber")),
        text(security.get("asOrg")),
        text(security.get("isp")),
        text(security.get("domain")),
        text(debug.get("risk")),
        text(debug.get("behaviors")),
        text(debug.get("threatSuspected")),
        text(client.get("device")),
        text(dig(event, "authenticationContext", "externalSessionId")),
    )


class OktaAdapter:
    """Okta System Log (JSON array or JSON lines) → ``signins``.

    After :meth:`read` is consumed, :attr:`skipped` maps each reason a readable
    event did not become a row (``not a sign-in event (eventType …)``) to its count.
    """

    name = "okta"
    identity_source = "okta"

    def __init__(self) -> None:
        self.skipped: dict[str, int] = {}

    def read(self, path: Path) -> Iterator[AdapterChunk]:
        sink = SigninChunks(path, "okta", EXTRA)
        self.skipped = sink.skipped
        yield from read_signins(path, iter_records(path, _prefilter), sink, convert, "Okta System Log events")
