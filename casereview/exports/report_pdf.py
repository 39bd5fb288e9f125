"""The campaign report (评查情况通报) as PDF: A4, embedded CJK font, vector charts."""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from casereview.exports.charts import chart_drawing
from casereview.exports.fonts import register_cjk_font
from casereview.exports.pdf_common import (
    GRID,
    SHADE,
    PdfOptions,
    content_width,
    esc,
    make_doc,
    numbered_canvas,
    styles,
)
from casereview.exports.report_model import Para, ReportChart, ReportModel, ReportTable


def _table(block: ReportTable) -> list[Flowable]:
    st = styles()
    font = register_cjk_font()
    width = content_width()
    total = sum(block.widths)
    widths = [width * w / total for w in block.widths]
    rows: list[list[object]] = [list(block.headers)]
    for row in block.rows:
        rows.append([cell if i in block.numeric else Paragraph(esc(cell), st["cell"]) for i, cell in enumerate(row)])
    table = Table(rows, colWidths=widths, repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F7F9FB")]),
    ]
    for col in block.numeric:
        commands.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    table.setStyle(TableStyle(commands))
    parts: list[Flowable] = []
    if block.caption:
        parts.append(Paragraph(esc(block.caption), st["cell_center"]))
        parts.append(Spacer(1, 1.5 * mm))
    parts.append(table)
    # short tables stay with their caption; long ones flow across pages (header row repeats)
    return [KeepTogether(parts)] if len(block.rows) < 25 else parts


def render_report_pdf(model: ReportModel, stream: BinaryIO, options: PdfOptions | None = None) -> None:
    options = options or PdfOptions()
    st = styles()
    width = content_width()
    story: list[Flowable] = [Paragraph(esc(model.title), st["title"]), Paragraph(esc(model.subtitle), st["subtitle"])]
    for section in model.sections:
        story.append(Paragraph(esc(section.heading), st["h1"]))
        for block in section.blocks:
            if isinstance(block, Para):
                story.append(Paragraph(esc(block.text), st["body"] if block.style == "body" else st["note"]))
                story.append(Spacer(1, 1.5 * mm))
            elif isinstance(block, ReportTable):
                story.extend(_table(block))
                story.append(Spacer(1, 3 * mm))
            elif isinstance(block, ReportChart):
                height = 210.0 if block.kind == "hbar" else 190.0
                story.append(KeepTogether([chart_drawing(block, width, height), Spacer(1, 3 * mm)]))
    doc = make_doc(stream, model.title, options, subject="评查情况通报")
    doc.build(story, canvasmaker=numbered_canvas(options, model.title))
