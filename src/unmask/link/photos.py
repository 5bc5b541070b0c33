"""Links by near-identical profile photos: 64-bit perceptual hashes a few bits apart.

A re-encoded, resized or lightly cropped picture keeps its perceptual hash
within a few bits. Comparing every pair is quadratic, so hashes are blocked by
the pigeonhole principle: cut into ``max_distance + 1`` bands, two hashes at
most ``max_distance`` bits apart agree exactly on at least one band. Only
hashes that share a band are compared. A hash (or band) held by many workers —
a default avatar, a stock picture — is skipped as common.
"""

from __future__ import annotations

from unmask.engine import Engine
from unmask.link.settings import LinkSettings
from unmask.link.values import refs
from unmask.model import Link

HASH_BITS = 64


def bands(max_distance: int) -> list[tuple[int, int]]:
    """(shift, width) of each band: ``max_distance + 1`` bands covering the 64 bits."""
    count = max(1, min(max_distance + 1, HASH_BITS))
    edges = [round(i * HASH_BITS / count) for i in range(count + 1)]
    return [(edges[i], edges[i + 1] - edges[i]) for i in range(count)]


def photo_sql(s: LinkSettings) -> str:
    band_rows = ", ".join(
        f"({i}, {shift}, {width})" for i, (shift, width) in enumerate(bands(s.photo_max_distance))
    )
    return f"""
    WITH photos AS (
        SELECT worker_id, row_id, origin, lower(photo_hash) AS hash, ('0x' || photo_hash)::UBIGINT AS bits
        FROM profiles WHERE regexp_full_match(photo_hash, '[0-9a-fA-F]{{16}}')
    ), common AS (
        SELECT hash FROM photos GROUP BY hash HAVING count(DISTINCT worker_id) > {int(s.max_holders)}
    ), banded AS (
        SELECT p.*, b.band, (p.bits >> b.shift) & ((1::UBIGINT << b.width) - 1) AS key,
               p.hash IN (SELECT hash FROM common) AS is_common
        FROM photos p, (VALUES {band_rows}) AS b(band, shift, width)
    ), buckets AS (
        -- Counted over every photo, common ones included: re-encoded copies of a default avatar
        -- fall in the avatar's crowded buckets and link nobody either.
        SELECT band, key FROM banded GROUP BY band, key
        HAVING count(DISTINCT worker_id) BETWEEN 2 AND {int(s.bucket_cap)}
    ), candidates AS (
        SELECT x.worker_id AS a, y.worker_id AS b, bit_count(xor(x.bits, y.bits)) AS distance,
               x.hash AS hash_a, y.hash AS hash_b,
               {{'table': 'profiles', 'row_id': x.row_id, 'origin': x.origin}} AS row_a,
               {{'table': 'profiles', 'row_id': y.row_id, 'origin': y.origin}} AS row_b
        FROM banded x JOIN buckets USING (band, key)
        JOIN banded y ON y.band = x.band AND y.key = x.key AND x.worker_id < y.worker_id
        WHERE NOT x.is_common AND NOT y.is_common
    )
    SELECT a, b, min(distance) AS distance, arg_min(hash_a || ' ~ ' || hash_b, distance) AS value,
           arg_min([row_a, row_b], distance) AS rows_
    FROM candidates WHERE distance <= {int(s.photo_max_distance)}
    GROUP BY a, b
    """


def photo_links(engine: Engine, s: LinkSettings) -> list[Link]:
    out: list[Link] = []
    for r in engine.rows(photo_sql(s)):
        distance = int(r["distance"])
        # Identical hashes are as strong as it gets; each differing bit leaves a little more doubt.
        strength = s.photo * (1 - 0.1 * distance)
        if distance == 0:
            value = f"{str(r['value']).split(' ~ ')[0]} (identical)"
        else:
            value = f"{r['value']} ({distance} bit{'s' if distance != 1 else ''} apart)"
        out.append(Link(r["a"], r["b"], "photo", value, strength, refs(r["rows_"])))
    return out
