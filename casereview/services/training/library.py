"""The common-error library (常见问题库): findings grouped from real reviews, curated
entries, anonymised examples, and handouts / slides made from them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.anonymize import AnonymizeOptions, Anonymizer
from casereview.domain.enums import Answer, PartyType, ReviewStage
from casereview.errors import NotFoundError, ValidationError
from casereview.services.policy import unsubmitted_practice_sources
from casereview.services.training.base import TrainingBase, case_type_label, month
from casereview.services.training.types import (
    Example,
    Handout,
    HandoutEntry,
    TrainingEntryInfo,
    training_options,
)
from casereview.storage import audit_chain
from casereview.storage.models import (
    Campaign,
    Case,
    Deficiency,
    ItemResult,
    Review,
    Standard,
    StandardVersion,
    TrainingEntry,
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

if TYPE_CHECKING:
    pass


class LibraryMixin(TrainingBase):
    def _records(self, session: Session, scope: LibraryScope) -> list[FindingRecord]:
        """The findings of the reviews the statistics count for the same scope (one final
        result per file), so the library's counts are the dashboard's (统计分析): a file
        reviewed twice, or a finding left from an earlier result, is not counted twice."""
        counted = self._counted_reviews(scope)
        query = (
            select(Deficiency, Case, Review.stage, Standard.code, Standard.name, StandardVersion.content)
            .join(Review, Review.id == Deficiency.review_id)
            .join(Case, Case.id == Deficiency.case_id)
            .join(StandardVersion, StandardVersion.id == Review.standard_version_id)
            .join(Standard, Standard.id == StandardVersion.standard_id)
            .outerjoin(Campaign, Campaign.id == Review.campaign_id)
            # a finding counts while its answer is still a deduction or veto (an issued finding
            # stays in the register after its review was changed; the statistics drop it)
            .join(ItemResult, ItemResult.id == Deficiency.item_result_id)
            .where(ItemResult.answer.in_((Answer.DEDUCT.value, Answer.VETO.value)))
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
            if d.review_id not in counted:
                continue
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

    def _counted_reviews(self, scope: LibraryScope) -> set[int]:
        from casereview.services.stats import StatsService
        from casereview.stats.model import DATE_BASIS_DECISION, StatsFilter

        return StatsService(self.ctx).counted_review_ids(StatsFilter(
            campaign_id=scope.campaign_id,
            unit_ids=(scope.unit_id,) if scope.unit_id is not None else (),
            case_types=(scope.case_type,) if scope.case_type else (),
            date_from=scope.date_from,
            date_to=scope.date_to,
            date_basis=DATE_BASIS_DECISION,  # the library's period is by decision date
        ))

    def library(self, scope: LibraryScope | None = None, *, examples: int = 3) -> Library:
        """The common-error library over ``scope``, items and categories most frequent first."""
        scope = scope or LibraryScope()
        with self.ctx.db.session() as session:
            records = self._records(session, scope)
            hidden = unsubmitted_practice_sources(session, self.ctx.account)
        if hidden:  # a practice case's answer key stays out of the library until it is submitted
            records = [r for r in records if r.case_id not in hidden]
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

    @staticmethod
    def _facts(anon: Anonymizer, case: Case) -> str:
        party_kind = {PartyType.ORGANISATION.value: "单位", PartyType.INDIVIDUAL.value: "自然人"}.get(case.party_type, "")
        party = anon.party(case.party_name, organisation=case.party_type == PartyType.ORGANISATION.value) if (
            case.party_name and anon.options.parties
        ) else (case.party_name or "")
        parts = [f"{case_type_label(case.case_type)}案件"]
        if party:
            parts.append(f"当事人：{party}" + (f"（{party_kind}）" if party_kind else ""))
        if case.cause:
            parts.append(f"案由：{case.cause}")
        if case.filing_date:
            parts.append(f"立案：{month(case.filing_date)}")
        if case.decision_date:
            parts.append(f"决定：{month(case.decision_date)}")
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
                self._register(session, anon, case)
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
                        case_type_label=case_type_label(case.case_type),
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

    def _without_hidden_examples(self, session: Session, infos: list[TrainingEntryInfo]) -> list[TrainingEntryInfo]:
        """Curated examples taken from a practice case's source, dropped for an account that
        has not submitted that practice yet."""
        hidden = unsubmitted_practice_sources(session, self.ctx.account)
        ids = {i for info in infos for i in info.example_ids}
        if not hidden or not ids:
            return infos
        drop = set(session.scalars(select(Deficiency.id).where(Deficiency.id.in_(ids), Deficiency.case_id.in_(hidden))))
        if not drop:
            return infos
        return [replace(info, example_ids=tuple(i for i in info.example_ids if i not in drop)) for info in infos]

    def entries(self) -> list[TrainingEntryInfo]:
        with self.ctx.db.session() as session:
            infos = [self._entry_info(e) for e in session.scalars(select(TrainingEntry).order_by(TrainingEntry.id))]
            return self._without_hidden_examples(session, infos)

    def entry(self, key: str) -> TrainingEntryInfo | None:
        with self.ctx.db.session() as session:
            e = session.scalar(select(TrainingEntry).where(TrainingEntry.key == key))
            return self._without_hidden_examples(session, [self._entry_info(e)])[0] if e else None

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
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="training_entry", entity_id=entry.id, action="curate",
                after={"key": entry.key, "title": entry.title, "explanation": entry.explanation,
                       "correct_practice": entry.correct_practice, "legal_basis": entry.legal_basis,
                       "example_ids": list(entry.example_ids or [])},
            )
            return self._entry_info(entry)

    def delete_entry(self, key: str) -> None:
        with self.ctx.db.session() as session:
            entry = session.scalar(select(TrainingEntry).where(TrainingEntry.key == key))
            if entry is None:
                raise NotFoundError(f"培训条目 {key} 不存在。", key=key)
            audit_chain.record(session, actor=self.ctx.actor_name, entity="training_entry", entity_id=entry.id,
                               action="delete", before={"key": entry.key, "title": entry.title})
            session.delete(entry)

    def handout(
        self,
        keys: Sequence[str] | None = None,
        *,
        options: AnonymizeOptions | None = None,
        scope: LibraryScope | None = None,
        images: bool = True,
        title: str = "案卷评查常见问题培训材料",
        examples_per_entry: int = 2,
        generated: date | None = None,
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
            generated=generated or date.today(),
            entries=tuple(entries),
            options=options,
            sensitive_values=tuple(anon.sensitive_values()),
        )

    def export_handout_pdf(self, path: str | Path, keys: Sequence[str] | None = None, *,
                           fixed_date: date | None = None, **kwargs: Any) -> Handout:
        """``fixed_date`` is printed as the 生成日期 and makes the file byte-identical across runs."""
        from casereview.exports.pdf_common import PdfOptions
        from casereview.exports.training_pdf import write_handout_pdf

        handout = self.handout(keys, generated=fixed_date, **kwargs)
        write_handout_pdf(handout, Path(path), PdfOptions(fixed_date=fixed_date))
        return handout

    def export_handout_docx(self, path: str | Path, keys: Sequence[str] | None = None, *,
                            fixed_date: date | None = None, **kwargs: Any) -> Handout:
        from casereview.exports.pdf_common import PdfOptions
        from casereview.exports.training_docx import write_handout_docx

        handout = self.handout(keys, generated=fixed_date, **kwargs)
        write_handout_docx(handout, Path(path), PdfOptions(fixed_date=fixed_date))
        return handout

    def export_slides_pdf(self, path: str | Path, keys: Sequence[str] | None = None, *,
                          fixed_date: date | None = None, **kwargs: Any) -> Handout:
        from casereview.exports.pdf_common import PdfOptions
        from casereview.exports.training_pdf import write_slides_pdf

        handout = self.handout(keys, generated=fixed_date, **kwargs)
        write_slides_pdf(handout, Path(path), PdfOptions(fixed_date=fixed_date))
        return handout
