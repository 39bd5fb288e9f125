from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from casereview.domain.enums import CaseType, PartyType, Procedure
from casereview.intake.mapping import propose_mapping
from casereview.intake.readers import open_table
from casereview.intake.registry import (
    ImportStats,
    RowResult,
    format_report,
    validate_rows,
    write_rejects_xlsx,
)

HEADERS = ["案号", "当事人", "证件号码", "当事人类型", "案件类型", "办案程序", "立案日期", "罚款金额", "执法人员"]
GOOD_ID = "11010519491231002X"
GOOD_USCC = "91350100M000100Y43"


def run(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS, **kwargs: object) -> list[RowResult]:
    mapping = propose_mapping(headers)
    numbered = [(n, list(r)) for n, r in enumerate(rows, start=2)]
    return list(validate_rows(numbered, mapping, **kwargs))  # type: ignore[arg-type]


def test_good_row_is_typed() -> None:
    (result,) = run([["粤交执罚〔2024〕1号", " 张三 ", GOOD_ID, "", "行政处罚", "一般程序", "2024年3月5日",
                      "5,000.00元", "甲、乙，丙"]])
    assert result.ok and result.row == 2 and result.issues == []
    record = result.record
    assert record is not None
    assert record["case_no"] == "粤交执罚〔2024〕1号"
    assert record["party_name"] == "张三"
    assert record["party_id_no"] == GOOD_ID
    assert record["party_type"] is PartyType.INDIVIDUAL  # inferred from the resident ID
    assert record["case_type"] is CaseType.PENALTY
    assert record["procedure"] is Procedure.GENERAL
    assert record["filing_date"] == date(2024, 3, 5)
    assert record["fine_amount"] == Decimal("5000.00")
    assert record["officers"] == ["甲", "乙", "丙"]


def test_issues_name_row_column_header_and_reason() -> None:
    results = run([
        ["A1", "张三", "110105194912310021", "", "", "", "2024-02-30", "五千块", ""],
        ["A2", "某公司", "91350100M000100Y44", "法人", "", "", "", "", ""],
    ])
    first, second = results
    assert first.record is None
    by_field = {i.field: i for i in first.issues}
    assert set(by_field) == {"party_id_no", "filing_date", "fine_amount"}
    date_issue = by_field["filing_date"]
    assert (date_issue.row, date_issue.column_letter, date_issue.header) == (2, "G", "立案日期")
    assert date_issue.value == "2024-02-30"
    assert "不存在" in date_issue.reason
    assert by_field["party_id_no"].column_letter == "C"
    assert "校验位错误" in by_field["party_id_no"].reason
    assert "第2行 G列「立案日期」（案号 A1）：" in date_issue.describe()
    assert [i.field for i in second.issues] == ["party_id_no"]
    assert "统一社会信用代码" in second.issues[0].reason


def test_duplicate_case_numbers_including_bracket_variants() -> None:
    stats = ImportStats()
    results = run(
        [["粤交执罚〔2024〕1号", "张三"], ["粤交执罚[2024]1号", "李四"], ["粤交执罚〔2024〕2号", "王五"],
         ["粤交执罚（2024）1号", "赵六"]],
        headers=["案号", "当事人"],
        stats=stats,
    )
    assert [r.ok for r in results] == [True, False, True, False]
    assert "与第2行重复" in results[1].issues[0].reason
    assert results[3].issues[0].column_letter == "A"
    assert stats.duplicates == 2 and stats.valid == 2 and stats.rejected == 2


def test_blank_and_footer_rows_skipped_missing_case_no_reported() -> None:
    stats = ImportStats()
    results = run(
        [["A1", "张三"], [None, ""], ["", "李四"], ["合计", "", "", "", "", "", "", 5200], ["制表人：王五"]],
        headers=["案号", "当事人", "c", "d", "e", "f", "g", "罚款"],
        stats=stats,
    )
    assert [r.row for r in results] == [2, 4]
    assert results[1].issues[0].reason == "案号为空"
    assert stats.skipped_footer == 2 and stats.rows_read == 2


