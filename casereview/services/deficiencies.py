"""Deficiencies (问题清单): created from the confirmed deductions and vetoes of a review.

A review is *authoritative* when its findings are final: the reconciled (final-stage)
review of a campaign case, or a first-stage review made outside any campaign.
Each deducted or vetoed item of such a review becomes one deficiency, tracked by its
exact occurrence (review + item), never merged by item number.

This module also holds the register queries (filters, overdue flags), re-categorisation,
the per-deficiency timeline, the library of standard finding wordings and the
rectification settings shared with the notice service (casereview/services/notices.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from casereview.domain.enums import Answer, ReviewStage
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.exports.official import OfficeInfo
from casereview.rectification import deadlines
from casereview.rectification.deadlines import DueInfo, DueState
from casereview.rectification.document import evidence_text
from casereview.rectification.numbering import DEFAULT_CODE, DEFAULT_PATTERN, validate_pattern
from casereview.rectification.points import points_lost
from casereview.rectification.states import AWAITING_UNIT, RectStatus, check_move
from casereview.rectification.taxonomy import DEFAULT_TAXONOMY, Taxonomy, taxonomies, taxonomy
from casereview.scoring.engine import ScoreResult, score
from casereview.services.context import ServiceContext
from casereview.services.queries.lookups import resolve_unit
from casereview.services.queries.reviews import answers_of, evidence_payload, officer_names
from casereview.standards.model import StandardDef
from casereview.storage import audit_chain
from casereview.storage.models import (
    AuditEntry,
    Campaign,
    Case,
    Deficiency,
    FindingPhrase,
    Notice,
    Review,
    Reviewer,
    Setting,
    StandardVersion,
    Transition,
    Unit,
    utcnow,
)

SETTINGS_KEY = "rectification"
DEFAULT_ISSUER = "行政执法案卷评查工作组"
DEFAULT_REQUIREMENTS = (
    "一、对所列问题逐件核查纠正：能够补正的予以补正，不能补正的作出书面说明并明确责任人；\n"
    "二、举一反三，对同类案件开展自查，防止同类问题再次发生；\n"
    "三、完善相关执法制度，组织办案人员开展针对性学习培训；\n"
    "四、整改报告须逐项对应本通知书所列问题，写明整改措施、完成情况并附佐证材料。"
)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class RectificationSettings:
    number_pattern: str = DEFAULT_PATTERN
    deadline_days: int = deadlines.DEFAULT_DEADLINE_DAYS
    due_soon_days: int = deadlines.DEFAULT_DUE_SOON_DAYS
    issuer: str = DEFAULT_ISSUER
    requirements: str = DEFAULT_REQUIREMENTS
    # the issuing office (GB/T 9704 版头, 落款, 附注 and 版记 of notices and reports)
    agency_code: str = DEFAULT_CODE  # 机关代字, e.g. 云交法
    contact: str = ""  # 联系人
    phone: str = ""  # 联系电话
    copy_to: str = ""  # 抄送机关
    seal: bool = True  # leave room for the seal over signature and date

    def office(self) -> OfficeInfo:
        """The issuing office as the document renderers need it."""
        return OfficeInfo(
            name=self.issuer, code=self.agency_code, contact=self.contact, phone=self.phone,
            copy_to=self.copy_to, seal=self.seal,
        )

    def validated(self) -> RectificationSettings:
        validate_pattern(self.number_pattern)
        if not 1 <= self.deadline_days <= 365:
            raise ValidationError(f"默认整改期限应为 1～365 个工作日（给定 {self.deadline_days}）。")
        if not 0 <= self.due_soon_days <= 60:
            raise ValidationError(f"“即将到期”提醒天数应为 0～60 个工作日（给定 {self.due_soon_days}）。")
        if not self.issuer.strip():
            raise ValidationError("发文单位不能为空。")
        if "{code}" in self.number_pattern and not self.agency_code.strip():
            raise ValidationError("文号格式含机关代字 {code}，请先设置机关代字（如 云交法）。")
        if any(ch in self.agency_code for ch in "〔〕[]()（）"):
            raise ValidationError(f"机关代字“{self.agency_code}”不应含括号；年份的六角括号〔〕由文号格式给出。")
        return self


def load_settings(session: Session) -> RectificationSettings:
    row = session.get(Setting, SETTINGS_KEY)
    stored = dict(row.value or {}) if row is not None else {}
    known = set(RectificationSettings.__dataclass_fields__)
    return RectificationSettings(**{k: v for k, v in stored.items() if k in known})


def save_settings(session: Session, settings: RectificationSettings) -> None:
    settings.validated()
    row = session.get(Setting, SETTINGS_KEY)
    value = {k: getattr(settings, k) for k in RectificationSettings.__dataclass_fields__}
    if row is None:
        session.add(Setting(key=SETTINGS_KEY, value=value))
    else:
        row.value = value


# --------------------------------------------------------------------------- sync from reviews


def is_authoritative(review: Review) -> bool:
    if review.stage == ReviewStage.FINAL.value:
        return True
    return review.stage == ReviewStage.FIRST.value and review.campaign_id is None


def sync_from_review(
    session: Session, review: Review, std: StandardDef, ctx: ServiceContext, scored: ScoreResult | None = None
) -> int:
    """Create or refresh the deficiencies of an authoritative review; returns how many exist.

    Deficiencies still pending (not yet on a notice) follow the review: an item no longer
    deducted removes its pending deficiency. Anything already issued is never deleted.
    """
    if not is_authoritative(review):
        return 0
    case = session.get(Case, review.case_id)
    assert case is not None
    items = {item.code: (item, cat) for cat in std.categories for item in cat.items}
    existing = {
        d.item_code: d for d in session.scalars(select(Deficiency).where(Deficiency.review_id == review.id))
    }
    if scored is None:
        scored = score(std, answers_of(review.results))
    found: set[str] = set()
    officers = officer_names(session, case.id)
    for r in review.results:
        if r.answer not in (Answer.DEDUCT.value, Answer.VETO.value):
            continue
        points = scored.item_deductions.get(r.item_code, 0.0)
        if r.answer == Answer.DEDUCT.value and points <= 0:
            continue
        item, cat = items[r.item_code]
        found.add(r.item_code)
        deficiency = existing.get(r.item_code)
        created = deficiency is None
        if deficiency is None:
            deficiency = Deficiency(review_id=review.id, case_id=case.id, item_code=r.item_code)
            session.add(deficiency)
        elif deficiency.status != RectStatus.PENDING.value:
            continue  # issued findings keep the wording the unit received
        deficiency.item_result_id = r.id
        deficiency.unit_id = case.unit_id
        deficiency.campaign_id = review.campaign_id
        deficiency.item_text = item.text
        deficiency.points = points
        deficiency.is_veto = r.answer == Answer.VETO.value
        deficiency.wording = r.note or (item.phrases[0] if item.phrases else item.text)
        deficiency.officers = officers
        deficiency.evidence = evidence_payload(session, r)
        if deficiency.taxonomy in (None, DEFAULT_TAXONOMY):
            deficiency.taxonomy = DEFAULT_TAXONOMY
            deficiency.category = (
                deficiency.category or item.problem_category or problem_category_for(cat.name)
            )
        deficiency.updated_at = utcnow()
        if created:
            session.flush()
            comment = f"评查提交（{ReviewStage(review.stage).label}），确认{'否决' if deficiency.is_veto else '扣分'}"
            session.add(
                Transition(
                    entity="deficiency",
                    entity_id=deficiency.id,
                    from_status=None,
                    to_status=RectStatus.PENDING.value,
                    actor=ctx.actor_name,
                    comment=comment,
                )
            )
            _audit_transition(session, deficiency, None, RectStatus.PENDING.value, ctx.actor_name, comment)
    for code, deficiency in existing.items():
        if code not in found and deficiency.status == RectStatus.PENDING.value and not _ever_issued(
            session, deficiency.id
        ):
            _audit_transition(session, deficiency, deficiency.status, None, ctx.actor_name,
                              "评查改为不扣分，未下发的问题随之撤销")
            session.delete(deficiency)
    session.flush()
    _allocate_points_lost(session, review.id, std)
    return len(found)


def _allocate_points_lost(session: Session, review_id: int, std: StandardDef) -> None:
    """The points each of the review's findings really cost after its category's cap.
    Issued findings keep what the unit was told; pending ones follow the review."""
    rows = list(session.scalars(select(Deficiency).where(Deficiency.review_id == review_id)))
    lost = points_lost(std, [(d.item_code, float(d.points or 0)) for d in rows])
    for d in rows:
        if d.points_lost is None or d.status == RectStatus.PENDING.value:
            d.points_lost = lost[d.item_code]


def _ever_issued(session: Session, deficiency_id: int) -> bool:
    return bool(
        session.scalar(
            select(func.count(Transition.id)).where(
                Transition.entity == "deficiency",
                Transition.entity_id == deficiency_id,
                Transition.to_status == RectStatus.ISSUED.value,
            )
        )
    )


def problem_category_for(category_name: str) -> str:
    """Problem category (程序/实体/立卷) guessed from a standard category's name, for items without one."""
    if "归档" in category_name or "立卷" in category_name:
        return "立卷"
    if any(k in category_name for k in ("事实", "证据", "依据", "裁量", "主体")):
        return "实体"
    return "程序"


