"""Plain result types of the campaign service (frozen dataclasses, never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from casereview.campaigns.agreement import CampaignAgreement
from casereview.campaigns.labels import CampaignStatus, CaseSource, StageRole
from casereview.campaigns.progress import ProgressRow, ReviewerProgress
from casereview.domain.enums import ReviewStage, ReviewStatus
from casereview.services.reviews import ItemResultInfo


@dataclass(frozen=True)
class CampaignScope:
    unit_ids: tuple[int, ...] = ()  # empty: every unit
    case_types: tuple[str, ...] = ()  # empty: every case type
    decision_from: date | None = None
    decision_to: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "unit_ids": list(self.unit_ids),
            "case_types": list(self.case_types),
            "decision_from": self.decision_from.isoformat() if self.decision_from else None,
            "decision_to": self.decision_to.isoformat() if self.decision_to else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CampaignScope:
        data = data or {}
        return cls(
            unit_ids=tuple(int(u) for u in data.get("unit_ids") or ()),
            case_types=tuple(str(t) for t in data.get("case_types") or ()),
            decision_from=date.fromisoformat(data["decision_from"]) if data.get("decision_from") else None,
            decision_to=date.fromisoformat(data["decision_to"]) if data.get("decision_to") else None,
        )


@dataclass(frozen=True)
class CampaignStandardInfo:
    case_type: str
    case_type_label: str
    version_id: int
    label: str  # 标准名称 v版本


@dataclass(frozen=True)
class CampaignInfo:
    id: int
    name: str
    organiser: str | None
    period_start: date | None
    period_end: date | None
    scope: CampaignScope
    scope_unit_names: tuple[str, ...]
    status: CampaignStatus
    status_label: str
    blind_recheck: bool
    strict_conflict: bool
    sample_seed: int | None
    sample_spec: dict[str, Any] | None
    sample_description: str
    standards: tuple[CampaignStandardInfo, ...]
    case_count: int
    assigned_count: int
    final_count: int
    created_at: datetime
    closed_at: datetime | None
    lead_account_id: int | None = None  # the team lead whose campaign (and statistics) it is
    lead_name: str = ""  # that lead's display name ("" when none: administrators manage it)
    may_manage: bool = True  # the acting account may manage it (set by the service per account)

    @property
    def recheck_mode_label(self) -> str:
        return "盲评复核" if self.blind_recheck else "公开复核"


@dataclass(frozen=True)
class CampaignCaseInfo:
    case_id: int
    case_no: str
    unit_id: int | None
    unit_name: str
    case_type: str
    case_type_label: str
    decision_date: date | None
    source: CaseSource
    source_label: str
    draw_order: int | None
    removed: bool
    reason: str | None


@dataclass(frozen=True)
class SampleResult:
    campaign_id: int
    seed: int
    spec: dict[str, Any]
    population: int  # cases in scope when drawn
    drawn: list[CampaignCaseInfo]


@dataclass(frozen=True)
class AssignmentInfo:
    case_id: int
    case_no: str
    unit_id: int | None
    unit_name: str
    case_type: str
    first_id: int | None
    first_name: str
    first_unit: str
    rechecker_id: int | None
    rechecker_name: str
    rechecker_unit: str
    # status of the first, re-check and final review (None: not started)
    first_status: ReviewStatus | None
    recheck_status: ReviewStatus | None
    final_status: ReviewStatus | None
    stage_label: str  # 待初评 / 初评中 / 待复核 / 复核中 / 待合议 / 合议中 / 已定稿
    disagreements: int | None = None  # known once both are submitted


@dataclass(frozen=True)
class AssignReport:
    campaign_id: int
    assigned: int  # cases that got at least one new person
    unassigned: list[tuple[str, str, str]]  # (case no, stage label, reason)
    assignments: list[AssignmentInfo] = field(default_factory=list)


@dataclass(frozen=True)
class StageAccess:
    """Which review of a campaign case a person opens, and what they may see."""

    campaign_id: int
    case_id: int
    reviewer_id: int | None
    stage: ReviewStage | None  # None: nothing to open
    stage_label: str
    role: StageRole
    blind: bool  # the first-stage scores must stay hidden from this person now
    prefill: bool  # open re-check: the re-check starts from the first answers
    read_only: bool  # already submitted: view only
    message: str
    review_id: int | None = None


@dataclass(frozen=True)
class ReconItem:
    item_code: str
    item_text: str
    category: str
    first: ItemResultInfo | None
    recheck: ItemResultInfo | None
    first_points: float
    recheck_points: float
    differs: bool
    agreed: ItemResultInfo | None  # the answer recorded in the final review (if any)

    @property
    def resolved(self) -> bool:
        if self.agreed is None:
            return False
        return not self.differs or bool(self.agreed.reconcile_reason)


@dataclass(frozen=True)
class Reconciliation:
    campaign_id: int
    case_id: int
    case_no: str
    unit_name: str
    first_review_id: int
    recheck_review_id: int
    final_review_id: int | None
    final_status: ReviewStatus | None  # None: reconciliation not started
    first_reviewer: str
    rechecker: str
    first_total: float | None
    recheck_total: float | None
    first_grade: str | None
    recheck_grade: str | None
    items: list[ReconItem]  # every item answered on either side, disagreements first
    final_total: float | None = None
    final_grade: str | None = None

    @property
    def disagreements(self) -> list[ReconItem]:
        return [i for i in self.items if i.differs]

    @property
    def unresolved(self) -> list[ReconItem]:
        return [i for i in self.items if i.differs and not i.resolved]

    @property
    def all_agree(self) -> bool:
        return not self.disagreements


@dataclass(frozen=True)
class ProgressReport:
    campaign_id: int
    total: ProgressRow
    units: list[ProgressRow]
    reviewers: list[ReviewerProgress]
    unassigned: int


@dataclass(frozen=True)
class AgreementReport:
    campaign_id: int
    stats: CampaignAgreement
    reviewer_names: dict[int, str]
    item_labels: dict[str, str]  # key (case_type:code) → "V01 实施主体…"
    open_disagreements: int  # cases with disagreements not yet finalised
    reconciled_cases: int
