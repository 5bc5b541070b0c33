"""Calendar and timestamp helpers: one fixed demo window, per-day UTC offsets, fast ISO text.

The demo never looks at today's date: its window starts on ``WINDOW_START``
so the same seed always produces the same bundle. Days are counted from the
window start (day 0); negative days lie before it (hiring, interviews).

Formatting ten million timestamps with ``strftime`` takes half a minute, so
:func:`iso_utc` and :func:`iso_with_offset` write the ASCII digits straight
into a byte matrix and hand it to Arrow as a fixed-width string column.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

WINDOW_START = dt.date(2026, 8, 1)
START_EPOCH_DAY = (WINDOW_START - dt.date(1970, 1, 1)).days
START_SECONDS = START_EPOCH_DAY * 86_400
DAY_SECONDS = 86_400
# Earliest day anything is dated (long-tenured workers' hiring history).
FIRST_DAY = -1200

Ints = npt.NDArray[np.int64]


def weekday(day: npt.NDArray[np.int64] | int) -> npt.NDArray[np.int64]:
    """Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday)."""
    return np.asarray((np.asarray(day) + START_EPOCH_DAY + 3) % 7, dtype=np.int64)


def iso_date(day: int) -> str:
    return (WINDOW_START + dt.timedelta(days=int(day))).isoformat()


class Offsets:
    """UTC offset in minutes of each timezone on each day, looked up for whole columns at once.

    Real zone rules matter: Chile and Egypt change their clocks inside the demo
    window, and a worker's commits must carry the offset their clock really had.
    """

    def __init__(self, timezones: Sequence[str], last_day: int) -> None:
        self.names = tuple(timezones)
        self.first_day = FIRST_DAY
        span = last_day + 1 - FIRST_DAY
        table = np.zeros((len(self.names), span), dtype=np.int64)
        for row, name in enumerate(self.names):
            zone = zoneinfo.ZoneInfo(name)
            table[row] = [_offset(zone, FIRST_DAY + d) for d in range(span)]
        self.table = table

    def index(self, name: str) -> int:
        return self.names.index(name)

    def minutes(self, tz: npt.NDArray[np.integer], day: npt.NDArray[np.integer]) -> Ints:
        """Offset (minutes east of UTC) of timezone indices ``tz`` at noon UTC of ``day``."""
        col = np.clip(np.asarray(day, dtype=np.int64) - self.first_day, 0, self.table.shape[1] - 1)
        return np.asarray(self.table[np.asarray(tz, dtype=np.int64), col], dtype=np.int64)


def _offset(zone: zoneinfo.ZoneInfo, day: int) -> int:
    noon = dt.datetime.combine(WINDOW_START + dt.timedelta(days=day), dt.time(12), tzinfo=dt.UTC)
    delta = noon.astimezone(zone).utcoffset()
    return int(delta.total_seconds() // 60) if delta is not None else 0


# ASCII digit pairs "00".."99" as a (100, 2) byte table.
_PAIRS = np.array([[ord(a), ord(b)] for a in "0123456789" for b in "0123456789"], dtype=np.uint8)


def _datetime_bytes(seconds: Ints, width: int) -> npt.NDArray[np.uint8]:
    """'YYYY-MM-DDTHH:MM:SS' of epoch ``seconds`` in the first 19 of ``width`` byte columns."""
    days = seconds // DAY_SECONDS
    first = int(days.min()) if days.size else 0
    last = int(days.max()) if days.size else 0
    dates = np.array(
        [
            list((dt.date(1970, 1, 1) + dt.timedelta(days=d)).isoformat().encode())
            for d in range(first, last + 1)
        ],
        dtype=np.uint8,
    ).reshape(-1, 10)
    tod = seconds - days * DAY_SECONDS
    out = np.empty((seconds.size, width), dtype=np.uint8)
    out[:, 0:10] = dates[days - first]
    out[:, 10] = ord("T")
    out[:, 11:13] = _PAIRS[tod // 3600]
    out[:, 13] = ord(":")
    out[:, 14:16] = _PAIRS[(tod // 60) % 60]
    out[:, 16] = ord(":")
    out[:, 17:19] = _PAIRS[tod % 60]
    return out


def _fixed_width_strings(matrix: npt.NDArray[np.uint8]) -> pa.Array:
    rows, width = matrix.shape
    offsets = np.arange(0, (rows + 1) * width, width, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), rows, [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(matrix))]
    )


def iso_utc(seconds: Ints) -> pa.Array:
    """'2026-08-03T14:05:09Z' for each epoch second (UTC, as identity providers log)."""
    out = _datetime_bytes(np.asarray(seconds, dtype=np.int64), 20)
    out[:, 19] = ord("Z")
    return _fixed_width_strings(out)


def iso_with_offset(utc_seconds: Ints, offset_minutes: Ints) -> pa.Array:
    """'2026-08-03T23:05:09+09:00': the local wall time and the offset, as git records them."""
    offset_minutes = np.asarray(offset_minutes, dtype=np.int64)
    out = _datetime_bytes(np.asarray(utc_seconds, dtype=np.int64) + offset_minutes * 60, 25)
    out[:, 19] = np.where(offset_minutes < 0, ord("-"), ord("+"))
    magnitude = np.abs(offset_minutes)
    out[:, 20:22] = _PAIRS[magnitude // 60]
    out[:, 22] = ord(":")
    out[:, 23:25] = _PAIRS[magnitude % 60]
    return _fixed_width_strings(out)


def iso_utc_text(seconds: int) -> str:
    """One timestamp as Python text, for the small per-worker tables."""
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(seconds))).isoformat() + "Z"