# --------------------------------------------------------------------------- data returned


@dataclass(frozen=True)
class EvidenceLink:
    document_id: int | None
    title: str
    page: int | None


class DueTracked:
    """Status label and deadline state of a register row (a deficiency or a notice)."""

    status: str
    due: DueInfo | None

    @property
    def status_label(self) -> str:
        return RectStatus(self.status).label

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due.state is DueState.OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.due is not None and self.due.state is DueState.DUE_SOON


@dataclass(frozen=True)
class DeficiencyInfo(DueTracked):
    id: int
    case_id: int
    case_no: str
    unit_id: int | None
    unit_name: str
    campaign_id: int | None
    campaign_name: str
    review_id: int
    item_code: str
    item_text: str
    points: float  # nominal: what the item deducts
    points_lost: float  # after the category cap (casereview.rectification.points)
    is_veto: bool
    wording: str
    officers: str
    evidence: tuple[EvidenceLink, ...]
    taxonomy: str
    category: str
    status: str
    notice_id: int | None
    notice_number: str
    due_date: dt.date | None
    due: DueInfo | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def evidence_text(self) -> str:
        return evidence_text([{"document_id": e.document_id, "title": e.title, "page": e.page} for e in self.evidence])

    @property
    def points_text(self) -> str:
        return "否决" if self.is_veto else f"{self.points:g}"

    @property
    def capped(self) -> bool:
        """The category cap took some of this finding's points."""
        return not self.is_veto and self.points_lost < self.points - 1e-9

    @property
    def points_lost_text(self) -> str:
        """'3', or '1（封顶）' when the category cap limited the loss."""
        if self.is_veto:
            return "否决"
        return f"{self.points_lost:g}（封顶）" if self.capped else f"{self.points_lost:g}"


