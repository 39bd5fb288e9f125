"""Reviews: open a scoring of a case, save each answer at once, submit, reopen.

Every action is one transaction that writes the change, an append-only audit entry
(before/after) and the recomputed score (the pure engine in casereview.scoring).
The case list's denormalised review columns are refreshed in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casereview.domain.enums import Answer, CaseReviewState, ReviewStage, ReviewStatus
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.scoring.engine import ItemAnswer, ScoreResult, score, validate_answer
from casereview.services.context import ServiceContext
from casereview.services.standards import StandardService, StandardVersionInfo, parse_standard_content
from casereview.standards.model import StandardDef
from casereview.storage.models import (
    AuditEntry,
    Campaign,
    CampaignStandard,
    Case,
    Document,
    EvidenceRef,
    ItemResult,
    Review,
    StandardVersion,
    utcnow,
)


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
    answer: str
    deduction: float | None
    occurrences: int | None
    note: str | None
    check_id: str | None
    evidence: tuple[EvidenceInfo, ...] = ()
    reconcile_reason: str | None = None


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    case_id: int
    case_no: str
    campaign_id: int | None
    stage: str
    status: str
    reviewer_id: int | None
    standard_version_id: int
    practice_case_id: int | None
    started_at: datetime
    submitted_at: datetime | None

    @property
    def locked(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def stage_label(self) -> str:
        return ReviewStage(self.stage).label


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


STAGE_PRECEDENCE = {ReviewStage.FINAL.value: 3, ReviewStage.RECHECK.value: 2, ReviewStage.FIRST.value: 1}


def answers_of(results: Iterable[ItemResult]) -> dict[str, ItemAnswer]:
    return {
        r.item_code: ItemAnswer(r.item_code, Answer(r.answer), r.deduction, r.occurrences) for r in results
    }


def result_info(r: ItemResult, titles: dict[int, str] | None = None) -> ItemResultInfo:
    titles = titles or {}
    return ItemResultInfo(
        item_code=r.item_code,
        answer=r.answer,
        deduction=r.deduction,
        occurrences=r.occurrences,
        note=r.note,
        check_id=r.check_id,
        evidence=tuple(
            EvidenceInfo(e.id, e.document_id, e.page, titles.get(e.document_id, ""), e.quote)
            for e in r.evidence
        ),
        reconcile_reason=r.reconcile_reason,
    )


def result_snapshot(r: ItemResult | None) -> dict[str, Any] | None:
    """An item result as the audit log records it (before/after of a change)."""
    if r is None:
        return None
    return {
        "item": r.item_code,
        "answer": r.answer,
        "deduction": r.deduction,
        "occurrences": r.occurrences,
        "note": r.note,
    }


def load_review(session: Session, review_id: int) -> Review:
    """The review with its answers and their evidence links loaded."""
    review = session.scalar(
        select(Review)
        .options(selectinload(Review.results).selectinload(ItemResult.evidence))
        .where(Review.id == review_id)
    )
    if review is None:
        raise NotFoundError(f"评查记录 {review_id} 不存在。", review_id=review_id)
    return review


def record_review_audit(
    session: Session,
    actor: str | None,
    review: Review,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    entity: str = "review",
    entity_id: int | None = None,
    reason: str | None = None,
) -> None:
    """Log a change to ``review`` (or, with ``entity``/``entity_id``, to one of its items)."""
    session.add(
        AuditEntry(
            actor=actor,
            entity=entity,
            entity_id=entity_id if entity_id is not None else review.id,
            review_id=review.id,
            action=action,
            before=before,
            after=after,
            reason=reason,
        )
    )


def review_info(review: Review, case_no: str) -> ReviewInfo:
    return ReviewInfo(
        id=review.id,
        case_id=review.case_id,
        case_no=case_no,
        campaign_id=review.campaign_id,
        stage=review.stage,
        status=review.status,
        reviewer_id=review.reviewer_id,
        standard_version_id=review.standard_version_id,
        practice_case_id=review.practice_case_id,
        started_at=review.started_at,
        submitted_at=review.submitted_at,
    )


def definition_of(session: Session, review: Review) -> StandardDef:
    version = session.get(StandardVersion, review.standard_version_id)
    assert version is not None  # guaranteed by the foreign key
    return parse_standard_content(version.content)


def rescore(session: Session, review: Review) -> ScoreResult:
    """Recompute the review's score from its saved answers and cache it on the row."""
    std = definition_of(session, review)
    result = score(std, answers_of(review.results))
    review.total_score = result.total
    review.grade = result.grade
    review.veto = bool(result.veto_hits)
    review.answered = result.answered_count
    review.item_count = result.item_count
    review.updated_at = utcnow()
    if review.stage != ReviewStage.PRACTICE:
        refresh_case_summary(session, review.case_id)
    return result


