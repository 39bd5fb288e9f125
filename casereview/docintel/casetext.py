"""The read pages of one case, in file order, with the document each belongs to."""

from __future__ import annotations

from collections.abc import Sequence
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
    return load_cases_text(session, [case_id])[case_id]


def load_cases_text(session: Session, case_ids: Sequence[int], *, max_pages: int | None = None) -> dict[int, CaseText]:
    """The read pages of many cases with two queries per 500 files. ``max_pages`` bounds
    the pages taken per case (a bulk run's time per file): pages past it count as unread,
    so the checks say their conclusion covers only the pages read."""
    pages = case_pages(session, case_ids)
    readings = latest_pages(session, {p.blob_sha256 for p in pages})
    found: dict[int, list[ReadPage]] = {case_id: [] for case_id in case_ids}
    unread: dict[int, int] = dict.fromkeys(case_ids, 0)
    for p in pages:
        reading = readings.get((p.blob_sha256, p.page_index))
        if reading is None or (max_pages is not None and len(found[p.case_id]) >= max_pages):
            unread[p.case_id] += 1
            continue
        found[p.case_id].append(ReadPage(p.document_id, p.doc_type, p.title, p.page, p.page_index + 1,
                                         reading.source, reading.lines, reading.red_seal, dict(reading.marks)))
    return {case_id: CaseText(case_id, tuple(found[case_id]), unread[case_id]) for case_id in case_ids}
