"""The demo organisation generator: contract, determinism, ground truth and realism.

One default-size bundle (400 workers, conftest.py) is generated once and shared by the
read-only tests; the format, determinism and scale tests make their own smaller
bundles so the whole file stays fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.demo.bundles import SPEC_COLUMNS, Row, Tables, read_table
from unmask.demo import GROUPS, DemoTruth, generate_bundle, texts
from unmask.demo import names as name_pools
from unmask.demo.places import COUNTRIES, VPN_EXITS
from unmask.demo.writer import ADDED_COLUMNS
from unmask.intel.geoip import load_geo_index
from unmask.model import TABLES

WINDOW = (dt.datetime(2026, 8, 1, tzinfo=dt.UTC), dt.datetime(2026, 9, 30, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def small_bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same small organisation in each of the three formats."""
    root = tmp_path_factory.mktemp("formats")
    out = {}
    for fmt in ("csv", "jsonl", "parquet"):
        generate_bundle(root / fmt / "bundle", workers=120, seed=3, fmt=fmt)  # type: ignore[arg-type]
        out[fmt] = root / fmt / "bundle"
    return out


# --- the contract -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_every_table_is_written_with_exactly_the_spec_columns(
    small_bundles: dict[str, Path], fmt: str
) -> None:
    folder = small_bundles[fmt]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.{fmt}" for t in TABLES)
    for table, columns in SPEC_COLUMNS.items():
        path = folder / f"{table}.{fmt}"
        if fmt == "csv":
            with path.open(encoding="utf-8") as handle:
                header = next(csv.reader(handle))
        elif fmt == "jsonl":
            with path.open(encoding="utf-8") as handle:
                header = list(json.loads(handle.readline()))
        else:
            header = pq.read_schema(path).names
        assert header == columns + [c.name for c in ADDED_COLUMNS.get(table, ())], table
        assert read_table(folder, table, fmt), f"{table} is empty"
    # Ground truth lives beside the bundle, never inside it.
    assert (folder.parent / "bundle-truth.csv").is_file()


