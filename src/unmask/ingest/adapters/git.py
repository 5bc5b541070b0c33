"""Git repositories → ``commits``: who wrote what, and the clock they wrote it by.

A commit records two people (author, committer), two dates and the UTC offset
of each person's clock when they wrote it. The author offset is the worker's
local time as their machine saw it, which is what the commits detector compares
with the timezone they claim; so ``ts`` is the author date exactly as git
recorded it (``%aI``: strict ISO 8601 with that offset), never converted.

The rest is kept as evidence (``extra``) because it shows a history that was
written after the fact: backdated commits to look like a long-employed
developer, one person committing under several emails, or commits produced on
one machine and replayed under another identity. Each hint has innocent causes
too (rebase, cherry-pick, web merges, a changed laptop), so they are facts to
read, not findings on their own.

The repository is only read: ``git log`` in a child process (no shell), with
replace objects, mailmap and signature checks off so the repository's own files
cannot rewrite or execute anything, and lazy fetching off so nothing is fetched.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from unmask.ingest.adapters.base import IDENTITY, LINE, AdapterChunk, Chunk
from unmask.ingest.errors import RowError
from unmask.ingest.readers import CHUNK_ROWS, FileError

# git's placeholders, one per field. Fields are NUL-separated and a record ends with
# RS + the newline git adds after each commit: names and emails cannot contain a
# newline, so "\x1e\n" can only end a record, and no commit message is read at all.
_FIELDS = {
    "commit": "%H",
    "parents": "%P",
    "author_name": "%an",  # lower-case placeholders: as written, not rewritten by .mailmap
    "author_email": "%ae",
    "ts": "%aI",
    "author_epoch": "%at",
    "committer_name": "%cn",
    "committer_email": "%ce",
    "committer_date": "%cI",
    "committer_epoch": "%ct",
}
_FORMAT = "%x00".join(_FIELDS.values()) + "%x1e"
_END = b"\x1e\n"
_READ_BLOCK = 1 << 20
_READ_AHEAD = 64  # blocks buffered between git and the parser (64 MiB at most)

_HASH = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")  # SHA-1 or SHA-256 repositories
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)")
_EPOCH = re.compile(r"-?\d+")
_PARENTS = re.compile(r"(?:[0-9a-f]{40}(?:[0-9a-f]{24})?(?: |$))*")  # space-separated hashes, or none

# Output: the bundle columns of ``commits`` (``_identity`` instead of worker_id) then evidence.
BUNDLE_COLUMNS = [IDENTITY, "ts", "repo", "author_name", "author_email"]
EXTRA_COLUMNS = [
    "commit",  # the hash: the stable reference to the commit (LINE is only its place in this log)
    "parent_count",  # 0 for a root (or a shallow clone's boundary), 2+ for merges
    "committer_name",
    "committer_email",
    "committer_date",  # %cI, with the committer's offset
    "author_date_after_commit",  # authored after it was committed: the author date was set by hand
    "committer_differs",  # committer name or email is not the author's
    "offset_differs",  # author and committer clocks had different UTC offsets
    "committed_before_parent",  # committer date earlier than a parent's: forged date or wrong clock
    "authored_before_parent",  # author date earlier than a parent's: backdating (or rebase/reorder)
    "author_name_emails",  # distinct emails this author name used across the repository
]
COLUMNS = BUNDLE_COLUMNS + EXTRA_COLUMNS

# The child's environment: nothing from the caller may point git at another repository,
# and git must neither prompt, take locks, fetch missing objects nor honour replace refs.
_SCRUB = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE",
          "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_REPLACE_REF_BASE")  # fmt: skip
_SAFE_CONFIG = (
    "core.quotepath=off",
    "log.showSignature=false",
    "log.mailmap=false",
    "i18n.logOutputEncoding=UTF-8",
)


@dataclass(frozen=True)
class _Repo:
    path: Path
    label: str  # the repo column and the file name in errors


class GitAdapter:
    """``git log --all`` of one local repository (working tree or bare) as ``commits`` rows."""

    name = "git"
    identity_source = "git"

    def __init__(self, *, git: str = "git", chunk_rows: int = CHUNK_ROWS) -> None:
        self.git = git
        self.chunk_rows = chunk_rows

    def read(self, path: Path) -> Iterator[AdapterChunk]:
        repo = self._locate(Path(path))
        table, errors = self._log(repo)
        if table.num_rows == 0 and not errors:
            raise FileError(f"{repo.label}: the repository has no commits")
        table = _with_hints(table, repo.label)
        for offset in range(0, max(table.num_rows, 1), self.chunk_rows):
            part = table.slice(offset, self.chunk_rows)
            # Unparseable commits are reported once, with the first chunk.
            yield AdapterChunk("commits", Chunk(list(COLUMNS), part, errors if offset == 0 else []))

    # -- running git ---------------------------------------------------------------------------

    def _env(self, path: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
        # Never look above the given folder: a plain folder inside some other checkout is not a
        # repository, and reading the enclosing one instead would attribute the wrong commits.
        env["GIT_CEILING_DIRECTORIES"] = str(path.parent)
        env.update(GIT_NO_REPLACE_OBJECTS="1", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0",
                   GIT_NO_LAZY_FETCH="1", LC_ALL="C")  # fmt: skip
        return env

    def _command(self, path: Path, *args: str) -> list[str]:
        config = [part for item in _SAFE_CONFIG for part in ("-c", item)]
        return [self.git, "--no-pager", *config, "-C", str(path), *args]

    def _run(self, path: Path, *args: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                self._command(path, *args), env=self._env(path), capture_output=True, text=True, check=False
            )
        except FileNotFoundError:
            raise FileError(
                f"git is not installed (no {self.git!r} on PATH); it is needed to read {path}"
            ) from None
        except OSError as exc:
            raise FileError(f"cannot run git ({self.git!r}): {exc}") from None

    def _locate(self, path: Path) -> _Repo:
        path = path.resolve()
        if not path.is_dir():
            raise FileError(f"{path}: not a git repository (not a folder)")
        probe = self._run(path, "rev-parse", "--absolute-git-dir", "--is-bare-repository")
        if probe.returncode != 0:
            reason = probe.stderr.strip().splitlines()[-1:] or ["git rev-parse failed"]
            raise FileError(f"{path}: not a git repository ({reason[0].removeprefix('fatal: ')})")
        git_dir_text, bare = probe.stdout.split("\n")[:2]
        git_dir = Path(git_dir_text)
        folder = git_dir if bare == "true" else path
        label = _repo_name(folder.name) or folder.name
        origin = self._run(path, "config", "--get", "remote.origin.url")
        if origin.returncode == 0 and origin.stdout.strip():
            # The origin's name is the repository's name wherever it was cloned to.
            label = _repo_name(origin.stdout.strip()) or label
        return _Repo(path, label)

    def _log(self, repo: _Repo) -> tuple[pa.Table, list[RowError]]:
        args = ["log", "--all", f"--format={_FORMAT}", "--no-show-signature", "--no-mailmap", "--no-color"]
        path = repo.path
        try:
            proc = subprocess.Popen(
                self._command(path, *args),
                env=self._env(path),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:  # pragma: no cover - git ran a moment ago in _locate
            raise FileError(f"cannot run git ({self.git!r}): {exc}") from None
        assert proc.stdout is not None and proc.stderr is not None
        try:
            table, errors = parse_log(proc.stdout, repo.label, self.chunk_rows)
        finally:
            proc.stdout.close()
            stderr = proc.stderr.read().decode("utf-8", "replace")
            proc.stderr.close()
            code = proc.wait()
        if code != 0:
            last = stderr.strip().splitlines()[-1:] or [f"exit code {code}"]
            raise FileError(f"{repo.label}: git log failed: {last[0].removeprefix('fatal: ')}")
        return table, errors


def _repo_name(location: str) -> str:
    """``git@host:org/tool.git``, ``https://host/org/tool/`` or a folder ``tool.git`` → ``tool``."""
    tail = re.split(r"[/:\\]", location.rstrip("/\\"))[-1]
    return tail.removesuffix(".git")


