"""A small synthetic OFAC SDN list, written in code for the sanctions tests.

:func:`write_ofac_fixture` writes ``sdn.csv``, ``alt.csv`` and ``add.csv`` in OFAC's legacy
format (no header, latin-1, CRLF, ``-0- `` for an empty field, text in double quotes, a DOS
end-of-file byte 0x1A at the end) and ``crypto/sanctioned_addresses_<CUR>.txt`` lists (one
address a line), the layout of OFAC's files and of the per-currency lists of
0xB10C/ofac-sanctioned-digital-currency-addresses.

Nothing here is copied from ../shared/data. The names of listed people, firms and vessels
(and their programme tags) are public facts, kept so that name screening meets real
romanisations and real near-misses; the holders of most wallets are fictional. Every entity
number, alias and address number, remark, date, document number, street address and wallet
address is invented: wallets only have the shape of their chain's addresses.

Edge cases it carries: quoted fields holding commas ("KIM, Sang Man", tonnage "152,400"),
programmes as OFAC writes them in sdn.csv ("DPRK3] [DPRK4", three tags), weak a.k.a.s in
Remarks (one word, never screened, and two words), Remarks with "Digital Currency Address -
ETH ..." and "alt. Digital Currency Address - ...", one address on several chains, EVM
addresses in mixed case, Remarks cut off after an address and inside one, aka/fka/nka
aliases, two entities known only from alt.csv (a firm and a person), an address of an entity
named nowhere (orphan), a latin-1 byte, and one unattributed address in most lists.
"""

from __future__ import annotations

from pathlib import Path

# Entity numbers (invented; real ent_nums are below 100,000).
SILVERSTAR = 900101  # YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.
VOLASYS = 900102
CHINYONG = 900103
ALIS = 900104
SOBAEKSU = 900105  # only in alt.csv
KIM_SANG_MAN = 900201
SIM_HYON_SOP = 900202
KIM_JONG_UN = 900203
PARK_JIN_HYOK = 900204
RI_YONG_MU = 900205
JONG_KYONG_THAEK = 900206
CHOE_RYONG_HAE = 900207
PAK_BONG_NAM = 900208
JONG_YONG_SU = 900209
KIM_YONG_SU = 900301
RI_SU_YONG = 900302
O_YONG_HO = 900303
JONG_SONG_HO = 900304
HO_CHONG_SON = 900305  # only in alt.csv
WONG_MOON_CHI = 900306
KONY_SALIM = 900307
SALINA = 900308
DORENA = 900309
PRIMEROVA = 900401  # the wallet holders below are fictional
FRONT_NEWS = 900402
EXAMPLE_LABS = 900403
EXAMPLE_NOW = 900404
ORPHAN = 900999  # has an add.csv row and no name anywhere

