"""Every shipped standard validates, adds up, and covers what the product card asks for."""

from __future__ import annotations

import pytest
import yaml

from casereview.domain.enums import CaseType, DeductionMode, NAPolicy, Procedure, VetoEffect
from casereview.standards import (
    canonical_json,
    content_hash,
    dump_yaml,
    load_shipped_standards,
    load_standard_file,
    parse_standard,
    shipped_standard,
    shipped_standard_paths,
    standard_from_json,
)
from casereview.standards.model import StandardDef

PENALTY_CHECK_IDS = [
    "penalty.decision_within_90_days",
    "penalty.date_order",
    "penalty.investigation_after_filing",
    "penalty.notice_before_decision",
    "penalty.hearing_right_offered",
    "penalty.hearing_request_period",
    "penalty.hearing_notice_7_days",
    "penalty.hearing_host_not_investigator",
    "penalty.legal_review_before_decision",
    "penalty.collective_discussion_before_decision",
    "penalty.service_within_7_workdays",
    "penalty.two_officers",
    "penalty.officer_certificates_valid",
    "penalty.separation_of_roles",
    "penalty.limitation_period",
    "penalty.fine_collection_separation",
    "penalty.payment_within_15_days",
    "penalty.late_payment_surcharge_cap",
    "penalty.simple_procedure_limits",
    "penalty.simple_procedure_filing_5_days",
    "penalty.preservation_disposal_7_workdays",
    "penalty.publication_7_workdays",
    "docs.required_documents",
]

# The 24 forms of the transport form set plus the other documents a file commonly holds.
KNOWN_DOC_TYPES = set(
    [
        "立案登记表",
        "询问笔录",
        "勘验笔录",
        "现场笔录",
        "抽样取证凭证",
        "证据登记保存清单",
        "解除证据登记保存决定书",
        "行政强制措施决定书",
        "延长行政强制措施期限通知书",
        "解除行政强制措施决定书",
        "违法行为通知书",
        "听证通知书",
        "听证笔录",
        "当场行政处罚决定书",
        "行政处罚决定书",
        "责令改正违法行为通知书",
        "分期（延期）缴纳罚款通知书",
        "执行公告",
        "催告书",
        "行政强制执行决定书",
        "代履行决定书",
        "中止（终结、恢复）行政强制执行通知书",
        "送达回证",
        "结案报告",
        "案卷封面",
        "卷内目录",
        "备考表",
        "当事人身份证明",
        "案件调查报告",
        "案件处理审批表",
        "法制审核意见书",
        "集体讨论记录",
        "陈述申辩笔录",
        "鉴定意见",
        "送达地址确认书",
        "罚没款缴纳凭证",
        "公示材料",
        "行政许可申请书",
        "受理通知书",
        "补正材料通知书",
        "不予受理决定书",
        "现场核查记录",
        "行政许可决定书",
    ]
)

SHIPPED = load_shipped_standards()
BY_ID = {s.id: s for s in SHIPPED}


def test_three_standards_are_shipped() -> None:
    assert {p.name for p in shipped_standard_paths()} >= {
        "gd-transport-penalty-general.yaml",
        "gd-transport-licensing.yaml",
        "gd-transport-coercion.yaml",
    }
    assert set(BY_ID) >= {"gd-transport-penalty-general", "gd-transport-licensing", "gd-transport-coercion"}


@pytest.mark.parametrize("std", SHIPPED, ids=lambda s: s.id)
def test_shipped_standard_points_add_up(std: StandardDef) -> None:
    assert std.total_points == 100
    assert sum(c.contribution for c in std.categories) == pytest.approx(100)
    for category in std.categories:
        if category.veto_tier:
            assert all(i.max_points == 0 and i.veto is not None for i in category.items)
        elif category.max_points is not None:
            # a cap only makes sense if it is reachable
            assert category.items_max >= category.max_points
    assert "模板" in std.template_note and "核实" in std.template_note
    assert std.grade_bands[-1].min_score == 0