# -- parsing ---------------------------------------------------------------------------------------


def parse_log(stream: IO[bytes], label: str, chunk_rows: int = CHUNK_ROWS) -> tuple[pa.Table, list[RowError]]:
    """Parse ``git log --format=_FORMAT`` output into text columns (+ LINE, the record number)."""
    names = list(_FIELDS)
    columns: list[list[str]] = [[] for _ in names]
    lines: list[int] = []
    parts: list[pa.Table] = []
    errors: list[RowError] = []
    number = 0
    pending = b""

    def flush() -> None:
        table = pa.table([pa.array(c, pa.string()) for c in columns] + [pa.array(lines, pa.int64())],
                         names=[*names, LINE])  # fmt: skip
        parts.append(_checked(table, label, errors))
        for c in columns:
            c.clear()
        lines.clear()

    for block in _blocks(stream):
        records = (pending + block).split(_END)
        pending = records.pop()
        # Only splitting is done record by record; the fields are checked column-wise in flush().
        # git re-encodes names to UTF-8 when a commit declares its encoding; bytes that still are
        # not UTF-8 (an undeclared legacy encoding) are replaced: the dates are what counts.
        split = [raw.decode("utf-8", "replace").split("\x00") for raw in records]
        good: list[list[str]] = []
        for offset, fields in enumerate(split, start=number + 1):
            if len(fields) == len(names):
                good.append(fields)
                lines.append(offset)
            else:
                reason = f"expected {len(names)} fields from git log, found {len(fields)}"
                errors.append(RowError(label, offset, "", reason, _shown(records[offset - number - 1])))
        number += len(split)
        for column, values in zip(columns, zip(*good, strict=True), strict=False):
            column.extend(values)
        if len(lines) >= chunk_rows:
            flush()
    if pending.strip():
        number += 1
        errors.append(RowError(label, number, "", "truncated git log record", _shown(pending)))
    flush()
    errors.sort(key=lambda e: e.line)
    return pa.concat_tables(parts), errors


