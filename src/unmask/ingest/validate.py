"""Type and check raw text columns with one generated SQL statement per chunk.

Pure functions build the SQL (as Splink does): every column becomes a typed
value ``v_<col>`` and an error message ``e_<col>`` (NULL when fine), so a whole
chunk is validated set-based, and each bad cell is reported with its line.
"""

from __future__ import annotations

import zoneinfo

import pycountry

from unmask.model import ColType, Column, TableSpec
from unmask.store.schema import offset_column

# Lookup tables the generated SQL refers to; the loader creates them once.
COUNTRIES_TABLE = "_unmask_countries"
TIMEZONES_TABLE = "_unmask_timezones"

# 'XK' (Kosovo) is user-assigned but in common use.
COUNTRY_CODES: tuple[str, ...] = tuple(sorted({c.alpha_2 for c in pycountry.countries} | {"XK"}))
TIMEZONE_NAMES: tuple[str, ...] = tuple(sorted(zoneinfo.available_timezones()))

# The offset a timestamp recorded: Z, +HH, +HHMM or +HH:MM after a time of day.
_OFFSET_RE = r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*([zZ]|[+-]\d{2}(?::?\d{2})?)$"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _raw(col: str) -> str:
    return f"NULLIF(trim({quote(col)}), '')"


def _typed(col: Column, r: str) -> tuple[str, str]:
    """(typed value SQL, error-when-present SQL) for raw text expression ``r``."""
    t = col.type
    if col.enum:
        allowed = ", ".join(literal(v) for v in col.enum)
        return f"lower({r})", (
            f"CASE WHEN lower({r}) NOT IN ({allowed}) THEN "
            f"'unknown value; expected one of: {', '.join(col.enum)}' END"
        )
    if t is ColType.TIMESTAMP:
        value = f"(try_cast({r} AS TIMESTAMPTZ) AT TIME ZONE 'UTC')"
        return value, f"CASE WHEN {value} IS NULL THEN 'not an ISO 8601 timestamp' END"
    if t is ColType.DATE:
        value = f"coalesce(try_cast({r} AS DATE), CAST(try_cast({r} AS TIMESTAMPTZ) AS DATE))"
        return value, f"CASE WHEN {value} IS NULL THEN 'not an ISO 8601 date' END"
    if t is ColType.FLOAT:
        value = f"try_cast({r} AS DOUBLE)"
        return value, f"CASE WHEN {value} IS NULL OR NOT isfinite({value}) THEN 'not a number' END"
    if t is ColType.BOOL:
        value = (
            f"CASE WHEN lower({r}) IN ('true', '1', 'yes') THEN true "
            f"WHEN lower({r}) IN ('false', '0', 'no') THEN false END"
        )
        return value, f"CASE WHEN {value} IS NULL THEN 'not a boolean (true/false, 1/0, yes/no)' END"
    if t is ColType.COUNTRY:
        value = f"upper({r})"
        return value, (
            f"CASE WHEN {value} NOT IN (SELECT code FROM {COUNTRIES_TABLE}) "
            "THEN 'not an ISO 3166-1 alpha-2 country code' END"
        )
    if t is ColType.TIMEZONE:
        return r, (
            f"CASE WHEN {r} NOT IN (SELECT name FROM {TIMEZONES_TABLE}) THEN 'not an IANA timezone name' END"
        )
    if t is ColType.LIST:
        is_json = f"(left({r}, 1) = '[')"
        json_ok = f"(json_valid({r}) AND json_type({r}) = 'ARRAY')"
        value = (
            f"CASE WHEN {is_json} THEN (CASE WHEN {json_ok} THEN from_json({r}, '[\"VARCHAR\"]') END) "
            f"ELSE list_filter(list_transform(string_split({r}, ';'), lambda x: trim(x)), "
            "lambda x: x <> '') END"
        )
        return value, f"CASE WHEN {is_json} AND NOT {json_ok} THEN 'not a JSON array' END"
    if t is ColType.JSON:
        ok = f"(json_valid({r}) AND json_type({r}) = 'ARRAY')"
        return f"CASE WHEN {ok} THEN CAST({r} AS JSON) END", f"CASE WHEN NOT {ok} THEN 'not a JSON list' END"
    return r, "NULL"


