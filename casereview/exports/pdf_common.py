"""Shared ReportLab pieces of every CaseReview PDF: styles, the document, "第 x 页 共 y 页".

Styles are built once per process (ReportLab styles are plain objects, safe to reuse) and
the CJK font is registered once (casereview.exports.fonts). Page numbers come from a canvas
that keeps each page's state until the end, so "共 y 页" is known without a second build;
in a combined PDF each form is numbered on its own (a ``FormStart`` flowable marks where a
new form begins).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from casereview.exports.fonts import register_cjk_font

GRID = colors.HexColor("#555555")
SHADE = colors.HexColor("#E8EDF3")
SHADE_LIGHT = colors.HexColor("#F5F7FA")
ACCENT = colors.HexColor("#1F4E79")
MARGIN = 15 * mm


@dataclass(frozen=True)
class PdfOptions:
    """``fixed_date`` makes the output byte-for-byte reproducible (ReportLab invariant mode,
    creation date set to that day) and is the date printed as "生成日期"."""

    fixed_date: date | None = None
    producer: str = "CaseReview 案卷评查"

    @property
    def invariant(self) -> bool:
        return self.fixed_date is not None

    def printed_date(self) -> date:
        return self.fixed_date or date.today()


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    base = ParagraphStyle("cr-base", fontName=font, fontSize=9, leading=12.5, wordWrap="CJK")
    return {
        "base": base,
        "cell": ParagraphStyle("cr-cell", parent=base, fontSize=8.5, leading=11),
        "cell_small": ParagraphStyle("cr-cell-small", parent=base, fontSize=7.5, leading=9.5),
        "cell_center": ParagraphStyle("cr-cell-c", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "title": ParagraphStyle("cr-title", parent=base, fontSize=17, leading=24, alignment=TA_CENTER,
                                spaceAfter=2 * mm),
        "subtitle": ParagraphStyle("cr-subtitle", parent=base, fontSize=10, leading=14, alignment=TA_CENTER,
                                   textColor=colors.HexColor("#333333"), spaceAfter=3 * mm),
        "h1": ParagraphStyle("cr-h1", parent=base, fontSize=13, leading=18, spaceBefore=4 * mm, spaceAfter=2 * mm,
                             textColor=ACCENT),
        "h2": ParagraphStyle("cr-h2", parent=base, fontSize=11, leading=15, spaceBefore=3 * mm, spaceAfter=1.5 * mm),
        "body": ParagraphStyle("cr-body", parent=base, fontSize=10, leading=16, firstLineIndent=20),
        "note": ParagraphStyle("cr-note", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#555555")),
        "right": ParagraphStyle("cr-right", parent=base, alignment=TA_RIGHT),
    }


def esc(text: Any) -> str:
    """Text for a Paragraph (which parses a little XML)."""
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FormStart(Flowable):
    """Zero-size marker: pages from here on belong to the form ``key`` (per-form page numbers)."""

    def __init__(self, key: str, footer: str, *, draft: bool = False, title: str = "") -> None:
        super().__init__()
        self.key = key
        self.footer = footer
        self.draft = draft
        self.title = title or key
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        # Pages are attributed to a form when they end, so the page this marker is drawn on
        # (the form's first page, right after a page break) already counts for the new form.
        self.canv._cr_current = (self.key, self.footer, self.draft)  # type: ignore[attr-defined]
        # one bookmark per form, so a combined PDF can be navigated by case
        name = f"form-{len(getattr(self.canv, '_cr_pages', []))}-{self.key}"
        self.canv.bookmarkPage(name)
        self.canv.addOutlineEntry(self.title, name, level=0)


def dated_canvas(options: PdfOptions) -> type[Canvas]:
    """A Canvas class that, with ``options.fixed_date``, writes in ReportLab's invariant
    mode and dates the file (CreationDate, ModDate) to that day: the same content gives
    the same bytes on every run."""
    fixed = options.fixed_date

    class DatedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1 if options.invariant else kwargs.get("invariant")
            super().__init__(*args, **kwargs)
            if fixed is not None:
                stamp = f"D:{fixed:%Y%m%d}000000+00'00'"
                self.setDateFormatter(lambda *_: stamp)

    return DatedCanvas


def numbered_canvas(options: PdfOptions, default_footer: str) -> type[Canvas]:
    """A Canvas class that writes "footer  第 x 页 共 y 页" on every page at save time."""
    font = register_cjk_font()

    class NumberedCanvas(dated_canvas(options)):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._cr_pages: list[tuple[dict[str, Any], tuple[str, str, bool]]] = []
            self._cr_current: tuple[str, str, bool] = ("", default_footer, False)

        def showPage(self) -> None:
            self._cr_pages.append((dict(self.__dict__), self._cr_current))
            self._startPage()

        def save(self) -> None:
            totals: dict[str, int] = {}
            for _, (key, _, _) in self._cr_pages:
                totals[key] = totals.get(key, 0) + 1
            seen: dict[str, int] = {}
            for state, (key, footer, draft) in self._cr_pages:
                self.__dict__.update(state)
                seen[key] = seen.get(key, 0) + 1
                self._footer(footer, seen[key], totals[key])
                if draft:
                    draw_watermark(self, "草稿")
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, footer: str, page: int, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(MARGIN, 9 * mm, footer)
            self.drawRightString(width - MARGIN, 9 * mm, f"第 {page} 页  共 {total} 页")
            self.setStrokeColor(colors.HexColor("#999999"))
            self.setLineWidth(0.4)
            self.line(MARGIN, 12 * mm, width - MARGIN, 12 * mm)
            self.restoreState()

    return NumberedCanvas


def draw_watermark(canvas: Canvas, text: str) -> None:
    """A large grey diagonal word across the page (草稿 on anything that is not final)."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.25))
    canvas.setFont(register_cjk_font(), 110)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -40, text)
    canvas.restoreState()


def make_doc(stream: BinaryIO, title: str, options: PdfOptions, *, subject: str = "") -> SimpleDocTemplate:
    return SimpleDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=title,
        author=options.producer,
        creator=options.producer,
        subject=subject,
        invariant=1 if options.invariant else None,
    )


def content_width() -> float:
    return float(A4[0] - 2 * MARGIN)
