"""The statistics workbook (.xlsx): 概况, 评查台账, 单位汇总, 扣分项统计, 问题分类, 整改情况,
评查人工作量 — every figure from one ``Statistics`` (casereview.stats.compute_statistics).

Written in openpyxl's write-only mode so 50,000 reviewed files take seconds: rows stream
straight to the file. Only cells that need a number format (rates as percentages, dates)
become styled cells, and those styles are created once. Charts are native Excel charts
(BarChart / PieChart) referring to the sheet's own cells, so they stay live when a user
edits the numbers. Every sheet has a frozen header row, an auto-filter and column widths.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from casereview.domain.enums import CaseType, ReviewStage, label_of
from casereview.exports.output import deterministic_zip
from casereview.exports.xlsx_safe import append_safe, print_setup
from casereview.stats.model import DEFICIENCY_STATUS_LABELS, FIGURE_LABELS, Statistics

SHEETS = ("概况", "评查台账", "单位汇总", "扣分项统计", "问题分类", "整改情况", "评查人工作量", "未完成合议案卷")

LEDGER_HEADERS: tuple[tuple[str, float], ...] = (
    ("序号", 7),
    ("案号", 26),
    ("执法单位", 30),
    ("案件类型", 10),
    ("案由", 36),
    ("决定日期", 12),
    ("评查标准", 30),
    ("标准版本", 10),
    ("计分评查阶段", 12),
    ("评查人", 10),
    ("复核人", 10),
    ("提交日期", 12),
    ("得分", 8),
    ("等次", 8),
    ("触发否决", 9),
    ("问题数", 8),
    ("扣分合计", 9),
    ("评查活动编号", 12),
)

_FIGURE_IS_RATE = {"excellence_rate", "pass_rate"}


class _Cells:
    """Styled write-only cells with styles built once (styling each cell anew is slow)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor="1F4E79")
        self.header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def header(self, values: Iterable[str]) -> list[WriteOnlyCell]:
        out = []
        for v in values:
            c = WriteOnlyCell(self.ws, value=v)
            c.font = self.header_font
            c.fill = self.header_fill
            c.alignment = self.header_align
            out.append(c)
        return out

    def fmt(self, value: Any, number_format: str) -> Any:
        if value is None:
            return None
        c = WriteOnlyCell(self.ws, value=value)
        c.number_format = number_format
        return c

    def pct(self, value: float | None) -> Any:
        # a rate with nothing to divide by is "—", never 0.00 %
        return "—" if value is None else self.fmt(value, "0.00%")

    def num(self, value: float | None) -> Any:
        return self.fmt(value, "0.00")

    def day(self, value: date | None) -> Any:
        return self.fmt(value, "yyyy-mm-dd")


