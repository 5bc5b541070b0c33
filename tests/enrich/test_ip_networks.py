"""ip_info.network: the address for IPv4, the /64 for IPv6 (one home, many host parts)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from unmask.enrich.ip import home_networks


@pytest.mark.parametrize(
    ("ip", "version", "network"),
    [
        ("24.5.6.7", 4, "24.5.6.7"),
        ("2601:646:8a00:1234:aa:bb:cc:dd", 6, "2601:646:8a00:1234::/64"),
        ("2601:0646:8a00:1234:0000::1", 6, "2601:646:8a00:1234::/64"),
        ("2a02:c7c::1", 6, "2a02:c7c::/64"),
        ("fe80::1%eth0", 6, None),
        ("not an address", None, None),
    ],
)
def test_home_network(ip: str, version: int | None, network: str | None) -> None:
    got = home_networks(
        pa.chunked_array([[ip, "24.5.6.8"]]), pa.chunked_array([[version, 4]], type=pa.int8())
    )
    assert got.to_pylist() == [network, "24.5.6.8"]
