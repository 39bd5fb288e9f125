"""An ``OfficialDocument`` as PDF in the GB/T 9704-2012 layout.

A4; 天头 37 mm, 订口 28 mm, type area 156 × 225 mm; body 3号 (16 pt) 仿宋 on a fixed
line pitch of 22 lines a page; 发文机关标志 red 小标宋 35 mm below the top of the type
area, 发文字号 two lines below it, the red separator 4 mm under the number; title 2号
(22 pt) 小标宋; headings 一、 黑体, （一） 楷体; signature and date with the date four
characters in from the right and room for the seal above; 附注; attachments on new
pages; 版记 at the foot of the last page between thick and thin rules; page numbers
"— 1 —" in 4号 宋体 7 mm under the type area, odd pages right, even pages left. Fonts:
casereview.exports.fonts.official_fonts (embedded). Chinese line breaking: typography.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from casereview.exports.fonts import official_fonts
from casereview.exports.official import (
    LEVEL_FONTS,
    Heading,
    OfficialDocument,
    Para,
    ReportTable,
    cn_date,
    fit_widths,
)
from casereview.exports.pdf_common import PdfOptions, dated_canvas, esc

RED = colors.HexColor("#E60012")
TOP, LEFT = 37 * mm, 28 * mm
TYPE_W, TYPE_H = 156 * mm, 225 * mm
RIGHT = A4[0] - LEFT - TYPE_W
BOTTOM = A4[1] - TOP - TYPE_H
BODY = 16.0  # 3号
LINE = TYPE_H / 22  # 22 lines a page, ≈ 28.9 pt
CHAR = BODY  # one full-width character of the body


def _styles() -> dict[str, ParagraphStyle]:
    f = {role: rf.name for role, rf in official_fonts().items()}
    body = ParagraphStyle("gw-body", fontName=f["fang"], fontSize=BODY, leading=LINE, alignment=TA_JUSTIFY,
                          firstLineIndent=2 * CHAR, wordWrap="CJK")
    return {
        "mark": ParagraphStyle("gw-mark", fontName=f["title"], fontSize=30, leading=38, alignment=TA_CENTER,
                               textColor=RED, wordWrap="CJK"),
        "number": ParagraphStyle("gw-number", parent=body, alignment=TA_CENTER, firstLineIndent=0),
        "title": ParagraphStyle("gw-title", fontName=f["title"], fontSize=22, leading=LINE * 1.25,
                                alignment=TA_CENTER, wordWrap="CJK"),
        "addressee": ParagraphStyle("gw-addr", parent=body, firstLineIndent=0, alignment=TA_LEFT),
        "body": body,
        "plain": ParagraphStyle("gw-plain", parent=body, firstLineIndent=0),
        "note": ParagraphStyle("gw-note", parent=body, fontSize=14, leading=LINE * 0.9),
        "h1": ParagraphStyle("gw-h1", parent=body, fontName=f[LEVEL_FONTS[1]], alignment=TA_LEFT),
        "h2": ParagraphStyle("gw-h2", parent=body, fontName=f[LEVEL_FONTS[2]], alignment=TA_LEFT),
        "h3": ParagraphStyle("gw-h3", parent=body, fontName=f[LEVEL_FONTS[3]], alignment=TA_LEFT),
        "sign": ParagraphStyle("gw-sign", parent=body, firstLineIndent=0, alignment=TA_CENTER),
        "caption": ParagraphStyle("gw-caption", parent=body, fontName=f["hei"], fontSize=14, leading=22,
                                  firstLineIndent=0, alignment=TA_CENTER),
        "att_label": ParagraphStyle("gw-att", parent=body, fontName=f["hei"], firstLineIndent=0, alignment=TA_LEFT),
        "cell": ParagraphStyle("gw-cell", fontName=f["fang"], fontSize=11, leading=14.5, wordWrap="CJK"),
        "cell_c": ParagraphStyle("gw-cell-c", fontName=f["fang"], fontSize=11, leading=14.5, wordWrap="CJK",
                                 alignment=TA_CENTER),
        "cell_r": ParagraphStyle("gw-cell-r", fontName=f["fang"], fontSize=11, leading=14.5, wordWrap="CJK",
                                 alignment=TA_RIGHT),
        "cell_h": ParagraphStyle("gw-cell-h", fontName=f["hei"], fontSize=11, leading=14.5, wordWrap="CJK",
                                 alignment=TA_CENTER),
        "record": ParagraphStyle("gw-record", fontName=f["fang"], fontSize=14, leading=22, wordWrap="CJK"),
    }


class RedRule(Flowable):
    """The red separator under the 发文字号, the width of the type area."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, 2

    def draw(self) -> None:
        self.canv.setStrokeColor(RED)
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 1, self.width, 1)


