"""Training material as PDF: a printed handout (A4 portrait) and slides (A4 landscape, one
entry per page in large type, for projecting in a room).

Input is a ``Handout`` already anonymised by TrainingService; this module only lays it out.
The WenQuanYi font is embedded (casereview.exports.fonts) so Chinese shows on any PC.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from casereview.exports.fonts import register_cjk_font
from casereview.exports.output import write_with
from casereview.exports.pdf_common import PdfOptions, dated_canvas

ACCENT = colors.HexColor("#1F4E79")
MUTED = colors.HexColor("#666666")
SHADE = colors.HexColor("#EEF2F7")
CHINESE_NUMBERS = "一二三四五六七八九十"


def ordinal(i: int) -> str:
    if i <= 10:
        return CHINESE_NUMBERS[i - 1]
    if i < 20:
        return "十" + CHINESE_NUMBERS[i - 11]
    return str(i)


def entry_meta(entry: Any) -> str:
    """The line under an entry's heading: item, standard, category, how often (handout PDF and Word)."""
    meta = [f"评查项：{entry.item_label}"]
    if entry.standard_name:
        meta.append(f"标准：{entry.standard_name}")
    if entry.category:
        meta.append(f"问题类别：{entry.category}")
    if entry.count:
        meta.append(f"出现 {entry.count} 次，涉及 {entry.case_count} 件案卷")
    return "　".join(meta)