@pytest.mark.parametrize("std", SHIPPED, ids=lambda s: s.id)
def test_shipped_standard_items_are_well_described(std: StandardDef) -> None:
    for _, item in std.iter_items():
        assert 2 <= len(item.phrases) <= 4, item.code
        assert item.problem_category in ("立卷", "实体", "程序"), item.code
        unknown = set(item.doc_types) - KNOWN_DOC_TYPES
        assert not unknown, (item.code, unknown)


def test_penalty_standard_shape() -> None:
    std = BY_ID["gd-transport-penalty-general"]
    assert (std.case_type, std.procedure) == (CaseType.PENALTY, Procedure.GENERAL)
    assert [(b.name, b.min_score) for b in std.grade_bands] == [("优秀", 90), ("合格", 60), ("不合格", 0)]
    deduction_items = [i for c, i in std.iter_items() if not c.veto_tier]
    assert len(deduction_items) >= 40
    assert {i.deduction.mode for i in deduction_items} == set(DeductionMode)
    assert {i.veto for _, i in std.iter_items() if i.veto} == set(VetoEffect)
    assert any(c.veto_tier for c in std.categories)
    names = "".join(c.name for c in std.categories)
    for stage in ("立案", "调查取证", "审查决定", "送达执行", "裁量", "立卷归档"):
        assert stage in names
    texts = "".join(i.text for _, i in std.iter_items())
    for topic in ("告知", "陈述", "听证", "法制审核", "集体讨论", "决定书"):
        assert topic in texts
    linked = {cid for _, i in std.iter_items() for cid in i.check_ids}
    assert set(PENALTY_CHECK_IDS) <= linked


def test_licensing_standard_fixes_the_109_point_transcription() -> None:
    std = BY_ID["gd-transport-licensing"]
    assert std.case_type is CaseType.LICENSING and std.na_policy is NAPolicy.RESCALE
    assert "109" in std.source_note and "19" in std.source_note
    linked = {cid for _, i in std.iter_items() for cid in i.check_ids}
    assert linked >= {
        "licensing.supplement_notice_5_workdays",
        "licensing.decision_20_workdays",
        "licensing.licence_delivery_10_workdays",
        "docs.required_documents",
    }


def test_coercion_standard_has_four_grades() -> None:
    std = BY_ID["gd-transport-coercion"]
    assert std.case_type is CaseType.COERCION
    assert [b.name for b in std.grade_bands] == ["优秀", "良好", "合格", "不合格"]
    linked = {cid for _, i in std.iter_items() for cid in i.check_ids}
    assert linked >= {"coercion.seizure_period_30_days", "coercion.two_officers", "docs.required_documents"}


@pytest.mark.parametrize("std", SHIPPED, ids=lambda s: s.id)
def test_canonical_json_and_yaml_round_trip(std: StandardDef) -> None:
    text = canonical_json(std)
    again = standard_from_json(text)
    assert again == std and canonical_json(again) == text
    assert content_hash(again) == content_hash(std)
    assert len(content_hash(std)) == 64
    assert parse_standard(yaml.safe_load(dump_yaml(std)), "dump.yaml") == std


def test_content_hash_changes_with_content_and_ignores_formatting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    std = BY_ID["gd-transport-coercion"]
    original = shipped_standard_paths()[0].read_text(encoding="utf-8")
    # same content, different layout and defaults spelled out → same hash
    data = yaml.safe_load(dump_yaml(std))
    data["floor_at_zero"] = True
    path = tmp_path / "same.yaml"
    path.write_text("# comment\n" + yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert content_hash(load_standard_file(path)) == content_hash(std)
    data["categories"][1]["items"][0]["text"] += "。"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert content_hash(load_standard_file(path)) != content_hash(std)
    assert original  # the shipped file itself is untouched


def test_shipped_standard_lookup() -> None:
    assert shipped_standard("gd-transport-licensing").id == "gd-transport-licensing"
    from casereview.errors import NotFoundError

    with pytest.raises(NotFoundError, match=r"no-such"):
        shipped_standard("no-such")
