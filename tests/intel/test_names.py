"""Name normalisation and comparison: punctuation, legal forms, word order, Korean romanisation.

Pure functions, no data files: these always run. Screening against SDN data is in test_sanctions.py.
"""

from __future__ import annotations

import pytest

from unmask.intel.names import (
    NameKind,
    fold_korean,
    looks_like_organisation,
    name_forms,
    name_similarity,
    normalise_name,
)
from unmask.intel.sanctions import DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("KIM, Sang Man", "person", "kim sang man"),
        ("  Jean-Luc   PICARD ", "any", "jean luc picard"),
        ("SIM, Hyo'n-so'p", "person", "sim hyon sop"),
        ("Müller, Jürgen", "person", "muller jurgen"),
        ("Дмитрий Иванов", "person", "dmitriy ivanov"),
        ("YANBIAN SILVERSTAR NETWORK TECH CO.,LTD.", "organisation", "yanbian silverstar network technology"),
        ("Jinyong IT Cooperation Company", "organisation", "jinyong information technology cooperation"),
        ("Acme Holdings L.L.C.", "organisation", "acme holdings"),
        ("Co., Ltd.", "organisation", "co ltd"),  # only a legal form: its words are kept, not emptied
        ("", "any", ""),
        ("...,,,--", "any", ""),
    ],
)
def test_normalise_name(raw: str, kind: NameKind, expected: str) -> None:
    assert normalise_name(raw, kind=kind) == expected


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (("hyon", "hyun", "hyeon"), "hyon"),
        (("sop", "sup", "seop"), "sop"),
        (("jong", "jeong", "chong", "cheong", "jung"), "jong"),
        (("kim", "gim"), "kim"),
        (("choe", "choi"), "jwe"),
    ],
)
def test_fold_korean_spellings_share_a_key(spellings: tuple[str, ...], key: str) -> None:
    assert {fold_korean(s) for s in spellings} == {key}


@pytest.mark.parametrize("token", ["smith", "fox", "quartz", "x1", "catherine"])
def test_fold_korean_refuses_non_syllabic_words(token: str) -> None:
    assert fold_korean(token) is None


# (a, b, kind): the same name written another way; must reach the default threshold.
SAME = [
    ("KIM, Sang Man", "Sang Man Kim", "person"),
    ("KIM, Sang Man", "Gim Sangman", "person"),
    ("KIM, Sang Man", "김상만", "person"),
    ("SIM, Hyon Sop", "Shim Hyun-sup", "person"),
    ("PAK, Jin Hyok", "Park Jin-hyeok", "person"),
    ("RI, Yong Mu", "Lee Yong-mu", "person"),
    ("RI, Yong Mu", "Rhee Yong Mu", "person"),
    ("RI, Yong Mu", "Yi Yong-mu", "person"),
    ("CHOE, Ryong Hae", "Choi Ryong-hae", "person"),
    ("JONG, Kyong Thaek", "Jeong Gyeong-taek", "person"),
    ("JONG, Kyong Thaek", "Chong Kyong Thaek", "person"),
    ("JONG, Kyong Thaek", "Cheong Kyeong Taek", "person"),
    ("MOHAMMED, Ali", "Ali Mohamed", "person"),
    ("YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.", "Yanbian Silver Star", "organisation"),
    ("VOLASYS SILVER STAR", "Volasys Silverstar LLC", "organisation"),
    ("CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY", "Chinyong IT Cooperation", "organisation"),
    ("CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY", "Jinyong IT Cooperation Co.", "organisation"),
    ("KOREA SOBAEKSU UNITED CORPORATION", "Korea Sobaeksu", "organisation"),
]

# (a, b, kind): different names that share words, letters or a romanisation class; must stay below.
DIFFERENT = [
    ("KIM, Sang Man", "Kim Sang Min", "person"),  # one syllable off is another person
    ("KIM, Sang Man", "Kim", "person"),
    ("RI, Su Yong", "Lee Young-soo", "person"),  # given-name syllables swapped
    ("HU, Chi Shu", "Seo Ji-ho", "person"),  # folding must not pair a surname with a given name
    ("HO', Cho'ng So'n", "Son Jung-ho", "person"),
    ("JONG, Song Ho", "Song Jung-ho", "person"),
    ("O, Yong Ho", "Woo Young-ho", "person"),  # 오 and 우 are different surnames
    ("SALEH, Salim", "Saleh Salma", "person"),
    ("BASKOV, Dmitry", "Dmitry Boyko", "person"),
    ("SKYLINE", "Skyline Media LLC", "organisation"),  # a padded one-word brand is a new name
    ("BLACKSTONE", "Blackstone Solutions LLP", "organisation"),
    ("YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.", "Yanbian Pharmaceutical Co., Ltd.", "organisation"),
    ("VOLASYS SILVER STAR", "Star Network Solutions Inc", "organisation"),
]


@pytest.mark.parametrize(("a", "b", "kind"), SAME)
def test_same_name_reaches_threshold(a: str, b: str, kind: NameKind) -> None:
    assert name_similarity(b, a, kind=kind) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(("a", "b", "kind"), DIFFERENT)
def test_different_name_stays_below_threshold(a: str, b: str, kind: NameKind) -> None:
    assert name_similarity(b, a, kind=kind) < DEFAULT_THRESHOLD


def test_person_similarity_is_symmetric() -> None:
    for a, b, kind in SAME + DIFFERENT:
        if kind == "person":
            assert name_similarity(a, b, kind="person") == pytest.approx(name_similarity(b, a, kind="person"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chinyong IT Cooperation Company", True),
        ("Acme GmbH", True),
        ("Northwind Trading", True),
        ("Kim Sang Man", False),
        ("Maria Garcia", False),
    ],
)
def test_looks_like_organisation(name: str, expected: bool) -> None:
    assert looks_like_organisation(name) is expected


def test_korean_reading_is_only_a_spelling_rule() -> None:
    """Folding is about how a name is spelt, never a flag: it adds no keys that are not spellings."""
    forms = name_forms("Kim Min-jun", "person")
    assert forms.korean  # read as Korean ...
    assert all(k.isalnum() for k in forms.keys)  # ... but no "korean" marker or origin key exists
    assert name_similarity("Kim Min-jun", "Kim Min-jun") == 1.0
    assert name_similarity("Kim Min-jun", "Kim Seo-yeon") < DEFAULT_THRESHOLD


def test_empty_and_punctuation_compare_as_zero() -> None:
    assert name_similarity("", "KIM, Sang Man") == 0.0
    assert name_similarity("-- ,, ''", "KIM, Sang Man") == 0.0