# Wallets (invented, in each chain's shape).
KIM_XBT = "1S16UEHvrtMQYWJjkiWWkLzWbCRsySXGDa"
KIM_XBT_2 = "1JvbANEtqhU16tKfsdBCFK4XDaXcp7rHdr"
KIM_ETH = "0x33458440ecf6cf6764c129a63003d25d8a8c1716"
KIM_ETH_2 = "0x48c9ad394a31b10345c2ca5114133f77ba3c4b99"  # also listed as USDT and USDC
SIM_EVM = "0xfd1a28daa401e8c27bf1f82bc3379b88a9dfc7b9"  # ETH, ARB and BSC
PRIMEROVA_XBT = ("1LGFppgjrY1g8NwHPF5hP1YDroPWVHqyvR", "3vRhkVwSgsKxgFXVwBinQDzaMNc7wmfQkw")
PRIMEROVA_EVM = "0xa96908d7206290912632f09d10be8c352b1bf608"  # ETH and ETC
PRIMEROVA_XMR = "5e1e02cbcb9b462e461ad174734484b76b2ee7bac5923b13e8b599374db75603"
PRIMEROVA_LTC = "LyvpKWYd5sESXGK4PQ1bt1Co9YCqgqYtr7"
PRIMEROVA_ZEC = "t1A9mA9WGZYkj3TzNKpbKPjPSC6EL1gySLE"
PRIMEROVA_DASH = "XpfzLnz7wDFn8sUCZJKVVf6wGPBrwbET7n"
PRIMEROVA_BTG = "G7fZAQjnq1y1cewehQsk8hDsX52eQYKxJZ"
# Remarks of PRIMEROVA are cut inside this one: only the TRX list has it whole.
CUT_TRX = "TaprT2p8piv3iWxqinvSsEyhqKRz4X4SiQ"
FRONT_XBT = (
    "327LCXjzSguPrsCapjuMUoFKCWwF8QFRR6",
    "bc1qn7rfxqn9m4g4rk7pzkz049sjnvlpwcv7hcgmlx",
    "bc1q9dfy5ne9phz9al6gqekrcvcnc9quryu2uu49hp",
)
FRONT_ETH = ("0xf2450dd95a74218551266f3b4adad3c2751a1784", "0x74cf6cdce13735ad4eff55a790722750d645be16")
FRONT_XMR = (
    "48n14GbMDEwTSH2Rh3NabShw8PWMUUBZ6BUKKDWtzLMRDy1KD9btqS2aAHp2NED4BFsnUeudPW6ce2CcQaufQ9EiYaYAK4i",
    "8RhKn396b1LHsAnHgXAHCQYxC1tiqVv9NH3GAwxpM5HS1iGveHUdPfw45Ruz4Sd9jeus7VL4AvzVwm42n9RPFTvKTSgvMGs",
)
FRONT_BCH = ("qflaskm2suazzw5fuwgfq7n5uved4jx2jk8hwxzdx3", "qpcdvgz73u0kr72f87w26wla6r3glnld68sgmw2szw")
LABS_XBT = "bc1qlr8sn8cmhmp83n7fksj0nnekh8ew7ewlvxmec4"
LABS_EVM = "0xFa8B7569eD73319eE61003F590a19Fa27C4C349A"  # ETH, USDT and USDC
NOW_XBT = "3qyGUxuoAPrdLn2NYtEyJbjpvN1PsrZiBv"
NOW_ETH = ("0x08Fc026c00885dB24217294667D79Cd26410ffe6", "0x594e6f75Fd86c1B605Cc76eC061513740F54B42E")
NOW_USDT = (
    "TPiAeRdKQoaHCk6vaiMBvoio1hobP7GXdd",
    "T4x5b89mFjB5vQCFzTeYzGVcPKHcm2PTss",
    "TtHXGGUCFe1ebv6RKhuJx2gm8V1D32EwGT",
    "0x94278b0C4304bd3922b743997FD625fA0abceE3e",
)

_KP = "Korea, North"


def _person(dob: str, doc: str, *extra: str, sex: str = "Male") -> str:
    return "; ".join(
        [f"DOB {dob}", f"nationality {_KP}", f"Gender {sex}", *extra, f"Passport {doc} ({_KP})."]
    )


def _dca(currency: str, address: str, alt: bool = False) -> str:
    return f"{'alt. ' if alt else ''}Digital Currency Address - {currency} {address}"


_FIXTURE_NOTE = "Fixture remark: invented for tests"

