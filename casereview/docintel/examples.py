"""Page types a reviewer confirmed, kept as examples for classifying later pages.

The title rules (``classify.page_type``) know the national form names and their aliases.
An agency's own forms ("行政处罚案件处理审批表"), titles the OCR misreads the same way every
time ("行政处罚决定节") or layouts with the title outside the top band are what a reviewer
corrects; each correction is stored with the page's title band and later pages are
compared with the stored examples first (nearest neighbour on the character bigrams of
the band, CJK only so case numbers and dates do not count). A match must be close
(``MIN_SIMILARITY``): an example never overrides the rules for an unrelated page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.docintel.pages import Line
from casereview.intake.doc_types import DocType, doc_type_from_text
from casereview.storage.models import PageTypeExample

TITLE_BAND = 0.16  # the same band classify looks for titles in
MIN_SIMILARITY = 0.6  # Dice coefficient of the bands' bigram sets
MAX_EXAMPLES = 5000  # newest first; plenty for one office, bounded for the search
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_DIGITS = re.compile(r"[0-9〇一二三四五六七八九十]{2,}|[0-9]")
_AGENCY = re.compile(r"(局|大队|支队|总队|委员会|政府|中心|执法队|管理处|管理站|办公室)$")


def band_text(lines: Sequence[Line]) -> str:
    """The text of the page's title band as the examples store and compare it: without the
    agency's name above the title and the lines with numbers (案号, dates), which every form
    of one office shares and which would make any two of its pages look alike."""
    top = [line.text for line in lines if line.box[1] < TITLE_BAND] or [line.text for line in lines[:2]]
    kept = [t for t in top if not _DIGITS.search(t) and not _AGENCY.search(t.strip())]
    return "\n".join(kept or top)


def band_grams(text: str) -> frozenset[str]:
    cjk = _NOT_CJK.sub("", text)
    return frozenset(cjk[i:i + 2] for i in range(len(cjk) - 1))


@dataclass(frozen=True)
class Example:
    doc_type: DocType
    grams: frozenset[str]


class Examples:
    """The confirmed pages, ready for nearest-neighbour lookups."""

    def __init__(self, examples: Iterable[Example] = ()) -> None:
        self.items = [e for e in examples if e.grams]

    def __len__(self) -> int:
        return len(self.items)

    def nearest(self, lines: Sequence[Line]) -> tuple[DocType, float] | None:
        """The type of the most similar example, when it is similar enough."""
        grams = band_grams(band_text(lines))
        if not grams or not self.items:
            return None
        best: tuple[float, DocType] | None = None
        for e in self.items:
            shared = len(grams & e.grams)
            if not shared:
                continue
            score = 2 * shared / (len(grams) + len(e.grams))
            if best is None or score > best[0]:
                best = (score, e.doc_type)
        if best is None or best[0] < MIN_SIMILARITY:
            return None
        return best[1], best[0]


def load_examples(session: Session) -> Examples:
    rows = session.execute(select(PageTypeExample.doc_type, PageTypeExample.text)
                           .order_by(PageTypeExample.id.desc()).limit(MAX_EXAMPLES))
    out = []
    for name, text in rows:
        doc_type = doc_type_from_text(name)
        if doc_type is not None:
            out.append(Example(doc_type, band_grams(text)))
    return Examples(out)


def remember(session: Session, blob_sha256: str, page_index: int, lines: Sequence[Line], doc_type: DocType,
             actor: str | None) -> bool:
    """Keep a confirmed page as an example when the classifier would not have said the
    same (a correction); a page it already gets right adds nothing. True when stored."""
    from casereview.docintel.classify import page_type

    current = page_type(page_index + 1, tuple(lines), load_examples(session)).doc_type
    if current is doc_type:
        return False
    row = session.scalar(select(PageTypeExample).where(PageTypeExample.blob_sha256 == blob_sha256,
                                                       PageTypeExample.page_index == page_index))
    if row is None:
        row = PageTypeExample(blob_sha256=blob_sha256, page_index=page_index)
        session.add(row)
    row.doc_type, row.text, row.actor = doc_type.name, band_text(lines), actor
    session.flush()
    return True


def learn(session: Session, confirmed: Iterable[tuple[str, int, DocType]], actor: str | None) -> int:
    """Keep the first pages of documents whose type a reviewer confirmed (blob, 0-based page,
    type) as examples where they correct the classifier; unread pages teach nothing.
    Returns how many were stored."""
    from casereview.docintel.store import latest_pages

    wanted = [(blob, index, doc_type) for blob, index, doc_type in confirmed if blob]
    readings = latest_pages(session, {blob for blob, _, _ in wanted})
    stored = 0
    for blob, index, doc_type in wanted:
        reading = readings.get((blob, index))
        if reading is not None and reading.lines:
            stored += remember(session, blob, index, reading.lines, doc_type, actor)
    return stored
