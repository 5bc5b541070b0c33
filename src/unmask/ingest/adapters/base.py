"""The adapter contract: a vendor export in, bundle-table chunks out.

An adapter reads one file (or a repository) in a vendor's format and yields
chunks of *bundle* rows: text columns named as in bundle-v1 (``signins``,
``commits`` …), each row carrying the line (or record number) it came from in
the ``_line`` column, plus the records it could not use as ``RowError``s with
file, line and reason. Everything after that — typing, validation, identity
resolution, idempotent merge — is the common ingest path, so an adapter never
touches the workspace.

Logs name people their own way (an Okta login, a UPN, a git author email), so
worker-linked rows carry that name in the ``_identity`` column instead of a
``worker_id``; ingest maps it to a worker through the ``identities`` table (see
:mod:`unmask.ingest.identities`). Columns that bundle-v1 does not define (the
vendor's own enrichments: Okta's ``securityContext.isProxy``, Entra's
``riskLevelDuringSignIn`` …) are kept as the row's ``extra`` evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from unmask.ingest.readers import LINE, Chunk

IDENTITY = "_identity"  # the log's name for the person, resolved to worker_id at ingest

__all__ = ["IDENTITY", "LINE", "Adapter", "AdapterChunk", "Chunk"]


@dataclass(frozen=True)
class AdapterChunk:
    table: str  # the bundle table these rows belong to
    chunk: Chunk  # text columns (+ LINE, and IDENTITY instead of worker_id where the log names a person)


class Adapter(Protocol):
    """One source format. ``identity_source`` is the ``identities.source`` its names belong to."""

    name: str  # what ``--source`` calls it: okta, entra, m365, git, csv
    identity_source: str  # okta | entra | m365 | git | marketplace | other

    def read(self, path: Path) -> Iterator[AdapterChunk]:
        """Yield the source's rows; raise ``FileError`` when nothing in it can be read."""
        ...
