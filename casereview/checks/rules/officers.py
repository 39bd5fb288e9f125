"""Officers: number, certificates, separation of roles."""

from __future__ import annotations

import datetime as dt

from casereview.checks.registry import CheckContext, Verdict, rule
from casereview.checks.rules._common import d, fail, insufficient, na, ok
from casereview.checks.rules._law import XZCF, XZQZ, XZQZ_IN_FORCE, penalty_law
from casereview.checks.snapshot import (
    APPROVER,
    INVESTIGATOR,
    LEGAL_REVIEWER,
    ROLE_LABELS,
    CaseSnapshot,
    OfficerSnapshot,
)
from casereview.domain.enums import CaseType, Procedure


def _names(officers: tuple[OfficerSnapshot, ...]) -> list[str]:
    return list(dict.fromkeys(o.name.replace(" ", "") for o in officers if o.name.strip()))


@rule("penalty.two_officers", "调查取证执法人员不少于两人", f"{XZCF}第四十二条、第五十五条",
      procedures=(Procedure.GENERAL,), anchor=(), item_hints=("执法主体", "执法人员"), severity="veto")
def two_officers(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """At least two distinct investigating officers are recorded."""
    basis = penalty_law(s.investigation_start or s.filing, "第四十二条、第五十五条", "第三十七条第一款")
    if not s.officers:
        return insufficient("缺少数据：未录入执法人员。", basis=basis)
    names = _names(s.officers_with_role(INVESTIGATOR))
    if len(names) >= 2:
        return ok(f"调查执法人员 {len(names)} 人：{'、'.join(names)}。", basis=basis)
    shown = "、".join(names) or "无"
    return fail(f"调查执法人员仅 {len(names)} 人（{shown}），不少于两人的要求未满足。", basis=basis)


def _check_dates(s: CaseSnapshot) -> list[tuple[str, dt.date]]:
    start = s.investigation_start or s.filing or s.seizure_start
    end = s.notice or s.decision
    dates = []
    if start:
        what = "调查开始" if s.investigation_start else "立案" if s.filing else "查封扣押"
        dates.append((what, start))
    if end and end != start:
        dates.append(("告知" if s.notice else "决定", end))
    return dates


@rule("penalty.officer_certificates_valid", "执法人员持有有效执法证件", f"{XZCF}第四十二条",
      case_types=(CaseType.PENALTY, CaseType.COERCION), anchor=(), item_hints=("执法主体", "执法证件"),
      severity="veto")
def officer_certificates_valid(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Every investigating officer has a certificate number valid on the investigation dates
    (investigation start or 立案, and the notice or decision date)."""
    basis = penalty_law(s.investigation_start or s.filing, "第四十二条", "第三十七条第一款")
    if s.case_type is CaseType.COERCION:
        basis = f"{XZQZ}第十八条第二项"
    investigators = s.officers_with_role(INVESTIGATOR)
    if not investigators:
        return insufficient("缺少数据：未录入调查执法人员（请在案件事实中补录承办的执法人员及执法证号）。", basis=basis)
    dates = _check_dates(s)
    if not dates:
        return insufficient("缺少数据：调查开始日期、立案日期或查封扣押日期"
                            "，无法判断证件是否有效。", basis=basis)
    failures, unknown, good = [], [], []
    for officer in investigators:
        if not (officer.cert_no or "").strip():
            # An unrecorded number is a gap in the data, not an officer without a certificate.
            unknown.append(f"{officer.name} 未录入执法证号")
            continue
        if officer.cert_valid_from is None and officer.cert_valid_to is None:
            unknown.append(f"{officer.name}（{officer.cert_no}）未录入证件有效期")
            continue
        bad = [f"{what} {d(day)}" for what, day in dates
               if (officer.cert_valid_from and day < officer.cert_valid_from)
               or (officer.cert_valid_to and day > officer.cert_valid_to)]
        validity = (f"{d(officer.cert_valid_from) if officer.cert_valid_from else '?'} 至 "
                    f"{d(officer.cert_valid_to) if officer.cert_valid_to else '?'}")
        if bad:
            failures.append(f"{officer.name}（{officer.cert_no}，有效期 {validity}）在 {'、'.join(bad)} 时无效")
        else:
            good.append(f"{officer.name}（{officer.cert_no}）")
    when = "、".join(f"{what} {d(day)}" for what, day in dates)
    if failures:
        return fail(f"核对日期：{when}。" + "；".join(failures + unknown) + "。", basis=basis)
    if unknown:
        return insufficient(f"核对日期：{when}。" + "；".join(unknown) + "。请查看案卷中的执法证件复印件"
                            "（或执法人员执法证信息），在案件事实中补录执法证号和有效期。", basis=basis)
    return ok(f"核对日期：{when}。执法证件均有效：{'、'.join(good)}。", basis=basis)


@rule("penalty.separation_of_roles", "调查、法制审核、审批决定由不同人员承担（办审定分离）",
      f"{XZCF}第五十八条、第六十四条（部分分离要求）；“办审定三分离”为政策性要求，未查到成文依据",
      procedures=(Procedure.GENERAL,), anchor=(), item_hints=("法制审核", "程序"), severity="policy", policy=True)
def separation_of_roles(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Investigator ≠ legal reviewer ≠ approver (configurable policy rule, unverified source)."""
    if len(s.officers) < 2:
        return insufficient("录入的人员不足两人，无法核对调查、法制审核、审批人员是否分离。")
    groups = {role: set(_names(s.officers_with_role(role))) for role in (INVESTIGATOR, LEGAL_REVIEWER, APPROVER)}
    present = [r for r, names in groups.items() if names]
    if len(present) < 2:
        return insufficient("录入的人员角色不足两类（需要调查人员、法制审核人员、审批负责人中的至少两类）。")
    clashes = []
    roles = list(groups)
    for i, a in enumerate(roles):
        for b in roles[i + 1:]:
            both = groups[a] & groups[b]
            if both:
                clashes.append(f"{'、'.join(sorted(both))} 同时担任{ROLE_LABELS[a]}和{ROLE_LABELS[b]}")
    summary = "；".join(f"{ROLE_LABELS[r]}：{'、'.join(sorted(groups[r]))}" for r in present)
    if clashes:
        return fail("；".join(clashes) + f"（{summary}）。本项为政策性要求，请结合本单位制度判断。")
    return ok(f"{summary}，人员互不重合。")


@rule("coercion.two_officers", "行政强制措施由两名以上行政执法人员实施", f"{XZQZ}第十八条第二项",
      case_types=(CaseType.COERCION, CaseType.PENALTY), applies_from=XZQZ_IN_FORCE,
      anchor=("seizure_start", "filing"), item_hints=("行政强制", "执法人员"), severity="veto")
def coercion_two_officers(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Coercive measures are carried out by at least two officers."""
    if not (s.coercive_measure or s.seizure_start or s.case_type is CaseType.COERCION):
        return na("未采取行政强制措施。")
    if not s.officers:
        return insufficient("缺少数据：未录入执法人员。")
    names = _names(s.officers_with_role(INVESTIGATOR))
    if len(names) >= 2:
        return ok(f"实施强制措施的执法人员 {len(names)} 人：{'、'.join(names)}。")
    return fail(f"实施强制措施的执法人员仅 {len(names)} 人（{'、'.join(names) or '无'}）。")
