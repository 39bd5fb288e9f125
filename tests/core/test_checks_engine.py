"""Rule registry, runner, threshold tables, required-document data, reports, robustness, speed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereview.checks import (
    CaseSnapshot,
    CheckContext,
    CheckOutcome,
    CheckSettings,
    OfficerSnapshot,
    ThresholdTables,
    all_rules,
    format_result_lines,
    results_to_json,
    run_checks,
    summarise,
)
from casereview.checks.documents import parse_required_documents
from casereview.checks.registry import SEVERITIES, get_rule
from casereview.checks.snapshot import DATE_FIELDS, FIELD_LABELS
from casereview.checks.thresholds import parse_threshold_file
from casereview.domain.enums import CaseType, PartyType, Procedure
from casereview.errors import NotFoundError, ValidationError

D = dt.date

REQUIRED_IDS = [
    "penalty.decision_within_90_days", "penalty.date_order", "penalty.investigation_after_filing",
    "penalty.notice_before_decision", "penalty.hearing_right_offered", "penalty.hearing_request_period",
    "penalty.hearing_notice_7_days", "penalty.hearing_host_not_investigator",
    "penalty.legal_review_before_decision", "penalty.collective_discussion_before_decision",
    "penalty.service_within_7_workdays", "penalty.two_officers", "penalty.officer_certificates_valid",
    "penalty.separation_of_roles", "penalty.limitation_period", "penalty.fine_collection_separation",
    "penalty.payment_within_15_days", "penalty.late_payment_surcharge_cap", "penalty.simple_procedure_limits",
    "penalty.simple_procedure_filing_5_days", "penalty.preservation_disposal_7_workdays",
    "coercion.seizure_period_30_days", "coercion.two_officers", "licensing.supplement_notice_5_workdays",
    "licensing.decision_20_workdays", "licensing.licence_delivery_10_workdays", "penalty.publication_7_workdays",
    "docs.required_documents",
]

KINDS = [(CaseType.PENALTY, Procedure.GENERAL), (CaseType.PENALTY, Procedure.SIMPLE),
         (CaseType.LICENSING, Procedure.NONE), (CaseType.COERCION, Procedure.NONE)]


@pytest.fixture(scope="module")
def ctx() -> CheckContext:
    return CheckContext.default()


def test_required_rule_ids_are_registered() -> None:
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 25
    missing = [i for i in REQUIRED_IDS if i not in ids]
    assert not missing


@pytest.mark.parametrize("rule_id", REQUIRED_IDS)
def test_rule_metadata(rule_id: str) -> None:
    r = get_rule(rule_id)
    assert r.title and r.legal_basis and r.description
    assert "《" in r.legal_basis
    assert r.severity in SEVERITIES
    assert r.case_types
    assert r.item_hints
    if r.applies_from and r.applies_to:
        assert r.applies_from <= r.applies_to


def test_separation_of_roles_is_a_policy_rule() -> None:
    r = get_rule("penalty.separation_of_roles")
    assert r.policy and r.severity == "policy"


def test_only_rules_of_the_case_type_run(ctx: CheckContext) -> None:
    licensing = run_checks(CaseSnapshot("L1", CaseType.LICENSING, Procedure.NONE), ctx)
    assert {r.rule_id.split(".")[0] for r in licensing} == {"licensing", "docs"}
    simple = run_checks(CaseSnapshot("S1", CaseType.PENALTY, Procedure.SIMPLE), ctx)
    ids = {r.rule_id for r in simple}
    assert "penalty.simple_procedure_limits" in ids
    assert "penalty.decision_within_90_days" not in ids


def test_policy_rules_can_be_disabled() -> None:
    s = CaseSnapshot("P1")
    on = CheckContext.default()
    off = CheckContext.default(settings=CheckSettings(enabled_policy_rules=frozenset()))
    assert "penalty.separation_of_roles" in {r.rule_id for r in run_checks(s, on)}
    off_ids = {r.rule_id for r in run_checks(s, off)}
    assert "penalty.separation_of_roles" not in off_ids
    assert "penalty.statement_period_respected" not in off_ids
    # an explicit request still runs it
    assert [r.rule_id for r in run_checks(s, off, ["penalty.separation_of_roles"])] == ["penalty.separation_of_roles"]
    disabled = CheckContext.default(settings=CheckSettings(disabled_rules=frozenset({"penalty.date_order"})))
    assert "penalty.date_order" not in {r.rule_id for r in run_checks(s, disabled)}


def test_statement_period_setting_is_used() -> None:
    s = CaseSnapshot("P1", notice_served=D(2024, 3, 4), decision=D(2024, 3, 8),  # Mon -> Fri
                     document_types=frozenset({"行政处罚决定书"}))
    three = run_checks(s, CheckContext.default(), ["penalty.statement_period_respected"])[0]
    five = run_checks(s, CheckContext.default(settings=CheckSettings(statement_period_workdays=5)),
                      ["penalty.statement_period_respected"])[0]
    assert three.outcome is CheckOutcome.PASS
    assert five.outcome is CheckOutcome.FAIL


def test_unknown_rule_id(ctx: CheckContext) -> None:
    with pytest.raises(NotFoundError, match="未知的检查规则"):
        run_checks(CaseSnapshot("P1"), ctx, ["penalty.nope"])


@pytest.mark.parametrize(("case_type", "procedure"), KINDS)
def test_empty_snapshot_never_crashes(ctx: CheckContext, case_type: CaseType, procedure: Procedure) -> None:
    results = run_checks(CaseSnapshot("E1", case_type, procedure), ctx)
    assert results
    for r in results:
        assert r.outcome in (CheckOutcome.NOT_APPLICABLE, CheckOutcome.INSUFFICIENT_DATA), r
        assert "检查执行出错" not in r.explanation


def test_insufficient_data_names_the_field(ctx: CheckContext) -> None:
    s = CaseSnapshot("E1", filing=D(2024, 3, 1))
    r = run_checks(s, ctx, ["penalty.decision_within_90_days"])[0]
    assert r.outcome is CheckOutcome.INSUFFICIENT_DATA
    assert "处罚决定日期" in r.explanation and "decision" not in r.explanation


def test_every_date_field_has_a_label() -> None:
    assert len(DATE_FIELDS) >= 30
    assert all(name in FIELD_LABELS for name in DATE_FIELDS)


_dates = st.one_of(st.none(), st.dates(min_value=D(1995, 1, 1), max_value=D(2035, 12, 31)))
_amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**7, places=2))


@st.composite
def snapshots(draw: st.DrawFn) -> CaseSnapshot:
    case_type, procedure = draw(st.sampled_from(KINDS))
    values: dict[str, Any] = {name: draw(_dates) for name in DATE_FIELDS}
    officers = tuple(
        OfficerSnapshot(draw(st.sampled_from(["张三", "李四", "王五"])), draw(st.one_of(st.none(), st.just("C1"))),
                        draw(_dates), draw(_dates),
                        draw(st.sampled_from(["investigator", "legal_reviewer", "approver", "hearing_host"])))
        for _ in range(draw(st.integers(0, 4)))
    )
    return CaseSnapshot(
        "H1", case_type, procedure,
        province=draw(st.sampled_from(["", "广东", "江西", "浙江"])),
        domain=draw(st.sampled_from(["transport", "maritime", "general", "fishery"])),
        party_type=draw(st.sampled_from(list(PartyType))),
        fine_amount=draw(_amounts), confiscation_value=draw(_amounts), surcharge_amount=draw(_amounts),
        penalty_types=tuple(draw(st.lists(st.sampled_from(["警告", "罚款", "吊销许可证件", "没收违法所得",
                                                          "通报批评", "降低资质等级"]), max_size=3))),
        legal_review_required=draw(st.booleans()), collective_discussion_required=draw(st.booleans()),
        hearing_waived=draw(st.booleans()), notice_waived=draw(st.booleans()),
        coercive_measure=draw(st.booleans()), preservation=draw(st.booleans()),
        continuing_violation=draw(st.booleans()), harm_to_life_health=draw(st.booleans()),
        licence_granted=draw(st.one_of(st.none(), st.booleans())),
        extension_days=draw(st.integers(0, 60)), seizure_extension_days=draw(st.integers(0, 40)),
        licensing_extension_workdays=draw(st.integers(0, 15)),
        payment_method=draw(st.sampled_from([None, "bank", "e-payment", "on_the_spot", "cash"])),
        service_method=draw(st.sampled_from([None, "on_the_spot", "post"])),
        officers=officers,
        document_types=frozenset(draw(st.lists(st.sampled_from(
            ["立案登记表", "询问笔录", "违法行为通知书", "行政处罚决定书", "送达回证", "听证通知书", "罚没票据"]),
            max_size=5))),
        **values,
    )


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(snapshots())
def test_random_snapshots_never_crash(ctx: CheckContext, s: CaseSnapshot) -> None:
    for r in run_checks(s, ctx):
        assert "检查执行出错" not in r.explanation, (r.rule_id, r.explanation)
        assert r.explanation


# --- thresholds -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "value", "key"),
    [
        (("hearing_large_amount", "江西", "transport", PartyType.INDIVIDUAL, D(2024, 1, 1)), Decimal(3000),
         "江西/通用/自然人"),
        (("hearing_large_amount", "广东", "transport", PartyType.ORGANISATION, D(2024, 1, 1)), None,
         "广东/交通运输/法人或其他组织"),
        (("hearing_large_amount", "广东", "fishery", PartyType.ORGANISATION, D(2024, 1, 1)), Decimal(100000),
         "广东/渔业/法人或其他组织"),
        (("hearing_large_amount", "浙江", "maritime", "individual", D(2024, 1, 1)), Decimal(10000),
         "全国/海事/自然人"),
        (("simple_procedure_limits", "浙江", "transport", PartyType.INDIVIDUAL, D(2021, 7, 14)), Decimal(50),
         "全国/全部领域/自然人"),
        (("simple_procedure_limits", "浙江", "transport", PartyType.INDIVIDUAL, D(2021, 7, 15)), Decimal(200),
         "全国/全部领域/自然人"),
        (("on_the_spot_collection_limit", "", "general", PartyType.UNKNOWN, D(2021, 7, 15)), Decimal(100),
         "全国/全部领域/不区分当事人"),
        (("simple_filing_days", "", "transport", "*", D(2024, 1, 1)), Decimal(5), "全国/交通运输/不区分当事人"),
    ],
)
def test_threshold_lookup(args: tuple[Any, ...], value: Decimal | None, key: str) -> None:
    entry = ThresholdTables.load().lookup(*args)
    assert entry is not None
    assert entry.value == value
    assert entry.describe_key() == key
    assert entry.source


def test_threshold_lookup_without_entry() -> None:
    tables = ThresholdTables.load()
    assert tables.lookup("hearing_large_amount", "浙江", "transport", PartyType.INDIVIDUAL, D(2024, 1, 1)) is None
    assert tables.lookup("no_such_table", "浙江", "transport", PartyType.INDIVIDUAL, D(2024, 1, 1)) is None


def test_threshold_extra_file_fills_open_value(tmp_path: Path) -> None:
    extra = tmp_path / "gd.yaml"
    extra.write_text(
        "kind: threshold_table\ntable: hearing_large_amount\nentries:\n"
        "  - {province: 广东, domain: transport, party_type: individual, value: 10000, comparison: '>=',\n"
        "     effective_from: 2021-07-15, source: 测试数据}\n", encoding="utf-8")
    entry = ThresholdTables.load([extra]).lookup("hearing_large_amount", "广东", "transport",
                                                 PartyType.INDIVIDUAL, D(2024, 1, 1))
    assert entry is not None and entry.value == Decimal(10000) and entry.source == "测试数据"
    ctx = CheckContext.default(threshold_extra=[extra])
    s = CaseSnapshot("G1", province="广东", domain="transport", party_type=PartyType.INDIVIDUAL,
                     fine_amount=Decimal(10000), penalty_types=("罚款",), notice=D(2024, 3, 1),
                     document_types=frozenset({"行政处罚决定书"}))
    assert run_checks(s, ctx, ["penalty.hearing_right_offered"])[0].outcome is CheckOutcome.FAIL


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("kind: threshold_table\nentries: []\n", "缺少 table"),
        ("kind: threshold_table\ntable: t\nentries:\n  - {value: abc}\n", "数值“abc”无效"),
        ("kind: threshold_table\ntable: t\nentries:\n  - {value: 1, comparison: '=='}\n", "comparison"),
        ("kind: threshold_table\ntable: t\nentries:\n  - {value: 1, party_type: 个人}\n", "当事人类型"),
        ("kind: threshold_table\ntable: t\nentries:\n  - {value: 1, effective_from: 2024-13-01}\n", "日期"),
    ],
)
def test_bad_threshold_file(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad_thresholds.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        parse_threshold_file(path)
    assert fragment in str(info.value) and "bad_thresholds.yaml" in str(info.value)


def test_bad_required_documents_trigger(tmp_path: Path) -> None:
    path = tmp_path / "docs.yaml"
    path.write_text("kind: required_documents\nsets:\n  - {id: x, case_types: [penalty], when: [sometimes],\n"
                    "     documents: [{name: 立案登记表}]}\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="触发条件无效：sometimes"):
        parse_required_documents(path)


def test_bundled_data_files_parse() -> None:
    tables = ThresholdTables.load()
    assert {"hearing_large_amount", "simple_procedure_limits", "on_the_spot_collection_limit",
            "simple_filing_days"} <= set(tables.tables())
    assert CheckContext.default().document_sets().sets


# --- reports ------------------------------------------------------------------------------------------------
def _demo() -> CaseSnapshot:
    return CaseSnapshot(
        "粤交执罚〔2024〕1号", province="江西", domain="transport", party_type=PartyType.INDIVIDUAL,
        fine_amount=Decimal(500), penalty_types=("罚款",), filing=D(2024, 1, 2), investigation_start=D(2024, 1, 3),
        notice=D(2024, 1, 20), decision=D(2024, 1, 30), service=D(2024, 2, 19),
        officers=(OfficerSnapshot("张三", "C1", D(2020, 1, 1), D(2030, 1, 1)),
                  OfficerSnapshot("李四", "C2", D(2020, 1, 1), D(2030, 1, 1))),
    )


def test_format_result_lines(ctx: CheckContext) -> None:
    lines = format_result_lines(run_checks(_demo(), ctx))
    service = next(i for i, line in enumerate(lines) if "penalty.service_within_7_workdays" in line)
    assert lines[service].startswith("✗ [不符合]")
    assert lines[service + 1].startswith("    依据：《中华人民共和国行政处罚法》第六十一条")
    assert "间隔 11 个工作日" in lines[service + 2]
    short = format_result_lines(run_checks(_demo(), ctx), include_not_applicable=False)
    assert not any("[不适用]" in line for line in short)


def test_results_to_json(ctx: CheckContext) -> None:
    data = results_to_json(run_checks(_demo(), ctx))
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    row = next(d for d in data if d["rule_id"] == "penalty.service_within_7_workdays")
    assert row["outcome"] == "fail" and row["outcome_label"] == "不符合"
    assert set(row) >= {"rule_id", "title", "outcome", "legal_basis", "explanation", "uncertain", "severity"}


def test_summarise(ctx: CheckContext) -> None:
    late = _demo()
    on_time = dataclasses.replace(late, service=D(2024, 2, 1))
    uncertain = dataclasses.replace(late, decision=D(2031, 3, 3), service=D(2031, 3, 20), filing=D(2031, 1, 2),
                                    notice=D(2031, 1, 20), investigation_start=D(2031, 1, 3))
    summary = summarise([run_checks(s, ctx) for s in (late, on_time, uncertain)])
    row = summary["penalty.service_within_7_workdays"]
    assert row["cases"] == 3 and row["fail"] == 2 and row["pass"] == 1 and row["uncertain"] == 1
    assert row["title"]


def test_uncertain_result_names_year(ctx: CheckContext) -> None:
    s = dataclasses.replace(_demo(), decision=D(2031, 3, 3), service=D(2031, 3, 10))
    r = run_checks(s, ctx, ["penalty.service_within_7_workdays"])[0]
    assert r.uncertain and "2031 年" in r.uncertain_note
    lines = format_result_lines([r])
    assert any(line.startswith("    待核实：2031") for line in lines)


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_performance_all_rules(ctx: CheckContext) -> None:
    base = _demo()
    snaps = [dataclasses.replace(base, case_no=str(i), decision=base.decision + dt.timedelta(days=i % 400),
                                 service=base.service + dt.timedelta(days=i % 400)) for i in range(2000)]
    start = time.process_time()
    for s in snaps:
        run_checks(s, ctx)
    elapsed = time.process_time() - start
    # ~0.25 s on a 2-core CI machine; generous bound so a loaded machine does not flake
    assert elapsed < 2.0, elapsed
