"""Small helpers shared by the rule modules: verdict builders, date text, missing data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casereview.checks.registry import LAW_2021, CheckOutcome, Verdict
from casereview.checks.snapshot import FIELD_LABELS, CaseSnapshot
from casereview.checks.thresholds import format_amount
from casereview.workdays import (
    WorkdayCalendar,
    WorkdayCount,
    WorkdayResult,
    describe_interval,
    interval_details,
)

PASS, FAIL = CheckOutcome.PASS, CheckOutcome.FAIL
NA, INSUFFICIENT = CheckOutcome.NOT_APPLICABLE, CheckOutcome.INSUFFICIENT_DATA

__all__ = [
    "FAIL",
    "INSUFFICIENT",
    "LAW_2021",
    "NA",
    "PASS",
    "calendar_deadline",
    "count_text",
    "d",
    "docs_recorded",
    "fail",
    "has_doc",
    "is_new_law",
    "label",
    "missing",
    "na",
    "ok",
    "workday_deadline",
    "yuan",
]


def ok(text: str, years: tuple[int, ...] = (), *, basis: str | None = None) -> Verdict:
    return Verdict(PASS, text, years, "", basis)


def fail(text: str, years: tuple[int, ...] = (), *, basis: str | None = None) -> Verdict:
    return Verdict(FAIL, text, years, "", basis)


def na(text: str, basis: str | None = None) -> Verdict:
    return Verdict(NA, text, (), "", basis)


def insufficient(text: str, years: tuple[int, ...] = (), *, basis: str | None = None) -> Verdict:
    return Verdict(INSUFFICIENT, text, years, "", basis)


def label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def missing(s: CaseSnapshot, *names: str, purpose: str = "", basis: str | None = None) -> Verdict | None:
    """Insufficient-data verdict naming every missing field, or None when all are present."""
    absent = [n for n in names if getattr(s, n) is None]
    if not absent:
        return None
    text = "、".join(label(n) for n in absent)
    tail = f"，无法{purpose}" if purpose else ""
    return Verdict(INSUFFICIENT, f"缺少数据：{text}{tail}。", legal_basis=basis)


def d(day: dt.date) -> str:
    return str(day)


def yuan(amount: Decimal) -> str:
    return f"{format_amount(amount)} 元"


def is_new_law(day: dt.date) -> bool:
    """行政处罚法 2021 revision in force on ``day``."""
    return day >= LAW_2021


def count_text(count: WorkdayCount | WorkdayResult) -> str:
    return interval_details(count)


def calendar_deadline(cal: WorkdayCalendar, start: dt.date, days: int) -> tuple[dt.date, str, tuple[int, ...]]:
    """Deadline of a calendar-day period: start day not counted; a last day falling on a rest
    day moves to the next working day (民事诉讼法 第八十五条). Returns (deadline, note, uncertain)."""
    nominal = start + dt.timedelta(days=days)
    deadline = cal.next_workday_on_or_after(nominal)
    years = cal.uncertain_years_between(nominal - dt.timedelta(days=1), deadline)
    note = ""
    if deadline != nominal:
        holiday = cal.holiday_name(nominal)
        why = f"{holiday}假期" if holiday else "休息日"
        note = f"（期满日 {d(nominal)} 为{why}，顺延至 {d(deadline)}）"
    return deadline, note, years


def workday_deadline(cal: WorkdayCalendar, start: dt.date, n: int) -> WorkdayResult:
    return cal.add_workdays(start, n)


def within_workdays(
    cal: WorkdayCalendar,
    start: dt.date,
    end: dt.date,
    start_label: str,
    end_label: str,
    limit: int,
    *,
    late_note: str = "",
) -> Verdict:
    """The common "B within N working days of A" verdict, explanation included; a B
    dated before A is a contradiction in the file, reported as insufficient data."""
    if end < start:
        return insufficient(f"日期矛盾：{end_label} {d(end)} 早于{start_label} {d(start)}。")
    count = cal.count_workdays_between(start, end)
    text = describe_interval(cal, start, end, start_label, end_label, count)
    if count.count <= limit:
        return ok(text + f"，未超过 {limit} 个工作日。", count.uncertain_years)
    return fail(text + f"，超过 {limit} 个工作日{late_note}。", count.uncertain_years)


def docs_recorded(s: CaseSnapshot) -> bool:
    return bool(s.document_types)


def has_doc(s: CaseSnapshot, *names: str) -> bool:
    return any(n in s.document_types for n in names)
