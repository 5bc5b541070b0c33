"""The canonical tables of bundle-v1 and the types that flow out of a scan.

Everything else in unmask reads its table and column definitions from here, so
the contract in ``shared/spec/bundle-v1.md`` is written down exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ColType(StrEnum):
    """How a bundle cell is parsed and stored."""

    STRING = "string"
    TIMESTAMP = "timestamp"  # ISO 8601; stored as UTC plus the recorded offset in minutes
    DATE = "date"
    FLOAT = "float"
    BOOL = "bool"  # true/false, 1/0, yes/no in any case
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    TIMEZONE = "timezone"  # IANA name
    LIST = "list"  # JSON array, or values separated by ';'
    JSON = "json"  # a JSON document (education, employment)


@dataclass(frozen=True)
class Column:
    name: str
    type: ColType = ColType.STRING
    required: bool = False
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    # Columns whose value identifies one row across bundles (upserted); empty means
    # the row is identified by its content (events), so re-ingesting adds nothing.
    key: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


S, T, D, F, B = ColType.STRING, ColType.TIMESTAMP, ColType.DATE, ColType.FLOAT, ColType.BOOL


def _c(name: str, type_: ColType = S, *, req: bool = False, enum: tuple[str, ...] = ()) -> Column:
    return Column(name, type_, req, enum)


WID = _c("worker_id", req=True)
TS = _c("ts", T, req=True)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "workers",
            (
                WID,
                _c("name"),
                _c("email"),
                _c("phone"),
                _c("claimed_country", ColType.COUNTRY),
                _c("claimed_city"),
                _c("claimed_timezone", ColType.TIMEZONE),
                _c("role"),
                _c("engagement", enum=("applicant", "freelancer", "contractor", "employee")),
                _c("firm_id"),
                _c("start_date", D),
                _c("end_date", D),
            ),
            key=("worker_id",),
        ),
        TableSpec(
            "profiles",
            (
                WID,
                _c(
                    "source",
                    req=True,
                    enum=(
                        "application",
                        "resume",
                        "linkedin",
                        "github",
                        "marketplace",
                        "payment",
                        "background_check",
                        "other",
                    ),
                ),
                _c("name"),
                _c("email"),
                _c("phone"),
                _c("country", ColType.COUNTRY),
                _c("city"),
                _c("timezone", ColType.TIMEZONE),
                _c("photo_hash"),
                _c("photo"),
                _c("resume_text"),
                _c("education", ColType.JSON),
                _c("employment", ColType.JSON),
                _c("url"),
                _c("created_at", T),
            ),
        ),
        TableSpec(
            "signins",
            (
                WID,
                TS,
                _c("ip", req=True),
                _c("user_agent"),
                _c("device_id"),
                _c("outcome", enum=("success", "failure")),
                _c("app"),
                _c("source"),
            ),
        ),
        TableSpec(
            "payments",
            (
                WID,
                TS,
                _c("amount", F, req=True),
                _c("currency", req=True),
                _c("kind", enum=("payout", "invoice", "prepayment_request", "bonus")),
                _c("method", enum=("bank", "paypal", "payoneer", "wise", "crypto", "other")),
                _c("account_id"),
                _c("account_country", ColType.COUNTRY),
                _c("wallet_address"),
                _c("memo"),
            ),
        ),
        TableSpec(
            "meetings",
            (
                WID,
                TS,
                _c("kind", enum=("interview", "standup", "one_on_one", "other")),
                _c("attended", B),
                _c("camera_on", B),
                _c("duration_min", F),
                _c("notes"),
            ),
        ),
        TableSpec(
            "messages",
            (
                WID,
                TS,
                _c("direction", enum=("from_worker", "to_worker")),
                _c("channel"),
                _c("text", req=True),
            ),
        ),
        TableSpec(
            "assessments",
            (
                WID,
                TS,
                _c("kind", enum=("coding_test", "technical_interview", "other")),
                _c("score", F),
                _c("flags", ColType.LIST),
                _c("notes"),
            ),
        ),
        TableSpec(
            "devices",
            (
                WID,
                TS,
                _c("device_id", req=True),
                _c("hostname"),
                _c("ip"),
                _c("software", ColType.LIST),
                _c("usb", ColType.LIST),
            ),
        ),
        TableSpec(
            "commits",
            (WID, TS, _c("repo"), _c("author_name"), _c("author_email")),
        ),
        TableSpec(
            "firms",
            (
                _c("firm_id", req=True),
                _c("name", req=True),
                _c("domain"),
                _c("country", ColType.COUNTRY),
                _c("background_check_provider"),
                _c("background_check_docs"),
            ),
            key=("firm_id",),
        ),
        TableSpec(
            "identities",
            (
                WID,
                _c("source", req=True, enum=("okta", "entra", "m365", "git", "marketplace", "other")),
                _c("identity", req=True),
            ),
        ),
        TableSpec(
            "verifications",
            (
                WID,
                TS,
                _c(
                    "kind",
                    req=True,
                    enum=(
                        "live_video_id",
                        "camera_outside",
                        "in_person",
                        "background_check",
                        "vpn_off_access",
                    ),
                ),
                _c("outcome", req=True, enum=("passed", "failed", "refused", "pending")),
            ),
        ),
    )
}

# Tables whose rows belong to a worker and must name one the workspace knows.
WORKER_TABLES = tuple(n for n, t in TABLES.items() if n not in ("workers", "firms"))


class Severity(StrEnum):
    MITIGATING = "mitigating"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @classmethod
    def of_weight(cls, weight: float) -> Severity:
        """Severity follows the applied weight (a log likelihood ratio)."""
        if weight < 0:
            return cls.MITIGATING
        if weight < 1.0:
            return cls.LOW
        if weight < 2.0:
            return cls.MEDIUM
        if weight < 3.0:
            return cls.HIGH
        return cls.CRITICAL


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True)
class RowRef:
    """One stored row a finding rests on: its table, stable key and where it came from."""

    table: str
    row_id: str
    source: str  # "<file>:<line>" as ingested

    def as_json(self) -> dict[str, str]:
        return {"table": self.table, "row_id": self.row_id, "source": self.source}


@dataclass(frozen=True)
class Finding:
    worker_id: str
    detector: str
    title: str
    category: str
    detail: str  # one sentence a hiring manager understands
    strength: float  # 0..1, how fully the evidence expresses the red flag
    rows: tuple[RowRef, ...]
    values: dict[str, Any]
    references: tuple[str, ...]
    rows_total: int = 0  # how many rows matched; ``rows`` may be a sample of them


@dataclass(frozen=True)
class Part:
    """One term of a worker's log-odds sum: a finding's weight after category caps."""

    finding: Finding
    raw_weight: float
    weight: float

    @property
    def severity(self) -> Severity:
        return Severity.of_weight(self.weight)


@dataclass(frozen=True)
class WorkerScore:
    worker_id: str
    prior_log_odds: float
    parts: tuple[Part, ...]
    score: float
    level: Level

    @property
    def log_odds(self) -> float:
        return self.prior_log_odds + sum(p.weight for p in self.parts)


@dataclass(frozen=True)
class Link:
    """Two workers (``a`` < ``b``) who share one value: a payout account, a home address, a photo …"""

    a: str
    b: str
    kind: str
    value: str
    strength: float = 1.0  # 0..1, how surely this shared value means one operator behind both
    rows: tuple[RowRef, ...] = ()  # the rows of both workers that hold the value


@dataclass(frozen=True)
class Cluster:
    """Workers joined by strong links, with every link between them (weak ones too)."""

    cluster_id: str
    workers: tuple[str, ...]
    links: tuple[Link, ...]


@dataclass
class ScanResult:
    workers: list[WorkerScore]
    clusters: list[Cluster]
    meta: dict[str, Any] = field(default_factory=dict)
    # The whole identity graph (unmask.link.IdentityGraph: every link, weak ones too, and each
    # pair's strength), when the scan built one; typed loosely so the model knows no layer above it.
    graph: Any = None
