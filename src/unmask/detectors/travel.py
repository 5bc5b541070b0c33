"""Travel: sign-ins too far apart for the time between them, and work laptops far from the claimed home.

Where an event happened: the coordinates its source recorded (Okta and Entra keep the
identity provider's ``geo_lat``/``geo_lon``; a bundle's extra columns of those names land in
``extra`` too), else the point of its IP's country (``country_points``, enrichment). Each
point carries an error radius: ``source_radius_km`` for recorded coordinates, the country's
radius for a country point. Recorded coordinates outside the valid range, or exactly (0, 0)
(the usual stand-in for "unknown"), are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence, pct
from unmask.detectors.signins import ANONYMISING, VENDOR_PROXY
from unmask.intel.places import EARTH_RADIUS_KM

# Networks that move where an address geolocates away from the person: anonymisers, plus relays
# (iCloud Private Relay, WARP) and satellite or in-flight links. Impossible travel through them
# is still shown (Panther alerts on it too, at a lower severity) but weighs less.
DISPLACING = (*ANONYMISING, "relay", "satellite")


def great_circle_sql(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    """SQL for the haversine distance in km between two points given in degrees."""
    h = (
        f"pow(sin(radians({lat2} - {lat1}) / 2), 2) + "
        f"cos(radians({lat1})) * cos(radians({lat2})) * pow(sin(radians({lon2} - {lon1}) / 2), 2)"
    )
    return f"(2 * {EARTH_RADIUS_KM} * asin(sqrt(least(1.0, {h}))))"


def recorded_coordinates(alias: str) -> str:
    """SQL columns ``rec_lat``, ``rec_lon``: the row's own valid coordinates from ``extra``, else NULL."""
    lat = f"TRY_CAST(json_extract_string({alias}.extra, '$.geo_lat') AS DOUBLE)"
    lon = f"TRY_CAST(json_extract_string({alias}.extra, '$.geo_lon') AS DOUBLE)"
    valid = f"{lat} BETWEEN -90 AND 90 AND {lon} BETWEEN -180 AND 180 AND NOT ({lat} = 0 AND {lon} = 0)"
    return f"CASE WHEN {valid} THEN {lat} END AS rec_lat, CASE WHEN {valid} THEN {lon} END AS rec_lon"


def _classes(names: tuple[str, ...]) -> str:
    return "i.ip_class IN (" + ", ".join(f"'{c}'" for c in names) + ")"


