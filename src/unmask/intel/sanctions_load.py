"""Readers for OFAC's legacy SDN CSV files and the per-currency sanctioned address lists.

The legacy files (https://ofac.treasury.gov/sdn-list-data-formats-data-schemas):

* ``sdn.csv``: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
  Tonnage, GRT, Vess_flag, Vess_owner, Remarks; no header, latin-1, ``-0-`` = empty,
  a DOS end-of-file byte (0x1A) on the last line. Weak aliases live in the remarks as
  ``a.k.a. 'KOMID'`` and digital currency addresses as ``Digital Currency Address -
  ETH 0x…``. A header-bearing subset (our ``sdn_dprk_subset.csv``) is read too.
* ``alt.csv``: ent_num, alt_num, alt_type, alt_name, remarks.
* ``add.csv``: ent_num, add_num, address, city/state/zip, country, remarks.

A bad row is recorded as a :class:`LoadIssue` (file, line, message) and skipped; it never
stops the load, because one malformed row in a 15,000-row government file should not
switch screening off.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

EntityType = Literal["individual", "entity", "vessel", "aircraft"]
AliasType = Literal["aka", "fka", "nka"]

_EMPTY = "-0-"
_EOF_MARK = "\x1a"
_SDN_COLUMNS = 12
_ALT_COLUMNS = 5
_ADD_COLUMNS = 6
_TYPES: dict[str, EntityType] = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}
# Typed lookups rather than casts: mypy then proves only OFAC's three alias types get through.
_ALIAS_TYPES: dict[str, AliasType] = {"aka": "aka", "fka": "fka", "nka": "nka"}
_ALIAS_BY_LETTER: dict[str, AliasType] = {"a": "aka", "f": "fka", "n": "nka"}
_WEAK_ALIAS = re.compile(r"\b([afn])\.k\.a\.,?\s*'([^']+)'", re.IGNORECASE)
_REMARK_WALLET = re.compile(r"Digital Currency Address - ([A-Za-z0-9]+)\s+([A-Za-z0-9:]+)")
_CRYPTO_FILE = re.compile(r"sanctioned_addresses_([A-Za-z0-9]+)\.txt$")
_PLAUSIBLE_WALLET = re.compile(r"[A-Za-z0-9:]{20,130}")
# Formats whose letters are case-insensitive (hex, bech32, cashaddr); base58 is not.
_CASELESS_WALLET = re.compile(
    r"0x[0-9a-f]{40}|(?:bc|tb|ltc)1[02-9ac-hj-np-z]{6,87}|[qp][02-9ac-hj-np-z]{41}|[0-9a-f]{64}",
    re.IGNORECASE,
)
_URI_SCHEME = re.compile(r"^(?:bitcoin|bitcoincash|ethereum|litecoin|tron):", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name of an entity; ``weak`` marks OFAC's low-quality a.k.a.s (nicknames)."""

    name: str
    alias_type: AliasType
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    city: str
    country: str


@dataclass(frozen=True, slots=True)
class CryptoAddress:
    currency: str
    address: str


@dataclass(slots=True)
class SanctionsEntity:
    """One designated person, firm, vessel or aircraft, keyed by OFAC's ``ent_num``.

    ``from_sdn`` is False for entities known only from alt.csv (designated after the
    sdn.csv snapshot): their ``name`` is their first alias and their ``entity_type`` is
    inferred from their names (``type_inferred``).
    """

    ent_num: int
    name: str
    entity_type: EntityType
    programmes: tuple[str, ...] = ()
    aliases: list[Alias] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    crypto: list[CryptoAddress] = field(default_factory=list)
    remarks: str = ""
    from_sdn: bool = True
    type_inferred: bool = False

    def add_alias(self, alias: Alias) -> None:
        if alias.name and all(a.name != alias.name for a in self.aliases):
            self.aliases.append(alias)


@dataclass(frozen=True, slots=True)
class LoadIssue:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(slots=True)
class LoadReport:
    """What a load read and what it had to skip; issues carry file and line."""

    issues: list[LoadIssue] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    orphan_addresses: int = 0

    def issue(self, path: Path | str, line: int, message: str) -> None:
        self.issues.append(LoadIssue(str(path), line, message))

    def count(self, path: Path | str) -> None:
        self.rows[str(path)] = self.rows.get(str(path), 0) + 1


def canonical_wallet(text: str) -> str:
    """Lookup key of a wallet address: scheme removed; hex/bech32/cashaddr lower-cased."""
    value = _URI_SCHEME.sub("", text.strip())
    return value.lower() if _CASELESS_WALLET.fullmatch(value) else value


def looks_like_wallet(text: str) -> bool:
    """True for one word of 20+ letters and digits with a digit in it: never a name."""
    value = _URI_SCHEME.sub("", text.strip())
    return bool(_PLAUSIBLE_WALLET.fullmatch(value)) and any(c.isdigit() for c in value)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # OFAC's legacy files; latin-1 decodes every byte