def test_party_type_mismatch_is_a_warning_and_multi_id_columns() -> None:
    (result,) = run([["A1", "某公司", "", GOOD_USCC, "自然人"]],
                    headers=["案号", "当事人", "身份证号", "统一社会信用代码", "当事人类型"])
    assert result.ok and result.record is not None
    assert result.record["party_id_no"] == GOOD_USCC  # second column used: the first is blank
    assert result.record["party_type"] is PartyType.INDIVIDUAL  # the stated type is kept...
    assert [w.field for w in result.warnings] == ["party_type"]  # ...but flagged
    assert "请核对" in result.warnings[0].reason


def test_case_kind_from_combined_column_and_licensing() -> None:
    results = run([["A1", "处罚-简易"], ["A2", "行政许可"], ["A3", "查封扣押"], ["A4", "检查"]],
                  headers=["案号", "案件类型"])
    kinds = [(r.record["case_type"], r.record["procedure"]) if r.record else None for r in results]
    assert kinds[:3] == [(CaseType.PENALTY, Procedure.SIMPLE), (CaseType.LICENSING, Procedure.NONE),
                         (CaseType.COERCION, Procedure.NONE)]
    assert kinds[3] is None and "案件类型" in results[3].issues[0].reason


def test_missing_case_type_defaults() -> None:
    stats = ImportStats()
    (silent,) = run([["A1"]], headers=["案号"], stats=stats)
    assert silent.record is not None and silent.record["case_type"] is CaseType.PENALTY
    assert not silent.warnings  # said once for the file, not on every row
    assert "全部按行政处罚处理" in format_report(stats, [])
    (blank, typed) = run([["A1", ""], ["A2", "许可"]], headers=["案号", "案件类型"])
    assert blank.record is not None and blank.record["case_type"] is CaseType.PENALTY
    assert "案件类型为空" in blank.warnings[0].reason
    assert typed.record is not None and typed.record["case_type"] is CaseType.LICENSING
    (given,) = run([["A1"]], headers=["案号"], defaults={"case_type": CaseType.LICENSING})
    assert given.record is not None and given.record["case_type"] is CaseType.LICENSING and not given.warnings


def test_amount_in_wan_yuan_column_and_decision_number_as_case_number() -> None:
    (result,) = run([["决〔2024〕9号", 0.5, "2024-01-01"]], headers=["处罚决定书文号", "罚款金额（万元）", "决定日期"])
    assert result.record is not None
    assert result.record["fine_amount"] == Decimal("5000.00")
    assert result.record["case_no"] == result.record["decision_no"] == "决〔2024〕9号"


def test_future_date_is_a_warning() -> None:
    (result,) = run([["A1", "2024-03-05"]], headers=["案号", "立案日期"], today=date(2024, 1, 1))
    assert result.ok and [w.reason for w in result.warnings] == ["日期 2024-03-05 晚于今天，请核对"]


def test_rows_are_streamed() -> None:
    def endless() -> Iterator[tuple[int, list[object]]]:
        for n in itertools.count(2):
            yield n, [f"A{n}", "张三"]

    first = list(itertools.islice(validate_rows(endless(), propose_mapping(["案号", "当事人"])), 3))
    assert [r.row for r in first] == [2, 3, 4]


def test_every_date_and_amount_form_through_an_xlsx(tmp_path: Path) -> None:
    dates: list[object] = [date(2024, 3, 5), datetime(2024, 3, 5, 14, 30), "2024-03-05", "2024/3/5", "2024.3.5",
                           "2024年3月5日", "20240305", 20240305, 45356, "2024-03-05 14:30", "2024年3月5日14时30分"]
    amounts: list[object] = ["5,000.00元", 5000, "5000元", "0.5万元", "5千元", "￥5,000", "人民币伍仟元整",
                             "伍仟元", "5000.00", 5000.0, "人民币5000元"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["案件登记表"])
    sheet.append(["案号", "处罚决定日期", "罚款（元）"])
    for n, (d, a) in enumerate(zip(dates, amounts, strict=True)):
        sheet.append([f"C{n}", d, a])
    workbook.save(tmp_path / "forms.xlsx")
    table = open_table(tmp_path / "forms.xlsx")
    results = list(validate_rows(table.rows(), propose_mapping(table.headers)))
    assert all(r.ok for r in results), [i.describe() for r in results for i in r.issues]
    assert {r.record["decision_date"] for r in results if r.record} == {date(2024, 3, 5)}
    assert {r.record["fine_amount"] for r in results if r.record} == {Decimal("5000.00")}
    assert len(results) == len(dates)


