"""Reviews in a session: load, answer, clear, rescore and describe one review.

The building blocks of every review use case (saving an answer, accepting a check's
proposal, undoing it, submitting, practice and campaign reviews): each service method
composes them inside its one transaction.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from casereview.domain.enums import Answer, CaseReviewState, ReviewStage, ReviewStatus
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.scoring.engine import ItemAnswer, ScoreResult, score, validate_answer
from casereview.services.concurrency import CLAIMED_REVIEWS
from casereview.services.dto import EvidenceInfo, ItemResultInfo, ReviewInfo, ReviewState, SaveResult
from casereview.services.queries.audit import record_review_audit
from casereview.services.queries.standards import parse_standard_content, standard_version_info
from casereview.standards.model import StandardDef
from casereview.storage.models import (
    Case,
    CaseOfficer,
    Document,
    ItemResult,
    Officer,
    Review,
    StandardVersion,
    utcnow,
)

STAGE_PRECEDENCE = {ReviewStage.FINAL.value: 3, ReviewStage.RECHECK.value: 2, ReviewStage.FIRST.value: 1}
LOCKED_MESSAGE = "该评查已提交并锁定；如需修改，请先填写理由重新打开。"


def load_review(session: Session, review_id: int) -> Review:
    """The review with its answers and their evidence links loaded. A review the
    transaction has claimed (its row came back with the claim) is not read again."""
    review = session.info.get(CLAIMED_REVIEWS, {}).get(review_id)
    if review is not None and "results" not in inspect(review).unloaded:
        return cast(Review, review)
    if review is not None:
        results = session.scalars(  # answers and their evidence in one round trip
            select(ItemResult).options(joinedload(ItemResult.evidence)).where(ItemResult.review_id == review_id)
            .order_by(ItemResult.id)
        ).unique().all()
        set_committed_value(review, "results", list(results))
        return cast(Review, review)
    review = session.scalar(
        select(Review)
        .options(selectinload(Review.results).selectinload(ItemResult.evidence))
        .where(Review.id == review_id)
    )
    if review is None:
        raise NotFoundError(f"评查记录 {review_id} 不存在。", review_id=review_id)
    return review


def ensure_editable(review: Review, message: str = LOCKED_MESSAGE) -> None:
    if review.status == ReviewStatus.SUBMITTED.value:
        raise ConflictError(message, review_id=review.id)


def definition_of(session: Session, review: Review) -> StandardDef:
    """The review's standard (read once per database: versions never change)."""
    engine = session.get_bind().engine
    known = _DEFINITIONS.get(engine)
    if known is None:
        known = _DEFINITIONS[engine] = {}
    found = known.get(review.standard_version_id)
    if found is None:
        version = session.get(StandardVersion, review.standard_version_id)
        assert version is not None  # guaranteed by the foreign key
        found = known[review.standard_version_id] = parse_standard_content(version.content)
    return found


# per database (engine): standard version id -> StandardDef; a version's content never changes
_DEFINITIONS: weakref.WeakKeyDictionary[Engine, dict[int, StandardDef]] = weakref.WeakKeyDictionary()


def answers_of(results: Iterable[ItemResult]) -> dict[str, ItemAnswer]:
    return {
        r.item_code: ItemAnswer(r.item_code, Answer(r.answer), r.deduction, r.occurrences) for r in results
    }


def result_of(review: Review, item_code: str) -> ItemResult | None:
    return next((r for r in review.results if r.item_code == item_code), None)


