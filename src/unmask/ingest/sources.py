"""Ingest vendor exports through an adapter: same validation, same merge, plus identity mapping.

``ingest_source`` stages an optional identities file first (so its mappings
apply to this ingest), then every file through the adapter, mapping each
row's identity to a worker; email matches become ``identities`` rows of the
same ingest. One transaction stores it all, as for a bundle: a fatal error
leaves the workspace unchanged, and re-ingesting the same files adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from unmask.ingest.adapters import make_adapter
from unmask.ingest.adapters.base import Adapter
from unmask.ingest.adapters.mapped_csv import MappingError
from unmask.ingest.bundle import FORMATS, TableFile
from unmask.ingest.errors import BundleError, IngestReport, RowError
from unmask.ingest.identities import IdentityMap
from unmask.ingest.loader import Progress, Stager, commit_staged
from unmask.ingest.readers import FileError
from unmask.store import Workspace


def ingest_source(
    ws: Workspace,
    source: str,
    paths: Sequence[str | Path],
    *,
    identities: str | Path | None = None,
    match_email: bool = False,
    mapping: str | Path | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``paths`` read by the ``source`` adapter (okta, entra, m365, git, csv)."""
    try:
        adapter = make_adapter(source, mapping=Path(mapping) if mapping else None)
    except ValueError as exc:
        raise BundleError(str(exc)) from None
    files = [Path(p) for p in paths]
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        raise BundleError(f"no such file or folder: {', '.join(missing)}")
    report = IngestReport(bundle=f"{source}: {', '.join(p.name for p in files)}")
    stager = Stager(ws.engine, report, progress)
    staged_identities = None
    if identities is not None:
        stager.stage_file(_identities_file(Path(identities)))
        staged_identities = '"_in_identities"'
    ids = IdentityMap.load(ws.engine, staged_identities=staged_identities, match_email=match_email)
    for path in files:
        _stage_one(stager, adapter, path, ids, report)
    if ids.matched:
        stager.stage_chunks(
            "identities", "identities matched by email", [ids.matched_rows(adapter.identity_source)]
        )
    report.warnings += ids.warnings(adapter.name)
    skipped: dict[str, int] = getattr(adapter, "skipped", {}) or {}
    report.warnings += [
        f"{adapter.name}: {n:,} record(s) skipped: {why}" for why, n in sorted(skipped.items())
    ]
    stager.finish()
    commit_staged(ws, report, report.bundle)
    return report


def _stage_one(stager: Stager, adapter: Adapter, path: Path, ids: IdentityMap, report: IngestReport) -> None:
    try:
        for out in adapter.read(path):
            stager.stage_chunks(out.table, path.name, [ids.resolve(out.chunk, path.name)])
    except (FileError, MappingError) as exc:
        # The file is unusable (not a repository, no records): report it, go on with the others.
        report.add_error(RowError(path.name, 0, "", str(exc)))


def _identities_file(path: Path) -> TableFile:
    if not path.is_file():
        raise BundleError(f"{path}: no such identities file")
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise BundleError(f"{path}: an identities file is .csv, .jsonl or .parquet")
    return TableFile("identities", path, suffix[1:])
