"""The link layer: who shares what with whom, the clusters that makes, and ring-aware scores.

Reads the stored and enriched tables and the first-pass scores; never the
other way round.
"""

from unmask.link.graph import IdentityGraph, link_workers
from unmask.link.rings import RING_MEMBER, ring_findings
from unmask.link.settings import LinkSettings

__all__ = ["RING_MEMBER", "IdentityGraph", "LinkSettings", "link_workers", "ring_findings"]
