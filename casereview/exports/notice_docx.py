"""整改通知书 as an editable Word document (python-docx; opens in Word and WPS).

Chinese fonts are set the way Word expects: the run's ``w:rFonts`` carries ``w:eastAsia``
(仿宋 for the body, 方正小标宋简体 falling back to 宋体 for the title, 黑体 for headings);
setting only ``font.name`` would leave Chinese text in the default theme font.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from casereview.exports.output import write_with
from casereview.rectification.document import NoticeDocument, cn_date

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"


def set_run_font(run: Run, east_asia: str, size: float | None = None, *, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = Pt(size)
    run.bold = bold


def _para(
    container: object,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 16,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    bold: bool = False,
    space_after: float = 0,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    set_run_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run(text), HEADING_FONT if bold else BODY_FONT, 10.5, bold=bold)


def build_notice_docx(doc: NoticeDocument) -> Any:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # Default style: East Asian body font for anything typed later in Word or WPS.
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(16)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    document.core_properties.title = f"整改通知书 {doc.number}"
    document.core_properties.author = doc.issuer

    _para(document, "整改通知书", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(document, doc.number, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    if doc.void_reason:
        _para(document, f"（本通知书已作废：{doc.void_reason}）", size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, f"{doc.unit_name}：")
    _para(document, doc.intro, indent=True, space_after=6)

    headers = ["序号", "评查项目", "存在问题", "证据页码", "扣分"]
    widths = [Mm(12), Mm(50), Mm(50), Mm(26), Mm(12)]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        _cell_text(cell, text, bold=True, center=True)
        cell.width = width
    for case_no, findings in doc.by_case():
        officers = findings[0][1].officers
        row = table.add_row().cells
        merged = row[0].merge(row[-1])
        _cell_text(merged, f"案卷：{case_no}" + (f"（承办人员：{officers}）" if officers else ""))
        for i, f in findings:
            cells = table.add_row().cells
            values = [str(i), f"{f.item_code} {f.item_text}", f.wording, f.evidence or "—", f.points_text]
            for j, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
                _cell_text(cell, text, center=j in (0, 4))
                cell.width = width

    _para(document, "整改要求：", font=HEADING_FONT)
    for line in doc.requirements.splitlines():
        if line.strip():
            _para(document, line.strip(), indent=True)
    _para(document, doc.deadline_sentence, indent=True)
    _para(document, f"整改期限：{cn_date(doc.deadline)}", font=HEADING_FONT, space_after=24)
    _para(document, doc.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document, cn_date(doc.issue_date), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _add_page_numbers(section.footer.paragraphs[0])
    return document


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE / NUMPAGES) that Word and WPS update when the document is shown."""
    run = paragraph.add_run()
    set_run_font(run, BODY_FONT, 10.5)
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)


def _add_page_numbers(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("第 "), BODY_FONT, 10.5)
    _field(paragraph, "PAGE")
    set_run_font(paragraph.add_run(" 页 共 "), BODY_FONT, 10.5)
    _field(paragraph, "NUMPAGES")
    set_run_font(paragraph.add_run(" 页"), BODY_FONT, 10.5)


def write_notice_docx(doc: NoticeDocument, path: Path) -> Path:
    document = build_notice_docx(doc)
    return write_with(path, document.save)
