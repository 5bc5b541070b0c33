"""The identity graph: every link between workers, each pair's combined strength, and clusters.

A pair's strength combines its links as a noisy-OR over kinds (the strongest
link of each kind counts once: two shared IPs are not twice the evidence of
one). Clusters are the connected components of the pairs at or above
``cluster_min_strength``; weaker links (a household, a shared firm) are kept
and shown but join nobody on their own.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from unmask.engine import Engine
from unmask.link.network import common_addresses_sql, shared_address_links
from unmask.link.photos import photo_links
from unmask.link.resumes import resume_links
from unmask.link.settings import LinkSettings
from unmask.link.values import common_value_sql, exact_value_links, firm_links, referral_links
from unmask.model import Cluster, Link

Pair = tuple[str, str]
Step = Callable[[str], None]

# Each finder is one blocking step: linear in the workers, never all pairs.
FINDERS: tuple[tuple[str, Callable[[Engine, LinkSettings], list[Link]]], ...] = (
    ("shared values", exact_value_links),
    ("shared addresses", shared_address_links),
    ("photos", photo_links),
    ("résumés", resume_links),
    ("referrals", referral_links),
)


@dataclass
class IdentityGraph:
    links: list[Link]
    pairs: dict[Pair, float]
    clusters: list[Cluster]
    common: list[dict[str, Any]] = field(default_factory=list)  # values too common to link anybody
    _by_worker: dict[str, list[Pair]] = field(default_factory=dict, repr=False)
    _by_pair: dict[Pair, list[Link]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_worker: dict[str, list[Pair]] = defaultdict(list)
        for pair in self.pairs:
            by_worker[pair[0]].append(pair)
            by_worker[pair[1]].append(pair)
        by_pair: dict[Pair, list[Link]] = defaultdict(list)
        for link in self.links:
            by_pair[(link.a, link.b)].append(link)
        self._by_worker, self._by_pair = dict(by_worker), dict(by_pair)

    def neighbours(self, worker: str) -> list[tuple[str, float, list[Link]]]:
        """(other worker, pair strength, links) for everyone linked to ``worker``, strongest first."""
        out = []
        for pair in self._by_worker.get(worker, ()):
            other = pair[1] if pair[0] == worker else pair[0]
            out.append((other, self.pairs[pair], self._by_pair[pair]))
        return sorted(out, key=lambda n: (-n[1], n[0]))


def link_workers(
    engine: Engine, settings: LinkSettings | None = None, step: Step | None = None
) -> IdentityGraph:
    """Find every link in the workspace (its enrichment tables must be built: the scan does it)."""
    s = settings or LinkSettings()
    tell = step or (lambda _name: None)
    links: list[Link] = []
    for name, finder in FINDERS:
        tell(f"link: {name}")
        links += finder(engine, s)
    tell("link: firms")
    links += firm_links(engine, s, {(k.a, k.b) for k in links})
    tell("link: common values")
    common = common_values(engine, s)
    tell("link: clusters")
    pairs = pair_strengths(links)
    return IdentityGraph(
        links=sorted(links, key=lambda k: (k.a, k.b, k.kind, k.value)),
        pairs=pairs,
        clusters=clusters_of(links, pairs, s.cluster_min_strength),
        common=common,
    )


def common_values(engine: Engine, s: LinkSettings, limit: int = 20) -> list[dict[str, Any]]:
    """The values too common to link anybody (identifiers, devices, home addresses), most held
    first; from the counts the finders made."""
    found = engine.rows(common_value_sql(s.max_holders, limit)) + engine.rows(common_addresses_sql(s, limit))
    return sorted(found, key=lambda r: (-int(r["holders"]), r["kind"], str(r["value"])))[:limit]


def pair_strengths(links: Iterable[Link]) -> dict[Pair, float]:
    """Noisy-OR over kinds of each pair's strongest link per kind."""
    best: dict[Pair, dict[str, float]] = defaultdict(dict)
    for link in links:
        kinds = best[(link.a, link.b)]
        kinds[link.kind] = max(kinds.get(link.kind, 0.0), link.strength)
    out: dict[Pair, float] = {}
    for pair, kinds in best.items():
        doubt = 1.0
        for strength in kinds.values():
            doubt *= 1.0 - strength
        out[pair] = 1.0 - doubt
    return out


def clusters_of(links: list[Link], pairs: dict[Pair, float], min_strength: float) -> list[Cluster]:
    """Connected components (union-find) of the strong pairs, largest first, with all their links."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), strength in pairs.items():
        if strength >= min_strength:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for worker in parent:
        members[find(worker)].append(worker)
    inside: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if link.a in parent and link.b in parent and find(link.a) == find(link.b):
            inside[find(link.a)].append(link)
    groups = sorted(members.items(), key=lambda kv: (-len(kv[1]), min(kv[1])))
    return [
        Cluster(cluster_id(m), tuple(sorted(m)), tuple(sorted(inside[root], key=_link_order)))
        for root, m in groups
    ]


def cluster_id(members: Iterable[str]) -> str:
    """Named after its members, so that a rescan of the same data gives the same id."""
    digest = hashlib.sha1("\n".join(sorted(members)).encode()).hexdigest()[:10]
    return f"cluster-{digest}"


def _link_order(link: Link) -> tuple[float, str, str, str, str]:
    return (-link.strength, link.kind, link.a, link.b, link.value)
