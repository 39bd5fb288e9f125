"""工作日历…: the PRC working-day calendar the statutory checks count with.

Shows the years the calendar covers (bundled or added by an admin), adds a year from a YAML
file (validated by the core; errors are shown as the core's Chinese message) and offers a
small working-day calculator for reviewers. File work runs in the DB worker; the calculator
only does arithmetic on the loaded calendar.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import fmt, join_list, translator

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.calendar import CalendarOverview

tr = translator("CalendarDialog")


def load_overview(services: Services) -> CalendarOverview:
    return services.calendar.overview()


def add_year_file(services: Services, path: Path) -> list[int]:
    return services.calendar.add_year(path)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class CalendarDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overview: CalendarOverview | None = None
        self.setWindowTitle(tr("Working-day calendar"))
        self.resize(720, 640)
        self._build()
        self.reload()

    def _build(self) -> None:
        intro = QLabel(tr("Statutory periods in working days (送达、公示、许可 …) are counted with the State "
                          "Council's holiday arrangements, including make-up working days. A date in a year "
                          "that is not listed is counted Monday to Friday and the check is marked “to be "
                          "verified”."), self)
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.coverage = QLabel(self)
        self.coverage.setObjectName("paneHeading")
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([tr("Year"), tr("Source"), tr("Holidays"), tr("Make-up working days")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(tr("Add year arrangement…"), self)
        self.add_button.setToolTip(tr("Choose a YAML file with the holidays and make-up working days of one or "
                                      "more years (same format as the bundled calendar); a year already "
                                      "present is replaced."))
        self.add_button.clicked.connect(self.add_year)
        self.where = QLabel(self)
        self.where.setObjectName("hint")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        add_row = QHBoxLayout()
        add_row.addWidget(self.where, 1)
        add_row.addWidget(self.add_button)

        calc = QGroupBox(tr("Working-day calculator"), self)
        self.start = QDateEdit(calc)
        self.end = QDateEdit(calc)
        self.from_date = QDateEdit(calc)
        today = dt.date.today()
        for edit, day in ((self.start, today - dt.timedelta(days=14)), (self.end, today), (self.from_date, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(_qdate(day))
            edit.dateChanged.connect(lambda _d: self.calculate())
        self.days = QSpinBox(calc)
        self.days.setRange(1, 400)
        self.days.setValue(7)
        self.days.valueChanged.connect(lambda _v: self.calculate())
        row1 = QHBoxLayout()
        row1.addWidget(QLabel(tr("From"), calc))
        row1.addWidget(self.start)
        row1.addWidget(QLabel(tr("to"), calc))
        row1.addWidget(self.end)
        row1.addStretch(1)
        self.interval = QLabel(calc)
        self.interval.setWordWrap(True)
        self.interval.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row2 = QHBoxLayout()
        row2.addWidget(self.from_date)
        row2.addWidget(QLabel(tr("plus"), calc))
        row2.addWidget(self.days)
        row2.addWidget(QLabel(tr("working days"), calc))
        row2.addStretch(1)
        self.deadline = QLabel(calc)
        self.deadline.setWordWrap(True)
        self.deadline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rule = QLabel(tr("The start day is not counted; the end day is (民事诉讼法 第八十五条 counting)."), calc)
        rule.setObjectName("hint")
        rule.setWordWrap(True)
        calc_layout = QVBoxLayout(calc)
        calc_layout.addLayout(row1)
        calc_layout.addWidget(self.interval)
        calc_layout.addLayout(row2)
        calc_layout.addWidget(self.deadline)
        calc_layout.addWidget(rule)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.coverage)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        layout.addWidget(calc)
        layout.addWidget(buttons)

    # -- data -----------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.worker.call(load_overview, self._loaded, label="load calendar")

    def _loaded(self, overview: CalendarOverview) -> None:
        from casereview.services.types import format_years

        self.overview = overview
        years = [r.year for r in overview.rows]
        self.coverage.setText(fmt(tr("Covered years: %1 (%2 years)"), format_years(years), len(years))
                              if years else tr("The calendar holds no years."))
        self.table.setRowCount(len(overview.rows))
        for index, row in enumerate(overview.rows):
            cells = (str(row.year), tr("Added by an administrator") if row.added else tr("Bundled"),
                     str(row.holidays), str(row.makeup_days))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column != 1:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(index, column, cell)
        self.table.resizeColumnToContents(0)
        self.where.setText(fmt(tr("Added years are kept in %1"), overview.extra_path))
        self.calculate()

    def add_year(self) -> None:
        path = self.ctx.dialogs.open_file(tr("Choose a year arrangement file"), tr("YAML files (*.yaml *.yml)"))
        if path is None:
            return
        self.ctx.worker.call(lambda s: add_year_file(s, path), self._added, self.ctx.dialogs.error,
                             label="add calendar year")

    def _added(self, years: list[int]) -> None:
        text = join_list(years)
        self.ctx.dialogs.info(fmt(tr("Added the holiday arrangement of %1. The automatic checks now count "
                                     "with it."), text))
        self.ctx.bus.status_message.emit(fmt(tr("Calendar year %1 added."), text))
        self.reload()

    # -- calculator -----------------------------------------------------------------

    def calculate(self) -> None:
        if self.overview is None:
            return
        from casereview.services.types import describe_interval, interval_details

        calendar = self.overview.calendar
        start, end = _pydate(self.start.date()), _pydate(self.end.date())
        count = calendar.count_workdays_between(start, end)
        text = escape(describe_interval(calendar, start, end, tr("Start date"), tr("End date"), count))
        if count.uncertain:
            text = f"<span style='color:#b45309'>⚠ {text}</span>"
        self.interval.setText(text)
        result = calendar.add_workdays(_pydate(self.from_date.date()), self.days.value())
        text = escape(fmt(tr("Deadline: %1"), result.date.isoformat()) + interval_details(result))
        self.deadline.setText(f"<span style='color:#b45309'>⚠ {text}</span>" if result.uncertain else f"<b>{text}</b>")


def show_calendar_dialog(ctx: AppContext, parent: QWidget | None = None) -> None:
    CalendarDialog(ctx, parent).exec()


