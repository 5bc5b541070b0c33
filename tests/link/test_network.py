"""Laptop farms: one home address used by several workers on the same days — and what must not link."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.feeds import VPN_IP
from tests.link.graphs import days, kinds, linked, signin
from unmask.enrich import Intelligence
from unmask.store import Workspace

FARM = "73.162.10.20"  # a US cable (residential) address
HOMES = ["24.5.6.7", "98.207.1.9", "73.162.10.21", "73.162.10.22"]


def test_three_laptops_at_one_home_link_and_cluster(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    graph = linked(
        tmp_path,
        ws,
        intel,
        {"signins": days("a", FARM, 1, 12) + days("b", FARM, 1, 12) + days("c", FARM, 3, 14)},
    )
    assert all(kinds(graph, x, y) == {"signin_ip"} for x, y in [("a", "b"), ("a", "c"), ("b", "c")])
    assert graph.pairs[("a", "b")] == pytest.approx(0.55)  # three workers, ten days or more together
    assert [c.workers for c in graph.clusters] == [("a", "b", "c")]
    link = graph.links[0]
    assert link.value == FARM and {r.table for r in link.rows} == {"signins"}


def test_a_household_links_weakly_and_makes_no_cluster(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    graph = linked(tmp_path, ws, intel, {"signins": days("a", FARM, 1, 20) + days("b", FARM, 1, 20)})
    assert graph.pairs[("a", "b")] == pytest.approx(0.35)
    assert graph.clusters == []


@pytest.mark.parametrize(
    ("name", "signins"),
    [
        (
            "a VPN exit in the feeds",
            days("a", VPN_IP, 1, 9) + days("b", VPN_IP, 1, 9) + days("c", VPN_IP, 1, 9),
        ),
        (
            "an exit 300 unrelated workers use",
            [signin(f"w{i:03d}", 1 + i % 28, "98.207.1.200") for i in range(300)]
            + [signin(f"w{i:03d}", 1 + i % 28, "98.207.1.200", hour=15) for i in range(300)],
        ),
        ("the same address in different months", days("a", FARM, 1, 6) + days("b", FARM, 20, 28)),
        (
            "a visitor who passed through once",
            days("a", FARM, 1, 20) + days("b", HOMES[0], 1, 20) + [signin("b", 5, FARM)],
        ),
    ],
)
def test_shared_infrastructure_does_not_link(
    tmp_path: Path, ws: Workspace, intel: Intelligence, name: str, signins: list[dict[str, object]]
) -> None:
    graph = linked(tmp_path, ws, intel, {"signins": signins})
    assert [k for k in graph.links if k.kind == "signin_ip"] == [], name


def test_ipv6_counts_by_home_network(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    # Each device of one home picks its own host part inside the home's /64.
    tables = {
        "signins": days("a", "2601:646:8a00:1234::10", 1, 10)
        + days("b", "2601:646:8a00:1234:aa:bb:cc:dd", 1, 10)
        + days("c", "2601:646:8a00:9999::10", 1, 10)
        + days("c", "2601:646:8a00:1234::10", 1, 10)  # c uses both homes half the time: still a regular
    }
    graph = linked(tmp_path, ws, intel, tables)
    assert kinds(graph, "a", "b") == {"signin_ip"}
    assert next(k.value for k in graph.links if (k.a, k.b) == ("a", "b")) == "2601:646:8a00:1234::/64"
    assert graph.pairs[("a", "b")] == pytest.approx(0.55)


def test_an_address_many_workers_use_is_reported_as_common(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    office = [signin(f"w{i:02d}", 1 + i % 20, "98.207.1.200") for i in range(40)]  # an office's NAT
    graph = linked(tmp_path, ws, intel, {"signins": office + days("a", FARM, 1, 9) + days("b", FARM, 1, 9)})
    assert {(c["kind"], c["value"], c["holders"]) for c in graph.common} == {
        ("signin_ip", "98.207.1.200", 40)
    }
    assert [(k.a, k.b) for k in graph.links] == [("a", "b")]