class RecordBlock(Flowable):
    """版记 at the foot of the page: 抄送 and 印发 lines between rules (thick outside,
    thin between). It takes the rest of the page so that it lands at the bottom."""

    def __init__(self, lines: list[tuple[str, str]], style: ParagraphStyle) -> None:
        super().__init__()
        self.lines = lines  # (left text, right text)
        self.style = style
        self.row_h = 22.0
        self.need = self.row_h * len(lines) + 6

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = max(ah, self.need) if ah >= self.need else self.need
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        font, size = self.style.fontName, self.style.fontSize
        y = self.need - 3
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.35 * mm)
        c.line(0, y, self.width, y)
        for n, (left, right) in enumerate(self.lines):
            base = y - self.row_h + 6
            c.setFont(font, size)
            c.drawString(CHAR * 0.875, base, left)  # one character in (4号)
            if right:
                c.drawRightString(self.width - CHAR * 0.875, base, right)
            y -= self.row_h
            c.setLineWidth(0.35 * mm if n == len(self.lines) - 1 else 0.25 * mm)
            c.line(0, y, self.width, y)


class KeepWithLast(KeepTogether):
    """The 发文机关署名 and 成文日期 (with the 附件说明 and 附注 before and after them) kept on
    the page of the text they sign: they never open a page on their own.

    ``content[0]`` is the last block of the body. When the whole group does not fit, that
    block is split so that its end — at least ``keep_lines`` lines of a paragraph, or the
    last rows of a table — moves to the next page together with the signature; a block
    that cannot be split moves whole (KeepTogether's own behaviour)."""

    def __init__(self, lead: Flowable, tail: list[Flowable], keep_lines: int = 2) -> None:
        super().__init__([lead, *tail])
        self.lead, self.tail, self.keep_lines = lead, tail, keep_lines

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH >= self._H:
            return list(self._content)
        lead_h = self.lead.wrap(aW, aH)[1]
        if isinstance(self.lead, Paragraph):
            keep = self.keep_lines * float(self.lead.style.leading)
        elif isinstance(self.lead, Table):
            keep = 1.0  # at least the last row (the header row repeats)
        else:
            return super().split(aW, aH)
        first_h = min(aH, lead_h - keep)
        if first_h <= 0:
            return super().split(aW, aH)
        parts = self.lead.split(aW, first_h)
        if len(parts) != 2:
            return super().split(aW, aH)  # cannot be split: move the block with the signature
        return [parts[0], KeepWithLast(parts[1], self.tail, self.keep_lines)]


