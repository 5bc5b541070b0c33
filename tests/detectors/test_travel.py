"""Impossible travel and devices far from home: hand-made cases, and agreement with Panther's labels."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import feeds as fx
from tests.bundles import write_bundle
from tests.conftest import SHARED_DATA, needs_shared_data
from tests.detectors.cases import HOME_IP, Case, check_case, signin, worker, workers
from unmask.detectors.registry import REGISTRY
from unmask.detectors.signins import HIDDEN
from unmask.enrich import Intelligence, enrich_all
from unmask.ingest import ingest_bundle
from unmask.ingest.adapters.okta import is_signin
from unmask.ingest.sources import ingest_source
from unmask.store import Workspace

CN_HOME = "1.180.10.20"  # Chinanet (residential)
PT_HOME = "94.61.10.20"  # Vodafone Portugal
CA_HOME = "99.230.10.20"  # Rogers (Canada)
US_HOME2 = "12.12.12.12"  # AT&T
CHICAGO, PHOENIX, MILWAUKEE, LISBON = (41.85, -87.65), (33.45, -112.07), (43.04, -87.91), (38.72, -9.14)
LOS_ANGELES, ANAHEIM = (34.05223, -118.24368), (33.8085, -117.9228)


def at(day: int, hour: float) -> str:
    minutes = round(hour * 60)
    return f"2026-08-{day:02d}T{minutes // 60:02d}:{minutes % 60:02d}:00Z"


def located(wid: str, ts: str, ip: str, where: tuple[float, float], **extra: Any) -> dict[str, Any]:
    """A sign-in whose identity provider recorded coordinates (kept in ``extra``)."""
    return {**signin(wid, ts, ip, extra.pop("outcome", "success")), "geo_lat": where[0], "geo_lon": where[1],
            **extra}  # fmt: skip


def snapshot(wid: str, day: int, ip: str, where: tuple[float, float] | None = None) -> dict[str, Any]:
    ts = (dt.datetime(2026, 8, 1, 3, tzinfo=dt.UTC) + dt.timedelta(days=day - 1)).isoformat()
    row: dict[str, Any] = {"worker_id": wid, "ts": ts, "device_id": f"{wid}-laptop", "ip": ip}
    if where:
        row |= {"geo_lat": where[0], "geo_lon": where[1]}
    return row


CASES = [
    Case(
        "home and China within hours; VPN switched on and off (down-weighted); a trip abroad after a day; "
        "a border hop within the countries' error; LA→Anaheim in 2 min (within recorded coordinates' "
        "error); commuting in one city; a far failed attempt",
        "impossible_travel",
        {
            "workers": workers("hopper", "vpn", "flyer", "border", "anaheim", "commuter", "failed"),
            "signins": [
                signin("hopper", at(3, h), HOME_IP if k % 2 == 0 else CN_HOME)
                for k, h in enumerate((9, 11, 13, 15))
            ]
            + [
                signin("vpn", at(d, h), fx.VPN_IP if h == 10.5 else HOME_IP)
                for d in (3, 4, 5, 6)
                for h in (10, 10.5)
            ]
            + [
                signin("flyer", at(3, 8), HOME_IP),
                signin("flyer", at(4, 12), PT_HOME),
                signin("flyer", at(12, 9), PT_HOME),
                signin("flyer", at(13, 14), HOME_IP),
            ]
            + [signin("border", at(3, 9), HOME_IP), signin("border", at(3, 9.5), CA_HOME)]
            + [
                located("anaheim", "2023-06-12T22:23:51Z", US_HOME2, LOS_ANGELES),
                located("anaheim", "2023-06-12T22:26:01Z", US_HOME2, ANAHEIM),
            ]
            + [
                located("commuter", at(3, 8), HOME_IP, LOS_ANGELES),
                located("commuter", at(3, 9), US_HOME2, ANAHEIM),
            ]
            + [signin("failed", at(3, 9), HOME_IP), signin("failed", at(3, 10), CN_HOME, "failure")],
        },
        {"hopper": (1.0, 1.0), "vpn": (0.3, 0.34), "border": (0.03, 0.04), "anaheim": (0.03, 0.04)},
        ("flyer", "commuter", "failed"),
        {"signins"},
    ),
    Case(
        "laptop kept in another state (recorded coordinates) and in China (IP country) for weeks; a "
        "traveller's laptop abroad for one snapshot of six; laptop on a VPN exit abroad; a laptop in a "
        "nearby city; a laptop abroad every other week (half the snapshots, never three weeks running)",
        "device_far_from_home",
        {
            "workers": [
                worker("farm", claimed_city="Chicago"),
                worker("abroad"),
                worker("traveller", claimed_city="Chicago"),
                worker("vpn", claimed_city="Chicago"),
                worker("suburb", claimed_city="Chicago"),
                worker("toggler"),
            ],
            "devices": [snapshot("farm", d, HOME_IP, PHOENIX) for d in (1, 8, 15, 22)]
            + [snapshot("abroad", d, CN_HOME) for d in (1, 8, 15, 22)]
            + [snapshot("toggler", d, CN_HOME if d % 2 else HOME_IP) for d in range(1, 60, 7)]
            + [snapshot("traveller", d, HOME_IP, CHICAGO) for d in (1, 8, 15, 22, 29)]
            + [snapshot("traveller", 12, PT_HOME, LISBON)]
            + [snapshot("vpn", d, fx.VPN_IP) for d in (1, 8, 15)]
            + [snapshot("suburb", d, HOME_IP, MILWAUKEE) for d in (1, 8, 15)],
        },
        {"farm": (1.0, 1.0), "abroad": (1.0, 1.0)},
        ("traveller", "vpn", "suburb", "toggler"),
        {"devices"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)


def test_travel_details_name_the_fastest_hop(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    ingest_bundle(ws, write_bundle(tmp_path / "b", {
        "workers": workers("hopper"),
        "signins": [signin("hopper", at(3, 9), HOME_IP), signin("hopper", at(3, 11), CN_HOME)],
    }))  # fmt: skip
    enrich_all(ws, intel)
    [finding] = REGISTRY["impossible_travel"].run(ws.engine)
    assert finding.values["fastest"] == "US → CN" and 9000 < finding.values["fastest_km"] < 13000
    assert "US → CN" in finding.detail and finding.values["clear_pairs"] == 1


# --- Agreement with Panther's labelled tests ------------------------------------------------------

PANTHER = SHARED_DATA / "panther-idp-tests"
DOC_IP = "192.0.2.1"  # TEST-NET-1: the prior logins in Panther's mocks carry coordinates, not addresses
_LOGIN_FIELDS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "Okta.SystemLog": lambda log: is_signin(str(log.get("eventType", ""))),
    "AWS.CloudTrail": lambda log: log.get("eventName") == "ConsoleLogin",
    "Asana.Audit": lambda log: log.get("event_type") == "user_login_succeeded",
    "Notion.AuditLogs": lambda log: (log.get("event") or {}).get("type") == "user.login",
}


def _utc(text: str) -> str:
    iso = text.strip().replace(" ", "T")
    return iso if iso.endswith("Z") or "+" in iso[10:] else iso + "Z"


def _geo_row(wid: str, ts: str, ip: str, geo: dict[str, Any], step: str, **extra: Any) -> dict[str, Any]:
    where = {"geo_lat": geo.get("lat"), "geo_lon": geo.get("lng"), "geo_city": geo.get("city")}
    return {
        "worker_id": wid,
        "ts": _utc(ts),
        "ip": ip,
        "outcome": "success",
        **where,
        "panther_step": step,
        **extra,
    }


def _travel_rows(wid: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record as sign-ins: its prior logins (from the mocked history) and the login itself."""
    log = record["log"]
    if not _LOGIN_FIELDS[log["p_log_type"]](log):
        return []  # not a login: the rule does not look at it, and it is no sign-in
    enrichment = log.get("p_enrichment") or {}
    [geo] = (enrichment.get("ipinfo_location") or {}).values()
    privacy = next(iter((enrichment.get("ipinfo_privacy") or {}).values()), {})
    proxied = any(privacy.get(k) for k in ("vpn", "proxy", "tor", "relay"))
    mocks = {m["objectName"]: m["returnValue"] for m in record.get("mocks") or ()}
    history = json.loads(mocks.get("get_string_set") or "[]")
    rows = [_geo_row(wid, h["p_event_time"], h.get("source_ip", DOC_IP), h, "prior") for h in history]
    return [*rows, _geo_row(wid, log["p_event_time"], geo["p_match"], geo, "login", is_proxy=proxied)]


