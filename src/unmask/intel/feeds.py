"""Feed snapshots in a local cache: what each is, where it came from, how old it is.

Users run unmask where no data may leave the building, so intelligence that
changes (VPN and Tor lists, cloud ranges, disposable domains, the OFAC list,
sanctioned wallets, indicator lists) arrives as *snapshots*: ``unmask feeds
update --from DIR_OR_URL`` copies them into a cache folder, one sub-folder per
feed, and records source, snapshot date and checksum in ``feeds.json``. A scan
reads the cache and reports which feeds it used, which were missing and which
are stale. Nothing here touches the network unless the user passes a URL.

The cache layout is the layout of the snapshots themselves (a folder per feed
named as in :data:`FEEDS`), so a folder of snapshots without ``feeds.json``
(such as ``../shared/data``) can be used directly: its records are derived on
the fly.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

MANIFEST = "feeds.json"


class FeedError(Exception):
    """A feed source that cannot be read, or holds no feed we know."""


@dataclass(frozen=True)
class FeedSpec:
    name: str
    what: str
    markers: tuple[str, ...]  # glob patterns of files that identify this feed in a loose folder
    max_age_days: int  # older snapshots are reported as stale


FEEDS: dict[str, FeedSpec] = {
    spec.name: spec
    for spec in (
        FeedSpec("x4bnet-vpn-datacenter", "VPN and datacenter IP ranges and ASNs (X4BNet lists_vpn)",
                 ("vpn_ipv4.txt", "datacenter_ipv4.txt"), 30),
        FeedSpec("tor-nodes", "Tor exit and relay addresses", ("tor-exit-nodes.lst", "tor-nodes.lst"), 7),
        FeedSpec("cloud-ip-ranges", "published IP ranges of cloud and hosting providers",
                 ("aws.csv", "google-cloud.csv", "microsoft-azure.csv"), 30),
        FeedSpec("disposable-email-domains", "disposable email domains",
                 ("disposable_email_blocklist.conf",), 90),
        FeedSpec("ofac-sdn", "OFAC SDN list (sdn.csv, alt.csv, add.csv or sdn_advanced.xml)",
                 ("sdn*.csv", "sdn_advanced.xml"), 30),
        FeedSpec("ofac-crypto-addresses", "OFAC-sanctioned digital currency addresses",
                 ("sanctioned_addresses_*.txt",), 30),
        FeedSpec("dprk-itw-iocs", "indicator lists (domains, IPs, URLs) of DPRK IT-worker activity",
                 ("*iocs*.txt",), 180),
    )
}  # fmt: skip


@dataclass(frozen=True)
class FeedRecord:
    """One snapshot in the cache."""

    name: str
    source: str  # folder or URL it was loaded from
    snapshot_date: str | None  # ISO date the data represents (from its PROVENANCE.md), if known
    loaded_at: str  # ISO timestamp of the update
    sha256: str  # over the snapshot's files, names included
    files: int
    bytes: int


@dataclass(frozen=True)
class FeedStatus:
    name: str
    what: str
    record: FeedRecord | None
    age_days: int | None
    stale: bool

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "present": self.record is not None,
                                  "age_days": self.age_days, "stale": self.stale}  # fmt: skip
        if self.record:
            out |= {k: v for k, v in asdict(self.record).items() if k != "name"}
        return out


def default_cache_dir() -> Path:
    """``$UNMASK_FEEDS``, else ``$XDG_CACHE_HOME/unmask/feeds``, else ``~/.cache/unmask/feeds``."""
    if env := os.environ.get("UNMASK_FEEDS"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "unmask" / "feeds"


class FeedCache:
    """A folder of feed snapshots, one sub-folder per feed, with a manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def paths(self) -> dict[str, Path]:
        """Feed name → folder, for every known feed present in the cache."""
        return {name: self.root / name for name in FEEDS if _has_files(self.root / name)}

    def records(self) -> dict[str, FeedRecord]:
        manifest = self._manifest()
        out = {}
        for name, path in self.paths().items():
            out[name] = manifest.get(name) or _record(name, path, source=str(path), loaded_at=None)
        return out

    def status(self, today: date | None = None) -> list[FeedStatus]:
        today = today or datetime.now(UTC).date()
        records = self.records()
        out = []
        for name, spec in FEEDS.items():
            record = records.get(name)
            age = None
            if record and record.snapshot_date:
                age = (today - date.fromisoformat(record.snapshot_date)).days
            out.append(FeedStatus(name, spec.what, record, age, age is not None and age > spec.max_age_days))
        return out

    def update_from(self, source: str) -> list[FeedRecord]:
        """Load every feed found in ``source`` (folder, archive or URL); returns what was stored."""
        with tempfile.TemporaryDirectory(prefix="unmask-feeds-") as tmp:
            folder = _materialise(source, Path(tmp))
            found = find_feeds(folder)
            if not found:
                raise FeedError(
                    f"{source}: no known feed found; expected sub-folders named {', '.join(FEEDS)} "
                    "or the files of one of them"
                )
            self.root.mkdir(parents=True, exist_ok=True)
            manifest = self._manifest()
            stored = []
            for name, path in sorted(found.items()):
                stored.append(self._store(name, path, source))
                manifest[name] = stored[-1]
            self._write_manifest(manifest)
        return stored

    def _store(self, name: str, path: Path, source: str) -> FeedRecord:
        # Copy beside the old snapshot, then swap: a failed copy leaves the old one in place.
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=self.root))
        try:
            for file in _files(path):
                target = staging / file.relative_to(path)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, target)
            record = _record(name, staging, source=source, loaded_at=_now())
            final = self.root / name
            old = self.root / f".{name}.old"
            shutil.rmtree(old, ignore_errors=True)
            if final.exists():
                final.rename(old)
            staging.rename(final)
            shutil.rmtree(old, ignore_errors=True)
            return record
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _manifest(self) -> dict[str, FeedRecord]:
        path = self.root / MANIFEST
        if not path.exists():
            return {}
        try:
            raw = json.loads(path.read_text("utf-8"))
            return {name: FeedRecord(**rec) for name, rec in raw.items() if name in FEEDS}
        except (ValueError, TypeError) as exc:
            raise FeedError(f"{path}: unreadable feed manifest ({exc}); run `unmask feeds update`") from None

    def _write_manifest(self, manifest: Mapping[str, FeedRecord]) -> None:
        tmp = self.root / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps({k: asdict(v) for k, v in sorted(manifest.items())}, indent=2) + "\n")
        tmp.replace(self.root / MANIFEST)