@dataclass(frozen=True)
class DeficiencyFilter:
    campaign_id: int | None = None
    unit: int | str | None = None  # id, name or short name
    status: str | None = None  # code or label; "open" = anything not closed
    category: str | None = None
    taxonomy: str | None = None
    overdue: bool = False
    due_soon: bool = False
    notice_id: int | None = None
    case_id: int | None = None
    ids: tuple[int, ...] | None = None
    text: str | None = None  # in case number, item, wording


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    actor: str
    action: str  # Chinese
    from_status: str | None
    to_status: str | None
    comment: str
    entity: str = "deficiency"

    @property
    def from_label(self) -> str:
        return RectStatus(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return RectStatus(self.to_status).label if self.to_status else ""


@dataclass(frozen=True)
class PhraseInfo:
    text: str
    source: str  # "standard" | "library"
    id: int | None = None
    uses: int = 0
    standard_code: str | None = None


@dataclass(frozen=True)
class UnitCount:
    unit_id: int | None
    unit_name: str
    pending: int
    open: int
    total: int


@dataclass(frozen=True)
class RegisterSummary:
    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0


@dataclass(frozen=True)
class RegisterIds:
    """The register in display order (ids only) and its deadline counts."""

    ids: list[int]
    overdue: int = 0
    due_soon: int = 0


# --------------------------------------------------------------------------- helpers shared with notices


ACTION_LABELS = {
    RectStatus.PENDING: "退回待下发",
    RectStatus.ISSUED: "下发整改通知",
    RectStatus.RESPONDED: "登记整改反馈",
    RectStatus.VERIFIED: "核验通过",
    RectStatus.REJECTED: "核验退回",
    RectStatus.CLOSED: "销号",
    RectStatus.VOID: "作废",
}


def move(
    session: Session, deficiency: Deficiency, target: RectStatus, actor: str, comment: str | None = None
) -> None:
    """One checked state change of a deficiency, recorded in the transitions table."""
    check_move(deficiency.status, target, what=f"问题 #{deficiency.id}（{deficiency.item_code}）")
    session.add(
        Transition(
            entity="deficiency",
            entity_id=deficiency.id,
            from_status=deficiency.status,
            to_status=target.value,
            actor=actor,
            comment=comment,
        )
    )
    _audit_transition(session, deficiency, deficiency.status, target.value, actor, comment)
    deficiency.status = target.value
    deficiency.updated_at = utcnow()


# The audit chain's action for a deficiency's state change. The transitions table keeps the
# readable history (timeline); the chain makes it tamper-evident, so the timeline skips these.
TRANSITION_ACTION = "transition"


def _audit_transition(
    session: Session, deficiency: Deficiency, old: str | None, new: str | None, actor: str, comment: str | None
) -> None:
    audit_chain.record(
        session,
        actor=actor,
        entity="deficiency",
        entity_id=deficiency.id,
        action=TRANSITION_ACTION,
        before={"status": old},
        after={"status": new, "item_code": deficiency.item_code, "review_id": deficiency.review_id,
               "notice_id": deficiency.notice_id},
        reason=comment,
    )


def _base_query() -> Any:
    return (
        select(Deficiency, Case.case_no, Unit.name, Campaign.name, Notice.number)
        .join(Case, Case.id == Deficiency.case_id)
        .outerjoin(Unit, Unit.id == Deficiency.unit_id)
        .outerjoin(Campaign, Campaign.id == Deficiency.campaign_id)
        .outerjoin(Notice, Notice.id == Deficiency.notice_id)
    )


def _id_query() -> Any:
    """The register's ids with what the overdue filter needs, joined like ``_base_query`` so the
    same filters and sort keys apply."""
    return (
        select(Deficiency.id, Deficiency.status, Deficiency.due_date)
        .join(Case, Case.id == Deficiency.case_id)
        .outerjoin(Unit, Unit.id == Deficiency.unit_id)
        .outerjoin(Notice, Notice.id == Deficiency.notice_id)
    )


def _filtered(session: Session, query: Any, flt: DeficiencyFilter) -> Any:
    """``query`` restricted by everything in ``flt`` the database can decide (overdue and due
    soon depend on the working-day calendar: the callers decide those)."""
    if flt.campaign_id is not None:
        query = query.where(Deficiency.campaign_id == flt.campaign_id)
    if flt.unit not in (None, ""):
        assert flt.unit is not None
        query = query.where(Deficiency.unit_id == resolve_unit(session, flt.unit).id)
    if flt.status:
        if flt.status in ("open", "未销号"):
            query = query.where(Deficiency.status != RectStatus.CLOSED.value)
        else:
            query = query.where(Deficiency.status == RectStatus.parse(flt.status).value)
    if flt.taxonomy:
        query = query.where(Deficiency.taxonomy == taxonomy(flt.taxonomy).key)
    if flt.category:
        query = query.where(Deficiency.category == flt.category)
    if flt.notice_id is not None:
        query = query.where(Deficiency.notice_id == flt.notice_id)
    if flt.case_id is not None:
        query = query.where(Deficiency.case_id == flt.case_id)
    if flt.ids is not None:
        query = query.where(Deficiency.id.in_(flt.ids))
    if flt.text:
        like = f"%{flt.text.strip()}%"
        query = query.where(or_(Case.case_no.like(like), Deficiency.item_code.like(like), Deficiency.wording.like(like)))
    if flt.overdue or flt.due_soon:
        query = query.where(Deficiency.status.in_([s.value for s in AWAITING_UNIT]), Deficiency.due_date.is_not(None))
    return query


def _status_rank() -> Any:
    order = [s.value for s in (RectStatus.PENDING, RectStatus.ISSUED, RectStatus.RESPONDED, RectStatus.REJECTED,
                               RectStatus.VERIFIED, RectStatus.CLOSED)]
    return sql_case({value: rank for rank, value in enumerate(order)}, value=Deficiency.status, else_=99)


def _points_key(lost: bool) -> Any:
    value = func.coalesce(Deficiency.points_lost, Deficiency.points) if lost else Deficiency.points
    return sql_case((Deficiency.is_veto.is_(True), 1000.0), else_=func.coalesce(value, 0))


def _awaiting_last() -> Any:
    """0 for findings with a running deadline, 1 for the others (sorted after them)."""
    awaiting = [s.value for s in AWAITING_UNIT]
    return sql_case((Deficiency.status.in_(awaiting) & Deficiency.due_date.is_not(None), 0), else_=1)


# The register's sort keys (the columns of the 问题清单), each a list of ORDER BY terms; the
# finding's id breaks ties. "Time left" sorts by the deadline, findings without a running
# deadline last (working days left grow with the deadline).
REGISTER_SORTS: dict[str, Any] = {
    "id": lambda: [Deficiency.id],
    "unit": lambda: [func.coalesce(Unit.name, "")],
    "case_no": lambda: [Case.case_no],
    "item": lambda: [Deficiency.item_code],
    "points": lambda: [_points_key(lost=False)],
    "points_lost": lambda: [_points_key(lost=True)],
    "wording": lambda: [func.coalesce(Deficiency.wording, "")],
    "category": lambda: [func.coalesce(Deficiency.category, "")],
    "status": lambda: [_status_rank()],
    "notice": lambda: [func.coalesce(Notice.number, "")],
    "deadline": lambda: [Deficiency.due_date.is_not(None), Deficiency.due_date],
    "due": lambda: [_awaiting_last(), Deficiency.due_date.is_not(None), Deficiency.due_date],
}


def info_from(
    row: Any, today: dt.date, soon_days: int, cal: Any | None = None
) -> DeficiencyInfo:
    d, case_no, unit_name, campaign_name, notice_number = row
    due: DueInfo | None = None
    if d.due_date is not None and RectStatus(d.status) in AWAITING_UNIT:
        due = deadlines.due_info(d.due_date, today, soon_days, cal)
    return DeficiencyInfo(
        id=d.id,
        case_id=d.case_id,
        case_no=case_no,
        unit_id=d.unit_id,
        unit_name=unit_name or "（未登记单位）",
        campaign_id=d.campaign_id,
        campaign_name=campaign_name or "",
        review_id=d.review_id,
        item_code=d.item_code,
        item_text=d.item_text or "",
        points=float(d.points or 0),
        points_lost=float(d.points if d.points_lost is None else d.points_lost),
        is_veto=bool(d.is_veto),
        wording=d.wording or "",
        officers=d.officers or "",
        evidence=tuple(
            EvidenceLink(e.get("document_id"), str(e.get("title") or ""), e.get("page")) for e in (d.evidence or [])
        ),
        taxonomy=d.taxonomy or DEFAULT_TAXONOMY,
        category=d.category or "",
        status=d.status,
        notice_id=d.notice_id,
        notice_number=notice_number or "",
        due_date=d.due_date,
        due=due,
        created_at=d.created_at,
        updated_at=d.updated_at,
    )


# --------------------------------------------------------------------------- the service


def scoped(ctx: ServiceContext, query: Any) -> Any:
    """``query`` over deficiencies limited to what the acting account may see and act on
    (casereview.services.policy.rectification_scope: a lead's campaigns and unit's daily reviews)."""
    from casereview.services.policy import rectification_scope

    cond = rectification_scope(ctx.account, Deficiency.campaign_id, Deficiency.unit_id)
    return query if cond is None else query.where(cond)


class DeficiencyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- settings -------------------------------------------------------------------

    def settings(self) -> RectificationSettings:
        with self.ctx.db.session() as session:
            return load_settings(session)

    def update_settings(self, **changes: Any) -> RectificationSettings:
        with self.ctx.db.session() as session:
            current = load_settings(session)
            updated = replace(current, **{k: v for k, v in changes.items() if v is not None}).validated()
            save_settings(session, updated)
            audit_chain.record(
                session,
                actor=self.ctx.actor_name,
                entity="setting",
                action="rectification_settings",
                before={k: getattr(current, k) for k in changes},
                after={k: getattr(updated, k) for k in changes},
            )
            return updated

    # -- register -------------------------------------------------------------------

    def list_deficiencies(self, flt: DeficiencyFilter | None = None, *, today: dt.date | None = None) -> list[DeficiencyInfo]:
        flt = flt or DeficiencyFilter()
        today = today or dt.date.today()
        with self.ctx.db.session() as session:
            settings = load_settings(session)
            query = scoped(self.ctx, _filtered(session, _base_query(), flt))
            query = query.order_by(Unit.name, Case.case_no, Deficiency.item_code, Deficiency.id)
            cal = deadlines.calendar()
            out = [info_from(row, today, settings.due_soon_days, cal) for row in session.execute(query)]
        if flt.overdue and flt.due_soon:
            return [d for d in out if d.overdue or d.due_soon]
        if flt.overdue:
            return [d for d in out if d.overdue]
        if flt.due_soon:
            return [d for d in out if d.due_soon]
        return out

    def register_ids(
        self, flt: DeficiencyFilter | None = None, *, sort: str = "id", descending: bool = False,
        today: dt.date | None = None,
    ) -> RegisterIds:
        """The ids of the register's findings in display order, with the overdue / due-soon counts:
        what a list of any length needs to show its first rows (``fetch`` loads the rows it shows).
        ``sort`` is a key of ``REGISTER_SORTS``."""
        flt = flt or DeficiencyFilter()
        today = today or dt.date.today()
        if sort not in REGISTER_SORTS:
            raise ValidationError(f"问题清单不能按“{sort}”排序。", sort=sort)
        with self.ctx.db.session() as session:
            settings = load_settings(session)
            query = scoped(self.ctx, _filtered(session, _id_query(), flt))
            keys = [k.desc() if descending else k.asc() for k in REGISTER_SORTS[sort]()]
            tie = Deficiency.id.desc() if descending else Deficiency.id.asc()
            rows = session.execute(query.order_by(*keys, tie)).all()
        cal = deadlines.calendar()
        states: dict[dt.date, DueState] = {}  # one calendar count per deadline, not per finding

        def state(status: str, due_date: dt.date | None) -> DueState | None:
            if due_date is None or RectStatus(status) not in AWAITING_UNIT:
                return None
            if due_date not in states:
                states[due_date] = deadlines.due_info(due_date, today, settings.due_soon_days, cal).state
            return states[due_date]

        ids: list[int] = []
        overdue = due_soon = 0
        for deficiency_id, status, due_date in rows:
            s = state(status, due_date)
            is_overdue, is_soon = s is DueState.OVERDUE, s is DueState.DUE_SOON
            if (flt.overdue or flt.due_soon) and not ((flt.overdue and is_overdue) or (flt.due_soon and is_soon)):
                continue
            ids.append(deficiency_id)
            overdue += is_overdue
            due_soon += is_soon
        return RegisterIds(ids=ids, overdue=overdue, due_soon=due_soon)

    def fetch(self, ids: Sequence[int], *, today: dt.date | None = None) -> list[DeficiencyInfo]:
        """The findings with these ids, in the order given (missing ids are left out)."""
        if not ids:
            return []
        today = today or dt.date.today()
        found: dict[int, DeficiencyInfo] = {}
        with self.ctx.db.session() as session:
            settings = load_settings(session)
            cal = deadlines.calendar()
            for start in range(0, len(ids), 500):  # bound the IN list (SQLite's parameter limit)
                chunk = list(ids[start : start + 500])
                for row in session.execute(scoped(self.ctx, _base_query().where(Deficiency.id.in_(chunk)))):
                    info = info_from(row, today, settings.due_soon_days, cal)
                    found[info.id] = info
        return [found[i] for i in ids if i in found]

    def get(self, deficiency_id: int, *, today: dt.date | None = None) -> DeficiencyInfo:
        found = self.list_deficiencies(DeficiencyFilter(ids=(deficiency_id,)), today=today)
        if not found:
            raise NotFoundError(f"问题 #{deficiency_id} 不存在。", deficiency_id=deficiency_id)
        return found[0]

    def overdue(self, today: dt.date | None = None, *, include_due_soon: bool = False) -> list[DeficiencyInfo]:
        return self.list_deficiencies(DeficiencyFilter(overdue=True, due_soon=include_due_soon), today=today)

    def summary(self, flt: DeficiencyFilter | None = None, *, today: dt.date | None = None) -> RegisterSummary:
        rows = self.list_deficiencies(flt, today=today)
        by_status: dict[str, int] = {}
        for d in rows:
            by_status[d.status] = by_status.get(d.status, 0) + 1
        return RegisterSummary(
            total=len(rows),
            by_status=by_status,
            overdue=sum(d.overdue for d in rows),
            due_soon=sum(d.due_soon for d in rows),
        )

    def units(self, campaign_id: int | None = None) -> list[UnitCount]:
        """Units that have deficiencies, with pending and open counts (for filters and batch issue)."""
        with self.ctx.db.session() as session:
            query = (
                select(Deficiency.unit_id, Unit.name, Deficiency.status, func.count(Deficiency.id))
                .outerjoin(Unit, Unit.id == Deficiency.unit_id)
                .group_by(Deficiency.unit_id, Unit.name, Deficiency.status)
            )
            if campaign_id is not None:
                query = query.where(Deficiency.campaign_id == campaign_id)
            query = scoped(self.ctx, query)
            counts: dict[tuple[int | None, str], dict[str, int]] = {}
            for unit_id, name, status, n in session.execute(query):
                counts.setdefault((unit_id, name or "（未登记单位）"), {})[status] = n
        return [
            UnitCount(
                unit_id=uid,
                unit_name=name,
                pending=c.get(RectStatus.PENDING.value, 0),
                open=sum(n for s, n in c.items() if s != RectStatus.CLOSED.value),
                total=sum(c.values()),
            )
            for (uid, name), c in sorted(counts.items(), key=lambda kv: kv[0][1])
        ]

    def campaigns(self) -> list[tuple[int, str]]:
        """(id, name) of campaigns that have deficiencies."""
        with self.ctx.db.session() as session:
            rows = session.execute(
                select(Campaign.id, Campaign.name)
                .where(Campaign.id.in_(scoped(self.ctx, select(Deficiency.campaign_id)
                                              .where(Deficiency.campaign_id.is_not(None)))))
                .order_by(Campaign.id)
            ).all()
        return [(int(i), str(n)) for i, n in rows]

    # -- categories -----------------------------------------------------------------

    def taxonomies(self) -> list[Taxonomy]:
        return taxonomies()

    def recategorise(
        self, ids: Iterable[int], category: str, taxonomy_key: str | None = None, *, reason: str | None = None
    ) -> list[DeficiencyInfo]:
        """Move deficiencies to ``category`` of a taxonomy (default: each one's current taxonomy)."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            raise ValidationError("请先选择要调整分类的问题。")
        with self.ctx.db.session() as session:
            rows = session.scalars(select(Deficiency).where(Deficiency.id.in_(ids))).all()
            missing = set(ids) - {d.id for d in rows}
            if missing:
                raise NotFoundError(f"问题 #{min(missing)} 不存在。", deficiency_id=min(missing))
            for d in rows:
                tax = taxonomy(taxonomy_key or d.taxonomy)
                new_category = tax.require(category)
                if d.taxonomy == tax.key and d.category == new_category:
                    continue
                self._audit_edit(
                    session, d, "recategorise", {"taxonomy": d.taxonomy, "category": d.category},
                    {"taxonomy": tax.key, "category": new_category}, reason,
                )
                d.taxonomy, d.category = tax.key, new_category
        return self.list_deficiencies(DeficiencyFilter(ids=tuple(ids)))

    def set_wording(self, deficiency_id: int, wording: str, *, reason: str | None = None) -> DeficiencyInfo:
        """Edit a pending finding's wording (issued findings keep what the unit received)."""
        wording = wording.strip()
        if not wording:
            raise ValidationError("问题表述不能为空。")
        with self.ctx.db.session() as session:
            d = self._load(session, deficiency_id)
            if d.status != RectStatus.PENDING.value:
                raise ConflictError(
                    f"问题 #{d.id} 已{RectStatus(d.status).label}，表述不能再修改。", deficiency_id=d.id
                )
            self._audit_edit(session, d, "reword", {"wording": d.wording}, {"wording": wording}, reason)
            d.wording = wording
        return self.get(deficiency_id)

    def delete(self, deficiency_id: int) -> None:
        """Deficiencies come from submitted reviews; only the review (reopened and changed)
        removes a pending one. Anything ever issued is kept for the record."""
        with self.ctx.db.session() as session:
            d = self._load(session, deficiency_id)
            if d.status != RectStatus.PENDING.value or _ever_issued(session, d.id):
                raise ConflictError(
                    f"问题 #{d.id} 已列入整改通知书，不能删除；如属误判，请作废通知书并重新打开评查修改。",
                    deficiency_id=d.id,
                )
            raise ConflictError(
                f"问题 #{d.id} 由已提交的评查生成；如属误判，请重新打开该评查（填写理由）改为“符合”后再提交。",
                deficiency_id=d.id,
            )

    def _audit_edit(
        self,
        session: Session,
        d: Deficiency,
        action: str,
        before: dict[str, Any],
        after: dict[str, Any],
        reason: str | None,
    ) -> None:
        """Log an edit of a deficiency's fields (not a state change: those go to transitions)."""
        audit_chain.record(
            session,
            actor=self.ctx.actor_name,
            entity="deficiency",
            entity_id=d.id,
            review_id=d.review_id,
            action=action,
            before=before,
            after=after,
            reason=reason,
        )
        d.updated_at = utcnow()

    def _load(self, session: Session, deficiency_id: int) -> Deficiency:
        d = session.get(Deficiency, deficiency_id)
        if d is None:
            raise NotFoundError(f"问题 #{deficiency_id} 不存在。", deficiency_id=deficiency_id)
        return d

    # -- history --------------------------------------------------------------------

    def timeline(self, deficiency_id: int) -> list[TimelineEntry]:
        """Every state change and edit of one deficiency, oldest first."""
        with self.ctx.db.session() as session:
            d = self._load(session, deficiency_id)
            entries: list[TimelineEntry] = []
            for t in session.scalars(
                select(Transition)
                .where(Transition.entity == "deficiency", Transition.entity_id == d.id)
                .order_by(Transition.at, Transition.id)
            ):
                action = "生成问题" if t.from_status is None else ACTION_LABELS.get(RectStatus(t.to_status), "")
                entries.append(TimelineEntry(t.at, t.actor or "", action, t.from_status, t.to_status, t.comment or ""))
            for a in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == "deficiency", AuditEntry.entity_id == d.id,
                       AuditEntry.action != TRANSITION_ACTION)
                .order_by(AuditEntry.at, AuditEntry.id)
            ):
                entries.append(TimelineEntry(a.at, a.actor or "", _audit_text(a), None, None, a.reason or ""))
        entries.sort(key=lambda e: e.at)
        return entries

    # -- finding wordings -----------------------------------------------------------

    def phrases(self, item_code: str, standard_code: str | None = None) -> list[PhraseInfo]:
        """Standard wordings for an item: the standard's own phrases first, then the library
        (most used first). For the review workspace and the notice editor."""
        out: list[PhraseInfo] = []
        seen: set[str] = set()
        with self.ctx.db.session() as session:
            for text, code in _standard_phrases(session, item_code, standard_code):
                if text not in seen:
                    seen.add(text)
                    out.append(PhraseInfo(text, "standard", standard_code=code))
            query = select(FindingPhrase).where(FindingPhrase.item_code == item_code)
            if standard_code:
                query = query.where(
                    or_(FindingPhrase.standard_code == standard_code, FindingPhrase.standard_code.is_(None))
                )
            hidden = _hidden_phrase_filter(session, self.ctx)
            for p in session.scalars(query.order_by(FindingPhrase.uses.desc(), FindingPhrase.id)):
                if hidden is not None and hidden(p):
                    continue
                if p.text not in seen:
                    seen.add(p.text)
                    out.append(PhraseInfo(p.text, "library", p.id, p.uses, p.standard_code))
        return out

    def add_phrase(
        self, item_code: str, text: str, standard_code: str | None = None, *, review_id: int | None = None
    ) -> PhraseInfo:
        """Save a wording to the shared library; ``review_id``: the review it was taken from
        (with the account and time, so a blind re-checker is not offered it)."""
        text = text.strip()
        if not item_code.strip() or not text:
            raise ValidationError("问题表述和评查项编号都不能为空。")
        with self.ctx.db.session() as session:
            existing = session.scalar(
                select(FindingPhrase).where(FindingPhrase.item_code == item_code, FindingPhrase.text == text)
            )
            if existing is not None:
                return PhraseInfo(existing.text, "library", existing.id, existing.uses, existing.standard_code)
            phrase = FindingPhrase(item_code=item_code.strip(), text=text, standard_code=standard_code, uses=0,
                                   account_id=self.ctx.account.account_id, source_review_id=review_id)
            session.add(phrase)
            session.flush()
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="phrase", entity_id=phrase.id, action="add",
                after={"item_code": phrase.item_code, "text": text, "standard_code": standard_code,
                       "source_review_id": review_id},
            )
            return PhraseInfo(phrase.text, "library", phrase.id, 0, standard_code)

    def use_phrase(self, phrase_id: int) -> None:
        """Count one use of a library wording (the most used are offered first)."""
        with self.ctx.db.session() as session:
            phrase = session.get(FindingPhrase, phrase_id)
            if phrase is None:
                raise NotFoundError(f"问题表述 #{phrase_id} 不存在。", phrase_id=phrase_id)
            phrase.uses = (phrase.uses or 0) + 1

    def remove_phrase(self, phrase_id: int) -> None:
        with self.ctx.db.session() as session:
            phrase = session.get(FindingPhrase, phrase_id)
            if phrase is None:
                raise NotFoundError(f"问题表述 #{phrase_id} 不存在。", phrase_id=phrase_id)
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="phrase", entity_id=phrase.id, action="remove",
                before={"item_code": phrase.item_code, "text": phrase.text, "standard_code": phrase.standard_code},
            )
            session.delete(phrase)

    # -- export ---------------------------------------------------------------------

    def export_xlsx(
        self, path: str | Path, flt: DeficiencyFilter | None = None, *, today: dt.date | None = None,
        fixed_date: dt.date | None = None,
    ) -> int:
        """Write the register (问题清单) to an .xlsx file; returns the number of rows.

        ``fixed_date`` is the export date (deadlines are judged on it unless ``today`` is
        given) and makes the file byte-identical across runs."""
        from casereview.exports.register_xlsx import write_register

        today = today or fixed_date
        rows = self.list_deficiencies(flt, today=today)
        write_register(rows, Path(path), today=today or dt.date.today(), fixed_date=fixed_date)
        return len(rows)


