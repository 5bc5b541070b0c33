"""The workspace: one database holding every ingested bundle, merged idempotently."""

from unmask.store.workspace import Workspace

__all__ = ["Workspace"]
