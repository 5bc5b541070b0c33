"""Sign-ins: where from, and how fast the location changes.

Country comes from ``ip_info`` (enrichment). Country is evidence only as an
inconsistency with the worker's claim or as a comprehensively sanctioned
jurisdiction — never by itself.
"""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, pct

# Jurisdictions under comprehensive US embargo.
SANCTIONED = ("CU", "IR", "KP", "SY")

# Classes that hide where the person is. Relays (iCloud Private Relay, WARP) and
# satellite or in-flight networks are left out: ordinary people use them every day.
ANONYMISING = ("vpn", "tor", "hosting")
_ANONYMISING_CLASS = "i.ip_class IN (" + ", ".join(f"'{c}'" for c in ANONYMISING) + ")"


# The sign-in's own log may have judged it already: Okta's securityContext.isProxy (kept by the
# Okta adapter as ``is_proxy``) counts as well as our classification of the address.
VENDOR_PROXY = "lower(json_extract_string(g.extra, '$.is_proxy')) IN ('true', '1')"
HIDDEN = f"({_ANONYMISING_CLASS} OR coalesce({VENDOR_PROXY}, false))"


def _hopping_sql(s: Settings) -> str:
    # A hop through an anonymiser (VPN switched on at home) says little about where the person is;
    # it counts in full only when the side that is not anonymised lies outside the claimed country.
    revealed_elsewhere = (
        "((NOT hidden AND country IS DISTINCT FROM claimed)"
        " OR (NOT prev_hidden AND prev_country IS DISTINCT FROM claimed))"
    )
    return f"""
    WITH located AS (
        SELECT g.worker_id, g.row_id, g.origin, g.ts, i.country, {HIDDEN} AS hidden,
               wk.claimed_country AS claimed,
               lag(i.country) OVER w AS prev_country, lag(g.ts) OVER w AS prev_ts,
               lag({HIDDEN}) OVER w AS prev_hidden,
               lag(g.row_id) OVER w AS prev_row_id, lag(g.origin) OVER w AS prev_origin
        FROM signins g JOIN ip_info i USING (ip) LEFT JOIN workers wk USING (worker_id)
        WHERE i.country IS NOT NULL AND g.outcome IS DISTINCT FROM 'failure'
        WINDOW w AS (PARTITION BY g.worker_id ORDER BY g.ts)
    ), hop_rows AS (
        SELECT *, CASE WHEN (NOT hidden AND NOT prev_hidden) OR {revealed_elsewhere} THEN 1.0
                       ELSE {float(s["anonymised_hop_weight"])} END AS hop_weight
        FROM located
        WHERE country <> prev_country AND ts - prev_ts <= INTERVAL {int(s["window_minutes"])} MINUTE
    )
    SELECT worker_id,
           count(*) AS hops,
           count(*) FILTER (WHERE hop_weight < 1) AS anonymised_hops,
           list(DISTINCT prev_country || '→' || country) AS transitions,
           -- anonymised hops together add at most their weight: switching a VPN on and off
           -- all day is one habit, not many sightings
           least(1.0, count(*) FILTER (WHERE hop_weight = 1) / {float(s["hops_for_full_strength"])}
                      + {float(s["anonymised_hop_weight"])}
                        * least(1.0, anonymised_hops / {float(s["hops_for_full_strength"])})) AS strength,
           flatten(list([{{'table': 'signins', 'row_id': prev_row_id, 'origin': prev_origin}},
                         {{'table': 'signins', 'row_id': row_id, 'origin': origin}}] ORDER BY ts))[1:20]
               AS evidence,
           2 * count(*) AS evidence_total
    FROM hop_rows GROUP BY worker_id
    """


COUNTRY_HOPPING = Detector(
    id="signin_country_hopping",
    title="Signs in from different countries within hours",
    description="Consecutive successful sign-ins from two countries within a short window: one account "
    "used from several places, or a VPN dropping to reveal the real country. Hops through a VPN, Tor or "
    "rented server between the claimed country and the exit's country add a quarter at most.",
    category="network",
    references=(ref.FBI_PSA_2023, ref.GUIDANCE_2022),
    tables=("signins",),
    sql=_hopping_sql,
    detail=lambda r: (
        f"{r['hops']} change(s) of country between consecutive sign-ins within a short window "
        f"({', '.join(sorted(r['transitions'])[:5])})."
    ),
    settings={"window_minutes": 120, "hops_for_full_strength": 3, "anonymised_hop_weight": 0.25},
)


