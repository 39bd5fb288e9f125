"""Training (培训): the common-error library, curated entries, handouts and practice reviews.

Everything that leaves this service for a wider audience is anonymised with one
``Anonymizer`` per output (casereview.anonymize), so one party is 当事人A throughout a
handout. Real statistics never include practice reviews: the library reads only
deficiencies (which practice reviews never create) of non-practice reviews.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.anonymize import AnonymizeOptions, Anonymizer
from casereview.docintel.pages import Line
from casereview.domain.enums import CaseType, PartyType, ReviewStage, ReviewStatus, label_of
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.paths import user_data_dir
from casereview.services.context import ServiceContext
from casereview.storage.models import (
    Campaign,
    Case,
    CaseOfficer,
    Deficiency,
    Officer,
    PracticeCase,
    Review,
    Reviewer,
    Standard,
    StandardVersion,
    TrainingEntry,
    Unit,
    utcnow,
)
from casereview.training.library import (
    CATEGORY_PREFIX,
    EvidencePage,
    FindingRecord,
    Library,
    LibraryScope,
    build_library,
)
from casereview.training.practice import Attempt, CohortResults, PracticeComparison, cohort, compare

if TYPE_CHECKING:
    from casereview.services.cases import CaseDetail
    from casereview.services.documents import DocumentFile
    from casereview.services.reviews import ReviewState

DEFAULT_SET = "默认练习"


def training_options() -> AnonymizeOptions:
    """Training material hides everything: parties, identifiers, officers, units, case numbers."""
    return AnonymizeOptions.everything()


@dataclass(frozen=True)
class TrainingEntryInfo:
    id: int
    key: str
    title: str
    explanation: str | None
    correct_practice: str | None
    legal_basis: str | None
    example_ids: tuple[int, ...]
    updated_at: datetime

    @property
    def is_category(self) -> bool:
        return self.key.startswith(CATEGORY_PREFIX)


@dataclass(frozen=True)
class Example:
    """One anonymised example of a finding: wording, case facts, evidence page image."""

    deficiency_id: int
    key: str
    case_label: str  # 某案A
    case_type_label: str
    wording: str
    facts: str
    evidence: tuple[str, ...]  # "询问笔录 第2页"
    points: float
    is_veto: bool
    image_path: Path | None = None
    image_note: str | None = None  # why there is no image


@dataclass(frozen=True)
class HandoutEntry:
    key: str
    title: str
    item_label: str  # "A05 立案登记表填写不规范" or "程序类问题"
    standard_name: str
    category: str
    count: int
    case_count: int
    explanation: str
    correct_practice: str
    legal_basis: str
    examples: tuple[Example, ...]
    wordings: tuple[str, ...] = ()
    trend: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Handout:
    title: str
    subtitle: str
    generated: date
    entries: tuple[HandoutEntry, ...]
    options: AnonymizeOptions
    sensitive_values: tuple[str, ...] = field(default=(), repr=False)  # what was masked (for leak checks)


@dataclass(frozen=True)
class PracticeCaseInfo:
    id: int
    case_id: int
    key_review_id: int
    practice_set: str
    title: str
    case_type: str
    case_type_label: str
    standard_version_id: int
    explanations: dict[str, str]
    published_at: datetime
    active: bool
    attempts: int = 0
    submitted: int = 0


@dataclass(frozen=True)
class TraineeInfo:
    id: int
    name: str
    role: str


def _case_type_label(code: str) -> str:
    return label_of(CaseType, code)


def _month(d: date | None) -> str:
    return f"{d.year}年{d.month}月" if d else ""


class TrainingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ library

    def _records(self, session: Session, scope: LibraryScope) -> list[FindingRecord]:
        query = (
            select(Deficiency, Case, Review.stage, Standard.code, Standard.name, StandardVersion.content)
            .join(Review, Review.id == Deficiency.review_id)
            .join(Case, Case.id == Deficiency.case_id)
            .join(StandardVersion, StandardVersion.id == Review.standard_version_id)
            .join(Standard, Standard.id == StandardVersion.standard_id)
            .outerjoin(Campaign, Campaign.id == Review.campaign_id)
            .where(Review.stage != ReviewStage.PRACTICE.value)
            .where((Campaign.id.is_(None)) | (Campaign.is_practice.is_(False)))
            .order_by(Deficiency.id)
        )
        if scope.campaign_id is not None:
            query = query.where(Deficiency.campaign_id == scope.campaign_id)
        if scope.unit_id is not None:
            query = query.where(Deficiency.unit_id == scope.unit_id)
        if scope.case_type is not None:
            query = query.where(Case.case_type == scope.case_type)
        from casereview.services.queries.standards import parse_standard_content

        out: list[FindingRecord] = []
        for d, case, _stage, std_code, std_name, content in session.execute(query):
            std = parse_standard_content(content)
            cat = std.category_of(d.item_code)
            when = case.decision_date or case.filing_date or d.created_at.date()
            evidence = tuple(
                EvidencePage(int(e["document_id"]), int(e["page"]), str(e.get("title") or ""))
                for e in (d.evidence or [])
                if isinstance(e, Mapping) and e.get("document_id") and e.get("page")
            )
            out.append(
                FindingRecord(
                    deficiency_id=d.id,
                    standard_code=std_code,
                    standard_name=std_name,
                    item_code=d.item_code,
                    item_text=d.item_text or "",
                    section=cat.name if cat else "",
                    category=d.category or "未分类",
                    points=d.points,
                    is_veto=d.is_veto,
                    wording=d.wording or d.item_text or "",
                    case_id=case.id,
                    case_type=case.case_type,
                    unit_id=d.unit_id,
                    campaign_id=d.campaign_id,
                    when=when,
                    evidence=evidence,
                )
            )
        return [r for r in out if scope.admits(r)]

    def library(self, scope: LibraryScope | None = None, *, examples: int = 3) -> Library:
        """The common-error library over ``scope``, items and categories most frequent first."""
        scope = scope or LibraryScope()
        with self.ctx.db.session() as session:
            records = self._records(session, scope)
        return build_library(records, scope, examples=examples)

    def resolve_key(self, key: str, library: Library | None = None) -> str:
        """Accept a full key (slug:A05, category:程序) or a bare item code when it is unambiguous."""
        key = key.strip()
        if ":" in key:
            return key
        library = library or self.library()
        matches = [g.key for g in library.items if g.item_code == key]
        if key in {"立卷", "实体", "程序", "未分类"}:
            return CATEGORY_PREFIX + key
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(f"常见问题库中没有评查项 {key} 的问题记录。", key=key)
        raise ValidationError(
            f"评查项 {key} 在多个评查标准中出现，请写完整键：{'、'.join(matches)}。", key=key, matches=matches
        )

    # ------------------------------------------------------------------ examples

    def _case_fields(self, session: Session, case: Case) -> dict[str, Any]:
        unit_name = session.scalar(select(Unit.name).where(Unit.id == case.unit_id)) if case.unit_id else None
        officers = session.scalars(
            select(Officer.name).join(CaseOfficer, CaseOfficer.officer_id == Officer.id).where(
                CaseOfficer.case_id == case.id
            )
        ).all()
        fields = {c.key: getattr(case, c.key) for c in Case.__table__.columns}
        fields["unit_name"] = unit_name
        fields["officers"] = list(officers)
        return fields

    def anonymizer_for_cases(
        self, case_ids: Iterable[int], options: AnonymizeOptions | None = None, anonymizer: Anonymizer | None = None
    ) -> Anonymizer:
        """An Anonymizer that knows these cases (for masking document text shown in training)."""
        anon = anonymizer or Anonymizer(options or training_options())
        with self.ctx.db.session() as session:
            for case_id in case_ids:
                case = session.get(Case, case_id)
                if case is not None:
                    anon.register_case(self._case_fields(session, case))
        return anon

    @staticmethod
    def _facts(anon: Anonymizer, case: Case) -> str:
        party_kind = {PartyType.ORGANISATION.value: "单位", PartyType.INDIVIDUAL.value: "自然人"}.get(case.party_type, "")
        party = anon.party(case.party_name, organisation=case.party_type == PartyType.ORGANISATION.value) if (
            case.party_name and anon.options.parties
        ) else (case.party_name or "")
        parts = [f"{_case_type_label(case.case_type)}案件"]
        if party:
            parts.append(f"当事人：{party}" + (f"（{party_kind}）" if party_kind else ""))
        if case.cause:
            parts.append(f"案由：{case.cause}")
        if case.filing_date:
            parts.append(f"立案：{_month(case.filing_date)}")
        if case.decision_date:
            parts.append(f"决定：{_month(case.decision_date)}")
        if case.penalty_types:
            fine = f"，罚款 {case.fine_amount:,.2f} 元" if case.fine_amount else ""
            parts.append(f"处理：{case.penalty_types}{fine}")
        if case.legal_basis:
            parts.append(f"依据：{case.legal_basis}")
        return anon.mask("；".join(parts) + "。")

    def examples(
        self,
        deficiency_ids: Sequence[int],
        *,
        options: AnonymizeOptions | None = None,
        anonymizer: Anonymizer | None = None,
        images: bool = True,
    ) -> list[Example]:
        """Anonymised examples (in the given order); ``anonymizer`` keeps aliases across calls."""
        anon = anonymizer or Anonymizer(options or training_options())
        out: list[Example] = []
        with self.ctx.db.session() as session:
            rows = {
                d.id: d for d in session.scalars(select(Deficiency).where(Deficiency.id.in_(list(deficiency_ids))))
            }
            for did in deficiency_ids:
                d = rows.get(did)
                if d is None:
                    continue
                case = session.get(Case, d.case_id)
                if case is None:
                    continue
                anon.register_case(self._case_fields(session, case))
                review = session.get(Review, d.review_id)
                std_code = ""
                if review is not None:
                    std_code = session.scalar(
                        select(Standard.code)
                        .join(StandardVersion, StandardVersion.standard_id == Standard.id)
                        .where(StandardVersion.id == review.standard_version_id)
                    ) or ""
                case_label = anon.case_no(case.case_no) if anon.options.case_numbers else case.case_no
                evidence = [
                    e for e in (d.evidence or []) if isinstance(e, Mapping) and e.get("document_id") and e.get("page")
                ]
                image_path: Path | None = None
                note: str | None = None
                if images and evidence:
                    image_path, note = self._evidence_image(int(evidence[0]["document_id"]), int(evidence[0]["page"]), anon)
                elif images:
                    note = "该问题未关联卷内页码，无页面图。"
                out.append(
                    Example(
                        deficiency_id=d.id,
                        key=f"{std_code}:{d.item_code}",
                        case_label=case_label,
                        case_type_label=_case_type_label(case.case_type),
                        wording=anon.mask(d.wording or d.item_text or ""),
                        facts=self._facts(anon, case),
                        evidence=tuple(anon.mask(f"{e.get('title') or '文书'} 第{e['page']}页") for e in evidence),
                        points=d.points,
                        is_veto=d.is_veto,
                        image_path=image_path,
                        image_note=note,
                    )
                )
        return out

    def page_cache_dir(self) -> Path:
        return user_data_dir() / "cache" / "training_pages"

    def _evidence_image(self, document_id: int, page: int, anon: Anonymizer | None) -> tuple[Path | None, str | None]:
        from casereview.errors import CaseReviewError
        from casereview.services.documents import DocumentService
        from casereview.training.pages import pdfium_available, render_cropped_page

        if not pdfium_available():
            return None, "未安装 pypdfium2，无法生成页面图。"
        try:
            info = DocumentService(self.ctx).open_info(document_id)
        except CaseReviewError as exc:
            return None, f"页面文件不可用：{exc.message}"
        if info.kind != "pdf":
            return None, "该文书不是 PDF，未生成页面图。"
        try:
            index = info.blob_page(page)
        except CaseReviewError as exc:
            return None, exc.message
        image = render_cropped_page(info.path, index, self.page_cache_dir(), anon, ocr_lines_of(self.ctx, info.path, index))
        if image is None:
            return None, "该页没有文字层（纯图像扫描件），无法自动脱敏，未附页面图。"
        return image.path, None

    def evidence_page_image(
        self, document_id: int, page: int, options: AnonymizeOptions | None = None, *, crop: bool = True
    ) -> Path | None:
        """A redacted image of one page of a case document (the practice workspace and the library)."""
        with self.ctx.db.session() as session:
            from casereview.storage.models import Document

            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"文书 {document_id} 不存在。", document_id=document_id)
            case_id = doc.case_id
        anon = self.anonymizer_for_cases([case_id], options)
        if crop:
            return self._evidence_image(document_id, page, anon)[0]
        from casereview.services.documents import DocumentService
        from casereview.training.pages import render_full_page

        info = DocumentService(self.ctx).open_info(document_id)
        if info.kind != "pdf":
            return None
        index = info.blob_page(page)
        return render_full_page(info.path, index, self.page_cache_dir(), anon, ocr_lines_of(self.ctx, info.path, index))

    # ------------------------------------------------------------------ curation

    @staticmethod
    def _entry_info(e: TrainingEntry) -> TrainingEntryInfo:
        return TrainingEntryInfo(
            id=e.id,
            key=e.key,
            title=e.title,
            explanation=e.explanation,
            correct_practice=e.correct_practice,
            legal_basis=e.legal_basis,
            example_ids=tuple(int(x) for x in (e.example_ids or [])),
            updated_at=e.updated_at,
        )

    def entries(self) -> list[TrainingEntryInfo]:
        with self.ctx.db.session() as session:
            return [self._entry_info(e) for e in session.scalars(select(TrainingEntry).order_by(TrainingEntry.id))]

    def entry(self, key: str) -> TrainingEntryInfo | None:
        with self.ctx.db.session() as session:
            e = session.scalar(select(TrainingEntry).where(TrainingEntry.key == key))
            return self._entry_info(e) if e else None

    def curate(
        self,
        key: str,
        *,
        title: str | None = None,
        explanation: str | None = None,
        correct_practice: str | None = None,
        legal_basis: str | None = None,
        example_ids: Sequence[int] | None = None,
    ) -> TrainingEntryInfo:
        """Create or update a curated entry; fields left None keep their value.

        Curated entries are keyed by item (slug:code) or category, not by campaign, so they
        survive from one campaign to the next; new findings simply add examples to pick.
        """
        key = key.strip()
        if not key:
            raise ValidationError("条目键不能为空。")
        with self.ctx.db.session() as session:
            entry = session.scalar(select(TrainingEntry).where(TrainingEntry.key == key))
            if entry is None:
                if not (title and title.strip()):
                    raise ValidationError(f"新建培训条目 {key} 需要填写标题。", key=key)
                entry = TrainingEntry(key=key, title=title.strip())
                session.add(entry)
            if title is not None:
                if not title.strip():
                    raise ValidationError("标题不能为空。", key=key)
                entry.title = title.strip()
            if explanation is not None:
                entry.explanation = explanation.strip() or None
            if correct_practice is not None:
                entry.correct_practice = correct_practice.strip() or None
            if legal_basis is not None:
                entry.legal_basis = legal_basis.strip() or None
            if example_ids is not None:
                known = set(session.scalars(select(Deficiency.id).where(Deficiency.id.in_(list(example_ids)))))
                missing = [i for i in example_ids if i not in known]
                if missing:
                    raise NotFoundError(f"示例问题编号不存在：{'、'.join(map(str, missing))}。", ids=missing)
                entry.example_ids = list(dict.fromkeys(int(i) for i in example_ids))
            entry.updated_at = utcnow()
            session.flush()
            return self._entry_info(entry)

    def delete_entry(self, key: str) -> None:
        with self.ctx.db.session() as session:
            entry = session.scalar(select(TrainingEntry).where(TrainingEntry.key == key))
            if entry is None:
                raise NotFoundError(f"培训条目 {key} 不存在。", key=key)
            session.delete(entry)

    # ------------------------------------------------------------------ handouts

    def handout(
        self,
        keys: Sequence[str] | None = None,
        *,
        options: AnonymizeOptions | None = None,
        scope: LibraryScope | None = None,
        images: bool = True,
        title: str = "案卷评查常见问题培训材料",
        examples_per_entry: int = 2,
    ) -> Handout:
        """The content of a handout: curated entries (all, or ``keys``) with anonymised examples.

        A key without a curated entry is shown with the library's own data (item text, most
        common wordings, suggested examples), so a trainer can export before curating.
        """
        options = options or training_options()
        library = self.library(scope)
        curated = {e.key: e for e in self.entries()}
        chosen = list(keys) if keys else list(curated)
        if not chosen:
            raise ValidationError("还没有整理好的培训条目：请先在常见问题库中整理条目，或指定要导出的条目。")
        anon = Anonymizer(options)
        entries: list[HandoutEntry] = []
        for raw in chosen:
            key = self.resolve_key(raw, library)
            entry = curated.get(key)
            group = library.item(key)
            cat_group = library.category(key)
            if entry is None and group is None and cat_group is None:
                raise NotFoundError(f"培训条目或问题 {key} 不存在。", key=key)
            if entry and entry.example_ids:
                example_ids: Sequence[int] = entry.example_ids
            elif group is not None:
                example_ids = group.example_ids[:examples_per_entry]
            elif cat_group is not None:
                # one example from each of the category's most frequent items
                example_ids = [
                    g.example_ids[0]
                    for k in cat_group.item_keys[:examples_per_entry]
                    if (g := library.item(k)) is not None and g.example_ids
                ]
            else:
                example_ids = []
            examples = self.examples(example_ids, anonymizer=anon, images=images)
            if group is not None:
                label = f"{group.item_code} {group.item_text}"
                std_name, category, count, cases = group.standard_name, group.category, group.count, group.case_count
                wordings = tuple(anon.mask(w) for w, _ in group.wordings)
                trend = group.trend
            elif cat_group is not None:
                label = f"{cat_group.category}类问题"
                std_name, category, count, cases = "", cat_group.category, cat_group.count, cat_group.case_count
                wordings, trend = (), cat_group.trend
            else:
                label, std_name, category, count, cases, wordings, trend = key, "", "", 0, 0, (), ()
            entries.append(
                HandoutEntry(
                    key=key,
                    title=anon.mask(entry.title) if entry else label,
                    item_label=label,
                    standard_name=std_name,
                    category=category,
                    count=count,
                    case_count=cases,
                    explanation=anon.mask(entry.explanation or "") if entry else "",
                    correct_practice=anon.mask(entry.correct_practice or "") if entry else "",
                    legal_basis=anon.mask(entry.legal_basis or "") if entry else "",
                    examples=tuple(examples),
                    wordings=wordings,
                    trend=trend,
                )
            )
        period = ""
        if library.quarters:
            period = f"统计期间：{library.quarters[0]}—{library.quarters[-1]}；"
        subtitle = f"{period}共 {library.total} 个已确认问题、{library.case_count} 件案卷；案例均已脱敏"
        return Handout(
            title=title,
            subtitle=subtitle,
            generated=date.today(),
            entries=tuple(entries),
            options=options,
            sensitive_values=tuple(anon.sensitive_values()),
        )

    def export_handout_pdf(self, path: str | Path, keys: Sequence[str] | None = None, **kwargs: Any) -> Handout:
        from casereview.exports.training_pdf import write_handout_pdf

        handout = self.handout(keys, **kwargs)
        write_handout_pdf(handout, Path(path))
        return handout

    def export_handout_docx(self, path: str | Path, keys: Sequence[str] | None = None, **kwargs: Any) -> Handout:
        from casereview.exports.training_docx import write_handout_docx

        handout = self.handout(keys, **kwargs)
        write_handout_docx(handout, Path(path))
        return handout

    def export_slides_pdf(self, path: str | Path, keys: Sequence[str] | None = None, **kwargs: Any) -> Handout:
        from casereview.exports.training_pdf import write_slides_pdf

        handout = self.handout(keys, **kwargs)
        write_slides_pdf(handout, Path(path))
        return handout

    # ------------------------------------------------------------------ practice: publishing

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
            case_type_label=_case_type_label(case.case_type),
            standard_version_id=key.standard_version_id,
            explanations={str(k): str(v) for k, v in (pc.explanations or {}).items()},
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
                        "case_type_label": _case_type_label(case_type),
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
            anon.register_case(self._case_fields(session, case))
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
            default_title = f"练习{count + 1}：{_case_type_label(case.case_type)}·{anon.mask(case.cause or '')}"
            pc = PracticeCase(
                case_id=case.id,
                key_review_id=review.id,
                practice_set=practice_set,
                title=(anon.mask(title.strip()) if title and title.strip() else default_title)[:200],
                explanations=notes,
            )
            session.add(pc)
            session.flush()
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
            return self._practice_info(session, pc)

    def set_practice_active(self, practice_case_id: int, active: bool) -> PracticeCaseInfo:
        with self.ctx.db.session() as session:
            pc = self._practice(session, practice_case_id)
            pc.active = active
            return self._practice_info(session, pc)

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

    # ------------------------------------------------------------------ practice: doing

    def start_practice(self, practice_case_id: int, reviewer_id: int | None = None) -> ReviewState:
        """Open (or resume) the trainee's practice review, pinned to the key's standard version."""
        from casereview.services.reviews import ReviewService

        info = self.practice_case(practice_case_id)
        if not info.active:
            raise ConflictError(f"练习案卷 {practice_case_id} 已停用。", practice_case_id=practice_case_id)
        return ReviewService(self.ctx).open_review(
            info.case_id,
            stage=ReviewStage.PRACTICE.value,
            practice_case_id=practice_case_id,
            reviewer_id=reviewer_id,
            standard_version_id=info.standard_version_id,
        )

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
        fields = anon.mask_fields(detail.fields)
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

    # ------------------------------------------------------------------ practice: results

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
            explanations={str(k): str(v) for k, v in (pc.explanations or {}).items()},
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
            anon.register_case(self._case_fields(session, case))
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



def ocr_lines_of(ctx: ServiceContext, path: Path, page_index: int) -> tuple[Line, ...] | None:
    """The OCR lines of a scanned page of a stored file (named by its hash), for redaction."""
    from casereview.docintel.store import latest_pages

    sha = path.stem
    with ctx.db.session() as session:
        reading = latest_pages(session, [sha]).get((sha, page_index))
    return reading.lines if reading is not None and reading.source == "ocr" else None
