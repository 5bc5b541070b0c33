"""Links over rare shared values, and clusters as connected components."""

from __future__ import annotations

from pathlib import Path

from tests.bundles import worker, write_bundle
from unmask.ingest import ingest_bundle
from unmask.linking import clusters_from_links, shared_value_links
from unmask.model import Link
from unmask.store import Workspace


def payment(wid: str, account: str) -> dict[str, object]:
    return {
        "worker_id": wid,
        "ts": "2026-08-01T00:00:00Z",
        "amount": 100,
        "currency": "USD",
        "account_id": account,
    }


def signin(wid: str, ip: str) -> dict[str, object]:
    return {"worker_id": wid, "ts": "2026-08-01T00:00:00Z", "ip": ip}


def test_shared_values_link_and_common_values_do_not(tmp_path: Path, ws: Workspace) -> None:
    crowd = [f"c{i}" for i in range(20)]  # twenty unrelated people behind one VPN exit
    tables = {
        "workers": [worker(w) for w in ["a", "b", "c", "d", *crowd]]
        + [worker("e", phone="+1 (312) 555-0199"), worker("f", phone="+13125550199")],
        "payments": [payment("a", "acct-9"), payment("b", "acct-9"), payment("d", "acct-own")],
        "signins": [signin("b", "203.0.113.7"), signin("c", "203.0.113.7")]
        + [signin(w, "198.51.100.1") for w in crowd],
    }
    ingest_bundle(ws, write_bundle(tmp_path / "b", tables))
    links = shared_value_links(ws.engine, max_workers=8)
    assert Link("a", "b", "payout_account", "acct-9") in links
    assert Link("b", "c", "signin_ip", "203.0.113.7") in links
    assert Link("e", "f", "phone", "13125550199") in links  # formatting does not hide a shared phone
    assert not any(link.value == "198.51.100.1" for link in links)
    clusters = clusters_from_links(links)
    assert [c.workers for c in clusters] == [("a", "b", "c"), ("e", "f")]
    assert {link.kind for link in clusters[0].links} == {"payout_account", "signin_ip"}


def test_clusters_are_connected_components() -> None:
    links = [
        Link("a", "b", "k", "1"),
        Link("c", "d", "k", "2"),
        Link("b", "c", "k", "3"),
        Link("x", "y", "k", "4"),
    ]
    clusters = clusters_from_links(links)
    assert [c.workers for c in clusters] == [("a", "b", "c", "d"), ("x", "y")]
    assert [c.cluster_id for c in clusters] == ["cluster-0001", "cluster-0002"]
    assert len(clusters[0].links) == 3
