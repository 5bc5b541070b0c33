"""One worker's ring: the cluster they are in, its members and links, and their weaker links.

What ``unmask ring WORKER`` prints: :func:`ring_report` as a JSON-ready dict
(``--json``), :func:`ring_tables` as terminal tables. The cluster is the scan
JSON's cluster object (same numbers, same rounding), with each member's score,
level, own risk and whether a ring finding was added to them, and the worker's
links too weak to join a cluster (a household, a shared firm) beside it.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from unmask.link import RING_MEMBER, IdentityGraph
from unmask.link.graph import pair_strengths
from unmask.link.rings import own_risk
from unmask.model import Cluster, ScanResult, WorkerScore
from unmask.report.json_report import cluster_to_dict, link_to_dict, worker_to_dict

DIGITS = 6


def ring_report(result: ScanResult, worker_id: str) -> dict[str, Any]:
    """The cluster holding ``worker_id`` plus ``members`` and ``weak_links``.

    A worker in no cluster gets ``cluster_id`` null and themself as the only member.
    ``weak_links`` is None when the scan kept no identity graph (only its clusters).
    Raises KeyError for a worker the scan did not score.
    """
    by_id = {w.worker_id: w for w in result.workers}
    if worker_id not in by_id:
        raise KeyError(worker_id)
    cluster = next((c for c in result.clusters if worker_id in c.workers), None)
    members = cluster.workers if cluster is not None else (worker_id,)
    scored = {m: worker_to_dict(by_id[m]) for m in members if m in by_id}
    if cluster is not None:
        doc = cluster_to_dict(cluster, {m: w["score"] for m, w in scored.items()})
        doc["strongest"] = _strongest(cluster)
    else:
        doc = {"cluster_id": None, "workers": [worker_id], "links": [], "strength": 0.0, "kinds": []}
        doc["max_score"] = scored[worker_id]["score"]
        doc["strongest"] = None
    doc["members"] = sorted(
        (_member(by_id[m], scored[m]) for m in scored), key=lambda m: (-m["score"], m["worker_id"])
    )
    doc["weak_links"] = _weak_links(result.graph, worker_id, set(members))
    return doc


def _member(score: WorkerScore, doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "worker_id": score.worker_id,
        "score": doc["score"],
        "level": doc["level"],
        # Their posterior from their own findings only: what they pass on to their ring-mates.
        "own_risk": round(own_risk(score), DIGITS),
        "ring_member": any(p.finding.detector == RING_MEMBER for p in score.parts),
    }


def _strongest(cluster: Cluster) -> dict[str, Any] | None:
    """The cluster's strongest pair and the kinds of link between them."""
    pairs = pair_strengths(cluster.links)
    if not pairs:
        return None
    (a, b), strength = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))  # ties: first by worker id
    kinds = sorted({k.kind for k in cluster.links if (k.a, k.b) == (a, b)})
    return {"a": a, "b": b, "strength": round(strength, DIGITS), "kinds": kinds}


def _weak_links(graph: Any, worker_id: str, members: set[str]) -> list[dict[str, Any]] | None:
    """Everyone linked to the worker outside the cluster, strongest first, with those links."""
    if not isinstance(graph, IdentityGraph):
        return None
    return [
        {
            "worker_id": other,
            "strength": round(strength, DIGITS),
            "links": [link_to_dict(k) for k in links],
        }
        for other, strength, links in graph.neighbours(worker_id)
        if other not in members
    ]


def ring_tables(worker_id: str, doc: dict[str, Any]) -> list[RenderableType]:
    """A header, the members and the links of the worker's cluster, then the weaker links."""
    # Worker ids and values come from the bundle: plain Text, never read as console markup.
    weak = doc["weak_links"]
    out: list[RenderableType] = []
    if doc["cluster_id"] is None:
        out.append(Text(f"{worker_id} is in no cluster." if weak else f"{worker_id} is linked to nobody."))
    else:
        header = Text(doc["cluster_id"], style="bold")
        header.append(f": {len(doc['workers'])} members")
        top = doc["strongest"]
        if top:
            kinds = ", ".join(top["kinds"])
            header.append(f"; strongest link {top['a']}–{top['b']} {top['strength']:.0%} ({kinds})")
        members = Table(title="members", title_justify="left")
        for col in ("worker", "score", "level", "own risk", "ring finding"):
            members.add_column(col)
        for m in doc["members"]:
            name = Text(m["worker_id"], style="bold" if m["worker_id"] == worker_id else "")
            members.add_row(name, f"{m['score']:.3f}", m["level"], f"{m['own_risk']:.1%}",
                            "yes" if m["ring_member"] else "—")  # fmt: skip
        out += [header, members, _shared_values_table(doc["links"])]
    if weak:
        rows = [({**k, "a": worker_id, "b": n["worker_id"]}, n["strength"]) for n in weak for k in n["links"]]
        out.append(_links_table(f"weaker links of {worker_id} (they join no cluster)", rows, pair=True))
    elif weak is None:
        out.append(Text("(the scan kept no link graph: weaker links are not shown)"))
    return out


def _shared_values_table(links: list[dict[str, Any]]) -> Table:
    """One row per shared value (a payout account held by six members is one row, not fifteen
    pairs), strongest first."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for k in links:
        grouped.setdefault((k["kind"], k["value"]), []).append(k)
    table = Table(title="shared values", title_justify="left")
    for col in ("kind", "value", "workers", "strength", "evidence rows"):
        table.add_column(col)
    order = sorted(grouped.items(), key=lambda kv: (-max(k["strength"] for k in kv[1]), kv[0]))
    for (kind, value), ks in order:
        workers = sorted({w for k in ks for w in (k["a"], k["b"])})
        low, high = min(k["strength"] for k in ks), max(k["strength"] for k in ks)
        strength = f"{high:.0%}" if round(low, 2) == round(high, 2) else f"{low:.0%}–{high:.0%}"
        rows = sum(k.get("evidence", {}).get("rows_total", 0) for k in ks)
        table.add_row(Text(kind), Text(value), Text(", ".join(workers)), strength, str(rows))
    return table


def _links_table(title: str, links: list[tuple[dict[str, Any], float]], *, pair: bool) -> Table:
    """One row per link; with ``pair`` the strength shown is the pair's, all its links combined."""
    table = Table(title=Text(title), title_justify="left")
    for col in ("a", "b", "kind", "value", "pair strength" if pair else "strength", "evidence rows"):
        table.add_column(col)
    for k, strength in links:
        rows = k.get("evidence", {}).get("rows_total", 0)
        cells = (Text(k["a"]), Text(k["b"]), Text(k["kind"]), Text(k["value"]))
        table.add_row(*cells, f"{strength:.0%}", str(rows))
    return table
