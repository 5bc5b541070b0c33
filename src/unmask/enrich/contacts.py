"""Phones and emails, once per distinct value: valid, what country, what kind.

Phones are parsed in the context of the country the person claims (a number
written without ``+`` means nothing on its own), so the key is the number and
that claim together.
"""

from __future__ import annotations

import pyarrow as pa

from unmask.enrich.intelligence import Intelligence
from unmask.enrich.refresh import Enrichment, refresh
from unmask.intel.phone import analyse_phone
from unmask.store import Workspace

PHONE_COLUMNS = (
    "phone_key VARCHAR, phone VARCHAR, claimed_country VARCHAR, valid BOOLEAN, e164 VARCHAR, "
    "country VARCHAR, number_type VARCHAR, is_voip BOOLEAN, voip_known BOOLEAN, reason VARCHAR"
)
EMAIL_COLUMNS = (
    "email VARCHAR, valid BOOLEAN, domain VARCHAR, registrable VARCHAR, disposable BOOLEAN, "
    "free_mail BOOLEAN, corporate BOOLEAN, mailbox_key VARCHAR, tld_country VARCHAR, reason VARCHAR"
)

_PHONES = """
    SELECT phone || '|' || coalesce(claimed, '') AS phone_key, phone, claimed FROM (
        SELECT phone, claimed_country AS claimed FROM workers WHERE phone IS NOT NULL
        UNION
        SELECT p.phone, w.claimed_country FROM profiles p JOIN workers w USING (worker_id)
        WHERE p.phone IS NOT NULL)
"""
_EMAILS = """
    SELECT email FROM workers UNION SELECT email FROM profiles
    UNION SELECT author_email FROM commits
"""

# Country-code TLDs sold as generic names (.io, .ai, .co …) say nothing about where someone is.
_GENERIC_CCTLDS = frozenset(
    [
        "ac",
        "ag",
        "ai",
        "am",
        "app",
        "as",
        "bz",
        "cc",
        "cd",
        "co",
        "dev",
        "fm",
        "gg",
        "gl",
        "gs",
        "io",
        "la",
        "ly",
        "me",
        "ms",
        "mu",
        "nu",
        "one",
        "sc",
        "sh",
        "so",
        "st",
        "tk",
        "to",
        "tv",
        "vc",
        "ws",
        "xyz",
    ]
)


def enrich_phones(ws: Workspace, intel: Intelligence) -> int:
    def compute(inputs: pa.Table) -> pa.Table:
        keys, phones, claims = (inputs.column(c).to_pylist() for c in ("phone_key", "phone", "claimed"))
        infos = [analyse_phone(p, c) for p, c in zip(phones, claims, strict=True)]
        return pa.table({
            "phone_key": keys,
            "phone": phones,
            "claimed_country": claims,
            "valid": [i.valid for i in infos],
            "e164": [i.e164 for i in infos],
            "country": [i.country for i in infos],
            "number_type": [str(i.number_type) for i in infos],
            "is_voip": [i.is_voip for i in infos],
            "voip_known": [i.voip_known for i in infos],
            "reason": [i.reason for i in infos],
        })  # fmt: skip

    enrichment = Enrichment("phone_info", PHONE_COLUMNS, "phone_key", _PHONES, compute)
    return refresh(ws, enrichment, intel.fingerprint())


def tld_country(registrable: str | None) -> str | None:
    """ISO country of a domain's country-code TLD (``.cn`` → CN, ``.uk`` → GB); None for generic ones."""
    if not registrable or "." not in registrable:
        return None
    tld = registrable.rsplit(".", 1)[1].lower()
    if len(tld) != 2 or tld in _GENERIC_CCTLDS or not tld.isascii():
        return None
    return {"uk": "GB"}.get(tld, tld.upper())


def enrich_emails(ws: Workspace, intel: Intelligence) -> int:
    def compute(inputs: pa.Table) -> pa.Table:
        emails = inputs.column("email").to_pylist()
        infos = intel.email.analyse_many(emails)
        return pa.table({
            "email": emails,
            "valid": [i.valid for i in infos],
            "domain": [i.domain for i in infos],
            "registrable": [i.registrable for i in infos],
            "disposable": [i.disposable for i in infos],
            "free_mail": [i.free_mail for i in infos],
            "corporate": [i.corporate for i in infos],
            "mailbox_key": [i.mailbox_key for i in infos],
            "tld_country": [tld_country(i.registrable) for i in infos],
            "reason": [i.reason for i in infos],
        })  # fmt: skip

    enrichment = Enrichment("email_info", EMAIL_COLUMNS, "email", _EMAILS, compute)
    return refresh(ws, enrichment, intel.fingerprint("disposable-email-domains"))
