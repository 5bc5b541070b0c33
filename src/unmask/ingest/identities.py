"""Map the names logs use for people (Okta login, UPN, git email) to ``worker_id``.

The map is the ``identities`` table: what the workspace holds plus any
identities file given with this ingest. Identities are compared trimmed and
case-folded (logins and emails are case-insensitive in practice). With
``match_email`` an identity nobody mapped is matched to the worker whose email
(in ``workers`` or a profile) it equals; each such match is shown and recorded
as a new ``identities`` row, so it is reviewable and stable. Rows whose
identity stays unmapped are rejected with file, line and the identity — never
dropped silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa

from unmask.engine import Engine
from unmask.ingest.adapters.base import IDENTITY, LINE, Chunk
from unmask.ingest.errors import RowError

SHOWN_UNMAPPED = 20


def _key(value: str) -> str:
    return value.strip().casefold()


@dataclass
class IdentityMap:
    known: dict[str, str]  # identity key → worker_id
    emails: dict[str, str]  # email key → worker_id (used only with match_email)
    ambiguous: set[str]  # identity keys mapped to more than one worker
    match_email: bool
    matched: dict[str, str] = field(default_factory=dict)  # identity as written → worker_id, by email
    unmapped: Counter[str] = field(default_factory=Counter)

    @classmethod
    def load(cls, engine: Engine, *, staged_identities: str | None, match_email: bool) -> IdentityMap:
        """From the workspace's identities (and a staged identities table), plus worker emails."""
        sources = ["SELECT identity, worker_id FROM identities"]
        if staged_identities:
            sources.append(f"SELECT identity, worker_id FROM {staged_identities}")
        known, ambiguous = _unique(engine.rows(" UNION ALL ".join(sources)), "identity")
        emails: dict[str, str] = {}
        if match_email:
            rows = engine.rows(
                "SELECT email, worker_id FROM workers WHERE email IS NOT NULL "
                "UNION ALL SELECT email, worker_id FROM profiles WHERE email IS NOT NULL"
            )
            emails, _ = _unique(rows, "email")  # an email two workers share matches nobody
        return cls(known, emails, ambiguous, match_email)

    def resolve(self, chunk: Chunk, file: str) -> Chunk:
        """``chunk`` with ``worker_id`` in place of the identity column; unmapped rows become errors."""
        if IDENTITY not in chunk.columns:
            return chunk
        identities = chunk.table.column(IDENTITY).to_pylist()
        lines = chunk.table.column(LINE).to_pylist()
        workers: list[str | None] = []
        errors = list(chunk.errors)
        for identity, line in zip(identities, lines, strict=True):
            worker = self._worker(identity) if identity else None
            workers.append(worker)
            if worker is None:
                errors.append(RowError(file, int(line), "identity", self._why(identity), identity))
        keep = pa.array([w is not None for w in workers])
        table = chunk.table.append_column("worker_id", pa.array(workers, pa.string()))
        table = table.drop_columns([IDENTITY]).filter(keep)
        columns = [c for c in chunk.columns if c != IDENTITY] + ["worker_id"]
        return Chunk(columns, table, errors)

    def _worker(self, identity: str) -> str | None:
        key = _key(identity)
        if key in self.ambiguous:
            return None
        worker = self.known.get(key)
        if worker is None and self.match_email and key in self.emails:
            worker = self.known[key] = self.emails[key]
            self.matched[identity.strip()] = worker
        return worker

    def _why(self, identity: str | None) -> str:
        if not identity:
            return "the record names no person (no login, UPN or email)"
        self.unmapped[identity.strip()] += 1
        if _key(identity) in self.ambiguous:
            return "identity is mapped to more than one worker in identities"
        hint = "" if self.match_email else ", or use --match-email"
        return f"identity is not mapped to a worker: add it to an identities file (--identities){hint}"

    def matched_rows(self, source: str) -> Chunk:
        """The email matches made, as ``identities`` rows to store with this ingest."""
        items = sorted(self.matched.items())
        table = pa.table({
            "worker_id": [w for _, w in items],
            "source": [source] * len(items),
            "identity": [i for i, _ in items],
            LINE: pa.array(range(1, len(items) + 1), pa.int64()),
        })  # fmt: skip
        return Chunk(["worker_id", "source", "identity"], table, [])

    def warnings(self, source: str) -> list[str]:
        out = [
            f"{source} identity {identity} matched to worker {worker} by email (recorded in identities)"
            for identity, worker in sorted(self.matched.items())
        ]
        if self.unmapped:
            top = ", ".join(f"{i} ({n})" for i, n in self.unmapped.most_common(SHOWN_UNMAPPED))
            more = len(self.unmapped) - SHOWN_UNMAPPED
            out.append(
                f"{len(self.unmapped)} {source} identit{'y' if len(self.unmapped) == 1 else 'ies'} not "
                f"mapped to a worker: {top}{f' and {more} more' if more > 0 else ''}"
            )
        return out


def _unique(rows: list[dict[str, str]], column: str) -> tuple[dict[str, str], set[str]]:
    """value key → worker_id, and the keys that point at several workers."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for row in rows:
        if not row[column] or not row["worker_id"]:
            continue
        key = _key(row[column])
        if out.setdefault(key, row["worker_id"]) != row["worker_id"]:
            clash.add(key)
    for key in clash:
        out.pop(key, None)
    return out, clash


__all__ = ["IdentityMap"]
