from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from casereview.errors import ValidationError
from casereview.intake.mapping import propose_mapping
from casereview.intake.readers import (
    combine_header_rows,
    decode_bytes,
    detect_header,
    list_sheets,
    open_table,
    preview,
)
from casereview.intake.registry import validate_rows
from casereview.intake.synthetic import write_xlsx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"

CSV_TEXT = "案号,当事人,立案日期,罚款金额\n粤交执罚〔2024〕1号,张三,2024年3月5日,\"5,000.00元\"\n粤交执罚〔2024〕2号,李四,2024/3/6,0.5万元\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig")],
)
def test_csv_encodings_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "registry.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    table = open_table(path)
    assert table.encoding == expected
    assert table.data_rows_hint == 2
    assert table.headers == ["案号", "当事人", "立案日期", "罚款金额"]
    rows = list(table.rows())
    assert [n for n, _ in rows] == [2, 3]
    assert rows[0][1][:2] == ["粤交执罚〔2024〕1号", "张三"]
    assert list_sheets(path) == ["CSV"]


def test_csv_utf16_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(CSV_TEXT.replace(",", "\t").replace('"5\t000.00元"', "5000元").encode("utf-16"))
    table = open_table(path)
    assert table.headers[:2] == ["案号", "当事人"]
    assert list(table.rows())[1][1][1] == "李四"


def test_csv_gbk_with_title_rows_and_semicolons(tmp_path: Path) -> None:
    text = "2024年度案件登记表;;;\n导出时间：2024-05-01;;;\n;;;\n案件编号;被处罚人;决定日期;处罚金额\nA-1;王五;20240305;200\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    table = open_table(path)
    assert table.header_row == 4
    assert table.headers == ["案件编号", "被处罚人", "决定日期", "处罚金额"]
    (number, row), = list(table.rows())
    assert number == 5 and row[1] == "王五"


def test_undecodable_csv_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="编码无法识别"):
        decode_bytes(b"\x81\x20\xff\xfe\xfa", source="x.csv")


