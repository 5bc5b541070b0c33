"""Each detector on small hand-made cases: who it flags, who it leaves alone, what it cites."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.bundles import Rows, worker, write_bundle
from unmask.detectors.registry import REGISTRY
from unmask.enrich import enrich_ips
from unmask.ingest import ingest_bundle
from unmask.store import Workspace

US_IP, US_IP2, CN_IP, KP_IP, DE_IP = "8.8.8.8", "8.8.4.4", "223.5.5.5", "175.45.176.1", "130.73.130.110"


def meeting(
    wid: str, day: int, *, attended: bool = True, camera: bool | None = True, kind: str = "standup"
) -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": f"2026-08-{day:02d}T15:00:00Z",
        "kind": kind,
        "attended": attended,
        "camera_on": camera,
    }


def signin(wid: str, ts: str, ip: str, outcome: str = "success") -> dict[str, Any]:
    return {"worker_id": wid, "ts": ts, "ip": ip, "outcome": outcome}


def payment(wid: str, day: int, **fields: Any) -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": f"2026-08-{day:02d}T00:00:00Z",
        "amount": 2000,
        "currency": "USD",
        "kind": "payout",
        "method": "bank",
        **fields,
    }


def device(
    wid: str, software: list[str] | None = None, usb: list[str] | None = None, device_id: str = "d1"
) -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": "2026-08-05T00:00:00Z",
        "device_id": f"{wid}-{device_id}",
        "software": software or [],
        "usb": usb or [],
    }


def verification(wid: str, kind: str, outcome: str) -> dict[str, Any]:
    return {"worker_id": wid, "ts": "2026-08-02T00:00:00Z", "kind": kind, "outcome": outcome}


def assessment(wid: str, flags: list[str], kind: str = "coding_test") -> dict[str, Any]:
    return {"worker_id": wid, "ts": "2026-07-20T00:00:00Z", "kind": kind, "score": 80, "flags": flags}


def profile(wid: str, source: str, name: str) -> dict[str, Any]:
    return {"worker_id": wid, "source": source, "name": name}


def commit(wid: str, ts: str) -> dict[str, Any]:
    return {"worker_id": wid, "ts": ts, "repo": "api", "author_name": wid, "author_email": f"{wid}@x.example"}


def message(wid: str, text: str, direction: str = "from_worker") -> dict[str, Any]:
    return {
        "worker_id": wid,
        "ts": "2026-08-10T10:00:00Z",
        "direction": direction,
        "channel": "chat",
        "text": text,
    }


ORDINARY_CHATTER = [
    "pushed the fix for the login bug",
    "can we move standup to 10?",
    "the payment service tests are flaky again",
    "I'll be off on Friday, dentist appointment",
    "the video in the onboarding doc is great",
    "merged the PR that updates the bank holiday calendar",
    "we should release the code freeze after QA signs off",
    "my camera is on, can you see me?",
]

RED_FLAG_MESSAGES = {
    "prepay": "Could you pay 50% upfront before I start? It helps me plan.",
    "crypto": "Can you send my salary as USDT (TRC20) instead? Here is my wallet address.",
    "camera": "Sorry my webcam is broken today, can we do audio only",
    "offplat": "let's continue on Telegram, easier for me",
    "switch": "please use my cousin's Payoneer account for this month's payout",
    "ship": "can you ship the laptop to my friend at a different address?",
    "extort": "I have a copy of your source code. I will publish the repo unless you pay 5 BTC.",
}


@dataclass
class Case:
    name: str
    detector: str
    tables: dict[str, Rows]
    flagged: dict[str, tuple[float, float]]  # worker -> allowed strength range
    clean: tuple[str, ...]
    evidence_tables: set[str] = field(default_factory=set)


def _workers(*ids: str, **fields: Any) -> Rows:
    return [worker(i, **fields) for i in ids]


CASES = [
    Case(
        "camera off in most meetings incl. interview; a camera-shy one under the rate; too few meetings",
        "meeting_camera_off",
        {
            "workers": _workers("off", "shy", "few", "on"),
            "meetings": [
                meeting("off", d, camera=False, kind="interview" if d == 1 else "standup")
                for d in range(1, 6)
            ]
            + [meeting("shy", d, camera=d % 3 == 0) for d in range(1, 7)]  # off in 4 of 6 -> 67%
            + [meeting("few", d, camera=False) for d in range(1, 3)]
            + [meeting("on", d) for d in range(1, 10)],
        },
        {"off": (1.0, 1.0), "shy": (0.5, 0.9)},
        ("few", "on"),
        {"meetings"},
    ),
    Case(
        "no-shows",
        "meeting_no_show",
        {
            "workers": _workers("ghost", "once", "ok"),
            "meetings": [meeting("ghost", d, attended=d % 2 == 0, camera=None) for d in range(1, 9)]
            + [meeting("once", d, attended=d != 3) for d in range(1, 9)]
            + [meeting("ok", d) for d in range(1, 9)],
        },
        {"ghost": (0.5, 1.0)},
        ("once", "ok"),
        {"meetings"},
    ),
    Case(
        "refused and failed checks",
        "verification_refused_or_failed",
        {
            "workers": _workers("refuser", "failer", "passer", "pending"),
            "verifications": [
                verification("refuser", "live_video_id", "refused"),
                verification("refuser", "in_person", "refused"),
                verification("failer", "background_check", "failed"),
                verification("passer", "live_video_id", "passed"),
                verification("pending", "in_person", "pending"),
            ],
        },
        {"refuser": (1.0, 1.0), "failer": (0.5, 0.5)},
        ("passer", "pending"),
        {"verifications"},
    ),
    Case(
        "passed checks mitigate, in person most",
        "verification_passed",
        {
            "workers": _workers("met", "video", "refused"),
            "verifications": [
                verification("met", "in_person", "passed"),
                verification("met", "background_check", "passed"),
                verification("video", "live_video_id", "passed"),
                verification("refused", "live_video_id", "refused"),
            ],
        },
        {"met": (1.0, 1.0), "video": (0.7, 0.7)},
        ("refused",),
        {"verifications"},
    ),
    Case(
        "payout account abroad vs claimed country",
        "payout_country_mismatch",
        {
            "workers": _workers("routed", "home", "nocountry"),
            "payments": [payment("routed", d, account_country="HK") for d in (1, 15)]
            + [payment("home", d, account_country="US") for d in (1, 15)]
            + [payment("nocountry", 1)],
        },
        {"routed": (1.0, 1.0)},
        ("home", "nocountry"),
        {"payments"},
    ),
    Case(
        "crypto payouts",
        "crypto_payout",
        {
            "workers": _workers("all_crypto", "some_crypto", "bank"),
            "payments": [payment("all_crypto", d, method="crypto", wallet_address="0xabc") for d in (1, 15)]
            + [payment("some_crypto", 1, method="crypto"), payment("some_crypto", 15)]
            + [payment("bank", 1)],
        },
        {"all_crypto": (1.0, 1.0), "some_crypto": (0.75, 0.75)},
        ("bank",),
        {"payments"},
    ),
    Case(
        "prepayment requests",
        "prepayment_request",
        {
            "workers": _workers("asker", "payee"),
            "payments": [
                payment("asker", 3, kind="prepayment_request"),
                payment("asker", 9, kind="prepayment_request"),
                payment("payee", 3),
            ],
        },
        {"asker": (0.8, 0.8)},
        ("payee",),
        {"payments"},
    ),
    Case(
        "remote-access tools, more on one host weighs more",
        "remote_access_tools",
        {
            "workers": _workers("farm", "admin", "dev"),
            "devices": [
                device("farm", ["AnyDesk 8.0", "TeamViewer", "RustDesk", "Slack"]),
                device("admin", ["TeamViewer 15"]),
                device("dev", ["Slack", "Zoom", "VS Code"]),
            ],
        },
        {"farm": (1.0, 1.0), "admin": (0.5, 0.5)},
        ("dev",),
        {"devices"},
    ),
    Case(
        "IP-KVM hardware",
        "ip_kvm_device",
        {
            "workers": _workers("kvm", "dev"),
            "devices": [
                device("kvm", usb=["PiKVM v4 Plus HID"]),
                device("dev", usb=["Logitech USB Receiver"]),
            ],
        },
        {"kvm": (1.0, 1.0)},
        ("dev",),
        {"devices"},
    ),
    Case(
        "country changes within hours; a traveller's day apart does not count",
        "signin_country_hopping",
        {
            "workers": _workers("hopper", "traveller", "home"),
            "signins": [
                signin("hopper", f"2026-08-0{d}T{h:02d}:00:00Z", ip)
                for d in (3, 4)
                for h, ip in ((1, US_IP), (2, CN_IP), (3, US_IP))
            ]
            + [
                signin("traveller", "2026-08-03T09:00:00Z", US_IP),
                signin("traveller", "2026-08-04T20:00:00Z", DE_IP),
            ]
            + [signin("home", f"2026-08-03T{h:02d}:00:00Z", US_IP) for h in range(9, 17)],
        },
        {"hopper": (1.0, 1.0)},
        ("traveller", "home"),
        {"signins"},
    ),
    Case(
        "most sign-ins from outside the claimed country",
        "signin_country_mismatch",
        {
            "workers": _workers("abroad", "trip", "few"),
            "signins": [
                signin("abroad", f"2026-08-{d:02d}T10:00:00Z", CN_IP if d % 5 else US_IP)
                for d in range(1, 21)
            ]
            + [signin("trip", f"2026-08-{d:02d}T10:00:00Z", DE_IP if d < 4 else US_IP2) for d in range(1, 21)]
            + [signin("few", f"2026-08-0{d}T10:00:00Z", CN_IP) for d in range(1, 4)],
        },
        {"abroad": (0.8, 0.8)},
        ("trip", "few"),
        {"signins"},
    ),
    Case(
        "sign-in from a sanctioned jurisdiction",
        "signin_sanctioned_jurisdiction",
        {
            "workers": _workers("kp", "cn"),
            "signins": [
                signin("kp", "2026-08-03T01:00:00Z", KP_IP),
                signin("cn", "2026-08-03T01:00:00Z", CN_IP),
            ],
        },
        {"kp": (1.0, 1.0)},
        ("cn",),
        {"signins"},
    ),
    Case(
        "assessment flags weighed by kind",
        "assessment_flags",
        {
            "workers": _workers("voice", "tabs", "pause"),
            "assessments": [
                assessment("voice", ["second_voice", "tab_switch"]),
                assessment("tabs", ["Tab Switch", "paste"]),
                assessment("pause", ["long_pause"]),
            ],
        },
        {"voice": (0.9, 1.0), "tabs": (0.55, 0.65)},
        ("pause",),
        {"assessments"},
    ),
    Case(
        "names that disagree across sources; spelling variants and word order do not",
        "profile_name_mismatch",
        {
            "workers": _workers("alias", "variant", "order"),
            "profiles": [
                profile("alias", "payment", "Kim Jong Su"),
                profile("alias", "linkedin", "Person alias"),
                profile("variant", "linkedin", "Person Variamt"),
                profile("order", "resume", "order, Person"),
            ],
        },
        {"alias": (0.4, 1.0)},
        ("variant", "order"),
        {"profiles", "workers"},
    ),
    Case(
        "commits on a UTC+9 clock; a night owl at home and a CI bot at +00:00 are not",
        "commit_offset_mismatch",
        {
            "workers": _workers("remote", "owl", "ci"),
            "commits": [commit("remote", f"2026-08-{d:02d}T10:00:00+09:00") for d in range(3, 9)]
            + [commit("owl", f"2026-08-{d:02d}T02:30:00-05:00") for d in range(3, 9)]
            + [commit("ci", f"2026-08-{d:02d}T04:00:00+00:00") for d in range(3, 9)],
        },
        {"remote": (1.0, 1.0)},
        ("owl", "ci"),
        {"commits"},
    ),
    Case(
        "red-flag intents in the worker's own words; ordinary chatter and messages to the worker are not",
        "message_red_flags",
        {
            "workers": _workers(*RED_FLAG_MESSAGES, "chatty", "told"),
            "messages": [message(w, t) for w, t in RED_FLAG_MESSAGES.items()]
            + [message("chatty", t) for t in ORDINARY_CHATTER]
            + [message("told", RED_FLAG_MESSAGES["prepay"], direction="to_worker")],
        },
        {w: ((1.0, 1.0) if w == "extort" else (0.5, 0.5)) for w in RED_FLAG_MESSAGES},
        ("chatty", "told"),
        {"messages"},
    ),
    Case(
        "firm without background-check documents or with an unknown provider",
        "firm_background_check_gap",
        {
            "workers": [
                worker("front", firm_id="f1"),
                worker("odd", firm_id="f2"),
                worker("vetted", firm_id="f3"),
                worker("direct"),
            ],
            "firms": [
                {"firm_id": "f1", "name": "Star Tech Partners", "background_check_provider": "QuickVerify"},
                {
                    "firm_id": "f2",
                    "name": "Odd Staffing",
                    "background_check_provider": "VerifyNow",
                    "background_check_docs": "reports.zip",
                },
                {
                    "firm_id": "f3",
                    "name": "Real Staffing",
                    "background_check_provider": "Sterling",
                    "background_check_docs": "yes",
                },
            ],
        },
        {"front": (1.0, 1.0), "odd": (0.5, 0.5)},
        ("vetted", "direct"),
        {"firms", "workers"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, case: Case) -> None:
    report = ingest_bundle(ws, write_bundle(tmp_path / "b", case.tables))
    assert report.error_count == 0, [str(e) for e in report.errors]
    enrich_ips(ws)
    findings = {f.worker_id: f for f in REGISTRY[case.detector].run(ws.engine)}
    for wid, (low, high) in case.flagged.items():
        assert wid in findings, f"{wid} not flagged by {case.detector}"
        f = findings[wid]
        assert low - 1e-9 <= f.strength <= high + 1e-9, (wid, f.strength, f.values)
        assert f.rows and {r.table for r in f.rows} <= case.evidence_tables
        assert all(":" in r.source for r in f.rows)  # file:line of each evidence row
        assert f.references and all(ref.startswith("https://") for ref in f.references)
        assert f.detail.endswith(".") and len(f.detail) < 300
    for wid in case.clean:
        assert wid not in findings, f"{wid} wrongly flagged: {findings[wid].detail}"


def test_every_detector_has_a_case() -> None:
    assert {c.detector for c in CASES} == set(REGISTRY)
