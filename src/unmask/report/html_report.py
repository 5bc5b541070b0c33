"""The scan result as one self-contained HTML file for a hiring manager and an analyst.

The page is rendered from :func:`~unmask.report.json_report.scan_to_dict`, so every
number it shows is the one in the JSON. Everything it needs (CSS and a few lines of
JS for the filter box) is inline: the report is mailed around and opened offline,
and it must not make the reader's browser call out to anyone. Worker data is
untrusted (names, memos, user agents come from applicants), so autoescaping is on
and only http(s) references become links.

Rendering is a pure function of the result: no clock, no randomness, no locale, so
the same scan gives the same bytes (tests keep a golden copy).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from unmask.detectors.references import TITLES
from unmask.model import ScanResult
from unmask.report.json_report import scan_to_dict
from unmask.scoring import logistic

TEMPLATE = "templates/report.html.j2"
LEVELS = ("critical", "high", "medium", "low")
HTML_ROWS = 10  # evidence rows shown per finding; the JSON keeps the full sample
VALUE_CHARS = 300  # a longer evidence value (a résumé, a memo) is cut; the JSON has it whole
TOP_TITLES = 3  # finding titles shown per worker in the ranking table
MAX_WARNINGS = 50
# Meta keys with a dedicated place in the header; any other key is listed as is.
_HEADLINE = ("scanned_at", "bundle", "weights_version", "base_rate")
_KNOWN_META = (
    *_HEADLINE,
    "detectors",
    "workers",
    "findings",
    "rows",
    "rows_rejected",
    "ingest_warnings",
    "warnings",
    "feeds",
    "links",
    "common_values",
)


@dataclass(frozen=True)
class Step:
    """One row of the waterfall; ``left``/``width`` place its bar on the log-odds axis (%)."""

    label: str
    weight: float | None  # None for the total
    running: float  # log-odds after this step
    score: float  # the probability that log-odds means
    left: float
    width: float
    kind: str  # prior | up | down | total


Cell = tuple[str, str | None]  # (text, anchor of the worker it names, if any)


@dataclass(frozen=True)
class ValueView:
    """One evidence value: text, or a small table when it is a list of records (a ring's linked workers)."""

    key: str
    text: str
    headers: list[str]
    rows: list[list[Cell]]
    more: int  # records not shown


@dataclass(frozen=True)
class FindingView:
    f: Mapping[str, Any]  # the finding as in the JSON
    capped: bool
    values: list[ValueView]
    rows: list[Mapping[str, Any]]
    more: int  # matched rows not listed here
    refs: list[tuple[str, str, bool]]  # (reference, what to show, is a safe link)


@dataclass(frozen=True)
class WorkerView:
    rank: int
    anchor: str
    worker_id: str
    score: float
    level: str
    log_odds: float
    findings: list[FindingView]
    steps: list[Step]
    zero: float  # where log-odds 0 (even odds) sits on the axis, %
    top: list[str]
    more_titles: int
    mitigating: list[str]
    clusters: list[tuple[str, str]]  # (cluster_id, anchor)
    collapsed: bool  # low risk and nothing found: listed compactly, no section


@dataclass(frozen=True)
class SharedView:
    """One shared value inside a cluster: every pair that shares it, as one line."""

    kind: str
    value: str
    strength: float  # the strongest pair link on this value
    weakest: float  # differs when pairs differ (a home address shared on more or fewer days)
    members: list[Cell]
    rows: list[Mapping[str, Any]]
    more: int


@dataclass(frozen=True)
class MemberView:
    worker_id: str
    anchor: str | None
    score: float
    level: str


@dataclass(frozen=True)
class ClusterView:
    id: str
    anchor: str
    level: str  # its riskiest member's
    max_score: float
    strength: float  # its strongest pair
    kinds: list[str]
    members: list[MemberView]
    shared: list[SharedView]


def render_html(result: ScanResult, *, title: str = "unmask scan") -> str:
    """The whole report as one HTML document."""
    return _template().render(**build_view(scan_to_dict(result), title=title))


def write_html(result: ScanResult, path: str | Path, *, title: str = "unmask scan") -> None:
    Path(path).write_text(render_html(result, title=title), encoding="utf-8")


def build_view(doc: Mapping[str, Any], *, title: str) -> dict[str, Any]:
    """The template's context from a scan result document (as :func:`scan_to_dict` gives)."""
    meta: Mapping[str, Any] = doc.get("meta") or {}
    # Worker ids are free text; an index is always a valid fragment.
    anchor = {w["worker_id"]: f"w{i}" for i, w in enumerate(doc["workers"], start=1)}
    score = {w["worker_id"]: float(w["score"]) for w in doc["workers"]}
    level = {w["worker_id"]: str(w["level"]) for w in doc["workers"]}
    # Riskiest first (its riskiest member's score), then the biggest: what to look at first.
    clusters = sorted(
        doc["clusters"],
        key=lambda c: (-_max_score(c, score), -len(c["workers"]), c["cluster_id"]),
    )
    cluster_anchor = {c["cluster_id"]: f"c{i}" for i, c in enumerate(clusters, start=1)}
    in_clusters: dict[str, list[tuple[str, str]]] = {}
    for c in clusters:
        for w in c["workers"]:
            in_clusters.setdefault(w, []).append((c["cluster_id"], cluster_anchor[c["cluster_id"]]))
    workers = [
        _worker_view(i, w, in_clusters.get(w["worker_id"], []), anchor)
        for i, w in enumerate(doc["workers"], 1)
    ]
    counts = {lv: sum(1 for w in workers if w.level == lv) for lv in LEVELS}
    raw_feeds = meta.get("feeds")
    feeds: Mapping[str, Any] = raw_feeds if isinstance(raw_feeds, Mapping) else {}
    warnings = [_text(x) for key in ("ingest_warnings", "warnings") for x in _as_list(meta.get(key))]
    warnings += [_text(x) for x in _as_list(feeds.get("warnings"))]
    return {
        "title": title,
        # None hides a header item; a present value is always shown as text.
        "head": {k: None if meta.get(k) is None else _text(meta[k]) for k in _HEADLINE},
        "meta_rows": _meta_rows(meta),
        "detectors": [_text(d) for d in _as_list(meta.get("detectors"))],
        "table_rows": _table_rows(meta.get("rows")),
        "feeds": _feed_rows(feeds),
        "warnings": warnings[:MAX_WARNINGS],
        "warnings_more": max(0, len(warnings) - MAX_WARNINGS),
        "rejected": meta.get("rows_rejected") or 0,
        "counts": counts,
        "n_findings": sum(len(w.findings) for w in workers),
        "workers": workers,
        "ranked": [w for w in workers if not w.collapsed],
        "collapsed": [w for w in workers if w.collapsed],
        "clusters": [
            _cluster_view(c, cluster_anchor[c["cluster_id"]], anchor, score, level) for c in clusters
        ],
        "n_links": meta.get("links"),
        "common": _common_rows(meta.get("common_values")),
        "levels": LEVELS,
    }


def _worker_view(
    rank: int, w: Mapping[str, Any], clusters: list[tuple[str, str]], anchors: Mapping[str, str]
) -> WorkerView:
    findings = [_finding_view(f, anchors) for f in w["findings"]]
    raising = [f.f["title"] for f in findings if f.f["weight"] > 0]
    explanation = w.get("explanation") or {}
    prior = explanation.get("prior_log_odds", 0.0)
    log_odds = explanation.get("log_odds", prior + sum(f.f["weight"] for f in findings))
    steps, zero = _waterfall(prior, [(f.f["title"], f.f["weight"]) for f in findings], log_odds)
    return WorkerView(
        rank=rank,
        anchor=anchors[w["worker_id"]],
        worker_id=w["worker_id"],
        score=w["score"],
        level=w["level"],
        log_odds=log_odds,
        findings=findings,
        steps=steps,
        zero=zero,
        top=raising[:TOP_TITLES],
        more_titles=max(0, len(raising) - TOP_TITLES),
        mitigating=[f.f["title"] for f in findings if f.f["weight"] < 0],
        clusters=clusters,
        # Nothing to explain beyond the prior: a line in a compact list keeps 400 workers readable.
        collapsed=w["level"] == "low" and not findings,
    )


def _finding_view(f: Mapping[str, Any], anchors: Mapping[str, str]) -> FindingView:
    ev = f.get("evidence") or {}
    rows = list(ev.get("rows") or [])
    total = max(int(ev.get("rows_total") or 0), len(rows))
    values = ev.get("values") or {}
    return FindingView(
        f=f,
        capped=abs(f.get("raw_weight", f["weight"]) - f["weight"]) > 1e-9,
        values=[_value_view(str(k), v, anchors) for k, v in values.items()],
        rows=rows[:HTML_ROWS],
        more=total - min(len(rows), HTML_ROWS),
        refs=[
            (str(r), TITLES.get(str(r), str(r)), str(r).lower().startswith(("https://", "http://")))
            for r in f["references"]
        ],
    )


def _waterfall(prior: float, parts: Sequence[tuple[str, float]], total: float) -> tuple[list[Step], float]:
    """Bars for prior → each part → total on one log-odds axis that also shows 0."""
    ends = [prior]
    for _, w in parts:
        ends.append(ends[-1] + w)
    lo, hi = min(0.0, *ends, total), max(0.0, *ends, total)
    span = (hi - lo) or 1.0

    def bar(a: float, b: float) -> tuple[float, float]:
        left = (min(a, b) - lo) / span * 100
        return round(left, 2), round(max(abs(b - a) / span * 100, 0.5), 2)

    steps = [Step("Prior (base rate)", prior, prior, logistic(prior), *bar(0.0, prior), "prior")]
    for (label, w), before, after in zip(parts, ends[:-1], ends[1:], strict=True):
        steps.append(Step(label, w, after, logistic(after), *bar(before, after), "up" if w >= 0 else "down"))
    steps.append(Step("Total log-odds → score", None, total, logistic(total), *bar(0.0, total), "total"))
    return steps, round((0.0 - lo) / span * 100, 2)


def _value_view(key: str, value: Any, anchors: Mapping[str, str]) -> ValueView:
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        shown = value[:HTML_ROWS]
        headers = list(dict.fromkeys(str(k) for v in shown for k in v))
        rows = [[_cell(h, v.get(h), anchors) for h in headers] for v in shown]
        return ValueView(key, "", headers, rows, len(value) - len(shown))
    return ValueView(key, _text(value), [], [], 0)


def _cell(header: str, value: Any, anchors: Mapping[str, str]) -> Cell:
    """A record's field as text; a worker id links to that worker's card, a risk or strength is a %."""
    if header == "worker_id" and isinstance(value, str):
        return value, anchors.get(value)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if header.endswith(("risk", "strength")) and is_number:
        return _pct(float(value)), None
    if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
        # e.g. what a ring-mate shares: "device dev-9; payout_account acct-77"
        return "; ".join(" ".join(_text(x) for x in v.values()) for v in value), None
    return _text(value), None


def _max_score(cluster: Mapping[str, Any], score: Mapping[str, float]) -> float:
    # The JSON carries it; a document from a writer that knows only the contract may not.
    if "max_score" in cluster:
        return float(cluster["max_score"])
    return max((score[m] for m in cluster["workers"] if m in score), default=0.0)


def _cluster_view(
    c: Mapping[str, Any],
    anchor: str,
    anchors: Mapping[str, str],
    score: Mapping[str, float],
    level: Mapping[str, str],
) -> ClusterView:
    members = sorted(c["workers"], key=lambda m: (-score.get(m, 0.0), m))
    shared = _shared(c["links"], anchors)
    return ClusterView(
        id=c["cluster_id"],
        anchor=anchor,
        # A cluster is as worrying as its riskiest member; clusters of low-risk people
        # only (a household) start folded.
        level=next((lv for lv in LEVELS if any(level.get(m) == lv for m in c["workers"])), "low"),
        max_score=_max_score(c, score),
        strength=float(c.get("strength", max((s.strength for s in shared), default=0.0))),
        kinds=[str(k) for k in c.get("kinds", sorted({s.kind for s in shared}))],
        members=[MemberView(m, anchors.get(m), score.get(m, 0.0), level.get(m, "low")) for m in members],
        shared=shared,
    )


def _shared(links: Sequence[Mapping[str, Any]], anchors: Mapping[str, str]) -> list[SharedView]:
    """Pairwise links grouped by the value shared: k workers on one payout account are one
    line naming k workers, not k·(k−1)/2 pairs (the JSON keeps the pairs). Strongest first.

    A value only groups workers its pairs connect: two unrelated pairs of near-duplicate
    résumés both described as "100% of word sequences in common" stay two lines."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for link in links:
        groups.setdefault((str(link["kind"]), str(link["value"])), []).append(link)
    out = [
        _shared_view(kind, value, pairs, anchors)
        for (kind, value), all_pairs in groups.items()
        for pairs in _connected(all_pairs)
    ]
    return sorted(out, key=lambda v: (-v.strength, v.kind, v.value, v.members))


def _connected(pairs: list[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The links split into groups that share workers (connected components, by union-find)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for link in pairs:
        ra, rb = root(str(link["a"])), root(str(link["b"]))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for link in pairs:
        groups.setdefault(root(str(link["a"])), []).append(link)
    return list(groups.values())


def _shared_view(
    kind: str, value: str, pairs: list[Mapping[str, Any]], anchors: Mapping[str, str]
) -> SharedView:
    strengths = [float(k.get("strength", 1.0)) for k in pairs]
    rows: dict[tuple[str, str, str], Mapping[str, Any]] = {}
    for k in pairs:
        for r in (k.get("evidence") or {}).get("rows") or []:
            rows.setdefault((str(r["table"]), str(r["row_id"]), str(r["source"])), r)
    listed = list(rows.values())
    return SharedView(
        kind=kind,
        value=value,
        strength=max(strengths),
        weakest=min(strengths),
        members=[(w, anchors.get(w)) for w in sorted({w for k in pairs for w in (k["a"], k["b"])})],
        rows=listed[:HTML_ROWS],
        more=max(0, len(listed) - HTML_ROWS),
    )


def _common_rows(common: Any) -> list[tuple[str, str, str]]:
    """Values held by so many workers that they link nobody (kind, value, holders)."""
    return [
        (_text(c.get("kind")), _text(c.get("value")), _text(c.get("holders")))
        for c in _as_list(common)
        if isinstance(c, Mapping)
    ]


def _meta_rows(meta: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Meta keys without a dedicated place, shown as label/text pairs so nothing is hidden."""
    return [(str(k), _text(v)) for k, v in meta.items() if k not in _KNOWN_META]


def _feed_rows(feeds: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Which intelligence the scan used: each feed with its snapshot date and age, then the missing ones."""
    if not feeds:
        return []
    out = []
    for feed in _as_list(feeds.get("used")):
        if isinstance(feed, Mapping):
            age = feed.get("age_days")
            state = " — stale" if feed.get("stale") else ""
            when = f"snapshot {feed.get('snapshot_date') or 'undated'}" + (
                f", {age} days old" if age is not None else ""
            )
            out.append((_text(feed.get("name")), f"{when}{state}"))
    missing = _as_list(feeds.get("missing"))
    if missing:
        out.append(("missing", ", ".join(_text(m) for m in missing)))
    if feeds.get("package_data"):
        out.append(("package data", _text(feeds["package_data"])))
    return out


def _table_rows(rows: Any) -> list[tuple[str, str]]:
    if not isinstance(rows, Mapping):
        return []
    return [(str(k), _text(v)) for k, v in rows.items()]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _text(value: Any) -> str:
    """A JSON value as short readable text (escaping is the template's job)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(not isinstance(v, list | dict) for v in value):
        text = ", ".join(_text(v) for v in value)
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    if len(text) > VALUE_CHARS:
        return f"{text[:VALUE_CHARS]}… ({len(text):,} characters in all)"
    return text


def _signed(x: float) -> str:
    return f"{x:+.2f}".replace("-", "\u2212")  # a real minus sign reads better than a hyphen


def _pct(p: float) -> str:
    """A probability as a percentage that never claims certainty it does not have."""
    if p >= 0.999:
        return ">99.9%"
    if p < 0.001:
        return "<0.1%"
    return f"{p * 100:.1f}%"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,  # every string from the bundle is untrusted
        undefined=jinja2.StrictUndefined,  # a typo in the template fails the tests, not silently
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["signed"] = _signed
    env.filters["pct"] = _pct
    source = resources.files("unmask.report").joinpath(TEMPLATE).read_text("utf-8")
    return env.from_string(source)
