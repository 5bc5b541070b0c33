"""Enrichment tables: computed once per distinct value, rebuilt when the intelligence changes."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from tests import feeds as fx
from tests.bundles import worker, write_bundle
from unmask.enrich import Intelligence, enrich_all
from unmask.enrich.refresh import Enrichment, refresh
from unmask.ingest import ingest_bundle
from unmask.store import Workspace

HOME_IP = "73.162.10.20"


def _bundle(tmp_path: Path, extra_ip: str | None = None) -> Path:
    ips = [fx.VPN_IP, fx.TOR_IP, fx.HOSTING_IP, HOME_IP, fx.IOC_IP] + ([extra_ip] if extra_ip else [])
    return write_bundle(
        tmp_path / f"b{len(ips)}",
        {
            "workers": [worker("w1", phone="+44 56 1234 5678", email="x@mailinator.com",
                               claimed_country="GB"),
                        worker("w2", name="Song Hwa Jong")],
            "signins": [{"worker_id": "w1", "ts": f"2026-08-01T1{i}:00:00Z", "ip": ip}
                        for i, ip in enumerate(ips)],
            "payments": [{"worker_id": "w2", "ts": "2026-08-01T00:00:00Z", "amount": 1, "currency": "USD",
                          "method": "crypto", "wallet_address": fx.SANCTIONED_WALLET}],
        },
    )  # fmt: skip


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.write_feeds(tmp_path_factory.mktemp("feeds"))


def test_every_table_is_filled_and_a_second_run_adds_nothing(
    tmp_path: Path, ws: Workspace, feeds: Path
) -> None:
    ingest_bundle(ws, _bundle(tmp_path))
    intel = Intelligence.open(feeds)
    first = enrich_all(ws, intel)
    assert first["IP addresses"] == 5 and first["phones"] == 1 and first["sanctions screening"] == 3
    assert set(enrich_all(ws, intel).values()) == {0, 1}  # only indicator IPs are reloaded (1 row)
    classes = dict(
        ws.engine.rows("SELECT ip, ip_class FROM ip_info ORDER BY ip")[i].values() for i in range(5)
    )
    assert classes == {fx.VPN_IP: "vpn", fx.TOR_IP: "tor", fx.HOSTING_IP: "hosting", HOME_IP: "residential",
                       fx.IOC_IP: "hosting"}  # fmt: skip
    phone = ws.engine.rows("SELECT country, is_voip FROM phone_info")[0]
    assert phone == {"country": "GB", "is_voip": True}
    hits = ws.engine.rows(
        "SELECT kind, value, ent_num FROM sanction_hits WHERE score IS NOT NULL ORDER BY kind"
    )
    assert [(h["kind"], h["ent_num"]) for h in hits] == [("person", 36004), ("wallet", 36005)]


def test_new_values_are_added_and_a_new_snapshot_rebuilds(tmp_path: Path, ws: Workspace, feeds: Path) -> None:
    ingest_bundle(ws, _bundle(tmp_path))
    enrich_all(ws, Intelligence.open(feeds))
    ingest_bundle(ws, _bundle(tmp_path, extra_ip="51.15.43.206"))
    assert enrich_all(ws, Intelligence.open(feeds))["IP addresses"] == 1
    # The Tor list changes: every address is classified again with the new snapshot.
    moved = fx.write_feeds(tmp_path / "feeds2")
    (moved / "tor-nodes" / "tor-exit-nodes.lst").write_text("51.15.43.206\n")
    (moved / "tor-nodes" / "tor-nodes.lst").write_text("51.15.43.206\n")
    assert enrich_all(ws, Intelligence.open(moved))["IP addresses"] == 6
    rows = {r["ip"]: r["ip_class"] for r in ws.engine.rows("SELECT ip, ip_class FROM ip_info")}
    assert rows["51.15.43.206"] == "tor" and rows[fx.TOR_IP] != "tor"


def test_a_failed_refresh_leaves_the_stored_table(tmp_path: Path, ws: Workspace) -> None:
    ingest_bundle(ws, _bundle(tmp_path))

    def ok(inputs: pa.Table) -> pa.Table:
        return pa.table({"ip": inputs.column("ip"), "n": pa.array([1] * inputs.num_rows)})

    def broken(inputs: pa.Table) -> pa.Table:
        return pa.table({"ip": inputs.column("ip")})  # one column short: the INSERT fails

    make = lambda f: Enrichment("t_info", "ip VARCHAR, n INTEGER", "ip", "SELECT ip FROM signins", f)  # noqa: E731
    assert refresh(ws, make(ok), "v1") == 5
    with pytest.raises(Exception, match="column"):
        refresh(ws, make(broken), "v2")
    assert ws.engine.scalar("SELECT count(*) FROM t_info") == 5
    assert ws.engine.scalar("SELECT fingerprint FROM enrich_state WHERE name = 't_info'").startswith("v1|")


def test_a_table_whose_columns_changed_is_rebuilt(tmp_path: Path, ws: Workspace) -> None:
    """A workspace enriched by an older unmask is rebuilt when the table gains a column,
    even though the intelligence behind it did not change."""
    ingest_bundle(ws, _bundle(tmp_path))

    def one(inputs: pa.Table) -> pa.Table:
        return pa.table({"ip": inputs.column("ip"), "n": pa.array([1] * inputs.num_rows)})

    def two(inputs: pa.Table) -> pa.Table:
        return one(inputs).append_column("flag", pa.array([True] * inputs.num_rows))

    older = Enrichment("t_info", "ip VARCHAR, n INTEGER", "ip", "SELECT ip FROM signins", one)
    newer = Enrichment("t_info", "ip VARCHAR, n INTEGER, flag BOOLEAN", "ip", "SELECT ip FROM signins", two)
    assert refresh(ws, older, "v1") == 5
    assert refresh(ws, older, "v1") == 0
    assert refresh(ws, newer, "v1") == 5
    assert ws.engine.columns("t_info") == ["ip", "n", "flag"]
