"""Phone numbers: validity, country, line type (VoIP above all) and claimed-country mismatch.

DPRK IT workers give US or European numbers they do not hold a line for: VoIP numbers
(Google Voice, TextNow …) bought online, or numbers of a country other than the one they
claim to live in. Google's ``phonenumbers`` metadata answers this offline.

Its one blind spot matters here: it only calls a number VoIP where the country's numbering
plan has dedicated VoIP ranges (GB 056, NL 085/091, …). North America (+1) has none — Google
Voice numbers sit in ordinary geographic ranges — so a +1 number typed "fixed_line_or_mobile"
may well be VoIP. ``PhoneInfo.voip_known`` says whether "not VoIP" means anything, so that a
detector never reads it as a clean bill.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import phonenumbers
import pycountry
from phonenumbers import PhoneMetadata, PhoneNumberType, carrier
from phonenumbers import timezone as pn_timezone


class PhoneType(StrEnum):
    """Line type, from phonenumbers' ``PhoneNumberType`` with plain names."""

    FIXED_LINE = "fixed_line"
    MOBILE = "mobile"
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"  # the plan does not tell them apart (e.g. +1)
    TOLL_FREE = "toll_free"
    PREMIUM = "premium"
    SHARED_COST = "shared_cost"
    VOIP = "voip"
    PERSONAL = "personal"  # "follow-me" numbers, e.g. GB 070
    PAGER = "pager"
    UAN = "uan"  # universal access numbers of companies
    VOICEMAIL = "voicemail"
    UNKNOWN = "unknown"


_TYPE_NAMES: dict[int, PhoneType] = {
    PhoneNumberType.FIXED_LINE: PhoneType.FIXED_LINE,
    PhoneNumberType.MOBILE: PhoneType.MOBILE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: PhoneType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.TOLL_FREE: PhoneType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE: PhoneType.PREMIUM,
    PhoneNumberType.SHARED_COST: PhoneType.SHARED_COST,
    PhoneNumberType.VOIP: PhoneType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER: PhoneType.PERSONAL,
    PhoneNumberType.PAGER: PhoneType.PAGER,
    PhoneNumberType.UAN: PhoneType.UAN,
    PhoneNumberType.VOICEMAIL: PhoneType.VOICEMAIL,
}
# Types that no person should give as their own phone: they are not a line in a home.
NON_PERSONAL_TYPES = frozenset(
    {PhoneType.VOIP, PhoneType.TOLL_FREE, PhoneType.PREMIUM, PhoneType.SHARED_COST, PhoneType.UAN}
)
_NANP = 1  # North American Numbering Plan: no VoIP ranges in the metadata


@dataclass(frozen=True)
class PhoneInfo:
    """What one phone number is. ``valid`` False means the rest is best-effort or None."""

    raw: str
    claimed_country: str | None  # ISO 3166-1 alpha-2, as understood from the claim
    parsed: bool
    valid: bool
    possible: bool  # right length for its country (weaker than valid)
    reason: str | None  # why it could not be parsed or is not valid
    e164: str | None
    country_code: int | None  # calling code, 1 for NANP
    country: str | None  # ISO alpha-2 of the number's region; None when not attributable
    number_type: PhoneType
    voip_known: bool  # phonenumbers has VoIP ranges for this country: "not voip" means something
    carrier: str | None  # original carrier of mobile ranges (numbers can be ported), when known
    time_zones: tuple[str, ...]
    country_mismatch: bool | None  # number's country differs from the claimed one; None when unknown

    @property
    def is_voip(self) -> bool | None:
        """True when VoIP, False only when phonenumbers can tell (``voip_known``), None when it cannot."""
        if self.number_type is PhoneType.VOIP:
            return True
        return False if self.voip_known and self.valid else None


