"""Profiles compared across sources (detectors/profiles.py and detectors/history.py): who is flagged,
who is left alone, what is cited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.detectors.cases import US_IP, Case, check_case, profile, signin, worker, workers
from unmask.enrich import Intelligence
from unmask.store import Workspace


def source(wid: str, name: str, **fields: Any) -> dict[str, Any]:
    """One profile row of ``wid`` from source ``name`` (the person's name kept as in the record)."""
    return {"worker_id": wid, "source": name, "name": f"Person {wid}", **fields}


def job(employer: str, start: str, end: str = "", title: str = "Backend Engineer") -> dict[str, str]:
    return {"employer": employer, "title": title, "start": start, "end": end, "domain": ""}


def school(name: str, start: str, end: str, degree: str = "BSc Computer Science") -> dict[str, str]:
    return {"school": name, "degree": degree, "start": start, "end": end}


def history(
    wid: str, name: str, jobs: list[dict[str, str]], schools: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return source(wid, name, employment=json.dumps(jobs), education=json.dumps(schools or []))


def created(wid: str, name: str, at: str) -> dict[str, Any]:
    return source(wid, name, created_at=at)


AUSTIN = {"country": "US", "city": "Austin"}
STEADY = [job("Initech", "2016", "2019"), job("Globex", "2019", "2022"), job("Acme", "2022")]

CASES: list[Case] = [
    Case(
        "names that disagree across sources; spelling variants and word order do not",
        "profile_name_mismatch",
        {
            "workers": workers("alias", "variant", "order"),
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
        "background check in another country, LinkedIn abroad, another city; an expat consistent everywhere "
        "and city spellings are not",
        "profile_location_mismatch",
        {
            "workers": [
                *workers("stolen", "linkedin", "moved", "spelled", claimed_city="Austin"),
                worker(
                    "expat",
                    claimed_country="DE",
                    claimed_city="Berlin",
                    claimed_timezone="Europe/Berlin",
                    phone="+48 512 345 678",
                ),
            ],
            "profiles": [
                source("stolen", "application", **AUSTIN),
                source("stolen", "background_check", country="CN", city="Shenyang"),
                source("linkedin", "application", **AUSTIN),
                source("linkedin", "linkedin", country="PL", city="Warsaw"),
                source("moved", "background_check", country="US", city="Dallas"),
                source("spelled", "linkedin", country="us", city="Austin, Texas"),
                source("spelled", "background_check", country="US", city="AUSTIN"),
                # An expat: a Polish phone and a home-country bank, but Berlin in every source.
                source("expat", "application", country="DE", city="Berlin", phone="+48 512 345 678"),
                source("expat", "linkedin", country="DE", city="Berlin"),
                source("expat", "background_check", country="DE", city="Berlin"),
                source("expat", "payment", country="PL"),
            ],
        },
        {"stolen": (1.0, 1.0), "linkedin": (0.7, 0.7), "moved": (0.3, 0.3)},
        ("expat", "spelled"),
        {"profiles", "workers"},
    ),
    Case(
        "another phone on the background check, another mailbox on the payout account; formats, Gmail "
        "spellings, the work account and the résumé's address are not",
        "profile_contact_mismatch",
        {
            "workers": [
                worker("phone", phone="+1 650 253 0000", email="ann.lee@gmail.com"),
                worker("mailbox", phone="+1 650 253 0001", email="bo.chan@gmail.com"),
                worker("formats", phone="(212) 736-3100", email="c.diaz@gmail.com"),
                worker("work", phone="+1 312 263 0000", email="dee@acme-corp.example"),
            ],
            "identities": [{"worker_id": "work", "source": "okta", "identity": "dee@acme-corp.example"}],
            "profiles": [
                source("phone", "application", phone="650-253-0000", email="ann.lee@gmail.com"),
                source("phone", "background_check", phone="+1 415 555 0132"),
                source("mailbox", "payment", phone="+16502530001", email="bochan.payouts@outlook.com"),
                source("formats", "payment", phone="+12127363100", email="cdiaz+pay@gmail.com"),
                source("formats", "resume", email="carla@diaz.dev"),
                source("work", "application", email="dee.rivera@gmail.com", phone="+13122630000"),
            ],
        },
        {"phone": (1.0, 1.0), "mailbox": (0.4, 0.4)},
        ("formats", "work"),
        {"profiles", "workers"},
    ),
    Case(
        "application in UTC+8 against a US record; an alias of the same zone, a neighbouring zone and zones "
        "2-3 h apart are not",
        "profile_timezone_mismatch",
        {
            "workers": [
                *workers("remote", "alias", "neighbour"),
                worker("gulf", claimed_timezone="Europe/Berlin"),
            ],
            "profiles": [
                source("remote", "application", timezone="Asia/Shanghai"),
                source("alias", "marketplace", timezone="US/Central"),
                source("neighbour", "application", timezone="America/New_York"),
                source("gulf", "application", timezone="Asia/Dubai"),  # 3 h in winter, 2 h in summer
            ],
        },
        {"remote": (1.0, 1.0)},
        ("alias", "neighbour", "gulf"),
        {"profiles", "workers"},
    ),
    Case(
        "an employer missing from LinkedIn, a degree moved by years; an old job the résumé leaves out, "
        "legal forms, dates a year apart and two stints at one employer are not",
        "profile_history_mismatch",
        {
            "workers": workers("missing", "shifted", "older", "spelled", "stints"),
            "profiles": [
                history("missing", "resume", [*STEADY[:2], job("Hooli", "2021", "2022"), STEADY[2]]),
                # The application repeats the résumé: one telling, one conflict (strength stays 0.5).
                history("missing", "application", [*STEADY[:2], job("Hooli", "2021", "2022"), STEADY[2]]),
                history("missing", "linkedin", STEADY),
                history("shifted", "resume", STEADY, [school("Rice University", "2011", "2015")]),
                history("shifted", "linkedin", STEADY, [school("Rice University", "2014", "2018")]),
                history("older", "resume", STEADY[1:]),
                history("older", "linkedin", [job("Old Shop", "2012", "2015"), *STEADY]),
                history("spelled", "resume", STEADY, [school("Rice University", "2011", "2015")]),
                history(
                    "spelled",
                    "linkedin",
                    [
                        job("Initech Inc.", "2016-03", "2019-02"),
                        job("GLOBEX, LLC", "2020", "2022"),
                        STEADY[2],
                    ],
                    [school("Rice University", "2012", "2016")],
                ),
                history("spelled", "github", []),
                # Two stints at one employer, each matched with its own dates.
                history(
                    "stints", "resume", [job("Globex", "2014", "2016"), *STEADY[:1], job("Globex", "2019")]
                ),
                history(
                    "stints",
                    "linkedin",
                    [job("Globex", "2014", "2016"), *STEADY[:1], job("Globex", "2019-06")],
                ),
            ],
        },
        {"missing": (0.5, 0.5), "shifted": (0.5, 0.5)},
        ("older", "spelled", "stints"),
        {"profiles"},
    ),
    Case(
        "a job that ends before it starts, one in the future, two full-time jobs at once, a one-year "
        "bachelor's; a part-time side job, back-to-back jobs and a one-year master's are not",
        "profile_impossible_dates",
        {
            "workers": workers("backwards", "future", "overlap", "fast", "side", "steady"),
            "signins": [signin("steady", "2026-08-01T10:00:00Z", US_IP)],  # the data ends in August 2026
            "profiles": [
                history("backwards", "resume", [job("Initech", "2021-05", "2019-02")]),
                history("future", "linkedin", [job("Initech", "2019", "2021"), job("Globex", "2027-01")]),
                history("overlap", "resume", [job("Initech", "2018", "2022"), job("Globex", "2019", "2023")]),
                history("fast", "resume", STEADY, [school("Rice University", "2019", "2020")]),
                history("side", "resume", [*STEADY, job("Tutor Co", "2020", "", title="Part-time Tutor")]),
                history(
                    "steady",
                    "resume",
                    STEADY,
                    [school("Rice University", "2020", "2021", "MSc Data Science")],
                ),
            ],
        },
        {"backwards": (1.0, 1.0), "future": (0.8, 0.8), "overlap": (0.9, 1.0), "fast": (0.7, 0.7)},
        ("side", "steady"),
        {"profiles"},
    ),
    Case(
        "LinkedIn made days before applying, GitHub weeks before the start date; an old account, one made "
        "four months before and one made a year into the job are not",
        "profile_account_new",
        {
            "workers": [
                *workers("fresh", "veteran", "earlier"),
                worker("started", start_date="2026-06-01"),
                worker("later", start_date="2025-06-01"),
            ],
            "profiles": [
                created("fresh", "application", "2026-06-01T10:00:00Z"),
                created("fresh", "linkedin", "2026-05-20T10:00:00Z"),
                created("started", "github", "2026-04-15T10:00:00Z"),
                created("veteran", "application", "2026-06-01T10:00:00Z"),
                created("veteran", "linkedin", "2015-03-02T10:00:00Z"),
                created("earlier", "application", "2026-06-01T10:00:00Z"),
                created("earlier", "linkedin", "2026-02-01T10:00:00Z"),
                created("later", "github", "2026-06-10T10:00:00Z"),
            ],
        },
        {"fresh": (1.0, 1.0), "started": (0.45, 0.55)},
        ("veteran", "earlier", "later"),
        {"profiles", "workers"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)
