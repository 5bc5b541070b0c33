"""Identity checks: refused or failed ones raise the score, passed ones lower it."""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import DATA_NOW, Detector, Settings, evidence


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


# Background checks take a few weeks in the normal course of things; a live video call or a visit
# does not, so a long wait on one of those says more.
_PENDING_STRENGTH = {"background_check": 0.6, "vpn_off_access": 0.8}


def _pending_sql(s: Settings) -> str:
    days = int(s["max_days"])
    factor = " ".join(f"WHEN '{k}' THEN {v}" for k, v in _PENDING_STRENGTH.items())
    return f"""
    WITH now AS (SELECT {DATA_NOW} AS now),
    open_checks AS (
        -- A pending request is answered by any result for the same kind on or after it.
        SELECT v.*, date_diff('day', v.ts, n.now) AS days_pending,
               (CASE v.kind {factor} ELSE 1.0 END)
                   * least(1.0, 0.5 + 0.5 * (days_pending - {days}) / {2.0 * days}) AS row_strength
        FROM verifications v, now n
        WHERE v.outcome = 'pending' AND v.ts <= n.now - INTERVAL {days} DAY
          AND NOT EXISTS (
              SELECT 1 FROM verifications r
              WHERE r.worker_id = v.worker_id AND r.kind = v.kind
                AND r.outcome IN ('passed', 'failed', 'refused') AND r.ts >= v.ts
          )
    )
    SELECT o.worker_id,
           list(DISTINCT o.kind ORDER BY o.kind) AS pending_checks,
           max(o.days_pending) AS days_pending,
           {days} AS max_days,
           max(o.row_strength) AS strength,
           {evidence("o", "verifications")}
    FROM open_checks o
    GROUP BY o.worker_id
    """


VERIFICATION_PENDING_TOO_LONG = Detector(
    id="verification_pending_too_long",
    title="Identity check left pending",
    description="An identity check was requested and no result (passed, failed or refused) followed "
    "within the allowed days, counted to the latest event in the data; operatives stall checks they "
    "cannot pass. Background checks are often slow, so they count for less.",
    category="verification",
    references=(ref.FBI_PSA_2023, ref.FBI_PSA_2024),
    tables=("verifications",),
    sql=_pending_sql,
    detail=lambda r: (
        f"Identity check(s) still pending after {r['days_pending']} days (allowed {r['max_days']}): "
        f"{', '.join(r['pending_checks']).replace('_', ' ')}."
    ),
    settings={"max_days": 14},
)
