"""The per-file 评查表 (one file, one form): every item with its points, deduction, reason
and evidence page, category subtotals, veto hits, total and grade, reviewers and signature
lines. Pure rendering from a ``ReviewForm`` (plain data built by casereview.services.exports)
onto a binary stream; nothing here knows about the database or Qt.

Speed matters for a campaign batch (hundreds of forms): the font is registered and styles
built once per process, short cells (points, deductions) are plain strings that the Table
draws directly, and only text that must wrap becomes a Paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from casereview.exports.fonts import register_cjk_font
from casereview.exports.pdf_common import (
    GRID,
    SHADE,
    SHADE_LIGHT,
    FormStart,
    PdfOptions,
    content_width,
    esc,
    make_doc,
    numbered_canvas,
    styles,
)
from casereview.standards.model import fmt_points


@dataclass(frozen=True)
class FormItem:
    code: str
    text: str
    max_points: float
    answer: str  # pass | deduct | na | veto | "" (unanswered)
    deduction: float | None  # points actually deducted (engine), None when nothing deducted
    note: str = ""
    evidence: str = ""  # "《行政处罚决定书》第2页；《询问笔录》第1页"
    veto_effect: str = ""  # label of the item's veto effect, when it is a veto item


@dataclass(frozen=True)
class FormCategory:
    code: str
    name: str
    max_points: float
    deducted: float
    score: float
    veto_tier: bool
    items: tuple[FormItem, ...]


@dataclass(frozen=True)
class ReviewForm:
    review_id: int
    case_no: str
    unit_name: str
    case_type_label: str
    procedure_label: str
    party: str
    cause: str
    decision_no: str
    decision_date: str
    standard_name: str
    standard_version: str
    standard_hash: str
    categories: tuple[FormCategory, ...]
    veto_hits: tuple[str, ...]  # "V05 处罚对象错误（得分为零）"
    total: float
    max_total: float
    deducted: float
    grade: str
    stage_label: str
    campaign_name: str = ""
    reviewer: str = ""
    reviewer_date: str = ""
    rechecker: str = ""
    rechecker_date: str = ""
    final_date: str = ""
    not_applicable: tuple[str, ...] = field(default=())
    status_label: str = "已提交"
    final: bool = True  # the file's final result (合议, or a review outside campaigns); else 草稿 watermark
    total_before_veto: float | None = None  # set when a veto changed the score
    verification_code: str = ""  # casereview verify-code: content + audit entry (services.audit)


_CN_NUM = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n - 1]
    if n < 20:
        return "十" + _CN_NUM[n - 11]
    return str(n)


def answer_cell(item: FormItem) -> str:
    if item.answer == "na":
        return "不适用"
    if item.answer == "veto":
        return "否决"
    if item.answer == "deduct" and item.deduction:
        return fmt_points(item.deduction)
    if item.answer == "":
        return "未评"
    return "—"


# Column widths (mm): 编码, 评查内容, 分值, 扣分, 扣分理由, 证据页码 (sum = 180 = A4 minus margins).
COLS_MM = (13, 66, 11, 12, 46, 32)


def form_flowables(form: ReviewForm, options: PdfOptions) -> list[Flowable]:
    st = styles()
    font = register_cjk_font()
    cell, small = st["cell"], st["cell_small"]
    width = content_width()
    out: list[Flowable] = []
    out.append(Paragraph("行政执法案卷评查表", st["title"]))
    sub = form.campaign_name or ""
    sub = f"{sub}　{form.stage_label}结果" if sub else f"{form.stage_label}结果"
    out.append(Paragraph(esc(sub), st["subtitle"]))

    info = [
        ["案　　号", Paragraph(esc(form.case_no), cell), "执法单位", Paragraph(esc(form.unit_name), cell)],
        ["案件类型", f"{form.case_type_label}（{form.procedure_label}）" if form.procedure_label else
         form.case_type_label, "当 事 人", Paragraph(esc(form.party or "—"), cell)],
        ["案　　由", Paragraph(esc(form.cause or "—"), cell), "", ""],
        ["决定文号", Paragraph(esc(form.decision_no or "—"), cell), "决定日期", form.decision_date or "—"],
        [
            "评查标准",
            Paragraph(
                esc(f"{form.standard_name}（版本 {form.standard_version}，校验码 {form.standard_hash[:12]}）"), cell
            ),
            "",
            "",
        ],
    ]
    info_table = Table(info, colWidths=[20 * mm, 70 * mm, 20 * mm, width - 110 * mm])
    info_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8.5),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), SHADE_LIGHT),
                ("BACKGROUND", (2, 0), (2, 1), SHADE_LIGHT),
                ("BACKGROUND", (2, 3), (2, 3), SHADE_LIGHT),
                ("SPAN", (1, 2), (3, 2)),
                ("SPAN", (1, 4), (3, 4)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    out.append(info_table)
    out.append(Spacer(1, 3 * mm))

    rows: list[list[object]] = [["编码", "评查内容", "分值", "扣分", "扣分理由", "证据页码"]]
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (2, 1), (3, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for number, cat in enumerate(form.categories, start=1):
        r = len(rows)
        if cat.veto_tier:
            heading = f"{_cn(number)}、{cat.name}（否决项，不计分；命中即按否决效果处理）"
        else:
            heading = f"{_cn(number)}、{cat.name}（{fmt_points(cat.max_points)} 分）"
        rows.append([heading, "", "", "", "", ""])
        commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), SHADE_LIGHT)]
        for item in cat.items:
            rows.append(
                [
                    item.code,
                    Paragraph(esc(item_text(item)), cell),
                    fmt_points(item.max_points) if item.max_points else "—",
                    answer_cell(item),
                    Paragraph(esc(item.note), cell) if item.note else "",
                    Paragraph(esc(item.evidence), small) if item.evidence else "",
                ]
            )
            if item.answer in ("deduct", "veto") and (item.deduction or item.answer == "veto"):
                commands.append(("TEXTCOLOR", (3, len(rows) - 1), (3, len(rows) - 1), colors.HexColor("#B00020")))
        if not cat.veto_tier:
            r = len(rows)
            rows.append([subtotal_text(cat), "", "", "", "", ""])
            commands += [("SPAN", (0, r), (-1, r)), ("ALIGN", (0, r), (-1, r), "RIGHT")]
    table = Table(rows, colWidths=[w * mm for w in COLS_MM], repeatRows=1)
    table.setStyle(TableStyle(commands))
    out.append(table)
    out.append(Spacer(1, 3 * mm))

    veto_text = "；".join(form.veto_hits) if form.veto_hits else "无"
    summary = [
        ["否决项", Paragraph(esc(veto_text), cell)],
        [
            "评查结果",
            Paragraph(
                esc(
                    f"总分 {fmt_points(form.total)} 分（满分 {fmt_points(form.max_total)} 分，扣分合计 "
                    f"{fmt_points(form.deducted)} 分"
                    + (
                        f"，否决前 {fmt_points(form.total_before_veto)} 分"
                        if form.total_before_veto is not None and form.total_before_veto != form.total
                        else ""
                    )
                    + f"）　　等次：{form.grade}"
                ),
                st["base"],
            ),
        ],
    ]
    if form.not_applicable:
        summary.append(["不适用项", Paragraph(esc("、".join(form.not_applicable)), cell)])
    people = [
        ["评查人", form.reviewer or "", "评查日期", form.reviewer_date or ""],
        ["复核人", form.rechecker or "", "复核日期", form.rechecker_date or ""],
    ]
    summary_table = Table(summary, colWidths=[20 * mm, width - 20 * mm])
    summary_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), SHADE_LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    people_table = Table(people, colWidths=[20 * mm, 70 * mm, 20 * mm, width - 110 * mm])
    people_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), SHADE_LIGHT),
                ("BACKGROUND", (2, 0), (2, -1), SHADE_LIGHT),
            ]
        )
    )
    signatures = Table(
        [
            ["评查人（签名）：", "", "复核人（签名）：", ""],
            ["日期：", "　　　　年　　月　　日", "日期：", "　　　　年　　月　　日"],
        ],
        colWidths=[26 * mm, width / 2 - 26 * mm, 26 * mm, width / 2 - 26 * mm],
        rowHeights=[12 * mm, 8 * mm],
    )
    signatures.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9.5),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.5, colors.black),
                ("LINEBELOW", (3, 0), (3, 0), 0.5, colors.black),
            ]
        )
    )
    out.append(
        KeepTogether(
            [
                summary_table,
                Spacer(1, 2 * mm),
                people_table,
                Spacer(1, 2 * mm),
                signatures,
                Spacer(1, 2 * mm),
                Paragraph(
                    esc(
                        # no generation date: the form is dated by its reviews (a --fixed-date
                        # would otherwise print a day before the review itself)
                        f"评查记录编号：{form.review_id}　状态：{form.status_label}"
                    ),
                    st["note"],
                ),
            ]
        )
    )
    return out


def subtotal_text(cat: FormCategory) -> str:
    return f"小计：应得 {fmt_points(cat.max_points)} 分，扣 {fmt_points(cat.deducted)} 分，得 {fmt_points(cat.score)} 分"


def item_text(item: FormItem) -> str:
    return item.text + (f"［{item.veto_effect}］" if item.veto_effect else "")


def footer_for(form: ReviewForm) -> str:
    code = f"　核验码：{form.verification_code}" if form.verification_code else ""
    return f"行政执法案卷评查表　案号：{form.case_no}{code}"


def render_review_form(form: ReviewForm, stream: BinaryIO, options: PdfOptions | None = None) -> None:
    """Write one 评查表 PDF to ``stream``."""
    render_review_forms([form], stream, options)


def render_review_forms(
    forms: Iterable[ReviewForm],
    stream: BinaryIO,
    options: PdfOptions | None = None,
    *,
    on_form: Callable[[ReviewForm], bool] | None = None,
) -> int:
    """Write several forms into one PDF (each numbered "第 x 页 共 y 页" on its own).

    ``on_form`` is called as each form is laid out; returning False stops (cancel) and
    raises nothing: the caller decides whether to keep a partial file. Returns the count.
    """
    options = options or PdfOptions()
    story: list[Flowable] = []
    count = 0
    first_footer = ""
    for form in forms:
        if on_form is not None and not on_form(form):
            break
        if count:
            story.append(PageBreak())
        else:
            first_footer = footer_for(form)
        story.append(FormStart(form.case_no, footer_for(form), draft=not form.final,
                               title=f"{form.case_no}（{form.unit_name}）" if form.unit_name else form.case_no))
        story.extend(form_flowables(form, options))
        count += 1
    if not story:
        story.append(Paragraph("（没有可导出的评查表）", styles()["base"]))
    doc = make_doc(stream, "行政执法案卷评查表", options, subject=first_footer)
    doc.build(story, canvasmaker=numbered_canvas(options, first_footer))
    return count
