"""Document types of read pages, from their titles, and the page ranges of a combined scan.

A form's title is printed centred at the top of its first page (and, in many files, of
every page). The title is looked for only in the top band of the page, so "送达文书：行政
处罚决定书" in the body of a 送达回证 does not make it a 决定书. A page without a title
continues the document before it. Pages a reviewer corrected are kept as examples
(``docintel.examples``) and win over the rules for pages like them. The proposal is written in the page-range syntax of
``docs split`` ("1-2 立案登记表; 3-4 询问笔录"), which the reviewer confirms or edits.
"""

from __future__ import annotations

from dataclasses import dataclass

from casereview.docintel.examples import Examples, band_text
from casereview.docintel.pages import Line
from casereview.intake.classify import _earliest, normalise_title
from casereview.intake.doc_types import DocType

TITLE_BAND = 0.16  # top share of the page where a form prints its title
MAX_TITLE_EXTRA = 6  # characters a title line may carry besides the type's name (e.g. "（副本）")


@dataclass(frozen=True)
class PageType:
    page: int  # 1-based
    doc_type: DocType | None  # None: no title on the page (continues the previous document)
    title: str  # the title as read


def page_type(page: int, lines: tuple[Line, ...], examples: Examples | None = None) -> PageType:
    """The type whose title the page's top band shows; a page like one a reviewer corrected
    earlier takes that correction's type first (``examples``)."""
    if examples:
        near = examples.nearest(lines)
        if near is not None:
            return PageType(page, near[0], band_text(lines).replace("\n", " ").strip())
    top = [line for line in lines if line.box[1] < TITLE_BAND] or list(lines[:2])
    for line in top:
        key = normalise_title(line.text)
        found = _earliest(key)
        if found and len(key) - len(found[1]) <= MAX_TITLE_EXTRA:
            return PageType(page, found[0], line.text.strip())
    # OCR may split a centred title into pieces on one row ("行政处罚" "决定书")
    joined = normalise_title("".join(line.text for line in top))
    found = _earliest(joined)
    if found and len(joined) - len(found[1]) <= MAX_TITLE_EXTRA:
        return PageType(page, found[0], joined)
    return PageType(page, None, "")


@dataclass(frozen=True)
class ProposedRange:
    start: int
    end: int
    doc_type: DocType | None

    @property
    def name(self) -> str:
        return self.doc_type.name if self.doc_type else "其他"


def propose_ranges(pages: list[PageType]) -> list[ProposedRange]:
    """Consecutive pages of one type form one document; a titleless page joins the one before."""
    out: list[ProposedRange] = []
    for p in sorted(pages, key=lambda p: p.page):
        if out and (p.doc_type is None or p.doc_type is out[-1].doc_type) and p.page == out[-1].end + 1:
            out[-1] = ProposedRange(out[-1].start, p.page, out[-1].doc_type)
        else:
            out.append(ProposedRange(p.page, p.page, p.doc_type))
    return out


def ranges_text(ranges: list[ProposedRange]) -> str:
    return "; ".join(f"{r.start}-{r.end} {r.name}" if r.end > r.start else f"{r.start} {r.name}" for r in ranges)