# ent_num, name, type, programmes, title, call sign, vessel type, tonnage, GRT, flag, owner, remarks
SDN_ROWS: list[tuple[object, ...]] = [
    (SILVERSTAR, "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.", None, "DPRK3] [DPRK4", None, None,
     None, None, None, None, None,
     f"{_FIXTURE_NOTE}; Unified Social Credit Code (USCC) 91000000FX0000101A (China)."),
    (VOLASYS, "VOLASYS SILVER STAR", None, "DPRK3] [DPRK4", None, None, None, None, None, None, None,
     f"{_FIXTURE_NOTE}; Organization Established Date 11 Jun 2015."),
    (CHINYONG, "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY", None, "DPRK2", None, None, None,
     None, None, None, None, f"{_FIXTURE_NOTE}; Organization Type: Software services (fixture)."),
    (ALIS, "LIMITED LIABILITY COMPANY ALIS", None, "DPRK2", None, None, None, None, None, None, None,
     "Organization Established Date 19 Jan 2013; Tax ID No. 0000000104 (Russia); a.k.a. 'ALIAS LLC'; "
     "a.k.a. 'ALIS LLC'; Linked To: EXAMPLE PARENT COMPANY."),
    (KIM_SANG_MAN, "KIM, Sang Man", "individual", "DPRK4", None, None, None, None, None, None, None,
     _person("12 Mar 1968", "FX0000201", _dca("XBT", KIM_XBT), _dca("XBT", KIM_XBT_2, True),
             _dca("ETH", KIM_ETH), _dca("ETH", KIM_ETH_2, True), _FIXTURE_NOTE, _dca("USDT", KIM_ETH_2),
             _dca("USDC", KIM_ETH_2))),
    (SIM_HYON_SOP, "SIM, Hyon Sop", "individual", "NPWMD", None, None, None, None, None, None, None,
     _person("07 Sep 1981", "FX0000202", _dca("ETH", SIM_EVM), _FIXTURE_NOTE, _dca("ARB", SIM_EVM),
             _dca("BSC", SIM_EVM), "Linked To: EXAMPLE BANKING CORP")),
    (KIM_JONG_UN, "KIM, Jong Un", "individual", "DPRK3", "Fixture Title: Chairman", None, None, None,
     None, None, None, _person("01 Jan 1980", "FX0000203")),
    (PARK_JIN_HYOK, "PARK, Jin Hyok", "individual", "DPRK3", None, None, None, None, None, None, None,
     _person("20 Feb 1983", "FX0000204", "alt. DOB 21 Feb 1983")),
    (RI_YONG_MU, "RI, Yong Mu", "individual", "DPRK2", "Fixture Title: Vice Chairman", None, None, None,
     None, None, None, _person("03 Mar 1930", "FX0000205", "POB Example Province")),
    (JONG_KYONG_THAEK, "JONG, Kyong Thaek", "individual", "DPRK2", "Fixture Title: Minister", None,
     None, None, None, None, None, _person("01 Jan 1960 to 31 Dec 1962", "FX0000206")),
    (CHOE_RYONG_HAE, "CHOE, Ryong Hae", "individual", "DPRK2", "Fixture Title: Director", None, None,
     None, None, None, None, _person("09 Sep 1949", "FX0000207")),
    (PAK_BONG_NAM, "PAK, Bong Nam", "individual", "DPRK4", "Fixture Title: Bank Representative", None,
     None, None, None, None, None, _person("17 Jul 1970", "FX0000208")),
    (JONG_YONG_SU, "JONG, Yong Su", "individual", "DPRK2", "Fixture Title: Minister", None, None, None,
     None, None, None, _person("28 Nov 1951", "FX0000209")),
    (KIM_YONG_SU, "KIM, Yong Su", "individual", "DPRK2", "Fixture Title: Representative", None, None,
     None, None, None, None, _person("14 Apr 1967", "FX0000301", "alt. Passport FX0000311")),
    (RI_SU_YONG, "RI, Su Yong", "individual", "NPWMD", "Fixture Title: Official", None, None, None,
     None, None, None, _person("30 Jun 1966", "FX0000302", "Linked To: EXAMPLE GENERAL CORPORATION")),
    (O_YONG_HO, "O, Yong Ho", "individual", "NPWMD", None, None, None, None, None, None, None,
     _person("05 May 1963", "FX0000303")),
    (JONG_SONG_HO, "JONG, Song Ho", "individual", "DPRK4", None, None, None, None, None, None, None,
     _person("22 Aug 1974", "FX0000304", "Linked To: EXAMPLE JOINT BANK")),
    (WONG_MOON_CHI, "WONG, Moon Chi", "individual", "SDNTK", None, None, None, None, None, None, None,
     "DOB 02 Feb 1960; alt. DOB 03 Mar 1961; POB China; Passport FX0000306 (China); a.k.a. 'CHI BANG'."),
    (KONY_SALIM, "KONY, Salim", "individual", "CAR", None, None, None, None, None, None, None,
     "DOB 1990; alt. DOB 1989; Linked To: EXAMPLE ARMED GROUP."),
    (SALINA, "SALINA", "vessel", "IRAN", None, "FX0308", "Crude Oil Tanker", "152,400", "80,115", "Iran",
     None, "Former Vessel Flag Example; Vessel Registration Identification IMO 0000308; MMSI 000000308."),
    (DORENA, "DORENA", "vessel", "IRAN", None, "FX0309", "Crude Oil Tanker", None, None, "Iran",
     "EXAMPLE SHIPPING CO", "Vessel Registration Identification IMO 0000309."),
    (PRIMEROVA, "PRIMEROVA, Irina", "individual", "CYBER2", None, None, None, None, None, None, None,
     "; ".join([
         "DOB 10 Oct 1990; Email Address irina@example.invalid; Gender Female",
         _dca("XBT", PRIMEROVA_XBT[0]), _dca("XBT", PRIMEROVA_XBT[1], True), _dca("ETH", PRIMEROVA_EVM),
         _dca("XMR", PRIMEROVA_XMR), _FIXTURE_NOTE, _dca("LTC", PRIMEROVA_LTC), _dca("ZEC", PRIMEROVA_ZEC),
         _dca("DASH", PRIMEROVA_DASH), _dca("BTG", PRIMEROVA_BTG), _dca("ETC", PRIMEROVA_EVM),
         _dca("TRX", CUT_TRX[:23]),  # Remarks cut inside the address
     ])),
    (FRONT_NEWS, "EXAMPLE FRONT NEWS AGENCY", None, "NPWMD] [CYBER2] [ELECTION-EO13848", None, None, None,
     None, None, None, None,
     "; ".join([
         "Website front-news.example", _dca("XBT", FRONT_XBT[0]), _dca("XBT", FRONT_XBT[1], True),
         _dca("XBT", FRONT_XBT[2], True), _dca("ETH", FRONT_ETH[0]), _dca("ETH", FRONT_ETH[1], True),
         _dca("XMR", FRONT_XMR[0]), _dca("XMR", FRONT_XMR[1], True), _FIXTURE_NOTE,
         _dca("BCH", FRONT_BCH[0]), _dca("BCH", FRONT_BCH[1], True), "alt. Digital",  # cut after an address
     ])),
    (EXAMPLE_LABS, "EXAMPLE LABS, INC.", None, "ILLICIT-DRUGS-EO14059", None, None, None, None, None,
     None, None,
     "; ".join([
         "Website labs.example", _dca("XBT", LABS_XBT), _dca("ETH", LABS_EVM), _dca("USDT", LABS_EVM),
         _dca("USDC", LABS_EVM), "Company Number 000000403 (Canada).",
     ])),
    (EXAMPLE_NOW, "EXAMPLE NOW", None, "SDGT", None, None, None, None, None, None, None,
     "; ".join([
         _dca("XBT", NOW_XBT), _dca("ETH", NOW_ETH[0]), _dca("ETH", NOW_ETH[1], True), _FIXTURE_NOTE,
         _dca("USDT", NOW_USDT[0]), *(_dca("USDT", a, True) for a in NOW_USDT[1:]),
         "a.k.a. 'EXNOWNET'; a.k.a. 'EXAMPLE NOW NEWS'; Linked To: EXAMPLE FRONT NEWS AGENCY.",
     ])),
]  # fmt: skip

