"""The text of the case file: reading pages (text layer / OCR), search, facts taken from the
documents, content checks. The core lives in ``casereview.docintel``; this is its use-case
face for the CLI and the UI (plain frozen dataclasses out, one transaction per call)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from casereview.docintel.pages import Line
from casereview.docintel.search import SearchHit, search
from casereview.docintel.store import case_pages, done_pages, latest_pages
from casereview.docintel.worker import OcrProgress, OcrQueue, current_engines
from casereview.errors import NotFoundError
from casereview.services.context import ServiceContext
from casereview.storage.models import Campaign, CampaignCase, Case, Document


@dataclass(frozen=True)
class ReadStatus:
    case_id: int
    pages: int
    read: int  # pages with a reading by the current engines
    ocr: int  # of which recognised from the image
    text_layer: int

    @property
    def complete(self) -> bool:
        return self.read >= self.pages


@dataclass(frozen=True)
class PageView:
    """A page's reading as the viewer shows it (for highlighting and selecting text)."""

    document_id: int
    page: int
    source: str | None  # text | ocr | None (not read yet)
    engine: str | None
    lines: tuple[Line, ...]
    confidence: float | None
    red_seal: bool | None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class DocIntelService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- which cases ---------------------------------------------------------------------

    def resolve_cases(self, ref: int | str | None = None, *, campaign_id: int | None = None,
                      all_cases: bool = False) -> list[int]:
        """Case ids of one case (id or 案号), one campaign, or every case."""
        with self.ctx.db.session() as session:
            if all_cases:
                return list(session.scalars(select(Case.id).order_by(Case.id)))
            if campaign_id is not None:
                if session.get(Campaign, campaign_id) is None:
                    raise NotFoundError(f"评查活动 {campaign_id} 不存在。", campaign_id=campaign_id)
                return list(session.scalars(
                    select(CampaignCase.case_id).where(CampaignCase.campaign_id == campaign_id,
                                                       CampaignCase.removed.is_(False))
                    .order_by(CampaignCase.draw_order, CampaignCase.id)
                ))
            if ref is None:
                raise NotFoundError("请指定案号、评查活动（--campaign）或全部案件（--all）。")
            case_id = ref if isinstance(ref, int) else session.scalar(select(Case.id).where(Case.case_no == ref))
            if case_id is None and isinstance(ref, str) and ref.isdigit():
                case_id = session.scalar(select(Case.id).where(Case.id == int(ref)))
            if case_id is None or session.get(Case, case_id) is None:
                raise NotFoundError(f"找不到案件“{ref}”。", case=str(ref))
            return [case_id]

    # -- reading -------------------------------------------------------------------------

    def queue(self, *, workers: int | None = None) -> OcrQueue:
        """A background reader for the UI: add cases, prioritise the open one, pause/cancel."""
        return OcrQueue(self.ctx.db, self.ctx.documents_root, workers=workers)

    def read_cases(self, case_ids: Sequence[int], *, workers: int | None = None,
                   progress: Callable[[OcrProgress], None] | None = None) -> OcrProgress:
        """Read every unread page of these cases and wait (the CLI's ``docs ocr``)."""
        q = self.queue(workers=workers)
        q.add_cases(case_ids)
        q.start()
        try:
            while not q.wait(timeout=1.0):
                if progress is not None:
                    progress(q.progress())
        finally:
            q.stop()
        final = q.progress()
        if progress is not None:
            progress(final)
        return final

    def status(self, case_id: int) -> ReadStatus:
        with self.ctx.db.session() as session:
            pages = case_pages(session, [case_id])
            blobs = {p.blob_sha256 for p in pages}
            done = done_pages(session, blobs, current_engines())
            readings = latest_pages(session, blobs)
        keys = {(p.blob_sha256, p.page_index) for p in pages}
        read = keys & done
        sources = [readings[k].source for k in read if k in readings]
        return ReadStatus(case_id, len(keys), len(read), sources.count("ocr"), sources.count("text"))

    def page(self, document_id: int, page: int) -> PageView:
        """The newest reading of a document's page (empty lines when not read yet)."""
        with self.ctx.db.session() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"文书 {document_id} 不存在。", document_id=document_id)
            if not doc.blob_sha256:
                return PageView(document_id, page, None, None, (), None, None)
            index = (doc.page_start or 1) + page - 2
            reading = latest_pages(session, [doc.blob_sha256]).get((doc.blob_sha256, index))
        if reading is None:
            return PageView(document_id, page, None, None, (), None, None)
        return PageView(document_id, page, reading.source, reading.engine, reading.lines, reading.confidence,
                        reading.red_seal)

    # -- search --------------------------------------------------------------------------

    def search(self, term: str, *, case_id: int | None = None, limit: int = 200) -> list[SearchHit]:
        with self.ctx.db.session() as session:
            return search(session, term, case_id=case_id, limit=limit)
