"""The deficiency register (问题清单) as an .xlsx workbook: one row per finding, with the
case, unit, officers, item, points, wording, evidence pages, category, status, notice and
deadline; the points both as the item deducts them and as the file really lost them after
its category's cap; overdue rows are filled red and due-soon rows amber, and a second sheet counts
findings per unit and status."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from casereview.errors import NotFoundError
from casereview.exports.output import deterministic_zip, write_atomic, write_with
from casereview.exports.xlsx_safe import append_safe, print_setup
from casereview.rectification.states import RectStatus
from casereview.rectification.taxonomy import taxonomy

if TYPE_CHECKING:
    from casereview.services.deficiencies import DeficiencyInfo

HEADERS: list[tuple[str, int]] = [
    ("编号", 7),
    ("评查活动", 18),
    ("执法单位", 24),
    ("案号", 26),
    ("承办人员", 14),
    ("评查项", 8),
    ("评查项目内容", 30),
    ("扣分", 7),
    ("实际扣分", 9),
    ("问题表述", 40),
    ("证据页码", 24),
    ("分类体系", 16),
    ("问题分类", 12),
    ("状态", 9),
    ("整改通知书", 22),
    ("整改期限", 12),
    ("期限情况", 16),
]
OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")
SOON_FILL = PatternFill("solid", fgColor="FFE699")
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")


def _tax_name(key: str) -> str:
    try:
        return taxonomy(key).name
    except NotFoundError:
        return key


def write_register(rows: Sequence[DeficiencyInfo], path: Path, *, today: dt.date,
                   fixed_date: dt.date | None = None) -> Path:
    """``fixed_date``: the workbook's dates and zip entries are that day, so the same
    register gives the same bytes on every run."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "问题清单"
    ws.append([h for h, _ in HEADERS])
    for col, (_, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for d in rows:
        append_safe(
            ws,
            [
                d.id,
                d.campaign_name,
                d.unit_name,
                d.case_no,
                d.officers,
                d.item_code,
                d.item_text,
                "否决" if d.is_veto else d.points,
                "否决" if d.is_veto else d.points_lost,
                d.wording,
                d.evidence_text,
                _tax_name(d.taxonomy),
                d.category,
                d.status_label,
                d.notice_number,
                d.due_date,
                d.due.text if d.due else "",
            ]
        )
        row = ws.max_row
        ws.cell(row=row, column=16).number_format = "yyyy-mm-dd"
        if d.capped:
            ws.cell(row=row, column=9).comment = Comment(f"该类别已达扣分上限：本项应扣 {d.points:g} 分，实际扣 {d.points_lost:g} 分", "CaseReview")
        fill = OVERDUE_FILL if d.overdue else SOON_FILL if d.due_soon else None
        for col in range(1, len(HEADERS) + 1):
            cell = ws.cell(row=row, column=col)
            cell.alignment = Alignment(vertical="top", wrap_text=col in (7, 10, 11))
            if fill is not None:
                cell.fill = fill
    print_setup(ws, landscape=True)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(1, ws.max_row)}"

    summary = wb.create_sheet("按单位统计")
    statuses = [s for s in RectStatus if s is not RectStatus.VOID]
    summary.append(["执法单位", *(s.label for s in statuses), "合计", "其中超期"])
    per_unit: dict[str, dict[str, int]] = {}
    for d in rows:
        counts = per_unit.setdefault(d.unit_name, {})
        counts[d.status] = counts.get(d.status, 0) + 1
        counts["__overdue"] = counts.get("__overdue", 0) + int(d.overdue)
    for unit, counts in sorted(per_unit.items()):
        values = [counts.get(s.value, 0) for s in statuses]
        append_safe(summary, [unit, *values, sum(values), counts.get("__overdue", 0)])
    for cell in summary[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    summary.column_dimensions["A"].width = 26
    print_setup(summary, landscape=True)
    summary.append([])
    summary.append([f"导出日期：{(fixed_date or today).isoformat()}（期限按工作日计算，已扣除法定节假日）"])
    stamp = dt.datetime.combine(fixed_date or dt.date.today(), dt.time())
    wb.properties.created = wb.properties.modified = stamp
    if fixed_date is None:
        return write_with(path, wb.save)
    buffer = io.BytesIO()
    wb.save(buffer)
    return write_atomic(path, deterministic_zip(buffer.getvalue(), stamp))