def _offset_minutes(r: str) -> str:
    o = f"regexp_extract({r}, {literal(_OFFSET_RE)}, 1)"
    digits = f"replace(substr({o}, 2), ':', '')"
    return (
        f"CASE WHEN {o} = '' THEN NULL WHEN upper({o}) = 'Z' THEN 0 "
        f"ELSE (CASE WHEN left({o}, 1) = '-' THEN -1 ELSE 1 END) * "
        f"(CAST(left({digits}, 2) AS INTEGER) * 60 + "
        f"CASE WHEN length({digits}) = 4 THEN CAST(right({digits}, 2) AS INTEGER) ELSE 0 END) END"
    )


def typed_select(spec: TableSpec, present: list[str], raw_table: str, line_col: str) -> str:
    """SELECT typing every column of ``spec`` from ``raw_table`` with its errors.

    Output columns: ``_line``; per spec column ``r_<c>`` (trimmed raw text or
    NULL), ``v_<c>``, ``e_<c>``; per timestamp ``o_<c>`` (offset minutes) and
    ``nz_<c>`` (true when a valid timestamp recorded no offset); ``extra``
    (JSON of unknown columns, or NULL).
    """
    known = {c.name for c in spec.columns}
    unknown = [c for c in present if c not in known]
    inner = [f"{quote(line_col)} AS _line"]
    for col in spec.columns:
        raw = _raw(col.name) if col.name in present else "CAST(NULL AS VARCHAR)"
        inner.append(f"{raw} AS {quote('r_' + col.name)}")
    if unknown:
        pairs = ", ".join(f"{literal(c)}, {_raw(c)}" for c in unknown)
        inner.append(f"json_object({pairs}) AS extra")
    else:
        inner.append("CAST(NULL AS JSON) AS extra")

    outer = ["*"]
    for col in spec.columns:
        r = quote("r_" + col.name)
        value, error = _typed(col, r)
        missing = f"WHEN {r} IS NULL THEN 'missing required value' " if col.required else ""
        outer.append(f"CASE WHEN {r} IS NULL THEN NULL ELSE {value} END AS {quote('v_' + col.name)}")
        outer.append(f"CASE {missing}WHEN {r} IS NULL THEN NULL ELSE {error} END AS {quote('e_' + col.name)}")
        if col.type is ColType.TIMESTAMP:
            offset = _offset_minutes(r)
            outer.append(f"{offset} AS {quote('o_' + col.name)}")
            outer.append(
                f"({r} IS NOT NULL AND {value} IS NOT NULL AND {offset} IS NULL) AS {quote('nz_' + col.name)}"
            )
    return f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {quote(raw_table)})"


def any_error(spec: TableSpec) -> str:
    """SQL true when a typed row has an error in any column."""
    return "(" + " OR ".join(f"{quote('e_' + c.name)} IS NOT NULL" for c in spec.columns) + ")"


def errors_select(spec: TableSpec, typed_table: str) -> str:
    """One row per bad cell: (_line, column, reason, value)."""
    selects = [
        f"SELECT _line, {literal(c.name)} AS column_name, {quote('e_' + c.name)} AS reason, "
        f"{quote('r_' + c.name)} AS value FROM {quote(typed_table)} "
        f"WHERE {quote('e_' + c.name)} IS NOT NULL"
        for c in spec.columns
    ]
    return " UNION ALL ".join(selects)


def staged_select(spec: TableSpec, typed_table: str, file_label: str) -> str:
    """The valid rows of ``typed_table`` as stored columns, with a content hash.

    The hash covers the typed values and recorded offsets but not unknown
    columns or where the row was read, so the same row re-exported in another
    format or with an added column is recognised as already stored.
    """
    cols: list[str] = []
    hashed: list[str] = []
    for col in spec.columns:
        cols.append(f"{quote('v_' + col.name)} AS {quote(col.name)}")
        hashed.append(f"coalesce(CAST({quote('v_' + col.name)} AS VARCHAR), '\\N')")
        if col.type is ColType.TIMESTAMP:
            cols.append(f"{quote('o_' + col.name)} AS {quote(offset_column(col))}")
            hashed.append(f"coalesce(CAST({quote('o_' + col.name)} AS VARCHAR), '\\N')")
    content = f"md5(concat_ws(chr(31), {', '.join(hashed)}))"
    origin = f"{literal(file_label + ':')} || CAST(_line AS VARCHAR)"
    return (
        f"SELECT {', '.join(cols)}, extra, {origin} AS origin, _line, {content} AS _content "
        f"FROM {quote(typed_table)} WHERE NOT {any_error(spec)}"
    )