def result_info(r: ItemResult, titles: dict[int, str] | None = None) -> ItemResultInfo:
    titles = titles or {}
    return ItemResultInfo(
        item_code=r.item_code,
        answer=Answer(r.answer),
        deduction=r.deduction,
        occurrences=r.occurrences,
        note=r.note,
        check_id=r.check_id,
        evidence=tuple(
            EvidenceInfo(e.id, e.document_id, e.page, titles.get(e.document_id, ""), e.quote) for e in r.evidence
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


def full_snapshot(r: ItemResult | None) -> dict[str, Any] | None:
    """``result_snapshot`` with the evidence pages: undo and redo restore those too."""
    data = result_snapshot(r)
    if data is not None and r is not None:
        data["evidence"] = [[e.document_id, e.page] for e in r.evidence]
    return data


def review_info(review: Review, case_no: str) -> ReviewInfo:
    return ReviewInfo(
        id=review.id,
        case_id=review.case_id,
        case_no=case_no,
        campaign_id=review.campaign_id,
        stage=ReviewStage(review.stage),
        status=ReviewStatus(review.status),
        reviewer_id=review.reviewer_id,
        standard_version_id=review.standard_version_id,
        practice_case_id=review.practice_case_id,
        started_at=review.started_at,
        submitted_at=review.submitted_at,
        version=review.version or 1,
    )


def doc_titles(session: Session, review: Review) -> dict[int, str]:
    """Titles of the documents the review's evidence links point at."""
    ids = {e.document_id for r in review.results for e in r.evidence}
    if not ids:
        return {}
    return dict(session.execute(select(Document.id, Document.title).where(Document.id.in_(ids))).all())


def review_state(session: Session, review: Review, result: ScoreResult | None = None) -> ReviewState:
    """Everything the workspace shows of one review (``result``: its score, when just computed)."""
    case_no = session.scalar(select(Case.case_no).where(Case.id == review.case_id)) or ""
    version = session.get(StandardVersion, review.standard_version_id)
    assert version is not None
    std = parse_standard_content(version.content)
    titles = doc_titles(session, review)
    return ReviewState(
        review=review_info(review, case_no),
        standard=standard_version_info(session, version),
        definition=std,
        results={r.item_code: result_info(r, titles) for r in review.results},
        score=result if result is not None else score(std, answers_of(review.results)),
    )


def apply_answer(
    session: Session,
    review: Review,
    actor: str | None,
    item_code: str,
    answer: Answer,
    *,
    deduction: float | None = None,
    occurrences: int | None = None,
    note: str | None = None,
    check_id: str | None = None,
    keep_note: bool = False,
) -> ItemResult:
    """Validate and write one answer with its audit entry (the caller rescores)."""
    std = definition_of(session, review)
    validate_answer(std, ItemAnswer(item_code, answer, deduction, occurrences))
    current = result_of(review, item_code)
    before = result_snapshot(current)
    if current is None:
        current = ItemResult(item_code=item_code, answer=answer.value)
        review.results.append(current)
    current.answer = answer.value
    current.deduction = deduction if answer is Answer.DEDUCT else None
    current.occurrences = occurrences if answer is Answer.DEDUCT else None
    if not keep_note:
        current.note = note
    if check_id is not None:
        current.check_id = check_id
    current.updated_at = utcnow()
    session.flush()
    record_review_audit(session, actor, review, "answer", before, result_snapshot(current), entity="item")
    session.flush()
    return current


def clear_result(session: Session, review: Review, actor: str | None, item_code: str) -> None:
    """Remove an answer with its audit entry (the caller rescores)."""
    current = result_of(review, item_code)
    if current is not None:
        record_review_audit(session, actor, review, "clear", result_snapshot(current), None, entity="item")
        review.results.remove(current)
        session.flush()


def require_result(review: Review, item_code: str, what: str) -> ItemResult:
    current = result_of(review, item_code)
    if current is None:
        raise ValidationError(f"评查项 {item_code} 尚未作答，请先选择结论再{what}。", item=item_code)
    return current


def save_result(session: Session, review: Review, current: ItemResult | None, result: ScoreResult) -> SaveResult:
    info = result_info(current, doc_titles(session, review)) if current is not None else None
    saved_at: datetime = current.updated_at if current is not None else utcnow()
    return SaveResult(info, result, saved_at, review.version or 0)


def rescore(session: Session, review: Review, result: ScoreResult | None = None, *,
            answer_only: bool = False) -> ScoreResult:
    """Cache the review's score on its row (computed from its saved answers unless given).
    ``answer_only``: a draft review's answer or note changed and nothing else (its status,
    stage and case stay): when its score and grade are unchanged too, the case list's
    columns cannot change and are not recomputed (two statements less per save)."""
    if result is None:
        result = score(definition_of(session, review), answers_of(review.results))
    unchanged = answer_only and review.total_score == result.total and review.grade == result.grade
    review.total_score = result.total
    review.grade = result.grade
    review.veto = bool(result.veto_hits)
    review.answered = result.answered_count
    review.item_count = result.item_count
    review.updated_at = utcnow()
    if review.stage != ReviewStage.PRACTICE and not unchanged:
        refresh_case_summary(session, review.case_id)
    return result


def refresh_case_summary(session: Session, case_id: int) -> None:
    """Update the case list's review columns from the case's most authoritative review."""
    session.flush()
    # Lock the case row before reading its reviews: two PCs saving different reviews of one
    # case then write the summary one after the other, each from the other's committed data
    # (SQLite already serialises writers; FOR UPDATE is a no-op there).
    case = session.scalar(
        select(Case).where(Case.id == case_id).with_for_update().execution_options(populate_existing=True)
    )
    if case is None:
        return
    reviews = session.scalars(
        select(Review).where(Review.case_id == case_id, Review.stage != ReviewStage.PRACTICE.value)
    ).all()
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


def officer_names(session: Session, case_id: int) -> str:
    """The case's officers as '张三、李四' (distinct, in recorded order)."""
    names = session.scalars(
        select(Officer.name).join(CaseOfficer, CaseOfficer.officer_id == Officer.id).where(CaseOfficer.case_id == case_id)
    ).all()
    return "、".join(dict.fromkeys(names))


def evidence_payload(session: Session, result: ItemResult) -> list[dict[str, Any]]:
    """Evidence links of an item result as plain data: document id, title, page."""
    if not result.evidence:
        return []
    titles = dict(
        session.execute(
            select(Document.id, Document.title).where(Document.id.in_({e.document_id for e in result.evidence}))
        ).all()
    )
    return [{"document_id": e.document_id, "title": titles.get(e.document_id, ""), "page": e.page} for e in result.evidence]