def _p(text: str) -> str:
    """Escape text for a Paragraph, keeping line breaks."""
    return escape(text).replace("\n", "<br/>")


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    base = ParagraphStyle("tr-base", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("tr-title", parent=base, fontSize=20, leading=28, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("tr-sub", parent=base, fontSize=10, leading=15, alignment=TA_CENTER, textColor=MUTED),
        "h1": ParagraphStyle("tr-h1", parent=base, fontSize=14, leading=20, textColor=ACCENT, spaceBefore=8, spaceAfter=4),
        "h2": ParagraphStyle("tr-h2", parent=base, fontSize=11, leading=16, textColor=ACCENT, spaceBefore=6, spaceAfter=2),
        "meta": ParagraphStyle("tr-meta", parent=base, fontSize=9, leading=13, textColor=MUTED),
        "small": ParagraphStyle("tr-small", parent=base, fontSize=8.5, leading=12),
        "toc": ParagraphStyle("tr-toc", parent=base, fontSize=10.5, leading=17),
        # slides
        "s_title": ParagraphStyle("tr-s-title", parent=base, fontSize=30, leading=40, textColor=ACCENT),
        "s_big": ParagraphStyle("tr-s-big", parent=base, fontSize=34, leading=46, alignment=TA_CENTER),
        "s_meta": ParagraphStyle("tr-s-meta", parent=base, fontSize=15, leading=22, textColor=MUTED),
        "s_head": ParagraphStyle("tr-s-head", parent=base, fontSize=18, leading=25, textColor=ACCENT, spaceBefore=6),
        "s_body": ParagraphStyle("tr-s-body", parent=base, fontSize=18, leading=27),
        "s_quote": ParagraphStyle("tr-s-quote", parent=base, fontSize=16, leading=24, textColor=colors.HexColor("#333333")),
    }


def _footer(label: str) -> Any:
    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(register_cjk_font(), 8)
        canvas.setFillColor(MUTED)
        width, _height = doc.pagesize
        canvas.drawString(doc.leftMargin, 10 * mm, label)
        canvas.drawRightString(width - doc.rightMargin, 10 * mm, f"第 {canvas.getPageNumber()} 页")
        canvas.restoreState()

    return draw


def trend_chart(trend: tuple[tuple[str, int], ...], width: float = 150 * mm, height: float = 22 * mm) -> Drawing:
    """A small bar chart of findings per quarter (labels every few bars to stay legible)."""
    font = register_cjk_font()
    drawing = Drawing(width, height)
    if not trend:
        return drawing
    peak = max(c for _, c in trend) or 1
    n = len(trend)
    slot = width / n
    base_y = 9
    usable = height - base_y - 8
    step = max(1, n // 8)
    drawing.add(Line(0, base_y, width, base_y, strokeColor=MUTED, strokeWidth=0.5))
    for i, (quarter, count) in enumerate(trend):
        h = usable * count / peak
        x = i * slot + slot * 0.15
        if count:
            drawing.add(Rect(x, base_y, slot * 0.7, h, fillColor=ACCENT, strokeColor=None))
            drawing.add(String(x + slot * 0.35, base_y + h + 1.5, str(count), fontName=font, fontSize=6, textAnchor="middle"))
        if i % step == 0:
            drawing.add(String(x + slot * 0.35, 1, quarter, fontName=font, fontSize=5.5, textAnchor="middle", fillColor=MUTED))
    return drawing


def _image(path: Path, max_width: float, max_height: float) -> Image:
    img = Image(str(path))
    ratio = min(max_width / img.imageWidth, max_height / img.imageHeight)
    img.drawWidth = img.imageWidth * ratio
    img.drawHeight = img.imageHeight * ratio
    return img


def _label_rows(rows: list[tuple[str, str]], style: ParagraphStyle, width: float) -> Table:
    s = _styles()
    data = [[Paragraph(_p(k), s["h2"]), Paragraph(_p(v), style)] for k, v in rows if v]
    table = Table(data, colWidths=[24 * mm, width - 24 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def write_handout_pdf(handout: Any, path: Path, options: PdfOptions | None = None) -> Path:
    """The printed handout (written through a temporary file: an old file survives a failure);
    with ``options.fixed_date`` byte-identical across runs."""
    return write_with(path, lambda stream: _handout_pdf(handout, stream, options or PdfOptions()))


def _handout_pdf(handout: Any, stream: BinaryIO, options: PdfOptions) -> None:
    """The printed handout: cover block, contents, then each entry with its examples."""
    s = _styles()
    doc = SimpleDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=handout.title,
        author="CaseReview 案卷评查",
        subject="内部培训资料（已脱敏）",
        invariant=1 if options.invariant else None,
    )
    width = A4[0] - 36 * mm
    story: list[Any] = [
        Paragraph(_p(handout.title), s["title"]),
        Paragraph(_p(handout.subtitle), s["subtitle"]),
        Paragraph(f"生成日期：{handout.generated:%Y年%m月%d日}　　内部培训资料，请勿外传", s["subtitle"]),
        Spacer(1, 6 * mm),
        Paragraph("目录", s["h1"]),
    ]
    for i, entry in enumerate(handout.entries, start=1):
        count = f"（{entry.count} 次 / {entry.case_count} 件）" if entry.count else ""
        story.append(Paragraph(_p(f"{ordinal(i)}、{entry.title}{count}"), s["toc"]))
    for i, entry in enumerate(handout.entries, start=1):
        story.append(Spacer(1, 4 * mm))
        head: list[Any] = [Paragraph(_p(f"{ordinal(i)}、{entry.title}"), s["h1"])]
        head.append(Paragraph(_p(entry_meta(entry)), s["meta"]))
        if entry.trend and any(c for _, c in entry.trend):
            head += [Paragraph("按季度分布", s["meta"]), trend_chart(entry.trend, width=min(width, 160 * mm))]
        story.append(KeepTogether(head))
        rows = [("问题说明", entry.explanation), ("正确做法", entry.correct_practice), ("法律依据", entry.legal_basis)]
        if entry.wordings and not entry.explanation:
            rows.append(("常见表述", "；".join(entry.wordings)))
        if any(v for _, v in rows):
            story.append(_label_rows(rows, s["base"], width))
        for j, ex in enumerate(entry.examples, start=1):
            block: list[Any] = [
                Paragraph(_p(f"典型案例 {j}：{ex.case_label}（{ex.case_type_label}）"), s["h2"]),
                Paragraph(_p(f"案情：{ex.facts}"), s["small"]),
                Paragraph(
                    _p(f"评查意见：{ex.wording}" + ("（否决）" if ex.is_veto else f"（扣 {ex.points:g} 分）")), s["small"]
                ),
            ]
            if ex.evidence:
                block.append(Paragraph(_p("证据页：" + "、".join(ex.evidence)), s["small"]))
            if ex.image_path is not None and Path(ex.image_path).exists():
                block += [Spacer(1, 2 * mm), _image(Path(ex.image_path), width * 0.8, 95 * mm)]
                block.append(Paragraph("（页面截图，身份信息已遮盖）", s["meta"]))
            story.append(KeepTogether(block))
    doc.build(story, onFirstPage=_footer("内部培训资料 · 已脱敏"), onLaterPages=_footer("内部培训资料 · 已脱敏"),
              canvasmaker=dated_canvas(options))


def write_slides_pdf(handout: Any, path: Path, options: PdfOptions | None = None) -> Path:
    """Slides (written through a temporary file: an old file survives a failure)."""
    return write_with(path, lambda stream: _slides_pdf(handout, stream, options or PdfOptions()))


def _slides_pdf(handout: Any, stream: BinaryIO, options: PdfOptions) -> None:
    """Slides: a title page, then one landscape page per entry in large type (shrunk to fit)."""
    s = _styles()
    size = landscape(A4)
    margin = 16 * mm
    doc = SimpleDocTemplate(
        stream,
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + 4 * mm,
        title=handout.title,
        author="CaseReview 案卷评查",
        invariant=1 if options.invariant else None,
    )
    width, height = size[0] - 2 * margin, size[1] - 2 * margin - 8 * mm
    story: list[Any] = [
        Spacer(1, 45 * mm),
        Paragraph(_p(handout.title), s["s_big"]),
        Spacer(1, 8 * mm),
        Paragraph(_p(handout.subtitle), ParagraphStyle("tr-s-sub", parent=s["s_meta"], alignment=TA_CENTER)),
        Paragraph(f"{handout.generated:%Y年%m月}", ParagraphStyle("tr-s-date", parent=s["s_meta"], alignment=TA_CENTER)),
    ]
    for i, entry in enumerate(handout.entries, start=1):
        story.append(PageBreak())
        left: list[Any] = []
        meta = f"评查项 {entry.item_label}"
        if entry.count:
            meta += f"　|　出现 {entry.count} 次 / {entry.case_count} 件"
        left.append(Paragraph(_p(meta), s["s_meta"]))
        for label, text in (("问题", entry.explanation), ("正确做法", entry.correct_practice), ("依据", entry.legal_basis)):
            if text:
                left += [Paragraph(label, s["s_head"]), Paragraph(_p(text), s["s_body"])]
        if not entry.explanation and entry.wordings:
            left += [Paragraph("常见表述", s["s_head"])] + [Paragraph(_p("· " + w), s["s_body"]) for w in entry.wordings[:3]]
        example = next(iter(entry.examples), None)
        right: list[Any] = []
        if example is not None:
            right += [
                Paragraph(_p(f"案例：{example.case_label}"), s["s_head"]),
                Paragraph(_p(f"“{example.wording}”"), s["s_quote"]),
            ]
            if example.image_path is not None and Path(example.image_path).exists():
                right += [Spacer(1, 3 * mm), _image(Path(example.image_path), width * 0.38, height * 0.62)]
        title = Paragraph(_p(f"{i}. {entry.title}"), s["s_title"])
        if right:
            body = Table(
                [[KeepInFrame(width * 0.56, height - 22 * mm, left, mode="shrink"),
                  KeepInFrame(width * 0.42, height - 22 * mm, right, mode="shrink")]],
                colWidths=[width * 0.58, width * 0.42],
            )
            body.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BACKGROUND", (1, 0), (1, 0), SHADE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ]
                )
            )
            content: list[Any] = [title, Spacer(1, 3 * mm), body]
        else:
            content = [title, Spacer(1, 3 * mm), *left]
        story.append(KeepInFrame(width, height, content, mode="shrink"))
    doc.build(story, onFirstPage=_footer("内部培训 · 已脱敏"), onLaterPages=_footer("内部培训 · 已脱敏"),
              canvasmaker=dated_canvas(options))