def _blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream's bytes, read ahead in a thread.

    A pipe holds 64 KiB: read inline, git would stop writing whenever Python parses, and the two
    would take turns instead of running at once (about twice the time for a large history).
    """
    ahead: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=_READ_AHEAD)
    # A larger pipe lets each read (each time the thread takes the GIL back) move up to 1 MiB.
    with contextlib.suppress(ImportError, AttributeError, OSError, ValueError):
        import fcntl  # not on Windows; F_SETPIPE_SZ is Linux only

        fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, _READ_BLOCK)

    def pump() -> None:
        try:
            while block := stream.read(_READ_BLOCK):
                ahead.put(block)
            ahead.put(b"")
        except BaseException as exc:  # handed to the consumer, which re-raises it
            ahead.put(exc)

    threading.Thread(target=pump, daemon=True).start()
    while True:
        item = ahead.get()
        if isinstance(item, BaseException):
            raise item
        if not item:
            return
        yield item


def _shown(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").replace("\x00", " | ")


_CHECKS = (
    ("commit", _HASH, "not a commit hash"),
    ("ts", _ISO, "git could not read the author date"),
    ("author_epoch", _EPOCH, "git could not read the author date"),
    ("committer_date", _ISO, "git could not read the committer date"),
    ("committer_epoch", _EPOCH, "git could not read the committer date"),
    ("parents", _PARENTS, "not a list of commit hashes"),
)


def _checked(table: pa.Table, label: str, errors: list[RowError]) -> pa.Table:
    """``table`` without the records git could not print properly; each becomes a RowError."""
    bad_any = None
    for column, pattern, reason in _CHECKS:
        bad = pc.invert(pc.match_substring_regex(table[column], f"^(?:{pattern.pattern})$"))
        if bad_any is not None:
            bad = pc.and_(bad, pc.invert(bad_any))  # one error per record: its first bad field
        if pc.any(bad).as_py():
            rows = table.filter(bad)
            for line, commit, value in zip(rows[LINE].to_pylist(), rows["commit"].to_pylist(),
                                           rows[column].to_pylist(), strict=True):  # fmt: skip
                errors.append(RowError(label, line, column, f"{reason} (commit {commit[:12]})", value))
        bad_any = bad if bad_any is None else pc.or_(bad_any, bad)
    return table if bad_any is None or not pc.any(bad_any).as_py() else table.filter(pc.invert(bad_any))


# -- repository-wide hints -------------------------------------------------------------------------


def _offset(iso: pa.ChunkedArray) -> pa.ChunkedArray:
    """The trailing offset of strict ISO dates; git ≥ 2.46 may print Z for +00:00."""
    tail = pc.utf8_slice_codeunits(iso, 19)
    return pc.if_else(pc.equal(tail, "Z"), "+00:00", tail)


def _text(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    if pa.types.is_boolean(values.type):
        return pc.if_else(values, "true", "false")
    return pc.cast(values, pa.string())


def _before_parent(table: pa.Table, epoch: str) -> pa.Array:
    """Per commit: is its ``epoch`` earlier than that of any parent present in the log?"""
    parents = pc.split_pattern(pc.fill_null(table["parents"], ""), " ", max_splits=None)
    flat = pc.list_flatten(parents)
    owner = pc.list_parent_indices(parents)
    edges = pa.table({"parent": flat, "row": owner}).filter(pc.not_equal(flat, ""))
    own = pc.cast(table[epoch], pa.int64())
    dates = pa.table({"parent": table["commit"], "parent_epoch": own})
    joined = edges.join(dates, "parent", join_type="inner")
    child = pc.take(own, joined["row"])
    early_rows = pc.filter(joined["row"], pc.less(child, joined["parent_epoch"]))
    rows = pa.array(np.arange(table.num_rows, dtype=np.int64))
    return pc.is_in(rows, value_set=pc.unique(early_rows.combine_chunks()))


def _with_hints(table: pa.Table, repo: str) -> pa.Table:
    """Bundle columns + evidence columns (all text) from the parsed log."""
    n = table.num_rows
    author_epoch = pc.cast(table["author_epoch"], pa.int64())
    committer_epoch = pc.cast(table["committer_epoch"], pa.int64())
    author_email_key = pc.utf8_lower(pc.utf8_trim_whitespace(table["author_email"]))
    committer_email_key = pc.utf8_lower(pc.utf8_trim_whitespace(table["committer_email"]))
    differs = pc.or_(
        pc.not_equal(author_email_key, committer_email_key),
        pc.not_equal(
            pc.utf8_trim_whitespace(table["author_name"]), pc.utf8_trim_whitespace(table["committer_name"])
        ),
    )
    # Distinct emails per author name, compared as the identity resolver does (trimmed, any case).
    name_key = pc.utf8_lower(pc.utf8_trim_whitespace(table["author_name"]))
    keyed = pa.table({"name_key": name_key, "email_key": author_email_key})
    per_name = keyed.group_by("name_key").aggregate([("email_key", "count_distinct")])
    emails = pc.take(
        per_name["email_key_count_distinct"], pc.index_in(name_key, value_set=per_name["name_key"])
    )
    parent_count = pc.list_value_length(pc.split_pattern(table["parents"], " "))
    parent_count = pc.if_else(pc.equal(table["parents"], ""), 0, parent_count)
    columns = {
        IDENTITY: table["author_email"],
        "ts": table["ts"],
        "repo": pa.array([repo] * n, pa.string()),
        "author_name": table["author_name"],
        "author_email": table["author_email"],
        "commit": table["commit"],
        "parent_count": _text(parent_count),
        "committer_name": table["committer_name"],
        "committer_email": table["committer_email"],
        "committer_date": table["committer_date"],
        "author_date_after_commit": _text(pc.greater(author_epoch, committer_epoch)),
        "committer_differs": _text(differs),
        "offset_differs": _text(pc.not_equal(_offset(table["ts"]), _offset(table["committer_date"]))),
        "committed_before_parent": _text(_before_parent(table, "committer_epoch")),
        "authored_before_parent": _text(_before_parent(table, "author_epoch")),
        "author_name_emails": _text(emails),
    }
    blank = {IDENTITY, "author_name", "author_email", "committer_name", "committer_email"}
    arrays = [_blank_to_null(v) if k in blank else v for k, v in columns.items()]
    return pa.table([*arrays, table[LINE]], names=[*columns, LINE])


def _blank_to_null(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    # An empty cell is a missing value in the bundle; git prints "" for an ident without email.
    return pc.if_else(pc.equal(pc.utf8_trim_whitespace(values), ""), pa.scalar(None, pa.string()), values)


__all__ = ["BUNDLE_COLUMNS", "COLUMNS", "EXTRA_COLUMNS", "GitAdapter", "parse_log"]
