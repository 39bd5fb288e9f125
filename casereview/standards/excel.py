"""Standards in Excel: export an editable workbook and read it back (exact round trip).

Team leads maintain standards in Excel, so the workbook is meant to be edited by hand:
sheet 标准信息 holds the metadata as label/value rows followed by the grade bands; sheet
评查项目 has one row per item with Chinese headers (columns are found by header text, so
they may be reordered). Errors cite sheet, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from casereview.domain.enums import CaseType, DeductionMode, LabelledEnum, NAPolicy, Procedure, VetoEffect
from casereview.errors import NotFoundError, ValidationError
from casereview.exports.xlsx_safe import append_safe
from casereview.standards.loader import parse_standard
from casereview.standards.model import StandardDef

INFO_SHEET = "标准信息"
ITEMS_SHEET = "评查项目"
HELP_SHEET = "填写说明"
LIST_SEP = "；"
BAND_HEADER = "等次名称"

# (field, header, width)
META_ROWS: list[tuple[str, str]] = [
    ("id", "标准编号"),
    ("name", "名称"),
    ("issuer", "发布机关"),
    ("province", "省份"),
    ("domain", "领域"),
    ("case_type", "案件类型"),
    ("procedure", "程序"),
    ("version", "版本"),
    ("effective_from", "生效日期"),
    ("effective_to", "失效日期"),
    ("source_note", "来源说明"),
    ("template_note", "模板说明"),
    ("total_points", "总分"),
    ("floor_at_zero", "扣完为止"),
    ("na_policy", "不适用项处理"),
]
ITEM_COLUMNS: list[tuple[str, str, int]] = [
    ("category_code", "类别编码", 9),
    ("category_name", "类别名称", 14),
    ("category_max", "类别上限", 9),
    ("veto_tier", "否决层", 7),
    ("code", "项目编码", 9),
    ("text", "评查内容", 48),
    ("max_points", "分值", 7),
    ("mode", "扣分方式", 12),
    ("amount", "扣分值", 8),
    ("min", "区间下限", 9),
    ("max", "区间上限", 9),
    ("cap", "封顶", 7),
    ("veto", "否决效果", 13),
    ("not_applicable_when", "不适用条件", 22),
    ("doc_types", "关联文书", 24),
    ("check_ids", "自动检查", 30),
    ("phrases", "常用表述", 48),
    ("problem_category", "问题分类", 9),
    ("guidance", "评查要点", 36),
    ("legal_basis", "法律依据", 36),
]
REQUIRED_HEADERS = ("类别编码", "类别名称", "项目编码", "评查内容", "分值")
YES = ("是", "true", "True", "TRUE", "1", "√", "Y", "y", "yes")
NO = ("否", "false", "False", "FALSE", "0", "", "N", "n", "no")

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _num_cell(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def export_standard_xlsx(std: StandardDef, stream: IO[bytes] | str | Path) -> None:
    """Write ``std`` as an editable workbook to a binary stream (or a path)."""
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = INFO_SHEET
    info.append(["项目", "内容"])
    values: dict[str, Any] = {
        "case_type": std.case_type.label,
        "procedure": std.procedure.label,
        "effective_from": std.effective_from.isoformat() if std.effective_from else None,
        "effective_to": std.effective_to.isoformat() if std.effective_to else None,
        "total_points": _num_cell(std.total_points),
        "floor_at_zero": _yes_no(std.floor_at_zero),
        "na_policy": std.na_policy.label,
    }
    for field, label in META_ROWS:
        append_safe(info, [label, values.get(field, getattr(std, field))])
    info.append([])
    info.append([BAND_HEADER, "最低分"])
    band_header_row = info.max_row
    for band in std.grade_bands:
        append_safe(info, [band.name, _num_cell(band.min_score)])
    for row in (1, band_header_row):
        for cell in info[row]:
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
    for row in info.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        # Versions and codes must stay text even when they look like numbers.
        if isinstance(row[1].value, str):
            row[1].number_format = "@"
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 80
    info.freeze_panes = "A2"

    ws = wb.create_sheet(ITEMS_SHEET)
    ws.append([header for _, header, _ in ITEM_COLUMNS])
    for category, item in std.iter_items():
        rule = item.deduction
        values_row: dict[str, Any] = {
            "category_code": category.code,
            "category_name": category.name,
            "category_max": _num_cell(category.max_points),
            "veto_tier": _yes_no(category.veto_tier),
            "code": item.code,
            "text": item.text,
            "max_points": _num_cell(item.max_points),
            "mode": rule.mode.label,
            "amount": _num_cell(rule.amount),
            "min": _num_cell(rule.min),
            "max": _num_cell(rule.max),
            "cap": _num_cell(rule.cap),
            "veto": item.veto.label if item.veto else None,
            "not_applicable_when": item.not_applicable_when,
            "doc_types": LIST_SEP.join(item.doc_types) or None,
            "check_ids": LIST_SEP.join(item.check_ids) or None,
            "phrases": LIST_SEP.join(item.phrases) or None,
            "problem_category": item.problem_category,
            "guidance": item.guidance,
            "legal_basis": item.legal_basis,
        }
        append_safe(ws, [values_row[key] for key, _, _ in ITEM_COLUMNS])
    for idx, (key, _, width) in enumerate(ITEM_COLUMNS, start=1):
        letter = get_column_letter(idx)
        ws.column_dimensions[letter].width = width
        header = ws.cell(row=1, column=idx)
        header.font = _HEADER_FONT
        header.fill = _HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
        wrap = key in ("text", "phrases", "doc_types", "check_ids", "guidance", "not_applicable_when")
        for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
            cell.alignment = Alignment(wrap_text=wrap, vertical="top")
            if key in ("category_code", "code") and isinstance(cell.value, str):
                cell.number_format = "@"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(ITEM_COLUMNS))}{max(ws.max_row, 1)}"
    last = max(ws.max_row, 2) + 500  # leave room for rows the editor adds
    choices = {
        "mode": [m.label for m in DeductionMode],
        "veto": [v.label for v in VetoEffect],
        "veto_tier": ["是", "否"],
        "problem_category": ["立卷", "实体", "程序"],
    }
    for idx, (key, _, _) in enumerate(ITEM_COLUMNS, start=1):
        if key in choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices[key]) + '"', allow_blank=True)
            letter = get_column_letter(idx)
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)

    help_ws = wb.create_sheet(HELP_SHEET)
    for line in _HELP_LINES:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 110
    wb.save(stream)  # type: ignore[arg-type]


_HELP_LINES = [
    "本工作簿由 CaseReview 导出，可直接编辑后用“casereview standards import 文件.xlsx”导入（导入后生成新版本）。",
    "“标准信息”：每行一个字段（A 列名称不要改）；等次按分数从高到低排列，最后一个等次最低分为 0。",
    "“评查项目”：每行一个评查项；同一类别的各行类别编码、类别名称、类别上限、否决层须一致。",
    "扣分方式：固定扣分（填扣分值）、按次扣分（填每次扣分值，可填封顶）、区间扣分（填区间下限和上限）、扣除全部分值。",
    "否决层的项目分值填 0，并填写否决效果：得分为零、定为不合格、不得评为优秀。",
    "关联文书、自动检查、常用表述：多个条目用中文分号“；”分隔。",
    "扣分层各类别分值（有类别上限的取“项目分值之和”与“类别上限”的较小者）合计须等于总分。",
]


# ---------------------------------------------------------------- import


def _cell_error(sheet: str, row: int, col: int, header: str, text: str, source: str) -> ValidationError:
    letter = get_column_letter(col)
    return ValidationError(
        f"工作表“{sheet}”第 {row} 行 {letter} 列（{header}）：{text}",
        code="standard_xlsx_invalid",
        file=source,
        sheet=sheet,
        row=row,
        column=letter,
        header=header,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


class _Reader:
    """Turns cell values into typed values, raising errors that name the cell."""

    def __init__(self, sheet: str, source: str) -> None:
        self.sheet = sheet
        self.source = source

    def err(self, row: int, col: int, header: str, text: str) -> ValidationError:
        return _cell_error(self.sheet, row, col, header, text, self.source)

    def number(self, value: Any, row: int, col: int, header: str) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise self.err(row, col, header, f"'{value}' 不是数字")
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(str(value).strip())
        except ValueError:
            raise self.err(row, col, header, f"'{value}' 不是数字") from None

    def boolean(self, value: Any, row: int, col: int, header: str) -> bool:
        text = "" if value is None else _text(value) or ""
        if text in YES:
            return True
        if text in NO:
            return False
        raise self.err(row, col, header, f"'{value}' 应填“是”或“否”")

    def enum(self, enum_cls: type[LabelledEnum], value: Any, row: int, col: int, header: str) -> str | None:
        text = _text(value)
        if text is None:
            return None
        member = enum_cls.from_label(text)
        if member is None:
            choices = "、".join(m.label for m in enum_cls)
            raise self.err(row, col, header, f"'{text}' 无效，可选：{choices}")
        return member.value

    def day(self, value: Any, row: int, col: int, header: str) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        text = str(value).strip().replace("/", "-").replace(".", "-")
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise self.err(row, col, header, f"'{value}' 不是有效日期（格式如 2024-01-01）") from None


def _split(value: Any) -> list[str]:
    text = _text(value)
    if not text:
        return []
    parts = re.split(r"[；;\n]", text)
    return [p.strip() for p in parts if p.strip()]


def _read_info(rows: Sequence[Sequence[Any]], source: str) -> dict[str, Any]:
    reader = _Reader(INFO_SHEET, source)
    by_label = {label: field for field, label in META_ROWS}
    data: dict[str, Any] = {}
    bands: list[dict[str, Any]] = []
    in_bands = False
    for r, row in enumerate(rows, start=1):
        key = _text(row[0]) if row else None
        value = row[1] if len(row) > 1 else None
        if r == 1 or key is None:
            continue
        if key == BAND_HEADER:
            in_bands = True
            continue
        if in_bands:
            min_score = reader.number(value, r, 2, "最低分")
            if min_score is None:
                raise reader.err(r, 2, "最低分", f"等次“{key}”缺少最低分")
            bands.append({"name": key, "min_score": min_score})
            continue
        field = by_label.get(key)
        if field is None:
            raise reader.err(r, 1, "项目", f"'{key}' 不是可识别的字段，可用：{'、'.join(by_label)}")
        if field == "case_type":
            data[field] = reader.enum(CaseType, value, r, 2, key)
        elif field == "procedure":
            data[field] = reader.enum(Procedure, value, r, 2, key)
        elif field == "na_policy":
            data[field] = reader.enum(NAPolicy, value, r, 2, key)
        elif field == "total_points":
            data[field] = reader.number(value, r, 2, key)
        elif field == "floor_at_zero":
            data[field] = reader.boolean(value, r, 2, key)
        elif field in ("effective_from", "effective_to"):
            data[field] = reader.day(value, r, 2, key)
        else:
            data[field] = _text(value) or ""
    data = {k: v for k, v in data.items() if v is not None}
    data["grade_bands"] = bands
    return data


def _read_items(rows: Sequence[Sequence[Any]], source: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
    reader = _Reader(ITEMS_SHEET, source)
    if not rows:
        raise ValidationError(f"工作表“{ITEMS_SHEET}”是空的", code="standard_xlsx_invalid", file=source)
    header_row = [_text(v) or "" for v in rows[0]]
    known = {header: key for key, header, _ in ITEM_COLUMNS}
    col_of: dict[str, int] = {}
    for idx, header in enumerate(header_row):
        if header in known:
            col_of[known[header]] = idx
    missing = [h for h in REQUIRED_HEADERS if known[h] not in col_of]
    if missing:
        raise ValidationError(
            f"工作表“{ITEMS_SHEET}”第 1 行缺少列：{'、'.join(missing)}", code="standard_xlsx_invalid", file=source
        )
    header_of = {key: header for key, header, _ in ITEM_COLUMNS}
    categories: dict[str, dict[str, Any]] = {}
    cat_row: dict[str, int] = {}
    item_rows: dict[str, int] = {}
    for r, row in enumerate(rows[1:], start=2):
        def cell(key: str, row: Sequence[Any] = row) -> Any:
            idx = col_of.get(key)
            return row[idx] if idx is not None and idx < len(row) else None

        def col(key: str) -> int:
            return col_of[key] + 1

        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        cat_code = _text(cell("category_code"))
        if cat_code is None:
            raise reader.err(r, col("category_code"), "类别编码", "不能为空")
        code = _text(cell("code"))
        if code is None:
            raise reader.err(r, col("code"), "项目编码", "不能为空")
        cat_name = _text(cell("category_name")) or ""
        cat_max = reader.number(cell("category_max"), r, col_of.get("category_max", 0) + 1, "类别上限")
        veto_tier = (
            reader.boolean(cell("veto_tier"), r, col("veto_tier"), "否决层") if "veto_tier" in col_of else False
        )
        if cat_code not in categories:
            categories[cat_code] = {
                "code": cat_code,
                "name": cat_name,
                "max_points": cat_max,
                "veto_tier": veto_tier,
                "items": [],
            }
            cat_row[cat_code] = r
        else:
            first = categories[cat_code]
            for key, value in (("name", cat_name), ("max_points", cat_max), ("veto_tier", veto_tier)):
                if first[key] != value:
                    field_key = {"name": "category_name", "max_points": "category_max", "veto_tier": "veto_tier"}[key]
                    raise reader.err(
                        r,
                        col(field_key),
                        header_of[field_key],
                        f"与第 {cat_row[cat_code]} 行同一类别 {cat_code} 的取值不一致",
                    )
        max_points = reader.number(cell("max_points"), r, col("max_points"), "分值")
        if max_points is None:
            raise reader.err(r, col("max_points"), "分值", f"评查项 {code} 缺少分值")
        deduction: dict[str, Any] = {}
        if "mode" in col_of:
            mode = reader.enum(DeductionMode, cell("mode"), r, col("mode"), "扣分方式")
            if mode is not None:
                deduction["mode"] = mode
        for key in ("amount", "min", "max", "cap"):
            if key in col_of:
                value = reader.number(cell(key), r, col(key), header_of[key])
                if value is not None:
                    deduction[key] = value
        item: dict[str, Any] = {
            "code": code,
            "text": _text(cell("text")) or "",
            "max_points": max_points,
            "deduction": deduction,
            "doc_types": _split(cell("doc_types")),
            "check_ids": _split(cell("check_ids")),
            "phrases": _split(cell("phrases")),
        }
        if "veto" in col_of:
            veto = reader.enum(VetoEffect, cell("veto"), r, col("veto"), "否决效果")
            if veto is not None:
                item["veto"] = veto
        for key in ("not_applicable_when", "guidance", "problem_category", "legal_basis"):
            text = _text(cell(key))
            if text is not None:
                item[key] = text
        if code in item_rows:
            raise reader.err(r, col("code"), "项目编码", f"评查项编码 {code} 与第 {item_rows[code]} 行重复")
        item_rows[code] = r
        categories[cat_code]["items"].append(item)
    return list(categories.values()), item_rows


def import_standard_xlsx(path: str | Path) -> StandardDef:
    path = Path(path)
    source = path.name
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise NotFoundError(f"找不到文件 {path}", code="standard_file_missing", file=str(path)) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise ValidationError(f"标准文件 {source}：不是有效的 Excel 工作簿（{exc}）", file=source) from None
    try:
        for sheet in (INFO_SHEET, ITEMS_SHEET):
            if sheet not in wb.sheetnames:
                raise ValidationError(
                    f"标准文件 {source}：缺少工作表“{sheet}”（现有：{'、'.join(wb.sheetnames)}）",
                    code="standard_xlsx_invalid",
                    file=source,
                    sheet=sheet,
                )
        info_rows = [tuple(r) for r in wb[INFO_SHEET].iter_rows(values_only=True)]
        item_rows_raw = [tuple(r) for r in wb[ITEMS_SHEET].iter_rows(values_only=True)]
    finally:
        wb.close()
    data = _read_info(info_rows, source)
    categories, item_rows = _read_items(item_rows_raw, source)
    data["categories"] = categories
    try:
        return parse_standard(data, source)
    except ValidationError as exc:
        # Point each problem at the row of the item it names, so the editor finds it quickly.
        lines = []
        for line in exc.message.splitlines():
            match = re.search(r"评查项(?:编码)? ([A-Za-z0-9_.-]+)", line)
            if match and match.group(1) in item_rows:
                line += f"（工作表“{ITEMS_SHEET}”第 {item_rows[match.group(1)]} 行）"
            lines.append(line)
        raise ValidationError("\n".join(lines), code=exc.code, **exc.params) from None
