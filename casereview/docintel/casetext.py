"""The read pages of one case, in file order, with the document each belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from casereview.docintel.pages import Line
from casereview.docintel.store import case_pages, latest_pages


@dataclass(frozen=True)
class ReadPage:
    document_id: int
    doc_type: str
    title: str
    page: int  # 1-based within the document
    file_page: int  # 1-based within the stored file (卷内页码 of a whole-file scan)
    source: str  # text | ocr
    lines: tuple[Line, ...]
    red_seal: bool | None
    marks: dict[str, object]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def where(self) -> str:
        """“行政处罚决定书第 2 页（卷内第 9 页）” — how a finding names its page."""
        inner = f"（卷内第 {self.file_page} 页）" if self.file_page != self.page else ""
        return f"{self.title}第 {self.page} 页{inner}"


@dataclass(frozen=True)
class CaseText:
    case_id: int
    pages: tuple[ReadPage, ...]
    unread: int  # pages of the case not read yet

    def of_types(self, *names: str) -> list[ReadPage]:
        return [p for p in self.pages if any(n in p.doc_type for n in names)]

    def documents(self, *names: str) -> dict[int, list[ReadPage]]:
        out: dict[int, list[ReadPage]] = {}
        for p in self.of_types(*names):
            out.setdefault(p.document_id, []).append(p)
        return out


def load_case_text(session: Session, case_id: int) -> CaseText:
    pages = case_pages(session, [case_id])
    readings = latest_pages(session, {p.blob_sha256 for p in pages})
    out: list[ReadPage] = []
    unread = 0
    for p in pages:
        reading = readings.get((p.blob_sha256, p.page_index))
        if reading is None:
            unread += 1
            continue
        out.append(ReadPage(p.document_id, p.doc_type, p.title, p.page, p.page_index + 1, reading.source,
                            reading.lines, reading.red_seal, dict(reading.marks)))
    return CaseText(case_id, tuple(out), unread)