def find_feeds(folder: Path) -> dict[str, Path]:
    """Known feeds in a folder: sub-folders named after feeds, the folder itself, or its files."""
    found = {name: folder / name for name in FEEDS if _has_files(folder / name)}
    if found:
        return found
    if folder.name in FEEDS and _has_files(folder):
        return {folder.name: folder}
    for name, spec in FEEDS.items():
        if any(any(folder.glob(pattern)) for pattern in spec.markers):
            return {name: folder}
    return {}


def _has_files(path: Path) -> bool:
    return path.is_dir() and any(p.is_file() for p in path.iterdir())


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))


def _record(name: str, path: Path, *, source: str, loaded_at: str | None) -> FeedRecord:
    digest = hashlib.sha256()
    files = _files(path)
    size = 0
    for file in files:
        data = file.read_bytes()
        size += len(data)
        digest.update(str(file.relative_to(path)).encode() + b"\0" + data)
    return FeedRecord(
        name=name,
        source=source,
        snapshot_date=snapshot_date(path),
        loaded_at=loaded_at or _mtime(files),
        sha256=digest.hexdigest(),
        files=len(files),
        bytes=size,
    )


_ISO_DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_UNIX_DATE = re.compile(r"\b([A-Z][a-z]{2}) +(\d{1,2}) [\d:]+ (?:\S+ )?(\d{4})\b")  # `date` output


def snapshot_date(path: Path) -> str | None:
    """The date a snapshot's data represents: Tor's Last-Checked-At, else PROVENANCE.md's first date."""
    checked = path / "Last-Checked-At"
    if checked.exists() and (m := _UNIX_DATE.search(checked.read_text("utf-8", errors="replace"))):
        return datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%b %d %Y").date().isoformat()
    provenance = path / "PROVENANCE.md"
    if provenance.exists() and (m := _ISO_DATE.search(provenance.read_text("utf-8", errors="replace"))):
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    return None


def _mtime(files: list[Path]) -> str:
    newest = max((f.stat().st_mtime for f in files), default=0.0)
    return datetime.fromtimestamp(newest, UTC).isoformat(timespec="seconds")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _materialise(source: str, tmp: Path) -> Path:
    """A local folder holding the source's files: the folder itself, or an unpacked archive."""
    scheme = urllib.parse.urlparse(source).scheme
    if scheme in ("http", "https", "file"):
        name = Path(urllib.parse.urlparse(source).path).name or "feeds"
        archive = tmp / name
        try:
            with urllib.request.urlopen(source, timeout=60) as response, archive.open("wb") as out:
                shutil.copyfileobj(response, out)
        except OSError as exc:
            raise FeedError(f"{source}: cannot download ({exc})") from None
        return _unpack(archive, tmp / "unpacked")
    path = Path(source)
    if path.is_dir():
        return path
    if path.is_file():
        return _unpack(path, tmp / "unpacked")
    raise FeedError(f"{source}: no such folder or file")


def _unpack(archive: Path, into: Path) -> Path:
    into.mkdir()
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    _check_member(archive, into, member)
                zf.extractall(into)
        elif tarfile.is_tarfile(archive):
            with tarfile.open(archive) as tf:
                tf.extractall(into, filter="data")  # refuses links and paths outside ``into``
        else:
            raise FeedError(f"{archive.name}: not a folder, .zip or .tar archive")
    except (zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        raise FeedError(f"{archive.name}: damaged archive ({exc})") from None
    entries = [p for p in into.iterdir() if not p.name.startswith(".")]
    # An archive of one folder: look inside it (unless that folder is itself a feed's).
    if len(entries) == 1 and entries[0].is_dir() and not find_feeds(into):
        return entries[0]
    return into


def _check_member(archive: Path, into: Path, member: str) -> None:
    if not (into / member).resolve().is_relative_to(into.resolve()):
        raise FeedError(f"{archive.name}: member {member!r} would be written outside the cache")