# ent_num, type, alias name (alt_num is numbered in order)
ALT_ROWS: list[tuple[int, str, str]] = [
    *((WONG_MOON_CHI, "aka", n) for n in (
        "WU, Chaisu", "HU, Chishu", "WONG, Kamkong", "CHEN, Shusheng", "HUANG, Man Chi", "WU, Chai Su",
        "WONG, Mun Chi", "HU, Chi Shu", "WONG, Kam Kong", "CHEN, Shu Sheng", "ZHANG, Jiang Ping",
        "CHAN, Shu Sang", "DU, Yu Rong",
    )),
    (SALINA, "fka", "SARV"),
    (SALINA, "fka", "BLACKSTONE"),
    (SALINA, "fka", "SPLENDOUR"),
    (DORENA, "fka", "SKYLINE"),
    (RI_YONG_MU, "aka", "RI, Yong-Mu"),
    *((KONY_SALIM, "aka", n) for n in (
        "KONY, Salim Saleh", "SALEH, Salim", "OGARO, Salim", "SALIM, Okolu", "OBOL, Simon Salim",
    )),
    (KIM_YONG_SU, "aka", "KIM, Yo'ng-su"),
    (PAK_BONG_NAM, "aka", "PAK, Pong-nam"),
    (PAK_BONG_NAM, "aka", "LUI, Wai Ming"),
    (PAK_BONG_NAM, "aka", "PAK, Pong Nam"),
    (JONG_KYONG_THAEK, "aka", "CHO'NG, Kyo'ng-t'aek"),
    (CHOE_RYONG_HAE, "aka", "CH'OE, Ryong-hae"),
    *((PARK_JIN_HYOK, "aka", n) for n in (
        "PAK, Jin Hek", "PAK, Jin Hyok", "PAK, Ch'in-hyo'k", "KIM, Hyon Woo", "KIM, Hyon U",
        "DAVID, Andoson", "HENNY, Watson",
    )),
    *((SILVERSTAR, "aka", n) for n in (
        "YANBIAN SILVERSTAR", "YANBIAN SILVER STAR", "SILVER STAR INTERNET TECHNOLOGY CORPORATION",
        "CHINA SILVER STAR INTERNET TECHNOLOGY COMPANY", "UNSONG INTERNET TECHNOLOGY CORPORATION",
        "YANJI SILVER STAR NETWORK TECHNOLOGY CO. LTD.", "SILVER STAR CHINA",
    )),
    (FRONT_NEWS, "aka", "EXAMPLE FRONT: NEWS & ANALYSIS"),
    (EXAMPLE_NOW, "nka", "EXAMPLE NOW NETWORK"),
    (SIM_HYON_SOP, "aka", "SIM, Hyo'n-so'p"),
    (KIM_SANG_MAN, "aka", "KIM, Sangman"),
    (CHINYONG, "aka", "JINYONG IT COOPERATION COMPANY"),
    (JONG_SONG_HO, "aka", "CHO'NG, So'ng-ho"),
    *((SOBAEKSU, "aka", n) for n in (
        "KOREA SOBAEKSU UNITED CORPORATION", "SOBAEKSU UNITED CORP.", "SOBAEKU UNITED CORP",
        "KOREA SOBAEKSU UNITED CO.",
    )),
    (HO_CHONG_SON, "aka", "HO', Cho'ng So'n"),
]  # fmt: skip

