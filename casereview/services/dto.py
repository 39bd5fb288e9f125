"""Plain frozen DTOs of the review and standard use cases.

Services return these, never live ORM objects, so callers (CLI, UI worker thread) cannot
trigger lazy loads or detached-instance errors. They live apart from the services so that
the query layer (``casereview.services.queries``) can build them without import cycles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casereview.domain.enums import Answer, ReviewStage, ReviewStatus
from casereview.scoring.engine import ScoreResult
from casereview.standards.model import StandardDef


@dataclass(frozen=True)
class StandardVersionInfo:
    version_id: int
    code: str
    name: str
    version: str
    case_type: str
    procedure: str
    province: str | None
    content_hash: str
    item_count: int
    is_latest: bool
    source: str | None


@dataclass(frozen=True)
class ImportedStandard:
    info: StandardVersionInfo
    created: bool  # False when identical content was already stored


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    document_id: int
    page: int
    document_title: str
    quote: str | None = None


@dataclass(frozen=True)
class ItemResultInfo:
    item_code: str
    answer: Answer  # StrEnum: compares equal to its stored string
    deduction: float | None
    occurrences: int | None
    note: str | None
    check_id: str | None
    evidence: tuple[EvidenceInfo, ...] = ()
    reconcile_reason: str | None = None
    review_version: int = 0  # set by a change of evidence links: the review's version after it


@dataclass(frozen=True)
class ItemSnapshot:
    """An item's whole answer — conclusion, amount, note, evidence pages — as undo and redo
    put it back in one transaction (``ReviewService.restore_item``)."""

    answer: str
    deduction: float | None = None
    occurrences: int | None = None
    note: str | None = None
    evidence: tuple[tuple[int, int], ...] = ()  # (document id, page)

    @classmethod
    def of(cls, info: ItemResultInfo | None) -> ItemSnapshot | None:
        if info is None:
            return None
        pages = tuple((e.document_id, e.page) for e in info.evidence)
        return cls(info.answer, info.deduction, info.occurrences, info.note, pages)


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    case_id: int
    case_no: str
    campaign_id: int | None
    stage: ReviewStage
    status: ReviewStatus
    reviewer_id: int | None
    standard_version_id: int
    practice_case_id: int | None
    started_at: datetime
    submitted_at: datetime | None
    version: int = 1  # pass back as expected_version so a stale screen cannot overwrite

    @property
    def locked(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def stage_label(self) -> str:
        return self.stage.label


@dataclass(frozen=True)
class ReviewState:
    """Everything the workspace needs to show one review."""

    review: ReviewInfo
    standard: StandardVersionInfo
    definition: StandardDef
    results: dict[str, ItemResultInfo]
    score: ScoreResult


@dataclass(frozen=True)
class SaveResult:
    item: ItemResultInfo | None  # None when the answer was cleared
    score: ScoreResult
    saved_at: datetime
    version: int = 0  # the review's version after this save


@dataclass(frozen=True)
class AuditInfo:
    id: int
    at: datetime
    actor: str | None
    action: str
    entity: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
