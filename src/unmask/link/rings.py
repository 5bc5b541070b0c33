"""Ring-aware scoring: a quiet identity linked to risky ones inherits part of their evidence.

For each worker W, each linked worker N contributes ``strength(W, N) × risk(N)``,
where ``risk(N)`` is N's posterior from N's *own* evidence only: N's findings
minus the sharing and link categories (those exist because of the very links
being weighed, and counting them again would be circular) and minus any ring
finding. W's own score is never used, so there is no feedback loop: the ring
finding is computed once, from first-pass scores, and added to W's findings;
W's explanation still sums to W's score.

Contributions combine as a noisy-OR: several moderately risky ring-mates can
add up to as much as one very risky one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from unmask.detectors import references as ref
from unmask.detectors.base import EVIDENCE_SAMPLE
from unmask.link.graph import IdentityGraph
from unmask.link.settings import LinkSettings
from unmask.model import Finding, Link, RowRef, WorkerScore
from unmask.scoring import Weights, logistic

RING_MEMBER = "ring_member"
RING_CATEGORY = "ring"
RING_TITLE = "Linked to high-risk workers"
RING_DESCRIPTION = (
    "The worker shares a payout account, wallet, device, phone, email, home connection, photo or résumé "
    "with workers whose own evidence is strong: DPRK IT workers operate in teams behind one facilitator, "
    "and a careful member can look clean alone. Weighs each link's strength times the linked worker's "
    "risk from their own findings (never this worker's score)."
)
RING_REFERENCES = (ref.DOJ_LAPTOP_FARM_2024, ref.FBI_PSA_2024, ref.GUIDANCE_2022)
# Findings that exist because of shared values: not a linked worker's *own* evidence.
NOT_OWN = frozenset({"sharing", "links", RING_CATEGORY})


def own_risk(score: WorkerScore) -> float:
    """Posterior from the worker's own findings, leaving out those that come from links."""
    own = sum(p.weight for p in score.parts if p.finding.category not in NOT_OWN)
    return logistic(score.prior_log_odds + own)


@dataclass(frozen=True)
class Linked:
    worker_id: str
    link_strength: float
    own_risk: float
    links: tuple[Link, ...]

    @property
    def passes_on(self) -> float:
        return self.link_strength * self.own_risk


def ring_findings(
    graph: IdentityGraph, first_pass: Iterable[WorkerScore], settings: LinkSettings | None = None
) -> list[Finding]:
    """One ``ring_member`` finding per worker linked to risky workers (first-pass scores)."""
    s = settings or LinkSettings()
    risk = {score.worker_id: own_risk(score) for score in first_pass}
    workers = sorted({w for pair in graph.pairs for w in pair})
    out: list[Finding] = []
    for worker in workers:
        linked = [
            Linked(other, strength, risk.get(other, 0.0), tuple(links))
            for other, strength, links in graph.neighbours(worker)
            if strength >= s.ring_min_link and risk.get(other, 0.0) >= s.ring_min_risk
        ]
        if linked:
            out.append(_finding(worker, linked))
    return out


def _finding(worker: str, linked: list[Linked]) -> Finding:
    linked.sort(key=lambda n: (-n.passes_on, n.worker_id))
    strength = 1.0 - math.prod(1.0 - n.passes_on for n in linked)  # noisy-OR
    rows: dict[RowRef, None] = {}
    for n in linked:
        for link in n.links:
            rows.update(dict.fromkeys(link.rows))
    names = ", ".join(
        f"{n.worker_id} ({n.own_risk:.0%} risk; {', '.join(sorted({k.kind for k in n.links}))})"
        for n in linked[:4]
    )
    more = f" and {len(linked) - 4} more" if len(linked) > 4 else ""
    return Finding(
        worker_id=worker,
        detector=RING_MEMBER,
        title=RING_TITLE,
        category=RING_CATEGORY,
        detail=f"Linked to {names}{more}.",
        strength=max(0.0, min(1.0, strength)),
        rows=tuple(rows)[:EVIDENCE_SAMPLE],
        values={
            "linked_workers": [
                {
                    "worker_id": n.worker_id,
                    "own_risk": round(n.own_risk, 4),
                    "link_strength": round(n.link_strength, 4),
                    "shared": [{"kind": k.kind, "value": k.value} for k in n.links],
                }
                for n in linked
            ],
        },
        references=RING_REFERENCES,
        rows_total=len(rows),
    )


def ring_markdown(weights: Weights) -> str:
    """The ring finding's entry for docs/detectors.md (it is made by the link layer, not a detector)."""
    shown = ", ".join(f"`{k}` = {getattr(LinkSettings(), k)}" for k in ("ring_min_link", "ring_min_risk"))
    lines = [
        "",
        f"## {RING_MEMBER}",
        "",
        f"**{RING_TITLE}.** {RING_DESCRIPTION}",
        "",
        "Made by the link layer after a first scoring pass (see docs/architecture.md, Linking).",
        "",
        f"- category: `{RING_CATEGORY}` (cap {weights.caps.get(RING_CATEGORY, 0):.1f})",
        f"- weight: {weights.weights[RING_MEMBER]:+.2f}",
        "- tables: every table a link is found in (`payments`, `signins`, `devices`, `profiles`, `workers`, "
        "`identities`, `commits`)",
        f"- settings (under `[linking]`): {shown}",
        "- references: " + ", ".join(f"<{r}>" for r in RING_REFERENCES),
    ]
    return "\n".join(lines) + "\n"
