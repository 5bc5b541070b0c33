"""Sign-in behaviour detectors (detectors/sessions.py) on small hand-made cases, with their look-alikes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests import feeds as fx
from tests.bundles import worker, write_bundle
from tests.conftest import SHARED_DATA, needs_shared_data
from tests.detectors.cases import HOME_IP, Case, check_case, signin, workers
from unmask.detectors.registry import REGISTRY
from unmask.enrich import Intelligence, enrich_all
from unmask.ingest import ingest_bundle
from unmask.ingest.sources import ingest_source
from unmask.store import Workspace

# Residential addresses of five different US providers (Comcast, Time Warner, Cox, AT&T, Charter).
ISPS = ("73.162.10.20", "98.14.2.3", "68.2.3.4", "99.5.6.7", "71.10.2.3")
# One mobile carrier (T-Mobile) handing out a new address, in a new /24, at every sign-in.
MOBILE_CHURN = ("172.56.1.9", "172.56.40.9", "172.58.3.3", "172.56.77.1", "172.58.90.2")
VPN_EXITS = (fx.VPN_IP, "45.83.64.9", "45.83.64.20", "45.83.64.33", "45.83.64.41")
OFFICE_NAT = "50.1.2.3"


def at(day: int, hour: float) -> str:
    """ISO time ``hour`` hours after midnight UTC of 2026-08-``day`` (hours past 24 roll over)."""
    minutes = round(hour * 60)
    d, minutes = day + minutes // 1440, minutes % 1440
    return f"2026-08-{d:02d}T{minutes // 60:02d}:{minutes % 60:02d}:00Z"


def on_device(row: dict[str, Any], device_id: str) -> dict[str, Any]:
    return {**row, "device_id": device_id}


def inventory(wid: str, day: int, device_id: str) -> dict[str, Any]:
    return {"worker_id": wid, "ts": at(day, 12), "device_id": device_id, "hostname": "NW-LT-1"}


def rotating(wid: str, days: tuple[int, ...], ips: tuple[str, ...]) -> list[dict[str, Any]]:
    """One sign-in an hour from each address in turn, on each of ``days``."""
    return [signin(wid, at(d, 9 + k), ip) for d in days for k, ip in enumerate(ips)]


def shifts(wid: str, day: int, hours: float, every: float, ip: str = HOME_IP) -> list[dict[str, Any]]:
    """Sign-ins every ``every`` hours for ``hours`` hours from 08:00 on ``day``."""
    return [signin(wid, at(day, 8 + k * every), ip) for k in range(int(hours / every) + 1)]


def failures(wid: str, day: int, hour: float, n: int, ip: str, seconds: int = 40) -> list[dict[str, Any]]:
    return [signin(wid, at(day, hour + k * seconds / 3600), ip, "failure") for k in range(n)]


CASES = [
    Case(
        "many providers in one day, on several days; mobile churn, VPN exits and one busy day do not count",
        "signin_many_ips",
        {
            "workers": workers("proxied", "often", "mobile", "vpn", "oneday", "home"),
            "signins": rotating("proxied", (3, 4, 5, 6), ISPS)
            + rotating("often", (3, 10), ISPS[:4])
            + rotating("mobile", (3, 4, 5, 6), (HOME_IP, *MOBILE_CHURN))
            + rotating("vpn", (3, 4, 5, 6), (HOME_IP, *VPN_EXITS, fx.HOSTING_IP))
            + rotating("oneday", (3,), ISPS)
            + rotating("home", (3, 4, 5), (HOME_IP,) * 5),
        },
        {"proxied": (1.0, 1.0), "often": (0.5, 0.5)},
        ("mobile", "vpn", "oneday", "home"),
        {"signins"},
    ),
    Case(
        "laptop farm: several identities at one home address; a household of two weighs little; "
        "office NAT, VPN and hosting exits are ignored",
        "shared_signin_ip",
        {
            "workers": workers("f1", "f2", "f3", "f4", "h1", "h2", "vpn1", "vpn2", "cloud1", "cloud2", "solo")
            + workers(*(f"office{k}" for k in range(10))),
            "signins": [
                signin(f"f{k}", at(d, 9 + k), "73.170.1.5") for k in range(1, 5) for d in range(1, 13)
            ]
            + [signin(h, at(d, 10), "76.30.1.1") for h in ("h1", "h2") for d in range(1, 21)]
            + [signin(v, at(d, 10), fx.VPN_IP) for v in ("vpn1", "vpn2") for d in range(1, 6)]
            + [signin(c, at(d, 10), fx.HOSTING_IP) for c in ("cloud1", "cloud2") for d in range(1, 6)]
            + [signin(f"office{k}", at(d, 9), OFFICE_NAT) for k in range(10) for d in range(1, 6)]
            + [signin("solo", at(d, 9), "24.5.6.7") for d in range(1, 6)],
        },
        {f"f{k}": (0.99, 1.0) for k in range(1, 5)} | {"h1": (0.1, 0.34), "h2": (0.1, 0.34)},
        ("vpn1", "vpn2", "cloud1", "cloud2", "solo", *(f"office{k}" for k in range(10))),
        {"signins"},
    ),
    Case(
        "one laptop used by two identities at once; a laptop reissued, a one-off log-in and a "
        "placeholder id do not count",
        "shared_device",
        {
            "workers": workers("a", "b", "old", "new", "admin", "user", *(f"p{k}" for k in range(10))),
            "signins": [
                on_device(signin(w, at(d, h), HOME_IP), "dev-farm")
                for d in range(1, 9)
                for w, h in (("a", 9), ("b", 14))
            ]
            + [on_device(signin("old", at(d, 9), HOME_IP), "dev-reissued") for d in range(1, 6)]
            + [on_device(signin("new", at(d, 9), ISPS[1]), "dev-reissued") for d in range(10, 16)]
            + [on_device(signin("user", at(d, 9), ISPS[2]), "dev-user") for d in range(1, 9)]
            + [on_device(signin("admin", at(3, 11), ISPS[2]), "dev-user")]
            + [
                on_device(signin(f"p{k}", at(d, 9), ISPS[3]), "unknown") for k in range(10) for d in (1, 2, 3)
            ],
            "devices": [inventory("a", 2, "dev-farm"), inventory("b", 5, "dev-farm")],
        },
        {"a": (1.0, 1.0), "b": (1.0, 1.0)},
        ("old", "new", "admin", "user", *(f"p{k}" for k in range(10))),
        {"signins", "devices"},
    ),
    Case(
        "an account worked in shifts around the clock; a night owl and an on-call admin are not",
        "signin_round_the_clock",
        {
            "workers": workers("shifts", "once", "owl", "oncall", "long"),
            "signins": shifts("shifts", 3, 30, 3)
            + shifts("shifts", 10, 40, 2.5)
            + shifts("once", 5, 21, 3)
            + [signin("owl", at(d, 19 + k * 1.5), HOME_IP) for d in range(1, 10) for k in range(6)]
            + [signin("oncall", at(d, 9 + k * 2), HOME_IP) for d in range(1, 10) for k in range(5)]
            + [signin("oncall", at(d, 26), HOME_IP) for d in (2, 5)]  # paged at 02:00
            + shifts("long", 4, 18, 3),  # a long day, but with the night off
        },
        {"shifts": (1.0, 1.0), "once": (0.4, 0.5)},
        ("owl", "oncall", "long"),
        {"signins"},
    ),
    Case(
        "bursts of failures from the worker's own address, alone or across accounts; typos, a brute "
        "force from elsewhere and a password spray are not",
        "signin_failure_burst",
        {
            "workers": workers("juggler", "r1", "r2", "typo", "victim", *(f"s{k}" for k in range(10))),
            "signins": failures("juggler", 4, 10, 6, HOME_IP)
            + [signin("juggler", at(d, 11), HOME_IP) for d in (4, 5)]
            + failures("r1", 6, 3, 3, "73.170.1.5")
            + failures("r2", 6, 3.02, 3, "73.170.1.5")
            + [signin(r, at(6, 4), "73.170.1.5") for r in ("r1", "r2")]
            + failures("typo", 4, 10, 2, ISPS[1])
            + [signin("typo", at(4, 10.1), ISPS[1])]
            + failures("victim", 7, 2, 12, "223.5.5.5", seconds=10)
            + [signin("victim", at(d, 9), ISPS[2]) for d in (6, 7, 8)]
            + [signin(f"s{k}", at(8, 1 + k / 120), ISPS[4], "failure") for k in range(10)]
            + [signin("s0", at(8, 1.2), ISPS[4])],  # the spray found one password
        },
        {"juggler": (0.5, 0.5), "r1": (1.0, 1.0), "r2": (1.0, 1.0)},
        ("typo", "victim", *(f"s{k}" for k in range(10))),
        {"signins"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)


def test_household_weighs_less_than_a_farm(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    """More workers behind one address weigh more than more days of the same two."""
    farm = [signin(f"f{k}", at(d, 9), "73.170.1.5") for k in range(3) for d in range(1, 4)]
    home = [signin(h, at(d, 9), "76.30.1.1") for h in ("h1", "h2") for d in range(1, 29)]
    rows = {"workers": workers("f0", "f1", "f2", "h1", "h2"), "signins": farm + home}
    assert ingest_bundle(ws, write_bundle(tmp_path / "b", rows)).error_count == 0
    enrich_all(ws, intel)
    found = {f.worker_id: f.strength for f in REGISTRY["shared_signin_ip"].run(ws.engine)}
    assert found["f0"] > found["h1"] > 0


@needs_shared_data("otrf-m365-spray")
def test_a_real_password_spray_makes_no_suspects(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    """The OTRF lab spray (one address, many accounts, one password found): its victims are not operators."""
    files = sorted((SHARED_DATA / "otrf-m365-spray").glob("*.json"))
    users: set[str] = set()
    for f in files:
        text = f.read_text()
        records = (
            json.loads(text)
            if text.lstrip().startswith("[")
            else [json.loads(x) for x in text.splitlines() if x.strip()]
        )
        users |= {r["UserId"] for r in records if r.get("UserId")}
    people = [worker(f"w{i}", email=u) for i, u in enumerate(sorted(users))]
    assert ingest_bundle(ws, write_bundle(tmp_path / "people", {"workers": people})).error_count == 0
    assert ingest_source(ws, "m365", files, match_email=True).error_count == 0
    enrich_all(ws, intel)
    failed = ws.engine.rows("SELECT count(*) AS n FROM signins WHERE outcome = 'failure'")[0]["n"]
    assert failed >= 10  # the spray is there ...
    assert REGISTRY["signin_failure_burst"].run(ws.engine) == []  # ... and names nobody
