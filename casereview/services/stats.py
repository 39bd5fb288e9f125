"""Statistics service: fetch the plain rows ``compute_statistics`` needs, in a few queries.

Filters that can be pushed into SQL (campaign, unit, case type, standard) are applied in
the queries to keep 100,000-case databases fast; the pure core applies every filter again
(and the period, which depends on the counted review), so the result does not depend on
how much the SQL narrowed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from casereview.accounts.roles import Role
from casereview.domain.enums import Answer, CaseType, ReviewStage, ReviewStatus
from casereview.errors import CaseReviewError, NotFoundError, PermissionDenied
from casereview.scoring.engine import ItemAnswer, item_points
from casereview.services.context import ServiceContext
from casereview.services.deficiencies import problem_category_for
from casereview.services.queries.standards import parse_standard_content
from casereview.standards.model import StandardDef
from casereview.stats.compute import allocate_caps, compute_statistics, pick_counted
from casereview.stats.model import (
    DeductionRow,
    DeficiencyRow,
    NoticeRow,
    ReviewRow,
    Statistics,
    StatsFilter,
    StatsInput,
)
from casereview.storage.models import (
    Assignment,
    Campaign,
    Case,
    Deficiency,
    ItemResult,
    Notice,
    Review,
    Reviewer,
    Standard,
    StandardVersion,
    Unit,
)

_Ts = TypeVarTuple("_Ts")


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str


@dataclass(frozen=True)
class FilterOptions:
    campaigns: list[Choice]
    units: list[Choice]
    case_types: list[Choice]
    standards: list[Choice]


@dataclass
class _StdInfo:
    definition: StandardDef
    code: str
    name: str
    version: str
    items: dict[str, tuple[str, str, str, str, str]]  # code -> text, cat code, cat name, problem cat, veto
    order: dict[str, int]  # item code -> position in the standard (category caps go in this order)
    caps: dict[str, tuple[float | None, bool]]  # category code -> (max points, veto tier)


def _join_filtered(query: Select[*_Ts]) -> Select[*_Ts]:
    """Join the tables the ``_conditions`` refer to (case, standard version, standard) to a
    query over reviews."""
    return (
        query.join(Case, Case.id == Review.case_id)
        .join(StandardVersion, StandardVersion.id == Review.standard_version_id)
        .join(Standard, Standard.id == StandardVersion.standard_id)
    )


def _conditions(flt: StatsFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [
        Review.status == ReviewStatus.SUBMITTED.value,
        Review.stage != ReviewStage.PRACTICE.value,
        Review.total_score.is_not(None),
    ]
    if flt.campaign_id is not None:
        conds.append(Review.campaign_id == flt.campaign_id)
    if flt.unit_ids:
        conds.append(Case.unit_id.in_(flt.unit_ids))
    if flt.case_types:
        conds.append(Case.case_type.in_(flt.case_types))
    if flt.standard_codes:
        conds.append(Standard.code.in_(flt.standard_codes))
    return conds


class StatsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._std_cache: dict[int, _StdInfo] = {}

    # -- public -----------------------------------------------------------------------

    def statistics(self, flt: StatsFilter = StatsFilter(), *, today: date | None = None) -> Statistics:
        """Every figure for the filter (the dashboard, reports and workbook all call this)."""
        return compute_statistics(self.load_input(flt, today=today), flt)

    def counted_review_ids(self, flt: StatsFilter = StatsFilter()) -> set[int]:
        """The reviews the statistics count for ``flt`` (one per file: its final result; see
        casereview.stats.compute.split_counted), read without their answers. Other views of
        the findings (the training library) count through this, so they agree with the
        dashboard, the report and the workbook."""
        query = _join_filtered(
            select(Review.id, Review.case_id, Case.case_no, Review.stage, Review.campaign_id, Review.submitted_at,
                   Case.unit_id, Case.case_type, Case.decision_date, Standard.code)
        ).where(*_conditions(flt))
        with self.ctx.db.session() as session:
            rows = [
                ReviewRow(review_id=r[0], case_id=r[1], case_no=r[2], stage=r[3], campaign_id=r[4],
                          submitted_at=r[5], score=0.0, grade="", excellent=False, passed=False, veto=False,
                          unit_id=r[6], case_type=r[7], decision_date=r[8], standard_code=r[9])
                for r in session.connection().execute(query).all()
            ]
        return {row.review_id for row in pick_counted(rows, flt)}

    def filter_options(self) -> FilterOptions:
        with self.ctx.db.session() as session:
            query = select(Campaign.id, Campaign.name).where(Campaign.is_practice.is_(False)).order_by(Campaign.id)
            if not self.ctx.account.has_role(Role.ADMIN):  # a lead: the campaigns they lead
                query = query.where(Campaign.lead_account_id.is_not(None),
                                    Campaign.lead_account_id == self.ctx.account.account_id)
            campaigns = [Choice(cid, name) for cid, name in session.execute(query)]
            units = [Choice(uid, name) for uid, name in session.execute(select(Unit.id, Unit.name).order_by(Unit.id))]
            standards = [
                Choice(code, name)
                for code, name in session.execute(select(Standard.code, Standard.name).order_by(Standard.code))
            ]
        return FilterOptions(
            campaigns=campaigns,
            units=units,
            case_types=[Choice(ct.value, ct.label) for ct in CaseType],
            standards=standards,
        )

    def campaign_name(self, campaign_id: int) -> str:
        with self.ctx.db.session() as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFoundError(f"评查活动 {campaign_id} 不存在。", campaign_id=campaign_id)
            return campaign.name

    # -- loading ----------------------------------------------------------------------

    def _std(self, session: Session, version_id: int) -> _StdInfo:
        info = self._std_cache.get(version_id)
        if info is None:
            version = session.get(StandardVersion, version_id)
            assert version is not None
            std = parse_standard_content(version.content)
            items = {
                item.code: (
                    item.text,
                    cat.code,
                    cat.name,
                    item.problem_category or problem_category_for(cat.name),
                    item.veto.value if item.veto else "",
                )
                for cat, item in std.iter_items()
            }
            order = {item.code: n for n, (_, item) in enumerate(std.iter_items())}
            caps = {cat.code: (cat.max_points, cat.veto_tier) for cat in std.categories}
            info = _StdInfo(std, std.id, std.name, std.version, items, order, caps)
            self._std_cache[version_id] = info
        return info

    def _scope(self, session: Session, flt: StatsFilter) -> list[ColumnElement[bool]]:
        """What the acting account may count: an administrator (and the program) every
        review; a team lead the reviews of the campaigns they lead and the daily reviews (no
        campaign) of their own unit, the same scope as 问题整改. Nobody counts a
        first scoring hidden from them by a blind re-check (a lead of the re-checker's unit)."""
        from casereview.services.policy import hidden_first_reviews

        actor = self.ctx.account
        conds: list[ColumnElement[bool]] = []
        if not actor.has_role(Role.ADMIN):
            led = set(session.scalars(select(Campaign.id).where(
                Campaign.lead_account_id.is_not(None), Campaign.lead_account_id == actor.account_id)))
            if flt.campaign_id is not None and flt.campaign_id not in led:
                raise PermissionDenied(
                    f"组长只能查看本人担任组长的评查活动的统计；评查活动 {flt.campaign_id} 不是您的。",
                    code="not_own_campaign", campaign_id=flt.campaign_id,
                )
            mine: ColumnElement[bool] = Review.campaign_id.in_(sorted(led))
            if actor.unit_id is not None:  # as 问题整改 (policy.rectification_scope)
                mine = or_(mine, and_(Review.campaign_id.is_(None), Case.unit_id == actor.unit_id))
            conds.append(mine)
        hidden = hidden_first_reviews(session, actor)
        if hidden:
            conds.append(Review.id.not_in(sorted(hidden)))
        return conds

    def load_input(self, flt: StatsFilter = StatsFilter(), *, today: date | None = None) -> StatsInput:
        return self._load_input(flt, today=today, scoped=True)

    def _load_input(self, flt: StatsFilter, *, today: date | None = None, scoped: bool = True) -> StatsInput:
        """``scoped=False`` only for the core's own use where nothing of the figures reaches
        the caller (which review of a file counts: the review itself is then read through
        its own permission check)."""
        rechecker = aliased(Reviewer)
        with self.ctx.db.session() as session:
            conds = _conditions(flt) + (self._scope(session, flt) if scoped else [])
            query = (
                _join_filtered(
                    select(
                        Review.id,
                        Review.case_id,
                        Case.case_no,
                        Review.stage,
                        Review.campaign_id,
                        Review.submitted_at,
                        Review.total_score,
                        Review.grade,
                        Review.veto,
                        Case.unit_id,
                        Unit.name,
                        Case.case_type,
                        Case.procedure,
                        Case.party_name,
                        Case.cause,
                        Case.decision_date,
                        Review.standard_version_id,
                        Review.reviewer_id,
                        Reviewer.name,
                        rechecker.name,
                    )
                )
                .outerjoin(Unit, Unit.id == Case.unit_id)
                .outerjoin(Reviewer, Reviewer.id == Review.reviewer_id)
                .outerjoin(
                    Assignment,
                    and_(Assignment.campaign_id == Review.campaign_id, Assignment.case_id == Review.case_id),
                )
                .outerjoin(rechecker, rechecker.id == Assignment.rechecker_id)
                .where(*conds)
            )
            reviews: list[ReviewRow] = []
            version_of: dict[int, int] = {}
            for row in session.connection().execute(query).all():
                std = self._std(session, row[16])
                grade = row[7] or ""
                version_of[row[0]] = row[16]
                reviews.append(
                    ReviewRow(
                        review_id=row[0],
                        case_id=row[1],
                        case_no=row[2],
                        stage=row[3],
                        campaign_id=row[4],
                        submitted_at=row[5],
                        score=float(row[6] or 0.0),
                        grade=grade,
                        excellent=grade == std.definition.top_band.name,
                        passed=grade != std.definition.failing_band.name,
                        veto=bool(row[8]),
                        unit_id=row[9],
                        unit_name=row[10] or "",
                        case_type=row[11],
                        procedure=row[12] or "",
                        party_name=row[13] or "",
                        cause=row[14] or "",
                        decision_date=row[15],
                        standard_code=std.code,
                        standard_name=std.name,
                        standard_version=std.version,
                        reviewer_id=row[17],
                        reviewer_name=row[18] or "",
                        rechecker_name=row[19] or "",
                    )
                )
            reviews = self._with_recheckers(session, reviews)
            case_no_of = {r.review_id: r.case_no for r in reviews}
            skipped: list[str] = []
            deductions = self._deductions(session, conds, version_of, case_no_of, skipped)
            deficiencies = [
                DeficiencyRow(
                    id=d_id,
                    review_id=review_id,
                    case_id=case_id,
                    unit_name=unit_name or "",
                    item_code=item_code,
                    status=status,
                    notice_id=notice_id,
                    campaign_id=campaign_id,
                    due_date=due,
                )
                for d_id, review_id, case_id, unit_name, item_code, status, notice_id, campaign_id, due in session.execute(
                    _join_filtered(
                        select(
                            Deficiency.id,
                            Deficiency.review_id,
                            Deficiency.case_id,
                            Unit.name,
                            Deficiency.item_code,
                            Deficiency.status,
                            Deficiency.notice_id,
                            Deficiency.campaign_id,
                            Deficiency.due_date,
                        ).join(Review, Review.id == Deficiency.review_id)
                    )
                    .outerjoin(Unit, Unit.id == Deficiency.unit_id)
                    .where(*conds)
                )
            ]
            notice_ids = {d.notice_id for d in deficiencies if d.notice_id is not None}
            notices = [
                NoticeRow(n_id, number, unit or "", status, issued, deadline, campaign_id)
                for n_id, number, unit, status, issued, deadline, campaign_id in session.execute(
                    select(
                        Notice.id,
                        Notice.number,
                        Unit.name,
                        Notice.status,
                        Notice.issue_date,
                        Notice.deadline,
                        Notice.campaign_id,
                    ).outerjoin(Unit, Unit.id == Notice.unit_id)
                )
                if n_id in notice_ids
            ]
            grade_order = self._grade_order()
            campaign_name = ""
            if flt.campaign_id is not None:
                campaign = session.get(Campaign, flt.campaign_id)
                if campaign is None:
                    raise NotFoundError(f"评查活动 {flt.campaign_id} 不存在。", campaign_id=flt.campaign_id)
                campaign_name = campaign.name
        return StatsInput(
            reviews=reviews,
            deductions=deductions,
            deficiencies=deficiencies,
            notices=notices,
            grade_order=grade_order,
            campaign_name=campaign_name,
            today=today,
            skipped=skipped,
        )

    @staticmethod
    def _points(info: _StdInfo, code: str, answer: str, deduction: float | None, occurrences: int | None) -> float | str:
        """The nominal points of one stored answer, or the reason it cannot be counted."""
        if code not in info.items:
            return f"评查标准《{info.name}》中没有此项"
        # the engine gives each finding its points (fixed, per occurrence, range, veto)
        try:
            return item_points(info.definition, ItemAnswer(code, Answer(answer), deduction, occurrences))
        except (CaseReviewError, ValueError, TypeError) as exc:
            return str(exc)

    def _grade_order(self) -> tuple[str, ...]:
        """Grades in band order, longest band list first (a 4-band standard adds 良好)."""
        order: list[str] = []
        for info in sorted(self._std_cache.values(), key=lambda i: -len(i.definition.grade_bands)):
            for band in info.definition.grade_bands:
                if band.name not in order:
                    order.append(band.name)
        return tuple(order) or ("优秀", "合格", "不合格")

    def _with_recheckers(self, session: Session, reviews: list[ReviewRow]) -> list[ReviewRow]:
        """Fill the re-checker from the case's recheck-stage review when no assignment names one."""
        missing = {(r.campaign_id, r.case_id) for r in reviews if not r.rechecker_name and r.campaign_id}
        if not missing:
            return reviews
        names: dict[tuple[int | None, int], str] = {}
        for r in reviews:
            if r.stage == ReviewStage.RECHECK.value and r.reviewer_name:
                names[(r.campaign_id, r.case_id)] = r.reviewer_name
        return [
            replace(r, rechecker_name=names[(r.campaign_id, r.case_id)])
            if not r.rechecker_name and (r.campaign_id, r.case_id) in names
            else r
            for r in reviews
        ]

    def _deductions(
        self,
        session: Session,
        conds: list[ColumnElement[bool]],
        version_of: dict[int, int],
        case_no_of: dict[int, str],
        skipped: list[str],
    ) -> list[DeductionRow]:
        """The deducted and vetoed items of the reviews, with nominal points and the points
        actually lost after category caps. A stored answer that cannot be read (unknown
        answer, deduction out of range) is reported in ``skipped`` by case and item and left
        out, instead of failing the whole statistics."""
        query = (
            _join_filtered(
                select(
                    ItemResult.review_id,
                    ItemResult.item_code,
                    ItemResult.answer,
                    ItemResult.deduction,
                    ItemResult.occurrences,
                    ItemResult.note,
                ).join(Review, Review.id == ItemResult.review_id)
            )
            .where(*conds, ItemResult.answer.in_((Answer.DEDUCT.value, Answer.VETO.value)))
            .order_by(ItemResult.review_id, ItemResult.id)
        )
        per_review: dict[int, list[tuple[str, str, float | None, int | None, str | None]]] = defaultdict(list)
        # Core rows, not ORM rows: tens of thousands of plain tuples, no identity map needed.
        for review_id, code, answer, deduction, occurrences, note in session.connection().execute(query).all():
            if review_id in version_of:
                per_review[review_id].append((code, answer, deduction, occurrences, note))
        out: list[DeductionRow] = []
        # The same answer to the same item of the same standard version is worth the same
        # points in every review: the engine is asked once per distinct answer, not per row.
        points_of: dict[tuple[int, str, str, float | None, int | None], float | str] = {}
        for review_id, rows in per_review.items():
            version_id = version_of[review_id]
            info = self._std(session, version_id)
            found: list[tuple[str, float, bool, str]] = []
            for code, answer, deduction, occurrences, note in rows:
                key = (version_id, code, answer, deduction, occurrences)
                value = points_of.get(key)
                if value is None:
                    value = points_of[key] = self._points(info, code, answer, deduction, occurrences)
                if isinstance(value, str):  # why the stored answer cannot be counted
                    skipped.append(f"案卷 {case_no_of.get(review_id, review_id)} 评查项 {code}：{value}")
                    continue
                is_veto = answer == Answer.VETO.value
                if not is_veto and value <= 0:
                    continue
                found.append((code, value, is_veto, note or ""))
            found.sort(key=lambda f: info.order.get(f[0], 0))
            lost = allocate_caps(((info.items[f[0]][1], f[1]) for f in found), info.caps)
            for (code, value, is_veto, note), lost_points in zip(found, lost, strict=True):
                text, cat_code, cat_name, problem_cat, _veto = info.items[code]
                out.append(
                    DeductionRow(
                        review_id=review_id,
                        item_code=code,
                        item_text=text,
                        category_code=cat_code,
                        category_name=cat_name,
                        problem_category=problem_cat,
                        points=value,
                        is_veto=is_veto,
                        note=note,
                        standard_code=info.code,
                        standard_name=info.name,
                        lost=lost_points,
                    )
                )
        return out
