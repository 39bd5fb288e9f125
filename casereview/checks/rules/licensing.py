"""Licensing (行政许可) time limits; all periods are working days (行政许可法 第八十二条)."""

from __future__ import annotations

from casereview.checks.registry import CheckContext, Verdict, rule
from casereview.checks.rules._common import d, fail, insufficient, missing, na, ok, within_workdays
from casereview.checks.rules._law import XZXK, XZXK_IN_FORCE
from casereview.checks.snapshot import CaseSnapshot
from casereview.domain.enums import CaseType
from casereview.workdays import describe_interval

LICENSING = (CaseType.LICENSING,)


@rule("licensing.supplement_notice_5_workdays", "申请材料不齐全的，五个工作日内一次告知补正",
      f"{XZXK}第三十二条第一款第四项、第八十二条", case_types=LICENSING, applies_from=XZXK_IN_FORCE,
      anchor=("application", "acceptance"), item_hints=("受理", "补正"), severity="major")
def supplement_notice_5_workdays(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Supplement notice given on the spot or within 5 working days of the application."""
    if s.supplement_notice is None:
        return na("未要求补正申请材料。")
    if m := missing(s, "application", purpose="计算补正告知期限"):
        return m
    assert s.application
    return within_workdays(
        ctx.calendar, s.application, s.supplement_notice, "申请日期", "补正通知日期", 5,
        late_note="（逾期不告知的，自收到申请材料之日起即为受理）",
    )


@rule("licensing.decision_20_workdays", "受理后二十个工作日内作出许可决定（经批准可延长十个工作日）",
      f"{XZXK}第四十二条、第四十五条、第八十二条", case_types=LICENSING, applies_from=XZXK_IN_FORCE,
      anchor=("acceptance", "application"), item_hints=("许可决定", "期限"), severity="major")
def decision_20_workdays(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Decision within 20 working days of acceptance, + up to 10 approved, + excluded time
    (hearing, testing, expert review) notified in writing."""
    if m := missing(s, "acceptance", "decision", purpose="计算许可决定期限"):
        return m
    assert s.acceptance and s.decision
    if s.decision < s.acceptance:
        return insufficient(f"日期矛盾：决定日期 {d(s.decision)} 早于受理日期 {d(s.acceptance)}。")
    ext = max(s.licensing_extension_workdays, 0)
    excluded = max(s.licensing_excluded_workdays, 0)
    limit = 20 + min(ext, 10) + excluded
    count = ctx.calendar.count_workdays_between(s.acceptance, s.decision)
    text = describe_interval(ctx.calendar, s.acceptance, s.decision, "受理日期", "决定日期", count)
    parts = ["20 个工作日"]
    if ext:
        parts.append(f"经批准延长 {min(ext, 10)} 个工作日")
    if excluded:
        parts.append(f"听证、检测、专家评审等 {excluded} 个工作日不计")
    text += f"；期限 {limit} 个工作日（{'，'.join(parts)}）"
    problems = []
    if ext > 10:
        problems.append(f"延长 {ext} 个工作日，超过法定 10 个工作日（法律、法规另有规定的除外）")
    if count.count > limit:
        problems.insert(0, f"超过期限 {count.count - limit} 个工作日")
    if problems:
        return fail(text + "；" + "；".join(problems) + "。", count.uncertain_years)
    return ok(text + "，未超过期限。", count.uncertain_years)


@rule("licensing.licence_delivery_10_workdays", "准予许可的，十个工作日内颁发、送达许可证件",
      f"{XZXK}第四十四条、第八十二条", case_types=LICENSING, applies_from=XZXK_IN_FORCE,
      anchor=("decision",), item_hints=("送达", "许可证件"), severity="minor")
def licence_delivery_10_workdays(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Licence issued/served within 10 working days of the decision to grant."""
    if s.licence_granted is False:
        return na("不予许可，无需颁发许可证件。")
    if s.licence_granted is None and s.licence_delivered is None:
        return insufficient("缺少数据：是否准予许可与许可证件送达日期。")
    if m := missing(s, "decision", "licence_delivered", purpose="计算证件送达期限"):
        return m
    assert s.decision and s.licence_delivered
    return within_workdays(ctx.calendar, s.decision, s.licence_delivered, "决定日期", "证件送达日期", 10)
