"""MappedCsvAdapter: every mapping error, full mappings, enum values, date formats, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from unmask.ingest.adapters.base import IDENTITY, LINE
from unmask.ingest.adapters.mapped_csv import MappedCsvAdapter, MappingError
from unmask.ingest.errors import RowError
from unmask.ingest.readers import FileError

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"

PAYROLL_CSV = (
    "Employee Email,Pay Date,Net Amount,Currency,Pay Method,Bank Country,Memo,Cost Center\n"
    "jane@example.com,03/01/2024,4200.00,USD,ACH,US,March,ENG-12\n"
    "kim@example.com,3/1/2024,3900,USD, usdt ,HK,advance,ENG-14\n"
)
BASE = """
table = "payments"
identity = "Employee Email"
[columns]
ts = "Pay Date"
amount = "Net Amount"
currency = "Currency"
"""


def write(tmp_path: Path, mapping: str, csv: str = PAYROLL_CSV) -> tuple[Path, Path]:
    (tmp_path / "mapping.toml").write_text(mapping, encoding="utf-8")
    (tmp_path / "export.csv").write_text(csv, encoding="utf-8")
    return tmp_path / "mapping.toml", tmp_path / "export.csv"


def read(mapping: Path, csv: Path, **kw: int) -> tuple[list[dict[str, object]], list[str], list[RowError]]:
    adapter = MappedCsvAdapter(mapping, **kw)
    rows: list[dict[str, object]] = []
    columns: list[str] = []
    errors: list[RowError] = []
    for ac in adapter.read(csv):
        assert ac.table == adapter.table
        columns = ac.chunk.columns
        assert ac.chunk.table.column_names == [*columns, LINE]
        rows += ac.chunk.table.to_pylist()
        errors += ac.chunk.errors
    return rows, columns, errors


# (case, mapping text, words the error must contain besides the mapping file's name)
NO_PERSON = BASE.replace('identity = "Employee Email"', "")
MAPPING_ERRORS = [
    ("not TOML", "table = payments", ["not valid TOML"]),
    ("unknown key", BASE + '\n[colums]\nts = "x"', ["unknown key", "colums"]),
    ("unknown key at top", 'tabel = "payments"\n' + BASE, ["unknown key", "tabel"]),
    ("no table", 'identity = "x"', ["table: missing"]),
    ("unknown table", BASE.replace('"payments"', '"payouts"'), ["table", "'payouts'", "not a bundle table"]),
    ("unknown bundle column", BASE + 'amount_usd = "Net Amount"', ["[columns] amount_usd", "not a column"]),
    ("required not mapped", BASE.replace('amount = "Net Amount"', ""), ["required", "amount"]),
    ("no person", NO_PERSON, ["required", "worker_id", "identity"]),
    ("identity and worker_id", 'worker_id = "Emp"\n' + BASE, ["identity", "worker_id", "not both"]),
    ("worker_id twice", 'worker_id = "E"\n' + NO_PERSON + 'worker_id = "E"', ["worker_id", "both"]),
    (
        "identity on firms",
        'table = "firms"\nidentity = "E"\n[columns]\nfirm_id = "F"\nname = "N"',
        ["identity", "firms", "not about one worker"],
    ),
    ("identity_source", 'identity_source = "slack"\n' + BASE, ["identity_source", "'slack'"]),
    ("empty source column", BASE + 'memo = " "', ["[columns] memo", "non-empty"]),
    ("source column not text", BASE + "memo = 3", ["[columns] memo", "non-empty"]),
    (
        "values of non-enum",
        BASE + 'memo = "Memo"\n[values.memo]\n"a" = "b"',
        ["[values.memo]", "no fixed set"],
    ),
    (
        "value outside enum",
        BASE + 'method = "Pay Method"\n[values.method]\n"USDT" = "tether"',
        ["[values.method] 'USDT'", "'tether'", "crypto"],
    ),
    ("values of unmapped", BASE + '[values.method]\n"USDT" = "crypto"', ["[values.method]", "not read from"]),
    (
        "values not a table",
        BASE + 'method = "M"\n[values]\nmethod = "crypto"',
        ["[values.method]", "a table"],
    ),
    ("format of non-date", BASE + '[formats]\namount = "%d"', ["[formats] amount", "only timestamp"]),
    ("format without %", BASE + '[formats]\nts = "MM/DD/YYYY"', ["[formats] ts", "strptime"]),
    (
        "format of unmapped",
        'table = "workers"\nworker_id = "W"\n[formats]\nstart_date = "%d"',
        ["[formats] start_date", "not read from"],
    ),
    (
        "constant outside enum",
        BASE + '[constants]\nkind = "salary"',
        ["[constants] kind", "'salary'", "payout"],
    ),
    ("constant and column", BASE + "[constants]\namount = 1", ["[constants] amount", "also mapped"]),
    ("constant unknown column", BASE + '[constants]\nbank = "x"', ["[constants] bank", "not a column"]),
    ("constant of odd type", BASE + "[constants]\nmemo = [1, 2]", ["[constants] memo", "not list"]),
    ("keep_unmapped", "keep_unmapped = 0\n" + BASE, ["keep_unmapped", "true or false"]),
    ("section not a table", 'table = "payments"\nidentity = "E"\ncolumns = 3', ["[columns]", "a table"]),
]


@pytest.mark.parametrize(("mapping", "words"), [(m, w) for _, m, w in MAPPING_ERRORS],
                         ids=[c for c, _, _ in MAPPING_ERRORS])  # fmt: skip
def test_mapping_errors(tmp_path: Path, mapping: str, words: list[str]) -> None:
    path, _ = write(tmp_path, mapping)
    with pytest.raises(MappingError) as caught:
        MappedCsvAdapter(path)
    message = str(caught.value)
    assert message.startswith("mapping.toml")
    for word in words:
        assert word in message, message


def test_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match=r"nope\.toml: cannot read the mapping"):
        MappedCsvAdapter(tmp_path / "nope.toml")


def test_mapping_error_is_a_value_error() -> None:
    assert issubclass(MappingError, ValueError)


@pytest.mark.parametrize(
    ("extra", "column", "key"),
    [('memo = "Remarks"', "remarks", "[columns] memo"), ("", "employee email", "identity")],
)
def test_source_column_missing_from_header(tmp_path: Path, extra: str, column: str, key: str) -> None:
    csv = PAYROLL_CSV if extra else PAYROLL_CSV.replace("Employee Email", "Email")
    mapping, path = write(tmp_path, BASE + extra, csv)
    with pytest.raises(MappingError) as caught:
        list(MappedCsvAdapter(mapping).read(path))
    message = str(caught.value)
    assert message.startswith("export.csv:1: ")
    assert f"no column {column!r}" in message and f"mapping.toml {key}" in message
    assert "the header has: " in message


def test_documented_example(tmp_path: Path) -> None:
    rows, columns, errors = read(EXAMPLES / "payroll-mapping.toml", EXAMPLES / "payroll.csv")
    assert errors == []
    assert columns == [IDENTITY, "ts", "amount", "currency", "method", "account_id", "account_country",
                       "memo", "kind", "emp_name", "cost_center"]  # fmt: skip
    assert rows[2] == {
        IDENTITY: "k.smith@example.com", "ts": "2024-03-01T00:00:00", "amount": "3900.00", "currency": "USD",
        "method": "crypto", "account_id": None, "account_country": None, "memo": "advance, as asked",
        "kind": "payout", "emp_name": "Kevin Smith", "cost_center": "ENG-14", LINE: 4,
    }  # fmt: skip
    assert [r["method"] for r in rows] == ["bank", "bank", "crypto", "payoneer"]
    assert [r[LINE] for r in rows] == [2, 3, 4, 5]


def test_full_mapping_with_worker_id_and_constants(tmp_path: Path) -> None:
    mapping = """
