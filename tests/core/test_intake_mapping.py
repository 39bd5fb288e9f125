from __future__ import annotations

import json
from pathlib import Path

import pytest

from casereview.errors import ValidationError
from casereview.intake.mapping import (
    FIELD_BY_NAME,
    FIELDS,
    MappingProfile,
    column_letter,
    match_header,
    normalise_header,
    propose_mapping,
)

# Target field names agreed with the database models.
EXPECTED_FIELDS = {
    "case_no", "unit_name", "case_type", "procedure", "case_source", "cause", "party_name", "party_type",
    "party_id_no", "party_address", "party_phone", "vehicle_plate", "legal_basis", "penalty_types",
    "fine_amount", "confiscation_value", "officers", "filing_date", "investigation_date", "notice_date",
    "hearing_notified_date", "hearing_held_date", "legal_review_date", "collective_discussion_date",
    "decision_date", "service_date", "payment_due_date", "paid_date", "closing_date", "archiving_date",
    "publication_date", "violation_date", "discovery_date", "application_date", "acceptance_date",
    "decision_no", "province", "domain", "officer_certs", "officer_cert_validity", "officer_cert_valid_from",
}  # fmt: skip


def test_field_list_is_the_agreed_one() -> None:
    assert {f.name for f in FIELDS} == EXPECTED_FIELDS
    assert all(f.label and f.variants for f in FIELDS)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("案号", "case_no"),
        ("案件编号", "case_no"),
        ("当事人", "party_name"),
        ("当事人名称", "party_name"),
        ("被处罚人", "party_name"),
        ("相对人", "party_name"),
        ("立案日期", "filing_date"),
        ("立案时间", "filing_date"),
        ("处罚决定日期", "decision_date"),
        ("决定日期", "decision_date"),
        ("作出决定日期", "decision_date"),
        ("罚款金额", "fine_amount"),
        ("罚款（元）", "fine_amount"),
        ("罚款(元)", "fine_amount"),
        ("罚款 （ 元 ）", "fine_amount"),
        ("罚款【元】", "fine_amount"),
        ("处罚金额", "fine_amount"),
        ("执法单位", "unit_name"),
        ("办案单位", "unit_name"),
        ("执法机构", "unit_name"),
        ("承办单位", "unit_name"),
        ("*案号", "case_no"),
        ("案号：", "case_no"),
        ("ＣＡＳＥ", None),
        ("处罚决定书文号", "decision_no"),
        ("统一社会信用代码", "party_id_no"),
        ("身份证号", "party_id_no"),
        ("当事人联系地址", "party_address"),
        ("执法人员", "officers"),
        ("序号", None),
        ("法定代表人身份证号", None),
    ],
)
def test_match_header(header: str, field: str | None) -> None:
    found = match_header(header)
    assert (found[0] if found else None) == field


def test_normalise_header() -> None:
    assert normalise_header(" 罚款（元） ") == normalise_header("罚款(元)") == "罚款(元)"
    assert normalise_header("＊立案　日期：") == "立案日期"


def test_propose_mapping_confidence_and_unmapped() -> None:
    mapping = propose_mapping(["序号", "案件编号", "当事人名称（姓名）", "罚款(元)", "备注栏", "立案日期", "立案时间"])
    by_header = {c.header: (c.field, c.confidence) for c in mapping.columns}
    assert by_header["案件编号"] == ("case_no", 1.0)
    assert by_header["罚款(元)"][0] == "fine_amount"
    assert by_header["当事人名称（姓名）"][0] == "party_name"
    assert 0 < by_header["当事人名称（姓名）"][1] < 1
    # one column per field: the exact 立案日期 wins over 立案时间 (also exact, but to the right)
    assert by_header["立案日期"] == ("filing_date", 1.0)
    assert "立案时间" not in by_header
    assert (0, "序号") in mapping.unmapped and (6, "立案时间") in mapping.unmapped
    assert mapping.missing_required == []
    assert any("未对应" in line for line in mapping.describe())


def test_decision_number_serves_as_case_number_when_alone() -> None:
    alone = propose_mapping(["处罚决定书文号", "当事人"])
    assert alone.column_for("case_no") is not None
    both = propose_mapping(["案号", "处罚决定书文号"])
    assert both.column_for("case_no").header == "案号"  # type: ignore[union-attr]
    assert both.column_for("decision_no").header == "处罚决定书文号"  # type: ignore[union-attr]


def test_multi_columns_for_identifier_and_officers() -> None:
    mapping = propose_mapping(["案号", "身份证号", "统一社会信用代码", "主办人", "协办人"])
    assert [c.field for c in mapping.columns] == ["case_no", "party_id_no", "party_id_no", "officers", "officers"]


def test_missing_required() -> None:
    mapping = propose_mapping(["当事人", "罚款"])
    assert mapping.missing_required == ["case_no"]
    assert any("缺少必需的列：案号" in line for line in mapping.describe())


def test_profile_json_round_trip_and_bind(tmp_path: Path) -> None:
    mapping = propose_mapping(["案件编号", "被处罚人", "决定日期", "其他"])
    profile = mapping.to_profile("某市平台导出", sheet="Sheet1", header_row=3, header_rows=2)
    path = tmp_path / "profile.json"
    profile.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["columns"] == {"案件编号": "case_no", "被处罚人": "party_name", "决定日期": "decision_date"}
    loaded = MappingProfile.load(path)
    assert loaded == profile
    # headers compared in normalised form; unknown headers stay unmapped
    bound = loaded.bind(["案件编号 ", "被处罚人", "新列", "决定日期"])
    assert [(c.index, c.field, c.confidence) for c in bound.columns] == [
        (0, "case_no", 1.0), (1, "party_name", 1.0), (3, "decision_date", 1.0)
    ]
    assert bound.unmapped == [(2, "新列")]
    assert loaded.missing_headers(["案件编号"]) == ["被处罚人", "决定日期"]


def test_profile_errors(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="未知字段：nonsense"):
        MappingProfile.from_dict({"columns": {"案号": "nonsense"}})
    with pytest.raises(ValidationError, match="不是有效的 JSON"):
        MappingProfile.from_json("{")
    with pytest.raises(ValidationError, match="header_rows"):
        MappingProfile.from_dict({"columns": {}, "header_rows": 3})
    with pytest.raises(ValidationError, match="无法读取映射文件"):
        MappingProfile.load(tmp_path / "none.json")
    named = tmp_path / "平台A.json"
    named.write_text('{"columns": {"案号": "case_no"}}', encoding="utf-8")
    assert MappingProfile.load(named).name == "平台A"


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
    assert FIELD_BY_NAME["fine_amount"].kind == "amount"
