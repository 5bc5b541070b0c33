"""Profiles: does what one source says about the person agree with the next?

Each source (the worker record, application, résumé, LinkedIn, marketplace,
payment account, background check) is compared with every other one, source by
source, and a finding cites the rows of both. Names are compared for
consistency only: where a name comes from, or what language it is in, is never
evidence. A country counts only as a disagreement between sources, never by
itself. Work history and its dates are in :mod:`unmask.detectors.history`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings

# Where each source's facts about the person come from, the worker record included.
SOURCES = """
    SELECT worker_id, 'workers' AS tbl, row_id, origin, 'record' AS source, name, email, phone,
           claimed_country AS country, claimed_city AS city, claimed_timezone AS timezone,
           claimed_country
    FROM workers
    UNION ALL
    SELECT p.worker_id, 'profiles', p.row_id, p.origin, p.source, p.name, p.email, p.phone,
           p.country, p.city, p.timezone, w.claimed_country
    FROM profiles p LEFT JOIN workers w USING (worker_id)
"""


def label(source: str) -> str:
    """How a source is named in a sentence: 'background check', 'worker record'."""
    return f"CASE WHEN {source} = 'record' THEN 'worker record' ELSE replace({source}, '_', ' ') END"


def listed(values: Iterable[Any]) -> str:
    """SQL list items of setting values: ('payment',) → 'payment'."""
    return ", ".join(f"'{v}'" for v in values)


def _normalised(expr: str) -> str:
    """Lower case, letters only, tokens sorted: 'Moore, Daniel' equals 'daniel moore'."""
    cleaned = f"trim(regexp_replace(lower(strip_accents({expr})), '[^a-z ]+', ' ', 'g'))"
    return f"array_to_string(list_sort(list_filter(string_split({cleaned}, ' '), lambda t: t <> '')), ' ')"


def _name_sql(s: Settings) -> str:
    return f"""
    WITH named AS MATERIALIZED (
        SELECT worker_id, tbl, row_id, origin, source, name FROM ({SOURCES}) WHERE name IS NOT NULL
    ), norms AS (
        -- each distinct spelling normalised once
        SELECT name, {_normalised("name")} AS norm FROM (SELECT DISTINCT name FROM named)
    ), normal AS MATERIALIZED (
        SELECT * FROM named JOIN norms USING (name)
    ), several AS (
        -- most people are named one way everywhere: only the others are compared
        SELECT worker_id FROM normal GROUP BY worker_id HAVING count(DISTINCT norm) > 1
    ), pairs AS (
        SELECT a.worker_id, a.name AS name_a, a.source AS source_a, b.name AS name_b, b.source AS source_b,
               a.tbl AS tbl_a, a.row_id AS row_a, a.origin AS origin_a,
               b.tbl AS tbl_b, b.row_id AS row_b, b.origin AS origin_b,
               jaro_winkler_similarity(a.norm, b.norm) AS similarity
        FROM (normal SEMI JOIN several USING (worker_id)) a
        JOIN normal b ON a.worker_id = b.worker_id AND a.row_id < b.row_id
        WHERE a.norm <> b.norm
    )
    SELECT worker_id,
           min(similarity) AS lowest_similarity,
           list(DISTINCT name_a || ' (' || source_a || ') ≠ ' || name_b || ' (' || source_b || ')')[1:5]
               AS differing_names,
           least(1.0, (({float(s["max_similarity"])}) - lowest_similarity) / 0.3 + 0.4) AS strength,
           list_distinct(flatten(list([{{'table': tbl_a, 'row_id': row_a, 'origin': origin_a}},
                                       {{'table': tbl_b, 'row_id': row_b, 'origin': origin_b}}])))[1:20]
               AS evidence
    FROM pairs
    WHERE similarity < {float(s["max_similarity"])}
    GROUP BY worker_id
    """


NAME_MISMATCH = Detector(
    id="profile_name_mismatch",
    title="Name differs between sources",
    description="The worker's name in one source (application, résumé, LinkedIn, marketplace, payment, "
    "background check) does not match another, beyond spelling variants and word order.",
    category="identity",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("workers", "profiles"),
    sql=_name_sql,
    detail=lambda r: f"Names disagree across sources: {'; '.join(r['differing_names'])}.",
    settings={"max_similarity": 0.8},
)


def _city_key(expr: str) -> str:
    return f"nullif(trim(regexp_replace(lower(strip_accents({expr})), '[^a-z]+', ' ', 'g')), '')"


def _who_says(shown: str, aggregates: str) -> str:
    """The end of a pairwise comparison: from ``given`` (the rows compared) and ``pairs`` (each
    disagreeing pair: worker_id, tbl_a, row_a, tbl_b, row_b), each value once with the sources
    that give it as ``versions``, the rows of both sides as evidence, and ``aggregates`` over pairs."""
    return f"""
    , involved AS (
        SELECT worker_id, tbl_a AS tbl, row_a AS row_id FROM pairs
        UNION SELECT worker_id, tbl_b, row_b FROM pairs
    ), sayers AS (
        SELECT g.worker_id, {shown} AS value, list(DISTINCT {label("g.source")}) AS sources,
               list({{'table': g.tbl, 'row_id': g.row_id, 'origin': g.origin}}) AS refs
        FROM given g JOIN involved i ON i.worker_id = g.worker_id AND i.tbl = g.tbl AND i.row_id = g.row_id
        GROUP BY ALL
    ), told AS (
        SELECT worker_id,
               list(value || ' (' || array_to_string(list_sort(sources), ', ') || ')' ORDER BY value)[1:5]
                   AS versions,
               list_distinct(flatten(list(refs)))[1:20] AS evidence
        FROM sayers GROUP BY worker_id
    )
    SELECT * FROM told JOIN (SELECT worker_id, {aggregates} FROM pairs GROUP BY worker_id) USING (worker_id)
    """


def _location_sql(s: Settings) -> str:
    official = listed(s["official_sources"])
    summary = "bool_or(other_country) AS countries_differ, max(pair_strength) AS strength"
    return f"""
    WITH given AS MATERIALIZED (
        SELECT worker_id, tbl, row_id, origin, source, upper(trim(country)) AS country, city,
               {_city_key("city")} AS city_key, source IN ({official}) AS official
        FROM ({SOURCES})
        WHERE country IS NOT NULL AND trim(country) <> '' AND source NOT IN ({listed(s["ignore_sources"])})
    ), several AS (
        -- most people are placed in one city everywhere: only the others are compared
        SELECT worker_id FROM given GROUP BY worker_id
        HAVING count(DISTINCT country) > 1 OR count(DISTINCT city_key) > 1
    ), pairs AS (
        SELECT a.worker_id, a.tbl AS tbl_a, a.row_id AS row_a, b.tbl AS tbl_b, b.row_id AS row_b,
               a.country <> b.country AS other_country,
               CASE WHEN a.country <> b.country AND a.official AND b.official THEN 1.0
                    WHEN a.country <> b.country THEN {float(s["self_reported_strength"])}
                    ELSE {float(s["city_strength"])} END AS pair_strength
        FROM (given SEMI JOIN several USING (worker_id)) a
        JOIN given b ON a.worker_id = b.worker_id AND a.source < b.source
        WHERE a.country <> b.country
           OR (a.city_key IS NOT NULL AND b.city_key IS NOT NULL
               AND NOT contains(a.city_key, b.city_key) AND NOT contains(b.city_key, a.city_key)
               AND jaro_winkler_similarity(a.city_key, b.city_key) < {float(s["same_city_similarity"])})
    ) {_who_says("coalesce(g.city || ', ', '') || g.country", summary)}
    """


LOCATION_MISMATCH = Detector(
    id="profile_location_mismatch",
    title="Country or city differs between sources",
    description="Two sources place the person in different countries (for example the background check "
    "and the application), or in different cities of one country (weaker: people move). Someone who "
    "lives abroad and says so everywhere is consistent; the payout account's country is left to "
    "payout_country_mismatch.",
    category="identity",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("workers", "profiles"),
    sql=_location_sql,
    detail=lambda r: (
        f"Sources place the person in different {'countries' if r['countries_differ'] else 'cities'}: "
        f"{'; '.join(r['versions'])}."
    ),
    settings={
        "ignore_sources": ("payment",),
        "official_sources": ("record", "application", "background_check"),
        "self_reported_strength": 0.7,
        "city_strength": 0.3,
        "same_city_similarity": 0.85,
    },
)


def _contact_sql(s: Settings) -> str:
    sources, mailbox = listed(s["sources"]), float(s["mailbox_strength"])
    return f"""
    WITH given AS (
        SELECT * FROM ({SOURCES}) WHERE source IN ({sources})
    ), work_domains AS (
        -- the organisation's own accounts (Okta, Entra, M365 logins) say nothing about the person
        SELECT DISTINCT lower(split_part(identity, '@', 2)) AS domain FROM identities
        WHERE source IN ('okta', 'entra', 'm365') AND identity LIKE '%@%'
    ), held AS MATERIALIZED (
        SELECT g.worker_id, g.tbl, g.row_id, g.origin, g.source, 'phone' AS kind, i.e164 AS value
        FROM given g JOIN phone_info i ON i.phone_key = g.phone || '|' || coalesce(g.claimed_country, '')
        WHERE i.valid AND i.e164 IS NOT NULL
        UNION ALL
        SELECT g.worker_id, g.tbl, g.row_id, g.origin, g.source, 'mailbox', e.mailbox_key
        FROM given g JOIN email_info e USING (email)
        WHERE e.mailbox_key IS NOT NULL AND lower(e.domain) NOT IN (SELECT domain FROM work_domains)
    ), several AS (
        -- most people give one number and one mailbox everywhere: only the others are compared
        SELECT worker_id, kind FROM held GROUP BY ALL HAVING count(DISTINCT value) > 1
    ), per_source AS (
        SELECT worker_id, source, kind, list(DISTINCT value) AS items
        FROM held SEMI JOIN several USING (worker_id, kind) GROUP BY ALL
    ), disagreeing AS (
        -- two sources whose numbers (or mailboxes) have nothing in common
        SELECT DISTINCT a.worker_id, a.kind
        FROM per_source a JOIN per_source b
          ON a.worker_id = b.worker_id AND a.kind = b.kind AND a.source < b.source
        WHERE NOT list_has_any(a.items, b.items)
    ), sayers AS (
        SELECT h.worker_id, h.kind, h.value, list(DISTINCT {label("h.source")}) AS sources,
               list({{'table': h.tbl, 'row_id': h.row_id, 'origin': h.origin}}) AS refs
        FROM held h JOIN disagreeing USING (worker_id, kind) GROUP BY ALL
    )
    SELECT worker_id,
           list(DISTINCT kind ORDER BY kind) AS kinds,
           list(kind || ' ' || value || ' (' || array_to_string(list_sort(sources), ', ') || ')'
                ORDER BY kind DESC, value)[1:6] AS versions,
           CASE WHEN list_contains(kinds, 'phone') THEN 1.0 ELSE {mailbox} END AS strength,
           list_distinct(flatten(list(refs)))[1:20] AS evidence
    FROM sayers GROUP BY worker_id
    """


_CONTACT_WORDS = {"phone": "phone numbers", "mailbox": "mailboxes"}

CONTACT_MISMATCH = Detector(
    id="profile_contact_mismatch",
    title="Phone or mailbox differs between identity sources",
    description="The application, the worker record, the background check and the payout account give "
    "different phone numbers (compared in E.164) or different mailboxes (Gmail dots and +tags ignored); "
    "the organisation's own work accounts are left out. People keep several mailboxes, so a mailbox "
    "alone counts little.",
    category="identity",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2024),
    tables=("workers", "profiles", "identities"),
    sql=_contact_sql,
    detail=lambda r: (
        f"Sources give different {' and '.join(_CONTACT_WORDS[k] for k in r['kinds'])}: "
        f"{'; '.join(r['versions'])}."
    ),
    settings={"sources": ("record", "application", "background_check", "payment"), "mailbox_strength": 0.4},
)


# Offsets in January and in July: zones that share an offset (US/Central, America/Chicago) are one.
_OFFSET_AT = "epoch(timezone(z.name, TIMESTAMPTZ '{day} 12:00:00+00') - TIMESTAMP '{day} 12:00:00') / 3600"


def _timezone_sql(s: Settings) -> str:
    jan, jul = (_OFFSET_AT.format(day=d) for d in ("2026-01-15", "2026-07-15"))
    hours = "least(abs(a.jan - b.jan), abs(a.jul - b.jul))"
    least_hours = float(s["min_hours"])
    summary = f"max(hours) AS hours_apart, least(1.0, 0.6 + (hours_apart - {least_hours}) / 10) AS strength"
    return f"""
    WITH zones AS (
        SELECT * FROM ({SOURCES}) WHERE timezone IS NOT NULL
    ), offsets AS (
        SELECT n.timezone, {jan} AS jan, {jul} AS jul
        FROM (SELECT DISTINCT timezone FROM zones) n
        JOIN pg_timezone_names() z ON lower(z.name) = lower(n.timezone)
    ), given AS (
        SELECT z.*, o.jan, o.jul FROM zones z JOIN offsets o USING (timezone)
    ), pairs AS (
        SELECT a.worker_id, a.tbl AS tbl_a, a.row_id AS row_a, b.tbl AS tbl_b, b.row_id AS row_b,
               {hours} AS hours
        FROM given a JOIN given b ON a.worker_id = b.worker_id AND a.source < b.source
        WHERE {hours} >= {least_hours}
    ) {_who_says("g.timezone", summary)}
    """


TIMEZONE_MISMATCH = Detector(
    id="profile_timezone_mismatch",
    title="Time zones differ between sources",
    description="Two sources give time zones at least a few hours apart (zones with the same offset count "
    "as one): the person keeps another clock than the one claimed.",
    category="identity",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("workers", "profiles"),
    sql=_timezone_sql,
    detail=lambda r: f"Sources give time zones {r['hours_apart']:g} h apart: {'; '.join(r['versions'])}.",
    settings={"min_hours": 3},
)


def _account_sql(s: Settings) -> str:
    recent, full = int(s["max_days"]), int(s["full_strength_days"])
    factor = " ".join(f"WHEN '{k}' THEN {float(v)}" for k, v in s["source_strength"].items())
    return f"""
    WITH applications AS (
        SELECT worker_id, min(created_at) AS applied, arg_min(row_id, created_at) AS row_id,
               arg_min(origin, created_at) AS origin
        FROM profiles WHERE source = 'application' AND created_at IS NOT NULL GROUP BY worker_id
    ), anchors AS (
        SELECT w.worker_id, coalesce(a.applied, CAST(w.start_date AS TIMESTAMP)) AS applied,
               CASE WHEN a.applied IS NULL THEN 'start date' ELSE 'application' END AS anchor,
               CASE WHEN a.applied IS NULL THEN 'workers' ELSE 'profiles' END AS tbl,
               coalesce(a.row_id, w.row_id) AS row_id, coalesce(a.origin, w.origin) AS origin
        FROM workers w LEFT JOIN applications a USING (worker_id)
        WHERE a.applied IS NOT NULL OR w.start_date IS NOT NULL
    ), young AS (
        SELECT p.worker_id, p.row_id, p.origin, 'profiles' AS tbl, p.source, x.anchor,
               {{'tbl': x.tbl, 'row_id': x.row_id, 'origin': x.origin}} AS b,
               date_diff('day', p.created_at, x.applied) AS days_before,
               least(1.0, 1.0 - 0.6 * (days_before - {full}) / {max(1, recent - full)}) AS recency,
               (CASE p.source {factor} ELSE 0.5 END) * recency AS account_strength
        FROM profiles p JOIN anchors x USING (worker_id)
        WHERE p.source IN ({listed(s["source_strength"])}) AND p.created_at IS NOT NULL
          AND p.created_at BETWEEN x.applied - INTERVAL {recent} DAY
                               AND x.applied + INTERVAL {int(s["days_after"])} DAY
    )
    SELECT worker_id, any_value(anchor) AS anchor,
           list(source || ' ' || CASE WHEN days_before >= 0 THEN days_before || ' days before'
                                      ELSE -days_before || ' days after' END
                ORDER BY days_before) AS accounts,
           least(1.0, max(account_strength) + 0.2 * (count(*) - 1)) AS strength,
           list_distinct(flatten(list([{{'table': y.tbl, 'row_id': y.row_id, 'origin': y.origin}},
                                       {{'table': b.tbl, 'row_id': b.row_id, 'origin': b.origin}}])))[1:20]
               AS evidence
    FROM young y GROUP BY worker_id
    """


ACCOUNT_NEW = Detector(
    id="profile_account_new",
    title="Online profile created just before applying",
    description="A LinkedIn, GitHub or marketplace account was created shortly before the application "
    "(or the start date, when there is no application): invented identities come with freshly made "
    "accounts, real ones with years of history.",
    category="identity",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("workers", "profiles"),
    sql=_account_sql,
    detail=lambda r: f"Account(s) created close to the {r['anchor']}: {'; '.join(r['accounts'][:3])}.",
    settings={
        "max_days": 90,
        "full_strength_days": 30,
        "days_after": 14,
        "source_strength": {"linkedin": 1.0, "marketplace": 0.7, "github": 0.6},
    },
)
