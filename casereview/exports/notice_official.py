"""The 整改通知书 as an ``OfficialDocument`` (GB/T 9704 layout, rendered by official_pdf
and official_docx): 版头 with the office's 文号, the addressed unit, the files and their
problems — each with its standard item and its legal basis — the rectification
requirements and the deadline (working days and the computed date), how and where to
send feedback (附注: contact person, telephone), signature and date with room for the
seal, 版记, and a 回执 (receipt slip) as attachment.
"""

from __future__ import annotations

from casereview.exports.official import (
    Attachment,
    Block,
    Heading,
    OfficeInfo,
    OfficialDocument,
    Para,
    ReportTable,
)
from casereview.rectification.document import NoticeDocument, cn_date

TITLE = "整改通知书"


def notice_office(doc: NoticeDocument) -> OfficeInfo:
    return OfficeInfo(name=doc.issuer, code=doc.agency_code, contact=doc.contact, phone=doc.phone,
                      copy_to=doc.copy_to, seal=doc.seal)


def findings_table(doc: NoticeDocument) -> ReportTable:
    """Findings grouped by case: a spanning row names the case (and its officers), then one
    row per finding with its item, wording, legal basis, evidence pages and points."""
    rows: list[tuple[str, ...]] = []
    spans: list[int] = []
    for case_no, findings in doc.by_case():
        officers = findings[0][1].officers
        spans.append(len(rows))
        rows.append((f"案卷：{case_no}" + (f"（承办人员：{officers}）" if officers else ""), "", "", "", "", ""))
        for i, f in findings:
            rows.append((str(i), f"{f.item_code} {f.item_text}", f.wording, f.basis_text, f.evidence or "—",
                         f.points_text))
    return ReportTable(
        headers=("序号", "评查项目", "存在问题", "依据", "证据页码", "扣分"),
        rows=tuple(rows),
        numeric=(0, 5),
        spans=tuple(spans),
    )


def build_notice(doc: NoticeDocument) -> OfficialDocument:
    body: list[Block] = [Para(doc.intro), findings_table(doc), Heading(1, "整改要求")]
    body += [Para(line.strip()) for line in doc.requirements.splitlines() if line.strip()]
    body.append(Para(doc.deadline_sentence))
    body.append(Para(f"整改期限：{cn_date(doc.deadline)}"
                     + (f"（{doc.deadline_days}个工作日，已扣除法定节假日）" if doc.deadline_days else "") + "。"))
    receipt = ReportTable(
        headers=("项目", "内容"),
        rows=(
            ("通知书文号", doc.number),
            ("收件单位", doc.unit_name),
            ("签收人（签名）", ""),
            ("签收日期", "　　年　　月　　日"),
            ("联系电话", ""),
            ("备注", ""),
        ),
    )
    code = str(doc.extra.get("verification_code") or "")
    return OfficialDocument(
        office=notice_office(doc),
        number=doc.number,
        title=TITLE,
        addressee=doc.unit_name,
        body=body,
        date=doc.issue_date,
        attachments=[Attachment("整改通知书回执", (
            Para("请收件单位签收后于三个工作日内将本回执反馈发文机关。", "plain"), receipt))],
        kind=TITLE,
        watermark="作废" if doc.void_reason else "",
        extra_note=f"（验证码：{code}）" if code else "",
        footer_text=f"本通知书已作废：{doc.void_reason}" if doc.void_reason else "",
    )
