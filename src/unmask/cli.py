"""The ``unmask`` command line.

Exit codes: 0 done; 1 done, but some input rows were rejected (listed); 2 the
command could not run (unreadable bundle, bad option or configuration) and
nothing was changed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from unmask.config import ScanConfig
from unmask.detectors.registry import REGISTRY
from unmask.enrich import Intelligence
from unmask.ingest import BundleError, IngestReport, ingest_bundle
from unmask.ingest.adapters import SOURCES
from unmask.ingest.sources import ingest_source
from unmask.intel.feeds import FeedCache, FeedError, default_cache_dir
from unmask.intel.sanctions import DEFAULT_THRESHOLD
from unmask.model import ScanResult, WorkerScore
from unmask.pipeline import catalogue_markdown, scan_workspace
from unmask.report.html_report import write_html
from unmask.report.json_report import write_json
from unmask.report.ring import ring_report, ring_tables
from unmask.scoring import Weights
from unmask.store import Workspace

EXIT_REJECTED = 1
EXIT_FATAL = 2
DEFAULT_WORKSPACE = Path("unmask.duckdb")

app = typer.Typer(
    help="Find remote IT workers who are not who they claim to be. "
    "Exit codes: 0 done; 1 some input rows rejected (the rest was stored); 2 nothing done.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
out = Console()

WorkspaceOpt = Annotated[
    Path | None, typer.Option("--workspace", "-w", help="Workspace file (default ./unmask.duckdb).")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or tables; for scripts.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="Scan settings (TOML).")]
FeedsOpt = Annotated[
    Path | None,
    typer.Option("--feeds", help="Feed snapshot cache (default $UNMASK_FEEDS or ~/.cache/unmask/feeds)."),
]


def _fail(message: str) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(EXIT_FATAL)


BaseRateOpt = Annotated[
    float | None,
    typer.Option(
        "--base-rate",
        min=1e-6,
        max=0.5,
        help="Share of operatives you expect among those screened (the prior); default from the weights.",
    ),
]


def _load_config(path: Path | None, feeds: Path | None = None, base_rate: float | None = None) -> ScanConfig:
    try:
        config = ScanConfig.load(path)
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    if base_rate is not None:
        config = replace(config, base_rate=base_rate)
    return replace(config, feeds_dir=str(feeds)) if feeds is not None else config


@contextmanager
def _progress(quiet: bool) -> Iterator[Progress | None]:
    if quiet:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        yield progress


def _ingest(ws: Workspace, bundle: Path, quiet: bool, source: SourceArgs | None = None) -> IngestReport:
    label = bundle.name if source is None else f"{source.name} {bundle.name}"
    with _progress(quiet) as progress:
        task = progress.add_task(f"ingest {label}", total=None) if progress else None

        def tick(table: str, rows: int) -> None:
            if progress is not None and task is not None:
                progress.update(task, advance=rows, description=f"ingest {label}: {table}")

        try:
            if source is None:
                report = ingest_bundle(ws, bundle, tick)
            else:
                report = ingest_source(ws, source.name, source.paths, identities=source.identities,
                                       match_email=source.match_email, mapping=source.mapping,
                                       progress=tick)  # fmt: skip
        except BundleError as exc:
            raise _fail(f"{exc} (nothing was stored)") from None
    if not quiet:
        _print_ingest(report)
    elif report.error_count:
        for error in report.errors[:20]:
            console.print(str(error), markup=False)
    return report


def _print_ingest(report: IngestReport) -> None:
    table = Table(title=f"ingest {report.bundle}", title_justify="left")
    for col in ("table", "file", "read", "added", "updated", "rejected"):
        table.add_column(col, justify="right" if col not in ("table", "file") else "left")
    for t in report.tables:
        table.add_row(t.table, t.file, f"{t.read:,}", f"{t.added:,}", f"{t.updated:,}", f"{t.rejected:,}")
    console.print(table)
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {warning}", markup=True, highlight=False)
    if report.error_count:
        console.print(f"[red]{report.error_count:,} row(s) rejected[/]; first ones:")
        for error in report.errors[:20]:
            console.print(f"  {error}", markup=False, highlight=False)


def _scan(ws: Workspace, config: ScanConfig, quiet: bool) -> ScanResult:
    with _progress(quiet) as progress:
        task = progress.add_task("scan", total=None) if progress else None

        def step(name: str) -> None:
            if progress is not None and task is not None:
                progress.update(task, description=name)

        result = scan_workspace(ws, config, step)
    result.meta["scanned_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    if not quiet:
        for warning in result.meta["feeds"]["warnings"]:
            console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    return result


def _print_ranking(result: ScanResult, top: int) -> None:
    table = Table(title=f"top {top} of {len(result.workers)} workers", title_justify="left")
    for col in ("#", "worker", "score", "level", "top findings"):
        table.add_column(col)
    colours = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}
    for rank, w in enumerate(result.workers[:top], start=1):
        raising = sorted((p for p in w.parts if p.weight > 0), key=lambda p: -p.weight)
        titles = "; ".join(p.finding.title for p in raising[:2])
        if len(raising) > 2:
            titles += f" (+{len(raising) - 2} more)"
        table.add_row(str(rank), w.worker_id, f"{w.score:.3f}", f"[{colours[w.level]}]{w.level}[/]", titles)
    out.print(table)


def _write_outputs(result: ScanResult, json_path: Path | None, html_path: Path | None) -> None:
    if json_path:
        write_json(result, json_path)
        console.print(f"JSON  → {json_path}")
    if html_path:
        write_html(result, html_path)
        console.print(f"HTML  → {html_path}")


@dataclass(frozen=True)
class SourceArgs:
    name: str
    paths: list[Path]
    identities: Path | None
    match_email: bool
    mapping: Path | None


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="A bundle folder or .zip; with --source, the export files.")
    ],
    source: Annotated[
        str, typer.Option(help=f"bundle, or a log export: {', '.join(SOURCES)} (see docs/adapters.md).")
    ] = "bundle",
    identities: Annotated[
        Path | None, typer.Option(help="identities file (worker_id, source, identity) for this ingest.")
    ] = None,
    match_email: Annotated[
        bool, typer.Option("--match-email", help="Map unmapped identities to the worker with that email.")
    ] = False,
    mapping: Annotated[Path | None, typer.Option("--map", help="Column mapping for --source csv.")] = None,
    workspace: WorkspaceOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Validate a bundle (or vendor log exports with --source) and add the rows to the workspace.

    Idempotent: ingesting the same input again adds nothing."""
    if source == "bundle" and len(paths) != 1:
        raise _fail("give one bundle (folder or .zip), or --source with export files")
    args = None if source == "bundle" else SourceArgs(source, paths, identities, match_email, mapping)
    ws = Workspace.open(workspace or DEFAULT_WORKSPACE)
    try:
        report = _ingest(ws, paths[0], quiet, args)
    finally:
        ws.close()
    if report.error_count:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def scan(
    bundle: Annotated[
        Path | None, typer.Argument(help="Bundle to scan; without it, scan the workspace.")
    ] = None,
    workspace: WorkspaceOpt = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the scan result JSON.")] = None,
    html_path: Annotated[Path | None, typer.Option("--html", help="Write the HTML report.")] = None,
    config: ConfigOpt = None,
    feeds: FeedsOpt = None,
    base_rate: BaseRateOpt = None,
    top: Annotated[int, typer.Option(help="How many workers to list.")] = 15,
    quiet: QuietOpt = False,
) -> None:
    """Score every worker. With BUNDLE and no --workspace, the bundle is scanned on its own
    in a temporary workspace; with --workspace it is ingested there first."""
    settings = _load_config(config, feeds, base_rate)
    tmp = Path(tempfile.mkdtemp(prefix="unmask-scan-")) if bundle and workspace is None else None
    ws = Workspace.open(tmp / "scan.duckdb" if tmp else (workspace or DEFAULT_WORKSPACE))
    try:
        report = _ingest(ws, bundle, quiet) if bundle else None
        result = _scan(ws, settings, quiet)
        if report is not None:
            result.meta["bundle"] = str(bundle)
            result.meta["rows_rejected"] = report.error_count
            result.meta["ingest_warnings"] = report.warnings
    finally:
        ws.close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    _write_outputs(result, json_path, html_path)
    if not quiet:
        _print_ranking(result, top)
    if report is not None and report.error_count:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def explain(
    worker: Annotated[str, typer.Argument(help="worker_id")],
    workspace: WorkspaceOpt = None,
    config: ConfigOpt = None,
    feeds: FeedsOpt = None,
    base_rate: BaseRateOpt = None,
) -> None:
    """Print the waterfall behind one worker's score: prior + each finding = score."""
    settings = _load_config(config, feeds, base_rate)
    ws = Workspace.open(workspace or DEFAULT_WORKSPACE)
    try:
        result = scan_workspace(ws, settings)
    finally:
        ws.close()
    found = next((w for w in result.workers if w.worker_id == worker), None)
    if found is None:
        raise _fail(f"no worker {worker!r} in the workspace")
    _print_waterfall(found)


