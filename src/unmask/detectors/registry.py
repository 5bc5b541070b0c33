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
    meetings,
    messages,
    payments,
    profiles,
    sanctioned,
    signins,
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
        verifications.VERIFICATION_FAILED,
        verifications.VERIFICATION_PASSED,
        payments.PAYOUT_COUNTRY_MISMATCH,
        payments.CRYPTO_PAYOUT,
        payments.PREPAYMENT_REQUEST,
        devices.REMOTE_ACCESS,
        devices.IP_KVM_HARDWARE,
        signins.COUNTRY_HOPPING,
        signins.COUNTRY_MISMATCH,
        signins.SANCTIONED_SIGNIN,
        signins.ANONYMISED_SIGNINS,
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
        commits.COMMIT_OFFSET_MISMATCH,
        messages.MESSAGE_RED_FLAGS,
        firms.FIRM_BACKGROUND_CHECK_GAP,
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
