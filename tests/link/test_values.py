"""Links by exact shared values, one kind per case; values too common to mean anything link nobody."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.bundles import Rows, worker
from tests.link.graphs import days, kinds, linked
from unmask.enrich import Intelligence
from unmask.store import Workspace


def pay(wid: str, **fields: Any) -> dict[str, Any]:
    return {"worker_id": wid, "ts": "2026-08-01T00:00:00Z", "amount": 100, "currency": "USD", **fields}


def profile(wid: str, **fields: Any) -> dict[str, Any]:
    return {"worker_id": wid, "source": "linkedin", **fields}


def ident(wid: str, identity: str) -> dict[str, Any]:
    return {"worker_id": wid, "source": "okta", "identity": identity}


def commit(wid: str, email: str) -> dict[str, Any]:
    return {"worker_id": wid, "ts": "2026-08-01T10:00:00+02:00", "repo": "api", "author_email": email}


# (name, tables, kind, linked pair, a look-alike pair that must not link)
CASES: list[tuple[str, dict[str, Rows], str, tuple[str, str], tuple[str, str]]] = [
    (
        "payout account",
        {
            "payments": [
                pay("a", account_id="acct-9"),
                pay("b", account_id="acct-9"),
                pay("c", account_id="acct-1"),
            ]
        },
        "payout_account",
        ("a", "b"),
        ("a", "c"),
    ),
    (
        "wallet, EVM in any case",
        {
            "payments": [
                pay("a", wallet_address="0xAbC0000000000000000000000000000000000001"),
                pay("b", wallet_address="0xabc0000000000000000000000000000000000001"),
                # Base58 is case-sensitive: these are two different wallets.
                pay("c", wallet_address="1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
                pay("d", wallet_address="1boatSLRHtKNngkdXEeobR76b53LETtpyT"),
            ]
        },
        "wallet",
        ("a", "b"),
        ("c", "d"),
    ),
    (
        "login named by two workers",
        {
            "identities": [
                ident("a", "J.Kim@Corp.example"),
                ident("b", "j.kim@corp.example"),
                ident("c", "x@corp.example"),
            ]
        },
        "login",
        ("a", "b"),
        ("a", "c"),
    ),
    (
        "mailbox, however it is written",
        {
            "workers": [
                worker("a", email="john.doe+jobs@gmail.com"),
                worker("b", email="JohnDoe@googlemail.com"),
                worker("c", email="john.doe@example.org"),
            ]
        },
        "email",
        ("a", "b"),
        ("a", "c"),
    ),
    (
        "git author address, but not a host's noreply address",
        {
            "commits": [
                commit("a", "dev.ops.7@proton.me"),
                commit("b", "dev.ops.7@proton.me"),
                commit("c", "41898282+github-actions[bot]@users.noreply.github.com"),
                commit("d", "41898282+github-actions[bot]@users.noreply.github.com"),
            ]
        },
        "email",
        ("a", "b"),
        ("c", "d"),
    ),
    (
        "phone, however it is formatted",
        {
            "workers": [
                worker("a", phone="+1 (312) 555-0199"),
                worker("b"),
                worker("c", phone="+1 312 555 0100"),
            ],
            "profiles": [profile("b", phone="+13125550199")],
        },
        "phone",
        ("a", "b"),
        ("a", "c"),
    ),
    (
        "device used by two workers at once",
        {
            "signins": days("a", "24.5.6.7", 1, 9, device="LAPTOP-7")
            + days("b", "98.207.1.9", 3, 12, device="LAPTOP-7")
            + days("c", "98.207.1.10", 1, 4, device="LAPTOP-8")
        },
        "device",
        ("a", "b"),
        ("a", "c"),
    ),
    (
        "referral",
        {"workers": [worker("a"), worker("b", referred_by="a"), worker("c", referred_by="nobody-here")]},
        "referral",
        ("a", "b"),
        ("a", "c"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_shared_value_links(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Any) -> None:
    _, tables, kind, (a, b), (x, y) = case
    graph = linked(tmp_path, ws, intel, tables)
    assert kind in kinds(graph, a, b)
    assert not kinds(graph, x, y)
    link = next(k for k in graph.links if k.kind == kind)
    assert link.rows, "a link cites the rows of both workers"
    assert all(":" in r.source for r in link.rows)


def test_a_device_handed_on_links_weakly(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    tables = {
        "signins": days("a", "24.5.6.7", 1, 5, device="LT-1") + days("b", "98.207.1.9", 10, 20, device="LT-1")
    }
    graph = linked(tmp_path, ws, intel, tables)
    (link,) = graph.links
    assert link.kind == "device" and link.strength == pytest.approx(0.3)
    assert graph.clusters == []  # a laptop reissued to the next hire makes no ring


def test_a_value_held_by_many_links_nobody_and_is_reported(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    crowd = [f"w{i:03d}" for i in range(300)]  # an agency's pooled payout account, or a placeholder phone
    tables = {
        "workers": [worker(w, phone="+1 312 555 0000") for w in crowd],
        "payments": [pay(w, account_id="pool") for w in crowd],
    }
    graph = linked(tmp_path, ws, intel, tables)
    assert graph.links == [] and graph.clusters == []
    assert {(c["kind"], c["holders"]) for c in graph.common} == {("payout_account", 300), ("phone", 300)}


def test_a_shared_firm_adds_to_other_links_but_links_nobody_alone(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    tables = {
        "workers": [worker(w, firm_id="f1") for w in "abc"],
        "firms": [{"firm_id": "f1", "name": "Apex Talent"}],
        "payments": [pay("a", account_id="acct-9"), pay("b", account_id="acct-9")],
    }
    graph = linked(tmp_path, ws, intel, tables)
    assert kinds(graph, "a", "b") == {"payout_account", "firm"}
    assert not kinds(graph, "a", "c")
    assert graph.pairs[("a", "b")] == pytest.approx(1 - (1 - 0.9) * (1 - 0.3))
