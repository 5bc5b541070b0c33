from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from unmask.model import Cluster, Link, Part, RowRef, ScanResult
from unmask.report.html_report import render_html, write_html

from . import check_golden, finding, sample_scan, worker

EVIL = "<script>alert(1)</script>"
# Anything that would make the browser fetch something when the file is opened.
RESOURCE_LOAD = re.compile(
    r"<(?:script|img|link|iframe|frame|embed|object|source|video|audio|track|input)\b[^>]*"
    r"\b(?:src|href|data|srcset|poster)\s*=|@import|url\s*\(",
    re.IGNORECASE,
)


def test_golden_html() -> None:
    check_golden("report.html", render_html(sample_scan()))


def test_write_html(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    write_html(sample_scan(), out, title="acme")
    assert out.read_text("utf-8") == render_html(sample_scan(), title="acme")


def test_render_is_deterministic() -> None:
    assert render_html(sample_scan()) == render_html(sample_scan())


def test_self_contained() -> None:
    html = render_html(sample_scan())
    assert not RESOURCE_LOAD.search(html), RESOURCE_LOAD.search(html)
    assert html.count("<script") == 1  # the inline filter script, with no src
    assert "<style>" in html


def test_resource_check_catches_loads() -> None:
    """The pattern above must itself work, or the test before it proves nothing."""
    for bad in (
        '<script src="https://cdn.example/x.js">',
        '<link rel="stylesheet" href="https://fonts.example/css">',
        '<img src="http://t.example/p.gif">',
        "@import 'https://x'",
        "background:url(https://x)",
    ):
        assert RESOURCE_LOAD.search(bad), bad


def test_contents() -> None:
    html = render_html(sample_scan())
    # Header: meta, counts, warnings and rejected rows.
    for text in ("2025-01-15T10:00:00+00:00", "bundles/acme", "default-v1", "duckdb", "signins 120"):
        assert text in html
    assert "2 row(s) of the bundle were rejected" in html
    assert "signins.csv:14: ts has no offset; read as UTC" in html
    # Ranking links to each worker's section; the empty low-risk worker is listed compactly.
    assert '<a href="#w1" class="mono">W-0001</a>' in html
    assert '<section class="worker" id="w1">' in html
    assert '<li id="w3"><span class="mono">W-0003</span>' in html
    assert 'id="w3"' in html and '<section class="worker" id="w3">' not in html
    # Waterfall, capped and mitigating findings, references, evidence rows.
    assert "Prior (base rate)" in html and "\u22122.50" in html  # minus sign for the mitigating weight
    assert "capped from +2.40" in html
    assert 'class="finding s-mitigating"' in html
    assert f'<a href="{"https://www.ic3.gov/PSA/2025/PSA250123"}" rel="noopener noreferrer">' in html
    assert "<li>FBI PSA I-051622-PSA</li>" in html  # not a URL: shown as text
    assert "Evidence rows (10 of 35)" in html and "and 25 more row(s)." in html
    assert "signins.csv:11" in html and "signins.csv:12" not in html  # only the first 10 rows
    # Clusters: members with score and level, shared values with strength and evidence rows.
    assert '<div class="cluster" id="c1">' in html and "acct-77" in html
    cluster = html[html.index('<div class="cluster" id="c1">') :]
    assert "strongest pair 99.3% · device, firm, payout_account" in cluster
    assert '<tr><td><a href="#w1" class="mono">W-0001</a></td>\n<td class="num">92.4%</td>' in cluster
    assert "<td>firm</td>" in cluster and '<td class="num">30.0%</td>' in cluster
    assert '<code>payments:p1</code> <span class="mute mono">payments.csv:3</span>' in cluster
    assert "+18005550100" in cluster and "too many workers to link anybody" in cluster
    # The ring finding renders like any finding; its linked workers link to their cards.
    assert "Linked to high-risk workers" in html and "<code>ring_member</code>" in html
    assert '<td><a href="#w1" class="mono">W-0001</a></td><td>99.1%</td><td>99.0%</td>' in html
    assert "device dev-9; payout_account acct-77" in html


def test_cluster_links_are_grouped_by_shared_value() -> None:
    """Three workers on one payout account: the JSON has three pairs, the page one line."""
    pairs = [("a", "b"), ("a", "c"), ("b", "c")]
    links = (*(Link(x, y, "payout_account", "acct-1") for x, y in pairs), Link("a", "b", "phone", "555"))
    result = ScanResult(
        workers=[worker(w, ()) for w in "abc"],
        clusters=[Cluster("cluster-0001", ("a", "b", "c"), links)],
    )
    html = render_html(result)
    assert html.count("<td>payout_account</td>") == 1 and html.count("<td>phone</td>") == 1
    row = html[html.index("<td>payout_account</td>") :].split("</tr>")[0]
    assert all(f'class="mono">{w}</a>' in row for w in "abc")
    assert '<li id="w1"><span class="mono">a</span> <span class="mute">1.0%</span> <a href="#c1">' in html


def test_clusters_are_ordered_by_risk_then_size() -> None:
    """A small cluster with a critical member comes before a big one of low-risk people."""
    risky = sample_scan().workers[-1]  # W-0001, critical
    workers = [risky, *(worker(w, ()) for w in ("p", "q", "r", "s"))]
    big = Cluster("cluster-big", ("p", "q", "r"), (Link("p", "q", "signin_ip", "10.0.0.0/24", 0.4),))
    bigger = Cluster("cluster-bigger", ("p", "q", "r", "s"), (Link("p", "s", "phone", "+1", 0.8),))
    small = Cluster("cluster-small", ("W-0001", "s"), (Link("W-0001", "s", "wallet", "0xabc", 0.9),))
    html = render_html(ScanResult(workers=workers, clusters=[big, small, bigger]))
    order = re.findall(r'<div class="cluster" id="(c\d)">\n<h3>(cluster-\w+)', html)
    assert order == [("c1", "cluster-small"), ("c2", "cluster-bigger"), ("c3", "cluster-big")]
    # The worker card names its cluster by the same anchor.
    assert '<a href="#c1">cluster-small</a>' in html


def test_one_value_shared_at_different_strengths_shows_the_range() -> None:
    """A home address shared on more days by one pair than another: both strengths are shown."""
    rows = (RowRef("signins", "s1", "signins.csv:2"),)
    links = (
        Link("a", "b", "signin_ip", "203.0.113.9", 0.35, rows),
        Link("a", "c", "signin_ip", "203.0.113.9", 0.7, rows),
        Link("b", "c", "signin_ip", "203.0.113.9", 0.7, (RowRef("signins", "s2", "signins.csv:3"),)),
    )
    cluster = Cluster("cl", ("a", "b", "c"), links)
    result = ScanResult(workers=[worker(w, ()) for w in "abc"], clusters=[cluster])
    html = render_html(result)
    assert '<td class="num">35.0%–70.0%</td>' in html
    assert "<summary>2 row(s)</summary>" in html  # rows held by several pairs are listed once


def test_one_description_on_unrelated_pairs_is_not_one_shared_value() -> None:
    """Two pairs of near-duplicate résumés described alike are two lines, not one naming four."""
    same = "100% of word sequences in common"
    links = (
        Link("a", "b", "resume", same, 0.75),
        Link("c", "d", "resume", same, 0.75),
        Link("b", "c", "payout_account", "acct-1", 0.9),
    )
    cluster = Cluster("cl", ("a", "b", "c", "d"), links)
    html = render_html(ScanResult(workers=[worker(w, ()) for w in "abcd"], clusters=[cluster]))
    lines = [row for row in html.split("<tr>") if row.startswith("<td>resume</td>")]
    assert len(lines) == 2
    assert 'class="mono">a</a>, <a href="#w2" class="mono">b</a></td>' in lines[0]
    assert 'class="mono">c</a>, <a href="#w4" class="mono">d</a></td>' in lines[1]


def test_every_internal_link_has_a_target() -> None:
    html = render_html(sample_scan())
    targets = set(re.findall(r'\bid="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= targets


def test_untrusted_text_is_escaped() -> None:
    evil_finding = finding(
        EVIL,
        "profile_name_mismatch",
        "identity",
        title=EVIL,
        detail=f"name {EVIL}",
        rows=(RowRef(EVIL, EVIL, EVIL),),
        values={EVIL: EVIL, "list": [EVIL]},
        references=(
            f'javascript:alert(1)//"{EVIL}',
            f'https://x.example/"><img src=x onerror=alert(1)>{EVIL}',
        ),
    )
    result = ScanResult(
        workers=[worker(EVIL, (Part(evil_finding, 2.2, 2.2),)), worker("ok", ())],
        clusters=[Cluster(EVIL, (EVIL, "ok"), (Link(EVIL, "ok", EVIL, EVIL),))],
        meta={"bundle": EVIL, "scanned_at": EVIL, "ingest_warnings": [EVIL], EVIL: EVIL},
    )
    html = render_html(result, title=EVIL)
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script") == 1
    assert "<img" not in html
    assert 'href="javascript' not in html.lower()


def test_large_scan_stays_small_and_compact() -> None:
    """400 workers, a third with several findings and a full evidence sample each."""
    base = sample_scan().workers[-1]  # W-0001: five findings
    workers = []
    for i in range(400):
        if i % 3 == 0:
            rows = tuple(RowRef("signins", f"{i}-{j}", f"signins.csv:{i * 20 + j}") for j in range(20))
            parts = tuple(
                dataclasses.replace(
                    p, finding=dataclasses.replace(p.finding, worker_id=f"W{i:04d}", rows=rows)
                )
                for p in base.parts
            )
            workers.append(worker(f"W{i:04d}", parts))
        else:
            workers.append(worker(f"W{i:04d}", ()))
    html = render_html(ScanResult(workers=workers, clusters=[], meta={}))
    assert len(html.encode("utf-8")) < 3_000_000
    assert "266 low-risk worker(s) with no findings" in html
    assert html.count("<tr data-level=") == 134
    assert html.count('<section class="worker"') == 134