def _hidden_phrase_filter(session: Session, ctx: ServiceContext) -> Any:
    """For a blind re-checker (or their unit): a test that is true for library wordings
    taken from a first scoring hidden from them, or coined by its scorer since that review
    began. None when nothing is hidden (the usual case: no extra query)."""
    from casereview.services.policy import hidden_first_reviews

    hidden = hidden_first_reviews(session, ctx.account)
    if not hidden:
        return None
    since: dict[int, dt.datetime] = {}
    for account_id, created in session.execute(
        select(Reviewer.account_id, Review.started_at)
        .join(Reviewer, Reviewer.id == Review.reviewer_id)
        .where(Review.id.in_(hidden), Reviewer.account_id.is_not(None))
    ):
        if account_id is not None:
            since[account_id] = min(created, since.get(account_id, created))

    def is_hidden(p: FindingPhrase) -> bool:
        if p.source_review_id is not None and p.source_review_id in hidden:
            return True
        start = since.get(p.account_id) if p.account_id is not None else None
        return start is not None and (p.created_at is None or p.created_at >= start)

    return is_hidden


def _audit_text(a: AuditEntry) -> str:
    before, after = a.before or {}, a.after or {}
    if a.action == "recategorise":
        return f"调整分类：{before.get('category') or '（无）'} → {after.get('category')}（{taxonomy_name(after.get('taxonomy'))}）"
    if a.action == "reword":
        return "修改问题表述"
    return a.action


def taxonomy_name(key: Any) -> str:
    try:
        return taxonomy(str(key)).name
    except NotFoundError:
        return str(key)


def _standard_phrases(session: Session, item_code: str, standard_code: str | None) -> list[tuple[str, str]]:
    """Phrases of ``item_code`` in the latest version of each standard (or of one standard)."""
    from casereview.services.queries.standards import parse_standard_content

    latest = select(func.max(StandardVersion.id)).group_by(StandardVersion.standard_id)
    out: list[tuple[str, str]] = []
    for content in session.scalars(select(StandardVersion.content).where(StandardVersion.id.in_(latest))):
        std = parse_standard_content(content)
        if standard_code and std.id != standard_code:
            continue
        for _cat, item in std.iter_items():
            if item.code == item_code:
                out.extend((p, std.id) for p in item.phrases)
    return out


def ids_of(rows: Sequence[DeficiencyInfo]) -> tuple[int, ...]:
    return tuple(r.id for r in rows)