def _mismatch_sql(s: Settings) -> str:
    other = "i.country <> w.claimed_country"
    # An anonymiser's exit country is not where the person is: those sign-ins are left out here
    # (signin_anonymised_share weighs them).
    return f"""
    SELECT g.worker_id,
           any_value(w.claimed_country) AS claimed_country,
           count(*) AS signins,
           count(*) FILTER (WHERE {other}) AS elsewhere,
           elsewhere / signins AS elsewhere_rate,
           list(DISTINCT i.country ORDER BY i.country) FILTER (WHERE {other}) AS countries,
           least(1.0, elsewhere_rate) AS strength,
           {evidence("g", "signins", where=other)}
    FROM signins g JOIN ip_info i USING (ip) JOIN workers w USING (worker_id)
    WHERE i.country IS NOT NULL AND w.claimed_country IS NOT NULL
      AND g.outcome IS DISTINCT FROM 'failure' AND NOT {HIDDEN}
    GROUP BY g.worker_id
    HAVING signins >= {s["min_signins"]} AND elsewhere_rate >= {s["min_rate"]}
    """


COUNTRY_MISMATCH = Detector(
    id="signin_country_mismatch",
    title="Signs in mostly from outside the claimed country",
    description="Most successful sign-ins that are not through an anonymiser geolocate to countries other "
    "than the one claimed. Long travel also does this, so it is moderate on its own.",
    category="network",
    references=(ref.GUIDANCE_2022, ref.FBI_PSA_2023),
    tables=("signins", "workers"),
    sql=_mismatch_sql,
    detail=lambda r: (
        f"{r['elsewhere']} of {r['signins']} sign-ins ({pct(r['elsewhere_rate'])}) came from "
        f"{', '.join(r['countries'][:6])}, not the claimed {r['claimed_country']}."
    ),
    settings={"min_signins": 5, "min_rate": 0.5},
)


def _sanctioned_sql(s: Settings) -> str:
    listed = ", ".join(f"'{c}'" for c in SANCTIONED)
    return f"""
    SELECT g.worker_id,
           list(DISTINCT i.country ORDER BY i.country) AS countries,
           count(*) AS signins,
           {evidence("g", "signins")}
    FROM signins g JOIN ip_info i USING (ip)
    WHERE i.country IN ({listed})
    GROUP BY g.worker_id
    """


SANCTIONED_SIGNIN = Detector(
    id="signin_sanctioned_jurisdiction",
    title="Signs in from a sanctioned jurisdiction",
    description="Sign-ins from an IP address in a comprehensively sanctioned jurisdiction "
    f"({', '.join(SANCTIONED)}).",
    category="sanctions",
    references=(ref.OFAC_SANCTIONS, ref.GUIDANCE_2022),
    tables=("signins",),
    sql=_sanctioned_sql,
    detail=lambda r: f"{r['signins']} sign-in(s) from {', '.join(r['countries'])}.",
)


def _hidden_kind() -> str:
    return f"CASE WHEN {_ANONYMISING_CLASS} THEN i.ip_class ELSE 'identity-provider-flagged proxy' END"


def _anonymised_sql(s: Settings) -> str:
    return f"""
    SELECT g.worker_id,
           count(*) AS signins,
           count(*) FILTER (WHERE {HIDDEN}) AS hidden,
           hidden / signins AS hidden_rate,
           list(DISTINCT {_hidden_kind()}) FILTER (WHERE {HIDDEN}) AS classes,
           list(DISTINCT coalesce(i.as_org, i.class_source) ORDER BY coalesce(i.as_org, i.class_source))
               FILTER (WHERE {HIDDEN})[1:5] AS networks,
           bool_or(i.ip_class = 'tor') AS tor,
           least(1.0, hidden_rate / {float(s["full_rate"])}) AS strength,
           {evidence("g", "signins", where=HIDDEN)}
    FROM signins g JOIN ip_info i USING (ip)
    WHERE g.outcome IS DISTINCT FROM 'failure'
    GROUP BY g.worker_id
    HAVING signins >= {int(s["min_signins"])} AND hidden_rate >= {float(s["min_rate"])}
    """


ANONYMISED_SIGNINS = Detector(
    id="signin_anonymised_share",
    title="Signs in through VPNs, Tor or rented servers",
    description="A large share of successful sign-ins come from commercial VPN exits, Tor or hosting "
    "providers (feed snapshots and the curated AS list) or were marked as proxied by the identity "
    "provider itself (Okta isProxy), which hide where the person is; Astrill VPN "
    "and rented servers recur in DPRK cases. Privacy-minded people use VPNs too: moderate on its own.",
    category="network",
    references=(ref.FBI_PSA_2023, ref.FBI_PSA_2024, ref.GUIDANCE_2022),
    tables=("signins",),
    sql=_anonymised_sql,
    detail=lambda r: (
        f"{r['hidden']} of {r['signins']} sign-ins ({pct(r['hidden_rate'])}) came through "
        f"{', '.join(r['classes'])} networks ({', '.join(str(n) for n in r['networks'])})."
    ),
    settings={"min_signins": 5, "min_rate": 0.3, "full_rate": 0.8},
)
