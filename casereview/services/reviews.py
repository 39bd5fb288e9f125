"""Reviews: open a scoring of a case, save each answer at once, submit, reopen.

Every action is one transaction that writes the change, an append-only audit entry
(before/after) and the recomputed score (the pure engine in casereview.scoring).
The case list's denormalised review columns are refreshed in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereview.domain.enums import Answer, ReviewStage, ReviewStatus
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.scoring.engine import ItemAnswer, score, validate_answer
from casereview.services.concurrency import claim_review
from casereview.services.context import ServiceContext
from casereview.services.deficiencies import sync_from_review
from casereview.services.dto import (
    AuditInfo,
    EvidenceInfo,
    ItemResultInfo,
    ItemSnapshot,
    ReviewInfo,
    ReviewState,
    SaveResult,
    StandardVersionInfo,
)
from casereview.services.queries.audit import record_review_audit, review_history
from casereview.services.queries.reviews import (
    answers_of,
    apply_answer,
    clear_result,
    definition_of,
    doc_titles,
    ensure_editable,
    full_snapshot,
    load_review,
    require_result,
    rescore,
    result_info,
    result_snapshot,
    review_info,
    review_state,
    save_result,
)
from casereview.services.queries.standards import (
    latest_for_case_type,
    latest_version_ids,
    parse_standard_content,
    standard_version_info,
)
from casereview.storage.models import (
    Campaign,
    CampaignStandard,
    Case,
    CheckDecision,
    Document,
    EvidenceRef,
    ItemResult,
    Review,
    Standard,
    StandardVersion,
    utcnow,
)

__all__ = [
    "AuditInfo",
    "EvidenceInfo",
    "ItemResultInfo",
    "ItemSnapshot",
    "ReviewInfo",
    "ReviewService",
    "ReviewState",
    "SaveResult",
]


def pinned_version(session: Session, case: Case, campaign_id: int | None) -> int:
    """The standard version a new review of ``case`` is scored against: the campaign's
    choice for the case type, else the latest for the type and procedure. A campaign's
    choice written for another procedure (its general-procedure standard for a 简易程序
    case) gives way to a standard written for the case's own procedure, when one exists,
    so a reviewer does not mark dozens of general-procedure items 不适用 by hand."""
    latest = latest_for_case_type(session, case.case_type, case.procedure)
    if campaign_id is not None:
        chosen = session.scalar(
            select(CampaignStandard.standard_version_id).where(
                CampaignStandard.campaign_id == campaign_id, CampaignStandard.case_type == case.case_type
            )
        )
        if chosen is not None:
            procedure = session.scalar(
                select(Standard.procedure).join(StandardVersion, StandardVersion.standard_id == Standard.id)
                .where(StandardVersion.id == chosen))
            own = session.scalar(select(Standard.procedure).where(Standard.id == latest.standard_id))
            if procedure in (None, "", "none", case.procedure) or own != case.procedure:
                return chosen
    return latest.id


def find_review(
    session: Session,
    case_id: int,
    *,
    stage: str,
    campaign_id: int | None,
    reviewer_id: int | None,
    practice_case_id: int | None = None,
) -> int | None:
    """The id of the latest review of this case at this stage (by this reviewer), if any."""
    query = select(Review.id).where(
        Review.case_id == case_id,
        Review.stage == stage,
        Review.campaign_id.is_(None) if campaign_id is None else Review.campaign_id == campaign_id,
    )
    if practice_case_id is not None:
        query = query.where(Review.practice_case_id == practice_case_id)
    if reviewer_id is not None or stage in (ReviewStage.RECHECK.value, ReviewStage.PRACTICE.value):
        query = query.where(Review.reviewer_id.is_(None) if reviewer_id is None else Review.reviewer_id == reviewer_id)
    return session.scalar(query.order_by(Review.id.desc()).limit(1))


def open_review_in(
    session: Session,
    ctx: ServiceContext,
    case_id: int,
    *,
    stage: str,
    campaign_id: int | None = None,
    reviewer_id: int | None = None,
    practice_case_id: int | None = None,
    standard_version_id: int | None = None,
) -> tuple[Review, bool]:
    """The review of this case at this stage by this reviewer, created (and audited) when
    missing, inside the caller's transaction: (review with its answers loaded, created?)."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"案件 {case_id} 不存在。", case_id=case_id)
    existing = find_review(
        session, case_id, stage=stage, campaign_id=campaign_id, reviewer_id=reviewer_id,
        practice_case_id=practice_case_id,
    )
    if existing is not None:
        return load_review(session, existing), False
    if campaign_id is not None and session.get(Campaign, campaign_id) is None:
        raise NotFoundError(f"评查活动 {campaign_id} 不存在。", campaign_id=campaign_id)
    review = Review(
        case_id=case_id,
        campaign_id=campaign_id,
        standard_version_id=standard_version_id or pinned_version(session, case, campaign_id),
        reviewer_id=reviewer_id,
        stage=stage,
        status=ReviewStatus.DRAFT.value,
        practice_case_id=practice_case_id,
    )
    session.add(review)
    session.flush()
    record_review_audit(session, ctx.actor_name, review, "create", None, {"stage": stage, "case_no": case.case_no})
    return review, True


