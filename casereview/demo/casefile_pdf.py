"""A generated, scanned-looking case file: one PDF holding every document of a case.

Each document occupies a page range (1-2 立案登记表, 3-4 询问笔录 ...), as when a unit
scans the whole paper file at once; the importer records the ranges without rewriting
the PDF. Text is real (a text layer) so the classifier and checks can read it.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from casereview.exports.fonts import register_cjk_font


@dataclass(frozen=True)
class PlannedDocument:
    doc_type: str
    pages: int
    date_field: str | None = None


def plan_documents(rec: dict[str, Any], rng: random.Random, defect: bool) -> list[PlannedDocument]:
    """The documents a file of this case would hold (a defective file may lack one)."""
    ct = rec["case_type"]
    docs: list[PlannedDocument]
    if ct == "penalty" and rec.get("procedure") == "simple":
        docs = [PlannedDocument("当场行政处罚决定书", 1, "decision_date"), PlannedDocument("身份证明", 1)]
    elif ct == "penalty":
        docs = [
            PlannedDocument("立案登记表", 1, "filing_date"),
            PlannedDocument("询问笔录", 2, "investigation_date"),
            PlannedDocument("现场笔录", 1, "investigation_date"),
            PlannedDocument("身份证明", 1),
            PlannedDocument("违法行为通知书", 1, "notice_date"),
        ]
        if rec.get("hearing_held_date"):
            docs += [
                PlannedDocument("听证通知书", 1, "hearing_notified_date"),
                PlannedDocument("听证笔录", 2, "hearing_held_date"),
            ]
        if rec.get("legal_review_date"):
            docs.append(PlannedDocument("法制审核意见", 1, "legal_review_date"))
        if rec.get("collective_discussion_date"):
            docs.append(PlannedDocument("集体讨论记录", 1, "collective_discussion_date"))
        docs += [
            PlannedDocument("行政处罚决定书", 2, "decision_date"),
            PlannedDocument("送达回证", 1, "service_date"),
            PlannedDocument("罚没票据", 1, "paid_date"),
            PlannedDocument("结案报告", 1, "closing_date"),
        ]
    elif ct == "licensing":
        docs = [PlannedDocument("行政许可申请书", 1, "application_date")]
        if rec.get("supplement_notice_date"):
            docs.append(PlannedDocument("补正材料通知书", 1, "supplement_notice_date"))
        docs += [
            PlannedDocument("受理通知书", 1, "acceptance_date"),
            PlannedDocument("现场核查记录", 1, "acceptance_date"),
            PlannedDocument("行政许可决定书", 1, "decision_date"),
            PlannedDocument("送达回证", 1, "licence_delivered_date"),
        ]
    else:
        docs = [
            PlannedDocument("立案登记表", 1, "filing_date"),
            PlannedDocument("现场笔录", 1, "seizure_start"),
            PlannedDocument("行政强制措施决定书", 1, "seizure_start"),
            PlannedDocument("送达回证", 1, "seizure_start"),
            PlannedDocument("解除行政强制措施决定书", 1, "seizure_end"),
        ]
    if defect and len(docs) > 3 and rng.random() < 0.4:
        # a typical defect: one procedural document missing from the file
        droppable = [
            d for d in docs if d.doc_type in ("送达回证", "违法行为通知书", "现场笔录", "受理通知书")
        ]
        if droppable:
            docs.remove(rng.choice(droppable))
    return docs


def _cn_date(value: Any) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if isinstance(value, date) else "    年  月  日"


def doc_date(doc: PlannedDocument, rec: dict[str, Any]) -> date | None:
    """The date the document bears: the registry's, unless the case was generated with a
    document that disagrees with the registry (``rec["doc_date_override"]``)."""
    override = (rec.get("doc_date_override") or {}).get(doc.doc_type)
    if override is not None:
        return override  # type: ignore[no-any-return]
    when = rec.get(doc.date_field or "") or rec.get("filing_date") or rec.get("decision_date")
    return when if isinstance(when, date) else None


# Documents the agency issues under its name and seal (name and date at the foot, sealed).
ISSUED = frozenset({"行政处罚决定书", "当场行政处罚决定书", "违法行为通知书", "听证通知书", "行政许可决定书",
                    "受理通知书", "补正材料通知书", "行政强制措施决定书", "解除行政强制措施决定书"})
SIGNED = frozenset({"询问笔录", "现场笔录", "听证笔录", "送达回证"})


def _officer_line(rec: dict[str, Any]) -> str | None:
    officers = rec.get("officer_names") or []
    if not officers:
        return None
    return "执法人员：" + "、".join(f"{name}（执法证号：{cert}）" for name, cert in officers)


def _body_lines(doc: PlannedDocument, rec: dict[str, Any], page: int) -> list[str]:
    party = rec.get("party_name", "")
    when_text = _cn_date(doc_date(doc, rec))
    lines = [
        f"案号：{rec['case_no']}",
        f"当事人：{party}    证件号码：{rec.get('party_id_no', '')}",
        f"住址：{rec.get('party_address', '')}    车牌号：{rec.get('vehicle_plate', '')}",
        f"案由：{rec.get('cause', '')}",
        f"日期：{when_text}",
    ]
    defects = rec.get("doc_defects") or ()
    if doc.doc_type in ("行政处罚决定书", "当场行政处罚决定书"):
        if page == 1:
            lines += [
                f"经查，当事人{party}{rec.get('cause', '')}，事实清楚，证据确凿。",
                "以上事实有询问笔录、现场笔录、现场照片等证据证实。",
                f"依据{rec.get('legal_basis', '')}，决定给予{rec.get('penalty_types', '')}的行政处罚，"
                f"罚款人民币{rec.get('fine_amount', '')}元。",
            ]
        if page == doc.pages:
            lines.append("当事人应自收到本决定书之日起十五日内缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。")
            if "no_remedy" not in defects:
                lines.append("如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。")
    elif doc.doc_type == "违法行为通知书":
        lines += [
            f"经查，你（单位）{rec.get('cause', '')}，违反了有关规定。",
            f"依据{rec.get('legal_basis', '')}，本机关拟作出{rec.get('penalty_types', '')}的行政处罚。",
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条规定，你（单位）有权进行陈述和申辩。",
        ]
    elif doc.doc_type in ("询问笔录", "现场笔录"):
        officer = _officer_line(rec)
        if officer:
            lines.append(officer)
        lines += [
            "问：我们是交通运输综合行政执法人员，现向你出示执法证件，你是否看清楚？",
            "答：看清楚了。",
            "问：请如实陈述当天的经过。",
            f"答：当天我驾驶车牌号为{rec.get('vehicle_plate', '')}的车辆……（第{page}页）",
        ]
    elif doc.doc_type == "送达回证":
        lines += ["送达文书：行政处罚决定书", "送达方式：直接送达", f"送达日期：{when_text}"]
    else:
        lines += [f"{doc.doc_type}正文内容（第{page}页）。"]
    if doc.doc_type not in ISSUED and doc.doc_type != "送达回证":
        lines.append("执法人员签名：__________  __________")
    return lines


@dataclass(frozen=True)
class PlannedPage:
    """One page as rendered: the ground truth of its text and where the marks go
    (fractions of the page, top-left origin)."""

    number: int  # 1-based in the file
    doc_type: str
    body: tuple[str, ...]  # wrapped as printed
    footer: tuple[str, ...]  # agency name and date (issued documents), signature label
    seal_at: tuple[float, float] | None  # centre of the agency's seal
    signature_at: tuple[float, float] | None  # start of a handwritten signature

    @property
    def lines(self) -> tuple[str, ...]:
        """Every printed line in reading order (title first, page number last)."""
        return (self.doc_type, *self.body, *self.footer, f"第 {self.number} 页")


WRAP = 42


def _signature_name(doc: PlannedDocument, rec: dict[str, Any]) -> str | None:
    if doc.doc_type == "送达回证":
        return "受送达人签名："
    if doc.doc_type in SIGNED:
        return "当事人签名："
    return None


def plan_pages(rec: dict[str, Any], docs: list[PlannedDocument]) -> list[PlannedPage]:
    from casereview.demo.generator import UNITS

    unit = UNITS[rec.get("unit_index", 1) - 1][0] if rec.get("unit_index") else "交通运输综合行政执法支队"
    pages: list[PlannedPage] = []
    for doc in docs:
        for part in range(1, doc.pages + 1):
            body = [chunk for line in _body_lines(doc, rec, part)
                    for chunk in (line[i : i + WRAP] for i in range(0, len(line), WRAP))]
            seal = signature = None
            footer: list[str] = []
            last = part == doc.pages
            if last and doc.doc_type in ISSUED:
                footer = [unit, _cn_date(doc_date(doc, rec))]
                if not ("no_seal" in (rec.get("doc_defects") or ()) and doc.doc_type.endswith("决定书")):
                    seal = (0.70, 0.80)
            sign_label = _signature_name(doc, rec)
            if last and sign_label:
                footer.append(sign_label)
                if not ("unsigned_receipt" in (rec.get("doc_defects") or ()) and doc.doc_type == "送达回证"):
                    signature = (0.36, 0.86)
            pages.append(PlannedPage(len(pages) + 1, doc.doc_type, tuple(body), tuple(footer), seal, signature))
    return pages


def render_case_file(
    rec: dict[str, Any], docs: list[PlannedDocument]
) -> tuple[bytes, list[tuple[str, int, int]]]:
    """Render the whole file; returns the PDF bytes and (doc_type, first page, last page)."""
    font = register_cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(rec["case_no"])
    width, height = A4
    ranges: list[tuple[str, int, int]] = []
    page_no = 0
    planned = iter(plan_pages(rec, docs))
    for doc in docs:
        first = page_no + 1
        for _part in range(doc.pages):
            page = next(planned)
            page_no += 1
            canvas.setFillGray(0.97)  # a faint paper tone, like a scan
            canvas.rect(0, 0, width, height, stroke=0, fill=1)
            canvas.setFillGray(0.1)
            canvas.setFont(font, 20)
            canvas.drawCentredString(width / 2, height - 90, page.doc_type)
            canvas.setFont(font, 11)
            y = height - 140
            for line in page.body:
                canvas.drawString(70, y, line)
                y -= 22
            _draw_footer(canvas, page.footer, width, height)
            canvas.setFont(font, 9)
            canvas.drawRightString(width - 50, 40, f"第 {page_no} 页")
            canvas.showPage()
        ranges.append((doc.doc_type, first, page_no))
    canvas.save()
    return buffer.getvalue(), ranges


def _draw_footer(canvas: Canvas, footer: tuple[str, ...], width: float, height: float) -> None:
    """Agency name and date at the lower right (under the seal), signature label at the left."""
    for line in footer:
        if line.endswith("签名："):
            canvas.drawString(width * 0.18, height * (1 - 0.86) - 4, line)
    issued = [line for line in footer if not line.endswith("签名：")]
    for k, line in enumerate(issued):
        canvas.drawCentredString(width * 0.70, height * (1 - 0.78) - 22 * k, line)