def _travel_sql(s: Settings) -> str:
    max_kmh = float(s["max_kmh"])
    displaced = f"(coalesce({_classes(DISPLACING)}, false) OR coalesce({VENDOR_PROXY}, false))"
    distance = great_circle_sql("prev_lat", "prev_lon", "lat", "lon")
    # The window carries only narrow columns (sorting wide text is what costs on millions of rows);
    # origins and place names are looked up afterwards for the cited rows alone.
    return f"""
    WITH located AS (
        SELECT g.worker_id, g.row_id, g.ts,
               coalesce(g.rec_lat, p.lat) AS lat, coalesce(g.rec_lon, p.lon) AS lon,
               CASE WHEN g.rec_lat IS NOT NULL THEN {float(s["source_radius_km"])} ELSE p.radius_km END
                   AS radius_km,
               {displaced} AS displaced
        FROM (SELECT *, {recorded_coordinates("s")} FROM signins s
              WHERE s.outcome IS DISTINCT FROM 'failure') g
        LEFT JOIN ip_info i USING (ip)
        LEFT JOIN country_points p ON p.country = i.country
        WHERE g.rec_lat IS NOT NULL OR p.lat IS NOT NULL
    ), paired AS (
        SELECT *, lag(lat) OVER w AS prev_lat, lag(lon) OVER w AS prev_lon,
               lag(radius_km) OVER w AS prev_radius_km, lag(ts) OVER w AS prev_ts,
               lag(row_id) OVER w AS prev_row_id, lag(displaced) OVER w AS prev_displaced
        FROM located
        WINDOW w AS (PARTITION BY worker_id ORDER BY ts, row_id)
    ), cited AS MATERIALIZED (
        SELECT *, km / hours AS kmh,
               -- the part of the distance that geolocation error cannot explain
               greatest(km - radius_km - prev_radius_km, 0) / hours AS sure_kmh,
               displaced OR prev_displaced AS via_displacing,
               least(1.0, greatest({float(s["within_error_weight"])}, sure_kmh / {max_kmh}))
                 * CASE WHEN via_displacing THEN {float(s["displacing_weight"])} ELSE 1 END AS pair_weight
        FROM (SELECT *, {distance} AS km,
                     -- a shared timestamp still takes a second: two places at once is the fastest travel
                     greatest(epoch(ts - prev_ts), 1) / 3600.0 AS hours
              FROM paired WHERE prev_ts IS NOT NULL AND (lat <> prev_lat OR lon <> prev_lon))
        WHERE km / hours > {max_kmh}
    ), described AS (
        SELECT s.row_id, s.origin,
               coalesce(json_extract_string(s.extra, '$.geo_city'), i.country, 'a reported location') AS place
        FROM signins s LEFT JOIN ip_info i USING (ip)
        WHERE s.row_id IN (SELECT row_id FROM cited UNION ALL SELECT prev_row_id FROM cited)
    )
    SELECT c.worker_id,
           count(*) AS pairs,
           count(*) FILTER (WHERE pair_weight >= 1) AS clear_pairs,
           count(*) FILTER (WHERE via_displacing) AS displaced_pairs,
           count(*) FILTER (WHERE sure_kmh <= {max_kmh}) AS within_error_pairs,
           arg_max(b.place || ' → ' || a.place, [sure_kmh, kmh]) AS fastest,
           round(arg_max(km, [sure_kmh, kmh])) AS fastest_km,
           round(arg_max(hours, [sure_kmh, kmh]) * 60) AS fastest_minutes,
           least(1.0, (coalesce(sum(pair_weight) FILTER (WHERE pair_weight >= 1), 0)
                       + least(coalesce(sum(pair_weight) FILTER (WHERE pair_weight < 1), 0),
                               {float(s["weak_pairs_cap"])}))
                      / {float(s["pairs_for_full_strength"])}) AS strength,
           flatten(list([{{'table': 'signins', 'row_id': b.row_id, 'origin': b.origin}},
                         {{'table': 'signins', 'row_id': a.row_id, 'origin': a.origin}}]
                        ORDER BY pair_weight DESC, c.ts))[1:20] AS evidence,
           2 * count(*) AS evidence_total
    FROM cited c
    JOIN described a ON a.row_id = c.row_id
    JOIN described b ON b.row_id = c.prev_row_id
    GROUP BY c.worker_id
    """


def _duration(minutes: float) -> str:
    return f"{minutes:.0f} min" if minutes < 90 else f"{minutes / 60:.1f} h"


def _travel_detail(r: Mapping[str, Any]) -> str:
    weak = []
    if r["within_error_pairs"]:
        weak.append(f"{r['within_error_pairs']} within geolocation error")
    if r["displaced_pairs"]:
        weak.append(f"{r['displaced_pairs']} through VPN, relay, hosting or satellite networks")
    return (
        f"{r['pairs']} pair(s) of consecutive sign-ins too far apart to travel in the time between them "
        f"(fastest: {r['fastest']}, {r['fastest_km']:,.0f} km in {_duration(r['fastest_minutes'])})"
        + (f"; {' and '.join(weak)}, weighed less." if weak else ".")
    )


IMPOSSIBLE_TRAVEL = Detector(
    id="impossible_travel",
    title="Signs in from places too far apart to travel between",
    description="Consecutive successful sign-ins whose great-circle distance, over the time between them, "
    "needs faster than airliner speed: one account used from two places, typically by someone abroad "
    "beside a laptop farm in the claimed country. Distances within the geolocation error, and hops "
    "through VPN, relay, hosting or satellite networks, are shown but weigh little.",
    category="network",
    references=(ref.FBI_PSA_2023, ref.FBI_PSA_2024, ref.GUIDANCE_2022),
    tables=("signins",),
    sql=_travel_sql,
    detail=_travel_detail,
    settings={
        "max_kmh": 900,  # airliner cruising speed, as Panther and Elastic use
        "source_radius_km": 25,  # error of coordinates the identity provider recorded
        "within_error_weight": 0.1,  # a pair the error radii explain still counts this much
        "displacing_weight": 0.25,  # a pair through a VPN, relay, hosting or satellite network
        "weak_pairs_cap": 1.0,  # weak pairs together count as at most this many clear ones
        "pairs_for_full_strength": 3,
    },
)


