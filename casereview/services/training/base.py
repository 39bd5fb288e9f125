"""What the error library and practice share: the service context, anonymisers that know
the cases shown, and evidence page images with personal data masked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.anonymize import AnonymizeOptions, Anonymizer
from casereview.docintel.pages import Line
from casereview.domain.enums import CaseType, label_of
from casereview.errors import NotFoundError
from casereview.paths import user_data_dir
from casereview.services.context import ServiceContext
from casereview.services.docintel import register_read_identities
from casereview.services.training.types import training_options
from casereview.storage.models import Case, CaseOfficer, Officer, Unit

if TYPE_CHECKING:
    pass


def case_type_label(code: str) -> str:
    return label_of(CaseType, code)


def month(d: date | None) -> str:
    return f"{d.year}年{d.month}月" if d else ""


def ocr_lines_of(ctx: ServiceContext, path: Path, page_index: int) -> tuple[Line, ...] | None:
    """The OCR lines of a scanned page of a stored file (named by its hash), for redaction."""
    from casereview.docintel.store import latest_pages

    sha = path.stem
    with ctx.db.session() as session:
        reading = latest_pages(session, [sha]).get((sha, page_index))
    return reading.lines if reading is not None and reading.source == "ocr" else None


class TrainingBase:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

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
                    self._register(session, anon, case)
        return anon

    def _register(self, session: Session, anon: Anonymizer, case: Case) -> None:
        """Teach ``anon`` a case: its registry values, then the names and identifiers its read
        pages (scans included) show."""
        anon.register_case(self._case_fields(session, case))
        register_read_identities(session, anon, [case.id])

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
