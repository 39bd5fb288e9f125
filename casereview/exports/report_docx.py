"""The campaign report (评查情况通报) as an editable Word file (python-docx).

Chinese text needs the East Asian font set explicitly (``w:eastAsia`` on the run fonts of
every style used), otherwise Word and WPS fall back to a Western font for CJK characters.
Charts are PNG pictures (casereview.exports.charts.chart_png); tables are real Word
tables a user can edit.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any, BinaryIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from casereview.exports.charts import chart_png
from casereview.exports.output import deterministic_zip
from casereview.exports.pdf_common import PdfOptions
from casereview.exports.report_model import Para, ReportChart, ReportModel, ReportTable

BODY_FONT = "仿宋_GB2312"
BODY_FONT_FALLBACK = "FangSong"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"


def _east_asian(style_or_run: Any, east_asia: str, latin: str = "Times New Roman") -> None:
    font = style_or_run.font
    font.name = latin
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _setup_styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    _east_asian(normal, BODY_FONT)
    normal.font.size = Pt(14)  # 四号, the usual size of an official notice body
    normal.paragraph_format.line_spacing = Pt(26)
    for name, size in (("Heading 1", 15), ("Heading 2", 14)):
        style = doc.styles[name]
        _east_asian(style, HEADING_FONT)
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(4)
    title = doc.styles["Title"]
    _east_asian(title, TITLE_FONT)
    title.font.size = Pt(20)
    title.font.color.rgb = RGBColor(0, 0, 0)


def _table(doc: Any, block: ReportTable, width_cm: float) -> None:
    if block.caption:
        cap = doc.add_paragraph(block.caption)
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for run in cap.runs:
            run.font.size = Pt(11)
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Cm(width_cm * w / total) for w in block.widths]
    for i, header in enumerate(block.headers):
        cell = table.rows[0].cells[i]
        cell.text = header
        _cell_format(cell, bold=True, center=True)
        _shade(cell, "D9E2F3")
    for row in block.rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = value
            _cell_format(cells[i], right=i in block.numeric)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    # repeat the header row on every page
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    doc.add_paragraph()


def _cell_format(cell: Any, *, bold: bool = False, center: bool = False, right: bool = False) -> None:
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.line_spacing = 1.0
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in paragraph.runs:
            run.font.size = Pt(10.5)
            run.font.bold = bold


def _shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def render_report_docx(model: ReportModel, stream: BinaryIO, options: PdfOptions | None = None) -> None:
    options = options or PdfOptions()
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
    width_cm = 21 - 2 * 2.6
    _setup_styles(doc)
    stamp = datetime.combine(options.printed_date(), datetime.min.time())
    props = doc.core_properties
    props.title = model.title
    props.author = options.producer
    props.created = props.modified = stamp
    props.last_modified_by = options.producer
    props.revision = 1

    doc.add_paragraph(model.title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(model.subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for sec in model.sections:
        doc.add_heading(sec.heading, level=1)
        for block in sec.blocks:
            if isinstance(block, Para):
                p = doc.add_paragraph(block.text)
                p.paragraph_format.first_line_indent = Pt(28)
            elif isinstance(block, ReportTable):
                _table(doc, block, width_cm)
            elif isinstance(block, ReportChart):
                png = chart_png(block, 1400, 760 if block.kind == "hbar" else 700)
                doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
                picture = doc.paragraphs[-1]
                picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
                # The body style has an exact 26 pt line height; a picture in such a line is
                # clipped to that height by Word, WPS and LibreOffice, so this line is "single".
                picture.paragraph_format.line_spacing = 1.0
    if options.invariant:
        buf = io.BytesIO()
        doc.save(buf)
        stream.write(deterministic_zip(buf.getvalue(), stamp))
    else:
        doc.save(stream)
