"""Ground truth of a generated organisation: who is who, kept next to (never inside) the bundle."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from unmask.demo.world import GROUPS, SLOPPY, Population

TRUTH_COLUMNS = ("worker_id", "group", "ring_id", "is_operative")


@dataclass(frozen=True)
class DemoTruth:
    """What the generator planted: each worker's group and ring, and the operatives."""

    groups: dict[str, str]  # worker_id -> group name (see ``unmask.demo.world.GROUPS``)
    rings: dict[str, str | None]  # worker_id -> ring id, None for everyone outside a ring
    operatives: frozenset[str]

    def by_group(self, name: str) -> frozenset[str]:
        """Worker ids of one group; an unknown group name is an error, not an empty set."""
        if name not in GROUPS:
            raise KeyError(f"unknown group {name!r}; groups are {', '.join(GROUPS)}")
        return frozenset(w for w, g in self.groups.items() if g == name)

    def legit_plain(self) -> frozenset[str]:
        """Legitimate workers who trip no flag by design."""
        return self.by_group("legit")

    def ring_members(self) -> dict[str, frozenset[str]]:
        """ring id -> its members."""
        out: dict[str, set[str]] = {}
        for worker, ring in self.rings.items():
            if ring is not None:
                out.setdefault(ring, set()).add(worker)
        return {ring: frozenset(members) for ring, members in sorted(out.items())}


def truth_of(population: Population) -> DemoTruth:
    ids = population.worker_ids
    return DemoTruth(
        groups={w: GROUPS[int(g)] for w, g in zip(ids, population.group, strict=True)},
        rings={w: population.ring_id(i) for i, w in enumerate(ids)},
        operatives=frozenset(w for w, g in zip(ids, population.group, strict=True) if g >= SLOPPY),
    )


def truth_path(bundle_dir: Path) -> Path:
    """Where the truth of the bundle in ``bundle_dir`` is written: beside it, not inside."""
    return bundle_dir.parent / f"{bundle_dir.name}-truth.csv"


def write_truth(truth: DemoTruth, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(TRUTH_COLUMNS)
        for worker in sorted(truth.groups):
            ring = truth.rings[worker]
            out.writerow(
                [worker, truth.groups[worker], ring or "", "true" if worker in truth.operatives else "false"]
            )