def _evaluable(rows: list[dict[str, Any]]) -> bool:
    """Whether the login has a usable location: valid coordinates (Panther's Notion test gives latitude
    100°, and a private address, so neither the coordinates nor the IP place it anywhere)."""
    login = [r for r in rows if r["panther_step"] == "login"]
    return not login or -90 <= float(login[0]["geo_lat"]) <= 90


@needs_shared_data("panther-idp-tests")
def test_sign_in_detectors_agree_with_panther_labels(
    tmp_path: Path, ws: Workspace, intel: Intelligence, report_figure: Callable[[str], None]
) -> None:
    travel = json.loads((PANTHER / "impossible_travel_rule_tests.json").read_text())
    proxy = [t for t in json.loads((PANTHER / "okta_rule_tests.json").read_text())
             if t["rule_id"] == "Okta.Anonymizing.VPN.Login"]  # fmt: skip
    assert (len(travel), len(proxy)) == (13, 3)
    per_record = {f"r{i:02d}": _travel_rows(f"r{i:02d}", t) for i, t in enumerate(travel)}
    skipped = [
        t["test_name"] for t, rows in zip(travel, per_record.values(), strict=True) if not _evaluable(rows)
    ]
    assert skipped == ["Notion Impossible Travel"]  # the only record no location can be drawn from
    signins = [r for rows in per_record.values() for r in rows]
    actors = sorted({t["log"]["actor"]["alternateId"] for t in proxy})
    people = [worker(w) for w in per_record] + [worker(f"okta{i}", email=a) for i, a in enumerate(actors)]
    bundle = write_bundle(tmp_path / "b", {"workers": people, "signins": signins})
    assert ingest_bundle(ws, bundle).error_count == 0
    log = tmp_path / "okta.jsonl"
    log.write_text("".join(json.dumps(t["log"]) + "\n" for t in proxy))
    assert ingest_source(ws, "okta", [log], match_email=True).error_count == 0
    enrich_all(ws, intel)

    cited = {r.row_id for f in REGISTRY["impossible_travel"].run(ws.engine) for r in f.rows}
    step = "json_extract_string(extra, '$.panther_step')"
    login_rows = ws.engine.rows(f"SELECT worker_id, row_id FROM signins WHERE {step} = 'login'")
    logins = {r["worker_id"]: r["row_id"] for r in login_rows}
    hidden = ws.engine.rows(f"SELECT {HIDDEN} AS hidden FROM signins g LEFT JOIN ip_info i USING (ip) "
                            "WHERE g.origin LIKE 'okta.jsonl:%' ORDER BY g.origin")  # fmt: skip
    judged = [(w, t) for w, t in zip(per_record, travel, strict=True) if t["test_name"] not in skipped]
    verdicts = [(t["test_name"], t["expected_alert"], logins.get(w) in cited) for w, t in judged]
    verdicts += [
        (t["test_name"], t["expected_alert"], bool(h["hidden"])) for t, h in zip(proxy, hidden, strict=True)
    ]
    agree = sum(expected == got for _, expected, got in verdicts) / len(verdicts)
    report_figure(
        f"Panther sign-in labels: {agree:.0%} agreement over {len(verdicts)} events (impossible travel "
        f"{len(travel) - len(skipped)}, anonymising proxy {len(proxy)}; not evaluable: {', '.join(skipped)})"
    )
    assert agree >= 0.95, [v for v in verdicts if v[1] != v[2]]
