"""法制审核 and 集体讨论 before the decision."""

from __future__ import annotations

import datetime as dt

from casereview.checks.registry import LAW_2021, CheckContext, Verdict, rule
from casereview.checks.rules._common import d, docs_recorded, fail, has_doc, insufficient, label, na, ok
from casereview.checks.rules._law import XZCF, penalty_law
from casereview.checks.snapshot import LEGAL_REVIEWER, CaseSnapshot

LEGAL_REVIEW_DOCS = ("法制审核意见", "法制审核意见书", "法制审核表")
DISCUSSION_DOCS = ("集体讨论记录", "重大案件集体讨论记录", "集体讨论笔录")


def _before_decision(s: CaseSnapshot, field: str, doc_names: tuple[str, ...], what: str, why: str,
                     basis: str) -> Verdict:
    if s.decision is None:
        return insufficient(f"{why}；缺少数据：{label('decision')}。", basis=basis)
    held: dt.date | None = getattr(s, field)
    if held is None:
        if has_doc(s, *doc_names):
            return insufficient(f"{why}；案卷有{what}文书，但未录入{label(field)}。", basis=basis)
        if docs_recorded(s):
            return fail(f"{why}，案卷中未见{what}记录（{'/'.join(doc_names)}），决定日期 {d(s.decision)}。",
                        basis=basis)
        return insufficient(f"{why}；缺少数据：{label(field)}，且未录入案卷文书目录。", basis=basis)
    text = f"{why}；{label(field)} {d(held)}，决定日期 {d(s.decision)}"
    if held <= s.decision:
        same = "（同日）" if held == s.decision else ""
        return ok(text + f"，{what}在决定之前{same}。", basis=basis)
    return fail(text + f"，{what}晚于决定。", basis=basis)


@rule("penalty.legal_review_before_decision", "法制审核在处罚决定之前进行（应当审核的案件）",
      f"{XZCF}第五十八条", applies_from=LAW_2021, anchor=("decision", "legal_review"),
      item_hints=("法制审核",), severity="veto")
def legal_review_before_decision(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """When an Art. 58 trigger applies (flag, or the case went through a hearing), the legal
    review is dated no later than the decision."""
    basis = f"{XZCF}第五十八条"
    reasons = []
    if s.legal_review_required:
        reasons.append("案件标记为应当法制审核")
    if s.hearing_held is not None:
        reasons.append(f"经过听证程序（{d(s.hearing_held)}，第五十八条第一款第二项）")
    if not reasons:
        return na("未标记法制审核情形，也未经过听证。", basis=basis)
    result = _before_decision(s, "legal_review", LEGAL_REVIEW_DOCS, "法制审核", "；".join(reasons), basis)
    reviewers = s.officers_with_role(LEGAL_REVIEWER)
    unqualified = [r.name for r in reviewers if r.legal_qualification is False]
    if unqualified and result.outcome.value == "pass":
        return ok(result.explanation + f"注意：审核人员 {'、'.join(unqualified)} 未取得法律职业资格，"
                  "初次从事法制审核的人员应当取得（第五十八条第二款），请核实。", basis=basis)
    return result


@rule("penalty.collective_discussion_before_decision", "集体讨论在处罚决定之前进行（情节复杂或重大违法）",
      f"{XZCF}第五十七条第二款", anchor=(), item_hints=("集体讨论",), severity="veto")
def collective_discussion_before_decision(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """When flagged (complex case / serious violation, heavier penalty), the leaders' collective
    discussion is dated no later than the decision."""
    basis = penalty_law(s.decision, "第五十七条第二款", "第三十八条第二款")
    if not s.collective_discussion_required:
        return na("未标记为应当集体讨论的案件。", basis=basis)
    return _before_decision(s, "collective_discussion", DISCUSSION_DOCS, "集体讨论",
                            "案件标记为应当集体讨论", basis)
