"""Derived tables computed once per distinct value and stored in the workspace.

Order matters only where one enrichment reads another: domains read the
corporate email domains that ``email_info`` found.
"""

from __future__ import annotations

from collections.abc import Callable

from unmask.enrich.activity import enrich_activity
from unmask.enrich.contacts import enrich_emails, enrich_phones
from unmask.enrich.domains import enrich_domains, load_indicator_ips
from unmask.enrich.intelligence import Intelligence
from unmask.enrich.ip import enrich_ips
from unmask.enrich.messages import enrich_message_intents
from unmask.enrich.places import enrich_places
from unmask.enrich.sanctions import enrich_sanctions
from unmask.store import Workspace

Enricher = Callable[[Workspace, Intelligence], int]

ENRICHERS: tuple[tuple[str, Enricher], ...] = (
    ("IP addresses", enrich_ips),
    ("phones", enrich_phones),
    ("emails", enrich_emails),
    ("domains", enrich_domains),
    ("indicator IPs", load_indicator_ips),
    ("sanctions screening", enrich_sanctions),
    ("working hours", enrich_activity),
    ("places", enrich_places),
    ("message intents", enrich_message_intents),
)


def enrich_all(
    ws: Workspace, intel: Intelligence, step: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Run every enrichment; returns rows added per enrichment."""
    added = {}
    for name, enricher in ENRICHERS:
        if step:
            step(f"enrich: {name}")
        added[name] = enricher(ws, intel)
    return added


__all__ = ["ENRICHERS", "Intelligence", "enrich_all"]
