"""Staffing firms: background-check gaps and firms registered in sanctioned jurisdictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.detectors.cases import Case, check_case, firm, worker
from unmask.enrich import Intelligence
from unmask.store import Workspace

CASES = [
    Case(
        "no documents and an unknown provider count fully; either alone counts less; "
        "a vetted firm and a direct hire are not flagged",
        "firm_background_check_gap",
        {
            "workers": [
                worker("front", firm_id="f1"),
                worker("odd", firm_id="f2"),
                worker("vetted", firm_id="f3"),
                worker("direct"),
                worker("lapse", firm_id="f4"),
                worker("placeholder", firm_id="f5"),
            ],
            "firms": [
                {"firm_id": "f1", "name": "Star Tech Partners", "background_check_provider": "QuickVerify"},
                {
                    "firm_id": "f2",
                    "name": "Odd Staffing",
                    "background_check_provider": "VerifyNow",
                    "background_check_docs": "reports.zip",
                },
                firm("f3", "Real Staffing"),
                {**firm("f4", "Busy Staffing"), "background_check_docs": "No"},
                {**firm("f5", "Vague Staffing"), "background_check_provider": "N/A"},
            ],
        },
        {"front": (1.0, 1.0), "odd": (0.5, 0.5), "lapse": (0.7, 0.7), "placeholder": (0.5, 0.5)},
        ("vetted", "direct"),
        {"firms", "workers"},
    ),
    Case(
        "firm registered in a comprehensively sanctioned jurisdiction; firms in China and the US are not",
        "firm_sanctioned_jurisdiction",
        {
            "workers": [
                worker("kp", firm_id="f1"),
                worker("cn", firm_id="f2"),
                worker("us", firm_id="f3"),
                worker("direct"),
            ],
            "firms": [
                {**firm("f1", "Pyongyang Software"), "country": "KP"},
                {**firm("f2", "Shenyang Outsourcing"), "country": "CN"},
                {**firm("f3", "Acme Staffing"), "country": "US"},
            ],
        },
        {"kp": (1.0, 1.0)},
        ("cn", "us", "direct"),
        {"firms", "workers"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)
