"""Training handout as an editable Word document (trainers often adapt it before printing).

Input is a ``Handout`` already anonymised by TrainingService; this module only lays it out.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from casereview.exports.output import deterministic_zip, write_atomic, write_with
from casereview.exports.pdf_common import PdfOptions
from casereview.exports.training_pdf import entry_meta, ordinal

FONT = "宋体"
HEAD_FONT = "黑体"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x66, 0x66, 0x66)


def _set_font(run: Any, name: str, size: float | None = None, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    # Word picks the East Asian font from w:eastAsia, not from the run's main font name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _para(doc: Any, text: str, *, size: float = 10.5, bold: bool = False, font: str = FONT,
          color: RGBColor | None = None, center: bool = False, label: str | None = None) -> Any:
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if label:
        _set_font(p.add_run(label + "："), HEAD_FONT, size, True, ACCENT)
    _set_font(p.add_run(text), font, size, bold, color)
    return p


def write_handout_docx(handout: Any, path: Path, options: PdfOptions | None = None) -> Path:
    """The handout as Word (A4); with ``options.fixed_date`` byte-identical across runs."""
    options = options or PdfOptions()
    doc = Document()
    section = doc.sections[0]
    # python-docx's template is US Letter; every document we print is A4
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(10.5)

    _para(doc, handout.title, size=20, font=HEAD_FONT, center=True)
    _para(doc, handout.subtitle, size=10, color=MUTED, center=True)
    _para(doc, f"生成日期：{handout.generated:%Y年%m月%d日}　　内部培训资料，请勿外传", size=10, color=MUTED, center=True)
    _para(doc, "目录", size=14, font=HEAD_FONT, color=ACCENT)
    for i, entry in enumerate(handout.entries, start=1):
        count = f"（{entry.count} 次 / {entry.case_count} 件）" if entry.count else ""
        _para(doc, f"{ordinal(i)}、{entry.title}{count}")
    for i, entry in enumerate(handout.entries, start=1):
        _para(doc, f"{ordinal(i)}、{entry.title}", size=14, font=HEAD_FONT, color=ACCENT)
        _para(doc, entry_meta(entry), size=9, color=MUTED)
        if entry.trend and any(c for _, c in entry.trend):
            shown = "，".join(f"{q} {c}" for q, c in entry.trend if c)
            _para(doc, shown, size=9, color=MUTED, label="按季度")
        for label, text in (("问题说明", entry.explanation), ("正确做法", entry.correct_practice),
                            ("法律依据", entry.legal_basis)):
            if text:
                _para(doc, text, label=label)
        if entry.wordings and not entry.explanation:
            _para(doc, "；".join(entry.wordings), label="常见表述")
        for j, ex in enumerate(entry.examples, start=1):
            _para(doc, f"典型案例 {j}：{ex.case_label}（{ex.case_type_label}）", size=11, font=HEAD_FONT, color=ACCENT)
            _para(doc, ex.facts, size=9.5, label="案情")
            verdict = "（否决）" if ex.is_veto else f"（扣 {ex.points:g} 分）"
            _para(doc, ex.wording + verdict, size=9.5, label="评查意见")
            if ex.evidence:
                _para(doc, "、".join(ex.evidence), size=9.5, label="证据页")
            if ex.image_path is not None and Path(ex.image_path).exists():
                doc.add_picture(str(ex.image_path), width=Cm(13))
                _para(doc, "（页面截图，身份信息已遮盖）", size=8.5, color=MUTED)
    props = doc.core_properties
    props.title = handout.title
    props.author = props.last_modified_by = "CaseReview 案卷评查"
    stamp = datetime.combine(options.printed_date(), datetime.min.time())
    props.created = props.modified = stamp
    props.revision = 1
    if not options.invariant:
        return write_with(path, doc.save)
    buffer = io.BytesIO()
    doc.save(buffer)
    return write_atomic(path, deterministic_zip(buffer.getvalue(), stamp))
