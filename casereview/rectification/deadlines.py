"""Rectification deadlines in working days (法定节假日与调休 from the bundled calendar).

The deadline is the N-th working day after the issue date (the issue day itself does not
count). A fix is *overdue* when today is after the deadline and the unit still owes it,
*due soon* when at most ``soon_days`` working days remain (today counted out, the
deadline day counted in).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from casereview.workdays import WorkdayCalendar, default_extra_path

DEFAULT_DEADLINE_DAYS = 15
DEFAULT_DUE_SOON_DAYS = 3


class DueState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"

    @property
    def label(self) -> str:
        return {"overdue": "已超期", "due_soon": "即将到期", "on_time": "期限内"}[self.value]


@dataclass(frozen=True)
class DueInfo:
    state: DueState
    workdays_left: int  # negative: working days overdue

    @property
    def text(self) -> str:
        if self.state is DueState.OVERDUE:
            return f"超期 {max(1, -self.workdays_left)} 个工作日"
        return f"剩余 {self.workdays_left} 个工作日"


def calendar() -> WorkdayCalendar:
    """The bundled calendar plus the user's extra years (cached by the calendar module)."""
    extra: list[Path] = []
    with contextlib.suppress(OSError):  # no user folder: bundled data only
        extra.append(default_extra_path())
    return WorkdayCalendar.load(extra)


def deadline_after(issue_date: dt.date, workdays: int, cal: WorkdayCalendar | None = None) -> dt.date:
    if workdays < 1:
        from casereview.errors import ValidationError

        raise ValidationError(f"整改期限必须至少 1 个工作日（给定 {workdays}）。", days=workdays)
    return (cal or calendar()).add_workdays(issue_date, workdays).date


def due_info(
    deadline: dt.date, today: dt.date, soon_days: int = DEFAULT_DUE_SOON_DAYS, cal: WorkdayCalendar | None = None
) -> DueInfo:
    cal = cal or calendar()
    left = cal.count_workdays_between(today, deadline).count
    if today > deadline:
        return DueInfo(DueState.OVERDUE, min(left, -1) if left >= 0 else left)
    if left <= soon_days:
        return DueInfo(DueState.DUE_SOON, left)
    return DueInfo(DueState.ON_TIME, left)
