"""When each worker acts: the UTC offset their week fits, and how much of it lies outside the claimed day.

Every timestamp that shows the worker at work counts: successful sign-ins,
commits (the UTC instant; the offset git recorded is judged on its own by
``commit_offset_mismatch``), messages the worker wrote and meetings they
attended. One SQL query bins them by worker and UTC half-hour of the week;
:mod:`unmask.intel.rhythm` scores every worker against every offset in one
matrix product. ``activity_profile`` holds one row per worker with events and
is rebuilt on every scan: it depends on all of a worker's events, and costs a
few seconds even for millions of them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from unmask.enrich.intelligence import Intelligence
from unmask.intel import rhythm
from unmask.store import Workspace

TABLE = "activity_profile"
FAR_MINUTES = 180  # ``far_from_claim``: posterior mass at least this far from the claimed offset
Floats = npt.NDArray[np.float64]

# The rows that show a worker at work. Failed sign-ins may be someone else trying the account.
ACTIVITY_EVENTS = """
    SELECT worker_id, 'signins' AS tbl, row_id, origin, ts FROM signins
        WHERE outcome IS DISTINCT FROM 'failure'
    UNION ALL SELECT worker_id, 'commits', row_id, origin, ts FROM commits
    UNION ALL SELECT worker_id, 'messages', row_id, origin, ts FROM messages WHERE direction = 'from_worker'
    UNION ALL SELECT worker_id, 'meetings', row_id, origin, ts FROM meetings WHERE attended
"""

_SLOT_US = rhythm.BIN_MINUTES * 60 * 1_000_000
_HISTOGRAM_SQL = f"""
    WITH ev AS ({ACTIVITY_EVENTS})
    SELECT worker_id,
           ((epoch_us(ts) // {_SLOT_US} + {rhythm.EPOCH_WEEK_BIN}) % {rhythm.WEEK_BINS})::SMALLINT AS bin,
           count(*)::INTEGER AS n,
           sum(epoch(ts))::DOUBLE AS seconds
    FROM ev WHERE ts IS NOT NULL AND worker_id IS NOT NULL
    GROUP BY ALL
"""

_SCHEMA = pa.schema([
    ("worker_id", pa.string()), ("events", pa.int64()), ("inferred_offset_min", pa.int32()),
    ("confidence", pa.float64()), ("rhythm", pa.string()), ("claimed_timezone", pa.string()),
    ("claimed_offset_min", pa.int32()), ("claim_support", pa.float64()), ("far_from_claim", pa.float64()),
    ("outside_day_share", pa.float64()), ("weekend_share", pa.float64()),
])  # fmt: skip
COLUMNS = (
    "worker_id VARCHAR, events BIGINT, inferred_offset_min INTEGER, confidence DOUBLE, rhythm VARCHAR, "
    "claimed_timezone VARCHAR, claimed_offset_min INTEGER, claim_support DOUBLE, far_from_claim DOUBLE, "
    "outside_day_share DOUBLE, weekend_share DOUBLE"
)


def enrich_activity(ws: Workspace, intel: Intelligence | None = None) -> int:
    """Rebuild ``activity_profile``; returns how many workers it describes.

    ``intel`` is unused (the rhythm is in the events themselves); it is there to be an enricher.
    """
    engine = ws.engine
    counts = engine.arrow(_HISTOGRAM_SQL)
    claims = engine.arrow("SELECT worker_id, any_value(claimed_timezone) AS tz FROM workers GROUP BY ALL")
    profile = activity_profile(counts, claims)
    engine.load_arrow(f"_new_{TABLE}", profile)
    with engine.transaction():
        engine.execute(f"DROP TABLE IF EXISTS {TABLE}")
        engine.execute(f"CREATE TABLE {TABLE} ({COLUMNS})")
        engine.execute(f"INSERT INTO {TABLE} SELECT * FROM _new_{TABLE}")
    engine.execute(f"DROP TABLE _new_{TABLE}")
    return int(profile.num_rows)


def activity_profile(counts: pa.Table, claims: pa.Table) -> pa.Table:
    """One row per worker from (worker_id, bin, n, seconds) histogram rows and (worker_id, tz) claims."""
    if counts.num_rows == 0:
        return _SCHEMA.empty_table()
    encoded = pc.dictionary_encode(counts.column("worker_id")).combine_chunks()
    worker = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    ids = encoded.dictionary
    bins = counts.column("bin").to_numpy().astype(np.int64)
    n = counts.column("n").to_numpy().astype(np.float64)
    seconds = counts.column("seconds").to_numpy().astype(np.float64)
    workers = len(ids)

    histogram = np.zeros((workers, rhythm.WEEK_BINS), dtype=np.float32)
    histogram[worker, bins] = n  # (worker, bin) pairs are unique: GROUP BY made them so
    estimate = rhythm.infer_offsets(histogram)
    events = estimate.events

    # The claimed zone's offset in the middle of the worker's activity (DST-aware).
    mean_seconds = np.bincount(worker, weights=seconds, minlength=workers) / np.maximum(events, 1)
    tz = _claimed_timezones(ids, claims)
    claimed = _offsets_at(tz, mean_seconds)
    local = rhythm.local_week_bin(bins, np.nan_to_num(claimed[worker]))
    known = ~np.isnan(claimed)
    outside = np.bincount(worker, weights=n * ~rhythm.business_day(local), minlength=workers) / events
    weekend = np.bincount(worker, weights=n * rhythm.weekend(local), minlength=workers) / events

    return pa.table(
        [
            ids,
            pa.array(events.astype(np.int64)),
            pa.array(estimate.best_offset_min.astype(np.int32)),
            pa.array(estimate.confidence),
            pa.array(estimate.rhythm, pa.string()),
            pa.array(tz, pa.string()),
            pa.array(np.nan_to_num(claimed).astype(np.int32), mask=~known),
            pa.array(estimate.support(claimed), mask=~known),
            pa.array(
                1.0 - estimate.support(claimed, within_min=FAR_MINUTES - rhythm.BIN_MINUTES), mask=~known
            ),
            pa.array(outside, mask=~known),
            pa.array(weekend, mask=~known),
        ],
        schema=_SCHEMA,
    )


def _claimed_timezones(ids: pa.Array, claims: pa.Table) -> list[str | None]:
    claimed = dict(zip(claims.column("worker_id").to_pylist(), claims.column("tz").to_pylist(), strict=True))
    return [claimed.get(i) for i in ids.to_pylist()]


def _offsets_at(
    timezones: list[str | None], epoch_seconds: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Offset in minutes of each zone on the day of each instant (NaN for a missing or unknown zone).

    Workers share few (zone, day) pairs, so zoneinfo is asked once per distinct pair.
    """
    names = sorted({t for t in timezones if t})
    code = {name: i for i, name in enumerate(names)}
    zone = np.asarray([code.get(t, -1) if t else -1 for t in timezones], dtype=np.int64)
    day = (epoch_seconds // 86_400).astype(np.int64)
    pairs, inverse = np.unique(np.stack([zone, day], axis=1), axis=0, return_inverse=True)
    offsets = np.asarray([_offset_minutes(names[z], int(d)) if z >= 0 else np.nan for z, d in pairs])
    return np.asarray(offsets[inverse.reshape(-1)], dtype=np.float64)


def _offset_minutes(name: str, day: int) -> float:
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return float("nan")
    noon = dt.datetime(1970, 1, 1, 12, tzinfo=dt.UTC) + dt.timedelta(days=day)
    delta = noon.astimezone(zone).utcoffset()
    return delta.total_seconds() / 60 if delta is not None else float("nan")
