"""The feed cache: load snapshots from a folder, an archive or a URL; list them with their age."""

from __future__ import annotations

import json
import shutil
import tarfile
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.feeds import write_feeds
from tests.intel import SHARED_DATA, needs_shared
from unmask.intel.feeds import FEEDS, FeedCache, FeedError, find_feeds, snapshot_date


def test_update_from_folder_records_source_date_and_checksum(tmp_path: Path) -> None:
    src = write_feeds(tmp_path / "snapshots")
    cache = FeedCache(tmp_path / "cache")
    stored = cache.update_from(str(src))
    assert {r.name for r in stored} == set(FEEDS)
    manifest = json.loads((tmp_path / "cache" / "feeds.json").read_text())
    assert manifest["tor-nodes"]["snapshot_date"] == "2026-11-20"
    assert manifest["tor-nodes"]["source"] == str(src)
    assert len(manifest["tor-nodes"]["sha256"]) == 64
    assert (tmp_path / "cache" / "tor-nodes" / "tor-exit-nodes.lst").exists()


def test_status_ages_and_stale_flags(tmp_path: Path) -> None:
    cache = FeedCache(tmp_path / "cache")
    cache.update_from(str(write_feeds(tmp_path / "s")))
    by_name = {s.name: s for s in cache.status(today=date(2026, 11, 30))}
    assert by_name["tor-nodes"].age_days == 10 and by_name["tor-nodes"].stale  # Tor is stale after 7 days
    assert by_name["ofac-sdn"].age_days == 29 and not by_name["ofac-sdn"].stale


def test_empty_cache_lists_every_feed_as_missing(tmp_path: Path) -> None:
    statuses = FeedCache(tmp_path / "nothing").status()
    assert [s.name for s in statuses] == list(FEEDS)
    assert all(s.record is None and not s.stale for s in statuses)


def test_a_single_feed_folder_and_an_update_replace_only_that_feed(tmp_path: Path) -> None:
    src = write_feeds(tmp_path / "s")
    cache = FeedCache(tmp_path / "cache")
    cache.update_from(str(src))
    before = {n: r.sha256 for n, r in cache.records().items()}
    (src / "tor-nodes" / "tor-exit-nodes.lst").write_text("51.15.43.206\n")
    [record] = cache.update_from(str(src / "tor-nodes"))
    after = {n: r.sha256 for n, r in cache.records().items()}
    assert record.name == "tor-nodes" and after["tor-nodes"] != before["tor-nodes"]
    assert {n: h for n, h in after.items() if n != "tor-nodes"} == {
        n: h for n, h in before.items() if n != "tor-nodes"
    }


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "file-url"])
def test_update_from_archive_or_url(tmp_path: Path, kind: str) -> None:
    src = write_feeds(tmp_path / "snapshots")
    if kind == "tar.gz":
        archive = tmp_path / "feeds.tar.gz"
        with tarfile.open(archive, "w:gz") as tf:
            tf.add(src, arcname="snapshots")
        source = str(archive)
    else:
        archive = Path(shutil.make_archive(str(tmp_path / "feeds"), "zip", src.parent, "snapshots"))
        source = archive.as_uri() if kind == "file-url" else str(archive)
    stored = FeedCache(tmp_path / "cache").update_from(source)
    assert {r.name for r in stored} == set(FEEDS)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing", "no such folder"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "no known feed"),
        (lambda p: (p / "bad.zip").write_bytes(b"PK\x03\x04 truncated") and p / "bad.zip", "not a folder"),
    ],
    ids=["missing", "unknown", "damaged"],
)
def test_bad_sources_fail_clearly_and_leave_the_cache(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    cache = FeedCache(tmp_path / "cache")
    cache.update_from(str(write_feeds(tmp_path / "s")))
    before = (tmp_path / "cache" / "feeds.json").read_text()
    with pytest.raises(FeedError, match=message):
        cache.update_from(str(make(tmp_path)))
    assert (tmp_path / "cache" / "feeds.json").read_text() == before


def test_zip_members_may_not_escape(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../escape/tor-exit-nodes.lst", "1.2.3.4\n")
    with pytest.raises(FeedError, match="outside"):
        FeedCache(tmp_path / "cache").update_from(str(archive))
    assert not (tmp_path.parent / "escape").exists()


@needs_shared("tor-nodes")
def test_the_shared_snapshots_are_all_recognised_with_their_dates() -> None:
    found = find_feeds(SHARED_DATA)
    assert set(found) == set(FEEDS)
    assert snapshot_date(found["tor-nodes"]) == "2024-02-27"
    assert snapshot_date(found["x4bnet-vpn-datacenter"]) == "2026-08-22"
    # A folder of snapshots without a manifest is usable as a cache directly.
    assert set(FeedCache(SHARED_DATA).records()) == set(FEEDS)
