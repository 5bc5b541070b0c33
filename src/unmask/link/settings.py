"""What counts as a link, how strong each kind is, and what is too common to mean anything.

Strengths are 0..1: how surely one shared value means one operator behind both
identities. They combine per pair as a noisy-OR over kinds (two kinds of
evidence are two chances to be right), and a pair joins a cluster once its
combined strength reaches ``cluster_min_strength``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class LinkSettings:
    # A value held by more workers than this is shared infrastructure or a placeholder
    # (an office line, a default avatar, a VDI image's device id), not a ring.
    max_holders: int = 8
    # Exact values and their strength.
    payout_account: float = 0.9
    wallet: float = 0.9
    device: float = 0.9
    device_handed_on: float = 0.3  # used one after the other (a reissued laptop), not at once
    login: float = 0.9
    email: float = 0.85
    phone: float = 0.8
    # Same residential address (IPv4, or IPv6 /64) used on the same days: a laptop farm, or a household.
    ip_two_workers: float = 0.35
    ip_three_workers: float = 0.55
    ip_four_or_more: float = 0.7
    ip_min_share: float = 0.25  # of each worker's sign-ins: a place they work from, not a passing exit
    ip_days_for_full_strength: int = 10
    # Near-identical photos: perceptual hashes (64 bits) at most this many bits apart.
    photo: float = 0.8
    photo_max_distance: int = 3
    # Near-duplicate résumés: Jaccard similarity of word 3-shingles, found by MinHash LSH.
    resume: float = 0.75
    resume_min_similarity: float = 0.6
    resume_min_words: int = 12
    # One-permutation MinHash slots, cut into bands: 6 bands of 3 find a pair at similarity 0.85 with
    # probability 0.99, at 0.6 with 0.7, and keep template-sharing strangers (0.3) to a few per cent.
    resume_buckets: int = 18
    resume_rows_per_band: int = 3
    bucket_cap: int = 50  # an LSH or photo bucket holding more workers is boilerplate: skipped
    # Weak on their own: the same small staffing firm, a referral.
    firm: float = 0.3  # for a firm of up to three workers; thinner for bigger ones
    max_firm_workers: int = 25
    referral: float = 0.3
    # A pair joins a cluster at this combined strength.
    cluster_min_strength: float = 0.5
    # Ring-aware scoring: links weaker than this, or to workers whose own risk is below this
    # (a household, a colleague), pass nothing on.
    ring_min_link: float = 0.3
    ring_min_risk: float = 0.2

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> LinkSettings:
        """Settings from a config table; unknown names are an error, not ignored."""
        known = {f.name: f.type for f in fields(cls)}
        unknown = set(values) - set(known)
        if unknown:
            raise ValueError(f"unknown link setting(s): {', '.join(sorted(unknown))}")
        defaults = cls()
        typed = {k: type(getattr(defaults, k))(v) for k, v in values.items()}
        return replace(defaults, **typed)
