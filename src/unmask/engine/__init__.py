"""The engine layer: the only code that talks to a database.

Detectors and the store speak SQL in DuckDB's dialect through the narrow
:class:`Engine` protocol; an engine for another backend (Spark) transpiles it
with sqlglot (see docs/architecture.md).
"""

from unmask.engine.base import Engine, EngineError
from unmask.engine.duckdb_engine import DuckDBEngine

__all__ = ["DuckDBEngine", "Engine", "EngineError"]
