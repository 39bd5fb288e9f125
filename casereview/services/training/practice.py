"""Practice reviews (练习): publishing a finished review as an anonymised practice case,
trainees scoring it, and comparing attempts with the key."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.accounts.roles import Cap
from casereview.anonymize import Anonymizer
from casereview.domain.enums import ReviewStage, ReviewStatus
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.services.docintel import register_read_identities
from casereview.services.training.base import TrainingBase, case_type_label, ocr_lines_of
from casereview.services.training.types import DEFAULT_SET, PracticeCaseInfo, TraineeInfo, training_options
from casereview.storage import audit_chain
from casereview.storage.models import Case, PracticeCase, Review, Reviewer
from casereview.training.practice import Attempt, CohortResults, PracticeComparison, cohort, compare

if TYPE_CHECKING:
    from casereview.services.cases import CaseDetail
    from casereview.services.documents import DocumentFile
    from casereview.services.reviews import ReviewState


class PracticeMixin(TrainingBase):
    def _practice_info(self, session: Session, pc: PracticeCase) -> PracticeCaseInfo:
        case = session.get(Case, pc.case_id)
        key = session.get(Review, pc.key_review_id)
        assert case is not None and key is not None
        attempts = session.execute(
            select(Review.status).where(
                Review.practice_case_id == pc.id, Review.stage == ReviewStage.PRACTICE.value
            )
        ).scalars().all()
        return PracticeCaseInfo(
            id=pc.id,
            case_id=pc.case_id,
            key_review_id=pc.key_review_id,
            practice_set=pc.practice_set,
            title=pc.title,
            case_type=case.case_type,
            case_type_label=case_type_label(case.case_type),
            standard_version_id=key.standard_version_id,
            # the trainer's explanations name the key's findings: for trainers only (a
            # trainee reads them in the comparison, after submitting)
            explanations=(
                {str(k): str(v) for k, v in (pc.explanations or {}).items()}
                if self.ctx.account.can(Cap.TRAINING) else {}
            ),
            published_at=pc.published_at,
            active=pc.active,
            attempts=len(attempts),
            submitted=sum(1 for s in attempts if s == ReviewStatus.SUBMITTED.value),
        )

    def publishable_reviews(self, limit: int = 200) -> list[dict[str, Any]]:
        """Submitted authoritative reviews that could become answer keys (newest first)."""
        from casereview.services.deficiencies import is_authoritative

        with self.ctx.db.session() as session:
            published = set(session.scalars(select(PracticeCase.key_review_id).where(PracticeCase.active.is_(True))))
            rows = session.execute(
                select(Review, Case.case_no, Case.case_type, Case.cause)
                .join(Case, Case.id == Review.case_id)
                .where(Review.status == ReviewStatus.SUBMITTED.value, Review.stage != ReviewStage.PRACTICE.value)
                .order_by(Review.submitted_at.desc(), Review.id.desc())
                .limit(limit * 3)
            ).all()
            out = []
            for review, case_no, case_type, cause in rows:
                if not is_authoritative(review):
                    continue
                out.append(
                    {
                        "review_id": review.id,
                        "case_id": review.case_id,
                        "case_no": case_no,
                        "case_type_label": case_type_label(case_type),
                        "cause": cause or "",
                        "stage_label": ReviewStage(review.stage).label,
                        "score": review.total_score,
                        "grade": review.grade,
                        "published": review.id in published,
                    }
                )
                if len(out) >= limit:
                    break
            return out

    def publish_practice(
        self,
        review_id: int,
        *,
        practice_set: str = DEFAULT_SET,
        title: str | None = None,
        explanations: Mapping[str, str] | None = None,
    ) -> PracticeCaseInfo:
        """Make a finished, authoritative review the answer key of a new practice case.

        The key must be submitted and final (reconciled) or a first review outside any
        campaign; draft, re-check-only and practice reviews are refused. Explanations default
        to the key's own notes on its findings (anonymised), for the trainer to refine.
        """
        from casereview.scoring.engine import score
        from casereview.services.deficiencies import is_authoritative
        from casereview.services.queries.reviews import answers_of, definition_of

        practice_set = (practice_set or DEFAULT_SET).strip() or DEFAULT_SET
        with self.ctx.db.session() as session:
            review = session.get(Review, review_id)
            if review is None:
                raise NotFoundError(f"评查记录 {review_id} 不存在。", review_id=review_id)
            if review.stage == ReviewStage.PRACTICE.value:
                raise ValidationError("练习评查不能作为参考答案。", review_id=review_id)
            if review.status != ReviewStatus.SUBMITTED.value:
                raise ValidationError(f"评查记录 {review_id} 尚未提交，不能作为参考答案。", review_id=review_id)
            if not is_authoritative(review):
                raise ValidationError(
                    f"评查记录 {review_id} 不是最终结论（需合议后的终评，或不属于评查活动的已提交初评）。",
                    review_id=review_id,
                )
            dup = session.scalar(
                select(PracticeCase).where(
                    PracticeCase.key_review_id == review_id,
                    PracticeCase.practice_set == practice_set,
                    PracticeCase.active.is_(True),
                )
            )
            if dup is not None:
                raise ConflictError(f"该评查已发布在练习集“{practice_set}”中（练习 {dup.id}）。", practice_case_id=dup.id)
            case = session.get(Case, review.case_id)
            assert case is not None
            anon = Anonymizer(training_options())
            self._register(session, anon, case)
            std = definition_of(session, review)
            scored = score(std, answers_of(review.results))
            notes: dict[str, str] = {}
            for r in review.results:
                item = std.item(r.item_code)
                found = r.answer == "veto" or scored.item_deductions.get(r.item_code, 0.0) > 0
                if found and item is not None:
                    notes[r.item_code] = anon.mask(r.note or (item.phrases[0] if item.phrases else item.text))
            if explanations:
                for code, text in explanations.items():
                    if std.item(code) is None:
                        raise ValidationError(f"评查标准中没有评查项 {code}。", item=code)
                    if text.strip():
                        notes[code] = anon.mask(text.strip())
            count = len(session.scalars(select(PracticeCase.id).where(PracticeCase.practice_set == practice_set)).all())
            default_title = f"练习{count + 1}：{case_type_label(case.case_type)}·{anon.mask(case.cause or '')}"
            pc = PracticeCase(
                case_id=case.id,
                key_review_id=review.id,
                practice_set=practice_set,
                title=(anon.mask(title.strip()) if title and title.strip() else default_title)[:200],
                explanations=notes,
            )
            session.add(pc)
            session.flush()
            self._audit(session, pc, "publish", {"key_review_id": review.id, "practice_set": practice_set,
                                                 "title": pc.title})
            return self._practice_info(session, pc)

    def set_explanation(self, practice_case_id: int, item_code: str, text: str) -> PracticeCaseInfo:
        with self.ctx.db.session() as session:
            pc = self._practice(session, practice_case_id)
            notes = dict(pc.explanations or {})
            if text.strip():
                notes[item_code] = text.strip()
            else:
                notes.pop(item_code, None)
            pc.explanations = notes
            self._audit(session, pc, "explanation", {"item_code": item_code, "text": text.strip()})
            return self._practice_info(session, pc)

    def set_practice_active(self, practice_case_id: int, active: bool) -> PracticeCaseInfo:
        with self.ctx.db.session() as session:
            pc = self._practice(session, practice_case_id)
            pc.active = active
            self._audit(session, pc, "activate" if active else "deactivate", {"active": active})
            return self._practice_info(session, pc)

    def _audit(self, session: Session, pc: PracticeCase, action: str, after: dict[str, Any]) -> None:
        audit_chain.record(session, actor=self.ctx.actor_name, entity="practice_case", entity_id=pc.id,
                           action=action, after=after)

    def _practice(self, session: Session, practice_case_id: int) -> PracticeCase:
        pc = session.get(PracticeCase, practice_case_id)
        if pc is None:
            raise NotFoundError(f"练习案卷 {practice_case_id} 不存在。", practice_case_id=practice_case_id)
        return pc

    def practice_cases(self, practice_set: str | None = None, *, active_only: bool = True) -> list[PracticeCaseInfo]:
        with self.ctx.db.session() as session:
            query = select(PracticeCase).order_by(PracticeCase.practice_set, PracticeCase.id)
            if practice_set:
                query = query.where(PracticeCase.practice_set == practice_set)
            if active_only:
                query = query.where(PracticeCase.active.is_(True))
            return [self._practice_info(session, pc) for pc in session.scalars(query)]

    def practice_case(self, practice_case_id: int) -> PracticeCaseInfo:
        with self.ctx.db.session() as session:
            return self._practice_info(session, self._practice(session, practice_case_id))

    def practice_sets(self) -> list[str]:
        with self.ctx.db.session() as session:
            return sorted(set(session.scalars(select(PracticeCase.practice_set))))

    def trainees(self) -> list[TraineeInfo]:
        """The roster (trainees first): anyone may practise."""
        with self.ctx.db.session() as session:
            rows = session.scalars(select(Reviewer).where(Reviewer.active.is_(True)).order_by(Reviewer.id)).all()
            ordered = sorted(rows, key=lambda r: (r.role != "trainee", r.id))
            return [TraineeInfo(r.id, r.name, r.role) for r in ordered]

    def start_practice(self, practice_case_id: int, reviewer_id: int | None = None) -> ReviewState:
        """Open (or resume) the trainee's practice review, pinned to the key's standard version.
        One transaction: the practice case is checked and the review created together."""
        from casereview.services.queries.reviews import rescore, review_state
        from casereview.services.reviews import open_review_in

        with self.ctx.db.session() as session:
            pc = self._practice(session, practice_case_id)
            if not pc.active:
                raise ConflictError(f"练习案卷 {practice_case_id} 已停用。", practice_case_id=practice_case_id)
            key = session.get(Review, pc.key_review_id)
            if key is None:
                raise NotFoundError(f"练习案卷 {practice_case_id} 的参考答案不存在。", practice_case_id=practice_case_id)
            review, created = open_review_in(
                session,
                self.ctx,
                pc.case_id,
                stage=ReviewStage.PRACTICE.value,
                practice_case_id=practice_case_id,
                reviewer_id=reviewer_id if reviewer_id is not None else self.ctx.actor_id,
                standard_version_id=key.standard_version_id,
            )
            return review_state(session, review, rescore(session, review) if created else None)

    def practice_case_view(self, practice_case_id: int) -> CaseDetail:
        """The practice case as the workspace shows it in practice mode: every name and
        identifier masked (parties, officers, unit, case numbers, addresses, plates ...)."""
        from casereview.services.cases import CaseService

        info = self.practice_case(practice_case_id)
        detail = CaseService(self.ctx).detail(info.case_id)
        anon = Anonymizer(training_options())
        anon.register_case(
            {**detail.fields, "unit_name": detail.unit_name, "officers": [o.name for o in detail.officers]}
        )
        with self.ctx.db.session() as session:
            register_read_identities(session, anon, [info.case_id])  # names the (scanned) pages show
        # the source case's review columns are the key's result: never in the practice view
        fields = {**anon.mask_fields(detail.fields), "review_score": None, "review_grade": None}
        officers = tuple(
            dataclasses.replace(
                o, name=anon.officer(o.name), cert_no=None, unit_name=anon.unit(o.unit_name) if o.unit_name else None
            )
            for o in detail.officers
        )
        documents = tuple(
            dataclasses.replace(d, title=anon.mask(d.title), original_name=None) for d in detail.documents
        )
        return dataclasses.replace(
            detail,
            case_no=anon.case_no(detail.case_no),
            unit_name=anon.unit(detail.unit_name) if detail.unit_name else "",
            fields=fields,
            officers=officers,
            documents=documents,
        )

    def practice_text(self, practice_case_id: int, text: str) -> str:
        """Mask document text (OCR, first-page text) of a practice case."""
        info = self.practice_case(practice_case_id)
        return self.anonymizer_for_cases([info.case_id]).mask(text)

    def practice_page_image(self, practice_case_id: int, document_id: int, page: int) -> Path | None:
        """A whole page of a practice case's document, redacted, for the practice viewer."""
        info = self.practice_case(practice_case_id)
        with self.ctx.db.session() as session:
            from casereview.storage.models import Document

            doc = session.get(Document, document_id)
            if doc is None or doc.case_id != info.case_id:
                raise ValidationError("只能查看本练习案卷的文书。", document_id=document_id)
        return self.evidence_page_image(document_id, page, training_options(), crop=False)

    def practice_document(self, practice_case_id: int, document_id: int) -> DocumentFile:
        """A practice case's document as the viewer opens it, with every page redacted.

        PDF documents become a redacted PDF of their own pages (cached), so page numbers
        and evidence links work as in a real review. Pages without a text layer and image
        documents cannot be checked for names: they are replaced by a notice page.
        """
        from casereview.services.documents import DocumentFile, DocumentService
        from casereview.training.pages import RENDER_SCALE, render_page

        info = self.practice_case(practice_case_id)
        real = DocumentService(self.ctx).open_info(document_id)
        if real.case_id != info.case_id:
            raise ValidationError("只能查看本练习案卷的文书。", document_id=document_id)
        title = self.practice_text(practice_case_id, real.title)
        if real.kind == "docx":
            return dataclasses.replace(real, title=title)
        anon = self.anonymizer_for_cases([info.case_id])
        cache = self.page_cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256("\0".join(anon.sensitive_values()).encode()).hexdigest()[:12]
        target = cache / f"practice-{practice_case_id}-{document_id}-{digest}.pdf"
        if not target.exists():
            from PIL import Image, ImageDraw

            pages: list[Image.Image] = []
            for page in range(1, max(real.page_count, 1) + 1):
                image = None
                if real.kind == "pdf":
                    index = real.blob_page(page)
                    image = render_page(real.path, index, cache, anon, (0.0, 1.0), ocr_lines_of(self.ctx, real.path, index))
                if image is not None:
                    with Image.open(image.path) as img:
                        pages.append(img.convert("RGB"))
                else:
                    blank = Image.new("RGB", (952, 1347), (235, 235, 235))
                    ImageDraw.Draw(blank).text((60, 600), "This page cannot be anonymised automatically.", fill=(80, 80, 80))
                    pages.append(blank)
            tmp = target.with_suffix(".tmp")
            pages[0].save(tmp, "PDF", save_all=True, append_images=pages[1:], resolution=72 * RENDER_SCALE)
            tmp.replace(target)
        return DocumentFile(
            document_id=real.document_id,
            case_id=real.case_id,
            title=title,
            doc_type=real.doc_type,
            kind="pdf",
            path=target,
            page_start=1,
            page_count=max(real.page_count, 1),
        )

    def practice_docx_paragraphs(self, practice_case_id: int, document_id: int) -> list[str]:
        from casereview.services.documents import DocumentService

        info = self.practice_case(practice_case_id)
        anon = self.anonymizer_for_cases([info.case_id])
        return [anon.mask(p) for p in DocumentService(self.ctx).docx_paragraphs(document_id)]

    def _compare(self, session: Session, review: Review) -> PracticeComparison:
        from casereview.services.queries.reviews import answers_of, definition_of

        if review.stage != ReviewStage.PRACTICE.value or review.practice_case_id is None:
            raise ValidationError(f"评查记录 {review.id} 不是练习评查。", review_id=review.id)
        pc = self._practice(session, review.practice_case_id)
        key = session.get(Review, pc.key_review_id)
        assert key is not None
        std = definition_of(session, key)
        known = set(std.item_codes())
        trainee_answers = {c: a for c, a in answers_of(review.results).items() if c in known}
        return compare(
            std,
            answers_of(key.results),
            trainee_answers,
            # the trainer's explanations name the key's findings: for trainers only (a
            # trainee reads them in the comparison, after submitting)
            explanations=(
                {str(k): str(v) for k, v in (pc.explanations or {}).items()}
                if self.ctx.account.can(Cap.TRAINING) else {}
            ),
            key_notes={r.item_code: r.note for r in key.results},
            trainee_notes={r.item_code: r.note for r in review.results},
        )

    def compare_practice(self, review_id: int) -> PracticeComparison:
        """The item-by-item comparison of a practice review with its key (shown after submission)."""
        with self.ctx.db.session() as session:
            review = session.get(Review, review_id)
            if review is None:
                raise NotFoundError(f"评查记录 {review_id} 不存在。", review_id=review_id)
            comparison = self._compare(session, review)
            if review.status != ReviewStatus.SUBMITTED.value:
                raise ConflictError("练习提交后才能对照参考答案。", review_id=review_id)
            pc = self._practice(session, review.practice_case_id or 0)
            case = session.get(Case, pc.case_id)
            assert case is not None
            # key notes may quote the real file: mask them like everything else in practice
            anon = Anonymizer(training_options())
            self._register(session, anon, case)
            items = tuple(
                dataclasses.replace(i, key_note=anon.mask(i.key_note) if i.key_note else i.key_note)
                for i in comparison.items
            )
            return dataclasses.replace(comparison, items=items)

    def practice_results(self, practice_set: str | None = None) -> CohortResults:
        """Every submitted practice review (of the set), compared with its key."""
        with self.ctx.db.session() as session:
            query = (
                select(Review, PracticeCase.title, Reviewer.name)
                .join(PracticeCase, PracticeCase.id == Review.practice_case_id)
                .outerjoin(Reviewer, Reviewer.id == Review.reviewer_id)
                .where(Review.stage == ReviewStage.PRACTICE.value, Review.status == ReviewStatus.SUBMITTED.value)
                .order_by(Review.id)
            )
            if practice_set:
                query = query.where(PracticeCase.practice_set == practice_set)
            attempts = [
                Attempt(
                    review_id=review.id,
                    reviewer_id=review.reviewer_id,
                    reviewer_name=name or "未指定学员",
                    practice_case_id=review.practice_case_id or 0,
                    practice_title=title,
                    comparison=self._compare(session, review),
                    submitted_at=review.submitted_at,
                )
                for review, title, name in session.execute(query)
            ]
        return cohort(attempts)