def test_formats_hold_the_same_rows(small_bundles: dict[str, Path]) -> None:
    def normalised(fmt: str, table: str) -> list[tuple[str, ...]]:
        rows = read_table(small_bundles[fmt], table, fmt)
        out = []
        for row in rows:
            cells = []
            for value in row.values():
                if isinstance(value, bool):
                    value = "true" if value else "false"
                elif isinstance(value, list):
                    value = json.dumps(value)
                elif isinstance(value, float):
                    value = repr(value).removesuffix(".0")
                cells.append("" if value is None else str(value))
            out.append(tuple(cells))
        return out

    for table in ("workers", "meetings", "payments", "devices", "assessments"):
        expected = normalised("csv", table)
        assert normalised("jsonl", table) == expected, table
        assert normalised("parquet", table) == expected, table


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_bundle_ingests_without_a_rejected_row(
    small_bundles: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    from unmask.ingest import ingest_bundle
    from unmask.store import Workspace

    ws = Workspace.open(tmp_path / "ws.duckdb")
    try:
        report = ingest_bundle(ws, small_bundles[fmt])
    finally:
        ws.close()
    assert report.error_count == 0, report.errors[:5]
    assert {t.table for t in report.tables} == set(TABLES)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    def files(folder: Path) -> dict[str, bytes]:
        out = {p.name: p.read_bytes() for p in folder.iterdir()}
        out["truth"] = (folder.parent / f"{folder.name}-truth.csv").read_bytes()
        return out

    first = files(_generate(tmp_path / "a" / "bundle", seed=11))
    again = files(_generate(tmp_path / "b" / "bundle", seed=11))
    other = files(_generate(tmp_path / "c" / "bundle", seed=12))
    assert first == again
    assert all(first[name] != other[name] for name in first if name != "firms.csv")


def _generate(folder: Path, seed: int) -> Path:
    generate_bundle(folder, workers=100, seed=seed)
    return folder


def test_regenerating_in_another_format_replaces_the_old_files(tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    generate_bundle(folder, workers=50, fmt="csv")
    generate_bundle(folder, workers=50, fmt="parquet")
    assert {p.suffix for p in folder.iterdir()} == {".parquet"}


@pytest.mark.parametrize(
    "kwargs",
    [{"workers": 0}, {"days": 0}, {"seed": -1}, {"fmt": "xlsx"}, {"signins_per_worker": -5}],
)
def test_bad_arguments_are_refused(tmp_path: Path, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        generate_bundle(tmp_path / "bundle", **kwargs)


def test_every_worker_id_is_a_known_worker(default_bundle: tuple[Path, DemoTruth, Tables]) -> None:
    _, _, tables = default_bundle
    known = {row["worker_id"] for row in tables["workers"]}
    assert len(known) == len(tables["workers"]) == 400
    for table, rows in tables.items():
        if "worker_id" in SPEC_COLUMNS[table]:
            assert {row["worker_id"] for row in rows} <= known, table
    firms = {row["firm_id"] for row in tables["firms"]}
    assert {row["firm_id"] for row in tables["workers"] if row["firm_id"]} <= firms


def test_timestamps_parse_and_commit_offsets_are_kept(default_bundle: tuple[Path, DemoTruth, Tables]) -> None:
    _, truth, tables = default_bundle
    for table in ("signins", "meetings", "messages", "payments", "devices", "verifications", "assessments"):
        for row in tables[table]:
            assert row["ts"].endswith("Z"), (table, row["ts"])
            dt.datetime.fromisoformat(row["ts"])
    signin_times = [dt.datetime.fromisoformat(r["ts"]) for r in tables["signins"]]
    assert WINDOW[0] <= min(signin_times) and max(signin_times) < WINDOW[1] + dt.timedelta(days=1)

    claimed = {row["worker_id"]: row["claimed_timezone"] for row in tables["workers"]}
    offsets: dict[str, Counter[str]] = defaultdict(Counter)
    for row in tables["commits"]:
        stamp = dt.datetime.fromisoformat(row["ts"])
        assert stamp.utcoffset() is not None and row["ts"][-6] in "+-"
        group = truth.groups[row["worker_id"]]
        if group == "legit":  # the worker's own clock: the claimed zone's offset that very day
            zone = zoneinfo.ZoneInfo(claimed[row["worker_id"]])
            assert stamp.utcoffset() == stamp.astimezone(zone).utcoffset(), row
        offsets[group][row["ts"][-6:]] += 1
    assert set(offsets["operative_sloppy"]) <= {"+08:00", "+09:00"}
    assert {"+08:00", "+09:00"} & set(offsets["operative_moderate"])


# --- the ground truth --------------------------------------------------------------------------


def test_truth_file_covers_every_worker_and_every_group(
    default_bundle: tuple[Path, DemoTruth, Tables],
) -> None:
    folder, truth, tables = default_bundle
    with (folder.parent / "bundle-truth.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["worker_id", "group", "ring_id", "is_operative"]
    assert {r["worker_id"] for r in rows} == {w["worker_id"] for w in tables["workers"]}
    for r in rows:
        assert truth.groups[r["worker_id"]] == r["group"]
        assert (r["is_operative"] == "true") == r["group"].startswith("operative_")
        assert (truth.rings[r["worker_id"]] or "") == r["ring_id"]
        assert not r["ring_id"] or r["is_operative"] == "true"

    sizes = Counter(truth.groups.values())
    assert set(sizes) == set(GROUPS)
    n = len(rows)
    assert 0.72 <= sizes["legit"] / n <= 0.82
    for group in GROUPS[1:8]:
        assert 0.02 <= sizes[group] / n <= 0.04, group
    assert 0.06 <= len(truth.operatives) / n <= 0.08
    assert truth.legit_plain() == truth.by_group("legit")
    assert truth.operatives == {w for w, g in truth.groups.items() if g.startswith("operative_")}
    rings = truth.ring_members()
    assert rings and all(2 <= len(m) <= 6 for m in rings.values())
    assert any(truth.rings[w] is None for w in truth.operatives), "some operatives work alone"
    with pytest.raises(KeyError):
        truth.by_group("nobody")


def test_ring_members_share_infrastructure(default_bundle: tuple[Path, DemoTruth, Tables]) -> None:
    _, truth, tables = default_bundle
    values: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for table, column in (("signins", "ip"), ("signins", "device_id"), ("payments", "account_id"),
                          ("payments", "wallet_address"), ("workers", "phone"), ("profiles", "phone"),
                          ("profiles", "photo_hash"), ("profiles", "resume_text")):  # fmt: skip
        for row in tables[table]:
            if row[column]:
                # A phone is one number however it is written: compare its last ten digits.
                value = re.sub(r"\D", "", row[column])[-10:] if column == "phone" else row[column]
                values[row["worker_id"]].add((column, value))
    tiers = {w: truth.groups[w] for w in truth.operatives}
    for ring, members in truth.ring_members().items():
        # Every member shares something with another (careful members need not share one value
        # with all: they often bring their own photo and résumé).
        for m in members:
            assert any(values[m] & values[o] for o in members - {m}), f"{m} of {ring} shares nothing"
        # The laptop farm: sloppy rings' laptops all sit behind one residential line (careful
        # rings give each laptop its own line: tests/demo/test_signins.py).
        if tiers[next(iter(members))] == "operative_sloppy":
            shared = set.intersection(*(values[m] for m in members))
            assert any(kind == "ip" for kind, _ in shared), ring
    # Legitimate workers share an address only with VPN customers or their own household.
    owners: dict[str, set[str]] = defaultdict(set)
    for row in tables["signins"]:
        owners[row["ip"]].add(row["worker_id"])
    exits = {ip for ips in VPN_EXITS.values() for ip in ips}
    for ip, who in owners.items():
        legit = who - truth.operatives
        if len(who) > 1 and ip not in exits and legit:
            assert legit == who and len(who) == 2, (ip, who)


def test_signin_addresses_geolocate_as_intended(default_bundle: tuple[Path, DemoTruth, Tables]) -> None:
    _, truth, tables = default_bundle
    claimed = {row["worker_id"]: row["claimed_country"] for row in tables["workers"]}
    ips = sorted({row["ip"] for row in tables["signins"]})
    country = dict(zip(ips, load_geo_index().countries(ips), strict=True))
    assert all(country.values()), "every address geolocates"
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for row in tables["signins"]:
        group = truth.groups[row["worker_id"]]
        where = country[row["ip"]]
        if group in ("legit", "legit_night_owl", "legit_crypto", "legit_it_admin", "legit_camera_shy"):
            assert where == claimed[row["worker_id"]], row
        at_home = where == claimed[row["worker_id"]]
        seen[group]["home" if at_home else str(where)] += 1
    assert set(seen["operative_sloppy"]) & {"CN", "RU"}
    assert set(seen["legit_vpn_user"]) & {"NL", "CH", "SE", "US"}
    assert len(seen["legit_traveller"]) > 1 and seen["legit_traveller"]["home"] > 0
    assert set(seen["operative_careful"]) == {"home"}  # the farm is in the claimed country


# --- each group tells its story ---------------------------------------------------------------


def _by_worker(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[row["worker_id"]].append(row)
    return out


def _camera_off_rate(rows: list[Row], kinds: tuple[str, ...] = ("standup",)) -> float:
    attended = [r for r in rows if r["kind"] in kinds and r["attended"] == "true"]
    return sum(r["camera_on"] == "false" for r in attended) / max(1, len(attended))


def _software(rows: list[Row]) -> set[str]:
    return {item for r in rows for item in json.loads(r["software"])}


def _usb(rows: list[Row]) -> set[str]:
    return {item for r in rows for item in json.loads(r["usb"])}


def _paid_to_wallet(row: Row) -> bool:
    return row["method"] == "crypto" and bool(row["wallet_address"])


def _asks_prepayment(row: Row) -> bool:
    return row["kind"] == "prepayment_request"


def _flag_count(row: Row) -> int:
    return len(json.loads(row["flags"]))


WORK_CALLS = ("standup", "interview")

REMOTE_TOOLS = {"AnyDesk", "TeamViewer", "RustDesk", "Chrome Remote Desktop Host", "Splashtop Streamer",
                "ScreenConnect Client", "Splashtop Business", "RealVNC Viewer"}  # fmt: skip

# (group, table, what most of its members show there, share of members that must show it)
SIGNATURES: list[tuple[str, str, Callable[[list[Row]], bool], float]] = [
    ("legit", "meetings", lambda rows: _camera_off_rate(rows) < 0.3, 0.95),
    ("legit", "devices", lambda rows: not _software(rows) & REMOTE_TOOLS, 1.0),
    ("legit", "assessments", lambda rows: len({f for r in rows for f in json.loads(r["flags"])}) <= 1, 1.0),
    ("legit_crypto", "payments", lambda rows: all(_paid_to_wallet(r) for r in rows), 1.0),
    ("legit_it_admin", "devices", lambda rows: bool(_software(rows) & REMOTE_TOOLS), 1.0),
    ("legit_camera_shy", "meetings", lambda rows: _camera_off_rate(rows) > 0.4, 0.9),
    ("legit_camera_shy", "meetings", lambda rows: _camera_off_rate(rows, ("interview",)) == 0, 1.0),
    ("operative_sloppy", "meetings", lambda rows: _camera_off_rate(rows, WORK_CALLS) > 0.6, 0.9),
    ("operative_sloppy", "devices", lambda rows: len(_software(rows) & REMOTE_TOOLS) >= 3, 1.0),
    ("operative_sloppy", "devices", lambda rows: bool(_usb(rows) & set(texts.IP_KVMS)), 1.0),
    ("operative_sloppy", "payments", lambda rows: any(_asks_prepayment(r) for r in rows), 1.0),
    ("operative_sloppy", "assessments", lambda rows: any(_flag_count(r) >= 2 for r in rows), 1.0),
    ("operative_moderate", "verifications", lambda rows: any(r["outcome"] == "refused" for r in rows), 1.0),
    ("operative_careful", "devices", lambda rows: not _software(rows) & REMOTE_TOOLS, 1.0),
]  # fmt: skip


@pytest.mark.parametrize(("group", "table", "shows", "share"), SIGNATURES)
def test_each_group_shows_its_signature(
    default_bundle: tuple[Path, DemoTruth, Tables],
    group: str,
    table: str,
    shows: Callable[[list[Row]], bool],
    share: float,
) -> None:
    _, truth, tables = default_bundle
    rows = _by_worker(tables[table])
    members = [w for w in truth.by_group(group) if rows.get(w)]
    assert members, f"no {group} worker has {table} rows"
    showing = sum(shows(rows[w]) for w in members)
    assert showing >= share * len(members), f"{showing} of {len(members)}"


def test_names_come_from_the_same_pools_for_everyone(default_bundle: tuple[Path, DemoTruth, Tables]) -> None:
    """Operatives' names are ordinary names of the country they claim: origin is no signal."""
    _, truth, tables = default_bundle
    for row in tables["workers"]:
        cultures = [c for c, _ in COUNTRIES[row["claimed_country"]].cultures]
        first = row["name"].split(" ", 1)[0]
        last = row["name"].split(" ", 1)[1]
        assert any(
            first in name_pools.FIRST_NAMES[c] and last in name_pools.LAST_NAMES[c] for c in cultures
        ), row["name"]
    # Every sloppy operative's payout account is in another name; no legitimate worker's is.
    payee = {r["worker_id"]: r["name"] for r in tables["profiles"] if r["source"] == "payment"}
    names = {r["worker_id"]: r["name"] for r in tables["workers"]}
    for worker in truth.by_group("operative_sloppy"):
        assert names[worker].split()[-1] not in payee[worker]
    for worker in truth.legit_plain():
        if worker in payee:
            assert names[worker].split()[-1] in payee[worker]


# --- scale ----------------------------------------------------------------------------------------


def test_scale_path_writes_exact_signin_counts(tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    generate_bundle(folder, workers=2000, signins_per_worker=50, fmt="parquet")
    workers = pq.read_table(folder / "workers.parquet", columns=["worker_id", "engagement"]).to_pylist()
    working = {w["worker_id"] for w in workers if w["engagement"] != "applicant"}
    assert len(workers) == 2000 and len(working) > 1900
    signins = pq.read_table(folder / "signins.parquet", columns=["worker_id"]).column("worker_id").to_pylist()
    assert len(signins) == 50 * len(working)
    assert set(Counter(signins).values()) == {50}
    assert set(signins) == working
