"""Shared material for the report tests: a small hand-made scan and golden-file checks.

The scan is written out by hand (not produced by the scorer) so that the golden
files change only when the report layer changes. Its numbers follow the scorer's
rules: parts in one category are scaled down to the category cap, and the score
is the logistic of prior + Σ weights.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from unmask.model import Cluster, Finding, Level, Link, Part, RowRef, ScanResult, WorkerScore

GOLDEN = Path(__file__).parent / "golden"
PRIOR = math.log(0.01 / 0.99)
TREASURY_2022 = "https://home.treasury.gov/system/files/126/20220516_dprk_it_worker_advisory.pdf"
IC3_2025 = "https://www.ic3.gov/PSA/2025/PSA250123"


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` byte for byte with ``golden/<name>``.

    After an intended change to the report, regenerate the golden files with
    ``UNMASK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/report`` and review the diff.
    """
    path = GOLDEN / name
    data = text.encode("utf-8")
    if os.environ.get("UNMASK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} is missing; create it with UNMASK_UPDATE_GOLDEN=1"
    assert path.read_bytes() == data, (
        f"{name} differs from the golden copy; if the change is intended, "
        "regenerate with UNMASK_UPDATE_GOLDEN=1 and review the diff"
    )


def level_of(score: float) -> Level:
    # The default-v1 thresholds, written out so the fixture does not depend on the weights file.
    if score >= 0.9:
        return Level.CRITICAL
    if score >= 0.5:
        return Level.HIGH
    if score >= 0.1:
        return Level.MEDIUM
    return Level.LOW


def worker(worker_id: str, parts: tuple[Part, ...]) -> WorkerScore:
    log_odds = PRIOR + sum(p.weight for p in parts)
    score = 1 / (1 + math.exp(-log_odds))
    return WorkerScore(worker_id, PRIOR, parts, score, level_of(score))


def finding(
    worker_id: str,
    detector: str,
    category: str,
    *,
    title: str,
    detail: str,
    rows: tuple[RowRef, ...] = (),
    rows_total: int = 0,
    values: dict[str, object] | None = None,
    strength: float = 1.0,
    references: tuple[str, ...] = (TREASURY_2022,),
) -> Finding:
    return Finding(
        worker_id=worker_id,
        detector=detector,
        title=title,
        category=category,
        detail=detail,
        strength=strength,
        rows=rows,
        values=values or {},
        references=references,
        rows_total=rows_total or len(rows),
    )


def sample_scan() -> ScanResult:
    """Three workers, given out of order on purpose: W-0001 critical (a capped payment
    category and a mitigating check), W-0002 medium (one finding from its ring), W-0003 with no
    findings; one cluster of W-0001 and W-0002 (two strong links and a weak one)."""
    signin_rows = tuple(RowRef("signins", f"s{i:03d}", f"signins.csv:{i + 2}") for i in range(12))
    w1 = "W-0001"
    parts1 = (
        Part(
            finding(
                w1,
                "meeting_camera_off",
                "meetings",
                title="Camera always off",
                detail="The camera was off in all 6 interviews and stand-ups.",
                rows=(RowRef("meetings", "m1", "meetings.csv:4"), RowRef("meetings", "m2", "meetings.csv:9")),
                rows_total=6,
                values={"meetings": 6, "camera_off": 6},
            ),
            1.6,
            1.6,
        ),
        Part(
            finding(
                w1,
                "verification_passed",
                "verification_passed",
                title="Passed an in-person identity check",
                detail="The worker passed an in-person identity check on 2024-11-02.",
                rows=(RowRef("verifications", "v1", "verifications.csv:2"),),
                values={"kind": "in_person", "ts": "2024-11-02T09:00:00+00:00"},
            ),
            -2.5,
            -2.5,
        ),
        Part(
            finding(
                w1,
                "payout_country_mismatch",
                "payment",
                title="Payouts to another country",
                detail='Payouts go to an account in CN while the worker claims US ("Chicago" & remote).',
                rows=(RowRef("payments", "p1", "payments.csv:3"),),
                values={"claimed_country": "US", "account_countries": ["CN", "HK"]},
                references=(TREASURY_2022, IC3_2025),
            ),
            2.4,
            2.0,  # payment cap 3.5 / raw total 4.2
        ),
        Part(
            finding(
                w1,
                "signin_sanctioned_jurisdiction",
                "sanctions",
                title="Sign-ins from a sanctioned country",
                detail="35 sign-ins came from IP addresses located in KP or via known DPRK ranges.",
                rows=signin_rows,
                rows_total=35,
                values={"countries": ["KP", "RU"], "signins": 35, "share": 0.4375},
            ),
            4.5,
            4.5,
        ),
        Part(
            finding(
                w1,
                "prepayment_request",
                "payment",
                title="Asked to be paid in advance",
                detail="The worker asked twice to be paid before delivering work.",
                rows=(RowRef("payments", "p7", "payments.csv:11"),),
                values={"requests": 2},
            ),
            1.8,
            1.5,  # payment cap 3.5 / raw total 4.2
        ),
    )
    w2 = "W-0002"
    parts2 = (
        Part(
            finding(
                w2,
                "assessment_flags",
                "assessment",
                title="Coding test flagged",
                detail="The coding test platform flagged pasted code and a second person's voice.",
                rows=(RowRef("assessments", "a1", "assessments.jsonl:1"),),
                values={"flags": ["paste", "second_voice"], "memo": '<b>urgent</b> & "now"'},
                strength=0.5,
                references=("FBI PSA I-051622-PSA",),
            ),
            0.8,
            0.8,
        ),
        Part(
            finding(
                w2,
                "ring_member",
                "ring",
                title="Linked to high-risk workers",
                detail="Linked to W-0001 (99% risk; device, payout_account).",
                rows=(
                    RowRef("payments", "p2", "payments.csv:4"),
                    RowRef("signins", "s900", "signins.csv:902"),
                ),
                values={
                    "linked_workers": [
                        {
                            "worker_id": w1,
                            "own_risk": 0.9912,
                            "link_strength": 0.99,
                            "shared": [
                                {"kind": "device", "value": "dev-9"},
                                {"kind": "payout_account", "value": "acct-77"},
                            ],
                        }
                    ]
                },
                strength=0.2,
                references=(IC3_2025,),
            ),
            1.0,
            1.0,
        ),
        Part(
            finding(
                w2,
                "verification_refused_or_failed",
                "verification",
                title="Refused a live video ID check",
                detail="The worker refused a live video identity check on 2025-01-10.",
                rows=(RowRef("verifications", "v9", "verifications.csv:7"),),
                values={"kind": "live_video_id", "outcome": "refused"},
            ),
            2.6,
            2.6,
        ),
    )
    payout_rows = (RowRef("payments", "p1", "payments.csv:3"), RowRef("payments", "p2", "payments.csv:4"))
    device_rows = (RowRef("signins", "s000", "signins.csv:2"), RowRef("signins", "s900", "signins.csv:902"))
    cluster = Cluster(
        "cluster-0001",
        (w1, w2),
        (
            Link(w1, w2, "payout_account", "acct-77", 0.9, payout_rows),
            Link(w1, w2, "device", "dev-9", 0.9, device_rows),
            Link(w1, w2, "firm", "f-3", 0.3, (RowRef("workers", "1", "workers.csv:2"),)),
        ),
    )
    meta = {
        "scanned_at": "2025-01-15T10:00:00+00:00",
        "bundle": "bundles/acme",
        "weights_version": "default-v1",
        "base_rate": 0.01,
        "detectors": ["assessment_flags", "meeting_camera_off", "payout_country_mismatch"],
        "workers": 3,
        "findings": 8,
        "links": 3,
        "common_values": [{"kind": "phone", "value": "+18005550100", "holders": 41}],
        "rows": {"workers": 3, "signins": 120, "payments": 14},
        "rows_rejected": 2,
        "ingest_warnings": ["signins.csv:14: ts has no offset; read as UTC"],
        "engine": "duckdb",
        "feeds": {
            "cache": "/feeds",
            "used": [
                {"name": "tor-nodes", "snapshot_date": "2024-12-01", "age_days": 45, "stale": True},
                {"name": "ofac-sdn", "snapshot_date": "2025-01-10", "age_days": 5, "stale": False},
            ],
            "missing": ["cloud-ip-ranges"],
            "warnings": ["feed tor-nodes is 45 days old (stale after 7); run `unmask feeds update`"],
            "package_data": "geoip2fast, phonenumbers",
        },
    }
    return ScanResult(
        workers=[worker("W-0003", ()), worker(w2, parts2), worker(w1, parts1)],
        clusters=[cluster],
        meta=meta,
    )
