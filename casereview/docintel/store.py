"""Readings stored per file hash and page, and kept in the full-text index.

A page is read once per reader version: the text layer (engine ``pdfium-text``) or an
OCR model version. The newest reading of a page is the one shown and searched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from casereview.docintel.grams import index_text
from casereview.docintel.pages import Line, PageReading
from casereview.storage.models import Blob, Document, PageText


@dataclass(frozen=True)
class StoredPage:
    id: int
    blob_sha256: str
    page_index: int
    source: str
    engine: str
    lines: tuple[Line, ...]
    confidence: float | None
    red_seal: bool | None
    error: str | None
    marks: dict[str, object]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _stored(row: Any) -> StoredPage:
    """A stored page from an ORM ``PageText`` or a Core row of ``page_texts``."""
    return StoredPage(
        row.id, row.blob_sha256, row.page_index, row.source, row.engine,
        tuple(Line.from_row(r) for r in row.lines or ()), row.confidence, row.red_seal, row.error, row.marks or {},
    )


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def save_reading(session: Session, blob_sha256: str, page_index: int, reading: PageReading) -> int:
    """Store one reading and index it (same transaction). A second reading by the same
    engine replaces nothing: the unique key makes it a no-op."""
    existing = session.scalar(
        select(PageText.id).where(
            PageText.blob_sha256 == blob_sha256, PageText.page_index == page_index, PageText.engine == reading.engine
        )
    )
    if existing is not None:
        return existing
    grams = index_text(reading.text)
    sqlite = is_sqlite(session)
    row = PageText(
        blob_sha256=blob_sha256, page_index=page_index, source=reading.source, engine=reading.engine,
        text=reading.text, lines=[line.as_row() for line in reading.lines], confidence=reading.confidence,
        red_seal=reading.red_seal, seconds=round(reading.seconds, 3), error=reading.error, marks=reading.marks or None,
        grams=None if sqlite else grams,
    )
    session.add(row)
    session.flush()
    if sqlite and grams:
        session.execute(text("INSERT INTO page_text_fts(rowid, grams) VALUES (:id, :g)"), {"id": row.id, "g": grams})
    return row.id


def done_pages(session: Session, blob_sha256s: Iterable[str], engines: Sequence[str]) -> set[tuple[str, int]]:
    """(blob, page) pairs already read by one of ``engines``."""
    out: set[tuple[str, int]] = set()
    blobs = list(set(blob_sha256s))
    for start in range(0, len(blobs), 500):
        rows = session.execute(
            select(PageText.blob_sha256, PageText.page_index).where(
                PageText.blob_sha256.in_(blobs[start : start + 500]), PageText.engine.in_(list(engines))
            )
        )
        out.update((b, p) for b, p in rows)
    return out


def latest_pages(session: Session, blob_sha256s: Iterable[str]) -> dict[tuple[str, int], StoredPage]:
    """The newest reading of every read page of these files."""
    blobs = list(set(blob_sha256s))
    out: dict[tuple[str, int], StoredPage] = {}
    for start in range(0, len(blobs), 500):
        newest = (
            select(func.max(PageText.id))
            .where(PageText.blob_sha256.in_(blobs[start : start + 500]))
            .group_by(PageText.blob_sha256, PageText.page_index)
        )
        for row in session.scalars(select(PageText).where(PageText.id.in_(newest))):
            out[(row.blob_sha256, row.page_index)] = _stored(row)
    return out


@dataclass(frozen=True)
class DocPage:
    """A page of a case's document and where its reading lives."""

    case_id: int
    document_id: int
    doc_type: str
    title: str
    page: int  # 1-based within the document
    blob_sha256: str
    ext: str
    page_index: int  # 0-based within the blob


def case_pages(session: Session, case_ids: Sequence[int]) -> list[DocPage]:
    """Every page of every (PDF or image) document of these cases, in file order."""
    out: list[DocPage] = []
    for start in range(0, len(case_ids), 500):
        rows = session.execute(
            select(Document, Blob.ext)
            .join(Blob, Blob.sha256 == Document.blob_sha256)
            .where(Document.case_id.in_(list(case_ids[start : start + 500])), Document.kind.in_(("pdf", "image")))
            .order_by(Document.case_id, Document.sort_order, Document.id)
        )
        for doc, ext in rows:
            first = doc.page_start or 1
            for page in range(1, max(doc.page_count or 1, 1) + 1):
                out.append(
                    DocPage(doc.case_id, doc.id, doc.doc_type, doc.title, page, doc.blob_sha256 or "", ext or "",
                            first + page - 2)
                )
    return out