def _far_sql(s: Settings) -> str:
    hidden = f"coalesce({_classes(ANONYMISING)}, false)"
    distance = great_circle_sql("c.lat", "c.lon", "d.rec_lat", "d.rec_lon")
    return f"""
    WITH judged AS MATERIALIZED (
        SELECT d.worker_id, d.row_id, d.origin, d.ts, d.device_id, i.country AS ip_country,
               c.country AS claimed_country,
               CASE WHEN c.source = 'city' AND d.rec_lat IS NOT NULL THEN {distance} END AS km,
               CASE WHEN km IS NOT NULL THEN km > {float(s["min_km"])}
                    ELSE i.country <> c.country END AS far
        FROM (SELECT *, {recorded_coordinates("x")} FROM devices x) d
        JOIN claimed_places c USING (worker_id)
        LEFT JOIN ip_info i ON i.ip = d.ip
        WHERE NOT {hidden} AND (d.rec_lat IS NOT NULL OR i.country IS NOT NULL)
    ), runs AS (
        -- consecutive far (or near) snapshots of one device share an island number
        SELECT *, row_number() OVER (PARTITION BY worker_id, device_id ORDER BY ts)
                  - row_number() OVER (PARTITION BY worker_id, device_id, far ORDER BY ts) AS island
        FROM judged WHERE worker_id IN (SELECT worker_id FROM judged WHERE far)
    ), longest AS (
        SELECT worker_id, max(days) AS longest_days
        FROM (SELECT worker_id, device_id, island, epoch(max(ts) - min(ts)) / 86400 AS days
              FROM runs WHERE far GROUP BY ALL)
        GROUP BY worker_id
    )
    SELECT j.worker_id,
           any_value(claimed_country) AS claimed_country,
           count(*) AS snapshots,
           count(*) FILTER (WHERE far) AS far_snapshots,
           far_snapshots / snapshots AS far_share,
           round(any_value(l.longest_days)) AS longest_days,
           list(DISTINCT device_id ORDER BY device_id) FILTER (WHERE far) AS devices,
           list(DISTINCT ip_country ORDER BY ip_country)
               FILTER (WHERE far AND ip_country IS DISTINCT FROM claimed_country) AS countries,
           round(median(km) FILTER (WHERE far)) AS typical_km,
           least(1.0, far_share / {float(s["full_share"])}) AS strength,
           {evidence("j", "devices", where="far")}
    FROM judged j JOIN longest l USING (worker_id)
    GROUP BY j.worker_id
    HAVING longest_days >= {float(s["min_days"])} AND far_share >= {float(s["min_share"])}
    """


def _far_detail(r: Mapping[str, Any]) -> str:
    where = []
    if r["countries"]:
        where.append(f"in {', '.join(r['countries'][:4])}")
    if r["typical_km"] is not None:
        where.append(f"typically {r['typical_km']:,.0f} km from the claimed city")
    return (
        f"{r['far_snapshots']} of {r['snapshots']} inventory snapshots ({pct(r['far_share'])}) place the "
        f"work device far from the claimed home in {r['claimed_country']}, for up to "
        f"{r['longest_days']:.0f} days in a row ({'; '.join(where)})."
    )


DEVICE_FAR_FROM_HOME = Detector(
    id="device_far_from_home",
    title="Work laptop kept far from the claimed home",
    description="Most endpoint inventory snapshots, for weeks in a row, place the work device in another "
    "country than the claimed one, or (when both are known to the city) more than a few hundred km from "
    "the claimed city: the laptop-farm pattern, where the company laptop sits with a facilitator or is "
    "forwarded abroad. VPN, Tor and hosting addresses are left out; a trip abroad for a snapshot or two, "
    "or a VPN switched on now and then, does not stay there.",
    category="device",
    references=(ref.FBI_PSA_2024, ref.DOJ_LAPTOP_FARM_2024),
    tables=("devices", "workers"),
    sql=_far_sql,
    detail=_far_detail,
    # A device far away for three weeks running, and for most snapshots: a trip or a VPN switched on
    # now and then does not stay that long, whatever the inventory's check-in cadence.
    settings={"min_km": 500, "min_days": 21, "min_share": 0.5, "full_share": 0.8},
)
