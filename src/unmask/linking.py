"""Identity links: workers who share a payout account, wallet, device, phone, email,
photo or sign-in IP, and the clusters those links form.

A value shared by many workers (a big VPN exit, a carrier NAT, a corporate
proxy) links nobody: only values held by at most ``max_workers`` workers count,
which also keeps the pair count linear in the number of workers.
"""

from __future__ import annotations

from collections import defaultdict

from unmask.engine import Engine
from unmask.model import Cluster, Link

# (link kind, table, SQL expression of the shared value)
LINK_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("payout_account", "payments", "account_id"),
    ("wallet", "payments", "lower(wallet_address)"),
    ("device", "signins", "device_id"),
    ("device", "devices", "device_id"),
    ("phone", "workers", "regexp_replace(phone, '[^0-9]', '', 'g')"),
    ("phone", "profiles", "regexp_replace(phone, '[^0-9]', '', 'g')"),
    ("email", "workers", "lower(email)"),
    ("email", "profiles", "lower(email)"),
    ("photo", "profiles", "lower(photo_hash)"),
    ("signin_ip", "signins", "ip"),
    ("login", "identities", "lower(identity)"),
)


def shared_value_links(engine: Engine, max_workers: int = 8) -> list[Link]:
    held = " UNION ".join(
        f"SELECT '{kind}' AS kind, {expr} AS value, worker_id FROM {table} "
        f"WHERE {expr} IS NOT NULL AND {expr} <> ''"
        for kind, table, expr in LINK_SOURCES
    )
    rows = engine.rows(
        f"""
        WITH held AS ({held}),
        rare AS (SELECT kind, value FROM held GROUP BY ALL
                 HAVING count(DISTINCT worker_id) BETWEEN 2 AND {int(max_workers)})
        SELECT DISTINCT a.worker_id AS a, b.worker_id AS b, a.kind, a.value
        FROM held a JOIN rare USING (kind, value)
        JOIN held b ON a.kind = b.kind AND a.value = b.value AND a.worker_id < b.worker_id
        ORDER BY a, b, kind, value
        """
    )
    return [Link(r["a"], r["b"], r["kind"], str(r["value"])) for r in rows]


def clusters_from_links(links: list[Link]) -> list[Cluster]:
    """Connected components (union-find) over the links, largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        ra, rb = find(link.a), find(link.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for worker in parent:
        members[find(worker)].append(worker)
    by_root: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        by_root[find(link.a)].append(link)
    groups = sorted(members.values(), key=lambda m: (-len(m), min(m)))
    return [
        Cluster(f"cluster-{i:04d}", tuple(sorted(m)), tuple(by_root[find(m[0])]))
        for i, m in enumerate(groups, start=1)
    ]
