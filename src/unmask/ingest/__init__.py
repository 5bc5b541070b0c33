"""Read bundles (and, through adapters, other sources) into the workspace."""

from unmask.ingest.errors import BundleError, IngestReport, RowError
from unmask.ingest.loader import ingest_bundle

__all__ = ["BundleError", "IngestReport", "RowError", "ingest_bundle"]