@app.command()
def ring(
    worker: Annotated[str, typer.Argument(help="worker_id")],
    workspace: WorkspaceOpt = None,
    config: ConfigOpt = None,
    feeds: FeedsOpt = None,
    base_rate: BaseRateOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the cluster as the scan JSON's cluster object, with scores.")
    ] = False,
) -> None:
    """Show the cluster a worker is in: its members and their risk, every link with its evidence,
    and the worker's weaker links that join no cluster."""
    settings = _load_config(config, feeds, base_rate)
    ws = Workspace.open(workspace or DEFAULT_WORKSPACE)
    try:
        result = scan_workspace(ws, settings)
    finally:
        ws.close()
    try:
        doc = ring_report(result, worker)
    except KeyError:
        raise _fail(f"no worker {worker!r} in the workspace") from None
    if as_json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    for part in ring_tables(worker, doc):
        out.print(part)


def _print_waterfall(w: WorkerScore) -> None:
    table = Table(title=f"{w.worker_id}: score {w.score:.3f} ({w.level})", title_justify="left")
    for col, justify in (("part", "left"), ("weight", "right"), ("running log-odds", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    running = w.prior_log_odds
    table.add_row("prior (base rate)", f"{w.prior_log_odds:+.3f}", f"{running:+.3f}")
    for p in w.parts:
        running += p.weight
        capped = f" (capped from {p.raw_weight:+.2f})" if abs(p.raw_weight - p.weight) > 1e-9 else ""
        table.add_row(
            f"{p.finding.title}{capped}\n  {p.finding.detail}", f"{p.weight:+.3f}", f"{running:+.3f}"
        )
    table.add_row("[bold]total[/]", "", f"[bold]{w.log_odds:+.3f}[/] → score {w.score:.3f}")
    out.print(table)


@app.command()
def detectors(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/detectors.md.")] = False,
) -> None:
    """List the detectors with their category, tables and references."""
    if markdown:
        print(catalogue_markdown(Weights.load()), end="")
        return
    table = Table(title=f"{len(REGISTRY)} detectors", title_justify="left")
    for col in ("id", "category", "tables", "description"):
        table.add_column(col)
    for d in REGISTRY.values():
        table.add_row(d.id, d.category, ", ".join(d.tables), d.description)
    out.print(table)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where the demo files go.")] = Path("demo-output"),
    workers: Annotated[int, typer.Option(help="How many workers the organisation has.")] = 400,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same organisation).")] = 7,
    feeds: FeedsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Generate a realistic demo organisation, scan it and write the report."""
    from unmask.demo import generate_bundle  # the generator is only needed here

    bundle = out_dir / "bundle"
    if bundle.exists():
        shutil.rmtree(bundle)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not quiet:
        console.print(f"generating a demo organisation of {workers} workers (seed {seed}) …")
    truth = generate_bundle(bundle, workers=workers, seed=seed)
    ws_path = out_dir / "unmask.duckdb"
    ws_path.unlink(missing_ok=True)
    ws = Workspace.open(ws_path)
    try:
        _ingest(ws, bundle, quiet)
        result = _scan(ws, _load_config(None, feeds), quiet)
    finally:
        ws.close()
    result.meta["bundle"] = str(bundle)
    json_path, html_path = out_dir / "scan.json", out_dir / "report.html"
    write_json(result, json_path)
    write_html(result, html_path)
    if not quiet:
        _print_ranking(result, 15)
        planted = sum(1 for w in result.workers[:15] if w.worker_id in truth.operatives)
        out.print(f"{planted} of the top 15 are planted operatives ({len(truth.operatives)} planted in all).")
    out.print(f"report:    {html_path.resolve()}")
    out.print(f"JSON:      {json_path.resolve()}")
    out.print(f"workspace: {ws_path.resolve()}   (try: .venv/bin/unmask explain WORKER -w {ws_path})")
    out.print(
        f"clusters:  {len(result.clusters)} groups of linked workers   "
        f"(try: .venv/bin/unmask ring WORKER -w {ws_path})"
    )


feeds_app = typer.Typer(help="Feed snapshots (VPN, Tor, cloud ranges, disposable domains, OFAC): load, list.")
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("update")
def feeds_update(
    source: Annotated[str, typer.Option("--from", help="Folder, .zip/.tar.gz archive or URL of snapshots.")],
    feeds: FeedsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Copy the feed snapshots found in SOURCE into the cache, with source, date and checksum."""
    cache = FeedCache(feeds or default_cache_dir())
    try:
        stored = cache.update_from(source)
    except (FeedError, OSError) as exc:
        raise _fail(f"{exc} (the cache was not changed)") from None
    if not quiet:
        for record in stored:
            out.print(f"{record.name}: {record.files} file(s), snapshot {record.snapshot_date or 'undated'}, "
                      f"sha256 {record.sha256[:12]}")  # fmt: skip
        out.print(f"cache: {cache.root}")


@feeds_app.command("status")
def feeds_status(
    feeds: FeedsOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per feed.")] = False,
) -> None:
    """List the known feeds: present or missing, snapshot date, age, stale or not."""
    cache = FeedCache(feeds or default_cache_dir())
    try:
        statuses = cache.status()
    except FeedError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        for status in statuses:
            print(json.dumps(status.as_dict(), sort_keys=True))
        return
    table = Table(title=f"feeds in {cache.root}", title_justify="left")
    for col in ("feed", "snapshot", "age (days)", "state", "source"):
        table.add_column(col)
    for st in statuses:
        state = "[red]missing[/]" if st.record is None else "[yellow]stale[/]" if st.stale else "[green]ok[/]"
        table.add_row(st.name, st.record.snapshot_date or "?" if st.record else "-",
                      "-" if st.age_days is None else str(st.age_days), state,
                      st.record.source if st.record else st.what)  # fmt: skip
    out.print(table)
    if not any(st.record for st in statuses):
        out.print("No feeds: unmask runs on package data only. Load snapshots with "
                  "`unmask feeds update --from DIR_OR_URL`.")  # fmt: skip


@app.command()
def screen(
    queries: Annotated[list[str], typer.Argument(help="Names, firm names or wallet addresses.")],
    feeds: FeedsOpt = None,
    kind: Annotated[str, typer.Option(help="person, organisation or any.")] = "any",
    threshold: Annotated[float, typer.Option(help="Lowest score reported (0..1).")] = DEFAULT_THRESHOLD,
) -> None:
    """Screen names and wallets against the OFAC SDN list; prints one JSON line per match."""
    if kind not in ("person", "organisation", "any"):
        raise _fail(f"--kind must be person, organisation or any, not {kind!r}")
    intel = Intelligence.open(feeds)
    sanctions = intel.sanctions
    if sanctions is None:
        raise _fail(f"no ofac-sdn or ofac-crypto-addresses feed in {intel.cache.root}; "
                    "load one with `unmask feeds update --from DIR_OR_URL`")  # fmt: skip
    hits = 0
    for query in queries:
        for match in sanctions.screen(query, threshold=threshold, kind=kind):  # type: ignore[arg-type]
            print(match.as_json())
            hits += 1
    console.print(f"{hits} match(es) for {len(queries)} quer{'y' if len(queries) == 1 else 'ies'}")


if __name__ == "__main__":  # pragma: no cover
    app()
