"""Excel export → import round trip and cell-precise errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from casereview.errors import ValidationError
from casereview.standards import canonical_json, content_hash, load_shipped_standards, load_standard_file
from casereview.standards.excel import ITEM_COLUMNS, ITEMS_SHEET, export_standard_xlsx, import_standard_xlsx
from casereview.standards.model import StandardDef

SHIPPED = load_shipped_standards()
PENALTY = next(s for s in SHIPPED if s.id == "gd-transport-penalty-general")


def export(std: StandardDef, path: Path) -> Path:
    buf = io.BytesIO()
    export_standard_xlsx(std, buf)
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize("std", SHIPPED, ids=lambda s: s.id)
def test_round_trip_is_exact(std: StandardDef, tmp_path: Path) -> None:
    path = export(std, tmp_path / "s.xlsx")
    back = import_standard_xlsx(path)
    assert back == std
    assert canonical_json(back) == canonical_json(std)
    assert content_hash(back) == content_hash(std)
    assert load_standard_file(path) == std  # the generic loader accepts .xlsx too


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_workbook_is_readable(tmp_path: Path) -> None:
    path = export(PENALTY, tmp_path / "s.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["标准信息", "评查项目"]
    ws = wb[ITEMS_SHEET]
    headers = [c.value for c in ws[1]]
    for h in ("类别编码", "类别名称", "类别上限", "否决层", "项目编码", "评查内容", "分值", "扣分方式", "扣分值",
              "区间下限", "区间上限", "封顶", "否决效果", "不适用条件", "关联文书", "自动检查", "常用表述", "问题分类"):
        assert h in headers
    assert headers[6] == "分值"
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1 + len(PENALTY.item_codes())
    modes = {ws.cell(row=r, column=8).value for r in range(2, ws.max_row + 1)}
    assert modes == {"固定扣分", "按次扣分", "区间扣分", "扣除全部分值"}
    phrases_col = headers.index("常用表述") + 1
    assert "；" in str(ws.cell(row=2, column=phrases_col).value)
    info = wb["标准信息"]
    rows = {r[0].value: r[1].value for r in info.iter_rows() if r[0].value}
    assert rows["标准编号"] == PENALTY.id and rows["案件类型"] == "行政处罚" and rows["扣完为止"] == "是"
    assert rows["优秀"] == 90


def edit(path: Path, sheet: str, cell: str, value: object) -> None:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def test_non_number_cites_sheet_row_and_column(tmp_path: Path) -> None:
    path = export(PENALTY, tmp_path / "s.xlsx")
    edit(path, ITEMS_SHEET, "G12", "abc")
    with pytest.raises(ValidationError) as exc:
        import_standard_xlsx(path)
    assert str(exc.value) == "工作表“评查项目”第 12 行 G 列（分值）：'abc' 不是数字"
    assert exc.value.params["row"] == 12 and exc.value.params["column"] == "G"


def test_bad_mode_label_cites_cell(tmp_path: Path) -> None:
    path = export(PENALTY, tmp_path / "s.xlsx")
    edit(path, ITEMS_SHEET, "H5", "随便扣")
    with pytest.raises(ValidationError, match=r"工作表“评查项目”第 5 行 H 列（扣分方式）：'随便扣' 无效"):
        import_standard_xlsx(path)


def test_bad_info_value_cites_cell(tmp_path: Path) -> None:
    path = export(PENALTY, tmp_path / "s.xlsx")
    wb = load_workbook(path)
    ws = wb["标准信息"]
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == "扣完为止")
    ws.cell(row=row, column=2).value = "也许"
    wb.save(path)
    with pytest.raises(ValidationError, match=rf"工作表“标准信息”第 {row} 行 B 列（扣完为止）：'也许' 应填“是”或“否”"):
        import_standard_xlsx(path)


def test_inconsistent_category_cites_cell(tmp_path: Path) -> None:
    path = export(PENALTY, tmp_path / "s.xlsx")
    wb = load_workbook(path)
    ws = wb[ITEMS_SHEET]
    # find the second row of some category and change its name
    codes = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    row = next(i + 2 for i in range(1, len(codes)) if codes[i] == codes[i - 1])
    ws.cell(row=row, column=2).value = "别的名字"
    wb.save(path)
    with pytest.raises(ValidationError, match=rf"第 {row} 行 B 列（类别名称）：与第 \d+ 行同一类别"):
        import_standard_xlsx(path)


def test_semantic_error_names_item_and_row(tmp_path: Path) -> None:
    path = export(PENALTY, tmp_path / "s.xlsx")
    wb = load_workbook(path)
    ws = wb[ITEMS_SHEET]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=8).value == "区间扣分")
    code = ws.cell(row=row, column=5).value
    ws.cell(row=row, column=10).value = 9  # 区间下限
    ws.cell(row=row, column=11).value = 1
    wb.save(path)
    with pytest.raises(ValidationError) as exc:
        import_standard_xlsx(path)
    assert f"标准文件 s.xlsx：评查项 {code} 的扣分区间下限 9 大于上限 1" in str(exc.value)
    assert f"（工作表“评查项目”第 {row} 行）" in str(exc.value)


def test_duplicate_code_and_missing_sheet(tmp_path: Path) -> None:
    path = export(PENALTY, tmp_path / "s.xlsx")
    edit(path, ITEMS_SHEET, "E3", load_workbook(path)[ITEMS_SHEET]["E2"].value)
    with pytest.raises(ValidationError, match=r"第 3 行 E 列（项目编码）：评查项编码 V01 与第 2 行重复"):
        import_standard_xlsx(path)
    wb = load_workbook(export(PENALTY, tmp_path / "t.xlsx"))
    del wb["标准信息"]
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(ValidationError, match=r"缺少工作表“标准信息”"):
        import_standard_xlsx(tmp_path / "t.xlsx")


def test_reordered_columns_and_edits_are_read(tmp_path: Path) -> None:
    path = export(PENALTY, tmp_path / "s.xlsx")
    wb = load_workbook(path)
    ws = wb[ITEMS_SHEET]
    ws.move_range(f"A1:A{ws.max_row}", cols=len(ITEM_COLUMNS))  # category code moves to the far right
    ws.delete_cols(1)
    ws.cell(row=2, column=5).value = "修改后的评查内容"  # 评查内容 is now column E
    wb.save(path)
    back = import_standard_xlsx(path)
    first = back.categories[0].items[0]
    assert first.text == "修改后的评查内容"
    assert back.item_codes() == PENALTY.item_codes()


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match=r"不是有效的 Excel 工作簿"):
        import_standard_xlsx(path)