def table_flowables(block: ReportTable, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    font, head_font, size = st["cell"].fontName, st["cell_h"].fontName, st["cell"].fontSize
    widths = fit_widths(block, width, lambda text, head: stringWidth(text, head_font if head else font, size), size)
    rows: list[list[Any]] = [[Paragraph(esc(h), st["cell_h"]) for h in block.headers]]
    for r, row in enumerate(block.rows):
        if r in block.spans:
            rows.append([Paragraph(esc(row[0]), st["cell"])] + [""] * (len(block.headers) - 1))
            continue
        rows.append([
            Paragraph(esc(cell), st["cell_r"] if i in block.numeric else st["cell"]) for i, cell in enumerate(row)
        ])
    table = Table(rows, colWidths=widths, repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in block.spans:
        commands += [("SPAN", (0, r + 1), (-1, r + 1)), ("BACKGROUND", (0, r + 1), (-1, r + 1),
                                                         colors.HexColor("#F2F2F2"))]
    table.setStyle(TableStyle(commands))
    parts: list[Flowable] = []
    if block.caption:
        parts.append(Paragraph(esc(block.caption), st["caption"]))
    parts.append(table)
    return [KeepTogether(parts)] if len(block.rows) < 6 else parts


def _blocks(blocks: Any, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Heading):
            story.append(CondPageBreak(LINE * 3))  # a heading never ends a page
            story.append(Paragraph(esc(block.text), st[f"h{min(max(block.level, 1), 3)}"]))
        elif isinstance(block, Para):
            story.append(Paragraph(esc(block.text), st.get(block.style, st["body"])))
        elif isinstance(block, ReportTable):
            story.append(Spacer(1, 4))
            story.extend(table_flowables(block, st, TYPE_W))
            story.append(Spacer(1, LINE * 0.5))
    return story


def _signature(doc: OfficialDocument, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """署名 centred over the date, the date four characters in from the right; with a seal
    the two sit two lines below the body so the seal (about 42 mm) covers them and its top
    stays within one line of the text above (GB/T 9704 7.3.5.1)."""
    date_text = cn_date(doc.date)
    date_w = stringWidth(date_text, st["sign"].fontName, BODY)
    right_gap = 4 * CHAR
    name_w = stringWidth(doc.office.name, st["sign"].fontName, BODY)
    block_w = max(date_w, name_w) + CHAR  # a character of slack so the name never wraps
    # the date ends four characters from the right; the name is centred over the date
    indent = TYPE_W - right_gap - date_w / 2 - block_w / 2
    sign = ParagraphStyle("gw-sign-pos", parent=st["sign"], leftIndent=max(indent, 0),
                          rightIndent=max(TYPE_W - indent - block_w, 0))
    parts: list[Flowable] = [Spacer(1, LINE * (2 if doc.office.seal else 1))]
    parts.append(Paragraph(esc(doc.office.name), sign))
    parts.append(Paragraph(esc(date_text), sign))
    note = doc.office.note
    if note:
        parts.append(Spacer(1, LINE * 0.4))
        parts.append(Paragraph(esc(note), st["body"]))
    if doc.extra_note:
        parts.append(Paragraph(esc(doc.extra_note), st["note"]))
    return parts


def _canvas(doc: OfficialDocument, options: PdfOptions) -> type[Canvas]:
    fonts = official_fonts()

    class OfficialCanvas(dated_canvas(options)):  # type: ignore[misc]
        def showPage(self) -> None:
            self._decorate()
            super().showPage()

        def _decorate(self) -> None:
            page = self.getPageNumber()
            text = f"— {page} —"
            size = 14.0  # 4号
            self.saveState()
            self.setFont(fonts["song"].name, size)
            y = BOTTOM - 7 * mm - size * 0.8
            if page % 2:
                self.drawRightString(LEFT + TYPE_W - size, y, text)
            else:
                self.drawString(LEFT + size, y, text)
            if doc.watermark_text:
                self.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.28))
                self.setFont(fonts["hei"].name, 110)
                self.translate(A4[0] / 2, A4[1] / 2)
                self.rotate(35)
                self.drawCentredString(0, -40, doc.watermark_text)
            self.restoreState()

    return OfficialCanvas


def render_official_pdf(doc: OfficialDocument, stream: BinaryIO, options: PdfOptions | None = None) -> None:
    options = options or PdfOptions()
    st = _styles()
    template = SimpleDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=doc.title,
        author=doc.office.name,
        subject=doc.kind,
        creator=options.producer,
        invariant=1 if options.invariant else None,
    )
    story: list[Flowable] = [
        Spacer(1, 35 * mm - 38 * 0.8),
        Paragraph(esc(doc.office.name), st["mark"]),
        Spacer(1, LINE * 2 - 10),
        Paragraph(esc(doc.number), st["number"]),
        Spacer(1, 4 * mm),
        RedRule(),
        Spacer(1, LINE * 1.5),
        Paragraph(esc(doc.title), st["title"]),
        Spacer(1, LINE * 0.6),
    ]
    if doc.addressee:
        story.append(Paragraph(esc(doc.addressee + "："), st["addressee"]))
    story += _blocks(doc.body, st)
    tail: list[Flowable] = []  # 附件说明, 署名, 成文日期, 附注: kept with the end of the body
    if doc.attachments:
        tail.append(Spacer(1, LINE))
        for n, att in enumerate(doc.attachments, start=1):
            label = "附件：" if n == 1 else ""
            number = f"{n}. " if len(doc.attachments) > 1 else ""
            style = ParagraphStyle(
                f"gw-att-{n}", parent=st["body"], firstLineIndent=0,
                leftIndent=2 * CHAR + (0 if n == 1 else stringWidth("附件：", st["body"].fontName, BODY)),
            )
            tail.append(Paragraph(esc(label + number + att.title), style))
    tail += _signature(doc, st)
    signed = _keep_with_last(story, tail)  # takes the body's last block off the story
    story += signed
    for n, att in enumerate(doc.attachments, start=1):
        story.append(PageBreak())
        story.append(Paragraph(f"附件{n if len(doc.attachments) > 1 else ''}", st["att_label"]))
        story.append(Spacer(1, LINE * 0.5))
        story.append(Paragraph(esc(att.title), st["title"]))
        story.append(Spacer(1, LINE * 0.5))
        story += _blocks(att.blocks, st)
    story.append(_record(doc, st))
    template.build(story, canvasmaker=_canvas(doc, options))


def _keep_with_last(story: list[Flowable], tail: list[Flowable]) -> list[Flowable]:
    """Take the last real block of the body off ``story`` and return it grouped with the
    signature (spacers after it go along)."""
    trailing: list[Flowable] = []
    while story and isinstance(story[-1], Spacer | CondPageBreak):
        trailing.insert(0, story.pop())
    if not story:
        return [*trailing, KeepTogether(tail)]
    lead = story.pop()
    if isinstance(lead, KeepTogether):  # a small captioned table: keep it whole
        return [KeepTogether([lead, *trailing, *tail])]
    return [KeepWithLast(lead, [*trailing, *tail])]


def _record(doc: OfficialDocument, st: dict[str, ParagraphStyle]) -> Flowable:
    lines: list[tuple[str, str]] = []
    if doc.office.copy_to:
        lines.append((f"抄送：{doc.office.copy_to}。", ""))
    lines.append((doc.office.name, f"{cn_date(doc.printed)}印发"))
    if doc.footer_text:
        lines.append((doc.footer_text, ""))
    return RecordBlock(lines, st["record"])