def refresh_case_summary(session: Session, case_id: int) -> None:
    """Update the case list's review columns from the case's most authoritative review."""
    session.flush()
    reviews = session.scalars(
        select(Review).where(Review.case_id == case_id, Review.stage != ReviewStage.PRACTICE.value)
    ).all()
    case = session.get(Case, case_id)
    if case is None:
        return
    if not reviews:
        case.review_state, case.review_score, case.review_grade = (
            CaseReviewState.NOT_STARTED.value,
            None,
            None,
        )
        return
    best = max(reviews, key=lambda r: (STAGE_PRECEDENCE.get(r.stage, 0), r.status == "submitted", r.id))
    submitted = {r.stage for r in reviews if r.status == ReviewStatus.SUBMITTED.value}
    if ReviewStage.FINAL.value in submitted:
        state = CaseReviewState.FINAL
    elif ReviewStage.RECHECK.value in submitted:
        state = CaseReviewState.RECHECKED
    elif ReviewStage.FIRST.value in submitted:
        state = CaseReviewState.SUBMITTED
    else:
        state = CaseReviewState.IN_PROGRESS
    case.review_state = state.value
    case.review_score = best.total_score
    case.review_grade = best.grade


class ReviewService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.standards = StandardService(ctx)

    # -- helpers --------------------------------------------------------------------

    def _load(self, session: Session, review_id: int) -> Review:
        return load_review(session, review_id)

    def _editable(self, review: Review) -> None:
        if review.status == ReviewStatus.SUBMITTED.value:
            raise ConflictError("该评查已提交并锁定；如需修改，请先填写理由重新打开。", review_id=review.id)

    def _audit(
        self,
        session: Session,
        review: Review,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        **target: Any,
    ) -> None:
        """``record_review_audit`` by the acting user (``target``: entity, entity_id, reason)."""
        record_review_audit(session, self.ctx.actor_name, review, action, before, after, **target)

    def _doc_titles(self, session: Session, review: Review) -> dict[int, str]:
        ids = {e.document_id for r in review.results for e in r.evidence}
        if not ids:
            return {}
        return dict(session.execute(select(Document.id, Document.title).where(Document.id.in_(ids))).all())

    def _pinned_version(self, session: Session, case: Case, campaign_id: int | None) -> int:
        if campaign_id is not None:
            chosen = session.scalar(
                select(CampaignStandard.standard_version_id).where(
                    CampaignStandard.campaign_id == campaign_id, CampaignStandard.case_type == case.case_type
                )
            )
            if chosen is not None:
                return chosen
        return self.standards.latest_for_case_type(session, case.case_type, case.procedure).id

    # -- opening --------------------------------------------------------------------

    def open_review(
        self,
        case_id: int,
        *,
        stage: str = ReviewStage.FIRST.value,
        campaign_id: int | None = None,
        reviewer_id: int | None = None,
        practice_case_id: int | None = None,
        standard_version_id: int | None = None,
    ) -> ReviewState:
        """The review of this case at this stage by this reviewer, created when missing."""
        reviewer_id = reviewer_id if reviewer_id is not None else self.ctx.actor_id
        with self.ctx.db.session() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"案件 {case_id} 不存在。", case_id=case_id)
            query = select(Review.id).where(
                Review.case_id == case_id,
                Review.stage == stage,
                Review.campaign_id.is_(None) if campaign_id is None else Review.campaign_id == campaign_id,
            )
            if practice_case_id is not None:
                query = query.where(Review.practice_case_id == practice_case_id)
            if reviewer_id is not None or stage in (ReviewStage.RECHECK.value, ReviewStage.PRACTICE.value):
                query = query.where(
                    Review.reviewer_id.is_(None) if reviewer_id is None else Review.reviewer_id == reviewer_id
                )
            existing = session.scalar(query.order_by(Review.id.desc()).limit(1))
            if existing is None:
                if campaign_id is not None and session.get(Campaign, campaign_id) is None:
                    raise NotFoundError(f"评查活动 {campaign_id} 不存在。", campaign_id=campaign_id)
                review = Review(
                    case_id=case_id,
                    campaign_id=campaign_id,
                    standard_version_id=standard_version_id
                    or self._pinned_version(session, case, campaign_id),
                    reviewer_id=reviewer_id,
                    stage=stage,
                    status=ReviewStatus.DRAFT.value,
                    practice_case_id=practice_case_id,
                )
                session.add(review)
                session.flush()
                self._audit(session, review, "create", None, {"stage": stage, "case_no": case.case_no})
                rescore(session, review)
                existing = review.id
        return self.state(existing)

    def state(self, review_id: int) -> ReviewState:
        with self.ctx.db.session() as session:
            review = self._load(session, review_id)
            case_no = session.scalar(select(Case.case_no).where(Case.id == review.case_id)) or ""
            std = definition_of(session, review)
            version = session.get(StandardVersion, review.standard_version_id)
            assert version is not None
            info = self.standards._info(session, version)
            titles = self._doc_titles(session, review)
            results = {r.item_code: result_info(r, titles) for r in review.results}
            return ReviewState(
                review=review_info(review, case_no),
                standard=info,
                definition=std,
                results=results,
                score=score(std, answers_of(review.results)),
            )

    def reviews_of_case(self, case_id: int, *, include_practice: bool = False) -> list[ReviewInfo]:
        with self.ctx.db.session() as session:
            case_no = session.scalar(select(Case.case_no).where(Case.id == case_id)) or ""
            query = select(Review).where(Review.case_id == case_id).order_by(Review.id)
            if not include_practice:
                query = query.where(Review.stage != ReviewStage.PRACTICE.value)
            return [review_info(r, case_no) for r in session.scalars(query)]

    # -- answering ------------------------------------------------------------------

    def save_answer(
        self,
        review_id: int,
        item_code: str,
        answer: str | Answer,
        *,
        deduction: float | None = None,
        occurrences: int | None = None,
        note: str | None = None,
        check_id: str | None = None,
        keep_note: bool = False,
    ) -> SaveResult:
        """Save one answer (one transaction, audited) and return the new score."""
        answer = Answer(answer)
        with self.ctx.db.session() as session:
            review = self._load(session, review_id)
            self._editable(review)
            std = definition_of(session, review)
            item_answer = ItemAnswer(item_code, answer, deduction, occurrences)
            validate_answer(std, item_answer)
            current = next((r for r in review.results if r.item_code == item_code), None)
            before = result_snapshot(current)
            if current is None:
                current = ItemResult(item_code=item_code, answer=answer.value)
                review.results.append(current)
            current.answer = answer.value
            current.deduction = deduction if answer in (Answer.DEDUCT,) else None
            current.occurrences = occurrences if answer in (Answer.DEDUCT,) else None
            if not keep_note:
                current.note = note
            if check_id is not None:
                current.check_id = check_id
            current.updated_at = utcnow()
            session.flush()
            self._audit(
                session, review, "answer", before, result_snapshot(current), entity="item", entity_id=None
            )
            session.flush()
            result = rescore(session, review)
            info = result_info(current, self._doc_titles(session, review))
            return SaveResult(info, result, current.updated_at)

    def set_note(self, review_id: int, item_code: str, note: str | None) -> SaveResult:
        with self.ctx.db.session() as session:
            review = self._load(session, review_id)
            self._editable(review)
            current = next((r for r in review.results if r.item_code == item_code), None)
            if current is None:
                raise ValidationError(f"评查项 {item_code} 尚未作答，请先选择结论再写说明。", item=item_code)
            before = result_snapshot(current)
            current.note = note
            current.updated_at = utcnow()
            self._audit(session, review, "note", before, result_snapshot(current), entity="item")
            result = score(definition_of(session, review), answers_of(review.results))
            return SaveResult(
                result_info(current, self._doc_titles(session, review)), result, current.updated_at
            )

    def clear_answer(self, review_id: int, item_code: str) -> SaveResult:
        """Remove an answer (used by undo of a first answer)."""
        with self.ctx.db.session() as session:
            review = self._load(session, review_id)
            self._editable(review)
            current = next((r for r in review.results if r.item_code == item_code), None)
            if current is not None:
                self._audit(session, review, "clear", result_snapshot(current), None, entity="item")
                review.results.remove(current)
                session.flush()
            result = rescore(session, review)
            return SaveResult(None, result, utcnow())

    def add_evidence(
        self, review_id: int, item_code: str, document_id: int, page: int, quote: str | None = None
    ) -> ItemResultInfo:
        with self.ctx.db.session() as session:
            review = self._load(session, review_id)
            self._editable(review)
            doc = session.get(Document, document_id)
            if doc is None or doc.case_id != review.case_id:
                raise ValidationError("只能关联本案卷的文书页面。", document_id=document_id)
            if not 1 <= page <= max(doc.page_count, 1):
                raise ValidationError(
                    f"页码 {page} 超出文书“{doc.title}”的页数 {doc.page_count}。", page=page
                )
            current = next((r for r in review.results if r.item_code == item_code), None)
            if current is None:
                raise ValidationError(
                    f"评查项 {item_code} 尚未作答，请先选择结论再关联页面。", item=item_code
                )
            if not any(e.document_id == document_id and e.page == page for e in current.evidence):
                current.evidence.append(EvidenceRef(document_id=document_id, page=page, quote=quote))
                session.flush()
                self._audit(
                    session,
                    review,
                    "evidence_add",
                    None,
                    {"item": item_code, "document_id": document_id, "page": page},
                )
            return result_info(current, self._doc_titles(session, review))

    def remove_evidence(self, review_id: int, evidence_id: int) -> ItemResultInfo:
        with self.ctx.db.session() as session:
            review = self._load(session, review_id)
            self._editable(review)
            for r in review.results:
                for e in r.evidence:
                    if e.id == evidence_id:
                        self._audit(
                            session,
                            review,
                            "evidence_remove",
                            {"item": r.item_code, "document_id": e.document_id, "page": e.page},
                            None,
                        )
                        r.evidence.remove(e)
                        session.flush()
                        return result_info(r, self._doc_titles(session, review))
            raise NotFoundError(f"证据链接 {evidence_id} 不存在。", evidence_id=evidence_id)

    # -- submission -----------------------------------------------------------------

    def submit(self, review_id: int) -> ReviewState:
        """Lock the review once every item is answered; confirmed deductions become deficiencies."""
        with self.ctx.db.session() as session:
            review = self._load(session, review_id)
            self._editable(review)
            std = definition_of(session, review)
            result = score(std, answers_of(review.results))
            if result.unanswered:
                shown = "、".join(result.unanswered[:10]) + ("等" if len(result.unanswered) > 10 else "")
                raise ValidationError(
                    f"还有 {len(result.unanswered)} 个评查项未作答（{shown}），不能提交。",
                    unanswered=result.unanswered,
                )
            review.status = ReviewStatus.SUBMITTED.value
            review.submitted_at = utcnow()
            self._audit(
                session, review, "submit", {"status": "draft"}, {"status": "submitted", "score": result.total}
            )
            rescore(session, review)
            from casereview.services.deficiencies import sync_from_review

            sync_from_review(session, review, std, self.ctx)
        return self.state(review_id)

    def reopen(self, review_id: int, reason: str) -> ReviewState:
        if not reason or not reason.strip():
            raise ValidationError("重新打开已提交的评查必须填写理由。")
        with self.ctx.db.session() as session:
            review = self._load(session, review_id)
            if review.status != ReviewStatus.SUBMITTED.value:
                raise ConflictError("该评查尚未提交，无需重新打开。", review_id=review_id)
            review.status = ReviewStatus.DRAFT.value
            review.submitted_at = None
            self._audit(
                session, review, "reopen", {"status": "submitted"}, {"status": "draft"}, reason=reason.strip()
            )
            rescore(session, review)
        return self.state(review_id)

    def history(self, review_id: int) -> list[AuditInfo]:
        with self.ctx.db.session() as session:
            rows = session.scalars(
                select(AuditEntry).where(AuditEntry.review_id == review_id).order_by(AuditEntry.id)
            ).all()
            return [
                AuditInfo(a.id, a.at, a.actor, a.action, a.entity, a.before, a.after, a.reason) for a in rows
            ]
