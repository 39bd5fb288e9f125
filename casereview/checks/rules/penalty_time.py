"""Time limits and date order of the general penalty procedure."""

from __future__ import annotations

import datetime as dt
import itertools

from casereview.checks.registry import CheckContext, Verdict, rule
from casereview.checks.rules._common import (
    LAW_2021,
    calendar_deadline,
    count_text,
    d,
    docs_recorded,
    fail,
    has_doc,
    insufficient,
    is_new_law,
    label,
    missing,
    na,
    ok,
    within_workdays,
)
from casereview.checks.rules._law import GB_118, GB_118_DATE, XZCF, penalty_law
from casereview.checks.snapshot import SERVICE_ON_THE_SPOT, CaseSnapshot
from casereview.domain.enums import CaseType, Procedure
from casereview.workdays import describe_interval

GENERAL = (Procedure.GENERAL,)
NOTICE_DOCS = ("违法行为通知书", "行政处罚告知书", "行政处罚事先告知书")


@rule("penalty.decision_within_90_days", "自立案之日起九十日内作出处罚决定", f"{XZCF}第六十条",
      procedures=GENERAL, applies_from=LAW_2021, anchor=("filing",),
      item_hints=("办案期限", "处罚决定"), severity="major")
def decision_within_90_days(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Decision no later than 立案 + 90 days + approved extensions (calendar days; a last day
    on a rest day moves to the next working day)."""
    if m := missing(s, "filing", "decision", purpose="计算办案期限"):
        return m
    assert s.filing and s.decision
    if s.decision < s.filing:
        return insufficient(f"日期矛盾：决定日期 {d(s.decision)} 早于立案日期 {d(s.filing)}（见日期顺序检查）。")
    ext = max(s.extension_days, 0)
    limit = 90 + ext
    deadline, note, years = calendar_deadline(ctx.calendar, s.filing, limit)
    days = (s.decision - s.filing).days
    ext_text = f"（90 日 + 经批准延长 {ext} 日）" if ext else ""
    text = (f"立案日期 {d(s.filing)}，决定日期 {d(s.decision)}，相隔 {days} 日；"
            f"期限 {limit} 日{ext_text}，截止 {d(deadline)}{note}")
    if s.decision <= deadline:
        return ok(text + "，未超过期限。", years)
    return fail(text + f"，超过期限 {(s.decision - deadline).days} 日。", years)


_CHAIN = ("filing", "investigation_start", "notice", "decision", "service", "closing")


@rule("penalty.date_order", "立案、调查、告知、决定、送达、结案日期顺序合理",
      f"{XZCF}第五十四条、第六十二条、第六十一条", procedures=GENERAL, anchor=(),
      item_hints=("程序合法", "日期"), severity="major")
def date_order(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """立案 ≤ 调查 ≤ 告知 < 决定 ≤ 送达 ≤ 结案, over the dates present."""
    present = [(n, getattr(s, n)) for n in _CHAIN if getattr(s, n) is not None]
    absent = [label(n) for n in _CHAIN if getattr(s, n) is None]
    if len(present) < 2:
        return insufficient(f"录入的日期不足两个，无法比较顺序（缺少：{'、'.join(absent)}）。")
    # Comparing neighbours among the present dates is enough: order is transitive.
    problems = []
    for (a_name, a_day), (b_name, b_day) in itertools.pairwise(present):
        strict = a_name == "notice" and b_name == "decision"
        if a_day > b_day or (strict and a_day == b_day):
            relation = "不早于" if strict and a_day == b_day else "晚于"
            problems.append(f"{label(a_name)} {d(a_day)} {relation}{label(b_name)} {d(b_day)}")
    chain = " → ".join(f"{label(n)} {d(v)}" for n, v in present)
    tail = f"（未录入：{'、'.join(absent)}）" if absent else ""
    if problems:
        return fail("日期顺序不符合 立案 ≤ 调查 ≤ 告知 < 决定 ≤ 送达 ≤ 结案：" + "；".join(problems) + f"。{tail}")
    return ok(f"日期顺序正确：{chain}。{tail}")


@rule("penalty.investigation_after_filing", "调查取证在立案之后进行", f"{XZCF}第五十四条",
      procedures=GENERAL, anchor=(), item_hints=("立案", "调查取证"), severity="minor")
def investigation_after_filing(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """调查取证开始日期不早于立案日期."""
    if m := missing(s, "filing", "investigation_start", purpose="比较立案与调查日期"):
        return m
    assert s.filing and s.investigation_start
    text = f"立案日期 {d(s.filing)}，调查取证开始日期 {d(s.investigation_start)}"
    if s.investigation_start >= s.filing:
        return ok(text + "，调查在立案之后。")
    days = (s.filing - s.investigation_start).days
    return fail(text + f"，调查早于立案 {days} 日（立案前的现场检查、初步核查除外，请核对笔录性质）。")


@rule("penalty.notice_before_decision", "作出处罚决定前告知拟处罚内容及陈述申辩、听证权利",
      f"{XZCF}第四十四条、第六十二条", procedures=GENERAL, anchor=("decision", "notice"),
      item_hints=("告知", "陈述申辩"), severity="veto")
def notice_before_decision(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Notice date (and its service) strictly before the decision, unless expressly waived."""
    basis = penalty_law(s.decision or s.notice, "第四十四条、第六十二条", "第三十一条、第四十一条")
    if s.decision is None:
        return insufficient(f"缺少数据：{label('decision')}，无法判断告知是否在决定之前。", basis=basis)
    if s.notice is None and s.notice_served is None:
        if s.notice_waived:
            return ok("当事人明确放弃陈述、申辩权利，未作告知不影响决定。", basis=basis)
        if has_doc(s, *NOTICE_DOCS):
            return insufficient("案卷中有违法行为通知书，但未录入告知日期。", basis=basis)
        if docs_recorded(s):
            return fail(f"案卷中无违法行为通知书，也未录入告知日期；决定日期 {d(s.decision)}。"
                        "未告知不得作出处罚决定。", basis=basis)
        return insufficient("缺少数据：违法行为通知书（告知）日期，且未录入案卷文书目录。", basis=basis)
    problems = []
    parts = []
    if s.notice is not None:
        parts.append(f"告知日期 {d(s.notice)}")
        if s.notice >= s.decision:
            problems.append(f"告知日期 {d(s.notice)} 不早于决定日期 {d(s.decision)}")
    if s.notice_served is not None:
        parts.append(f"告知送达日期 {d(s.notice_served)}")
        if s.notice_served >= s.decision:
            problems.append(f"告知送达日期 {d(s.notice_served)} 不早于决定日期 {d(s.decision)}")
    text = "，".join(parts) + f"，决定日期 {d(s.decision)}"
    if problems:
        return fail(text + "；" + "；".join(problems) + "，当事人无从陈述申辩。", basis=basis)
    return ok(text + "，告知在决定之前。", basis=basis)


@rule("penalty.statement_period_respected", "陈述申辩期限届满或当事人陈述申辩后才作出决定",
      f"{XZCF}第四十五条", procedures=GENERAL, anchor=("decision",),
      item_hints=("陈述申辩",), severity="minor", policy=True)
def statement_period_respected(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Decision after the configured statement/defence period (法律未规定天数; practice 3 days)."""
    if s.notice_waived:
        return na("当事人明确放弃陈述、申辩权利。")
    base_name = "notice_served" if s.notice_served else "notice"
    base = s.notice_served or s.notice
    if base is None or s.decision is None:
        return missing(s, "notice_served" if s.notice is None else "decision", "decision",
                       purpose="判断陈述申辩期限") or insufficient("缺少告知或决定日期。")
    period = ctx.settings.statement_period_workdays
    end = ctx.calendar.add_workdays(base, period)
    text = (f"{label(base_name)} {d(base)}，陈述申辩期限 {period} 个工作日（本单位设置，法律未规定具体天数），"
            f"截止 {d(end.date)}{count_text(end)}；决定日期 {d(s.decision)}")
    if s.decision > end.date:
        return ok(text + "，在期限届满后作出。", end.uncertain_years)
    if s.defence_received is not None and s.defence_received <= s.decision:
        return ok(text + f"；当事人已于 {d(s.defence_received)} 陈述申辩。", end.uncertain_years)
    if not docs_recorded(s):  # the party may have made a statement: we do not know
        return insufficient(text + "，在陈述申辩期限届满前作出；未录入陈述申辩日期，也未录入案卷文书目录。"
                            "请查看案卷中的陈述申辩笔录或当事人书面意见，补录陈述申辩日期。", end.uncertain_years)
    return fail(text + "，在陈述申辩期限届满前作出，且未见当事人陈述申辩记录。", end.uncertain_years)


@rule("penalty.service_within_7_workdays", "当事人不在场的，处罚决定书七个工作日内送达",
      f"{XZCF}第六十一条第一款、第八十五条", procedures=GENERAL, anchor=("decision",),
      item_hints=("送达",), severity="major")
def service_within_7_workdays(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Served on the spot, or within 7 working days after the decision (before 2021-07-15:
    7 calendar days with the last-day rollover)."""
    basis = penalty_law(s.decision, "第六十一条第一款、第八十五条", "第四十条")
    if m := missing(s, "decision", "service", purpose="计算送达期限", basis=basis):
        return m
    assert s.decision and s.service
    if s.service < s.decision:
        return insufficient(f"日期矛盾：送达日期 {d(s.service)} 早于决定日期 {d(s.decision)}。", basis=basis)
    if s.service_method == SERVICE_ON_THE_SPOT or s.service == s.decision:
        return ok(f"决定日期 {d(s.decision)}，当场交付（送达日期 {d(s.service)}）。", basis=basis)
    if is_new_law(s.decision):
        count = ctx.calendar.count_workdays_between(s.decision, s.service)
        text = describe_interval(ctx.calendar, s.decision, s.service, "决定日期", "送达日期", count)
        if count.count <= 7:
            return ok(text + "，未超过 7 个工作日。", count.uncertain_years, basis=basis)
        return fail(text + "，超过 7 个工作日。", count.uncertain_years, basis=basis)
    deadline, note, years = calendar_deadline(ctx.calendar, s.decision, 7)
    text = (f"决定日期 {d(s.decision)}，送达日期 {d(s.service)}，相隔 {(s.service - s.decision).days} 日；"
            f"2021-07-15 前适用“七日内”（自然日），截止 {d(deadline)}{note}")
    if s.service <= deadline:
        return ok(text + "，未超期。", years, basis=basis)
    return fail(text + "，超过期限。", years, basis=basis)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@rule("penalty.limitation_period", "违法行为在追责时效（二年/五年）内被发现", f"{XZCF}第三十六条",
      anchor=(), item_hints=("追责时效", "实体"), severity="veto")
def limitation_period(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Discovered within 2 years of the act (or of its end if continuing); 5 years for harm
    to life, health or financial security (2021 law only)."""
    base: dt.date | None
    if s.continuing_violation:
        if s.violation_end is None:
            return insufficient("违法行为有连续或者继续状态，时效自行为终了之日起计算，"
                                "缺少数据：违法行为终了日期。")
        base, base_label = s.violation_end, "违法行为终了日期"
    else:
        if s.violation_end is None and s.violation_start is None:
            return insufficient("缺少数据：违法行为发生日期或终了日期，"
                                "无法计算追责时效。")
        base = s.violation_end or s.violation_start
        base_label = "违法行为终了日期" if s.violation_end else "违法行为发生日期"
    assert base is not None
    found = s.discovery or s.filing
    if found is None:
        return insufficient("缺少数据：发现违法行为日期和立案日期，无法计算追责时效。")
    basis = penalty_law(found, "第三十六条", "第二十九条")
    five = s.harm_to_life_health and is_new_law(found)
    years = 5 if five else 2
    limit = _add_years(base, years)
    why = "（涉及公民生命健康安全、金融安全且有危害后果）" if five else ""
    if s.harm_to_life_health and not five:
        why = "（五年时效自 2021-07-15 起施行，本案适用二年）"
    found_label = "发现日期" if s.discovery else "立案日期（未录入发现日期，以立案日期代替）"
    text = f"{base_label} {d(base)}，{found_label} {d(found)}；时效 {years} 年{why}，届满日 {d(limit)}"
    if found <= limit:
        return ok(text + "，在时效内发现。", basis=basis)
    if s.discovery is None:
        return insufficient(text + "，立案已超过时效届满日，请录入发现违法行为日期核实。", basis=basis)
    return fail(text + f"，超过时效 {(found - limit).days} 日后才发现，不应再给予行政处罚。", basis=basis)


@rule("penalty.publication_7_workdays", "处罚决定作出后七个工作日内公示", GB_118,
      procedures=GENERAL, applies_from=GB_118_DATE, anchor=("decision",),
      item_hints=("公示", "三项制度"), severity="minor")
def publication_7_workdays(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Publication within 7 working days of the decision (国办发〔2018〕118号; 法律、法规另有
    规定的除外; the law itself only requires publishing decisions with social impact, Art. 48)."""
    if m := missing(s, "decision", "publication", purpose="计算公示期限"):
        return m
    assert s.decision and s.publication
    return within_workdays(ctx.calendar, s.decision, s.publication, "决定日期", "公示日期", 7)


@rule("penalty.preservation_disposal_7_workdays", "先行登记保存的证据七个工作日内作出处理决定",
      f"{XZCF}第五十六条", case_types=(CaseType.PENALTY, CaseType.COERCION), anchor=(),
      item_hints=("证据登记保存",), severity="major")
def preservation_disposal_7_workdays(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Disposal decision within 7 working days of registered preservation (before 2021-07-15:
    7 calendar days, 第三十七条第二款)."""
    if not s.preservation and s.preservation_start is None:
        return na("未采取先行登记保存。")
    basis = penalty_law(s.preservation_start, "第五十六条、第八十五条", "第三十七条第二款")
    if m := missing(s, "preservation_start", "preservation_disposal", purpose="计算登记保存处理期限",
                    basis=basis):
        return m
    assert s.preservation_start and s.preservation_disposal
    start, end = s.preservation_start, s.preservation_disposal
    if end < start:
        return insufficient(f"日期矛盾：处理决定日期 {d(end)} 早于登记保存日期 {d(start)}。", basis=basis)
    if is_new_law(start):
        count = ctx.calendar.count_workdays_between(start, end)
        text = describe_interval(ctx.calendar, start, end, "登记保存日期", "处理决定日期", count)
        if count.count <= 7:
            return ok(text + "，未超过 7 个工作日。", count.uncertain_years, basis=basis)
        return fail(text + "，超过 7 个工作日。", count.uncertain_years, basis=basis)
    deadline, note, years = calendar_deadline(ctx.calendar, start, 7)
    text = (f"登记保存日期 {d(start)}，处理决定日期 {d(end)}；2021-07-15 前适用“七日内”（自然日），"
            f"截止 {d(deadline)}{note}")
    if end <= deadline:
        return ok(text + "，未超期。", years, basis=basis)
    return fail(text + "，超过期限。", years, basis=basis)

