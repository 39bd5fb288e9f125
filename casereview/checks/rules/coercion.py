"""Coercive measures (查封、扣押) under 行政强制法."""

from __future__ import annotations

from casereview.checks.registry import CheckContext, Verdict, rule
from casereview.checks.rules._common import (
    calendar_deadline,
    d,
    docs_recorded,
    fail,
    has_doc,
    insufficient,
    na,
    ok,
)
from casereview.checks.rules._law import XZQZ, XZQZ_IN_FORCE
from casereview.checks.snapshot import CaseSnapshot
from casereview.domain.enums import CaseType

EXTENSION_DOCS = ("延长行政强制措施期限通知书", "延长查封扣押期限决定书")


@rule("coercion.seizure_period_30_days", "查封、扣押期限不超过三十日，经批准延长不超过三十日",
      f"{XZQZ}第二十五条", case_types=(CaseType.COERCION, CaseType.PENALTY), applies_from=XZQZ_IN_FORCE,
      anchor=("seizure_start",), item_hints=("行政强制", "期限"), severity="major")
def seizure_period_30_days(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Seizure/detention ends (released or disposed of) within 30 days, + at most 30 approved
    days with written notice, + testing/appraisal time stated in writing (calendar days)."""
    if s.seizure_start is None:
        if s.coercive_measure or s.case_type is CaseType.COERCION:
            return insufficient("采取了行政强制措施，但缺少数据：查封扣押开始日期。")
        return na("未采取查封、扣押措施。")
    start = s.seizure_start
    ext = max(s.seizure_extension_days, 0)
    if s.seizure_extended_to is not None:
        ext = max(ext, (s.seizure_extended_to - start).days - 30)
    problems = []
    if ext > 30:
        problems.append(f"延长 {ext} 日，超过法定最长 30 日")
    if ext and docs_recorded(s) and not has_doc(s, *EXTENSION_DOCS):
        problems.append("延长期限但案卷中未见延长行政强制措施期限通知书（应书面告知当事人）")
    if s.seizure_end is None:
        if problems:
            return fail("；".join(problems) + "。")
        return insufficient("缺少数据：查封扣押解除/处理日期。")
    end = s.seizure_end
    excluded = max(s.seizure_excluded_days, 0)
    limit = 30 + min(ext, 30) + excluded
    deadline, note, years = calendar_deadline(ctx.calendar, start, limit)
    parts = ["30 日"]
    if ext:
        parts.append(f"延长 {min(ext, 30)} 日")
    if excluded:
        parts.append(f"检测、检验、鉴定期间 {excluded} 日不计")
    text = (f"查封扣押日期 {d(start)}，解除/处理日期 {d(end)}，相隔 {(end - start).days} 日；"
            f"期限 {limit} 日（{'，'.join(parts)}），截止 {d(deadline)}{note}")
    if end > deadline:
        problems.insert(0, f"超过期限 {(end - deadline).days} 日")
    if problems:
        return fail(text + "；" + "；".join(problems) + "。", years)
    return ok(text + "，未超过期限。", years)