table = "meetings"
worker_id = "Emp ID"
keep_unmapped = false
[columns]
ts = "Start"
camera_on = "Video"
duration_min = "Minutes"
[values.camera_on]
"Video on" = true
"Audio only" = "false"
[formats]
ts = "%Y-%m-%d %H:%M %z"
[constants]
kind = "standup"
attended = true
notes = 2024-05-01
"""
    csv = ("emp id,start,video,minutes,room\n"
           "W-1,2024-05-01 09:30 +0530,Video on,15,Blue\n"
           "W-2,2024-05-01 09:30 -0400,audio only,30,Red\n")  # fmt: skip
    rows, columns, errors = read(*write(tmp_path, mapping, csv))
    assert errors == []
    assert columns == ["ts", "camera_on", "duration_min", "worker_id", "kind", "attended", "notes"]
    assert rows[0] == {"ts": "2024-05-01T09:30:00+05:30", "camera_on": "true", "duration_min": "15",
                       "worker_id": "W-1", "kind": "standup", "attended": "true", "notes": "2024-05-01",
                       LINE: 2}  # fmt: skip
    assert rows[1]["ts"] == "2024-05-01T09:30:00-04:00" and rows[1]["camera_on"] == "false"


def test_enum_values_mapped_in_any_case_and_others_kept(tmp_path: Path) -> None:
    mapping = BASE + 'method = "Pay Method"\n[values.method]\n"usdt" = "crypto"\n"ACH" = "Bank"'
    csv = PAYROLL_CSV + "ann@example.com,03/02/2024,10,USD,Zelle,US,x,y\n"
    rows, _, _ = read(*write(tmp_path, mapping, csv))
    # A value the mapping does not name is kept as written; validation rejects it with its line.
    assert [r["method"] for r in rows] == ["bank", "crypto", "Zelle"]


def test_date_format_and_bad_dates(tmp_path: Path) -> None:
    mapping = BASE + '[formats]\nts = "%m/%d/%Y"'
    csv = PAYROLL_CSV + "a@example.com,2024-03-02,1,USD,ACH,US,x,y\nb@example.com,,1,USD,ACH,US,x,y\n"
    rows, _, errors = read(*write(tmp_path, mapping, csv))
    # No offset in the format: written without one (read as UTC, and the ingest warns).
    assert [(r[LINE], r["ts"]) for r in rows] == [(2, "2024-03-01T00:00:00"), (3, "2024-03-01T00:00:00"),
                                                  (5, None)]  # fmt: skip
    reason = "does not match the format '%m/%d/%Y' of mapping.toml [formats]"
    assert [str(e) for e in errors] == [f"export.csv:4 [ts]: {reason} (value '2024-03-02')"]


def test_date_column_format(tmp_path: Path) -> None:
    mapping = 'table = "workers"\nworker_id = "ID"\n[columns]\nstart_date = "Start"\n[formats]\n'
    mapping += 'start_date = "%d.%m.%Y"'
    rows, _, errors = read(*write(tmp_path, mapping, "ID,Start\nW-1,01.02.2023\nW-2,31.02.2023\n"))
    assert [r["start_date"] for r in rows] == ["2023-02-01"] and [e.line for e in errors] == [3]


def test_line_numbers_survive_multiline_cells_blank_lines_and_bad_rows(tmp_path: Path) -> None:
    csv = ('Employee Email,Pay Date,Net Amount,Currency,Memo\n'
           'a@example.com,2024-03-01T10:00:00+09:00,1,USD,"two\nlines"\n'
           '\n'
           'b@example.com,2024-03-02T10:00:00+09:00,2,USD\n'
           'c@example.com,2024-03-03T10:00:00+09:00,3,USD,ok\n')  # fmt: skip
    rows, _, errors = read(*write(tmp_path, BASE, csv))
    assert [(r[IDENTITY], r[LINE], r["source_memo"]) for r in rows] == [("a@example.com", 2, "two\nlines"),
                                                                 ("c@example.com", 6, "ok")]  # fmt: skip
    assert [(e.line, e.reason) for e in errors] == [(5, "expected 5 fields, found 4")]


def test_unmapped_columns_are_evidence_and_never_pass_as_bundle_columns(tmp_path: Path) -> None:
    csv = "Employee Email,Pay Date,Net Amount,Currency,Memo,Bank Country,%\nx@e.com,2024-03-01,1,USD,m,KP,z\n"
    mapping = BASE.replace("[columns]", '[columns]\nmemo = "Bank Country"')
    rows, columns, _ = read(*write(tmp_path, mapping, csv))
    assert columns == [IDENTITY, "memo", "ts", "amount", "currency", "source_memo", "column_7"]
    assert rows[0]["memo"] == "KP" and rows[0]["source_memo"] == "m"


def test_chunks(tmp_path: Path) -> None:
    rows_csv = "".join(f"p{i}@example.com,2024-03-01,{i},USD,ACH,US,m,c\n" for i in range(7))
    mapping, path = write(tmp_path, BASE, PAYROLL_CSV.splitlines(keepends=True)[0] + rows_csv)
    chunks = list(MappedCsvAdapter(mapping, chunk_rows=3).read(path))
    assert [ac.chunk.table.num_rows for ac in chunks] == [3, 3, 1]
    assert [line for ac in chunks for line in ac.chunk.table.column(LINE).to_pylist()] == list(range(2, 9))


def test_identity_source_and_empty_csv(tmp_path: Path) -> None:
    mapping, path = write(tmp_path, 'identity_source = "okta"\n' + BASE, "")
    adapter = MappedCsvAdapter(mapping)
    assert adapter.identity_source == "okta" and adapter.name == "csv" and adapter.table == "payments"
    with pytest.raises(FileError):
        list(adapter.read(path))
