"""Pair strengths and clusters: noisy-OR over kinds, components over strong pairs only."""

from __future__ import annotations

import pytest

from unmask.link.graph import IdentityGraph, cluster_id, clusters_of, pair_strengths
from unmask.link.settings import LinkSettings
from unmask.model import Link


def graph(*links: Link, min_strength: float = 0.5) -> IdentityGraph:
    pairs = pair_strengths(links)
    return IdentityGraph(list(links), pairs, clusters_of(list(links), pairs, min_strength))


def test_one_kind_counts_once_and_kinds_combine_as_noisy_or() -> None:
    pairs = pair_strengths(
        [
            Link("a", "b", "signin_ip", "1.2.3.4", 0.35),
            Link("a", "b", "signin_ip", "1.2.3.5", 0.35),  # a second shared address is not new evidence
            Link("a", "b", "firm", "f1", 0.3),
        ]
    )
    assert pairs == {("a", "b"): pytest.approx(1 - 0.65 * 0.7)}


@pytest.mark.parametrize(
    ("links", "clusters"),
    [
        ([Link("a", "b", "photo", "h", 0.8), Link("b", "c", "resume", "r", 0.6)], [("a", "b", "c")]),
        ([Link("a", "b", "photo", "h", 0.8), Link("b", "c", "signin_ip", "ip", 0.35)], [("a", "b")]),
        ([Link("a", "b", "signin_ip", "ip", 0.35), Link("a", "b", "referral", "r", 0.3)], [("a", "b")]),
        ([Link("a", "b", "firm", "f", 0.3), Link("c", "d", "firm", "f", 0.3)], []),
        (
            [
                Link("x", "y", "wallet", "w", 0.9),
                Link("a", "b", "device", "d", 0.9),
                Link("b", "c", "device", "e", 0.9),
            ],
            [("a", "b", "c"), ("x", "y")],
        ),
    ],
)
def test_clusters_are_components_of_strong_pairs(links: list[Link], clusters: list[tuple[str, ...]]) -> None:
    assert [c.workers for c in graph(*links).clusters] == clusters


def test_a_cluster_shows_its_weak_links_too_and_its_id_is_stable() -> None:
    g = graph(
        Link("a", "b", "photo", "h", 0.8), Link("a", "b", "firm", "f", 0.1), Link("b", "z", "firm", "f", 0.1)
    )
    (cluster,) = g.clusters
    assert [k.kind for k in cluster.links] == ["photo", "firm"]  # strongest first; z is outside
    assert cluster.cluster_id == cluster_id(["b", "a"]) == graph(*reversed(g.links)).clusters[0].cluster_id
    assert cluster.cluster_id != cluster_id(["a", "b", "c"])


def test_neighbours_are_listed_strongest_first() -> None:
    g = graph(Link("a", "b", "firm", "f", 0.1), Link("a", "c", "wallet", "w", 0.9))
    assert [(other, round(s, 2)) for other, s, _ in g.neighbours("a")] == [("c", 0.9), ("b", 0.1)]
    assert g.neighbours("nobody") == []


def test_settings_from_a_config_table() -> None:
    s = LinkSettings.from_mapping({"max_holders": 12, "cluster_min_strength": "0.6"})
    assert (s.max_holders, s.cluster_min_strength) == (12, 0.6)
    with pytest.raises(ValueError, match="unknown link setting"):
        LinkSettings.from_mapping({"max_holder": 3})
