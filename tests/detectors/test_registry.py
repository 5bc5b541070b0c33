"""The registry: ids are unique, config selection works, metadata is complete."""

from __future__ import annotations

import dataclasses

import pytest

from unmask.detectors.base import Detector
from unmask.detectors.registry import REGISTRY, RegistryError, build_registry, select
from unmask.model import TABLES


def test_duplicate_ids_fail() -> None:
    first = next(iter(REGISTRY.values()))
    twin = dataclasses.replace(first, title="another")
    with pytest.raises(RegistryError, match=first.id):
        build_registry([first, twin])


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (["all"], list(REGISTRY)),
        (["all", "-signin_country_mismatch"], [d for d in REGISTRY if d != "signin_country_mismatch"]),
        (["ip_kvm_device", "crypto_payout"], ["ip_kvm_device", "crypto_payout"]),
        (["ip_kvm_device", "all"], ["ip_kvm_device", *[d for d in REGISTRY if d != "ip_kvm_device"]]),
    ],
)
def test_select(spec: list[str], expected: list[str]) -> None:
    assert [d.id for d in select(spec)] == expected


@pytest.mark.parametrize("spec", [["nope"], ["all", "-nope"]])
def test_select_unknown_fails(spec: list[str]) -> None:
    with pytest.raises(RegistryError, match="nope"):
        select(spec)


@pytest.mark.parametrize("detector", list(REGISTRY.values()), ids=list(REGISTRY))
def test_metadata_is_complete(detector: Detector) -> None:
    assert detector.id.isidentifier() and detector.id == detector.id.lower()
    assert detector.title and detector.description.endswith(".")
    assert detector.references and all(r.startswith("https://") for r in detector.references)
    assert detector.tables and set(detector.tables) <= set(TABLES)