def _sheet(
    wb: Workbook, title: str, headers: Sequence[tuple[str, float]], rows_count: int
) -> tuple[WriteOnlyWorksheet, _Cells]:
    ws = wb.create_sheet(title)
    for index, (_, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # landscape when the columns would not fit a portrait A4 page at a readable size
    print_setup(ws, landscape=sum(w for _, w in headers) > 100)
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A1:{last}{max(rows_count + 1, 2)}"
    cells = _Cells(ws)
    append_safe(ws, cells.header(h for h, _ in headers))
    return ws, cells


def case_type_label(value: str) -> str:
    return label_of(CaseType, value)


def stage_label(value: str) -> str:
    return label_of(ReviewStage, value)


def data_labels(*, value: bool = False, percent: bool = False) -> DataLabelList:
    """Data labels with every flag written out: LibreOffice and WPS treat an absent flag as
    "on" and would print the series and category names beside each value."""
    return DataLabelList(
        showVal=value, showPercent=percent, showCatName=False, showSerName=False, showLegendKey=False,
        showLeaderLines=False,
    )


def _bar(title: str, y_title: str, ws: WriteOnlyWorksheet, col: int, first: int, last: int,
         horizontal: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.legend = None
    chart.height = 9
    chart.width = 18
    data = Reference(ws, min_col=col, min_row=first - 1, max_row=last)
    cats = Reference(ws, min_col=2, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.dataLabels = data_labels(value=True)
    # openpyxl hides axes by default in new files for some viewers; make them explicit.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0  # bars start at zero, or differences look larger than they are
    return chart


def write_stats_workbook(
    stats: Statistics, stream: BinaryIO, *, generated: date | None = None, fixed: bool = False
) -> None:
    """Write the workbook to ``stream``. ``fixed`` makes it byte-for-byte reproducible."""
    generated = generated or date.today()
    wb = Workbook(write_only=True)
    stamp = datetime(generated.year, generated.month, generated.day)
    wb.properties.creator = "CaseReview 案卷评查"
    wb.properties.title = "案卷评查统计"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    _summary(wb, stats, generated)
    _ledger(wb, stats)
    _units(wb, stats)
    _items(wb, stats)
    _categories(wb, stats)
    _rectification(wb, stats)
    _reviewers(wb, stats)
    _unfinished(wb, stats)
    if not fixed:
        wb.save(stream)
        return
    buf = io.BytesIO()
    wb.save(buf)
    stream.write(deterministic_zip(buf.getvalue(), stamp))


def _summary(wb: Workbook, stats: Statistics, generated: date) -> None:
    headers = (("项目", 26), ("数值", 14), ("说明", 60))
    figures = stats.figures()
    ws, cells = _sheet(wb, "概况", headers, len(figures) + 3)
    ws.auto_filter.ref = None
    append_safe(ws, ["统计范围", None, stats.scope_text()])
    append_safe(ws, ["生成日期", cells.day(generated), "计分规则：" + stats.filters.counting_rule])
    for key, value in figures.items():
        if key in _FIGURE_IS_RATE:
            append_safe(ws, [FIGURE_LABELS[key], cells.pct(value), None])
        elif key in ("mean_score", "median_score"):
            append_safe(ws, [FIGURE_LABELS[key], cells.num(value), None])
        else:
            append_safe(ws, [FIGURE_LABELS[key], value, None])
    append_safe(ws, [])
    grade_header_row = 3 + len(figures) + 2
    append_safe(ws, cells.header(["等次", "案卷数", "占比"]))
    for g in stats.grades:
        append_safe(ws, [g.grade, g.count, cells.pct(g.share)])
    if stats.grades:
        first, last = grade_header_row + 1, grade_header_row + len(stats.grades)
        pie = PieChart()
        pie.title = "等次分布"
        pie.add_data(Reference(ws, min_col=2, min_row=grade_header_row, max_row=last), titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
        pie.dataLabels = data_labels(percent=True)
        pie.height, pie.width = 8, 12
        ws.add_chart(pie, "E2")


def _ledger(wb: Workbook, stats: Statistics) -> None:
    ws, _ = _sheet(wb, "评查台账", LEDGER_HEADERS, len(stats.ledger))
    problems, points = stats.problems_by_review, stats.points_by_review
    # Plain ``date`` values get openpyxl's built-in yyyy-mm-dd format without a styled cell.
    for n, r in enumerate(stats.ledger, start=1):
        append_safe(
            ws,
            [
                n,
                r.case_no,
                r.unit_name,
                case_type_label(r.case_type),
                r.cause,
                r.decision_date,
                r.standard_name,
                r.standard_version,
                stage_label(r.stage),
                r.reviewer_name,
                r.rechecker_name,
                r.review_date,
                r.score,
                r.grade,
                "是" if r.veto else "否",
                problems.get(r.review_id, 0),
                points.get(r.review_id, 0.0),
                r.campaign_id,
            ]
        )


def _units(wb: Workbook, stats: Statistics) -> None:
    headers = (
        ("排名", 6), ("执法单位", 32), ("评查案卷数", 10), ("总分", 10), ("平均分", 9), ("中位数", 9),
        ("优秀案卷数", 10), ("合格及以上案卷数", 12), ("优秀率", 9), ("合格率", 9), ("问题数", 8),
        ("扣分合计", 9), ("否决案卷数", 10), ("优秀单位（优秀率≥85%且全部合格）", 16),
    )
    ws, cells = _sheet(wb, "单位汇总", headers, len(stats.unit_stats))
    for u in stats.unit_stats:
        append_safe(ws,
            [
                u.rank, u.unit_name, u.files, cells.num(u.total_score), cells.num(u.mean_score),
                cells.num(u.median_score), u.excellent, u.passed, cells.pct(u.excellence_rate),
                cells.pct(u.pass_rate), u.problems, u.points, u.veto_files, "是" if u.excellent_unit else "否",
            ]
        )
    if stats.unit_stats:
        ws.add_chart(_bar("各单位平均分", "平均分", ws, 5, 2, len(stats.unit_stats) + 1), "B" + str(len(stats.unit_stats) + 4))


def _items(wb: Workbook, stats: Statistics) -> None:
    headers = (
        ("按次数排名", 8), ("评查项编码", 10), ("评查内容", 50), ("标准类别", 18), ("问题分类", 9), ("扣分次数", 9),
        ("实际扣分合计（封顶后）", 12), ("涉及案卷比例", 11), ("典型问题表述（原文，未脱敏）", 60), ("评查标准", 36),
        ("各项扣分合计（封顶前）", 12),
    )
    ws, cells = _sheet(wb, "扣分项统计", headers, len(stats.items))
    for n, it in enumerate(stats.items, start=1):
        append_safe(
            ws,
            [
                n, it.item_code, it.item_text, it.category_name, it.problem_category, it.times, it.points,
                cells.pct(it.share_of_files), "；".join(it.examples), it.standard_name, it.nominal,
            ],
        )
    top = min(len(stats.items), 10)
    if top:
        chart = _bar("扣分次数最多的评查项（前 10，按次数）", "次数", ws, 6, 2, top + 1)
        # the category axis shows item codes (column B), short enough to read
        chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=top + 1))
        ws.add_chart(chart, "M2")


def _categories(wb: Workbook, stats: Statistics) -> None:
    headers = (("问题分类", 20), ("问题数", 9), ("扣分合计", 9), ("占比", 9))
    ws, cells = _sheet(wb, "问题分类", headers, len(stats.categories))
    for c in stats.categories:
        append_safe(ws, [c.name, c.times, c.points, cells.pct(c.share)])
    n = len(stats.categories)
    if n:
        pie = PieChart()
        pie.title = "问题分类占比"
        pie.add_data(Reference(ws, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
        pie.dataLabels = data_labels(percent=True)
        pie.height, pie.width = 8, 12
        ws.add_chart(pie, "F2")
    append_safe(ws, [])
    append_safe(ws, cells.header(["按标准类别", "问题数", "扣分合计", "占比"]))
    for c in stats.standard_categories:
        append_safe(ws, [c.name, c.times, c.points, cells.pct(c.share)])


def _rectification(wb: Workbook, stats: Statistics) -> None:
    r = stats.rectification
    headers = (
        ("执法单位", 32), ("纳入整改的问题", 12), ("已下发", 9), ("已反馈", 9), ("已销号", 9), ("待下发", 9),
        ("整改通知书", 10), ("通知书已销号", 12), ("逾期未完成", 10),
    )
    ws, cells = _sheet(wb, "整改情况", headers, len(r.units))
    for u in r.units:
        append_safe(ws, [u.unit_name, u.deficiencies, u.issued, u.responded, u.closed, u.pending, u.notices,
                   u.notices_closed, u.overdue])
    append_safe(ws,
        [
            "合计",
            r.deficiencies,
            sum(u.issued for u in r.units),
            sum(u.responded for u in r.units),
            sum(u.closed for u in r.units),
            sum(u.pending for u in r.units),
            r.notices_issued,
            r.notices_closed,
            r.notices_overdue,
        ]
    )
    append_safe(ws, [])
    append_safe(ws, cells.header(["问题状态", "数量"]))
    for status, count in r.by_status.items():
        append_safe(ws, [DEFICIENCY_STATUS_LABELS.get(status, status), count])
    append_safe(ws, ["整改通知书销号率", cells.pct(r.closure_rate)])


def _reviewers(wb: Workbook, stats: Statistics) -> None:
    headers = (("评查人", 14), ("初评", 8), ("复核", 8), ("合议", 8), ("合计", 8), ("初评平均给分", 12))
    ws, cells = _sheet(wb, "评查人工作量", headers, len(stats.reviewers))
    for r in stats.reviewers:
        append_safe(ws, [r.reviewer_name, r.first, r.recheck, r.final, r.total, cells.num(r.mean_score_given)])


def _unfinished(wb: Workbook, stats: Statistics) -> None:
    headers = (("序号", 7), ("案号", 26), ("执法单位", 30), ("最近完成的评查阶段", 14), ("得分（非最终）", 12),
               ("是否计入本统计", 12))
    ws, _ = _sheet(wb, "未完成合议案卷", headers, len(stats.unfinished))
    counted = "是（暂计）" if stats.filters.include_unfinished else "否"
    for n, r in enumerate(stats.unfinished, start=1):
        append_safe(ws, [n, r.case_no, r.unit_name, stage_label(r.stage), r.score, counted])
    if stats.skipped:
        append_safe(ws, [])
        append_safe(ws, ["无法读取、已跳过的评查记录"])
        for text in stats.skipped:
            append_safe(ws, [None, text])
