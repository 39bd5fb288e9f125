"""Simple (on-the-spot) procedure: eligibility limits and filing period."""

from __future__ import annotations

from casereview.checks.registry import CheckContext, Verdict, rule
from casereview.checks.rules._common import (
    calendar_deadline,
    d,
    fail,
    insufficient,
    is_new_law,
    missing,
    ok,
    yuan,
)
from casereview.checks.rules._law import XZCF, penalty_law
from casereview.checks.snapshot import CRITICISM, FINE, WARNING, CaseSnapshot
from casereview.domain.enums import PartyType, Procedure
from casereview.workdays import interval_details

SIMPLE = (Procedure.SIMPLE,)


@rule("penalty.simple_procedure_limits", "简易程序仅适用于警告、通报批评或法定数额以下罚款",
      f"{XZCF}第五十一条", procedures=SIMPLE, anchor=("decision",), item_hints=("简易程序", "程序适用"),
      severity="veto")
def simple_procedure_limits(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Penalty types ⊆ {警告, 通报批评 (2021), 罚款} and fine within the limit in force on the
    decision date (200 / 3,000 yuan from 2021-07-15; 50 / 1,000 before)."""
    basis = penalty_law(s.decision, "第五十一条", "第三十三条")
    if m := missing(s, "decision", purpose="确定适用的限额版本", basis=basis):
        return m
    assert s.decision
    allowed = (WARNING, CRITICISM, FINE) if is_new_law(s.decision) else (WARNING, FINE)
    other = [t for t in s.penalty_types if t not in allowed]
    if other:
        return fail(f"简易程序作出了{'、'.join(other)}，简易程序只能给予{'、'.join(allowed)}。", basis=basis)
    if not s.fine_imposed:
        kinds = "、".join(s.penalty_types) or "未录入处罚种类"
        return ok(f"处罚种类：{kinds}，可适用简易程序。", basis=basis)
    if s.fine_amount is None:
        return insufficient("缺少数据：罚款金额。", basis=basis)
    if s.party_type is PartyType.UNKNOWN:
        return insufficient("缺少数据：当事人类型，无法确定简易程序罚款上限。", basis=basis)
    entry = ctx.thresholds.lookup("simple_procedure_limits", s.province, s.domain, s.party_type, s.decision)
    if entry is None or entry.value is None:
        where = entry.where() if entry else f"阈值表“简易程序罚款上限”中 {s.party_type.label} 在 {d(s.decision)} 的条目"
        return insufficient(f"{where}缺失或未填写。", basis=basis)
    text = (f"决定日期 {d(s.decision)}，当事人为{s.party_type.label}，罚款 {yuan(s.fine_amount)}；"
            f"简易程序上限 {entry.text()}（{entry.source}）")
    if entry.satisfied_by(s.fine_amount):
        return ok(text + "，未超过上限。", basis=basis)
    return fail(text + "，超过上限，应适用普通程序。", basis=basis)


@rule("penalty.simple_procedure_filing_5_days", "当场处罚决定按期报所属行政机关备案（交通运输五日内）",
      f"{XZCF}第五十二条；《交通运输行政执法程序规定》第六十一条", procedures=SIMPLE, anchor=("decision",),
      item_hints=("简易程序", "备案"), severity="minor")
def simple_procedure_filing_5_days(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Filed with the agency within the domain's period (table simple_filing_days: transport 5
    days, counted as working days by default; the national law sets no day count)."""
    basis = penalty_law(s.decision, "第五十二条", "第三十四条第二款")
    if m := missing(s, "decision", purpose="计算备案期限", basis=basis):
        return m
    assert s.decision
    entry = ctx.thresholds.lookup("simple_filing_days", s.province, s.domain, "*", s.decision)
    if entry is None or entry.value is None:
        if s.simple_filed is not None:
            return ok(f"已于 {d(s.simple_filed)} 备案（本领域未规定备案天数，法律只要求备案）。", basis=basis)
        return insufficient("缺少数据：简易程序备案日期；本领域未规定备案天数。", basis=basis)
    basis = f"{basis}；{entry.source}"
    if m := missing(s, "simple_filed", purpose="计算备案期限", basis=basis):
        return m
    assert s.simple_filed
    days = int(entry.value)
    if entry.unit == "workdays":
        count = ctx.calendar.count_workdays_between(s.decision, s.simple_filed)
        text = (f"决定日期 {d(s.decision)}，备案日期 {d(s.simple_filed)}，间隔 {count.count} 个工作日"
                f"{interval_details(count)}；期限 {days} 个工作日")
        if count.count <= days:
            return ok(text + "，按期备案。", count.uncertain_years, basis=basis)
        return fail(text + "，超过备案期限。", count.uncertain_years, basis=basis)
    deadline, note, years = calendar_deadline(ctx.calendar, s.decision, days)
    text = f"决定日期 {d(s.decision)}，备案日期 {d(s.simple_filed)}；期限 {days} 日，截止 {d(deadline)}{note}"
    if s.simple_filed <= deadline:
        return ok(text + "，按期备案。", years, basis=basis)
    return fail(text + "，超过备案期限。", years, basis=basis)


