"""Hearing (听证) rules: eligibility, request period, notice period, host."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from casereview.checks.registry import CheckContext, Verdict, rule
from casereview.checks.rules._common import (
    calendar_deadline,
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
    yuan,
)
from casereview.checks.rules._law import XZCF, penalty_law
from casereview.checks.snapshot import (
    CLOSE_DOWN,
    CONFISCATE_GAINS,
    CONFISCATE_PROPERTY,
    FINE,
    HEARING_HOST,
    INVESTIGATOR,
    LOWER_GRADE,
    RESTRICT_PRACTICE,
    REVOKE_LICENCE,
    SUSPEND_BUSINESS,
    CaseSnapshot,
)
from casereview.checks.thresholds import DOMAIN_LABELS
from casereview.domain.enums import PartyType, Procedure
from casereview.workdays import interval_details

GENERAL = (Procedure.GENERAL,)
HEARING_TABLE = "hearing_large_amount"


def how_to_set(province: str | None, domain: str, party_type: str) -> str:
    """Where the user sets a missing 较大数额 (the app's menu or a command, never a file in resources/)."""
    return ("请管理员在程序中设置（工具 → 阈值表与数据库检查），或在命令行运行："
            f"casereview thresholds set {HEARING_TABLE} --province {province or '省份'} "
            f"--domain {domain} --party {party_type} --value 数额 --from 生效日期 --source 依据文件及文号"
            "（设置后对本机所有检查生效）")
HEARING_DOCS = ("听证通知书", "听证笔录", "听证告知书", "听证报告", "放弃听证声明")
# 2021 law Art. 63: heavier penalties that always carry the hearing right.
HEAVY_2021 = (LOWER_GRADE, REVOKE_LICENCE, SUSPEND_BUSINESS, CLOSE_DOWN, RESTRICT_PRACTICE,
              "限制开展生产经营活动")
HEAVY_OLD = (SUSPEND_BUSINESS, REVOKE_LICENCE, "吊销执照")


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool | None  # None: cannot tell (missing amount / threshold)
    reason: str


def _version_date(s: CaseSnapshot) -> dt.date | None:
    return s.notice or s.notice_served or s.decision or s.filing


def hearing_eligibility(s: CaseSnapshot, ctx: CheckContext) -> Eligibility:
    """Whether the intended penalty carries the hearing right (Art. 63; old Art. 42)."""
    memo = ctx.memo(s)
    cached = memo.get("hearing_eligibility")
    if isinstance(cached, Eligibility):
        return cached
    result = memo["hearing_eligibility"] = _eligibility(s, ctx)
    return result


def _eligibility(s: CaseSnapshot, ctx: CheckContext) -> Eligibility:
    on = _version_date(s)
    if on is None:
        return Eligibility(None, "缺少数据：告知日期、决定日期和立案日期，"
                                 "无法确定适用的法律版本")
    new = is_new_law(on)
    heavy = [t for t in s.penalty_types if t in (HEAVY_2021 if new else HEAVY_OLD)]
    if heavy:
        return Eligibility(True, f"拟给予{'、'.join(heavy)}")
    amounts: list[tuple[str, Decimal]] = []
    if s.fine_amount is not None and s.fine_amount > 0:
        amounts.append(("罚款", s.fine_amount))
    elif FINE in s.penalty_types:
        return Eligibility(None, "处罚种类含罚款，但缺少数据：罚款金额")
    confiscation = new and (CONFISCATE_GAINS in s.penalty_types or CONFISCATE_PROPERTY in s.penalty_types)
    if confiscation:
        if s.confiscation_value is None:
            return Eligibility(None, "处罚种类含没收，但缺少数据：没收金额/价值")
        amounts.append(("没收金额/价值", s.confiscation_value))
    if not amounts:
        kinds = "、".join(s.penalty_types) or "未录入处罚种类"
        return Eligibility(False, f"处罚种类为{kinds}，无罚款或没收")
    if s.party_type is PartyType.UNKNOWN:
        return Eligibility(None, "缺少数据：当事人类型，无法查找“较大数额”标准")
    entry = ctx.thresholds.lookup(HEARING_TABLE, s.province, s.domain, s.party_type, on)
    if entry is None:
        return Eligibility(None, f"没有 {s.province or '（未录入省份）'}/{DOMAIN_LABELS.get(s.domain, s.domain)}/"
                                 f"{s.party_type.label} 在 {d(on)} 有效的听证“较大数额”标准。"
                                 + how_to_set(s.province, s.domain, s.party_type.value))
    if entry.value is None:
        return Eligibility(None, f"听证“较大数额”标准 {entry.describe_key()} 尚未填写数额（{entry.source}）。"
                                 + how_to_set(entry.province, entry.domain, entry.party_type))
    hits = [f"{name} {yuan(amount)}" for name, amount in amounts if entry.satisfied_by(amount)]
    basis = f"“较大数额”标准 {entry.describe_key()} {entry.text()}（{entry.source}）"
    if hits:
        return Eligibility(True, f"{'、'.join(hits)}，达到{basis}")
    listed = "、".join(f"{name} {yuan(amount)}" for name, amount in amounts)
    return Eligibility(False, f"{listed}，未达到{basis}")


@rule("penalty.hearing_right_offered", "应当告知听证权利的案件已告知并保障听证权利",
      f"{XZCF}第六十三条、第六十四条", procedures=GENERAL, anchor=(),
      item_hints=("听证", "告知"), severity="veto")
def hearing_right_offered(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Hearing-eligible penalties (large fine per threshold table, revocation, suspension ...)
    need a record of the hearing (request, notice, record) or of its waiver."""
    basis = penalty_law(_version_date(s), "第六十三条、第六十四条", "第四十二条")
    e = hearing_eligibility(s, ctx)
    if e.eligible is None:
        return insufficient(e.reason + "。", basis=basis)
    if not e.eligible:
        return na(e.reason + "，不属于应当告知听证权利的情形。", basis=basis)
    evidence = []
    if s.hearing_waived:
        evidence.append("当事人明确放弃听证")
    for name in ("hearing_requested", "hearing_notified", "hearing_held"):
        value = getattr(s, name)
        if value is not None:
            evidence.append(f"{label(name)} {d(value)}")
    docs = [n for n in HEARING_DOCS if n in s.document_types]
    if docs:
        evidence.append("案卷有" + "、".join(docs))
    if evidence:
        return ok(f"{e.reason}，属于应当告知听证权利的情形；" + "；".join(evidence) + "。", basis=basis)
    if not docs_recorded(s):  # nothing recorded either way: ask, do not conclude
        return insufficient(f"{e.reason}，属于应当告知听证权利的情形，但未录入听证申请、通知、举行或放弃听证的情况，"
                            "也未录入案卷文书目录。请查看违法行为通知书（听证告知）、听证通知书、听证笔录或放弃听证的书面材料后补录。",
                            basis=basis)
    return fail(f"{e.reason}，属于应当告知听证权利的情形，但案卷中未见听证申请、听证通知、听证笔录或放弃听证的记录。"
                "如违法行为通知书已告知听证权利而当事人逾期未申请，请标记“放弃听证”并核对通知书内容。", basis=basis)


@rule("penalty.hearing_request_period", "听证申请期限（2021-07-15 前三日，之后五个工作日）",
      f"{XZCF}第六十四条第一项", procedures=GENERAL, anchor=(),
      item_hints=("听证",), severity="major")
def hearing_request_period(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """A timely request must lead to a hearing; without a request or waiver the decision must
    wait until the request period (5 working days after the notice; 3 days before 2021-07-15)
    has run out."""
    base = s.notice_served or s.notice
    base_name = "notice_served" if s.notice_served else "notice"
    basis = penalty_law(base, "第六十四条第一项、第八十五条", "第四十二条第一款第一项")
    if base is None:
        if s.hearing_requested is None:
            e = hearing_eligibility(s, ctx)
            if e.eligible is False:
                return na(e.reason + "，不属于听证范围。", basis=basis)
        return insufficient("缺少数据：告知送达日期或告知日期，无法计算听证申请期限。",
                            basis=basis)
    if is_new_law(base):
        res = ctx.calendar.add_workdays(base, 5)
        deadline, period, years, note = res.date, "5 个工作日", res.uncertain_years, interval_details(res)
    else:
        deadline, note, years = calendar_deadline(ctx.calendar, base, 3)
        period = "3 日（2021-07-15 前的规定）"
    head = f"{label(base_name)} {d(base)}，听证申请期限 {period}，截止 {d(deadline)}{note}"
    if s.hearing_requested is not None:
        req = s.hearing_requested
        if req > deadline:
            return ok(head + f"；当事人于 {d(req)} 申请听证，已超过申请期限，行政机关可不组织听证。",
                      years, basis=basis)
        if s.hearing_held or s.hearing_notified or has_doc(s, "听证通知书", "听证笔录"):
            return ok(head + f"；当事人于 {d(req)} 在期限内申请听证，已组织听证。", years, basis=basis)
        if not docs_recorded(s):  # no dates and no document list: a gap in the data
            return insufficient(head + f"；当事人于 {d(req)} 在期限内申请听证，未录入听证通知或听证日期。"
                                "请查看案卷中的听证通知书、听证笔录，补录听证通知日期和听证日期。", years, basis=basis)
        return fail(head + f"；当事人于 {d(req)} 在期限内申请听证，但未见听证通知或听证记录"
                    "（案卷文书目录中也没有听证通知书、听证笔录）。", years, basis=basis)
    e = hearing_eligibility(s, ctx)
    if e.eligible is None:
        return insufficient(e.reason + "。", basis=basis)
    if not e.eligible:
        return na(e.reason + "，不属于听证范围。", basis=basis)
    if s.hearing_waived:
        return ok(head + "；当事人明确放弃听证。", years, basis=basis)
    if s.decision is None:
        return insufficient(head + "；缺少数据：处罚决定日期。", years, basis=basis)
    if s.decision <= deadline:
        return fail(head + f"；当事人未申请也未放弃听证，决定却于 {d(s.decision)} 作出，未等待申请期限届满。",
                    years, basis=basis)
    return ok(head + f"；当事人未申请听证，决定于期限届满后的 {d(s.decision)} 作出。", years, basis=basis)


@rule("penalty.hearing_notice_7_days", "举行听证七个工作日前通知当事人",
      f"{XZCF}第六十四条第二项、第八十五条", procedures=GENERAL, anchor=(),
      item_hints=("听证",), severity="major")
def hearing_notice_7_days(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Notice at least 7 working days before the hearing (working days in (notified, held]
    ≥ 7); before 2021-07-15 at least 7 calendar days."""
    if s.hearing_held is None:
        return na("未举行听证。")
    basis = penalty_law(s.hearing_held, "第六十四条第二项、第八十五条", "第四十二条第一款第二项")
    if m := missing(s, "hearing_notified", purpose="计算听证通知期限", basis=basis):
        return m
    assert s.hearing_notified
    notified, held = s.hearing_notified, s.hearing_held
    if is_new_law(held):
        count = ctx.calendar.count_workdays_between(notified, held)
        text = (f"听证通知日期 {d(notified)}，听证日期 {d(held)}，间隔 {count.count} 个工作日"
                f"{interval_details(count)}")
        if count.count >= 7:
            return ok(text + "，不少于 7 个工作日。", count.uncertain_years, basis=basis)
        return fail(text + "，少于 7 个工作日。", count.uncertain_years, basis=basis)
    days = (held - notified).days
    text = f"听证通知日期 {d(notified)}，听证日期 {d(held)}，相隔 {days} 日（2021-07-15 前为“七日前”，自然日）"
    if days >= 7:
        return ok(text + "，不少于 7 日。", basis=basis)
    return fail(text + "，少于 7 日。", basis=basis)


def _same_person(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


@rule("penalty.hearing_host_not_investigator", "听证主持人不是本案调查人员",
      f"{XZCF}第六十四条第四项", procedures=GENERAL, anchor=(),
      item_hints=("听证", "回避"), severity="major")
def hearing_host_not_investigator(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """The hearing host is none of the investigating officers."""
    hosts = s.officers_with_role(HEARING_HOST)
    basis = penalty_law(s.hearing_held, "第六十四条第四项", "第四十二条第一款第四项")
    if s.hearing_held is None and not hosts:
        return na("未举行听证。", basis=basis)
    if not hosts:
        return insufficient("举行了听证，但未录入听证主持人（请在案件事实的执法人员中补录听证主持人）。", basis=basis)
    investigators = s.officers_with_role(INVESTIGATOR)
    if not investigators:
        return insufficient("未录入本案调查人员（请在案件事实中补录承办的执法人员）。", basis=basis)
    clash = [h.name for h in hosts if any(_same_person(h.name, i.name) or (h.cert_no and h.cert_no == i.cert_no)
                                          for i in investigators)]
    host_names = "、".join(h.name for h in hosts)
    inv_names = "、".join(i.name for i in investigators)
    if clash:
        return fail(f"听证主持人 {'、'.join(clash)} 同时是本案调查人员（调查人员：{inv_names}）。", basis=basis)
    return ok(f"听证主持人 {host_names}，调查人员 {inv_names}，主持人非调查人员。", basis=basis)

