"""Officers' certificate validity imported from a registry (separate 起/止 columns written
yyyy年MM月dd日 as platform officer lists show them, one combined column, named entries),
and the veto check penalty.officer_certificates_valid reading the stored dates: a
certificate expired on the investigation date fails, an absent validity is 数据不足."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from casereview.intake.mapping import propose_mapping
from casereview.intake.registry import validate_rows
from casereview.intake.values import parse_cert_validity
from casereview.services.app import Services
from casereview.services.checks import CheckService
from casereview.services.intake import RegistryImportOptions
from casereview.storage.models import Officer

HEADERS = ["序号", "行政处罚决定书文号", "违法行为人", "执法人员", "执法证号", "执法证有效期起", "执法证有效期止",
           "立案日期", "处罚决定日期", "处罚机关"]
ROWS = [
    [1, "粤云交执罚〔2024〕0201号", "陈大文", "张明、李华", "44010020001、44010020002",
     "2019年01月01日、2020年06月01日", "2025年12月31日、2024年03月10日", "2024-03-01", "2024-03-20", "云浮市交通运输局"],
    [2, "粤云交执罚〔2024〕0202号", "刘小红", "王强", "44010020003", "", "", "2024-04-01", "2024-04-20",
     "云浮市交通运输局"],
]


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    s = Services.open(tmp_path / "validity.sqlite3", as_system=True)
    try:
        yield s
    finally:
        s.close()


def _write(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["执法案件信息导出"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _validity(services: Services) -> dict[str, tuple[date | None, date | None]]:
    with services.ctx.db.session() as session:
        return {name: (a, b) for name, a, b in session.execute(
            select(Officer.name, Officer.cert_valid_from, Officer.cert_valid_to))}


def test_separate_start_and_end_columns_import_and_feed_the_veto_check(services: Services, tmp_path: Path) -> None:
    path = _write(tmp_path / "登记表.xlsx", HEADERS, ROWS)
    dry = services.intake.run(path, RegistryImportOptions(dry_run=True))
    by_header = {c.header: c.field for c in dry.columns}
    assert by_header["执法证有效期起"] == "officer_cert_valid_from"
    assert by_header["执法证有效期止"] == "officer_cert_validity"
    result = services.intake.run(path)
    assert result.saved and result.created == 2, result.report
    assert any("执法证有效期已从登记表录入" in n for n in result.notes)
    stored = _validity(services)
    assert stored["张明"] == (date(2019, 1, 1), date(2025, 12, 31))
    assert stored["李华"] == (date(2020, 6, 1), date(2024, 3, 10))
    assert stored["王强"] == (None, None)
    checks = CheckService(services.ctx)
    first = {r.rule_id: r for r in checks.run_case("粤云交执罚[2024]0201号").results}
    verdict = first["penalty.officer_certificates_valid"]
    # 李华's certificate ran out on 2024-03-10, before the decision of 2024-03-20: the data says so.
    assert verdict.outcome.value == "fail" and "李华" in verdict.explanation, verdict.explanation
    second = {r.rule_id: r for r in checks.run_case("粤云交执罚〔2024〕0202号").results}
    gap = second["penalty.officer_certificates_valid"]
    assert gap.outcome.value == "insufficient_data" and "未录入证件有效期" in gap.explanation, gap.explanation


def test_reimport_fills_validity_of_officers_already_on_the_case(services: Services, tmp_path: Path) -> None:
    headers = [h for h in HEADERS if "有效期" not in h]
    rows = [[v for h, v in zip(HEADERS, r, strict=True) if "有效期" not in h] for r in ROWS]
    assert services.intake.run(_write(tmp_path / "a.xlsx", headers, rows)).created == 2
    assert _validity(services)["张明"] == (None, None)
    again = services.intake.run(_write(tmp_path / "b.xlsx", HEADERS, ROWS),
                                RegistryImportOptions(update_existing=True))
    assert again.saved, again.report
    assert _validity(services)["张明"] == (date(2019, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(("text", "expected"), [
    ("2021-03-01至2026-02-28", [(None, date(2021, 3, 1), date(2026, 2, 28))]),
    ("2021.03.01-2026.02.28", [(None, date(2021, 3, 1), date(2026, 2, 28))]),
    ("有效期至2026年2月28日", [(None, None, date(2026, 2, 28))]),
    ("2026-02-28 00:00:00", [(None, None, date(2026, 2, 28))]),  # a LocalDateTime exported as text
    ("2026-02-28、2025-12-31", [(None, None, date(2026, 2, 28)), (None, None, date(2025, 12, 31))]),
    ("张明：2026-02-28；李华：2025-12-31", [("张明", None, date(2026, 2, 28)), ("李华", None, date(2025, 12, 31))]),
    ("张明(44010020001)至2026-02-28", [("张明", None, date(2026, 2, 28))]),
    ("2021-03-01至长期", [(None, date(2021, 3, 1), None)]),
    ("自2021/3/1", [(None, date(2021, 3, 1), None)]),
    ("执法证有效期：2021-03-01 至 2026-02-28", [(None, date(2021, 3, 1), date(2026, 2, 28))]),
])
def test_parse_cert_validity(text: str, expected: list[object]) -> None:
    assert parse_cert_validity(text) == expected


def test_bad_validity_names_row_and_column_and_mismatched_counts_warn() -> None:
    mapping = propose_mapping(["案号", "执法人员", "执法证有效期"])
    results = list(validate_rows([(2, ["A1", "张明", "2026-02-28至2021-03-01"]),
                                  (3, ["A2", "张明、李华", "2026-02-28"]),
                                  (4, ["A3", "张明", "不详"])], mapping))
    assert not results[0].ok and "截止日期早于起始日期" in results[0].issues[0].describe()
    assert "第2行" in results[0].issues[0].describe()
    assert results[1].ok and not results[1].record.get("officer_cert_validity")
    assert any("无法一一对应" in w.describe() for w in results[1].warnings)
    assert not results[2].ok and "C列" in results[2].issues[0].describe()


def test_officer_edited_through_the_service_is_audited_and_used_by_the_check(services: Services,
                                                                            tmp_path: Path) -> None:
    from casereview.errors import PermissionDenied, ValidationError
    from casereview.services.cases import KEEP

    services.intake.run(_write(tmp_path / "登记表.xlsx", HEADERS, ROWS))
    case_no = "粤云交执罚〔2024〕0202号"
    info = services.cases.set_officer(case_no, "王强", valid_from="2023-01-01", valid_to="2024-04-10")
    assert (info.cert_no, info.cert_valid_from, info.cert_valid_to) == ("44010020003", date(2023, 1, 1),
                                                                       date(2024, 4, 10))
    verdict = {r.rule_id: r for r in CheckService(services.ctx).run_case(case_no).results}[
        "penalty.officer_certificates_valid"]
    assert verdict.outcome.value == "fail" and "王强" in verdict.explanation  # expired before the decision
    services.cases.set_officer(case_no, "王强", cert_no=KEEP, valid_to=None)  # no end: valid from 2023
    with pytest.raises(ValidationError, match="早于有效期起"):
        services.cases.set_officer(case_no, "王强", valid_to="2022-01-01")
    added = services.cases.set_officer(case_no, "孙丽", role="legal_reviewer", cert_no="44010020009")
    assert added.role == "legal_reviewer"
    assert [o.name for o in services.cases.detail(case_no).officers] == ["王强", "孙丽"]
    assert services.cases.remove_officer(case_no, "孙丽") == 1
    actions = [e.action for e in services.audit.entries(entity="officer")]
    assert actions[:4] == ["officer_removed", "officer_added", "officer_edited", "officer_edited"], actions
    anonymous = Services.open(tmp_path / "validity.sqlite3")
    try:
        with pytest.raises(PermissionDenied):
            anonymous.cases.set_officer(case_no, "王强", cert_no="X1")
    finally:
        anonymous.close()


def test_validity_inside_the_officer_brackets(services: Services, tmp_path: Path) -> None:
    """Some platforms write the validity inside the officer list's brackets; the certificate
    numbers must survive it (they used to be lost when the bracket held more than the number)."""
    headers = ["案号", "违法行为人", "执法人员及证号", "立案日期", "处罚决定日期", "处罚机关"]
    rows = [["粤云交执罚〔2024〕0301号", "陈大文",
             "张明（44010020001，有效期至2026年02月28日）、李华(执法证号：44010020002；有效期：2020.01.01-2024.03.10)",
             "2024-03-01", "2024-03-20", "云浮市交通运输局"]]
    result = services.intake.run(_write(tmp_path / "inline.xlsx", headers, rows))
    assert result.saved and result.created == 1, result.report
    with services.ctx.db.session() as session:
        stored = {n: (c, a, b) for n, c, a, b in session.execute(
            select(Officer.name, Officer.cert_no, Officer.cert_valid_from, Officer.cert_valid_to))}
    assert stored["张明"] == ("44010020001", None, date(2026, 2, 28))
    assert stored["李华"] == ("44010020002", date(2020, 1, 1), date(2024, 3, 10))
    verdict = {r.rule_id: r for r in CheckService(services.ctx).run_case("粤云交执罚〔2024〕0301号").results}[
        "penalty.officer_certificates_valid"]
    assert verdict.outcome.value == "fail" and "李华" in verdict.explanation
