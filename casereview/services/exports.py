"""Exports: the per-file 评查表 (single and campaign batch), the campaign report (PDF, DOCX)
and the statistics workbook. Each writes to a binary stream (or a folder of files for
the batch), reports progress through a plain callback and stops when ``cancel()`` says
so; the UI wraps these in its worker and a progress dialog, the CLI calls them directly.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.domain.enums import Answer, CaseType, Procedure, ReviewStage, ReviewStatus, label_of
from casereview.errors import ConflictError, NotFoundError, PermissionDenied, StorageError, ValidationError
from casereview.exports.output import atomic_output, os_error_message
from casereview.exports.pdf_common import PdfOptions
from casereview.exports.review_form_pdf import FormCategory, FormItem, ReviewForm, render_review_forms
from casereview.localtime import local_date
from casereview.scoring.engine import score
from casereview.services.audit import ChainCache
from casereview.services.context import ServiceContext
from casereview.services.docintel import register_read_identities
from casereview.services.queries.reviews import answers_of, definition_of, load_review
from casereview.services.stats import StatsService
from casereview.stats.compute import pick_counted
from casereview.stats.model import Statistics, StatsFilter
from casereview.storage import audit_chain
from casereview.storage.case_numbers import find_case_id
from casereview.storage.models import (
    Assignment,
    Campaign,
    Case,
    Document,
    Review,
    Reviewer,
    StandardVersion,
    Unit,
)

if TYPE_CHECKING:
    from casereview.exports.official import OfficialDocument

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class ExportResult:
    paths: tuple[Path, ...]
    count: int
    total: int
    cancelled: bool
    seconds: float


class _Cancelled(Exception):
    """Raised inside ``atomic_output`` so a cancelled combined export leaves no file."""


def safe_filename(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("._") or "未命名"


def _status_label(review: Review) -> str:
    if review.status != ReviewStatus.SUBMITTED.value:
        return "评查中（未提交，草稿）"
    if review.stage == ReviewStage.FINAL.value or (review.stage == ReviewStage.FIRST.value and review.campaign_id is None):
        return "已提交（最终结果）"
    return f"已提交（{label_of(ReviewStage, review.stage)}，尚未完成复核合议，非最终结果）"


def _fmt_date(value: Any) -> str:
    """A stored instant (naive UTC) printed as the local calendar day it happened on."""
    day = local_date(value) if value else None
    return day.strftime("%Y-%m-%d") if day else ""


class ExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.stats = StatsService(ctx)
        self._chain_cache: ChainCache = {}  # one chain walk per batch export (services.audit)

    # -- choosing reviews ---------------------------------------------------------------

    def counted_review_id(self, case_ref: int | str, *, campaign_id: int | None = None) -> int:
        """The counted review of a case (see casereview.stats.compute); a draft when none is submitted."""
        with self.ctx.db.session() as session:
            case = self._case(session, case_ref)
            case_id, case_no = case.id, case.case_no
        # which review counts for the file is the same for everyone; whether the caller may
        # read it is decided by review_form's own check (own review, lead, blind re-check)
        data = self.stats._load_input(StatsFilter(campaign_id=campaign_id), scoped=False)
        rows = [r for r in data.reviews if r.case_id == case_id]
        # a file still in re-check exports its latest result, marked as not final (草稿)
        counted = pick_counted(rows, StatsFilter(include_unfinished=True))
        if counted:
            return counted[0].review_id
        with self.ctx.db.session() as session:
            query = select(Review.id).where(Review.case_id == case_id, Review.stage != ReviewStage.PRACTICE.value)
            if campaign_id is not None:
                query = query.where(Review.campaign_id == campaign_id)
            draft = session.scalar(query.order_by(Review.id.desc()).limit(1))
        if draft is None:
            raise NotFoundError(f"案件 {case_no} 尚未评查，没有可导出的评查表。", case_no=case_no)
        return draft

    def campaign_review_ids(self, campaign_id: int) -> list[int]:
        """The latest review of each of a campaign's files, ordered by case number (files whose
        re-check is not finished are included; their forms carry the 草稿 watermark)."""
        flt = StatsFilter(campaign_id=campaign_id, include_unfinished=True)
        data = self.stats.load_input(flt)
        return [r.review_id for r in pick_counted(data.reviews, flt)]

    def _case(self, session: Session, ref: int | str) -> Case:
        if isinstance(ref, int):
            case = session.get(Case, ref)
        else:
            found = find_case_id(session, ref)
            case = session.get(Case, found) if found is not None else None
        if case is None:
            raise NotFoundError(f"案件“{ref}”不存在。", case=str(ref))
        return case

    # -- building the 评查表 -------------------------------------------------------------

    def review_form(self, review_id: int, *, mask: bool = False) -> ReviewForm:
        with self.ctx.db.session() as session:
            return self._form(session, review_id, mask=mask)

    def iter_forms(self, review_ids: list[int], *, mask: bool = False) -> Iterator[ReviewForm]:
        for review_id in review_ids:
            yield self.review_form(review_id, mask=mask)

    def _form(self, session: Session, review_id: int, *, mask: bool) -> ReviewForm:
        from casereview.services.audit import ensure_review_intact, review_code
        from casereview.services.policy import hidden_first_reviews

        if review_id in hidden_first_reviews(session, self.ctx.account):
            raise PermissionDenied("盲评复核进行中：复核人及其单位在复核提交前不能导出或查看初评结论。",
                                   code="blind_recheck", review_id=review_id)
        # Nothing is printed from data changed behind the program's back; the refusal is
        # audited in its own transaction (as an export entry, not a review one: a review entry
        # would record the tampered content's digest as current).
        try:
            ensure_review_intact(session, review_id, self._chain_cache)
        except ConflictError as exc:
            with self.ctx.db.session() as audit_session:
                audit_chain.record(audit_session, actor=self.ctx.actor_name, entity="export", entity_id=review_id,
                                   action="refused", after={"code": exc.code}, reason=exc.message)
            raise
        code = review_code(session, review_id) or ""
        review = load_review(session, review_id)
        case = session.get(Case, review.case_id)
        assert case is not None
        std = definition_of(session, review)
        version = session.get(StandardVersion, review.standard_version_id)
        assert version is not None
        result = score(std, answers_of(review.results))
        by_code = {r.item_code: r for r in review.results}
        doc_ids = {e.document_id for r in review.results for e in r.evidence}
        titles: dict[int, str] = (
            {i: t for i, t in session.execute(select(Document.id, Document.title).where(Document.id.in_(doc_ids)))}
            if doc_ids
            else {}
        )
        unit_name = session.scalar(select(Unit.name).where(Unit.id == case.unit_id)) if case.unit_id else ""
        anonymizer = None
        if mask:
            from casereview.anonymize import AnonymizeOptions, Anonymizer

            anonymizer = Anonymizer(AnonymizeOptions())
            anonymizer.register_case({c: getattr(case, c) for c in (
                "party_name", "party_type", "party_id_no", "party_address", "party_phone", "vehicle_plate",
                "case_no", "decision_no")})
            register_read_identities(session, anonymizer, [case.id])  # what the (scanned) pages name

        def clean(text: str | None) -> str:
            text = (text or "").strip()
            return anonymizer.mask(text) if anonymizer is not None else text

        cat_scores = {c.code: c for c in result.category_scores}
        categories: list[FormCategory] = []
        for cat in std.categories:
            items: list[FormItem] = []
            for item in cat.items:
                r = by_code.get(item.code)
                evidence = "；".join(
                    f"《{titles.get(e.document_id, '文书')}》第{e.page}页" for e in (r.evidence if r else [])
                )
                items.append(
                    FormItem(
                        code=item.code,
                        text=item.text,
                        max_points=item.max_points,
                        answer=r.answer if r else "",
                        deduction=result.item_deductions.get(item.code),
                        note=clean(r.note) if r and r.answer in (Answer.DEDUCT.value, Answer.VETO.value,
                                                                   Answer.NOT_APPLICABLE.value) else "",
                        evidence=evidence,
                        veto_effect=item.veto.label if item.veto else "",
                    )
                )
            cs = cat_scores[cat.code]
            categories.append(
                FormCategory(cat.code, cat.name, cs.max_points, cs.deducted, cs.score, cat.veto_tier, tuple(items))
            )
        reviewer, reviewer_date, rechecker, rechecker_date, final_date = self._people(session, review)
        campaign_name = ""
        if review.campaign_id is not None:
            campaign_name = session.scalar(select(Campaign.name).where(Campaign.id == review.campaign_id)) or ""
        party = case.party_name or ""
        return ReviewForm(
            review_id=review.id,
            case_no=case.case_no,
            unit_name=unit_name or "",
            case_type_label=label_of(CaseType, case.case_type),
            procedure_label=label_of(Procedure, case.procedure) if case.procedure not in (None, "none") else "",
            party=clean(party) if party else "",
            cause=clean(case.cause),
            decision_no=case.decision_no or "",
            decision_date=_fmt_date(case.decision_date),
            standard_name=std.name,
            standard_version=std.version,
            standard_hash=version.content_hash,
            categories=tuple(categories),
            veto_hits=tuple(f"{h.item_code} {h.text}（{h.effect.label}）" for h in result.veto_hits),
            total=result.total,
            max_total=result.max_total,
            deducted=result.deducted,
            grade=result.grade,
            stage_label=label_of(ReviewStage, review.stage),
            campaign_name=campaign_name,
            reviewer=reviewer,
            reviewer_date=reviewer_date,
            rechecker=rechecker,
            rechecker_date=rechecker_date,
            final_date=final_date,
            not_applicable=tuple(result.not_applicable),
            total_before_veto=result.total_before_veto if result.veto_hits else None,
            status_label=_status_label(review),
            final=review.status == ReviewStatus.SUBMITTED.value
            and (review.stage == ReviewStage.FINAL.value
                 or (review.stage == ReviewStage.FIRST.value and review.campaign_id is None)),
            verification_code=code,
        )

    def _people(self, session: Session, review: Review) -> tuple[str, str, str, str, str]:
        """评查人 / 复核人 and their dates from the case's reviews in the same campaign (or none)."""
        query = select(Review.stage, Review.submitted_at, Reviewer.name).outerjoin(
            Reviewer, Reviewer.id == Review.reviewer_id
        ).where(Review.case_id == review.case_id, Review.stage != ReviewStage.PRACTICE.value)
        query = query.where(
            Review.campaign_id.is_(None) if review.campaign_id is None else Review.campaign_id == review.campaign_id
        )
        first_names: list[str] = []
        first_dates: list[str] = []
        recheck_name = recheck_date = final_date = ""
        for stage, submitted_at, name in session.execute(query.order_by(Review.id)):
            if stage == ReviewStage.FIRST.value and (submitted_at or stage == review.stage):
                if name and name not in first_names:
                    first_names.append(name)
                if submitted_at:
                    first_dates.append(_fmt_date(submitted_at))
            elif stage == ReviewStage.RECHECK.value:
                recheck_name = name or recheck_name
                recheck_date = _fmt_date(submitted_at) or recheck_date
            elif stage == ReviewStage.FINAL.value:
                final_date = _fmt_date(submitted_at) or final_date
        if not recheck_name and review.campaign_id is not None:
            recheck_name = (
                session.scalar(
                    select(Reviewer.name)
                    .join(Assignment, Assignment.rechecker_id == Reviewer.id)
                    .where(Assignment.campaign_id == review.campaign_id, Assignment.case_id == review.case_id)
                )
                or ""
            )
        if not recheck_date and final_date:
            recheck_date = final_date
        return "、".join(first_names), (max(first_dates) if first_dates else ""), recheck_name, recheck_date, final_date

    # -- 评查表 exports ------------------------------------------------------------------

    def export_review_pdf(
        self,
        case_ref: int | str,
        stream: BinaryIO,
        *,
        mask: bool = False,
        options: PdfOptions | None = None,
        campaign_id: int | None = None,
        review_id: int | None = None,
    ) -> ReviewForm:
        if not review_id:
            review_id = self.counted_review_id(case_ref, campaign_id=campaign_id)
            # the review found for the file goes through the same check as one named by id
            # (own review; leads, administrators, trainers any; never a hidden first scoring)
            from casereview.services.policy import check_call

            check_call(self.ctx, "exports", "review_form", {"review_id": review_id})
        form = self.review_form(review_id, mask=mask)
        render_review_forms([form], stream, options)
        return form

    def export_campaign_reviews(
        self,
        campaign_id: int,
        target: str | os.PathLike[str],
        *,
        combined: bool = False,
        mask: bool = False,
        options: PdfOptions | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        review_ids: list[int] | None = None,
    ) -> ExportResult:
        """One 评查表 per counted review of the campaign: a folder of files, or one combined PDF.

        A cancelled combined export leaves no file; a cancelled folder export keeps the
        forms already written (each file is complete)."""
        started = time.perf_counter()
        ids = review_ids if review_ids is not None else self.campaign_review_ids(campaign_id)
        total = len(ids)
        target = Path(target)
        if combined or target.suffix.lower() == ".pdf":
            return self._combined(ids, target, mask, options, progress, cancel, started)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(os_error_message(exc, target), path=str(target)) from exc
        written: list[Path] = []
        cancelled = False
        if progress:
            progress(0, total)
        for index, review_id in enumerate(ids, start=1):
            if cancel is not None and cancel():
                cancelled = True
                break
            form = self.review_form(review_id, mask=mask)
            path = target / f"评查表_{safe_filename(form.case_no)}.pdf"
            with atomic_output(path) as fh:
                render_review_forms([form], fh, options)
            written.append(path)
            if progress:
                progress(index, total)
        return ExportResult(tuple(written), len(written), total, cancelled, time.perf_counter() - started)

    def _combined(
        self,
        ids: list[int],
        target: Path,
        mask: bool,
        options: PdfOptions | None,
        progress: Progress | None,
        cancel: Cancel | None,
        started: float,
    ) -> ExportResult:
        if target.suffix.lower() != ".pdf":
            raise ValidationError(f"合并导出需要 .pdf 文件名，而不是“{target}”。", path=str(target))
        total = len(ids)
        state = {"done": 0, "cancelled": False}

        def on_form(_form: ReviewForm) -> bool:
            if cancel is not None and cancel():
                state["cancelled"] = True
                return False
            state["done"] += 1
            if progress:
                progress(state["done"], total)
            return True

        if progress:
            progress(0, total)
        try:
            with atomic_output(target) as fh:
                render_review_forms(self.iter_forms(ids, mask=mask), fh, options, on_form=on_form)
                if state["cancelled"]:
                    raise _Cancelled
        except _Cancelled:
            return ExportResult((), 0, total, True, time.perf_counter() - started)
        return ExportResult((target,), int(state["done"]), total, False, time.perf_counter() - started)

    # -- report and workbook -----------------------------------------------------------

    def _statistics(self, flt: StatsFilter, options: PdfOptions) -> Statistics:
        return self.stats.statistics(flt, today=options.printed_date())

    def report_examples(self, stats: Statistics, *, top: int | None = None) -> dict[str, list[str]]:
        """Anonymised typical examples per item (party names, IDs, plates, addresses masked)."""
        from casereview.anonymize import AnonymizeOptions, Anonymizer

        wanted = {rid for item in stats.items[:top] for rid in item.example_cases}
        case_of = {r.review_id: r.case_id for r in stats.ledger if r.review_id in wanted}
        anonymizer = Anonymizer(AnonymizeOptions())
        if case_of:
            cols = ("party_name", "party_type", "party_id_no", "party_address", "party_phone", "vehicle_plate")
            with self.ctx.db.session() as session:
                for row in session.execute(
                    select(*(getattr(Case, c) for c in cols)).where(Case.id.in_(set(case_of.values())))
                ):
                    anonymizer.register_case(dict(zip(cols, row, strict=True)))
                register_read_identities(session, anonymizer, sorted(set(case_of.values())))
        return {item.key: [anonymizer.mask(e) for e in item.examples] for item in stats.items[:top]}

    def export_report_pdf(
        self,
        flt: StatsFilter,
        stream: BinaryIO,
        *,
        options: PdfOptions | None = None,
        title: str | None = None,
        number: str | None = None,
        addressee: str | None = None,
    ) -> Statistics:
        from casereview.exports.report_pdf import render_report_pdf

        return self._export_report(render_report_pdf, flt, stream, options, title, number, addressee)

    def export_report_docx(
        self,
        flt: StatsFilter,
        stream: BinaryIO,
        *,
        options: PdfOptions | None = None,
        title: str | None = None,
        number: str | None = None,
        addressee: str | None = None,
    ) -> Statistics:
        from casereview.exports.report_docx import render_report_docx

        return self._export_report(render_report_docx, flt, stream, options, title, number, addressee)

    def _export_report(
        self,
        render: Callable[[OfficialDocument, BinaryIO, PdfOptions], None],
        flt: StatsFilter,
        stream: BinaryIO,
        options: PdfOptions | None,
        title: str | None,
        number: str | None = None,
        addressee: str | None = None,
    ) -> Statistics:
        from casereview.exports.report_model import build_report
        from casereview.services.deficiencies import load_settings

        options = options or PdfOptions()
        stats = self._statistics(flt, options)
        with self.ctx.db.session() as session:
            settings = load_settings(session)
        model = build_report(
            stats, self.report_examples(stats), title=title, generated=options.printed_date(),
            office=settings.office(), number=number, addressee=addressee, deadline_days=settings.deadline_days,
        )
        render(model, stream, options)
        return stats

    def export_stats_xlsx(
        self, flt: StatsFilter, stream: BinaryIO, *, options: PdfOptions | None = None
    ) -> Statistics:
        from casereview.exports.stats_xlsx import write_stats_workbook

        options = options or PdfOptions()
        stats = self._statistics(flt, options)
        write_stats_workbook(stats, stream, generated=options.printed_date(), fixed=options.invariant)
        return stats
