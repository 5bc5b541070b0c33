"""Screen names, firms, employers and wallets against the OFAC list, once per distinct value.

Every screened value gets a row (``score`` NULL when nothing matched), so a
value is screened again only when the list changes.
"""

from __future__ import annotations

from typing import Literal

import pyarrow as pa

from unmask.enrich.domains import JOBS
from unmask.enrich.intelligence import Intelligence
from unmask.enrich.refresh import Enrichment, refresh
from unmask.store import Workspace

SANCTION_COLUMNS = (
    "screen_key VARCHAR, kind VARCHAR, value VARCHAR, score DOUBLE, ent_num BIGINT, entity_name VARCHAR, "
    "matched_alias VARCHAR, alias_type VARCHAR, weak_alias BOOLEAN, programmes VARCHAR[], entity_type VARCHAR"
)

# kind|value: the same text is screened as a person and as an organisation separately.
_VALUES = f"""
    SELECT kind || '|' || value AS screen_key, kind, value FROM (
        SELECT 'person' AS kind, name AS value FROM workers
        UNION SELECT 'person', name FROM profiles
        UNION SELECT 'organisation', name FROM firms
        UNION SELECT 'organisation', employer FROM ({JOBS})
        UNION SELECT 'wallet', wallet_address FROM payments)
    WHERE value IS NOT NULL AND trim(value) <> ''
"""

ScreenKind = Literal["person", "organisation", "wallet"]


def enrich_sanctions(ws: Workspace, intel: Intelligence) -> int:
    """Fill ``sanction_hits``; without a sanctions feed the table stays empty (and the report says so)."""

    def compute(inputs: pa.Table) -> pa.Table:
        sanctions = intel.sanctions
        keys, kinds, values = (inputs.column(c).to_pylist() for c in ("screen_key", "kind", "value"))
        rows: dict[str, list[object]] = {name: [] for name in _OUTPUT}
        for key, kind, value in zip(keys, kinds, values, strict=True):
            if sanctions is None:
                best = None
            elif kind == "wallet":
                best = next(iter(sanctions.screen_wallet(value)), None)
            else:
                best = next(iter(sanctions.screen(value, kind=kind, limit=1)), None)
            for name, item in zip(_OUTPUT, (key, kind, value), strict=False):
                rows[name].append(item)
            rows["score"].append(best.score if best else None)
            rows["ent_num"].append(best.ent_num if best else None)
            rows["entity_name"].append(best.name if best else None)
            rows["matched_alias"].append(best.matched_alias if best else None)
            rows["alias_type"].append(best.alias_type if best else None)
            rows["weak_alias"].append(best.weak_alias if best else None)
            rows["programmes"].append(list(best.programmes) if best else None)
            rows["entity_type"].append(best.entity_type if best else None)
        return pa.table(rows, schema=_SCHEMA)

    enrichment = Enrichment("sanction_hits", SANCTION_COLUMNS, "screen_key", _VALUES, compute)
    return refresh(ws, enrichment, intel.fingerprint("ofac-sdn", "ofac-crypto-addresses"))


_SCHEMA = pa.schema([
    ("screen_key", pa.string()), ("kind", pa.string()), ("value", pa.string()), ("score", pa.float64()),
    ("ent_num", pa.int64()), ("entity_name", pa.string()), ("matched_alias", pa.string()),
    ("alias_type", pa.string()), ("weak_alias", pa.bool_()), ("programmes", pa.list_(pa.string())),
    ("entity_type", pa.string()),
])  # fmt: skip
_OUTPUT = _SCHEMA.names
