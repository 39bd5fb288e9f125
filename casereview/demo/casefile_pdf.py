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


def _body_lines(doc: PlannedDocument, rec: dict[str, Any], page: int) -> list[str]:
    party = rec.get("party_name", "")
    when = rec.get(doc.date_field or "") or rec.get("filing_date") or rec.get("decision_date")
    when_text = f"{when.year}年{when.month}月{when.day}日" if isinstance(when, date) else "    年  月  日"
    lines = [
        f"案号：{rec['case_no']}",
        f"当事人：{party}    证件号码：{rec.get('party_id_no', '')}",
        f"住址：{rec.get('party_address', '')}    车牌号：{rec.get('vehicle_plate', '')}",
        f"案由：{rec.get('cause', '')}",
        f"日期：{when_text}",
    ]
    if doc.doc_type in ("行政处罚决定书", "当场行政处罚决定书"):
        lines += [
            f"经查，当事人{party}{rec.get('cause', '')}，事实清楚，证据确凿。",
            f"依据{rec.get('legal_basis', '')}，决定给予{rec.get('penalty_types', '')}的行政处罚，"
            f"罚款人民币{rec.get('fine_amount', '')}元。",
            "当事人应自收到本决定书之日起十五日内缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
            "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。",
        ]
    elif doc.doc_type == "询问笔录":
        lines += [
            "问：我们是交通运输综合行政执法人员，现向你出示执法证件，你是否看清楚？",
            "答：看清楚了。",
            "问：请如实陈述当天的经过。",
            f"答：当天我驾驶车牌号为{rec.get('vehicle_plate', '')}的车辆……（第{page}页）",
        ]
    elif doc.doc_type == "送达回证":
        lines += ["送达文书：行政处罚决定书", "送达方式：直接送达", "受送达人签名：__________"]
    else:
        lines += [f"{doc.doc_type}正文内容（第{page}页）。", "执法人员签名：__________  __________"]
    return lines


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
    for doc in docs:
        first = page_no + 1
        for part in range(1, doc.pages + 1):
            page_no += 1
            canvas.setFillGray(0.97)  # a faint paper tone, like a scan
            canvas.rect(0, 0, width, height, stroke=0, fill=1)
            canvas.setFillGray(0.1)
            canvas.setFont(font, 20)
            canvas.drawCentredString(width / 2, height - 90, doc.doc_type)
            canvas.setFont(font, 11)
            y = height - 140
            for line in _body_lines(doc, rec, part):
                for chunk in (line[i : i + 42] for i in range(0, len(line), 42)):
                    canvas.drawString(70, y, chunk)
                    y -= 22
            canvas.setFont(font, 9)
            canvas.drawRightString(width - 50, 40, f"第 {page_no} 页")
            canvas.showPage()
        ranges.append((doc.doc_type, first, page_no))
    canvas.save()
    return buffer.getvalue(), ranges
