"""What ingest reports: rejected rows, warnings, and fatal bundle errors."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR_SAMPLE = 1000  # error messages kept per ingest; all rejected rows are counted


class BundleError(Exception):
    """The bundle cannot be read at all; nothing was written to the workspace."""


@dataclass(frozen=True)
class RowError:
    """One rejected row (or a whole file when ``line`` is 0), with where and why."""

    file: str
    line: int
    column: str
    reason: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" [{self.column}]" if self.column else ""
        shown = f" (value {self.value[:60]!r})" if self.value is not None else ""
        return f"{where}{col}: {self.reason}{shown}"


@dataclass
class TableReport:
    table: str
    file: str
    read: int = 0
    added: int = 0
    updated: int = 0
    rejected: int = 0


@dataclass
class IngestReport:
    bundle: str
    ingest_id: int = 0
    tables: list[TableReport] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # a sample when there are very many
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return self.error_count

    def add_error(self, error: RowError) -> None:
        """Count one rejected row and keep its error in the sample."""
        self.error_count += 1
        self.keep_sample(error)

    def keep_sample(self, error: RowError) -> None:
        """Keep an error message without counting a row (a row may have several bad cells)."""
        if len(self.errors) < ERROR_SAMPLE:
            self.errors.append(error)
