"""Screening names and wallet addresses against OFAC's SDN list, offline.

``SanctionsList.load(SanctionsFiles(...))`` reads the legacy CSVs, optionally the
advanced XML, and the per-currency sanctioned address lists
(:mod:`~unmask.intel.sanctions_load`, :mod:`~unmask.intel.sanctions_xml`).
``screen(query)`` returns :class:`Match` es, ``screen_many(queries)`` a dict of them by query:

* a query that looks like a wallet (one word, 20+ letters and digits) is looked up
  exactly, case-insensitively where the format is (EVM hex, bech32): score 1.0;
* anything else is a name: an inverted index on words, joined word pairs and Korean
  syllable keys (:func:`unmask.intel.names.name_forms`) picks the few aliases sharing
  rare keys with the query, and only those are scored (:func:`compare_forms`). People
  are compared with people, firms/vessels/aircraft with firms.

Weak aliases (OFAC's nicknames such as 'PATTY' or 'ALPHA') are kept on the entities but
only match exactly and only when they have two or more words: OFAC itself does not
expect them to be screened, and one-word nicknames would flag every "Patty".
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from unmask.intel.names import (
    FormKind,
    NameForms,
    NameKind,
    compare_forms,
    looks_like_organisation,
    name_forms,
)
from unmask.intel.sanctions_load import (
    CryptoAddress,
    LoadReport,
    SanctionsEntity,
    canonical_wallet,
    infer_entity_type,
    looks_like_wallet,
    read_add_csv,
    read_alt_csv,
    read_crypto_lists,
    read_sdn_csv,
)
from unmask.intel.sanctions_xml import read_sdn_advanced_xml

#: Default match threshold. Measured on the 2024-05-03 SDN snapshot + 2026 alt.csv
#: (tests/intel/test_sanctions.py prints the figures): every required hit (spelling, word
#: order, punctuation, legal-form and romanisation variants of DPRK IT-worker fronts and
#: officials) scores 1.0, one plural variant ("... Silver Star Technologies") 0.92; the
#: highest of 1,000 ordinary person and firm names (tests/intel/data/ordinary_names.txt) is
#: 0.833 ("Skyline Media LLC" ~ SKYLINE) and near-miss people sit at the 0.8 cap of
#: names.SHORT_MISMATCH_CAP ("Kim Sang Min" ~ "KIM, Sang Man"). 0.9 sits in that gap.
DEFAULT_THRESHOLD = 0.9
#: A key shared by more aliases than this ("kim", "mohammad", "star") is too common to
#: select candidates alone; it still counts towards the shared-key minimum.
RARE_KEY_MAX_DF = 300
_WEAK_EXACT = 0.999
#: Longer input is cut: the longest SDN name or alias has under 200 characters, and cutting
#: bounds the time one pasted CV or blob can take (Korean segmentation is linear, not free).
MAX_QUERY_CHARS = 1000

MatchKind = Literal["name", "wallet"]
_Reader = Callable[[Path, dict[int, SanctionsEntity], LoadReport], None]


@dataclass(frozen=True, slots=True)
class SanctionsFiles:
    """Explicit paths of the files to load; every one is optional, at least one is needed."""

    sdn_csv: Path | None = None
    alt_csv: Path | None = None
    add_csv: Path | None = None
    sdn_advanced_xml: Path | None = None
    crypto_address_files: tuple[Path, ...] = ()

    @classmethod
    def discover(cls, folder: Path, crypto_folder: Path | None = None) -> SanctionsFiles:
        """Files in a feed folder: ``sdn.csv`` (else the largest ``sdn*.csv``), ``alt*.csv``,
        ``add*.csv``, ``sdn_advanced*.xml`` and ``sanctioned_addresses_*.txt``."""

        def pick(pattern: str) -> Path | None:
            found = sorted(
                folder.glob(pattern), key=lambda p: (p.name not in ("sdn.csv",), -p.stat().st_size)
            )
            return found[0] if found else None

        crypto = sorted((crypto_folder or folder).glob("sanctioned_addresses_*.txt"))
        return cls(
            pick("sdn*.csv"), pick("alt*.csv"), pick("add*.csv"), pick("sdn_advanced*.xml"), tuple(crypto)
        )


@dataclass(frozen=True, slots=True)
class Match:
    """One screening hit; :meth:`as_json` gives one JSON line of it.

    ``ent_num`` is OFAC's entity id (None for a listed wallet no loaded entity names),
    ``name`` the entity's primary name, ``matched_alias`` the name or address that matched
    and ``alias_type`` its kind ("primary", "aka", "fka", "nka" or
    "digital_currency_address"); ``programmes`` are OFAC programme tags ("DPRK3",
    "CYBER2"), ``entity_type`` is individual/entity/vessel/aircraft. ``kind="wallet"``
    hits carry the ``currency`` and score 1.0.
    """

    query: str
    score: float
    ent_num: int | None
    name: str
    matched_alias: str
    alias_type: str
    programmes: tuple[str, ...]
    entity_type: str
    kind: MatchKind
    currency: str | None = None
    weak_alias: bool = False

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["programmes"] = list(self.programmes)
        out["score"] = round(self.score, 4)
        return out

    def as_json(self) -> str:
        """One JSON line (no newline), for ``.jsonl`` output."""
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, slots=True)
class _NameRecord:
    ent_num: int
    name: str
    alias_type: str
    weak: bool
    forms: NameForms


@dataclass(frozen=True, slots=True)
class _WalletRecord:
    currency: str
    address: str
    ent_num: int | None


@dataclass(slots=True)
class _Index:
    records: list[_NameRecord] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)

    def add(self, record: _NameRecord) -> None:
        rid = len(self.records)
        self.records.append(record)
        for key in record.forms.keys:
            self.postings.setdefault(key, []).append(rid)

    def candidates(self, query: NameForms) -> list[int]:
        """Records sharing a rare key with the query and enough keys overall.

        Shared-key minimum: half the query's identity words, rounded up (1 for one or two
        words). A record below it cannot reach a high token ratio unless words are
        misspelt beyond recognition.
        """
        keys = [k for k in query.keys if k in self.postings]
        rare = [k for k in keys if len(self.postings[k]) <= RARE_KEY_MAX_DF]
        pool: set[int] = set()
        if rare:
            for key in rare:
                pool.update(self.postings[key])
        elif keys:  # only common keys: records holding the two rarest of them
            keys.sort(key=lambda k: len(self.postings[k]))
            pool = set(self.postings[keys[0]])
            if len(keys) > 1:
                pool.intersection_update(self.postings[keys[1]])
        need = max(1, math.ceil(query.size / 2))
        qkeys = query.keys
        return [rid for rid in pool if len(self.records[rid].forms.keys & qkeys) >= need]


def _form_kind(entity: SanctionsEntity) -> FormKind:
    return "person" if entity.entity_type == "individual" else "organisation"


class SanctionsList:
    """Loaded SDN entities with a name index and a wallet index; see :meth:`screen`."""

    def __init__(
        self,
        entities: dict[int, SanctionsEntity],
        wallets: Iterable[CryptoAddress] = (),
        report: LoadReport | None = None,
    ) -> None:
        self.entities = entities
        self.report = report or LoadReport()
        self._indexes: dict[FormKind, _Index] = {"person": _Index(), "organisation": _Index()}
        self._wallets: dict[str, list[_WalletRecord]] = {}
        for entity in entities.values():
            self._index_entity(entity)
        for currency, address in ((c.currency, c.address) for c in wallets):
            key = canonical_wallet(address)
            known = self._wallets.get(key)
            if known is None:
                self._wallets[key] = [_WalletRecord(currency, address, None)]
            elif all(w.currency != currency for w in known):
                known.append(_WalletRecord(currency, address, known[0].ent_num))

    @classmethod
    def load(cls, files: SanctionsFiles) -> SanctionsList:
        """Read every file given; bad rows end up in ``.report.issues``, never raise."""
        report = LoadReport()
        entities: dict[int, SanctionsEntity] = {}
        # sdn.csv first (it names entities), the XML merges into it, then aliases and addresses.
        steps: list[tuple[Path | None, _Reader]] = [
            (files.sdn_csv, read_sdn_csv),
            (files.sdn_advanced_xml, read_sdn_advanced_xml),
            (files.alt_csv, read_alt_csv),
            (files.add_csv, read_add_csv),
        ]
        for path, reader in steps:
            if path is None:
                continue
            try:
                reader(path, entities, report)
            except OSError as exc:  # missing or unreadable file: screen with what we have, say so
                report.issue(path, 0, f"cannot read file: {exc}")
        for entity in entities.values():
            if entity.type_inferred:
                names = [entity.name, *(a.name for a in entity.aliases)]
                entity.entity_type = infer_entity_type(entity, any(map(looks_like_organisation, names)))
        wallets = read_crypto_lists(list(files.crypto_address_files), report)
        return cls(entities, wallets, report)

    def __len__(self) -> int:
        return len(self.entities)

    def _index_entity(self, entity: SanctionsEntity) -> None:
        kind = _form_kind(entity)
        seen: set[str] = set()
        names = [(entity.name, "primary", False)] + [(a.name, a.alias_type, a.weak) for a in entity.aliases]
        for name, alias_type, weak in names:
            forms = name_forms(name, kind)
            text = " ".join(sorted(forms.tokens))
            if not forms.tokens or text in seen or (weak and len(forms.tokens) < 2):
                continue
            seen.add(text)
            self._indexes[kind].add(_NameRecord(entity.ent_num, name, alias_type, weak, forms))
        for wallet in entity.crypto:
            key = canonical_wallet(wallet.address)
            records = self._wallets.setdefault(key, [])
            if all(r.currency != wallet.currency or r.ent_num != entity.ent_num for r in records):
                records.append(_WalletRecord(wallet.currency, wallet.address, entity.ent_num))

    def screen_wallet(self, query: str) -> list[Match]:
        """Exact lookup of a wallet address; one match per (entity, currency)."""
        out: list[Match] = []
        for rec in self._wallets.get(canonical_wallet(query), []):
            entity = self.entities.get(rec.ent_num) if rec.ent_num is not None else None
            out.append(
                Match(
                    query=query,
                    score=1.0,
                    ent_num=rec.ent_num,
                    name=entity.name if entity else "",
                    matched_alias=rec.address,
                    alias_type="digital_currency_address",
                    programmes=entity.programmes if entity else (),
                    entity_type=entity.entity_type if entity else "",
                    kind="wallet",
                    currency=rec.currency,
                )
            )
        return out

    def screen(
        self, query: str, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 5, kind: NameKind = "any"
    ) -> list[Match]:
        """Best matches for a name or wallet address, highest score first, at most ``limit``.

        ``kind`` restricts name screening to people or to organisations (firms, vessels,
        aircraft); ``"any"`` screens both.
        """
        text = query.strip()[:MAX_QUERY_CHARS]
        if not text:
            return []
        if looks_like_wallet(text):
            return self.screen_wallet(text)[:limit]
        best: dict[int, tuple[float, _NameRecord]] = {}
        kinds: tuple[FormKind, ...] = ("person", "organisation") if kind == "any" else (kind,)
        for form_kind in kinds:
            index = self._indexes[form_kind]
            qforms = name_forms(text, form_kind)
            if not qforms.tokens:
                continue
            for rid in index.candidates(qforms):
                rec = index.records[rid]
                score = compare_forms(qforms, rec.forms)
                if score < threshold or (rec.weak and score < _WEAK_EXACT):
                    continue
                if rec.ent_num not in best or score > best[rec.ent_num][0]:
                    best[rec.ent_num] = (score, rec)
        ranked = sorted(best.values(), key=lambda sr: (-sr[0], sr[1].ent_num))[:limit]
        return [self._name_match(query, score, rec) for score, rec in ranked]

    def _name_match(self, query: str, score: float, rec: _NameRecord) -> Match:
        entity = self.entities[rec.ent_num]
        return Match(
            query=query,
            score=score,
            ent_num=rec.ent_num,
            name=entity.name,
            matched_alias=rec.name,
            alias_type=rec.alias_type,
            programmes=entity.programmes,
            entity_type=entity.entity_type,
            kind="name",
            weak_alias=rec.weak,
        )

    def screen_many(
        self,
        queries: Iterable[str],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 5,
        kind: NameKind = "any",
    ) -> dict[str, list[Match]]:
        """Matches of each distinct query (in first-seen order), ``[]`` where nothing matched.

        Keyed by query so that a caller joining back to worker records needs no bookkeeping;
        a query repeated (the same employer on 300 workers) is screened once.
        """
        out: dict[str, list[Match]] = {}
        for query in queries:
            if query not in out:
                out[query] = self.screen(query, threshold=threshold, limit=limit, kind=kind)
        return out