def _merged_workbook(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "案件"
    sheet.append(["广东省交通运输行政处罚案件登记表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["制表单位：某某局", None, None, None, None, None])
    sheet.append(["案号", "当事人", "日期", None, "罚款（元）", "执法人员"])
    sheet.append([None, None, "立案", "决定", None, None])
    for ref in ("A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4"):
        sheet.merge_cells(ref)
    sheet.append(["粤交执罚〔2024〕1号", "张三", date(2024, 3, 5), 45383, 5000, "甲、乙"])
    sheet.append(["粤交执罚〔2024〕2号", "李四", "2024-03-06", "2024年4月2日", "伍仟元整", "丙，丁"])
    other = workbook.create_sheet("说明")
    other.append(["备注"])
    workbook.save(path)


def test_title_rows_and_merged_two_row_header(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    _merged_workbook(path)
    assert list_sheets(path) == ["案件", "说明"]
    table = open_table(path)
    assert (table.header_row, table.header_rows) == (3, 2)
    assert table.data_rows_hint == 2
    assert table.headers == ["案号", "当事人", "立案日期", "决定日期", "罚款（元）", "执法人员"]
    mapping = propose_mapping(table.headers)
    assert {c.header: c.field for c in mapping.columns} == {
        "案号": "case_no",
        "当事人": "party_name",
        "立案日期": "filing_date",
        "决定日期": "decision_date",
        "罚款（元）": "fine_amount",
        "执法人员": "officers",
    }
    results = list(validate_rows(table.rows(), mapping))
    assert [r.row for r in results] == [5, 6]
    first, second = (r.record for r in results)
    assert first is not None and second is not None
    assert first["filing_date"] == date(2024, 3, 5)
    assert first["decision_date"] == date(2024, 4, 1)  # Excel serial number 45383
    assert second["fine_amount"] == 5000
    assert second["officers"] == ["丙", "丁"]


def test_two_row_header_without_merge_information() -> None:
    # CSV cannot carry merges: a blank cell right of a group label takes the label
    # when both have a sub-header below them.
    top = ["案号", "日期", "", "当事人"]
    sub = ["", "立案", "决定", ""]
    assert combine_header_rows(top, sub) == ["案号", "立案日期", "决定日期", "当事人"]
    guess = detect_header([["标题"], top, sub, ["A1", "2024-01-01", "2024-02-01", "张三"]])
    assert (guess.row, guess.rows) == (2, 2)


def test_group_label_in_front() -> None:
    assert combine_header_rows(["当事人", ""], ["名称", "证件号码"]) == ["当事人名称", "当事人证件号码"]


def test_sheet_selection_and_data_not_starting_at_a1(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "封面"
    first["A1"] = "无数据"
    data = workbook.create_sheet("案件列表")
    data["C5"], data["D5"], data["E5"] = "案号", "当事人", "立案日期"
    data["C6"], data["D6"], data["E6"] = "X1", "张三", "2024-03-05"
    workbook.save(tmp_path / "offset.xlsx")
    table = open_table(tmp_path / "offset.xlsx", sheet="案件列表")
    assert table.header_row == 5
    assert table.data_rows_hint == 1
    assert table.headers == ["", "", "案号", "当事人", "立案日期"]
    mapping = propose_mapping(table.headers)
    assert mapping.column_for("case_no") is not None and mapping.column_for("case_no").letter == "C"  # type: ignore[union-attr]
    (result,) = list(validate_rows(table.rows(), mapping))
    assert result.row == 6 and result.record is not None and result.record["case_no"] == "X1"
    with pytest.raises(ValidationError, match="没有名为“不存在”的工作表"):
        open_table(tmp_path / "offset.xlsx", sheet="不存在")


def test_explicit_header_row_and_preview(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    write_xlsx(path, [["说明"], ["编号X", "姓名Y"], *[[f"N{i}", f"P{i}"] for i in range(30)]])
    table = open_table(path, header_row=2)
    assert table.headers == ["编号X", "姓名Y"]
    shown = preview(path, header_row=2, n=5)
    assert [n for n, _ in shown.rows] == [3, 4, 5, 6, 7]
    assert len(list(table.rows())) == 30
    assert len(list(table.rows())) == 30  # a second pass reads the file again


def test_xls_fixture_with_merged_header() -> None:
    path = FIXTURES / "registry.xls"
    assert list_sheets(path) == ["案件登记", "说明"]
    table = open_table(path)
    assert (table.header_row, table.header_rows) == (2, 2)
    assert table.data_rows_hint == 3
    assert table.headers == ["案号", "当事人", "立案日期", "决定日期", "罚款（元）", "证件号码"]
    results = list(validate_rows(table.rows(), propose_mapping(table.headers)))
    assert [r.ok for r in results] == [True, True, False]
    good = results[1].record
    assert good is not None
    assert good["filing_date"] == date(2024, 3, 5)
    assert str(good["fine_amount"]) == "5000.00"
    assert "校验位错误" in results[2].issues[0].reason


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="不支持的登记表格式"):
        open_table(tmp_path / "x.pdf")
    with pytest.raises(ValidationError, match="找不到文件"):
        open_table(tmp_path / "missing.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValidationError, match="无法读取表格文件"):
        open_table(broken)
    html = tmp_path / "export.xlsx"
    html.write_text("<html><table><tr><td>案号</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(ValidationError, match="网页（HTML）格式"):
        open_table(html)
    xml = tmp_path / "old.xls"
    xml.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
                   encoding="utf-8")
    with pytest.raises(ValidationError, match="XML 电子表格 2003"):
        open_table(xml)


def test_html_table_saved_as_xls(tmp_path: Path) -> None:
    # What many enforcement platforms export: an HTML table in GBK named .xls,
    # with a title row (colspan) and a two-row header (rowspan/colspan).
    html = """<html><head><meta charset="gb2312"></head><body>
    <table><tr><td>导出时间：2024-05-01</td></tr></table>
    <table border="1">
      <tr><td colspan="5">行政处罚案件登记表</td></tr>
      <tr><th rowspan="2">案号</th><th rowspan="2">当事人</th><th colspan="2">日期</th><th rowspan="2">罚款金额</th></tr>
      <tr><th>立案</th><th>决定</th></tr>
      <tr><td>粤交执罚〔2024〕1号</td><td>张&nbsp;三</td><td>2024-03-05</td><td>2024-04-01</td><td>5,000.00</td></tr>
      <tr><td>粤交执罚〔2024〕2号</td><td>李四</td><td>2024/3/6</td><td></td><td>伍佰元整</td></tr>
    </table><table><tr><td>制表人</td><td>王五</td></tr></table></body></html>"""
    path = tmp_path / "平台导出.xls"
    path.write_bytes(html.encode("gbk"))
    assert list_sheets(path) == ["HTML"]
    table = open_table(path)
    assert (table.header_row, table.header_rows) == (2, 2)
    assert table.headers == ["案号", "当事人", "立案日期", "决定日期", "罚款金额"]
    results = list(validate_rows(table.rows(), propose_mapping(table.headers)))
    assert [r.row for r in results] == [4, 5] and all(r.ok for r in results)
    first = results[0].record
    assert first is not None and first["party_name"] == "张 三" and first["decision_date"] == date(2024, 4, 1)


@pytest.mark.parametrize(("encoding", "looks_like"), [("utf-8", "UTF-8"), ("gbk", "GBK/GB18030")])
def test_encoding_error_names_the_real_line(tmp_path: Path, encoding: str, looks_like: str) -> None:
    """One bad byte on line 43 of a 61-line file is reported on line 43 (it used to say 第1行:
    a UTF-8 file fails GB18030 at its first Chinese character)."""
    from casereview.errors import ValidationError
    from casereview.intake.readers import decode_bytes

    lines = ["案号,当事人"] + [f"粤交执罚〔2024〕{i}号,张三" for i in range(60)]
    data = "\n".join(lines).encode(encoding)
    marker = "〔2024〕41号".encode(encoding)
    data = data.replace(marker, marker + b"\x80\xff", 1)
    with pytest.raises(ValidationError) as err:
        decode_bytes(data, source="文件 登记表.csv")
    assert err.value.params["line"] == 43 and "第43行" in err.value.message
    assert looks_like in err.value.message and "第1行" not in err.value.message


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_formula_errors_are_reported_not_read_as_blank(suffix: str) -> None:
    """A registry saved by LibreOffice Calc 7 with formulas that fail (=1/0, a VLOOKUP that
    finds nothing, a #REF!), and the same file converted by LibreOffice to .xls (BIFF8) and
    .ods: calamine reads those cells as blank; the import names each with row and column and
    refuses the row instead of importing an empty amount or party."""
    from casereview.intake.mapping import propose_mapping
    from casereview.intake.readers import CellError, open_table
    from casereview.intake.registry import validate_rows

    table = open_table(FIXTURES / f"formula-errors-libreoffice.{suffix}")
    rows = list(table.rows())
    assert [type(c) for c in rows[1][1]].count(CellError) == 1
    results = list(validate_rows(rows, propose_mapping(table.headers)))
    by_row = {r.row: r for r in results}
    assert by_row[2].ok
    found = {(i.row, i.column_letter, i.field): i.reason for r in results for i in r.issues}
    assert set(found) == {(3, "C", "fine_amount"), (4, "B", "party_name"), (5, "C", "fine_amount")}
    assert "#DIV/0!" in found[(3, "C", "fine_amount")] and "#N/A" in found[(4, "B", "party_name")]
    assert "#REF!" in found[(5, "C", "fine_amount")] and "公式错误" in found[(5, "C", "fine_amount")]