def _rows(path: Path, columns: int, report: LoadReport) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of each well-formed row; ``-0-`` becomes ""; bad rows are reported."""
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.issue(path, reader.line_num, f"unreadable CSV row: {exc}")
            continue
        if not raw or (len(raw) == 1 and raw[0].strip() in ("", _EOF_MARK)):
            continue
        if len(raw) != columns:
            report.issue(path, reader.line_num, f"expected {columns} columns, found {len(raw)}")
            continue
        yield reader.line_num, ["" if v.strip() == _EMPTY else v.strip() for v in raw]


def _ent_num(path: Path, line: int, value: str, report: LoadReport) -> int | None:
    try:
        return int(value)
    except ValueError:
        report.issue(path, line, f"ent_num is not a number: {value!r}")
        return None


def _programmes(value: str) -> tuple[str, ...]:
    return tuple(p.strip(" []") for p in re.split(r"\]\s*\[", value) if p.strip(" []"))


def parse_remarks(remarks: str) -> tuple[list[Alias], list[CryptoAddress]]:
    """Weak aliases (``a.k.a. 'X'``) and digital currency addresses found in SDN remarks."""
    aliases = [
        Alias(m.group(2).strip(), _ALIAS_BY_LETTER[m.group(1).lower()], True)
        for m in _WEAK_ALIAS.finditer(remarks)
    ]
    # The legacy CSV cuts Remarks at a fixed length, sometimes inside the last address
    # ("... - XBT 1Gq"); an address touching an unterminated end may be partial, so it is
    # left out (the per-currency lists still carry it, unattributed).
    cut_off = not remarks.rstrip().endswith(".")
    end = len(remarks.rstrip())
    wallets = [
        CryptoAddress(m.group(1).upper(), m.group(2))
        for m in _REMARK_WALLET.finditer(remarks)
        if looks_like_wallet(m.group(2)) and not (cut_off and m.end() >= end)
    ]
    return aliases, wallets


def read_sdn_csv(path: Path, entities: dict[int, SanctionsEntity], report: LoadReport) -> None:
    """Add the rows of a legacy sdn.csv (or its header-bearing subset) to ``entities``."""
    for line, row in _rows(path, _SDN_COLUMNS, report):
        if line == 1 and row[0].lower() == "ent_num":
            continue  # header of the subset file; same column order as OFAC's
        ent_num = _ent_num(path, line, row[0], report)
        if ent_num is None:
            continue
        if not row[1]:
            report.issue(path, line, f"entity {ent_num} has no name")
            continue
        report.count(path)
        weak, wallets = parse_remarks(row[11])
        entity = SanctionsEntity(
            ent_num=ent_num,
            name=row[1],
            entity_type=_TYPES.get(row[2].lower(), "entity"),
            programmes=_programmes(row[3]),
            remarks=row[11],
            crypto=wallets,
        )
        for alias in weak:
            entity.add_alias(alias)
        entities[ent_num] = entity


def _alias_type(value: str) -> AliasType | None:
    return _ALIAS_TYPES.get(value.replace(".", "").strip().lower())


def read_alt_csv(path: Path, entities: dict[int, SanctionsEntity], report: LoadReport) -> None:
    """Add aliases; an ent_num unknown to sdn.csv becomes an entity named by its first alias."""
    for line, row in _rows(path, _ALT_COLUMNS, report):
        ent_num = _ent_num(path, line, row[0], report)
        alias_type = _alias_type(row[2])
        if ent_num is None:
            continue
        if not row[3]:
            report.issue(path, line, f"alias of entity {ent_num} has no name")
            continue
        if alias_type is None:
            report.issue(path, line, f"unknown alias type {row[2]!r}; read as aka")
            alias_type = "aka"
        report.count(path)
        entity = entities.get(ent_num)
        if entity is None:
            entity = SanctionsEntity(ent_num, row[3], "entity", from_sdn=False, type_inferred=True)
            entities[ent_num] = entity
        entity.add_alias(Alias(row[3], alias_type))


def read_add_csv(path: Path, entities: dict[int, SanctionsEntity], report: LoadReport) -> None:
    """Add addresses; rows of entities with no name anywhere are counted as orphans."""
    for line, row in _rows(path, _ADD_COLUMNS, report):
        ent_num = _ent_num(path, line, row[0], report)
        if ent_num is None:
            continue
        report.count(path)
        entity = entities.get(ent_num)
        if entity is None:
            report.orphan_addresses += 1
            continue
        entity.addresses.append(Address(row[2], row[3], row[4]))


def read_crypto_lists(paths: list[Path], report: LoadReport) -> list[CryptoAddress]:
    """Addresses of ``sanctioned_addresses_<CUR>.txt`` files, one address a line."""
    found: list[CryptoAddress] = []
    for path in paths:
        match = _CRYPTO_FILE.search(path.name)
        currency = match.group(1).upper() if match else path.stem.upper()
        if match is None:
            report.issue(path, 0, "file name is not sanctioned_addresses_<CUR>.txt; currency from name")
        try:
            text = _decode(path)
        except OSError as exc:  # one unreadable list must not drop the others
            report.issue(path, 0, f"cannot read file: {exc}")
            continue
        for line, raw in enumerate(text.splitlines(), start=1):
            value = raw.strip()
            if not value or value.startswith("#"):
                continue
            if not looks_like_wallet(value):
                report.issue(path, line, f"not a wallet address: {value[:60]!r}")
                continue
            report.count(path)
            found.append(CryptoAddress(currency, value))
    return found


_PERSON_HINT = re.compile(r"^[^,]+,\s*\S")


def infer_entity_type(entity: SanctionsEntity, looks_organisational: bool) -> EntityType:
    """Type of an alt-only entity: OFAC writes people as "LAST, First"; firms have legal forms."""
    if looks_organisational:
        return "entity"
    names = [entity.name, *(a.name for a in entity.aliases)]
    return "individual" if any(_PERSON_HINT.match(n) for n in names) else "entity"
