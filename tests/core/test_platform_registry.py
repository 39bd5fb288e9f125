"""A registry exported the way provincial platforms do it (tests/platform_export.py: title
rows, merged two-level header, party headed 违法行为人, officers with certificates in
brackets) imports with no profile and every field right; the dry run shows the mapping;
a profile saved from the .xlsx imports the same platform's GBK .csv."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from casereview.cli.main import main as cli
from casereview.errors import ValidationError
from casereview.intake.mapping import MappingProfile, propose_mapping
from casereview.intake.values import parse_officers
from casereview.services.app import Services
from casereview.services.intake import RegistryImportOptions
from casereview.storage.models import Case, CaseOfficer, Officer
from tests.platform_export import write_gbk_csv, write_xlsx


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    s = Services.open(tmp_path / "platform.sqlite3", as_system=True)
    try:
        yield s
    finally:
        s.close()


def _stored(services: Services) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    with services.ctx.db.session() as session:
        for case in session.scalars(select(Case).order_by(Case.id)):
            officers = session.execute(
                select(Officer.name, Officer.cert_no).join(CaseOfficer, CaseOfficer.officer_id == Officer.id)
                .where(CaseOfficer.case_id == case.id).order_by(CaseOfficer.id)
            ).all()
            out[case.case_no] = {
                "party": case.party_name, "party_type": case.party_type, "id": case.party_id_no,
                "fine": case.fine_amount, "decision": case.decision_date, "closing": case.closing_date,
                "officers": [tuple(o) for o in officers], "cause": case.cause, "address": case.party_address,
            }
    return out


def _check_fields(stored: dict[str, dict[str, object]]) -> None:
    first = stored["粤云交执罚〔2024〕0101号"]
    assert first["party"] == "广州市顺捷物流有限公司"
    assert first["party_type"] == "organisation"
    assert first["cause"] == "未按规定携带道路运输证"
    assert first["address"] == "广州市天河区某路1号"
    assert Decimal(str(first["fine"])) == Decimal(2000)
    assert first["decision"] == date(2024, 3, 20)
    assert first["officers"] == [("张明", "44010020001"), ("李华", "44010020002")]
    second = stored["粤云交执罚〔2024〕0102号"]
    assert second["party"] == "陈大文" and second["party_type"] == "individual"
    assert second["officers"] == [("王强", "44010020003"), ("赵敏", "44010020004")]
    third = stored["粤云交执罚〔2024〕0103号"]
    assert third["officers"] == [("张明", "44010020001"), ("孙丽", "44010020005")]
    assert third["closing"] is None


def test_platform_xlsx_imports_with_no_profile(services: Services, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "平台导出.xlsx")
    dry = services.intake.run(path, RegistryImportOptions(dry_run=True))
    # The dry run shows the mapping: every column, its field and confidence, and what is left out.
    assert "表头对应" in dry.report
    assert "「违法行为人」→ 当事人" in dry.report
    assert "「执法人员及证号」→ 执法人员" in dry.report
    assert "「备注」→ 未对应" in dry.report
    by_header = {c.header: c for c in dry.columns}
    assert by_header["违法行为人"].field == "party_name"
    assert by_header["违法行为人类型"].field == "party_type"
    assert by_header["序号"].field is None
    assert dry.created == 3 and dry.rejected == 0
    result = services.intake.run(path)
    assert result.saved and result.created == 3, result.report
    _check_fields(_stored(services))


def test_profile_saved_from_xlsx_imports_the_gbk_csv(services: Services, tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "平台导出.xlsx")
    # --save-mapping works with a dry run; nothing is imported.
    dry = services.intake.run(xlsx, RegistryImportOptions(dry_run=True, save_profile_as="云浮平台"))
    assert dry.profile_saved == "云浮平台" and "映射方案“云浮平台”已保存" in dry.report
    assert not _stored(services)
    profile = services.intake.load_profile("云浮平台")
    assert profile.header_row is None  # found by its texts, not by a row number
    csv = write_gbk_csv(tmp_path / "平台导出.csv")
    result = services.intake.run(csv, RegistryImportOptions(profile="云浮平台"))
    assert result.saved and result.created == 3, result.report
    _check_fields(_stored(services))


def test_partial_profile_with_chinese_labels_adds_to_automatic_mapping(services: Services, tmp_path: Path) -> None:
    csv = write_gbk_csv(tmp_path / "平台导出.csv")
    profile = tmp_path / "profile.json"
    # Only the column recognition cannot know: 案件名称 is the cause here, and 备注 is ignored.
    profile.write_text(json.dumps({"columns": {"案件名称": "案由", "备注": None}}, ensure_ascii=False), "utf-8")
    result = services.intake.run(csv, RegistryImportOptions(profile=str(profile)))
    assert result.created == 3, result.report
    assert _stored(services)["粤云交执罚〔2024〕0102号"]["cause"] == "超限运输"


def test_profile_errors_list_the_valid_fields(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        MappingProfile.from_dict({"columns": {"违法行为人": "当事人姓名呀"}})
    assert "可用的字段" in str(caught.value) and "party_name 当事人" in str(caught.value)
    ok = MappingProfile.from_dict({"columns": {"违法行为人": "当事人", "证号": "officer_certs", "x": "忽略"}})
    assert ok.columns == {"违法行为人": "party_name", "证号": "officer_certs", "x": None}


def test_known_looking_unmapped_column_is_a_warning() -> None:
    mapping = propose_mapping(["案号", "当事人", "违法行为人", "处罚决定日期"])
    assert [d.header for d in mapping.doubtful] == ["违法行为人"]
    assert "看起来像“当事人”" in mapping.warnings()[0]


def test_cli_dry_run_json_shows_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "平台导出.xlsx")
    db = tmp_path / "cli.sqlite3"
    assert cli(["cases", "import", str(path), "--dry-run", "--db", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {c["header"]: c["field"] for c in data["columns"]}["违法行为人"] == "party_name"
    assert data["mapping_warnings"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张明(44010020001)、李华(44010020002)", [("张明", "44010020001"), ("李华", "44010020002")]),
        ("王强（44010020003），赵敏（44010020004）", [("王强", "44010020003"), ("赵敏", "44010020004")]),
        ("张明 44010020001；孙丽 44010020005", [("张明", "44010020001"), ("孙丽", "44010020005")]),
        ("张明（执法证号：44010020001）", [("张明", "44010020001")]),
        ("张明44010020001,李华44010020002", [("张明", "44010020001"), ("李华", "44010020002")]),
        ("张明、李华", [("张明", None), ("李华", None)]),
        ("张明 李华", [("张明", None), ("李华", None)]),
        ("张明(主办)、李华(协办)", [("张明", None), ("李华", None)]),
        ("张明(粤交执法0101234) 李华(ZF4401)", [("张明", "粤交执法0101234"), ("李华", "ZF4401")]),
        ("张明：44010020001 / 李华：44010020002", [("张明", "44010020001"), ("李华", "44010020002")]),
        ("张明\n李华", [("张明", None), ("李华", None)]),
    ],
)
def test_parse_officers(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert parse_officers(text) == expected


def test_profile_doc_lists_every_field_and_its_example_loads() -> None:
    import re

    from casereview.intake.mapping import FIELDS

    doc = (Path(__file__).parents[2] / "docs" / "mapping-profiles.md").read_text(encoding="utf-8")
    assert all(f"`{f.name}`" in doc for f in FIELDS)
    example = re.search(r"```json\n(.*?)```", doc, re.S)
    assert example is not None
    profile = MappingProfile.from_json(example.group(1))
    assert profile.columns["违法行为人"] == "party_name" and profile.columns["备注"] is None and profile.auto


@pytest.mark.parametrize("typed", ["粤云交执罚[2024]0101号", "粤云交执罚【2024】第0101号", "粤云交执罚（2024）0101号",
                                   "粤云交执罚 〔２０２４〕 ０１０１号"])
def test_case_number_typed_any_way_finds_the_case(services: Services, tmp_path: Path, typed: str) -> None:
    services.intake.run(write_xlsx(tmp_path / "平台导出.xlsx"))
    assert services.cases.detail(typed).case_no == "粤云交执罚〔2024〕0101号"  # shown as written
    from casereview.services.checks import CheckService

    assert CheckService(services.ctx).run_case(typed).case_no == "粤云交执罚〔2024〕0101号"
    # The registry listing officers with certificates raises no certificate veto any more.
    results = {r.rule_id: r for r in CheckService(services.ctx).run_case(typed).results}
    assert results["penalty.officer_certificates_valid"].outcome.value != "fail"


def test_one_id_number_for_two_names_is_a_warning() -> None:
    from casereview.intake.registry import validate_rows

    mapping = propose_mapping(["案号", "当事人", "证件号码"])
    rows = [(2, ["A1", "张三", "11010519491231002X"]), (3, ["A2", "李四", "11010519491231002X"]),
            (4, ["A3", "张三", "11010519491231002X"])]
    results = list(validate_rows(rows, mapping))
    assert all(r.ok for r in results)
    assert [w.row for r in results for w in r.warnings if w.field == "party_id_no"] == [3]
    assert "与第2行相同" in results[1].warnings[0].describe()
