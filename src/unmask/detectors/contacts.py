"""Phones and emails: what they say about where the person is, and who else uses them.

Reads ``phone_info`` and ``email_info`` (enrichment). A number's or a mail
domain's country counts only as an inconsistency with the claimed country.
"""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, held_rows

# Every phone a worker gave, in the workers table or in any profile, with its enrichment.
PHONES = """
    SELECT x.*, i.valid, i.e164, i.country AS phone_country, i.number_type, i.is_voip FROM (
        SELECT worker_id, 'workers' AS tbl, row_id, origin, phone, claimed_country FROM workers
        UNION ALL
        SELECT p.worker_id, 'profiles', p.row_id, p.origin, p.phone, w.claimed_country
        FROM profiles p JOIN workers w USING (worker_id)) x
    JOIN phone_info i ON i.phone_key = x.phone || '|' || coalesce(x.claimed_country, '')
"""
EMAILS = """
    SELECT x.*, e.valid, e.domain, e.disposable, e.free_mail, e.mailbox_key, e.tld_country FROM (
        SELECT worker_id, 'workers' AS tbl, row_id, origin, email, claimed_country FROM workers
        UNION ALL
        SELECT p.worker_id, 'profiles', p.row_id, p.origin, p.email, w.claimed_country
        FROM profiles p JOIN workers w USING (worker_id)) x
    JOIN email_info e USING (email)
"""

# One wallet, however its address is cased: EVM addresses (0x…) are case-insensitive hex (the
# case is only a checksum); Base58 addresses (Bitcoin, Tron) are case-sensitive.
WALLET = "CASE WHEN wallet_address ILIKE '0x%' THEN lower(wallet_address) ELSE wallet_address END"

ROWS = held_rows()


def _country_vs_claim(source: str, country: str, value: str) -> str:
    """Workers with a valid contact whose country (``country``) is not the claimed one: the
    countries as ``countries`` and the contacts as ``contacts``."""
    return f"""
    SELECT worker_id, any_value(claimed_country) AS claimed_country,
           list(DISTINCT {country} ORDER BY {country}) AS countries,
           list(DISTINCT {value} ORDER BY {value}) AS contacts, {ROWS}, count(*) AS evidence_total
    FROM ({source})
    WHERE valid AND {country} IS NOT NULL AND claimed_country IS NOT NULL AND {country} <> claimed_country
    GROUP BY worker_id
    """


PHONE_COUNTRY_MISMATCH = Detector(
    id="phone_country_mismatch",
    title="Phone number from another country than the claimed one",
    description="A valid phone number the worker gave belongs to a country other than the one they "
    "claim to live in. Operatives use numbers bought abroad or lent by facilitators.",
    category="contacts",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("workers", "profiles"),
    sql=lambda s: _country_vs_claim(PHONES, "phone_country", "e164"),
    detail=lambda r: (
        f"Phone {', '.join(r['contacts'][:3])} is registered in {', '.join(r['countries'])}, "
        f"not the claimed {r['claimed_country']}."
    ),
)


def _voip_sql(s: Settings) -> str:
    return f"""
    SELECT worker_id, list(DISTINCT e164 ORDER BY e164) AS numbers, {ROWS}, count(*) AS evidence_total
    FROM ({PHONES}) WHERE is_voip GROUP BY worker_id
    """


VOIP_PHONE = Detector(
    id="voip_phone",
    title="VoIP phone number",
    description="A phone number the worker gave is in a range its country allocates to VoIP services, "
    "which anyone can rent online. phonenumbers can tell only where a country publishes VoIP ranges, "
    "so +1 numbers are never flagged.",
    category="contacts",
    references=(ref.GUIDANCE_2022,),
    tables=("workers", "profiles"),
    sql=_voip_sql,
    detail=lambda r: f"{', '.join(r['numbers'][:3])} is a VoIP number.",
)


EMAIL_COUNTRY_MISMATCH = Detector(
    id="email_country_mismatch",
    title="Email domain from another country than the claimed one",
    description="An email address is under the country-code domain of another country than the one "
    "claimed (generic-use codes such as .io or .co are ignored).",
    category="contacts",
    references=(ref.GUIDANCE_2022,),
    tables=("workers", "profiles"),
    sql=lambda s: _country_vs_claim(EMAILS, "tld_country", "email"),
    detail=lambda r: (
        f"{', '.join(r['contacts'][:3])} is under the domain of {', '.join(r['countries'])}, "
        f"not the claimed {r['claimed_country']}."
    ),
)


def _disposable_sql(s: Settings) -> str:
    return f"""
    SELECT worker_id, list(DISTINCT email ORDER BY email) AS emails, {ROWS}, count(*) AS evidence_total
    FROM ({EMAILS}) WHERE disposable GROUP BY worker_id
    """


DISPOSABLE_EMAIL = Detector(
    id="disposable_email",
    title="Disposable email address",
    description="An email address is at a disposable (throw-away) mail provider, from the package list "
    "and the disposable-email-domains feed.",
    category="contacts",
    references=(ref.GUIDANCE_2022,),
    tables=("workers", "profiles"),
    sql=_disposable_sql,
    detail=lambda r: f"{', '.join(r['emails'][:3])} is at a disposable mail provider.",
)


def _shared_sql(s: Settings) -> str:
    return f"""
    WITH held AS (
        SELECT worker_id, 'phone' AS kind, e164 AS value, tbl, row_id, origin FROM ({PHONES})
        WHERE e164 IS NOT NULL
        UNION ALL
        SELECT worker_id, 'email', mailbox_key, tbl, row_id, origin FROM ({EMAILS})
        WHERE mailbox_key IS NOT NULL
        UNION ALL
        SELECT worker_id, 'wallet', {WALLET}, 'payments', row_id, origin FROM payments
        WHERE wallet_address IS NOT NULL
    ), shared AS (
        SELECT kind, value, list(DISTINCT worker_id ORDER BY worker_id) AS holders FROM held
        GROUP BY kind, value
        HAVING count(DISTINCT worker_id) BETWEEN 2 AND {int(s["max_workers"])}
    )
    SELECT h.worker_id,
           list(DISTINCT h.kind || ' ' || h.value ORDER BY h.kind || ' ' || h.value) AS shared_values,
           list_sort(list_distinct(flatten(list(list_filter(s.holders, lambda x: x <> h.worker_id)))))
               AS other_workers,
           list(DISTINCT h.kind ORDER BY h.kind) AS kinds,
           least(1.0, 0.6 + 0.2 * count(DISTINCT h.kind)) AS strength,
           {held_rows("h")},
           count(*) AS evidence_total
    FROM held h JOIN shared s USING (kind, value)
    GROUP BY h.worker_id
    """


SHARED_CONTACT = Detector(
    id="shared_contact",
    title="Phone, email or wallet shared with other workers",
    description="The same phone number, mailbox or crypto wallet appears on other workers: one person "
    "or facilitator behind several identities. Values held by more than a few workers (shared "
    "office lines, placeholders) are ignored.",
    category="links",
    references=(ref.FBI_PSA_2024, ref.DOJ_LAPTOP_FARM_2024),
    tables=("workers", "profiles", "payments"),
    sql=_shared_sql,
    detail=lambda r: (
        f"Shares {', '.join(r['shared_values'][:3])} with {', '.join(r['other_workers'][:5])}"
        f"{' and others' if len(r['other_workers']) > 5 else ''}."
    ),
    settings={"max_workers": 8},
)