# ent_num, street, city, country (add_num is numbered in order)
ADD_ROWS: list[tuple[int, str | None, str | None, str | None]] = [
    (WONG_MOON_CHI, None, "Hong Kong", "China"),
    (SALINA, None, None, None),
    (DORENA, None, None, None),
    (RI_YONG_MU, None, None, _KP),
    (KONY_SALIM, None, None, "Region: Example Border Area"),
    (KONY_SALIM, None, None, "Central African Republic"),
    (KIM_JONG_UN, None, None, _KP),
    (RI_SU_YONG, None, None, "Cuba"),
    (KIM_YONG_SU, None, None, "Vietnam"),
    (PAK_BONG_NAM, None, "Shenyang", "China"),
    (JONG_YONG_SU, None, None, _KP),
    (JONG_KYONG_THAEK, None, "Pyongyang", _KP),
    (CHOE_RYONG_HAE, None, None, None),
    (PARK_JIN_HYOK, None, None, None),
    (SILVERSTAR, "101 Example East Road", "Yanji, Jilin", "China"),
    (SILVERSTAR, "No. 1-2,  Building 9, Example Industrial Park, Yanji Example Zone", None, "China"),
    (SILVERSTAR, "Example Dong Lu, 101Hao", "Yanji, Jilin 100000", "China"),
    (VOLASYS, "7 Ulitsa Primernaya", "Vladivostok", "Russia"),
    (PRIMEROVA, None, "Moscow", "Russia"),
    (FRONT_NEWS, None, None, "Russia"),
    (O_YONG_HO, None, "Moscow", "Russia"),
    (SIM_HYON_SOP, None, "Dandong", "China"),
    (KIM_SANG_MAN, None, None, "Russia"),
    (KIM_SANG_MAN, None, None, _KP),
    (CHINYONG, None, None, _KP),
    (EXAMPLE_LABS, "12 Rue de l'Exemple, Bâtiment B", "Montréal, Quebec H0H 0H0", "Canada"),
    (EXAMPLE_NOW, None, None, "Region: Example"),
    (ALIS, "Office 1, Building 2, Example Street", "Vladivostok, Primorsky Krai 690000", "Russia"),
    (JONG_SONG_HO, None, "Vladivostok", "Russia"),
    (SOBAEKSU, "Example St. Building 3, Unit 4, Example District", "Dalian, Liaoning", "China"),
    (SOBAEKSU, "5 Example Center St., Example District", "Dandong, Liaoning", "China"),
    (HO_CHONG_SON, None, None, _KP),
    (ORPHAN, None, "Example City", "Example Country"),
]

