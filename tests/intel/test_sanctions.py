"""Sanctions screening: loading OFAC files, name and wallet hits, false positives, bad input, speed.

Fixture tests use a synthetic list that tests/intel/ofac_fixture.py writes to a temporary folder
(OFAC's no-header CSV format; listed names, invented numbers, remarks, addresses and wallets)
and always run; tests on the full shared SDN data read ../shared/data in place and skip via
needs_shared when it is absent. Figures (load time, names/s, max score on ordinary names) are
printed: run with ``-s`` to see them.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from pathlib import Path

import pytest

from tests.intel import SHARED_DATA, needs_shared
from tests.intel import ofac_fixture as fx
from unmask.intel.names import NameKind, name_forms
from unmask.intel.sanctions import DEFAULT_THRESHOLD, Match, SanctionsFiles, SanctionsList

DATA = Path(__file__).parent / "data"
SDN_DIR = SHARED_DATA / "ofac-sdn"
CRYPTO_DIR = SHARED_DATA / "ofac-crypto-addresses"


def _ordinary_names() -> list[str]:
    lines = (DATA / "ordinary_names.txt").read_text(encoding="utf-8").splitlines()
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]


@pytest.fixture(scope="module")
def ofac_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.write_ofac_fixture(tmp_path_factory.mktemp("ofac_mini"))


@pytest.fixture(scope="module")
def mini(ofac_dir: Path) -> SanctionsList:
    return SanctionsList.load(SanctionsFiles.discover(ofac_dir, ofac_dir / "crypto"))


def _by_name(screen: SanctionsList, name: str) -> list[int]:
    return [e.ent_num for e in screen.entities.values() if e.name == name]


@pytest.fixture(scope="module")
def full() -> SanctionsList:
    start = time.perf_counter()
    screen = SanctionsList.load(SanctionsFiles.discover(SDN_DIR, CRYPTO_DIR))
    print(f"\n[sanctions] loaded {len(screen):,} entities in {time.perf_counter() - start:.2f} s")
    return screen


# --- loading ----------------------------------------------------------------------------------


def test_discover_finds_every_file(ofac_dir: Path) -> None:
    files = SanctionsFiles.discover(ofac_dir, ofac_dir / "crypto")
    assert (files.sdn_csv, files.alt_csv, files.add_csv) == (
        ofac_dir / "sdn.csv",
        ofac_dir / "alt.csv",
        ofac_dir / "add.csv",
    )
    assert files.sdn_advanced_xml is None
    assert len(files.crypto_address_files) == len(fx.CRYPTO_LISTS)


def test_fixture_is_in_ofac_legacy_format(ofac_dir: Path) -> None:
    raw = (ofac_dir / "sdn.csv").read_bytes()
    assert raw.endswith(b"\r\n\x1a") and b"-0- ," in raw and not raw.startswith(b"ent_num")
    assert "Bâtiment".encode("latin-1") in (ofac_dir / "add.csv").read_bytes()  # not UTF-8


def test_fixture_loads_cleanly(mini: SanctionsList) -> None:
    assert mini.report.issues == []
    assert len(mini) == fx.SDN_ENTITIES + fx.ALT_ONLY_ENTITIES == 27  # 2 entities known only from alt.csv
    assert mini.report.orphan_addresses == 1
    kim = mini.entities[fx.KIM_SANG_MAN]
    assert (kim.name, kim.programmes, kim.entity_type) == ("KIM, Sang Man", ("DPRK4",), "individual")
    assert mini.entities[fx.SILVERSTAR].programmes == ("DPRK3", "DPRK4")
    assert mini.entities[fx.FRONT_NEWS].programmes == ("NPWMD", "CYBER2", "ELECTION-EO13848")
    assert mini.entities[fx.SOBAEKSU].from_sdn is False and mini.entities[fx.SOBAEKSU].entity_type == "entity"
    assert mini.entities[fx.HO_CHONG_SON].from_sdn is False
    assert mini.entities[fx.HO_CHONG_SON].entity_type == "individual"  # "LAST, First"
    assert {a.city for a in mini.entities[fx.VOLASYS].addresses} == {"Vladivostok"}
    assert {a.city for a in mini.entities[fx.EXAMPLE_LABS].addresses} == {"Montréal, Quebec H0H 0H0"}
    assert mini.entities[fx.SALINA].entity_type == "vessel"
    assert [(a.name, a.alias_type) for a in mini.entities[fx.SALINA].aliases][1] == ("BLACKSTONE", "fka")
    assert ("EXAMPLE NOW NETWORK", "nka", False) in [
        (a.name, a.alias_type, a.weak) for a in mini.entities[fx.EXAMPLE_NOW].aliases
    ]


def test_weak_aliases_from_remarks(mini: SanctionsList) -> None:
    assert [(a.name, a.weak) for a in mini.entities[fx.ALIS].aliases] == [
        ("ALIAS LLC", True),
        ("ALIS LLC", True),
    ]
    assert mini.screen("EXNOWNET") == []  # a one-word weak alias is never screened
    assert [m.ent_num for m in mini.screen("Example Now News")] == [fx.EXAMPLE_NOW]


def test_wallets_in_cut_off_remarks(mini: SanctionsList) -> None:
    """Remarks cut after an address keep it; an address the cut runs into is left out."""
    front = {(c.currency, c.address) for c in mini.entities[fx.FRONT_NEWS].crypto}
    assert {("BCH", a) for a in fx.FRONT_BCH} <= front and len(front) == 9
    primerova = mini.entities[fx.PRIMEROVA]
    assert all(c.currency != "TRX" for c in primerova.crypto) and len(primerova.crypto) == 9
    [hit] = mini.screen(fx.CUT_TRX)
    assert (hit.ent_num, hit.currency) == (None, "TRX")  # the TRX list still has it, unattributed


BAD_LINES = [
    # (file name, content, line of the issue, words in the message)
    ("sdn.csv", '1,"A, B",individual\n', 1, "expected 12 columns"),
    (
        "sdn.csv",
        '900036,"EXAMPLE OK CO",-0- ,"CUBA",' + "-0- ," * 7 + '-0- \nx,"BAD",' + "-0- ," * 9 + "-0- \n",
        2,
        "not a number",
    ),
    (
        "sdn.csv",
        '900036,"EXAMPLE OK CO",-0- ,"CUBA",' + "-0- ," * 7 + "-0- \n900037,-0- ," + "-0- ," * 9 + "-0- \n",
        2,
        "no name",
    ),
    ("sdn.csv", '\n\n900007,"UNCLOSED,-0- \n', 3, "expected 12 columns"),
    ("alt.csv", '900036,800012,"aka","EXAMPLE AERO",-0- \n900036,800013,"aka"\n', 2, "expected 5 columns"),
    ("alt.csv", '900036,800012,"alias","EXAMPLE AERO",-0- \n', 1, "unknown alias type"),
    ("alt.csv", '900036,800012,"aka",-0- ,-0- \n', 1, "has no name"),
    (
        "add.csv",
        '900036,700025,-0- ,"Havana","Cuba",-0- \n??,700026,-0- ,-0- ,-0- ,-0- \n',
        2,
        "not a number",
    ),
    ("sanctioned_addresses_ETH.txt", f"{fx.SIM_EVM}\nnot an address\n", 2, "not a wallet"),
]


@pytest.mark.parametrize(("name", "content", "line", "words"), BAD_LINES)
def test_bad_lines_are_reported_with_file_and_line(
    tmp_path: Path, name: str, content: str, line: int, words: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="latin-1")
    if name.startswith("sanctioned"):
        files = SanctionsFiles(crypto_address_files=(path,))
    else:
        files = SanctionsFiles(**{f"{name.split('.')[0]}_csv": path})  # type: ignore[arg-type]
    screen = SanctionsList.load(files)
    assert [(i.file, i.line) for i in screen.report.issues if words in i.message] == [(str(path), line)]
    assert all(str(i).startswith(f"{path}:") for i in screen.report.issues)


def test_good_rows_around_a_bad_one_still_load(tmp_path: Path) -> None:
    good = ',"VOLASYS SILVER STAR",-0- ,"DPRK3] [DPRK4",' + "-0- ," * 7 + "-0- \n"
    text = f"{fx.VOLASYS}{good}garbage line\n{fx.VOLASYS + 1}{good}"
    (tmp_path / "sdn.csv").write_text(text, "latin-1")
    screen = SanctionsList.load(SanctionsFiles(sdn_csv=tmp_path / "sdn.csv"))
    assert sorted(screen.entities) == [fx.VOLASYS, fx.VOLASYS + 1]
    assert [i.line for i in screen.report.issues] == [2]


def test_missing_files_are_reported_not_raised(tmp_path: Path) -> None:
    files = SanctionsFiles(
        sdn_csv=tmp_path / "nope.csv",
        sdn_advanced_xml=tmp_path / "nope.xml",
        crypto_address_files=(tmp_path / "sanctioned_addresses_XBT.txt",),
    )
    screen = SanctionsList.load(files)
    assert len(screen) == 0
    assert len(screen.report.issues) == 3 and all("cannot read" in i.message for i in screen.report.issues)
    assert screen.screen("Kim Sang Man") == []


def test_advanced_xml_fixture() -> None:
    folder = DATA / "ofac_mini_xml"
    screen = SanctionsList.load(SanctionsFiles.discover(folder))
    assert [(i.line, "990002" in i.message) for i in screen.report.issues] == [(0, True)]
    assert screen.entities[fx.KIM_SANG_MAN].name == "KIM, Sang Man"
    assert screen.entities[fx.SILVERSTAR].programmes == ("DPRK3", "DPRK4")
    assert {a.city for a in screen.entities[fx.SILVERSTAR].addresses} == {"Yanji, Jilin"}
    [hit] = screen.screen("Yanji Silver Star")
    assert (hit.ent_num, hit.alias_type) == (fx.SILVERSTAR, "aka")
    wallet = fx.KIM_ETH_2.upper().replace("0X", "0x")
    assert [(m.ent_num, m.currency) for m in screen.screen_wallet(wallet)] == [(fx.KIM_SANG_MAN, "ETH")]
    assert [m.ent_num for m in screen.screen_wallet(fx.KIM_XBT)] == [fx.KIM_SANG_MAN]
    assert screen.screen("QWT") == []  # a weak (low-quality) one-word alias is never screened
    assert [m.programmes for m in screen.screen("Example XMLOnly Quartzwell Trading")] == [("CYBER2",)]


# --- name hits --------------------------------------------------------------------------------

# Listed names as they stand in sdn.csv (an alt.csv-only entity: its first alias); the fixture
# and the full list give them different ent_nums, so hits are checked by name.
SILVERSTAR = "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD."
VOLASYS = "VOLASYS SILVER STAR"
CHINYONG = "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY"
SOBAEKSU = "KOREA SOBAEKSU UNITED CORPORATION"

# (query, kind, listed name, a programme it must carry)
HITS: list[tuple[str, NameKind, str, str]] = [
    ("Yanbian Silverstar", "organisation", SILVERSTAR, "DPRK3"),
    ("Yanbian Silver Star Network Technology Co. Ltd", "any", SILVERSTAR, "DPRK4"),
    ("YANBIAN SILVERSTAR NETWORK TECHNOLOGY COMPANY LIMITED", "any", SILVERSTAR, "DPRK3"),
    ("Yanji Silver Star", "organisation", SILVERSTAR, "DPRK3"),  # OFAC lists the Yanji name as an a.k.a.
    ("Yanji Silverstar Network Technology", "any", SILVERSTAR, "DPRK3"),
    ("Volasys Silver Star", "organisation", VOLASYS, "DPRK4"),
    ("VOLASYS SILVERSTAR LLC", "any", VOLASYS, "DPRK3"),
    ("Chinyong IT Cooperation", "organisation", CHINYONG, "DPRK2"),
    ("Jinyong IT Cooperation Company", "organisation", CHINYONG, "DPRK2"),
    ("Chinyong Information Technology Cooperation Corp.", "any", CHINYONG, "DPRK2"),
    ("Chinyong Info Tech", "organisation", CHINYONG, "DPRK2"),
    ("Yanbian Silver Star Technologies", "organisation", SILVERSTAR, "DPRK3"),
    ("Silverstar Yanbian", "organisation", SILVERSTAR, "DPRK3"),
    ("Limited Liability Company ALIS", "organisation", "LIMITED LIABILITY COMPANY ALIS", "DPRK2"),
    ("Korea Sobaeksu", "organisation", SOBAEKSU, ""),  # alt.csv-only: designated after the sdn.csv snapshot
]

# Korean romanisation variants of listed DPRK people in several word orders.
ROMANISATIONS: list[tuple[str, str]] = [
    *(
        (q, "KIM, Sang Man")
        for q in ("Kim Sang Man", "Sang Man Kim", "Gim Sang-man", "Sangman GIM", "KIM, Sangman", "김상만")
    ),
    *((q, "SIM, Hyon Sop") for q in ("Sim Hyon Sop", "Shim Hyun-sup", "Hyeon Seop Sim", "SHIM, Hyon-sop")),
    *((q, "PARK, Jin Hyok") for q in ("Park Jin Hyok", "Bak Jin-hyeok", "Jin Hyuk Park", "Pak Jin-hyok")),
    *(
        (q, "RI, Yong Mu")
        for q in ("Ri Yong Mu", "Lee Yong-mu", "Yong Mu Rhee", "Yi Yong-moo", "LEE, Yong Mu")
    ),
    *(
        (q, "JONG, Kyong Thaek")
        for q in ("Jeong Gyeong-taek", "Chong Kyong Thaek", "Kyung Taek Jung", "Cheong Kyeong-taek")
    ),
    *((q, "CHOE, Ryong Hae") for q in ("Choi Ryong-hae", "Ryong Hae Choe", "CHOI, Ryonghae")),
    *((q, "PAK, Bong Nam") for q in ("Park Bong-nam", "Bong Nam Bak", "PAK, Bongnam")),
    *((q, "KIM, Jong Un") for q in ("Kim Jong Un", "Jong-un Kim", "Gim Jeong-eun")),
]

# Not the listed person or firm, though close in words, letters or romanisation class.
NO_HITS = [
    "Kim Min-jun",  # the most common modern Korean name; no SDN entry bears it
    "Lee Seo-yeon",
    "Park Ji-hoon",
    "Choi Seo-yeon",
    "Kim",  # a surname alone identifies nobody
    "Kim Sang Min",  # one syllable from KIM, Sang Man
    "Lee Young-soo",  # RI, Su Yong with the given name reversed
    "Seo Ji-ho",  # HU, Chi Shu once folded, in another order
    "Son Jung-ho",  # HO', Cho'ng So'n likewise
    "Woo Young-ho",  # O, Yong Ho: 우 is not 오
    "Yanbian Pharmaceutical Co., Ltd.",
    "Silverline Consulting LLC",
    "Star Network Solutions Inc",
    "Skyline Media LLC",
    "Blackstone Solutions LLP",
    "Saleh Salma",
]


@pytest.mark.parametrize(("query", "kind", "name", "programme"), HITS)
def test_required_hits(mini: SanctionsList, query: str, kind: NameKind, name: str, programme: str) -> None:
    hits = mini.screen(query, kind=kind)
    assert hits and hits[0].name == name, hits
    assert hits[0].score >= DEFAULT_THRESHOLD
    assert programme in hits[0].programmes or not programme


@pytest.mark.parametrize(("query", "name"), ROMANISATIONS)
def test_korean_romanisation_variants_hit(mini: SanctionsList, query: str, name: str) -> None:
    hits = mini.screen(query, kind="person")
    assert [m.name for m in hits] == [name]
    assert hits[0].entity_type == "individual"


@pytest.mark.parametrize("query", NO_HITS)
def test_near_misses_do_not_hit(mini: SanctionsList, query: str) -> None:
    assert mini.screen(query) == []


def test_kind_restricts_the_index(mini: SanctionsList) -> None:
    assert mini.screen("Volasys Silver Star", kind="person") == []
    assert mini.screen("Kim Sang Man", kind="organisation") == []


# --- wallets ----------------------------------------------------------------------------------


def _wallet_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("sanctioned_addresses_*.txt"))


def _check_wallet_file(screen: SanctionsList, path: Path) -> None:
    currency = path.stem.rsplit("_", 1)[-1]
    for address in filter(None, map(str.strip, path.read_text().splitlines())):
        hits = screen.screen(address)
        assert any(m.currency == currency for m in hits), (path.name, address)
        assert all(m.kind == "wallet" and m.score == 1.0 for m in hits)
        if address.startswith("0x"):  # EVM hex: any case is the same address
            for variant in (address.upper().replace("0X", "0x"), address.lower(), " " + address + " "):
                assert screen.screen_wallet(variant), variant
        elif not re.fullmatch(r"[0-9a-fA-F]+|(bc1|ltc1|q|p).*", address) and address.swapcase() != address:
            assert screen.screen_wallet(address.swapcase()) == []  # base58 and the like are case-sensitive


@pytest.mark.parametrize("currency", sorted(fx.CRYPTO_LISTS))
def test_fixture_wallet_lists(mini: SanctionsList, ofac_dir: Path, currency: str) -> None:
    _check_wallet_file(mini, ofac_dir / "crypto" / f"sanctioned_addresses_{currency}.txt")


def test_wallet_attribution(mini: SanctionsList) -> None:
    hits = mini.screen(fx.SIM_EVM.upper().replace("0X", "0x"), limit=10)
    assert {m.currency for m in hits} == {"ETH", "ARB", "BSC"}
    assert {(m.ent_num, m.name, m.programmes) for m in hits} == {
        (fx.SIM_HYON_SOP, "SIM, Hyon Sop", ("NPWMD",))
    }
    hits = mini.screen(fx.LABS_EVM.lower(), limit=10)  # listed in mixed case
    assert {(m.ent_num, m.currency) for m in hits} == {(fx.EXAMPLE_LABS, c) for c in ("ETH", "USDT", "USDC")}
    assert mini.screen_wallet("0x0000000000000000000000000000000000000000") == []


# --- edge cases and output --------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["", "   ", "...,,,--", "'", "-", "\t\n", "0x", "Kim " * 2000, "a" * 20_000, "🙂🙂", "Co., Ltd."]
)
def test_edge_queries_are_quick_and_empty(mini: SanctionsList, query: str) -> None:
    start = time.perf_counter()
    assert mini.screen(query) == []
    assert time.perf_counter() - start < 1.0


def test_very_long_query_containing_a_listed_name(mini: SanctionsList) -> None:
    padded = "Yanbian Silverstar " + "x" * 5000
    assert mini.screen(padded) == []  # padding is a different name, and it must not crash
    assert mini.screen("Yanbian Silverstar" + " " * 5000)[0].ent_num == fx.SILVERSTAR


def test_match_serialises_to_json_lines(mini: SanctionsList) -> None:
    [hit] = mini.screen("Jinyong IT Cooperation Company")
    row = json.loads(hit.as_json())
    assert row == hit.as_dict()
    assert row["query"] == "Jinyong IT Cooperation Company" and row["ent_num"] == fx.CHINYONG
    assert row["name"] == "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY"
    assert row["matched_alias"] == "JINYONG IT COOPERATION COMPANY" and row["alias_type"] == "aka"
    assert row["programmes"] == ["DPRK2"] and row["entity_type"] == "entity" and row["score"] == 1.0
    assert "\n" not in hit.as_json()


def test_screen_many_keys_by_query(mini: SanctionsList) -> None:
    queries = [
        "Volasys Silver Star",
        "Maria Garcia",
        "Volasys Silver Star",
        fx.SIM_EVM,
    ]
    out = mini.screen_many(queries)
    assert list(out) == ["Volasys Silver Star", "Maria Garcia", fx.SIM_EVM]
    assert [m.ent_num for m in out["Volasys Silver Star"]] == [fx.VOLASYS]
    assert out["Maria Garcia"] == []
    assert all(isinstance(m, Match) for ms in out.values() for m in ms)


def test_ordinary_names_on_fixture(mini: SanctionsList) -> None:
    names = _ordinary_names()
    assert len(names) == 1000
    assert {n: h for n, h in mini.screen_many(names).items() if h} == {}


# --- full shared data -------------------------------------------------------------------------

shared = needs_shared("ofac-sdn", "sdn_2024-05-03.csv")


@shared
@pytest.mark.parametrize(("query", "kind", "name", "programme"), HITS)
def test_required_hits_on_full_list(
    full: SanctionsList, query: str, kind: NameKind, name: str, programme: str
) -> None:
    hits = full.screen(query, kind=kind)
    assert hits and hits[0].name == name, hits
    assert programme in hits[0].programmes or not programme


@shared
@pytest.mark.parametrize(("query", "name"), ROMANISATIONS)
def test_romanisations_on_full_list(full: SanctionsList, query: str, name: str) -> None:
    assert [m.name for m in full.screen(query, kind="person")] == [name]


@shared
@pytest.mark.parametrize("query", NO_HITS)
def test_near_misses_on_full_list(full: SanctionsList, query: str) -> None:
    assert full.screen(query) == []


@shared
def test_full_load_has_no_issues(full: SanctionsList) -> None:
    assert full.report.issues == []
    assert len(full) > 16_000
    [kim] = _by_name(full, "KIM, Sang Man")
    assert full.entities[kim].programmes == ("DPRK4",)


@needs_shared("ofac-crypto-addresses")
@pytest.mark.parametrize("name", [p.name for p in _wallet_files(CRYPTO_DIR)] or ["none"])
def test_every_shared_wallet_list(full: SanctionsList, name: str) -> None:
    _check_wallet_file(full, CRYPTO_DIR / name)


@shared
def test_ordinary_names_never_hit(full: SanctionsList) -> None:
    names = _ordinary_names()
    best = [
        (hits[0].score, q, hits[0].matched_alias)
        for q in names
        if (hits := full.screen(q, threshold=0.0, limit=1))
    ]
    top = max(best)
    print(
        f"\n[sanctions] ordinary names: {len(names)}, hits at {DEFAULT_THRESHOLD}: "
        f"{sum(s >= DEFAULT_THRESHOLD for s, _, _ in best)}, max score {top[0]:.3f} ({top[1]!r} ~ {top[2]!r})"
    )
    assert len(names) == 1000
    assert top[0] < DEFAULT_THRESHOLD


def _words(text: str) -> list[str]:
    return text.split()


# Common South Korean surnames and given names in everyday (RR and older) spelling.
KOREAN_SURNAMES = _words(
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Jeon Hong Yoo Ko "
    "Moon Yang Son Bae Baek Heo Nam Shim Noh Ha Kwak Sung Cha Joo Woo Koo Min Ryu Na Jin Um Chae Won Chun "
    "Bang Kong Hyun"
)
KOREAN_GIVEN = _words(
    "Min-jun Seo-jun Do-yun Ye-jun Si-woo Ha-jun Ji-ho Ju-won Ji-hoon Jun-woo Seo-yeon Seo-yun Ji-woo "
    "Seo-hyun Min-seo Ha-eun Ha-yoon Yoon-seo Chae-won Young-ho Young-soo Sung-ho Jung-ho Sang-hoon "
    "Dong-hyun Ji-hye Eun-ji Hyun-woo Jin-woo Min-ji Soo-jin Jae-hyun Seung-hyun Kyung-soo Young-hee "
    "Mi-kyung Jae-won Sung-min Ji-young Hye-jin"
)


@shared
def test_common_korean_names_hit_only_their_exact_homonyms(full: SanctionsList) -> None:
    """Fairness: a common Korean name hits only an entry that is the same name (same surname and
    given name up to romanisation), never for merely looking Korean."""
    names = [f"{s} {g}" for s, g in itertools.product(KOREAN_SURNAMES, KOREAN_GIVEN)]
    hits = {q: h for q, h in full.screen_many(names, kind="person").items() if h}
    print(
        f"\n[sanctions] common Korean names: {len(names)}, hits: {len(hits)} "
        f"({100 * len(hits) / len(names):.2f}%): "
        + "; ".join(f"{q} ~ {h[0].matched_alias}" for q, h in hits.items())
    )
    for query, matches in hits.items():
        for m in matches:
            same = set(name_forms(query, "person").korean) & set(name_forms(m.matched_alias, "person").korean)
            assert same, (query, m.matched_alias)
    assert len(hits) <= 0.01 * len(names)


@shared
def test_speed_on_generated_names(full: SanctionsList) -> None:
    names = _ordinary_names()
    people = names[:703]
    firsts = [n.split(",")[1].strip() if "," in n else n.rsplit(" ", 1)[0] for n in people]
    lasts = [n.split(",")[0].strip() if "," in n else n.rsplit(" ", 1)[-1] for n in people]
    firms = names[703:]
    rng = random.Random(20_000)
    queries = [
        f"{rng.choice(firms).split()[0]} {rng.choice(firms).split(None, 1)[1]}"
        if i % 4 == 3
        else f"{rng.choice(firsts)} {rng.choice(lasts)}"
        for i in range(20_000)
    ]
    start = time.perf_counter()
    for query in queries:  # not screen_many: repeated queries would be screened once
        full.screen(query)
    rate = len(queries) / (time.perf_counter() - start)
    print(f"\n[sanctions] screened {len(queries):,} generated names at {rate:,.0f} names/s (kind='any')")
    assert rate > 300