@lru_cache(maxsize=1024)
def normalise_country(value: str | None) -> str | None:
    """ISO alpha-2 for an alpha-2, alpha-3 or English country name ("US", "USA", "United States")."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if len(text) == 2 and text.upper() in phonenumbers.SUPPORTED_REGIONS:
        return text.upper()
    if text.upper() == "UK":
        return "GB"
    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return str(found.alpha_2)


@lru_cache(maxsize=512)
def has_voip_ranges(region: str) -> bool:
    """True when phonenumbers' metadata for ``region`` describes dedicated VoIP number ranges.

    NANP regions are always False: even where the metadata lists a few VoIP ranges (CA),
    VoIP providers hand out ordinary geographic numbers, so "not VoIP" says nothing there.
    """
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None or meta.country_code == _NANP:
        return False
    return bool(meta.voip is not None and meta.voip.national_number_pattern)


def _failed(raw: str, claimed: str | None, reason: str) -> PhoneInfo:
    return PhoneInfo(
        raw=raw,
        claimed_country=claimed,
        parsed=False,
        valid=False,
        possible=False,
        reason=reason,
        e164=None,
        country_code=None,
        country=None,
        number_type=PhoneType.UNKNOWN,
        voip_known=False,
        carrier=None,
        time_zones=(),
        country_mismatch=None,
    )


@lru_cache(maxsize=1 << 18)
def analyse_phone(raw: str, claimed_country: str | None) -> PhoneInfo:
    """Parse and classify one number; numbers without ``+`` are read in the claimed country.

    Cached per distinct (number, claimed country) pair: a workspace repeats the same few
    numbers across millions of rows.
    """
    claimed = normalise_country(claimed_country)
    text = (raw or "").strip()
    if not text:
        return _failed(raw, claimed, "empty")
    try:
        number = phonenumbers.parse(text, claimed)
    except phonenumbers.NumberParseException as exc:
        return _failed(raw, claimed, _parse_reason(exc, claimed))
    valid = phonenumbers.is_valid_number(number)
    possible = phonenumbers.is_possible_number(number)
    code = number.country_code or 0
    region = phonenumbers.region_code_for_number(number) if valid else None
    if region is None:
        # Invalid: attribute it to the calling code only when that code means one country.
        regions = phonenumbers.region_codes_for_country_code(code)
        region = regions[0] if len(regions) == 1 else None
    if region in (phonenumbers.UNKNOWN_REGION, phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY):
        region = None  # "ZZ" unknown, "001" non-geographic (+800 freephone, satellite …)
    ptype = (
        _TYPE_NAMES.get(phonenumbers.number_type(number), PhoneType.UNKNOWN) if valid else PhoneType.UNKNOWN
    )
    mismatch = None if region is None or claimed is None else region != claimed
    reason = None if valid else ("not a number in use in its country" if possible else "wrong length")
    return PhoneInfo(
        raw=raw,
        claimed_country=claimed,
        parsed=True,
        valid=valid,
        possible=possible,
        reason=reason,
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        country_code=code,
        country=region,
        number_type=ptype,
        voip_known=bool(region) and has_voip_ranges(region or ""),
        carrier=(carrier.name_for_number(number, "en") or None) if valid else None,
        time_zones=_time_zones(number) if valid else (),
        country_mismatch=mismatch,
    )


def _time_zones(number: phonenumbers.PhoneNumber) -> tuple[str, ...]:
    zones = tuple(pn_timezone.time_zones_for_number(number))
    return () if zones == (pn_timezone.UNKNOWN_TIMEZONE,) else zones


def _parse_reason(exc: phonenumbers.NumberParseException, claimed: str | None) -> str:
    kind = exc.error_type
    if kind == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        return (
            "no country: no leading + and no claimed country" if claimed is None else "invalid country code"
        )
    if kind == phonenumbers.NumberParseException.NOT_A_NUMBER:
        return "not a number"
    if kind in (
        phonenumbers.NumberParseException.TOO_SHORT_NSN,
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD,
    ):
        return "too short"
    if kind == phonenumbers.NumberParseException.TOO_LONG:
        return "too long"
    return str(exc)


def analyse_phones(pairs: Iterable[tuple[str, str | None]]) -> list[PhoneInfo]:
    """``analyse_phone`` for each (number, claimed country) pair, computed once per distinct pair."""
    seen: dict[tuple[str, str | None], PhoneInfo] = {}
    out = []
    for raw, claimed in pairs:
        key = (raw, claimed)
        info = seen.get(key)
        if info is None:
            info = seen[key] = analyse_phone(raw, claimed)
        out.append(info)
    return out
