"""Statutory pre-checks (Qt-free, DB-free): working-day calendar, threshold tables, case
snapshot, rule registry and the rules themselves.

Typical use::

    from casereview.checks import CheckContext, run_checks, format_result_lines
    ctx = CheckContext.default(calendar_extra=[user_data_dir() / "calendar_extra.yaml"])
    results = run_checks(snapshot, ctx)
"""

from casereview.checks.registry import (
    CheckContext,
    CheckOutcome,
    CheckResult,
    CheckSettings,
    Rule,
    Verdict,
    all_rules,
    get_rule,
    rule,
    run_checks,
)
from casereview.checks.report import format_result_lines, results_to_json, summarise
from casereview.checks.snapshot import CaseSnapshot, OfficerSnapshot
from casereview.checks.thresholds import ThresholdTables, ThresholdValue
from casereview.workdays import WorkdayCalendar, WorkdayCount, WorkdayResult, describe_interval

__all__ = [
    "CaseSnapshot",
    "CheckContext",
    "CheckOutcome",
    "CheckResult",
    "CheckSettings",
    "OfficerSnapshot",
    "Rule",
    "ThresholdTables",
    "ThresholdValue",
    "Verdict",
    "WorkdayCalendar",
    "WorkdayCount",
    "WorkdayResult",
    "all_rules",
    "describe_interval",
    "format_result_lines",
    "get_rule",
    "results_to_json",
    "rule",
    "run_checks",
    "summarise",
]
