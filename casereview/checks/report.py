"""Plain-data views of check results for the CLI, exports and campaign statistics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from casereview.checks.registry import SEVERITY_LABELS, CheckOutcome, CheckResult

_MARKS = {
    CheckOutcome.PASS: "✓",
    CheckOutcome.FAIL: "✗",
    CheckOutcome.NOT_APPLICABLE: "－",
    CheckOutcome.INSUFFICIENT_DATA: "?",
}


def format_result_lines(results: Sequence[CheckResult], *, include_not_applicable: bool = True) -> list[str]:
    """Human-readable lines, one block per result:

    ✗ [不符合] penalty.service_within_7_workdays 当事人不在场的，处罚决定书七个工作日内送达（重要）
        依据：《中华人民共和国行政处罚法》第六十一条第一款、第八十五条
        说明：决定日期 2024-01-30，送达日期 2024-02-19，间隔 11 个工作日（…），超过 7 个工作日。
    """
    lines: list[str] = []
    for r in results:
        if not include_not_applicable and r.outcome is CheckOutcome.NOT_APPLICABLE:
            continue
        tags = SEVERITY_LABELS.get(r.severity, r.severity)
        if r.policy and r.severity != "policy":
            tags += "，政策性要求"
        lines.append(f"{_MARKS[r.outcome]} [{r.outcome.label}] {r.rule_id} {r.title}（{tags}）")
        lines.append(f"    依据：{r.legal_basis}")
        lines.append(f"    说明：{r.explanation}")
        if r.uncertain:
            lines.append(f"    待核实：{r.uncertain_note}")
    return lines


def result_to_dict(r: CheckResult) -> dict[str, Any]:
    return {
        "rule_id": r.rule_id,
        "title": r.title,
        "outcome": r.outcome.value,
        "outcome_label": r.outcome.label,
        "legal_basis": r.legal_basis,
        "explanation": r.explanation,
        "uncertain": r.uncertain,
        "uncertain_note": r.uncertain_note,
        "severity": r.severity,
        "policy": r.policy,
        "item_hints": list(r.item_hints),
    }


def results_to_json(results: Iterable[CheckResult]) -> list[dict[str, Any]]:
    """JSON-ready dicts (json.dumps(..., ensure_ascii=False))."""
    return [result_to_dict(r) for r in results]


def summarise(results_per_case: Iterable[Sequence[CheckResult]]) -> dict[str, dict[str, Any]]:
    """Hit counts per rule across many cases (a campaign).

    Returns {rule_id: {"title", "cases", "pass", "fail", "not_applicable",
    "insufficient_data", "uncertain"}} in rule order of first appearance; "cases" counts the
    cases the rule ran on, "fail" is the hit count.
    """
    summary: dict[str, dict[str, Any]] = {}
    for results in results_per_case:
        for r in results:
            row = summary.get(r.rule_id)
            if row is None:
                row = summary[r.rule_id] = {
                    "title": r.title, "cases": 0, "pass": 0, "fail": 0, "not_applicable": 0,
                    "insufficient_data": 0, "uncertain": 0,
                }
            row["cases"] += 1
            row[r.outcome.value] += 1
            if r.uncertain:
                row["uncertain"] += 1
    return summary
