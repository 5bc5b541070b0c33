"""Identity checks: refused or failed ones raise the score, passed ones lower it."""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence


def _failed_sql(s: Settings) -> str:
    return f"""
    SELECT v.worker_id,
           list(DISTINCT v.kind || ': ' || v.outcome ORDER BY v.kind || ': ' || v.outcome) AS checks,
           count(*) FILTER (WHERE v.outcome = 'refused') AS refused,
           count(*) FILTER (WHERE v.outcome = 'failed') AS failed,
           least(1.0, 0.6 * refused + 0.5 * failed) AS strength,
           {evidence("v", "verifications")}
    FROM verifications v
    WHERE v.outcome IN ('refused', 'failed')
    GROUP BY v.worker_id
    """


VERIFICATION_FAILED = Detector(
    id="verification_refused_or_failed",
    title="Refused or failed an identity check",
    description="The worker refused or failed a live-video, in-person, camera or background check.",
    category="verification",
    references=(ref.FBI_PSA_2023, ref.FBI_PSA_2024),
    tables=("verifications",),
    sql=_failed_sql,
    detail=lambda r: f"Identity checks refused or failed: {', '.join(r['checks'])}.",
)

# How much a passed check tells us, strongest first: meeting in person beats a
# video call, which beats a document-only background check.
_PASS_STRENGTH = {
    "in_person": 1.0,
    "live_video_id": 0.7,
    "camera_outside": 0.5,
    "vpn_off_access": 0.3,
    "background_check": 0.3,
}


def _passed_sql(s: Settings) -> str:
    cases = " ".join(f"WHEN '{k}' THEN {v}" for k, v in _PASS_STRENGTH.items())
    return f"""
    SELECT v.worker_id,
           list(DISTINCT v.kind ORDER BY v.kind) AS passed_checks,
           max(CASE v.kind {cases} ELSE 0 END) AS strength,
           {evidence("v", "verifications")}
    FROM verifications v
    WHERE v.outcome = 'passed'
    GROUP BY v.worker_id
    """


VERIFICATION_PASSED = Detector(
    id="verification_passed",
    title="Passed an identity check",
    description="Mitigating: a passed in-person, live-video, camera-outside or background check "
    "lowers the score (it does not erase other findings).",
    category="verification_passed",
    references=(ref.FBI_PSA_2023,),
    tables=("verifications",),
    sql=_passed_sql,
    detail=lambda r: f"Passed identity checks: {', '.join(r['passed_checks'])}.",
    mitigating=True,
)