def test_rejects_file_and_report(tmp_path: Path) -> None:
    stats = ImportStats()
    results = run(
        [["A1", "张三", GOOD_ID, "", "", "", "2024-03-05", "200", ""],
         ["A2", "李四", "123", "", "", "", "昨天", "abc", ""],
         ["A1", "王五", "", "", "", "", "", "", ""]],
        stats=stats,
    )
    rejected = [r for r in results if not r.ok]
    path = tmp_path / "rejects.xlsx"
    assert write_rejects_xlsx(rejected, path, HEADERS) == 2
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*HEADERS, "原行号", "错误原因")
    assert rows[1][:2] == ("A2", "李四") and rows[1][len(HEADERS)] == 3
    reason = str(rows[1][-1])
    assert "G列「立案日期」" in reason and "H列「罚款金额」" in reason
    assert "与第2行重复" in str(rows[2][-1])

    issues = [i for r in results for i in r.issues]
    report = format_report(stats, issues, source="registry.xlsx")
    assert "共读取 3 行数据，其中有效 1 行，有问题 2 行（3 处问题）" in report
    assert "重复案号 1 处" in report
    assert "第3行 G列「立案日期」（案号 A2）：无法识别的日期“昨天”" in report
    short = format_report(stats, issues, limit=1)
    assert "另有 2 处问题未列出" in short


def test_open_registry_with_and_without_profile(tmp_path: Path) -> None:
    from casereview.errors import ValidationError
    from casereview.intake.mapping import MappingProfile
    from casereview.intake.registry import open_registry
    from casereview.intake.synthetic import write_xlsx

    path = tmp_path / "export.xlsx"
    write_xlsx(path, [["标题"], ["流水码", "姓名", "日子"], ["N1", "张三", "2024-03-05"]], sheet="数据")
    with pytest.raises(ValidationError, match="找不到案号列") as caught:
        open_registry(path)
    assert caught.value.code == "mapping_missing_required"

    profile = MappingProfile("平台X", {"流水码": "case_no", "姓名": "party_name", "日子": "filing_date"},
                             sheet="旧表名", header_row=2)
    table, mapping = open_registry(path, profile=profile)  # sheet name not in this export: first sheet used
    assert table.sheet == "数据" and table.header_row == 2
    (result,) = list(validate_rows(table.rows(), mapping))
    assert result.record is not None and result.record["filing_date"] == date(2024, 3, 5)


def test_record_diff() -> None:
    from casereview.intake.registry import record_diff

    (result,) = run([["A1", "张三", GOOD_ID, "", "行政处罚", "普通程序", "2024-03-05", "5000", "甲、乙"]])
    record = result.record
    assert record is not None
    stored = {"case_no": "A1", "party_name": "张三", "party_id_no": GOOD_ID, "party_type": "individual",
              "case_type": "penalty", "procedure": "general", "filing_date": date(2024, 3, 5),
              "fine_amount": 5000.0, "officers": ["甲", "乙"]}
    assert record_diff(stored, record) == []  # the same data re-imported changes nothing
    changed = dict(stored, fine_amount=Decimal("3000"), filing_date=date(2024, 3, 1), party_name=None)
    changes = {c.field: c for c in record_diff(changed, record)}
    assert set(changes) == {"fine_amount", "filing_date", "party_name"}
    assert changes["fine_amount"].describe() == "罚款金额：3,000.00 → 5,000.00"
    assert changes["party_name"].describe() == "当事人：（空） → 张三"
    blank_in_file = dict(record, party_address=None)
    assert record_diff(dict(stored, party_address="某地"), blank_in_file, clear_blanks=False) == []
    assert [c.field for c in record_diff({"party_address": "某地"}, {"party_address": None}, clear_blanks=True)] == [
        "party_address"
    ]
