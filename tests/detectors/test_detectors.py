"""Each detector of the first families on small hand-made cases: who it flags, who it leaves alone,
what it cites. Newer families have a module of their own (``test_<family>.py``)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests import feeds as fx
from tests.detectors.cases import (
    CN_IP,
    DE_IP,
    HOME_IP,
    KP_IP,
    US_IP,
    US_IP2,
    Case,
    assessment,
    check_case,
    commit,
    device,
    employment,
    firm,
    payment,
    profile,
    signin,
    worker,
    workers,
)
from unmask.detectors.registry import REGISTRY
from unmask.enrich import Intelligence
from unmask.store import Workspace

CASES = [
    Case(
        "remote-access tools, more on one host weighs more",
        "remote_access_tools",
        {
            "workers": workers("farm", "admin", "dev"),
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
            "workers": workers("kvm", "dev"),
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
        "country changes within hours; a VPN switched on at home adds a quarter at most; "
        "a traveller's day apart does not count",
        "signin_country_hopping",
        {
            "workers": workers("hopper", "vpn_at_home", "traveller", "home"),
            "signins": [
                signin("hopper", f"2026-08-0{d}T{h:02d}:00:00Z", ip)
                for d in (3, 4)
                for h, ip in ((1, US_IP), (2, CN_IP), (3, US_IP))
            ]
            + [
                signin("traveller", "2026-08-03T09:00:00Z", US_IP),
                signin("traveller", "2026-08-04T20:00:00Z", DE_IP),
            ]
            + [signin("home", f"2026-08-03T{h:02d}:00:00Z", US_IP) for h in range(9, 17)]
            + [
                signin("vpn_at_home", f"2026-08-0{d}T{h:02d}:00:00Z", ip)
                for d in (3, 4)
                for h, ip in ((1, US_IP), (2, fx.VPN_IP), (3, US_IP))
            ],
        },
        {"hopper": (1.0, 1.0), "vpn_at_home": (0.2, 0.26)},
        ("traveller", "home"),
        {"signins"},
    ),
    Case(
        "most sign-ins from outside the claimed country",
        "signin_country_mismatch",
        {
            "workers": workers("abroad", "trip", "few"),
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
            "workers": workers("kp", "cn"),
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
            "workers": workers("voice", "tabs", "pause"),
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
        "commits on a UTC+9 clock; a night owl at home and a CI bot at +00:00 are not",
        "commit_offset_mismatch",
        {
            "workers": workers("remote", "owl", "ci"),
            "commits": [commit("remote", f"2026-08-{d:02d}T10:00:00+09:00") for d in range(3, 9)]
            + [commit("owl", f"2026-08-{d:02d}T02:30:00-05:00") for d in range(3, 9)]
            + [commit("ci", f"2026-08-{d:02d}T04:00:00+00:00") for d in range(3, 9)],
        },
        {"remote": (1.0, 1.0)},
        ("owl", "ci"),
        {"commits"},
    ),
    Case(
        "VPN, Tor and hosting sign-ins; a home worker; a worker on VPN a quarter of the time",
        "signin_anonymised_share",
        {
            "workers": workers("vpn", "tor", "cloud", "home", "sometimes"),
            "signins": [signin("vpn", f"2026-08-0{d}T10:00:00Z", fx.VPN_IP) for d in range(1, 7)]
            + [signin("tor", f"2026-08-0{d}T10:00:00Z", fx.TOR_IP) for d in range(1, 6)]
            + [signin("cloud", f"2026-08-0{d}T10:00:00Z", fx.HOSTING_IP) for d in range(1, 6)]
            + [signin("home", f"2026-08-0{d}T10:00:00Z", HOME_IP) for d in range(1, 8)]
            + [
                signin("sometimes", f"2026-08-0{d}T10:00:00Z", fx.VPN_IP if d == 1 else HOME_IP)
                for d in range(1, 9)
            ],
        },
        {"vpn": (1.0, 1.0), "tor": (1.0, 1.0), "cloud": (1.0, 1.0)},
        ("home", "sometimes"),
        {"signins"},
    ),
    Case(
        "phone of another country than claimed; matching phone; national-format number",
        "phone_country_mismatch",
        {
            "workers": [
                worker("cn", claimed_country="US", phone="+86 138 0013 8000"),
                worker("us", claimed_country="US", phone="+1 650 253 0000"),
                worker("gb", claimed_country="GB", phone="020 7946 0018"),
            ],
            "profiles": [{"worker_id": "us", "source": "resume", "name": "us", "phone": "+1 650 253 0000"}],
        },
        {"cn": (1.0, 1.0)},
        ("us", "gb"),
        {"workers"},
    ),
    Case(
        "VoIP number in a country with VoIP ranges; a mobile number",
        "voip_phone",
        {
            "workers": [
                worker("voip", claimed_country="GB", phone="+44 56 1234 5678"),
                worker("mobile", claimed_country="GB", phone="+44 7400 123456"),
            ]
        },
        {"voip": (1.0, 1.0)},
        ("mobile",),
        {"workers"},
    ),
    Case(
        "email under another country's domain; generic-use ccTLD; same country",
        "email_country_mismatch",
        {
            "workers": [
                worker("ru", claimed_country="US", email="dev.ops@mail.ru"),
                worker("io", claimed_country="US", email="me@startup.io"),
                worker("uk", claimed_country="GB", email="me@company.co.uk"),
            ]
        },
        {"ru": (1.0, 1.0)},
        ("io", "uk"),
        {"workers"},
    ),
    Case(
        "disposable mailbox from the package list and from the feed; ordinary mailbox",
        "disposable_email",
        {
            "workers": [
                worker("pkg", email="someone@mailinator.com"),
                worker("feed", email=f"x@{fx.DISPOSABLE_DOMAIN}"),
                worker("ok", email="me@gmail.com"),
            ],
        },
        {"pkg": (1.0, 1.0), "feed": (1.0, 1.0)},
        ("ok",),
        {"workers"},
    ),
    Case(
        "phone shared by two, one Gmail mailbox written two ways, a wallet; unique values; placeholders",
        "shared_contact",
        {
            "workers": [
                worker("a", phone="+1 650 253 0000", email="jane.doe@gmail.com"),
                worker("b", phone="+1 (650) 253-0000", email="janedoe+work@gmail.com"),
                worker("c", email="c@company.com"),
                worker("d", email="d@company.com"),
            ]
            + [worker(f"p{i}", phone="+1 212 555 0100") for i in range(10)],
            "payments": [
                payment("c", 1, method="crypto", wallet_address="0xAbC0000000000000000000000000000000000001"),
                payment("d", 2, method="crypto", wallet_address="0xabc0000000000000000000000000000000000001"),
            ],
        },
        {"a": (1.0, 1.0), "b": (1.0, 1.0), "c": (0.8, 0.8), "d": (0.8, 0.8)},
        ("p0", "p9"),
        {"workers", "payments"},
    ),
    Case(
        "DPRK-listed name in another word order; a name listed only under a narcotics programme "
        "(likely namesake: weighed 0.3); an unlisted common name",
        "sanctioned_name",
        {
            "workers": workers("listed", "other_programme", "namesake"),
            "profiles": [
                profile("listed", "linkedin", "Song-Hwa Jong"),
                profile("other_programme", "resume", "José Moreno"),
                profile("namesake", "resume", "Kim Min-jun"),
            ],
        },
        {"listed": (0.9, 1.0), "other_programme": (0.27, 0.3)},
        ("namesake",),
        {"profiles"},
    ),
    Case(
        "staffing firm and employer on the SDN list under variant spellings; a real firm",
        "sanctioned_firm",
        {
            "workers": [worker("placed", firm_id="f1"), worker("history"), worker("clean", firm_id="f2")],
            "firms": [
                firm("f1", "Yanbian Silver Star Network Technology Co Ltd"),
                firm("f2", "Acme Staffing LLC"),
            ],
            "profiles": [
                employment("history", "Jinyong IT Cooperation Co."),
                employment("clean", "Initech Inc."),
            ],
        },
        {"placed": (0.9, 1.0), "history": (0.9, 1.0)},
        ("clean",),
        {"firms", "profiles"},
    ),
    Case(
        "payout to a sanctioned wallet written in lower case; another wallet",
        "sanctioned_wallet",
        {
            "workers": workers("hit", "other"),
            "payments": [
                payment("hit", 1, method="crypto", wallet_address=fx.SANCTIONED_WALLET.lower()),
                payment(
                    "other", 1, method="crypto", wallet_address="0x0000000000000000000000000000000000000bad"
                ),
            ],
        },
        {"hit": (1.0, 1.0)},
        ("other",),
        {"payments"},
    ),
    Case(
        "firm domain and employer domain imitate real companies; a real domain; an unrelated one",
        "lookalike_domain",
        {
            "workers": [
                worker("firm", firm_id="f1"),
                worker("job"),
                worker("real"),
                worker("plain", firm_id="f2"),
            ],
            "firms": [
                firm("f1", "Soft Staffing", "rnicrosoft.com"),
                firm("f2", "Acme Staffing", "acme-staffing.com"),
            ],
            "profiles": [
                employment("job", "Google", "g00gle.com"),
                employment("real", "Microsoft", "microsoft.com"),
            ],
        },
        {"firm": (0.6, 1.0), "job": (0.6, 1.0)},
        ("real", "plain"),
        {"firms", "profiles"},
    ),
    Case(
        "sign-in from an indicator IP; firm domain on the indicator list (listed defanged); clean worker",
        "indicator_match",
        {
            "workers": [worker("ip"), worker("dom", firm_id="f1"), worker("clean")],
            "firms": [firm("f1", "Block Novas", fx.IOC_DOMAIN)],
            "signins": [
                signin("ip", "2026-08-01T10:00:00Z", fx.IOC_IP),
                signin("clean", "2026-08-01T10:00:00Z", HOME_IP),
            ],
        },
        {"ip": (1.0, 1.0), "dom": (1.0, 1.0)},
        ("clean",),
        {"signins", "firms"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)


def test_every_detector_has_a_case() -> None:
    covered: set[str] = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        module = importlib.import_module(f"tests.detectors.{path.stem}")
        covered |= {c.detector for c in getattr(module, "CASES", ())}
    assert set(REGISTRY) - covered == set()
