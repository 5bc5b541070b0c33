"""Find a bundle's table files in a folder or a ``.zip`` of one."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from unmask.ingest.errors import BundleError
from unmask.model import TABLES

FORMATS = (".csv", ".jsonl", ".parquet")


@dataclass(frozen=True)
class TableFile:
    table: str
    path: Path
    format: str  # "csv", "jsonl" or "parquet"

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Bundle:
    root: Path
    files: tuple[TableFile, ...]
    ignored: tuple[str, ...]  # files that name no bundle table


@contextmanager
def open_bundle(path: str | Path) -> Iterator[Bundle]:
    """Yield the bundle at ``path`` (folder or zip); raise BundleError if unusable."""
    path = Path(path)
    if path.is_dir():
        yield _scan_folder(path)
        return
    if not path.exists():
        raise BundleError(f"{path}: no such file or folder")
    if not zipfile.is_zipfile(path):
        raise BundleError(f"{path}: not a folder and not a readable .zip archive")
    tmp = Path(tempfile.mkdtemp(prefix="unmask-bundle-"))
    try:
        try:
            with zipfile.ZipFile(path) as archive:
                bad = archive.testzip()
                if bad is not None:
                    raise BundleError(f"{path}: archive member {bad} is corrupt (CRC mismatch)")
                for member in archive.infolist():
                    # Refuse paths that would escape the extraction folder.
                    target = (tmp / member.filename).resolve()
                    if not str(target).startswith(str(tmp.resolve())):
                        raise BundleError(f"{path}: unsafe member path {member.filename!r}")
                archive.extractall(tmp)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise BundleError(f"{path}: truncated or corrupt zip archive ({exc})") from exc
        yield _scan_folder(_single_root(tmp), label=path.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _single_root(folder: Path) -> Path:
    """A zip of a folder holds that folder; look inside it when it is the only entry."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return folder


def _scan_folder(folder: Path, label: str | None = None) -> Bundle:
    files: list[TableFile] = []
    ignored: list[str] = []
    seen: dict[str, Path] = {}
    for p in sorted(folder.iterdir()):
        if not p.is_file() or p.name.startswith("."):
            continue
        stem, suffix = p.stem, p.suffix.lower()
        if suffix not in FORMATS or stem not in TABLES:
            ignored.append(p.name)
            continue
        if stem in seen:
            raise BundleError(
                f"{label or folder}: table {stem!r} is given twice ({seen[stem].name} and {p.name})"
            )
        seen[stem] = p
        files.append(TableFile(stem, p, suffix[1:]))
    if "workers" not in seen:
        raise BundleError(
            f"{label or folder}: no workers table (workers.csv, workers.jsonl or workers.parquet)"
        )
    # workers (and firms) first: the other tables are checked against them.
    order = {"workers": 0, "firms": 1}
    files.sort(key=lambda f: (order.get(f.table, 2), f.table))
    return Bundle(folder, tuple(files), tuple(ignored))
