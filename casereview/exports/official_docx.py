"""An ``OfficialDocument`` as an editable Word file in the GB/T 9704-2012 layout.

Word and WPS take a run's Chinese font from ``w:eastAsia`` and let a style's *theme*
font win over a named one, so every run names its East Asian font explicitly and the
theme attributes are stripped from the styles. The customary office fonts are named
(方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) and the font table gives each the Windows
face to use where it is missing (宋体, 仿宋, 楷体) through ``w:altName``. Page numbers
"— 1 —" are PAGE fields in 宋体 4号, odd pages right and even pages left.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any, BinaryIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from casereview.exports.official import Heading, OfficialDocument, Para, ReportTable, cn_date, fit_widths
from casereview.exports.output import deterministic_zip
from casereview.exports.pdf_common import PdfOptions

FONTS = {
    "title": "方正小标宋简体",
    "fang": "仿宋_GB2312",
    "kai": "楷体_GB2312",
    "hei": "黑体",
    "song": "宋体",
}
# font table fallbacks (w:altName): what Word/WPS use when the office font is not installed
ALT_NAMES = {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei", "宋体": "SimSun"}
LATIN = "Times New Roman"
RED = RGBColor(0xE6, 0x00, 0x12)
BODY_PT = 16.0
LINE_PT = 28.95  # 22 lines on 225 mm
TYPE_W_MM = 156.0
TOP_MM, BOTTOM_MM = 37.0, 35.0  # type area 225 mm high


def set_run_font(run: Any, east_asia: str, size: float | None = None, *, bold: bool = False,
                 color: RGBColor | None = None) -> None:
    """Name the East Asian and Latin fonts on the run itself (no theme font can win)."""
    run.font.name = LATIN
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:hint"), "eastAsia")
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _strip_theme_fonts(doc: Any) -> None:
    """Remove theme font references from every style and the document defaults."""
    root = doc.styles.element
    for fonts in root.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:eastAsia"), FONTS["fang"])
        fonts.set(qn("w:ascii"), LATIN)
        fonts.set(qn("w:hAnsi"), LATIN)


def _font_table(doc: Any) -> None:
    """Declare the office fonts with their Windows fallbacks (w:altName)."""
    part = next((rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, alt in ALT_NAMES.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt_el = etree.SubElement(font, qn("w:altName"))
        alt_el.set(qn("w:val"), alt)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if name != "黑体" else "swiss")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _para(doc: Any, text: str, font: str = "fang", *, size: float = BODY_PT, align: Any = None,
          indent_chars: float = 0, first_line_chars: float = 0, color: RGBColor | None = None,
          before: float = 0, after: float = 0, exact: float | None = LINE_PT, right_chars: float = 0) -> Any:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        p.alignment = align
    if indent_chars:
        fmt.left_indent = Pt(indent_chars * BODY_PT)
    if right_chars:
        fmt.right_indent = Pt(right_chars * BODY_PT)
    if first_line_chars:
        fmt.first_line_indent = Pt(first_line_chars * BODY_PT)
    if text:
        set_run_font(p.add_run(text), FONTS[font], size, color=color)
    return p


def _border(paragraph: Any, side: str, size_eighths: int, color: str = "000000") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _insert_in_order(ppr, borders)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), color)
    borders.append(el)


def _field(paragraph: Any, instr: str, font: str, size: float) -> None:
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        set_run_font(run, font, size)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == instr:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = f" {instr} "
            run._r.append(it)
        else:
            run.text = text


def _page_numbers(doc: Any) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                       WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        set_run_font(p.add_run("— "), FONTS["song"], 14)
        _field(p, "PAGE", FONTS["song"], 14)
        set_run_font(p.add_run(" —"), FONTS["song"], 14)


def _keep_signature_with_text(paragraphs: list[Any]) -> None:
    """署名 and 成文日期 never open a page on their own: the body's last paragraph, the
    附件说明, the blank lines of the seal room and the signature are each kept with the
    next (Word and LibreOffice then move the end of the last paragraph along with them)."""
    for p in paragraphs[:-1]:
        p.paragraph_format.keep_with_next = True


RECORD_ROW_TWIPS = 460  # one line of the 版记: 4号 text on a 22 pt line, and its rules


def _foot_frame(paragraph: Any, row: int, rows: int) -> None:
    """Put one line of the 版记 in a frame of fixed height, the width of the type area,
    ``rows - row`` lines above the foot of the type area, so that the lines stack down to
    the bottom of the last page. One frame per line because LibreOffice drops a frame
    whose paragraphs have different borders (the 版记 needs thick and thin rules)."""
    ppr = paragraph._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    type_h = round((297 - TOP_MM - BOTTOM_MM) / 25.4 * 1440)
    for key, value in (("w", round(TYPE_W_MM / 25.4 * 1440)), ("h", RECORD_ROW_TWIPS), ("hRule", "exact"),
                       ("wrap", "around"), ("hAnchor", "margin"), ("vAnchor", "margin"), ("xAlign", "center"),
                       ("y", type_h - (rows - row) * RECORD_ROW_TWIPS)):
        frame.set(qn(f"w:{key}"), str(value))
    _insert_in_order(ppr, frame)


# pPr children in schema order (CT_PPr), as far as we write them
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _insert_in_order(ppr: Any, element: Any) -> None:
    """Insert a pPr child where the schema wants it (LibreOffice ignores misplaced ones)."""
    tag = "w:" + element.tag.split("}", 1)[1]
    ppr.insert_element_before(element, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1:])


# Word's own text watermark (设计 → 水印): a WordArt shape in the header, centred on the
# page margin box, rotated, semi-transparent and behind the text (negative z-index).
_WATERMARK = """<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>
<v:shape id="PowerPlusWaterMarkObject{n}" o:spid="_x0000_s{spid}" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:{w}pt;height:{h}pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="silver" stroked="f">
<v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/>
</v:shape>
</w:pict>"""


def _watermark(header: Any, text: str, n: int) -> None:
    """草稿 (or 作废) across every page, behind the text, as Word's own watermark; ``n``
    numbers the shape (one per header: odd and even pages)."""
    from xml.sax.saxutils import quoteattr

    from lxml import etree

    size = 180.0  # points per character
    xml = _WATERMARK.format(n=n + 1, spid=2049 + n, w=size * len(text), h=size, font=FONTS["hei"],
                            text=quoteattr(text)[1:-1])
    p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    run = p.add_run()
    run._r.append(etree.fromstring(xml))


CELL_PT = 11.0  # table text


def _text_width_pt(text: str, _header: bool) -> float:
    """Width of table text at 11 pt: full-width characters one em, others about half."""
    return sum(CELL_PT if ord(ch) > 0x2E80 else CELL_PT * 0.6 for ch in text)


def _table(doc: Any, block: ReportTable) -> None:
    if block.caption:
        _para(doc, block.caption, "hei", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, exact=22)
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Pt(w) for w in fit_widths(block, TYPE_W_MM / 25.4 * 72, _text_width_pt, CELL_PT, pad=10.0)]
    for i, header in enumerate(block.headers):
        _cell(table.rows[0].cells[i], header, "hei", WD_ALIGN_PARAGRAPH.CENTER)
    for r, row in enumerate(block.rows):
        cells = table.add_row().cells
        if r in block.spans:
            merged = cells[0].merge(cells[-1])
            _cell(merged, row[0], "fang", WD_ALIGN_PARAGRAPH.LEFT)
            continue
        for i, value in enumerate(row):
            _cell(cells[i], value, "fang", WD_ALIGN_PARAGRAPH.RIGHT if i in block.numeric else WD_ALIGN_PARAGRAPH.LEFT)
    # LibreOffice lays a table out by its grid columns, Word by the cells: set both
    table.autofit = False
    for i, column in enumerate(table.columns):
        column.width = widths[i]
    for r, row in enumerate(table.rows):
        if r - 1 in block.spans:
            continue  # one merged cell spanning the grid
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _cell(cell: Any, text: str, font: str, align: Any) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.line_spacing = 1.0
    set_run_font(p.add_run(text), FONTS[font], CELL_PT)


def _blocks(doc: Any, blocks: Any) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            font = {1: "hei", 2: "kai"}.get(block.level, "fang")
            p = _para(doc, block.text, font, first_line_chars=2)
            p.paragraph_format.keep_with_next = True
        elif isinstance(block, Para):
            if block.style == "plain":
                _para(doc, block.text)
            else:
                _para(doc, block.text, size=14 if block.style == "note" else BODY_PT, first_line_chars=2)
        elif isinstance(block, ReportTable):
            _table(doc, block)
            _para(doc, "", exact=14)


def render_official_docx(doc: OfficialDocument, stream: BinaryIO, options: PdfOptions | None = None) -> None:
    options = options or PdfOptions()
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # the page number sits 7 mm below the type area (262 mm): its 4号 line ends ≈ 23 mm above the edge
    section.footer_distance = Mm(23)
    section.start_type = WD_SECTION.NEW_PAGE
    _strip_theme_fonts(word)
    normal = word.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _font_table(word)
    _page_numbers(word)
    stamp = datetime.combine(options.printed_date(), datetime.min.time())
    props = word.core_properties
    props.title = doc.title
    props.author = doc.office.name
    props.subject = doc.kind
    props.created = props.modified = stamp
    props.last_modified_by = options.producer
    props.revision = 1
    if doc.watermark_text:
        for n, header_part in enumerate((section.header, section.even_page_header)):
            _watermark(header_part, doc.watermark_text, n)

    # 版头
    _para(word, doc.office.name, "title", size=30, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED,
          before=35 / 25.4 * 72 - 30, exact=40)
    _para(word, "", exact=LINE_PT)
    number = _para(word, doc.number, align=WD_ALIGN_PARAGRAPH.CENTER, after=4 / 25.4 * 72)
    _border(number, "bottom", 12, "E60012")
    _para(word, "", exact=LINE_PT)
    # 主体
    _para(word, doc.title, "title", size=22, align=WD_ALIGN_PARAGRAPH.CENTER, exact=LINE_PT * 1.25)
    _para(word, "", exact=LINE_PT * 0.6)
    if doc.addressee:
        _para(word, doc.addressee + "：")
    _blocks(word, doc.body)
    # from the body's last paragraph to the 附注: one group that Word keeps on one page
    signed_from = len(word.paragraphs) - 1
    if doc.attachments:
        _para(word, "")
        for n, att in enumerate(doc.attachments, start=1):
            number_text = f"{n}. " if len(doc.attachments) > 1 else ""
            if n == 1:
                _para(word, f"附件：{number_text}{att.title}", indent_chars=2)
            else:
                _para(word, f"{number_text}{att.title}", indent_chars=5)
    for _ in range(2 if doc.office.seal else 1):
        _para(word, "")
    date_text = cn_date(doc.date)
    name_extra = max(0.0, (len(doc.office.name) - len(date_text)) / 2)
    _para(word, doc.office.name, align=WD_ALIGN_PARAGRAPH.RIGHT,
          right_chars=max(0.0, 4 + (len(date_text) - len(doc.office.name)) / 2))
    _para(word, date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4 + name_extra)
    if doc.office.note:
        _para(word, doc.office.note, first_line_chars=2)
    if doc.extra_note:
        _para(word, doc.extra_note, size=14, first_line_chars=2)
    _keep_signature_with_text(word.paragraphs[signed_from:])
    for n, att in enumerate(doc.attachments, start=1):
        brk = word.add_paragraph()
        brk.add_run().add_break(WD_BREAK.PAGE)
        _para(word, f"附件{n if len(doc.attachments) > 1 else ''}", "hei")
        _para(word, att.title, "title", size=22, align=WD_ALIGN_PARAGRAPH.CENTER, exact=LINE_PT * 1.25)
        _blocks(word, att.blocks)
    # 版记: framed lines at the foot of the type area, so it sits at the bottom of the last
    # page as in the PDF (GB/T 9704 7.4), whatever the length of the text above it
    lines: list[str] = []
    if doc.office.copy_to:
        lines.append(f"抄送：{doc.office.copy_to}。")
    lines.append(f"{doc.office.name}\t{cn_date(doc.printed)}印发")
    if doc.footer_text:
        lines.append(doc.footer_text)
    for n, text in enumerate(lines):
        p = _para(word, text, size=14, indent_chars=0.875, right_chars=0.875, exact=22)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(TYPE_W_MM - 6), alignment=2)  # right tab
        _foot_frame(p, n, len(lines))
        _border(p, "top", 8 if n == 0 else 6)  # thick above the first line, thin between
        if n == len(lines) - 1:
            _border(p, "bottom", 8)
    _para(word, "", exact=1)  # the frame's anchor: a frame needs a paragraph after it

    if options.invariant:
        buf = io.BytesIO()
        word.save(buf)
        stream.write(deterministic_zip(buf.getvalue(), stamp))
    else:
        word.save(stream)
