"""Every detector, by id. Adding a detector: write it in its family module, add one line here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from unmask.detectors import (
    assessments,
    commits,
    contacts,
    devices,
    domains,
    firms,
    history,
    hours,
    meetings,
    messages,
    payments,
    profiles,
    reachability,
    sanctioned,
    sessions,
    signins,
    travel,
    verifications,
)
from unmask.detectors.base import Detector


class RegistryError(ValueError):
    pass


def build_registry(detectors: Iterable[Detector]) -> dict[str, Detector]:
    registry: dict[str, Detector] = {}
    for detector in detectors:
        if detector.id in registry:
            raise RegistryError(f"duplicate detector id {detector.id!r}")
        registry[detector.id] = detector
    return registry


REGISTRY: dict[str, Detector] = build_registry(
    [
        meetings.CAMERA_OFF,
        meetings.NO_SHOW,
        meetings.INTERVIEW_CAMERA_REFUSED,
        meetings.IN_PERSON_AVOIDED,
        reachability.SLOW_RESPONSES,
        reachability.MISSED_DEADLINES,
        verifications.VERIFICATION_FAILED,
        verifications.VERIFICATION_PASSED,
        verifications.VERIFICATION_PENDING_TOO_LONG,
        payments.PAYOUT_COUNTRY_MISMATCH,
        payments.CRYPTO_PAYOUT,
        payments.PREPAYMENT_REQUEST,
        payments.PAYOUT_ACCOUNT_CHURN,
        payments.PAYMENT_FREQUENCY_OUTLIER,
        payments.SMALL_REPEATED_CHARGES,
        devices.REMOTE_ACCESS,
        devices.IP_KVM_HARDWARE,
        signins.COUNTRY_HOPPING,
        signins.COUNTRY_MISMATCH,
        signins.SANCTIONED_SIGNIN,
        signins.ANONYMISED_SIGNINS,
        travel.IMPOSSIBLE_TRAVEL,
        travel.DEVICE_FAR_FROM_HOME,
        sessions.MANY_NETWORKS,
        sessions.SHARED_SIGNIN_IP,
        sessions.SHARED_DEVICE,
        sessions.ROUND_THE_CLOCK,
        sessions.FAILURE_BURST,
        contacts.PHONE_COUNTRY_MISMATCH,
        contacts.VOIP_PHONE,
        contacts.EMAIL_COUNTRY_MISMATCH,
        contacts.DISPOSABLE_EMAIL,
        contacts.SHARED_CONTACT,
        sanctioned.SANCTIONED_NAME,
        sanctioned.SANCTIONED_FIRM,
        sanctioned.SANCTIONED_WALLET,
        domains.LOOKALIKE_DOMAIN,
        domains.INDICATOR_MATCH,
        assessments.ASSESSMENT_FLAGS,
        profiles.NAME_MISMATCH,
        profiles.LOCATION_MISMATCH,
        profiles.CONTACT_MISMATCH,
        profiles.TIMEZONE_MISMATCH,
        profiles.ACCOUNT_NEW,
        history.HISTORY_MISMATCH,
        history.IMPOSSIBLE_DATES,
        commits.COMMIT_OFFSET_MISMATCH,
        hours.HOURS_OFFSET_MISMATCH,
        hours.HOURS_OUTSIDE_CLAIMED_DAY,
        messages.PREPAYMENT,
        messages.CRYPTO_PAYMENT,
        messages.CAMERA_EXCUSE,
        messages.EQUIPMENT_RESHIPPING,
        messages.PAYOUT_SWITCH,
        messages.OFF_PLATFORM,
        messages.EXTORTION,
        firms.FIRM_BACKGROUND_CHECK_GAP,
        firms.FIRM_SANCTIONED_JURISDICTION,
    ]
)


def select(spec: Sequence[str] = ("all",), registry: dict[str, Detector] = REGISTRY) -> list[Detector]:
    """Pick detectors as config says: ``["all", "-signin_country_mismatch"]`` or explicit ids."""
    chosen: list[str] = []
    for item in spec:
        if item == "all":
            chosen += [d for d in registry if d not in chosen]
        elif item.startswith("-"):
            if item[1:] not in registry:
                raise RegistryError(f"unknown detector {item[1:]!r}")
            chosen = [d for d in chosen if d != item[1:]]
        else:
            if item not in registry:
                raise RegistryError(f"unknown detector {item!r}")
            if item not in chosen:
                chosen.append(item)
    return [registry[d] for d in chosen]
