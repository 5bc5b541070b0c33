"""GitAdapter on fixture repositories built in the test (no dependence on the machine's git config)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from unmask.ingest.adapters.base import IDENTITY, LINE
from unmask.ingest.adapters.git import COLUMNS, GitAdapter, parse_log
from unmask.ingest.readers import FileError

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp), **extra)
    return env


def git(repo: Path, *args: str, **env: str) -> str:
    config = [
        "user.name=Fixture",
        "user.email=fixture@example.com",
        "commit.gpgsign=false",
        "init.defaultBranch=main",
    ]
    base = ["git", *(part for item in config for part in ("-c", item)), "-C", str(repo)]
    done = subprocess.run(
        [*base, *args], env=_env(repo.parent, **env), capture_output=True, text=True, check=True
    )
    return done.stdout


def commit(repo: Path, name: str, email: str, date: str, *, committed: str | None = None,
           committer: tuple[str, str] | None = None, message: str = "work") -> str:  # fmt: skip
    cname, cemail = committer or (name, email)
    git(repo, "commit", "--allow-empty", "-q", "-m", message, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
        GIT_AUTHOR_DATE=date, GIT_COMMITTER_NAME=cname, GIT_COMMITTER_EMAIL=cemail,
        GIT_COMMITTER_DATE=committed or date)  # fmt: skip
    return git(repo, "rev-parse", "HEAD").strip()


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    return path


def rows(path: Path, adapter: GitAdapter | None = None) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for ac in (adapter or GitAdapter()).read(path):
        assert ac.table == "commits"
        assert ac.chunk.columns == COLUMNS
        out += ac.chunk.table.to_pylist()
    return out


OFFSETS = ["+09:00", "-05:00", "+05:30", "+00:00", "-03:30", "+14:00"]


@pytest.fixture
def offsets_repo(tmp_path: Path) -> Path:
    repo = new_repo(tmp_path / "offsets")
    for day, off in enumerate(OFFSETS, start=1):
        commit(repo, "Kim Lee", "kim@example.com", f"2024-03-{day:02d}T10:15:00{off}")
    return repo


def test_offsets_round_trip_exactly(offsets_repo: Path) -> None:
    got = rows(offsets_repo)
    # git log lists newest first; LINE is the position in that list.
    assert [r["ts"] for r in reversed(got)] == [
        f"2024-03-{d:02d}T10:15:00{o}" for d, o in enumerate(OFFSETS, 1)
    ]
    assert [r[LINE] for r in got] == list(range(1, len(OFFSETS) + 1))
    first = got[-1]
    assert first[IDENTITY] == "kim@example.com" and first["author_email"] == "kim@example.com"
    assert first["author_name"] == "Kim Lee" and first["repo"] == "offsets"
    assert first["parent_count"] == "0" and got[0]["parent_count"] == "1"
    assert all(r["committer_date"] == r["ts"] for r in got)
    flags = ("author_date_after_commit", "committer_differs", "offset_differs", "authored_before_parent")
    assert all(r[f] == "false" for r in got for f in flags)
    assert all(len(str(r["commit"])) == 40 for r in got)


def test_rewritten_history_hints(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "rewritten")
    commit(repo, "Ann", "ann@example.com", "2024-05-01T09:00:00+09:00")
    # Amended later on another machine by someone else: author and author date kept, committer new.
    commit(repo, "Ann", "ann@example.com", "2024-05-02T09:00:00+09:00")
    git(repo, "commit", "--amend", "--allow-empty", "--no-edit", "-q", GIT_COMMITTER_NAME="Bo",
        GIT_COMMITTER_EMAIL="bo@example.com", GIT_COMMITTER_DATE="2024-05-03T08:00:00-05:00")  # fmt: skip
    # Backdated: author date set after the commit was made, and a commit "made" before its parent.
    commit(repo, "Ann", "ann@example.com", "2024-06-01T12:00:00+09:00", committed="2024-05-04T12:00:00+09:00")
    commit(repo, "Ann", "ann@example.com", "2024-04-01T12:00:00+09:00", committed="2024-04-01T12:00:00+09:00")
    newest, backdated, amended, root = rows(repo)
    assert amended["ts"] == "2024-05-02T09:00:00+09:00"
    assert amended["committer_date"] == "2024-05-03T08:00:00-05:00"
    assert amended["committer_name"] == "Bo" and amended["committer_email"] == "bo@example.com"
    assert amended["committer_differs"] == "true" and amended["offset_differs"] == "true"
    assert root["committer_differs"] == "false" and root["offset_differs"] == "false"
    assert backdated["author_date_after_commit"] == "true"
    assert amended["author_date_after_commit"] == "false"
    assert newest["committed_before_parent"] == "true" and newest["authored_before_parent"] == "true"
    assert backdated["committed_before_parent"] == "false" and backdated["authored_before_parent"] == "false"
    assert amended["committed_before_parent"] == "false"


def test_several_emails_for_one_author_name(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "emails")
    commit(repo, "Kim Lee", "kim@example.com", "2024-01-01T10:00:00+09:00")
    commit(repo, "Kim Lee", "KIM@example.com", "2024-01-02T10:00:00+09:00")  # same email in another case
    commit(repo, "kim lee ", "kimlee.dev@gmail.com", "2024-01-03T10:00:00+09:00")
    commit(repo, "Ann", "ann@example.com", "2024-01-04T10:00:00+00:00")
    got = {(r["author_name"], r["author_email"]): r["author_name_emails"] for r in rows(repo)}
    assert got == {("Kim Lee", "kim@example.com"): "2", ("Kim Lee", "KIM@example.com"): "2",
                   ("kim lee", "kimlee.dev@gmail.com"): "2", ("Ann", "ann@example.com"): "1"}  # fmt: skip
    emails = [r[IDENTITY] for r in rows(repo)]
    assert "KIM@example.com" in emails  # kept as written; identity matching is case-insensitive


def test_names_and_messages_cannot_break_parsing(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "tricky")
    message = 'subject\x1e\nbody %H%x00\x1f "quoted", commas\n\nmore'
    commit(repo, 'José "Pepe" Ñúñez, Jr', "jose@example.com", "2024-01-01T10:00:00+01:00", message=message)
    commit(repo, "김민준", "minjun@example.kr", "2024-01-02T10:00:00+09:00", message="x\x1e\ny")
    got = rows(repo)
    assert [r["author_name"] for r in got] == ["김민준", 'José "Pepe" Ñúñez, Jr']


def test_merges_and_branches_are_all_read(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "branches")
    commit(repo, "Ann", "ann@example.com", "2024-01-01T10:00:00+00:00")
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, "Bo", "bo@example.com", "2024-01-02T10:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    commit(repo, "Ann", "ann@example.com", "2024-01-03T10:00:00+00:00")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "side", GIT_AUTHOR_DATE="2024-01-04T10:00:00+00:00",
        GIT_COMMITTER_DATE="2024-01-04T10:00:00+00:00")  # fmt: skip
    got = rows(repo)
    assert sorted(str(r["parent_count"]) for r in got) == ["0", "1", "1", "2"]


def test_bare_clone_and_origin_name(offsets_repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "mirror.git"
    git(tmp_path, "clone", "-q", "--bare", str(offsets_repo), str(bare))
    got = rows(bare)
    # A clone's origin names the repository: here the fixture folder it was cloned from.
    assert {r["repo"] for r in got} == {"offsets"}
    assert [r["ts"] for r in got] == [r["ts"] for r in rows(offsets_repo)]
    git(offsets_repo, "remote", "add", "origin", "git@github.com:acme/payments-api.git")
    assert {r["repo"] for r in rows(offsets_repo)} == {"payments-api"}
    git(bare, "remote", "remove", "origin")
    assert {r["repo"] for r in rows(bare)} == {"mirror"}


def test_unparseable_commit_is_a_row_error(offsets_repo: Path, tmp_path: Path) -> None:
    tree = git(offsets_repo, "rev-parse", "HEAD^{tree}").strip()
    idents = "author Bad Date <bad@example.com> notadate +0000\ncommitter C <c@x> 1704103200 +0930"
    body = f"tree {tree}\n{idents}\n\nm\n"
    obj = tmp_path / "commit.txt"
    obj.write_text(body)
    bad = git(offsets_repo, "hash-object", "-t", "commit", "--literally", "-w", str(obj)).strip()
    git(offsets_repo, "update-ref", "refs/heads/broken", bad)
    chunks = list(GitAdapter().read(offsets_repo))
    errors = [e for ac in chunks for e in ac.chunk.errors]
    assert len(errors) == 1
    assert errors[0].file == "offsets" and errors[0].column == "ts" and errors[0].value == "%aI"
    assert bad[:12] in errors[0].reason
    got = [r for ac in chunks for r in ac.chunk.table.to_pylist()]
    assert len(got) == len(OFFSETS)
    assert errors[0].line not in {r[LINE] for r in got}  # each log record keeps its own number


def test_chunks_keep_numbering_and_report_errors_once(offsets_repo: Path) -> None:
    chunks = list(GitAdapter(chunk_rows=4).read(offsets_repo))
    assert [ac.chunk.table.num_rows for ac in chunks] == [4, 2]
    assert [r[LINE] for ac in chunks for r in ac.chunk.table.to_pylist()] == list(range(1, 7))


@pytest.mark.parametrize("kind", ["plain folder", "missing", "file", "subfolder of a repository"])
def test_not_a_repository(tmp_path: Path, offsets_repo: Path, kind: str) -> None:
    path = {
        "plain folder": tmp_path / "plain",
        "missing": tmp_path / "nowhere",
        "file": tmp_path / "notes.txt",
        "subfolder of a repository": offsets_repo / "src",
    }[kind]
    if kind in ("plain folder", "subfolder of a repository"):
        path.mkdir()
    if kind == "file":
        path.write_text("x")
    with pytest.raises(FileError, match="not a git repository"):
        list(GitAdapter().read(path))


def test_empty_repository(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="no commits"):
        list(GitAdapter().read(new_repo(tmp_path / "empty")))


def test_git_not_installed(offsets_repo: Path) -> None:
    with pytest.raises(FileError, match="git is not installed"):
        list(GitAdapter(git=str(offsets_repo / "no-such-git")).read(offsets_repo))


def test_parse_log_reports_malformed_records() -> None:
    good = "\x00".join([
        "a" * 40, "", "Ann", "ann@example.com", "2024-01-01T10:00:00+09:00", "1704070800",
        "Ann", "ann@example.com", "2024-01-01T10:00:00Z", "1704070800",
    ])  # fmt: skip
    stream = io.BytesIO(
        f"{good}\x1e\n".encode()
        + b"only\x00three\x00fields\x1e\n"
        + f"{good.replace('a' * 40, 'b' * 40)}\x1e\n".encode()
        + "\x00".join(["c" * 40, "xyz", *good.split("\x00")[2:]]).encode() + b"\x1e\n"
        + b"cut off"
    )  # fmt: skip
    table, errors = parse_log(stream, "repo", chunk_rows=1)
    assert table.column(LINE).to_pylist() == [1, 3]
    assert [(e.line, e.column) for e in errors] == [(2, ""), (4, "parents"), (5, "")]
    assert "expected 10 fields" in errors[0].reason and "truncated" in errors[2].reason
