"""Table-driven boundary tests for every statutory pre-check rule.

Expected working-day counts are worked out by hand from the State Council schedules
(e.g. 2024 春节: 2-10…2-17 off, 2-4 and 2-18 worked; 2023 国庆/中秋: 9-29…10-6 off,
10-7 and 10-8 worked; 2025 国庆/中秋: 10-1…10-8 off, 9-28 and 10-11 worked).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from casereview.checks import (
    CaseSnapshot,
    CheckContext,
    CheckOutcome,
    CheckResult,
    OfficerSnapshot,
    run_checks,
)
from casereview.domain.enums import CaseType, PartyType, Procedure

D = dt.date
PASS, FAIL = CheckOutcome.PASS, CheckOutcome.FAIL
NA, INSUF = CheckOutcome.NOT_APPLICABLE, CheckOutcome.INSUFFICIENT_DATA


@pytest.fixture(scope="module")
def ctx() -> CheckContext:
    return CheckContext.default()


def snap(**kw: Any) -> CaseSnapshot:
    base: dict[str, Any] = {"case_no": "测试〔2024〕1号", "province": "江西", "domain": "transport",
                            "party_type": PartyType.INDIVIDUAL}
    base.update(kw)
    return CaseSnapshot(**base)


def check(ctx: CheckContext, rule_id: str, s: CaseSnapshot) -> CheckResult:
    results = run_checks(s, ctx, [rule_id])
    assert len(results) == 1, results
    result = results[0]
    assert "检查执行出错" not in result.explanation
    assert result.explanation
    return result


# A recorded document list that holds none of the documents a rule looks for.
FILE = frozenset({"立案登记表", "行政处罚决定书"})


def officer(name: str, role: str = "investigator", cert: str | None = "CERT", valid_from: dt.date | None = D(2020, 1, 1),
            valid_to: dt.date | None = D(2030, 1, 1)) -> OfficerSnapshot:
    return OfficerSnapshot(name, cert and f"{cert}-{name}", valid_from, valid_to, role)


# --- penalty.service_within_7_workdays ---------------------------------------------------
@pytest.mark.parametrize(
    ("decision", "service", "outcome", "count_text"),
    [
        # 春节 2024, make-up Sunday 2-18 counts: 2-9, 2-18, 2-19 … 2-23 = 7
        (D(2024, 2, 8), D(2024, 2, 23), PASS, "间隔 7 个工作日"),
        (D(2024, 2, 8), D(2024, 2, 24), PASS, "间隔 7 个工作日"),  # Saturday adds nothing
        (D(2024, 2, 8), D(2024, 2, 26), FAIL, "间隔 8 个工作日"),
        (D(2024, 1, 30), D(2024, 2, 19), FAIL, "间隔 11 个工作日"),
        # 国庆 2023, make-up Saturday 10-7 and Sunday 10-8 count
        (D(2023, 9, 27), D(2023, 10, 12), PASS, "间隔 7 个工作日"),
        (D(2023, 9, 27), D(2023, 10, 13), FAIL, "间隔 8 个工作日"),
        # 国庆 2025, make-up Sunday 9-28 and Saturday 10-11
        (D(2025, 9, 26), D(2025, 10, 13), PASS, "间隔 7 个工作日"),
        (D(2025, 9, 26), D(2025, 10, 14), FAIL, "间隔 8 个工作日"),
        # before 2021-07-15: 7 calendar days, last day on a holiday rolls over
        (D(2021, 7, 1), D(2021, 7, 8), PASS, "自然日"),
        (D(2021, 7, 1), D(2021, 7, 9), FAIL, "自然日"),
        (D(2020, 9, 24), D(2020, 10, 9), PASS, "顺延至 2020-10-09"),
        (D(2020, 9, 24), D(2020, 10, 10), FAIL, "顺延至 2020-10-09"),
        # served when decided (on the spot)
        (D(2024, 2, 8), D(2024, 2, 8), PASS, "当场交付"),
    ],
)
def test_service_within_7_workdays(ctx: CheckContext, decision: dt.date, service: dt.date,
                                   outcome: CheckOutcome, count_text: str) -> None:
    r = check(ctx, "penalty.service_within_7_workdays", snap(decision=decision, service=service))
    assert r.outcome is outcome, r.explanation
    assert count_text in r.explanation
    assert not r.uncertain


def test_service_explanation_names_holidays(ctx: CheckContext) -> None:
    r = check(ctx, "penalty.service_within_7_workdays", snap(decision=D(2024, 1, 30), service=D(2024, 2, 19)))
    assert r.explanation == ("决定日期 2024-01-30，送达日期 2024-02-19，间隔 11 个工作日（春节假期 2 月 10 日至 17 日不计，"
                             "2 月 4 日、18 日调休上班计入），超过 7 个工作日。")
    assert "第六十一条" in r.legal_basis


def test_service_law_version_by_decision_date(ctx: CheckContext) -> None:
    old = check(ctx, "penalty.service_within_7_workdays", snap(decision=D(2021, 7, 14), service=D(2021, 7, 21)))
    new = check(ctx, "penalty.service_within_7_workdays", snap(decision=D(2021, 7, 15), service=D(2021, 7, 26)))
    assert old.outcome is PASS and "2017 年修正" in old.legal_basis and "第四十条" in old.legal_basis
    assert new.outcome is PASS and "第六十一条" in new.legal_basis and "7 个工作日" in new.explanation


@pytest.mark.parametrize(
    ("decision", "service", "years"),
    [
        (D(2031, 3, 3), D(2031, 3, 10), "2031"),
        (D(2026, 12, 28), D(2027, 1, 5), "2027"),
    ],
)
def test_service_uncovered_year_is_uncertain(ctx: CheckContext, decision: dt.date, service: dt.date,
                                             years: str) -> None:
    r = check(ctx, "penalty.service_within_7_workdays", snap(decision=decision, service=service))
    assert r.outcome is PASS
    assert r.uncertain
    assert years in r.uncertain_note and years in r.explanation


@pytest.mark.parametrize("missing", [{"decision": None, "service": D(2024, 3, 1)},
                                     {"decision": D(2024, 3, 1), "service": None}])
def test_service_missing_dates(ctx: CheckContext, missing: dict[str, Any]) -> None:
    r = check(ctx, "penalty.service_within_7_workdays", snap(**missing))
    assert r.outcome is INSUF
    name = next(k for k, v in missing.items() if v is None)
    from casereview.checks.snapshot import FIELD_LABELS

    assert FIELD_LABELS[name] in r.explanation and name not in r.explanation  # words, not keys


# --- penalty.decision_within_90_days -----------------------------------------------------
@pytest.mark.parametrize(
    ("filing", "decision", "extension", "outcome"),
    [
        (D(2024, 3, 1), D(2024, 5, 29), 0, PASS),  # 89 days
        (D(2024, 3, 1), D(2024, 5, 30), 0, PASS),  # 90 days
        (D(2024, 3, 1), D(2024, 5, 31), 0, FAIL),  # 91 days
        (D(2024, 3, 1), D(2024, 6, 28), 30, PASS),  # 119 days with 30 approved
        (D(2024, 3, 1), D(2024, 7, 1), 30, PASS),  # day 120 = Sat 6-29, rolls over to Mon 7-1
        (D(2024, 3, 1), D(2024, 7, 2), 30, FAIL),
        (D(2024, 7, 3), D(2024, 10, 8), 0, PASS),  # day 90 = 10-1 (国庆), rolls over to 10-8
        (D(2024, 7, 3), D(2024, 10, 9), 0, FAIL),
        (D(2021, 7, 14), D(2022, 7, 1), 0, NA),  # filed before the 2021 law
        (D(2021, 7, 15), D(2021, 10, 13), 0, PASS),
        (D(2021, 7, 15), D(2021, 10, 14), 0, FAIL),
    ],
)
def test_decision_within_90_days(ctx: CheckContext, filing: dt.date, decision: dt.date, extension: int,
                                 outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.decision_within_90_days", snap(filing=filing, decision=decision, extension_days=extension))
    assert r.outcome is outcome, r.explanation
    if outcome is not NA:
        assert f"相隔 {(decision - filing).days} 日" in r.explanation


def test_decision_within_90_days_missing(ctx: CheckContext) -> None:
    r = check(ctx, "penalty.decision_within_90_days", snap(filing=D(2024, 3, 1)))
    assert r.outcome is INSUF and "处罚决定日期" in r.explanation


# --- penalty.date_order / investigation_after_filing / notice_before_decision ---------------
GOOD_DATES = {"filing": D(2024, 3, 1), "investigation_start": D(2024, 3, 2), "notice": D(2024, 3, 20),
              "decision": D(2024, 4, 1), "service": D(2024, 4, 2), "closing": D(2024, 5, 1)}


@pytest.mark.parametrize(
    ("changes", "outcome", "fragment"),
    [
        ({}, PASS, "日期顺序正确"),
        ({"notice": D(2024, 4, 1)}, FAIL, "不早于处罚决定日期"),
        ({"service": D(2024, 3, 31)}, FAIL, "晚于决定书送达日期"),
        ({"investigation_start": D(2024, 2, 28)}, FAIL, "立案日期 2024-03-01 晚于调查取证开始日期"),
        ({"closing": None, "service": None, "notice": None}, PASS, "未录入"),
        ({"filing": None, "investigation_start": None, "notice": None, "service": None, "closing": None}, INSUF,
         "不足两个"),
    ],
)
def test_date_order(ctx: CheckContext, changes: dict[str, Any], outcome: CheckOutcome, fragment: str) -> None:
    r = check(ctx, "penalty.date_order", snap(**{**GOOD_DATES, **changes}))
    assert r.outcome is outcome, r.explanation
    assert fragment in r.explanation


@pytest.mark.parametrize(
    ("filing", "investigation", "outcome"),
    [(D(2024, 3, 1), D(2024, 3, 1), PASS), (D(2024, 3, 1), D(2024, 2, 29), FAIL), (None, D(2024, 3, 1), INSUF)],
)
def test_investigation_after_filing(ctx: CheckContext, filing: dt.date | None, investigation: dt.date,
                                    outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.investigation_after_filing", snap(filing=filing, investigation_start=investigation))
    assert r.outcome is outcome


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"notice": D(2024, 3, 20), "decision": D(2024, 3, 21)}, PASS),
        ({"notice": D(2024, 3, 21), "decision": D(2024, 3, 21)}, FAIL),
        ({"notice": D(2024, 3, 20), "notice_served": D(2024, 3, 21), "decision": D(2024, 3, 21)}, FAIL),
        ({"decision": D(2024, 3, 21), "notice_waived": True}, PASS),
        ({"decision": D(2024, 3, 21), "document_types": frozenset({"行政处罚决定书"})}, FAIL),
        ({"decision": D(2024, 3, 21), "document_types": frozenset({"违法行为通知书"})}, INSUF),
        ({"decision": D(2024, 3, 21)}, INSUF),
        ({"notice": D(2024, 3, 20)}, INSUF),
    ],
)
def test_notice_before_decision(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.notice_before_decision", snap(**kw))
    assert r.outcome is outcome, r.explanation


def test_notice_before_decision_old_law_basis(ctx: CheckContext) -> None:
    r = check(ctx, "penalty.notice_before_decision", snap(notice=D(2020, 3, 2), decision=D(2020, 3, 20)))
    assert r.outcome is PASS and "第四十一条" in r.legal_basis


# --- statement period (policy) -------------------------------------------------------------
@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"notice_served": D(2024, 2, 8), "decision": D(2024, 2, 19), "document_types": FILE}, FAIL),  # day 3
        # No statement date and no document list: the party may have made a statement; ask.
        ({"notice_served": D(2024, 2, 8), "decision": D(2024, 2, 19)}, INSUF),
        ({"notice_served": D(2024, 2, 8), "decision": D(2024, 2, 20)}, PASS),
        ({"notice_served": D(2024, 2, 8), "decision": D(2024, 2, 19), "defence_received": D(2024, 2, 9)}, PASS),
        ({"notice_waived": True}, NA),
    ],
)
def test_statement_period(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.statement_period_respected", snap(**kw))
    assert r.outcome is outcome, r.explanation
    assert r.policy


# --- hearing ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kw", "outcome", "fragment"),
    [
        # 江西 general standard: individual >= 3,000 yuan
        ({"fine_amount": Decimal(3000), "penalty_types": ("罚款",)}, FAIL, "达到"),
        ({"fine_amount": Decimal(2999), "penalty_types": ("罚款",)}, NA, "未达到"),
        ({"fine_amount": Decimal(3000), "penalty_types": ("罚款",), "hearing_waived": True}, PASS, "放弃听证"),
        ({"fine_amount": Decimal(3000), "penalty_types": ("罚款",), "hearing_requested": D(2024, 3, 22)}, PASS,
         "申请听证日期"),
        ({"party_type": PartyType.ORGANISATION, "fine_amount": Decimal(19999), "penalty_types": ("罚款",)}, NA,
         "20,000"),
        # 广东 transport: the value is left open in the table -> insufficient data naming the entry
        ({"province": "广东", "fine_amount": Decimal(50000), "penalty_types": ("罚款",)}, INSUF,
         "标准 广东/交通运输/自然人 尚未填写数额"),
        # no entry at all for 浙江 transport
        ({"province": "浙江", "fine_amount": Decimal(50000), "penalty_types": ("罚款",)}, INSUF, "没有 浙江"),
        # revocation needs no threshold, even in 广东
        ({"province": "广东", "penalty_types": ("吊销许可证件",)}, FAIL, "拟给予吊销许可证件"),
        ({"province": "广东", "penalty_types": ("吊销许可证件",), "document_types": frozenset({"听证通知书"})}, PASS,
         "听证通知书"),
        # maritime is national: organisation >= 100,000
        ({"province": "浙江", "domain": "maritime", "party_type": PartyType.ORGANISATION,
          "fine_amount": Decimal(100000), "penalty_types": ("罚款",)}, FAIL, "100,000"),
        ({"penalty_types": ("罚款",)}, INSUF, "罚款金额"),
        ({"party_type": PartyType.UNKNOWN, "fine_amount": Decimal(5000), "penalty_types": ("罚款",)}, INSUF,
         "当事人类型"),
        # Nothing about a hearing and no document list: a gap, not a missing hearing.
        ({"fine_amount": Decimal(3000), "penalty_types": ("罚款",), "document_types": frozenset()}, INSUF,
         "请查看违法行为通知书"),
        ({"penalty_types": ("警告",)}, NA, "无罚款或没收"),
    ],
)
def test_hearing_right_offered(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome, fragment: str) -> None:
    s = snap(**{"notice": D(2024, 3, 20), "decision": D(2024, 4, 1), "document_types": FILE, **kw})
    r = check(ctx, "penalty.hearing_right_offered", s)
    assert r.outcome is outcome, r.explanation
    assert fragment in r.explanation


def test_hearing_right_law_version(ctx: CheckContext) -> None:
    # 降低资质等级 carries the hearing right only under the 2021 law
    new = check(ctx, "penalty.hearing_right_offered",
                snap(notice=D(2021, 7, 15), penalty_types=("降低资质等级",), document_types=FILE))
    old = check(ctx, "penalty.hearing_right_offered",
                snap(notice=D(2021, 7, 14), penalty_types=("降低资质等级",)))
    assert new.outcome is FAIL
    assert old.outcome is NA and "第四十二条" in old.legal_basis


REVOKE = {"province": "广东", "penalty_types": ("吊销许可证件",)}


@pytest.mark.parametrize(
    ("kw", "outcome", "fragment"),
    [
        # 2021 law: 5 working days after service of the notice; 2-7 -> 2-8, 2-9, 2-18, 2-19, 2-20
        ({"notice_served": D(2024, 2, 7), "decision": D(2024, 2, 20)}, FAIL, "截止 2024-02-20"),
        ({"notice_served": D(2024, 2, 7), "decision": D(2024, 2, 21)}, PASS, "期限届满后"),
        ({"notice_served": D(2024, 2, 7), "hearing_requested": D(2024, 2, 20), "hearing_held": D(2024, 3, 5)},
         PASS, "在期限内申请听证，已组织听证"),
        ({"notice_served": D(2024, 2, 7), "hearing_requested": D(2024, 2, 20), "document_types": FILE}, FAIL,
         "未见听证通知"),
        ({"notice_served": D(2024, 2, 7), "hearing_requested": D(2024, 2, 20)}, INSUF, "请查看案卷中的听证通知书"),
        ({"notice_served": D(2024, 2, 7), "hearing_requested": D(2024, 2, 21)}, PASS, "已超过申请期限"),
        ({"notice_served": D(2024, 2, 7), "hearing_waived": True, "decision": D(2024, 2, 8)}, PASS, "放弃听证"),
        # before 2021-07-15: 3 days; 7-1 + 3 = Sunday 7-4 -> rolls over to Monday 7-5
        ({"notice_served": D(2021, 7, 1), "decision": D(2021, 7, 5)}, FAIL, "3 日"),
        ({"notice_served": D(2021, 7, 1), "decision": D(2021, 7, 6)}, PASS, "顺延至 2021-07-05"),
        ({"notice_served": D(2021, 7, 14), "decision": D(2021, 7, 20)}, PASS, "3 日"),  # 7-17 Sat -> 7-19
        ({"notice_served": D(2021, 7, 15), "decision": D(2021, 7, 22)}, FAIL, "5 个工作日"),  # until 7-22
        ({"decision": D(2024, 2, 21)}, INSUF, "告知送达日期"),
    ],
)
def test_hearing_request_period(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome, fragment: str) -> None:
    r = check(ctx, "penalty.hearing_request_period", snap(**{**REVOKE, **kw}))
    assert r.outcome is outcome, r.explanation
    assert fragment in r.explanation


def test_hearing_request_period_not_eligible(ctx: CheckContext) -> None:
    s = snap(notice_served=D(2024, 2, 7), decision=D(2024, 2, 8), penalty_types=("警告",))
    assert check(ctx, "penalty.hearing_request_period", s).outcome is NA


@pytest.mark.parametrize(
    ("notified", "held", "outcome"),
    [
        (D(2024, 9, 30), D(2024, 10, 15), PASS),  # 10-8 … 10-15 incl. make-up Saturday 10-12 = 7
        (D(2024, 10, 7), D(2024, 10, 15), PASS),  # notified on a holiday: still 7
        (D(2024, 10, 8), D(2024, 10, 15), FAIL),  # 6
        (D(2021, 7, 3), D(2021, 7, 10), PASS),  # old law: 7 calendar days
        (D(2021, 7, 4), D(2021, 7, 10), FAIL),
        (None, D(2024, 10, 15), INSUF),
        (None, None, NA),
    ],
)
def test_hearing_notice_7_days(ctx: CheckContext, notified: dt.date | None, held: dt.date | None,
                               outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.hearing_notice_7_days", snap(hearing_notified=notified, hearing_held=held))
    assert r.outcome is outcome, r.explanation


@pytest.mark.parametrize(
    ("officers", "held", "outcome"),
    [
        ((officer("张三"), officer("李四"), officer("王五", "hearing_host")), D(2024, 5, 1), PASS),
        ((officer("张三"), officer("李四"), officer("张 三", "hearing_host")), D(2024, 5, 1), FAIL),
        ((officer("张三"), officer("李四")), D(2024, 5, 1), INSUF),
        ((officer("王五", "hearing_host"),), D(2024, 5, 1), INSUF),
        ((officer("张三"),), None, NA),
    ],
)
def test_hearing_host_not_investigator(ctx: CheckContext, officers: tuple[OfficerSnapshot, ...],
                                       held: dt.date | None, outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.hearing_host_not_investigator", snap(officers=officers, hearing_held=held))
    assert r.outcome is outcome, r.explanation


# --- legal review, collective discussion -------------------------------------------------------
@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"legal_review_required": True, "legal_review": D(2024, 3, 30), "decision": D(2024, 4, 1)}, PASS),
        ({"legal_review_required": True, "legal_review": D(2024, 4, 1), "decision": D(2024, 4, 1)}, PASS),
        ({"legal_review_required": True, "legal_review": D(2024, 4, 2), "decision": D(2024, 4, 1)}, FAIL),
        ({"hearing_held": D(2024, 3, 25), "decision": D(2024, 4, 1),
          "document_types": frozenset({"行政处罚决定书"})}, FAIL),
        ({"legal_review_required": True, "decision": D(2024, 4, 1),
          "document_types": frozenset({"法制审核意见"})}, INSUF),
        ({"legal_review_required": True, "decision": D(2024, 4, 1)}, INSUF),
        ({"decision": D(2024, 4, 1)}, NA),
        ({"legal_review_required": True, "decision": D(2021, 7, 14)}, NA),  # before Art. 58 existed
    ],
)
def test_legal_review_before_decision(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.legal_review_before_decision", snap(**kw))
    assert r.outcome is outcome, r.explanation


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"collective_discussion_required": True, "collective_discussion": D(2024, 3, 30),
          "decision": D(2024, 4, 1)}, PASS),
        ({"collective_discussion_required": True, "collective_discussion": D(2024, 4, 2),
          "decision": D(2024, 4, 1)}, FAIL),
        ({"collective_discussion_required": True, "decision": D(2024, 4, 1),
          "document_types": frozenset({"行政处罚决定书"})}, FAIL),
        ({"collective_discussion_required": True}, INSUF),
        ({"decision": D(2024, 4, 1)}, NA),
    ],
)
def test_collective_discussion(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.collective_discussion_before_decision", snap(**kw))
    assert r.outcome is outcome, r.explanation


def test_collective_discussion_old_law_basis(ctx: CheckContext) -> None:
    r = check(ctx, "penalty.collective_discussion_before_decision",
              snap(collective_discussion_required=True, collective_discussion=D(2019, 3, 1), decision=D(2019, 3, 2)))
    assert r.outcome is PASS and "第三十八条第二款" in r.legal_basis


# --- officers --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("officers", "outcome"),
    [
        ((officer("张三"), officer("李四")), PASS),
        ((officer("张三"), officer("张三")), FAIL),
        ((officer("张三"), officer("李四", "approver")), FAIL),
        ((), INSUF),
    ],
)
def test_two_officers(ctx: CheckContext, officers: tuple[OfficerSnapshot, ...], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.two_officers", snap(officers=officers, filing=D(2024, 3, 1)))
    assert r.outcome is outcome, r.explanation


@pytest.mark.parametrize(
    ("officers", "outcome", "fragment"),
    [
        ((officer("张三"), officer("李四")), PASS, "均有效"),
        ((officer("张三"), officer("李四", valid_to=D(2024, 3, 20))), PASS, "均有效"),  # valid through the notice day
        ((officer("张三"), officer("李四", valid_to=D(2024, 3, 19))), FAIL, "告知 2024-03-20"),
        ((officer("张三"), officer("李四", valid_from=D(2024, 3, 3))), FAIL, "调查开始 2024-03-02"),
        # An unrecorded certificate number is a gap in the data: ask (and say where to look), never 不符合.
        ((officer("张三"), officer("李四", cert=None)), INSUF, "请查看案卷中的执法证件复印件"),
        ((officer("张三"), officer("李四", valid_from=None, valid_to=None)), INSUF, "未录入证件有效期"),
        ((officer("王五", "approver"),), INSUF, "补录承办的执法人员"),
    ],
)
def test_officer_certificates_valid(ctx: CheckContext, officers: tuple[OfficerSnapshot, ...],
                                    outcome: CheckOutcome, fragment: str) -> None:
    s = snap(officers=officers, filing=D(2024, 3, 1), investigation_start=D(2024, 3, 2), notice=D(2024, 3, 20))
    r = check(ctx, "penalty.officer_certificates_valid", s)
    assert r.outcome is outcome, r.explanation
    assert fragment in r.explanation


@pytest.mark.parametrize(
    ("officers", "outcome"),
    [
        ((officer("张三"), officer("李四"), officer("王五", "legal_reviewer"), officer("赵六", "approver")), PASS),
        ((officer("张三"), officer("李四"), officer("张三", "legal_reviewer")), FAIL),
        ((officer("张三"), officer("王五", "legal_reviewer"), officer("王五", "approver")), FAIL),
        ((officer("张三"), officer("李四")), INSUF),
    ],
)
def test_separation_of_roles(ctx: CheckContext, officers: tuple[OfficerSnapshot, ...], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.separation_of_roles", snap(officers=officers))
    assert r.outcome is outcome, r.explanation
    assert r.policy and r.severity == "policy"


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"coercive_measure": True, "officers": (officer("张三"), officer("李四"))}, PASS),
        ({"coercive_measure": True, "officers": (officer("张三"),)}, FAIL),
        ({"coercive_measure": True}, INSUF),
        ({"officers": (officer("张三"),)}, NA),
    ],
)
def test_coercion_two_officers(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "coercion.two_officers", snap(seizure_start=D(2024, 3, 4) if kw.get("coercive_measure") else None,
                                                 **kw))
    assert r.outcome is outcome, r.explanation


# --- limitation period -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"violation_start": D(2022, 3, 1), "discovery": D(2024, 3, 1)}, PASS),  # exactly 2 years
        ({"violation_start": D(2022, 3, 1), "discovery": D(2024, 3, 2)}, FAIL),
        ({"violation_start": D(2022, 3, 1), "discovery": D(2024, 3, 2), "harm_to_life_health": True}, PASS),
        ({"violation_start": D(2022, 3, 1), "discovery": D(2027, 3, 2), "harm_to_life_health": True}, FAIL),
        # 5 years only under the 2021 law
        ({"violation_start": D(2019, 1, 10), "discovery": D(2021, 1, 11), "harm_to_life_health": True}, FAIL),
        ({"violation_start": D(2020, 1, 1), "violation_end": D(2023, 1, 1), "continuing_violation": True,
          "discovery": D(2024, 6, 1)}, PASS),
        ({"violation_start": D(2020, 1, 1), "continuing_violation": True, "discovery": D(2024, 6, 1)}, INSUF),
        ({"violation_start": D(2022, 3, 1), "filing": D(2023, 3, 1)}, PASS),  # 立案 within: discovery was too
        ({"violation_start": D(2022, 3, 1), "filing": D(2024, 6, 1)}, INSUF),
        ({"discovery": D(2024, 6, 1)}, INSUF),
    ],
)
def test_limitation_period(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.limitation_period", snap(**kw))
    assert r.outcome is outcome, r.explanation


# --- payment ----------------------------------------------------------------------------------------
FINE_1000 = {"fine_amount": Decimal(1000), "penalty_types": ("罚款",), "decision": D(2024, 2, 28)}


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"payment_method": "bank"}, PASS),
        ({"payment_method": "e-payment"}, PASS),
        ({"payment_method": "on_the_spot"}, FAIL),  # general procedure, no remote area
        ({"payment_method": "on_the_spot", "remote_area": True}, PASS),
        ({"payment_method": "on_the_spot", "procedure": Procedure.SIMPLE, "fine_amount": Decimal(100)}, PASS),
        ({"payment_method": "on_the_spot", "procedure": Procedure.SIMPLE, "fine_amount": Decimal(101)}, FAIL),
        ({"payment_method": "on_the_spot", "procedure": Procedure.SIMPLE, "fine_amount": Decimal(101),
          "collection_difficult": True}, PASS),
        ({"payment_method": "on_the_spot", "procedure": Procedure.SIMPLE, "fine_amount": Decimal(20),
          "decision": D(2021, 7, 14)}, PASS),
        ({"payment_method": "on_the_spot", "procedure": Procedure.SIMPLE, "fine_amount": Decimal(21),
          "decision": D(2021, 7, 14)}, FAIL),
        ({"payment_method": "on_the_spot", "procedure": Procedure.SIMPLE, "fine_amount": Decimal(50),
          "document_types": frozenset({"当场行政处罚决定书"})}, FAIL),  # no receipt
        ({"payment_method": "on_the_spot", "procedure": Procedure.SIMPLE, "fine_amount": Decimal(50),
          "document_types": frozenset({"当场行政处罚决定书", "罚没票据"})}, PASS),
        ({}, INSUF),
        ({"payment_method": "cash"}, INSUF),
        ({"fine_amount": None, "penalty_types": ("警告",)}, NA),
    ],
)
def test_fine_collection_separation(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.fine_collection_separation", snap(**{**FINE_1000, **kw}))
    assert r.outcome is outcome, r.explanation


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        # served 3-1; day 15 = Saturday 3-16 -> Monday 3-18
        ({"paid": D(2024, 3, 18)}, PASS),
        ({"paid": D(2024, 3, 19)}, FAIL),
        ({"paid": D(2024, 3, 19), "surcharge_amount": Decimal(30)}, PASS),
        ({"paid": D(2024, 4, 10), "payment_due": D(2024, 4, 30)}, PASS),  # approved deferral
        ({"enforcement": D(2024, 5, 1)}, PASS),
        ({"closing": D(2024, 5, 1)}, INSUF),  # no payment date: look at the receipt, do not conclude
        ({}, INSUF),
        ({"service": None}, INSUF),
    ],
)
def test_payment_within_15_days(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.payment_within_15_days", snap(**{**FINE_1000, "service": D(2024, 3, 1), **kw}))
    assert r.outcome is outcome, r.explanation


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        # deadline 3-18, paid 3-28: 10 days late -> at most 300 yuan
        ({"surcharge_amount": Decimal(300)}, PASS),
        ({"surcharge_amount": Decimal("300.01")}, FAIL),
        ({"surcharge_amount": Decimal(1000), "paid": D(2024, 12, 31)}, PASS),  # capped at the fine
        ({"surcharge_amount": Decimal(1001), "paid": D(2024, 12, 31)}, FAIL),
        ({"surcharge_amount": Decimal(1001), "paid": None}, FAIL),
        ({"surcharge_amount": None}, NA),
    ],
)
def test_late_payment_surcharge_cap(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    s = snap(**{**FINE_1000, "service": D(2024, 3, 1), "paid": D(2024, 3, 28), **kw})
    r = check(ctx, "penalty.late_payment_surcharge_cap", s)
    assert r.outcome is outcome, r.explanation


# --- simple procedure ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"fine_amount": Decimal(200)}, PASS),
        ({"fine_amount": Decimal(201)}, FAIL),
        ({"fine_amount": Decimal(3000), "party_type": PartyType.ORGANISATION}, PASS),
        ({"fine_amount": Decimal(3001), "party_type": PartyType.ORGANISATION}, FAIL),
        ({"fine_amount": Decimal(50), "decision": D(2021, 7, 14)}, PASS),
        ({"fine_amount": Decimal(51), "decision": D(2021, 7, 14)}, FAIL),
        ({"fine_amount": Decimal(200), "decision": D(2021, 7, 14)}, FAIL),
        ({"fine_amount": Decimal(1000), "party_type": PartyType.ORGANISATION, "decision": D(2021, 7, 14)}, PASS),
        ({"fine_amount": Decimal(1001), "party_type": PartyType.ORGANISATION, "decision": D(2021, 7, 14)}, FAIL),
        ({"fine_amount": Decimal(100), "party_type": PartyType.UNKNOWN}, INSUF),
        ({"fine_amount": None}, INSUF),
        ({"penalty_types": ("警告",), "fine_amount": None}, PASS),
        ({"penalty_types": ("通报批评",), "fine_amount": None}, PASS),
        ({"penalty_types": ("通报批评",), "fine_amount": None, "decision": D(2021, 7, 14)}, FAIL),
        ({"penalty_types": ("暂扣许可证件",), "fine_amount": None}, FAIL),
        ({"decision": None}, INSUF),
    ],
)
def test_simple_procedure_limits(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    base = {"procedure": Procedure.SIMPLE, "penalty_types": ("罚款",), "decision": D(2024, 3, 1)}
    r = check(ctx, "penalty.simple_procedure_limits", snap(**{**base, **kw}))
    assert r.outcome is outcome, r.explanation


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"simple_filed": D(2024, 2, 21)}, PASS),  # 2-9, 2-18, 2-19, 2-20, 2-21 = 5 working days
        ({"simple_filed": D(2024, 2, 22)}, FAIL),
        ({"simple_filed": None}, INSUF),
        ({"domain": "general", "simple_filed": D(2024, 3, 30)}, PASS),  # no day count outside transport
        ({"domain": "general", "simple_filed": None}, INSUF),
    ],
)
def test_simple_procedure_filing(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    base = {"procedure": Procedure.SIMPLE, "decision": D(2024, 2, 8)}
    r = check(ctx, "penalty.simple_procedure_filing_5_days", snap(**{**base, **kw}))
    assert r.outcome is outcome, r.explanation


# --- preservation, seizure ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "disposal", "outcome"),
    [
        (D(2024, 9, 27), D(2024, 10, 12), PASS),  # 9-29, 9-30, 10-8 … 10-11, make-up Saturday 10-12 = 7
        (D(2024, 9, 27), D(2024, 10, 14), FAIL),
        (D(2021, 7, 1), D(2021, 7, 8), PASS),  # old law: 7 calendar days
        (D(2021, 7, 1), D(2021, 7, 9), FAIL),
        (D(2024, 9, 27), None, INSUF),
    ],
)
def test_preservation_disposal(ctx: CheckContext, start: dt.date, disposal: dt.date | None,
                               outcome: CheckOutcome) -> None:
    s = snap(preservation=True, preservation_start=start, preservation_disposal=disposal)
    r = check(ctx, "penalty.preservation_disposal_7_workdays", s)
    assert r.outcome is outcome, r.explanation


def test_preservation_not_used(ctx: CheckContext) -> None:
    assert check(ctx, "penalty.preservation_disposal_7_workdays", snap()).outcome is NA


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"seizure_end": D(2024, 4, 3)}, PASS),  # 30 days
        ({"seizure_end": D(2024, 4, 4)}, FAIL),
        ({"seizure_extension_days": 30, "seizure_end": D(2024, 5, 6)}, PASS),  # day 60 = 5-3 (劳动节) -> 5-6
        ({"seizure_extension_days": 30, "seizure_end": D(2024, 5, 7)}, FAIL),
        ({"seizure_extension_days": 31, "seizure_end": D(2024, 5, 6)}, FAIL),
        ({"seizure_extended_to": D(2024, 5, 3), "seizure_end": D(2024, 5, 3)}, PASS),
        ({"seizure_extension_days": 10, "seizure_end": D(2024, 4, 10),
          "document_types": frozenset({"行政强制措施决定书"})}, FAIL),  # no written extension notice
        ({"seizure_excluded_days": 5, "seizure_end": D(2024, 4, 8)}, PASS),
        ({"seizure_end": None}, INSUF),
    ],
)
def test_seizure_period(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    s = snap(case_type=CaseType.COERCION, procedure=Procedure.NONE, coercive_measure=True,
             seizure_start=D(2024, 3, 4), **kw)
    r = check(ctx, "coercion.seizure_period_30_days", s)
    assert r.outcome is outcome, r.explanation


def test_seizure_not_used(ctx: CheckContext) -> None:
    assert check(ctx, "coercion.seizure_period_30_days", snap()).outcome is NA


# --- licensing ------------------------------------------------------------------------------------------
def lic(**kw: Any) -> CaseSnapshot:
    return snap(case_type=CaseType.LICENSING, procedure=Procedure.NONE, **kw)


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"application": D(2024, 9, 27), "supplement_notice": D(2024, 10, 10)}, PASS),  # 5
        ({"application": D(2024, 9, 27), "supplement_notice": D(2024, 10, 11)}, FAIL),  # 6
        ({"application": None, "supplement_notice": D(2024, 10, 11)}, INSUF),
        ({"application": D(2024, 9, 27)}, NA),
    ],
)
def test_licensing_supplement_notice(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "licensing.supplement_notice_5_workdays", lic(**kw))
    assert r.outcome is outcome, r.explanation


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"decision": D(2024, 3, 5)}, PASS),  # 20 working days across 春节 incl. make-up days 2-4, 2-18
        ({"decision": D(2024, 3, 6)}, FAIL),
        ({"decision": D(2024, 3, 19), "licensing_extension_workdays": 10}, PASS),
        ({"decision": D(2024, 3, 20), "licensing_extension_workdays": 10}, FAIL),
        ({"decision": D(2024, 3, 6), "licensing_extension_workdays": 11}, FAIL),
        ({"decision": D(2024, 3, 6), "licensing_excluded_workdays": 1}, PASS),
        ({"decision": None}, INSUF),
    ],
)
def test_licensing_decision(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "licensing.decision_20_workdays", lic(acceptance=D(2024, 2, 1), **kw))
    assert r.outcome is outcome, r.explanation


@pytest.mark.parametrize(
    ("kw", "outcome"),
    [
        ({"licence_granted": True, "licence_delivered": D(2025, 10, 16)}, PASS),
        ({"licence_granted": True, "licence_delivered": D(2025, 10, 17)}, FAIL),
        ({"licence_granted": False}, NA),
        ({}, INSUF),
        ({"licence_granted": True}, INSUF),
    ],
)
def test_licence_delivery(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome) -> None:
    r = check(ctx, "licensing.licence_delivery_10_workdays", lic(decision=D(2025, 9, 26), **kw))
    assert r.outcome is outcome, r.explanation


# --- publication -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("decision", "publication", "outcome"),
    [
        (D(2025, 1, 24), D(2025, 2, 10), PASS),  # 1-26, 1-27, 2-5, 2-6, 2-7, 2-8, 2-10 = 7
        (D(2025, 1, 24), D(2025, 2, 11), FAIL),
        (D(2025, 1, 24), None, INSUF),
        (D(2018, 6, 1), D(2018, 9, 1), NA),  # before 国办发〔2018〕118号
    ],
)
def test_publication(ctx: CheckContext, decision: dt.date, publication: dt.date | None, outcome: CheckOutcome) -> None:
    r = check(ctx, "penalty.publication_7_workdays", snap(decision=decision, publication=publication))
    assert r.outcome is outcome, r.explanation


# --- required documents ------------------------------------------------------------------------------------
FULL_GENERAL = frozenset({"立案登记表", "询问笔录", "违法行为通知书", "行政处罚决定书", "送达回证", "结案报告"})


@pytest.mark.parametrize(
    ("kw", "outcome", "fragment"),
    [
        ({"document_types": FULL_GENERAL}, PASS, "均已在案卷中"),
        ({"document_types": FULL_GENERAL - {"结案报告"}}, FAIL, "结案报告"),
        ({"document_types": FULL_GENERAL - {"询问笔录"} | {"现场笔录"}}, PASS, "均已在案卷中"),  # any record
        ({"document_types": FULL_GENERAL - {"违法行为通知书"}}, FAIL, "违法行为通知书"),
        ({"document_types": FULL_GENERAL - {"违法行为通知书"}, "notice_waived": True}, PASS, "均已"),
        ({"document_types": FULL_GENERAL, "coercive_measure": True}, FAIL, "行政强制措施决定书"),
        ({"document_types": FULL_GENERAL, "hearing_held": D(2024, 3, 1)}, FAIL, "听证笔录"),
        ({"document_types": FULL_GENERAL, "fine_amount": Decimal(100), "paid": D(2024, 3, 1)}, FAIL,
         "罚没票据/缴款凭证"),
        ({"document_types": FULL_GENERAL, "legal_review_required": True}, FAIL, "法制审核意见"),
        ({}, INSUF, "案卷文书目录"),
    ],
)
def test_required_documents(ctx: CheckContext, kw: dict[str, Any], outcome: CheckOutcome, fragment: str) -> None:
    r = check(ctx, "docs.required_documents", snap(**kw))
    assert r.outcome is outcome, r.explanation
    assert fragment in r.explanation


def test_required_documents_simple_and_licensing(ctx: CheckContext) -> None:
    simple = snap(procedure=Procedure.SIMPLE, document_types=frozenset({"当场行政处罚决定书"}))
    assert check(ctx, "docs.required_documents", simple).outcome is PASS
    licensing = lic(document_types=frozenset({"行政许可申请书", "受理通知书"}))
    r = check(ctx, "docs.required_documents", licensing)
    assert r.outcome is FAIL and "行政许可决定书" in r.explanation


def test_snapshot_is_frozen() -> None:
    s = snap()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.decision = D(2024, 1, 1)  # type: ignore[misc]
