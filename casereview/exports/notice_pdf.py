"""整改通知书 as PDF in an official-document layout (after GB/T 9704 proportions).

Black only (no red header: the notice is printed and stamped by the issuing office), the
embedded WenQuanYi font so Chinese prints on any PC, the title, the number (文号), the
addressee, the intro, a table of findings (case number, item, wording, evidence pages),
the requirements, the deadline sentence, the issuing office and date, and "第 x 页 共 y 页".
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from casereview.exports.fonts import register_cjk_font
from casereview.exports.output import write_atomic
from casereview.rectification.document import NoticeDocument, cn_date

TITLE = "整改通知书"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=14, leading=25, alignment=TA_JUSTIFY,
                          firstLineIndent=28, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=22, leading=32, alignment=TA_CENTER,
                                spaceAfter=6),
        "number": ParagraphStyle("number", fontName=font, fontSize=14, leading=22, alignment=TA_CENTER,
                                 spaceAfter=14),
        "void": ParagraphStyle("void", fontName=font, fontSize=12, leading=18, alignment=TA_CENTER,
                               textColor=colors.HexColor("#555555"), spaceAfter=8),
        "addressee": ParagraphStyle("addressee", parent=base, firstLineIndent=0),
        "body": base,
        "heading": ParagraphStyle("heading", parent=base, firstLineIndent=0, spaceBefore=6),
        "requirements": ParagraphStyle("requirements", parent=base, firstLineIndent=28),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=10, leading=14, wordWrap="CJK"),
        "cellc": ParagraphStyle("cellc", fontName=font, fontSize=10, leading=14, alignment=TA_CENTER,
                                wordWrap="CJK"),
        "sign": ParagraphStyle("sign", fontName=font, fontSize=14, leading=25, alignment=TA_RIGHT,
                               rightIndent=28),
    }


def _findings_table(doc: NoticeDocument, st: dict[str, ParagraphStyle], width: float) -> Table:
    """Findings grouped by case: a spanning row names the case (and its officers), then
    one row per finding."""
    head = ["序号", "评查项目", "存在问题", "证据页码", "扣分"]
    rows: list[list[Any]] = [[Paragraph(h, st["cellc"]) for h in head]]
    spans: list[int] = []
    for case_no, findings in doc.by_case():
        officers = findings[0][1].officers
        label = f"案卷：{case_no}" + (f"（承办人员：{officers}）" if officers else "")
        spans.append(len(rows))
        rows.append([Paragraph(_esc(label), st["cell"]), "", "", "", ""])
        for i, f in findings:
            rows.append(
                [
                    Paragraph(str(i), st["cellc"]),
                    Paragraph(_esc(f"{f.item_code} {f.item_text}"), st["cell"]),
                    Paragraph(_esc(f.wording), st["cell"]),
                    Paragraph(_esc(f.evidence or "—"), st["cell"]),
                    Paragraph(f.points_text, st["cellc"]),
                ]
            )
    fractions = [0.08, 0.33, 0.33, 0.17, 0.09]
    table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1)
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for row in spans:
        style += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), colors.HexColor("#f4f4f4"))]
    table.setStyle(TableStyle(style))
    return table


def _numbered_canvas(font: str, number: str) -> type[rl_canvas.Canvas]:
    class NumberedCanvas(rl_canvas.Canvas):
        """Two passes: remember each page, then stamp "第 x 页 共 y 页" once the count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(font, 10)
                self.drawCentredString(A4[0] / 2, 15 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
                if total > 1:
                    self.drawRightString(A4[0] - 26 * mm, 15 * mm, number)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_notice_pdf(doc: NoticeDocument) -> bytes:
    font = register_cjk_font()
    st = _styles(font)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=28 * mm,
        title=f"{TITLE} {doc.number}",
        author=doc.issuer,
        subject=f"{doc.unit_name} 整改通知",
        creator="CaseReview 案卷评查",
    )
    width = A4[0] - 54 * mm
    story: list[Any] = [Paragraph(TITLE, st["title"]), Paragraph(_esc(doc.number), st["number"])]
    if doc.void_reason:
        story.append(Paragraph(_esc(f"（本通知书已作废：{doc.void_reason}）"), st["void"]))
    story += [
        Paragraph(_esc(f"{doc.unit_name}："), st["addressee"]),
        Paragraph(_esc(doc.intro), st["body"]),
        Spacer(1, 4),
        _findings_table(doc, st, width),
        Spacer(1, 8),
        Paragraph("整改要求：", st["heading"]),
    ]
    story += [Paragraph(_esc(line), st["requirements"]) for line in doc.requirements.splitlines() if line.strip()]
    story.append(Paragraph(_esc(doc.deadline_sentence), st["body"]))
    story.append(Paragraph(_esc(f"整改期限：{cn_date(doc.deadline)}"), st["heading"]))
    story.append(
        KeepTogether(
            [
                Spacer(1, 28),
                Paragraph(_esc(doc.issuer), st["sign"]),
                Paragraph(cn_date(doc.issue_date), st["sign"]),
            ]
        )
    )
    template.build(story, canvasmaker=_numbered_canvas(font, doc.number))
    return buffer.getvalue()


def write_notice_pdf(doc: NoticeDocument, path: Path) -> Path:
    data = render_notice_pdf(doc)
    return write_atomic(path, data)