# Per-currency lists: the addresses in the Remarks above plus, in most, one nobody is named for.
CRYPTO_LISTS: dict[str, list[str]] = {
    "ARB": [SIM_EVM],
    "BCH": [*FRONT_BCH, "1zgWYAvAnL5f4bGQpawuZgBuH6gEv5uu6g"],
    "BSC": [SIM_EVM],
    "BTG": [PRIMEROVA_BTG],
    "DASH": [PRIMEROVA_DASH, "XaUWcoHpSHp9ecf33Kvw6Jg8iwZ7nAkxjJ"],
    "ETC": [PRIMEROVA_EVM],
    "ETH": [
        *NOW_ETH, *FRONT_ETH, SIM_EVM, KIM_ETH, KIM_ETH_2, LABS_EVM, PRIMEROVA_EVM,
        "0x77D1b1ea76489E77dBFE46B97276a1C3795eFbd7",
    ],
    "LTC": [
        PRIMEROVA_LTC, "LzXfF4RaS865XM6WVbhPBaHFpWZ1MrqLGM", "ltc1qawlrh9wn7y8zr3qymkpz47jxkpdljdn7q5r9tv",
    ],
    "TRX": [CUT_TRX, "TidszCnMSx8NoR26biZDsJ8dBFCgm7qzjp"],
    "USDC": [LABS_EVM, KIM_ETH_2],
    "USDT": [*NOW_USDT, LABS_EVM, KIM_ETH_2, "0x30Aee85CdBc10b926Ae55905Cebc74a694CFCA89"],
    "XBT": [
        KIM_XBT, KIM_XBT_2, *PRIMEROVA_XBT, *FRONT_XBT, LABS_XBT, NOW_XBT,
        "bc1q6tkvwc56zz2528vvj9cyh2f9efnkzdjjhu28jg",
    ],
    "XMR": [*FRONT_XMR, PRIMEROVA_XMR],
    "ZEC": [PRIMEROVA_ZEC, "t1V6cxaDcef3FUEsUwHdgtNxoLBe1KQ55yo"],
}  # fmt: skip

SDN_ENTITIES = len(SDN_ROWS)  # 25
ALT_ONLY_ENTITIES = 2  # SOBAEKSU and HO_CHONG_SON


def _field(value: object) -> str:
    if value is None:
        return "-0- "
    if isinstance(value, int):
        return str(value)
    text = str(value)
    assert '"' not in text and "\n" not in text, text  # OFAC's files never escape a quote
    return f'"{text}"'


def _write_csv(path: Path, rows: list[tuple[object, ...]]) -> None:
    text = "".join(",".join(map(_field, row)) + "\r\n" for row in rows) + "\x1a"
    path.write_bytes(text.encode("latin-1"))


def write_ofac_fixture(folder: Path) -> Path:
    """Write sdn.csv, alt.csv, add.csv and crypto/sanctioned_addresses_<CUR>.txt into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(folder / "sdn.csv", SDN_ROWS)
    _write_csv(folder / "alt.csv", [(e, 800001 + i, t, n, None) for i, (e, t, n) in enumerate(ALT_ROWS)])
    _write_csv(folder / "add.csv", [(r[0], 700001 + i, *r[1:], None) for i, r in enumerate(ADD_ROWS)])
    crypto = folder / "crypto"
    crypto.mkdir(exist_ok=True)
    for currency, addresses in CRYPTO_LISTS.items():
        (crypto / f"sanctioned_addresses_{currency}.txt").write_text("".join(a + "\n" for a in addresses))
    return folder
