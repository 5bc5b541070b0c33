"""Phone numbers: validity, type, country, claimed-country mismatch and the +1 VoIP caveat."""

from __future__ import annotations

import pytest

from unmask.intel.phone import PhoneType, analyse_phone, analyse_phones, has_voip_ranges, normalise_country

# raw, claimed country, valid, ISO country, type, voip_known, country_mismatch
CASES = [
    # North America: phonenumbers cannot tell VoIP (Google Voice …) from other +1 numbers.
    ("+1 201-555-0123", "US", True, "US", PhoneType.FIXED_LINE_OR_MOBILE, False, False),
    ("(201) 555-0123", "US", True, "US", PhoneType.FIXED_LINE_OR_MOBILE, False, False),
    ("+1 416 555 0123", "CA", True, "CA", PhoneType.FIXED_LINE_OR_MOBILE, False, False),
    ("+1 416 555 0123", "US", True, "CA", PhoneType.FIXED_LINE_OR_MOBILE, False, True),
    ("+1 800 555 1234", "US", True, "US", PhoneType.TOLL_FREE, False, False),
    ("+1 900 555 1234", "US", True, "US", PhoneType.PREMIUM, False, False),
    # Countries with dedicated VoIP ranges.
    ("+44 56 1234 5678", "GB", True, "GB", PhoneType.VOIP, True, False),
    ("056 1234 5678", "GB", True, "GB", PhoneType.VOIP, True, False),
    ("+31 85 123 4567", "NL", True, "NL", PhoneType.VOIP, True, False),
    ("+44 7400 123456", "GB", True, "GB", PhoneType.MOBILE, True, False),
    ("07400 123456", "United Kingdom", True, "GB", PhoneType.MOBILE, True, False),
    ("+44 121 234 5678", "GB", True, "GB", PhoneType.FIXED_LINE, True, False),
    ("+44 70 1234 5678", "GB", True, "GB", PhoneType.PERSONAL, True, False),
    ("+31 6 12345678", "NL", True, "NL", PhoneType.MOBILE, True, False),
    ("+7 701 234 5678", "KZ", True, "KZ", PhoneType.MOBILE, True, False),
    # Countries without VoIP ranges in the metadata.
    ("+49 151 23456789", "DE", True, "DE", PhoneType.MOBILE, False, False),
    ("+49 30 123456", "DEU", True, "DE", PhoneType.FIXED_LINE, False, False),
    ("+86 131 2345 6789", "CN", True, "CN", PhoneType.MOBILE, False, False),
    ("+7 912 345 6789", "RUS", True, "RU", PhoneType.MOBILE, False, False),
    ("+850 192 123 4567", "KP", True, "KP", PhoneType.MOBILE, False, False),
    ("+380 50 123 4567", "UA", True, "UA", PhoneType.MOBILE, True, False),
    ("+91 81234 56789", "IN", True, "IN", PhoneType.MOBILE, False, False),
    # Mismatch: a Chinese or North Korean number behind a claimed US or Polish residence.
    ("+86 131 2345 6789", "US", True, "CN", PhoneType.MOBILE, False, True),
    ("+850 2 123 4567", "US", True, "KP", PhoneType.FIXED_LINE, False, True),
    ("+44 7400 123456", "PL", True, "GB", PhoneType.MOBILE, True, True),
    # No claim: no mismatch can be judged.
    ("+44 7400 123456", None, True, "GB", PhoneType.MOBILE, True, None),
]


@pytest.mark.parametrize(("raw", "claimed", "valid", "country", "ptype", "voip_known", "mismatch"), CASES)
def test_phone_table(
    raw: str,
    claimed: str | None,
    valid: bool,
    country: str,
    ptype: PhoneType,
    voip_known: bool,
    mismatch: bool | None,
) -> None:
    info = analyse_phone(raw, claimed)
    assert info.valid is valid, info
    assert info.country == country
    assert info.number_type is ptype
    assert info.voip_known is voip_known
    assert info.country_mismatch is mismatch
    assert info.e164 is not None and info.e164.startswith("+")


def test_plus_one_voip_is_unknown_not_clean() -> None:
    """A +1 number that is not typed VoIP must not read as "not VoIP": phonenumbers cannot know."""
    info = analyse_phone("+1 201 555 0123", "US")
    assert info.number_type is not PhoneType.VOIP
    assert info.voip_known is False
    assert info.is_voip is None
    assert not has_voip_ranges("US") and not has_voip_ranges("CA")  # CA has a few ranges; NANP is never
    assert analyse_phone("+44 56 1234 5678", "GB").is_voip is True
    assert analyse_phone("+44 7400 123456", "GB").is_voip is False


@pytest.mark.parametrize(
    ("raw", "claimed", "parsed", "reason"),
    [
        ("", "US", False, "empty"),
        ("call me", "US", False, "not a number"),
        ("07400 123456", None, False, "no country: no leading + and no claimed country"),
        ("+999 123 456", "US", False, "invalid country code"),
        ("+1 201", "US", True, "wrong length"),
        ("+1 201 155 0123", "US", True, "not a number in use in its country"),
        ("+44 10 1234 5678", "GB", True, "not a number in use in its country"),
    ],
)
def test_invalid_numbers_say_why(raw: str, claimed: str | None, parsed: bool, reason: str) -> None:
    info = analyse_phone(raw, claimed)
    assert not info.valid
    assert info.parsed is parsed
    assert info.reason == reason
    assert info.number_type is PhoneType.UNKNOWN


def test_claimed_country_sets_default_region() -> None:
    """Without a +, the same digits are read in the claimed country."""
    assert analyse_phone("030 123456", "DE").e164 == "+4930123456"
    assert analyse_phone("(201) 555-0123", "US").e164 == "+12015550123"


def test_non_geographic_number_has_no_country() -> None:
    info = analyse_phone("+800 1234 5678", "US")
    assert info.valid and info.country is None and info.country_mismatch is None
    assert info.number_type is PhoneType.TOLL_FREE


def test_carrier_and_time_zones_when_known() -> None:
    info = analyse_phone("+44 7400 123456", "GB")
    assert info.carrier == "Three"
    assert "Europe/London" in info.time_zones
    assert analyse_phone("+1 201 555 0123", "US").time_zones == ("America/New_York",)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("US", "US"),
        ("us", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("UK", "GB"),
        ("", None),
        ("Narnia", None),
    ],
)
def test_normalise_country(value: str, iso: str | None) -> None:
    assert normalise_country(value) == iso


def test_batch_computes_once_per_distinct_pair() -> None:
    pairs = [("+44 7400 123456", "GB"), ("+1 201 555 0123", "US")] * 5000 + [("+44 7400 123456", "US")]
    out = analyse_phones(pairs)
    assert len(out) == len(pairs)
    assert out[0] is out[2]  # same object: analysed once
    assert out[-1].country_mismatch is True and out[0].country_mismatch is False
