"""Give profile photos that a bundle ships as files a perceptual hash at ingest.

bundle-v1 lets a profiles row carry ``photo_hash`` (a hex perceptual hash) or
``photo`` (a path inside the bundle). The link layer compares hashes by
Hamming distance, so a photo given as a file is hashed here, with pHash
(64 bits, 16 hex digits), the same hash exporters are asked to send: a picture
re-encoded or resized keeps nearly the same bits, another picture does not.

A photo that cannot be hashed is a row error naming file, line and ``photo``;
the row is still stored, without a hash. Photos are few, so this is plain
Python over the distinct paths, each file opened once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import imagehash
import pyarrow as pa
from PIL import Image, ImageOps

from unmask.engine import Engine
from unmask.ingest.errors import IngestReport, RowError
from unmask.ingest.validate import quote

MAX_PHOTO_BYTES = 50 * 1024 * 1024  # far above any profile photo; refuses dumps and decompression bombs
_HASHES_TABLE = "_photo_hashes"
_HASHES_SCHEMA = pa.schema([("photo", pa.string()), ("photo_hash", pa.string())])
_NO_HASH = "; row stored without a photo hash"


class PhotoError(Exception):
    """This photo value cannot be hashed; the message says why."""


@dataclass(frozen=True)
class PhotoResult:
    hash: str | None
    error: str | None


def photo_path(root: Path, value: str) -> Path:
    """The file ``value`` names inside the bundle folder ``root``; PhotoError if it may not be read.

    Paths are relative to the bundle root with ``/`` (or ``\\``) between folders.
    Absolute paths, ``..`` and symbolic links leading out of the bundle are refused,
    so a bundle cannot make ingest read files elsewhere on the machine.
    """
    text = value.strip()
    if "://" in text:
        raise PhotoError("photo must be a path inside the bundle, not a URL")
    posix = PurePosixPath(text.replace("\\", "/"))
    if posix.is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        raise PhotoError("photo path must be relative to the bundle folder, not absolute")
    if ".." in posix.parts:
        raise PhotoError("photo path may not contain '..' (it must stay inside the bundle)")
    base = root.resolve()
    target = (base / posix).resolve()
    if not target.is_relative_to(base):
        raise PhotoError("photo path leads out of the bundle (symbolic link)")
    return target


def perceptual_hash(path: Path) -> str:
    """pHash of the image file at ``path`` as 16 hex digits; PhotoError if it is not a readable image."""
    if not path.is_file():
        raise PhotoError("no such image file in the bundle")
    size = path.stat().st_size
    if size > MAX_PHOTO_BYTES:
        raise PhotoError(f"image file is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB")
    try:
        with Image.open(path) as image:
            # Show the picture as a viewer would: a phone photo rotated by its EXIF tag
            # and the same photo rotated in its pixels then hash alike.
            upright = ImageOps.exif_transpose(image)
            return str(imagehash.phash(upright))
    except Exception as exc:  # Pillow raises many unrelated types for a broken file
        raise PhotoError(f"not a readable image ({type(exc).__name__}: {exc})") from None


def hash_photo_values(root: Path, values: list[str]) -> dict[str, PhotoResult]:
    """Hash or explain each distinct photo value, opening each distinct file once."""
    by_file: dict[Path, PhotoResult] = {}
    results: dict[str, PhotoResult] = {}
    for value in values:
        if value in results:
            continue
        try:
            path = photo_path(root, value)
        except PhotoError as exc:
            results[value] = PhotoResult(None, str(exc))
            continue
        if path not in by_file:
            try:
                by_file[path] = PhotoResult(perceptual_hash(path), None)
            except PhotoError as exc:
                by_file[path] = PhotoResult(None, str(exc))
        results[value] = by_file[path]
    return results


def hash_staged_photos(engine: Engine, report: IngestReport, root: Path, staged: str, file: str) -> None:
    """Fill ``photo_hash`` of staged profiles rows that name a ``photo`` file and give no hash.

    Rows that already carry a hash are left alone. The computed hash joins the row's
    content digest (``_content``) so that a row whose photo was missing at one ingest
    and present at the next is stored again, now with its hash.
    """
    wanted = engine.rows(
        f"SELECT _line, photo FROM {quote(staged)} "
        "WHERE photo IS NOT NULL AND photo_hash IS NULL ORDER BY _line"
    )
    if not wanted:
        return
    results = hash_photo_values(root, [r["photo"] for r in wanted])
    for row in wanted:
        error = results[row["photo"]].error
        if error is not None:
            report.add_error(RowError(file, int(row["_line"]), "photo", error + _NO_HASH, row["photo"]))
    hashed = {value: r.hash for value, r in results.items() if r.hash is not None}
    if not hashed:
        return
    engine.load_arrow(
        _HASHES_TABLE,
        pa.table({"photo": list(hashed), "photo_hash": list(hashed.values())}, schema=_HASHES_SCHEMA),
    )
    engine.execute(
        f"UPDATE {quote(staged)} s SET photo_hash = h.photo_hash, "
        "_content = md5(s._content || chr(31) || h.photo_hash) "
        f"FROM {_HASHES_TABLE} h WHERE s.photo = h.photo AND s.photo_hash IS NULL"
    )
    engine.execute(f"DROP TABLE IF EXISTS {_HASHES_TABLE}")
