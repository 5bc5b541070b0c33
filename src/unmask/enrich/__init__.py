"""Derived tables computed once per distinct value and stored in the workspace."""

from unmask.enrich.ip import enrich_ips

__all__ = ["enrich_ips"]
