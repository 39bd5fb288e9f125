"""The working-day calendar dialog: covered years, adding a year (and its validation errors),
the calculator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate

from casereview.errors import ValidationError
from casereview.workdays import default_extra_path
from ui.context import AppContext
from ui.dialogs_calendar import CalendarDialog

pytestmark = pytest.mark.gui

YEAR_2031 = """years:
  2031:
    holidays:
      - {date: 2031-01-01, name: 元旦}
      - {date: 2031-10-01, name: 国庆节}
      - {date: 2031-10-02, name: 国庆节}
    makeup_workdays:
      - {date: 2031-09-28, name: 国庆节}
"""


@pytest.fixture
def no_extra_years() -> Any:
    extra = default_extra_path()
    saved = extra.read_bytes() if extra.exists() else None
    extra.unlink(missing_ok=True)
    yield extra
    if saved is None:
        extra.unlink(missing_ok=True)
    else:
        extra.write_bytes(saved)


def _dialog(qtbot: Any, ctx: AppContext) -> CalendarDialog:
    dialog = CalendarDialog(ctx)
    qtbot.addWidget(dialog)
    ctx.worker.flush()
    assert dialog.overview is not None
    return dialog


def test_years_calculator_and_add_year(
    qtbot: Any, ui_ctx: AppContext, fake_dialogs: Any, tmp_path: Path, no_extra_years: Path
) -> None:
    dialog = _dialog(qtbot, ui_ctx)
    years = [int(dialog.table.item(r, 0).text()) for r in range(dialog.table.rowCount())]
    assert 2004 in years and 2024 in years and 2031 not in years
    assert "2004" in dialog.coverage.text()

    # Calculator: Spring Festival 2024 — decision 01-30, service 02-19 = 11 working days.
    dialog.start.setDate(QDate(2024, 1, 30))
    dialog.end.setDate(QDate(2024, 2, 19))
    assert "间隔 11 个工作日" in dialog.interval.text() and "调休" in dialog.interval.text()
    dialog.from_date.setDate(QDate(2031, 9, 26))
    dialog.days.setValue(3)
    assert "⚠" in dialog.deadline.text() and "2031" in dialog.deadline.text()  # year not covered yet

    # A broken file: the core's Chinese message reaches the user; nothing is stored.
    bad = tmp_path / "bad.yaml"
    bad.write_text("years:\n  2031:\n    holidays:\n      - {date: 2031-13-01, name: 元旦}\n", encoding="utf-8")
    fake_dialogs.file_answer = bad
    dialog.add_year()
    ui_ctx.worker.flush()
    assert len(fake_dialogs.errors) == 1 and isinstance(fake_dialogs.errors[0], ValidationError)
    assert "2031-13-01" in fake_dialogs.errors[0].message
    assert not no_extra_years.exists()

    good = tmp_path / "2031.yaml"
    good.write_text(YEAR_2031, encoding="utf-8")
    fake_dialogs.file_answer = good
    dialog.add_year()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert fake_dialogs.infos and "2031" in fake_dialogs.infos[-1]
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert "2031" in rows and rows["2031"] != rows["2024"]  # added, not bundled
    # Now counted with the holidays: 2031-09-26 (Fri) + 3 working days skips 10-01/02, counts 09-28.
    result = dialog.overview.calendar.add_workdays(dt.date(2031, 9, 26), 3)  # type: ignore[union-attr]
    assert not result.uncertain
    assert "⚠" not in dialog.deadline.text() and result.date.isoformat() in dialog.deadline.text()

    # The checks use the new year too (CheckService.reload was called).
    def calendar_years(services: Any) -> set[int]:
        return services.checks.context().calendar.covered_years()

    found: list[set[int]] = []
    ui_ctx.worker.call(calendar_years, found.append)
    ui_ctx.worker.flush()
    assert 2031 in found[0]
