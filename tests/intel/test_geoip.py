"""Column-wise address parsing and the geoip2fast country / AS-organisation layer."""

from __future__ import annotations

import ipaddress

import numpy as np
import pyarrow as pa
import pytest

from unmask.intel import geoip
from unmask.intel.geoip import bisect_right128, load_geo_index, parse_ips

# (text, version, integer value) — version 0 means refused.
PARSE_CASES = [
    ("8.8.8.8", 4, 0x08080808),
    ("0.0.0.0", 4, 0),
    ("255.255.255.255", 4, 0xFFFFFFFF),
    ("  1.2.3.4\t", 4, 0x01020304),
    ("256.1.1.1", 0, 0),
    ("1.2.3", 0, 0),
    ("1.2.3.4.5", 0, 0),
    ("01.2.3.4", 0, 0),  # leading zero: octal or decimal? refused
    ("1..3.4", 0, 0),
    ("1.2.3.a", 0, 0),
    ("::", 6, 0),
    ("::1", 6, 1),
    ("2001:db8::", 6, 0x20010DB8 << 96),
    ("2001:DB8:0:0:0:0:0:1", 6, (0x20010DB8 << 96) | 1),
    ("fe80::1:2", 6, (0xFE80 << 112) | 0x10002),
    ("1:2:3:4:5:6:7:8", 6, 0x00010002000300040005000600070008),
    ("1::8", 6, (1 << 112) | 8),
    ("::ffff:8.8.4.4", 4, 0x08080404),  # v4-mapped is the IPv4 address
    ("64:ff9b::1.2.3.4", 6, int(ipaddress.IPv6Address("64:ff9b::1.2.3.4"))),
    ("fe80::1%eth0", 6, (0xFE80 << 112) | 1),
    ("1:2:3:4:5:6:7:8:9", 0, 0),
    ("1::2::3", 0, 0),
    ("12345::", 0, 0),
    ("g::1", 0, 0),
    (":1", 0, 0),
    ("", 0, 0),
    ("not an ip", 0, 0),
    ("é.1.1.1", 0, 0),
]


@pytest.mark.parametrize(("text", "version", "value"), PARSE_CASES)
def test_parse_one(text: str, version: int, value: int) -> None:
    addrs = parse_ips([text])
    assert int(addrs.version[0]) == version
    assert (int(addrs.hi[0]) << 64) | int(addrs.lo[0]) == value


def test_parse_column_matches_one_by_one_and_handles_nulls() -> None:
    texts: list[str | None] = [t for t, _, _ in PARSE_CASES]
    texts.insert(3, None)
    for values in (texts, pa.array(texts), pa.chunked_array([texts[:5], texts[5:]])):
        addrs = parse_ips(values)
        assert addrs.version[3] == 0
        got = [
            (int(v), (int(h) << 64) | int(lo))
            for v, h, lo in zip(addrs.version, addrs.hi, addrs.lo, strict=True)
        ]
        expected = [(v, x) for _, v, x in PARSE_CASES]
        assert got[:3] + got[4:] == expected


def test_parse_random_v6_agrees_with_ipaddress() -> None:
    rng = np.random.default_rng(3)
    values = [int(x) << 64 | int(y) for x, y in rng.integers(0, 2**63, size=(2000, 2), dtype=np.uint64)]
    values += [v & ~(0xFFFF << 32) for v in values[:500]]  # runs of zero groups → "::" spellings
    texts = [ipaddress.IPv6Address(v).compressed for v in values]
    addrs = parse_ips(texts)
    mapped = [ipaddress.IPv6Address(v).ipv4_mapped is not None for v in values]
    assert all(int(x) == (4 if m else 6) for x, m in zip(addrs.version, mapped, strict=True))
    got = [(int(h) << 64) | int(lo) for h, lo in zip(addrs.hi, addrs.lo, strict=True)]
    assert [g for g, m in zip(got, mapped, strict=True) if not m] == [
        v for v, m in zip(values, mapped, strict=True) if not m
    ]


def test_bisect_right128_matches_python() -> None:
    rng = np.random.default_rng(5)
    hi = np.sort(rng.integers(0, 8, size=300, dtype=np.uint64))
    lo = rng.integers(0, 50, size=300, dtype=np.uint64)
    keys = sorted({(int(h), int(x)) for h, x in zip(hi, lo, strict=True)})
    sh = np.array([k[0] for k in keys], dtype=np.uint64)
    sl = np.array([k[1] for k in keys], dtype=np.uint64)
    qh = rng.integers(0, 9, size=500, dtype=np.uint64)
    ql = rng.integers(0, 60, size=500, dtype=np.uint64)
    import bisect

    expected = [bisect.bisect_right(keys, (int(h), int(x))) for h, x in zip(qh, ql, strict=True)]
    assert bisect_right128(sh, sl, qh, ql).tolist() == expected


@pytest.mark.parametrize(
    ("ip", "country"),
    [
        ("8.8.8.8", "US"),
        ("2001:4860:4860::8888", "US"),
        ("10.0.0.1", None),
        ("127.0.0.1", None),
        ("bogus", None),
    ],
)
def test_countries(ip: str, country: str | None) -> None:
    assert load_geo_index().countries([ip]) == [country]


def test_sample_ipv4_stays_in_country() -> None:
    index = load_geo_index()
    sample = index.sample_ipv4("DE", 50, np.random.default_rng(1))
    assert len(sample) == 50
    assert set(index.countries(sample)) == {"DE"}
    with pytest.raises(ValueError, match="no IPv4 ranges"):
        index.sample_ipv4("XX", 1, np.random.default_rng(1))


def _expected(text: str) -> tuple[int, int]:
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return 0, 0
    return addr.version, int(addr)


def test_fast_paths_agree_with_ipaddress(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain dotted quads and full eight-group IPv6, well and badly formed, of every length."""
    rng = np.random.default_rng(11)
    texts = [str(ipaddress.IPv4Address(int(v))) for v in rng.integers(0, 2**32, 3000)]
    texts += [str(ipaddress.IPv4Address(int(v))) for v in rng.integers(0, 256, 200) * 0x01010101]
    quads = rng.integers(0, 300, size=(3000, 4))
    texts += [".".join(("0" if z else "") + str(o) for o, z in zip(q, rng.random(4) < 0.1, strict=True))
              for q in quads]  # fmt: skip
    groups = rng.integers(0, 1 << 16, size=(3000, 8))
    for g, shape in zip(groups, rng.integers(0, 8, size=3000), strict=True):
        fields = [format(int(x), "X" if shape == 1 else "x") for x in g]
        if shape == 2:
            fields[int(g[0]) % 8] = "0" + fields[int(g[0]) % 8]  # maybe five digits: refused
        texts.append(":".join(fields[: 7 if shape == 3 else 8]) + (":" if shape == 4 else ""))
    texts += [ipaddress.IPv6Address(int(x) << 64 | int(y)).exploded for x, y in groups[:, :2]]
    slow: list[int] = []
    parse_block = geoip._parse_block

    def record(padded: pa.Array, width: int, length: object, rows: np.ndarray, out: object) -> None:
        slow.extend(rows.tolist())
        parse_block(padded, width, length, rows, out)  # type: ignore[arg-type]

    monkeypatch.setattr(geoip, "_parse_block", record)
    addrs = parse_ips(texts)
    values = zip(addrs.version, addrs.hi, addrs.lo, strict=True)
    got = [(int(v), (int(h) << 64) | int(lo)) for v, h, lo in values]
    assert got == [_expected(t) for t in texts]
    assert not [texts[i] for i in slow if got[i][0]]  # every valid one took a fast path