def submit_in(session: Session, ctx: ServiceContext, review_id: int, expected_version: int | None = None) -> ReviewState:
    """Submit inside the caller's transaction (see ``ReviewService.submit``)."""
    claim_review(session, review_id, ctx.actor_name, expected_version)
    review = load_review(session, review_id)
    ensure_editable(review)
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
    record_review_audit(
        session,
        ctx.actor_name,
        review,
        "submit",
        {"status": "draft"},
        {"status": "submitted", "score": result.total},
    )
    rescore(session, review, result)
    sync_from_review(session, review, std, ctx, result)
    return review_state(session, review, result)


class ReviewService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _claim(self, session: Session, review_id: int, expected_version: int | None) -> int:
        """Lock the review before reading it (fresh aggregates) and check the screen's version."""
        return claim_review(session, review_id, self.ctx.actor_name, expected_version)

    def version_of(self, review_id: int) -> int:
        """The review's current version (one column), for a screen to keep in step."""
        with self.ctx.db.session() as session:
            version = session.scalar(select(Review.version).where(Review.id == review_id))
            if version is None:
                raise NotFoundError(f"评查记录 {review_id} 不存在。", review_id=review_id)
            return int(version)

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
        create: bool = True,
    ) -> ReviewState:
        """The review of this case at this stage by this reviewer, created when missing.

        ``create=False`` (opening a case to look at it) writes nothing: without a review yet,
        the state is an unsaved one (``review.id == 0``, no answers, the standard that would be
        pinned) and the review starts with the first answer (``open_review`` again).
        """
        reviewer_id = reviewer_id if reviewer_id is not None else self.ctx.actor_id
        with self.ctx.db.session() as session:
            if not create:
                existing = find_review(
                    session, case_id, stage=stage, campaign_id=campaign_id, reviewer_id=reviewer_id,
                    practice_case_id=practice_case_id,
                )
                if existing is not None:
                    return review_state(session, load_review(session, existing))
                case = session.get(Case, case_id)
                if case is None:
                    raise NotFoundError(f"案件 {case_id} 不存在。", case_id=case_id)
                version_id = standard_version_id or pinned_version(session, case, campaign_id)
                return self._unsaved_state(session, case, version_id, stage, campaign_id, reviewer_id)
            review, created = open_review_in(
                session, self.ctx, case_id, stage=stage, campaign_id=campaign_id, reviewer_id=reviewer_id,
                practice_case_id=practice_case_id, standard_version_id=standard_version_id,
            )
            return review_state(session, review, rescore(session, review) if created else None)

    def applicable_standards(self, case_id: int) -> list[StandardVersionInfo]:
        """The latest version of every standard written for this case's type (general and
        简易程序 alike): what a review that has no answer yet may be switched to."""
        with self.ctx.db.session() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"案件 {case_id} 不存在。", case_id=case_id)
            latest = latest_version_ids(session)
            versions = session.scalars(
                select(StandardVersion).join(Standard).where(Standard.case_type == case.case_type,
                                                             StandardVersion.id.in_(latest))
                .order_by(Standard.procedure != case.procedure, Standard.code))
            return [standard_version_info(session, v, latest) for v in versions]

    def switch_standard(self, review_id: int, standard_version_id: int,
                        expected_version: int | None = None) -> ReviewState:
        """Score a review against another standard of its case's type (a 简易程序 case
        opened under the general-procedure standard, or back). Only before the first
        answer: a review with any answer, note or decided proposal is refused, since its
        answers would not fit the other standard's items. One transaction, audited."""
        with self.ctx.db.session() as session:
            claim_review(session, review_id, self.ctx.actor_name, expected_version)
            review = load_review(session, review_id)
            ensure_editable(review)
            target = session.get(StandardVersion, standard_version_id)
            if target is None:
                raise NotFoundError(f"评查标准版本 {standard_version_id} 不存在。", standard_version_id=standard_version_id)
            case = session.get(Case, review.case_id)
            assert case is not None
            current = session.get(StandardVersion, review.standard_version_id)
            assert current is not None
            if target.standard.case_type != case.case_type:
                raise ValidationError(f"“{target.standard.name}”不适用于本案的案件类型，请选择本类案件的评查标准。",
                                      standard_version_id=standard_version_id)
            if target.id == current.id:
                return review_state(session, review)
            decided = session.scalar(select(func.count(CheckDecision.id)).where(CheckDecision.review_id == review.id))
            if review.results or decided:
                count = len(review.results)
                raise ConflictError(
                    f"本评查已有 {count} 项作答" + (f"、{decided} 条自动检查处理" if decided else "")
                    + f"，不能再改用“{target.standard.name}”。只有尚未作答的评查可以更换评查标准。",
                    review_id=review_id,
                )
            review.standard_version_id = target.id
            session.flush()
            record_review_audit(
                session, self.ctx.actor_name, review, "switch_standard",
                {"standard_version_id": current.id, "standard": f"{current.standard.name} {current.version}"},
                {"standard_version_id": target.id, "standard": f"{target.standard.name} {target.version}"},
            )
            return review_state(session, review, rescore(session, review))

    def _unsaved_state(
        self, session: Session, case: Case, version_id: int, stage: str, campaign_id: int | None,
        reviewer_id: int | None,
    ) -> ReviewState:
        version = session.get(StandardVersion, version_id)
        assert version is not None
        std = parse_standard_content(version.content)
        info = ReviewInfo(
            id=0, case_id=case.id, case_no=case.case_no, campaign_id=campaign_id, stage=ReviewStage(stage),
            status=ReviewStatus.DRAFT, reviewer_id=reviewer_id, standard_version_id=version_id,
            practice_case_id=None, started_at=utcnow(), submitted_at=None,
        )
        return ReviewState(
            review=info, standard=standard_version_info(session, version), definition=std, results={},
            score=score(std, {}),
        )

    def state(self, review_id: int) -> ReviewState:
        with self.ctx.db.session() as session:
            return review_state(session, load_review(session, review_id))

    def reviews_of_case(self, case_id: int, *, include_practice: bool = False) -> list[ReviewInfo]:
        with self.ctx.db.session() as session:
            case_no = session.scalar(select(Case.case_no).where(Case.id == case_id)) or ""
            query = select(Review).where(Review.case_id == case_id).order_by(Review.id)
            if not include_practice:
                query = query.where(Review.stage != ReviewStage.PRACTICE.value)
            from casereview.services.policy import hidden_first_reviews, practice_source_cases

            hidden = hidden_first_reviews(session, self.ctx.account)  # blind re-check
            me = self.ctx.account.reviewer_id
            # a practice case's source: its reviews are the answer key (only one's own shows)
            key_case = case_id in practice_source_cases(session, self.ctx.account)
            return [
                review_info(r, case_no) for r in session.scalars(query)
                if r.id not in hidden and not (key_case and (me is None or r.reviewer_id != me))
            ]

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
        expected_version: int | None = None,
    ) -> SaveResult:
        """Save one answer (one transaction, audited) and return the new score.
        ``expected_version``: the review version the screen shows (StaleEditError if older)."""
        with self.ctx.db.session() as session:
            self._claim(session, review_id, expected_version)
            review = load_review(session, review_id)
            ensure_editable(review)
            current = apply_answer(
                session,
                review,
                self.ctx.actor_name,
                item_code,
                Answer(answer),
                deduction=deduction,
                occurrences=occurrences,
                note=note,
                check_id=check_id,
                keep_note=keep_note,
            )
            return save_result(session, review, current, rescore(session, review, answer_only=True))

    def set_note(
        self, review_id: int, item_code: str, note: str | None, *, expected_version: int | None = None
    ) -> SaveResult:
        with self.ctx.db.session() as session:
            self._claim(session, review_id, expected_version)
            review = load_review(session, review_id)
            ensure_editable(review)
            current = require_result(review, item_code, "写说明")
            before = result_snapshot(current)
            current.note = note
            current.updated_at = utcnow()
            record_review_audit(
                session, self.ctx.actor_name, review, "note", before, result_snapshot(current), entity="item"
            )
            return save_result(session, review, current, rescore(session, review, answer_only=True))

    def clear_answer(self, review_id: int, item_code: str, *, expected_version: int | None = None) -> SaveResult:
        """Remove an answer (used by undo of a first answer)."""
        with self.ctx.db.session() as session:
            self._claim(session, review_id, expected_version)
            review = load_review(session, review_id)
            ensure_editable(review)
            clear_result(session, review, self.ctx.actor_name, item_code)
            return save_result(session, review, None, rescore(session, review, answer_only=True))

    def restore_item(
        self, review_id: int, item_code: str, snapshot: ItemSnapshot | None, action: str = "undo",
        *, expected_version: int | None = None,
    ) -> SaveResult:
        """Put an item back exactly as ``snapshot`` says (None: unanswered) — answer, amount,
        note and evidence links in one transaction, audited as ``action`` ("undo" / "redo")."""
        if action not in ("undo", "redo"):
            raise ValueError(action)
        with self.ctx.db.session() as session:
            self._claim(session, review_id, expected_version)
            review = load_review(session, review_id)
            ensure_editable(review)
            current = next((r for r in review.results if r.item_code == item_code), None)
            before = full_snapshot(current)
            if snapshot is None:
                if current is not None:
                    review.results.remove(current)
                    current = None
            else:
                answer = Answer(snapshot.answer)
                std = definition_of(session, review)
                validate_answer(std, ItemAnswer(item_code, answer, snapshot.deduction, snapshot.occurrences))
                valid_docs = set(session.scalars(select(Document.id).where(Document.case_id == review.case_id)))
                if current is None:
                    current = ItemResult(item_code=item_code, answer=answer.value)
                    review.results.append(current)
                current.answer = answer.value
                current.deduction = snapshot.deduction if answer is Answer.DEDUCT else None
                current.occurrences = snapshot.occurrences if answer is Answer.DEDUCT else None
                current.note = snapshot.note
                wanted = [p for p in dict.fromkeys(snapshot.evidence) if p[0] in valid_docs]
                for link in list(current.evidence):
                    if (link.document_id, link.page) not in wanted:
                        current.evidence.remove(link)
                have = {(e.document_id, e.page) for e in current.evidence}
                for document_id, page in wanted:
                    if (document_id, page) not in have:
                        current.evidence.append(EvidenceRef(document_id=document_id, page=page))
                current.updated_at = utcnow()
            session.flush()
            record_review_audit(
                session, self.ctx.actor_name, review, action, before, full_snapshot(current), entity="item"
            )
            return save_result(session, review, current, rescore(session, review, answer_only=True))

    def add_evidence(
        self, review_id: int, item_code: str, document_id: int, page: int, quote: str | None = None,
        *, expected_version: int | None = None,
    ) -> ItemResultInfo:
        with self.ctx.db.session() as session:
            version = self._claim(session, review_id, expected_version)
            review = load_review(session, review_id)
            ensure_editable(review)
            doc = session.get(Document, document_id)
            if doc is None or doc.case_id != review.case_id:
                raise ValidationError("只能关联本案卷的文书页面。", document_id=document_id)
            if not 1 <= page <= max(doc.page_count, 1):
                raise ValidationError(f"页码 {page} 超出文书“{doc.title}”的页数 {doc.page_count}。", page=page)
            current = require_result(review, item_code, "关联页面")
            if not any(e.document_id == document_id and e.page == page for e in current.evidence):
                current.evidence.append(EvidenceRef(document_id=document_id, page=page, quote=quote))
                session.flush()
                record_review_audit(
                    session,
                    self.ctx.actor_name,
                    review,
                    "evidence_add",
                    None,
                    {"item": item_code, "document_id": document_id, "page": page},
                )
            return replace(result_info(current, doc_titles(session, review)), review_version=version)

    def remove_evidence(
        self, review_id: int, evidence_id: int, *, expected_version: int | None = None
    ) -> ItemResultInfo:
        with self.ctx.db.session() as session:
            version = self._claim(session, review_id, expected_version)
            review = load_review(session, review_id)
            ensure_editable(review)
            for r in review.results:
                for e in r.evidence:
                    if e.id == evidence_id:
                        record_review_audit(
                            session,
                            self.ctx.actor_name,
                            review,
                            "evidence_remove",
                            {"item": r.item_code, "document_id": e.document_id, "page": e.page},
                            None,
                        )
                        r.evidence.remove(e)
                        session.flush()
                        return replace(result_info(r, doc_titles(session, review)), review_version=version)
            raise NotFoundError(f"证据链接 {evidence_id} 不存在。", evidence_id=evidence_id)

    # -- submission -----------------------------------------------------------------

    def submit(self, review_id: int, *, expected_version: int | None = None) -> ReviewState:
        """Lock the review once every item is answered; confirmed deductions become deficiencies.
        One transaction, scored once."""
        with self.ctx.db.session() as session:
            return submit_in(session, self.ctx, review_id, expected_version)

    def reopen(self, review_id: int, reason: str, *, expected_version: int | None = None) -> ReviewState:
        if not reason or not reason.strip():
            raise ValidationError("重新打开已提交的评查必须填写理由。")
        with self.ctx.db.session() as session:
            self._claim(session, review_id, expected_version)
            review = load_review(session, review_id)
            if review.status != ReviewStatus.SUBMITTED.value:
                raise ConflictError("该评查尚未提交，无需重新打开。", review_id=review_id)
            review.status = ReviewStatus.DRAFT.value
            review.submitted_at = None
            record_review_audit(
                session,
                self.ctx.actor_name,
                review,
                "reopen",
                {"status": "submitted"},
                {"status": "draft"},
                reason=reason.strip(),
            )
            return review_state(session, review, rescore(session, review))

    def history(self, review_id: int) -> list[AuditInfo]:
        with self.ctx.db.session() as session:
            return review_history(session, review_id)
