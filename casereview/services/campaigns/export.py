"""Export of a campaign's drawn list (抽样清单) as CSV or XLSX, with the seed and the rule,
so the draw can be shown to be random and re-run by anyone (``campaigns sample --verify``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from casereview.campaigns.sampling import SampleSpec
from casereview.errors import ValidationError
from casereview.exports.output import write_atomic, write_with
from casereview.exports.xlsx_safe import csv_safe
from casereview.services.campaigns.types import CampaignCaseInfo, CampaignInfo

HEADERS = ["抽取顺序", "案号", "单位", "案件类型", "决定日期", "来源", "状态", "增减理由"]


def _meta(info: CampaignInfo) -> list[tuple[str, str]]:
    spec = info.sample_spec or {}
    population = spec.get("population") or {}
    return [
        ("评查活动", info.name),
        ("组织单位", info.organiser or ""),
        ("随机种子", "" if info.sample_seed is None else str(info.sample_seed)),
        ("抽样规则", SampleSpec.from_json(spec).describe() if spec else "尚未抽样"),
        ("范围内案件数", str(population.get("count", ""))),
        ("范围指纹（SHA-256）", str(population.get("sha256", ""))),
        ("抽样时间", str(spec.get("drawn_at", ""))),
        ("抽样人", str(spec.get("drawn_by", ""))),
        (
            "复验方法",
            "按案号排序后以种子调用 random.Random(seed).sample 逐单位抽取；可运行 casereview campaigns sample --verify 复验",
        ),
    ]


def _row(c: CampaignCaseInfo) -> list[Any]:
    return [
        c.draw_order if c.draw_order is not None else "",
        c.case_no,
        c.unit_name,
        c.case_type_label,
        c.decision_date.isoformat() if c.decision_date else "",
        c.source_label,
        "已移除" if c.removed else "在评",
        c.reason or "",
    ]


def export_sample(info: CampaignInfo, cases: list[CampaignCaseInfo], path: Path) -> Path:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # utf-8-sig so Excel on Windows opens the Chinese text correctly.
        fh = io.StringIO(newline="")
        writer = csv.writer(fh)
        for key, value in _meta(info):
            writer.writerow([csv_safe(key), csv_safe(value)])
        writer.writerow([])
        writer.writerow(HEADERS)
        for c in cases:
            writer.writerow([csv_safe(v) for v in _row(c)])
        return write_atomic(path, fh.getvalue().encode("utf-8-sig"))
    if suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        from casereview.exports.xlsx_safe import append_safe, print_setup

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "抽样清单"
        for key, value in _meta(info):
            append_safe(ws, [key, value])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append([])
        ws.append(HEADERS)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        header_row = ws.max_row
        for c in cases:
            append_safe(ws, _row(c))
        print_setup(ws, landscape=True, header_rows=header_row, freeze=f"A{header_row + 1}")
        for col, width in zip("ABCDEFGH", (10, 34, 20, 12, 12, 10, 8, 30), strict=True):
            ws.column_dimensions[col].width = width
        return write_with(path, wb.save)
    raise ValidationError(f"不支持导出为“{path.suffix}”格式，请用 .csv 或 .xlsx。", path=str(path))
