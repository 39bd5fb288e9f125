"""统计分析: the dashboard of review results (figure cards, charts, unit ranking) with filters,
and every export (评查表 batch, 评查情况通报 PDF/Word, statistics workbook).

All figures come from ``services.stats.statistics(filter)`` — the same function the exports
use — run in the DB worker. Exports also run in the worker, with a progress dialog whose
Cancel sets a flag the export checks between files.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import DATE_BASIS_DECISION, DATE_BASIS_REVIEW, PdfOptions, StatsFilter, display
from ui.context import AppContext
from ui.empty_state import empty_state
from ui.export_job import ExportJob, run_export
from ui.flow_layout import FlowLayout
from ui.i18n import fmt, join_clauses, translator
from ui.screens import ScreenSpec, register_screen
from ui.screens.statistics_charts import FigureCards, GradeChart, ItemChart, UnitChart, num, pct
from ui.tables import fill, make_table

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.exports import ExportResult
    from casereview.services.stats import FilterOptions
    from casereview.services.types import Statistics

tr = translator("StatisticsScreen")

PERIODS = (
    ("all", QT_TRANSLATE_NOOP("StatisticsScreen", "All periods")),
    ("this_year", QT_TRANSLATE_NOOP("StatisticsScreen", "This year")),
    ("last_year", QT_TRANSLATE_NOOP("StatisticsScreen", "Last year")),
    ("custom", QT_TRANSLATE_NOOP("StatisticsScreen", "Custom period")),
)


class _Bridge(QObject):
    """Carries progress from the worker thread to the UI thread (queued signal)."""

    progress = Signal(int, int)


class ExportProgress:
    """A cancellable progress dialog for one background export."""

    def __init__(self, parent: QWidget, label: str) -> None:
        self.cancelled = threading.Event()
        self.bridge = _Bridge()
        self.dialog = QProgressDialog(label, tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(tr("Exporting"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancelled.set)
        self.bridge.progress.connect(self._show)

    def _show(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        self.dialog.setLabelText(fmt(tr("Exported %1 of %2 files…"), done, total))

    def report(self, done: int, total: int) -> None:  # called in the worker thread
        self.bridge.progress.emit(done, total)

    def is_cancelled(self) -> bool:  # called in the worker thread
        return self.cancelled.is_set()

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.close()


class StatisticsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stats: Statistics | None = None
        self.options: FilterOptions | None = None
        self.progress: ExportProgress | None = None
        self.export_job: ExportJob | None = None
        self._build()
        ctx.bus.database_opened.connect(lambda _db: self.reload_options() if ctx.may_load("statistics") else None)

    # -- layout -------------------------------------------------------------------------

    def _combo(self, tooltip: str, wide: int = 0) -> QComboBox:
        """As wide as its entries, or ``wide`` Chinese characters wide when set (a long unit name is
        cut there, in full in the opened list)."""
        combo = QComboBox(self)
        combo.setToolTip(tooltip)
        if wide:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(2 * wide)  # counted in Latin letters, half a Chinese character
        else:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _build(self) -> None:
        title = QLabel(tr("Statistics"), self)
        title.setObjectName("screenTitle")
        self.scope = QLabel(self)
        self.scope.setObjectName("hint")

        self.campaign = self._combo(tr("Campaign"), 11)
        self.unit = self._combo(tr("Unit"), 10)
        self.case_type = self._combo(tr("Case type"), 8)
        self.standard = self._combo(tr("Standard"), 10)
        self.period = self._combo(tr("Period"))
        for key, text in PERIODS:
            self.period.addItem(tr(text), key)
        self.basis = self._combo(tr("Which date the period applies to"))
        self.basis.addItem(tr("by review date"), DATE_BASIS_REVIEW)
        self.basis.addItem(tr("by decision date"), DATE_BASIS_DECISION)
        today = QDate.currentDate()
        self.date_from = QDateEdit(QDate(today.year(), 1, 1), self)
        self.date_to = QDateEdit(today, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.refresh_button = QPushButton(tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.reload)
        for combo in (self.campaign, self.unit, self.case_type, self.standard, self.basis):
            combo.activated.connect(lambda _i: self.reload())
        self.period.activated.connect(lambda _i: self._period_changed())
        self.date_from.dateChanged.connect(lambda _d: self._custom_changed())
        self.date_to.dateChanged.connect(lambda _d: self._custom_changed())

        # Each label stays with its box; the groups wrap to a second row on a narrow window.
        self.filters_row = QWidget(self)
        filters = FlowLayout(self.filters_row, spacing=10)

        def group(*widgets: QWidget) -> None:
            box = QWidget(self.filters_row)
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            for widget in widgets:
                row.addWidget(widget)
            filters.addWidget(box)

        for label, widget in (
            (tr("Campaign"), self.campaign),
            (tr("Unit"), self.unit),
            (tr("Case type"), self.case_type),
            (tr("Standard"), self.standard),
        ):
            group(QLabel(label, self), widget)
        group(QLabel(tr("Period"), self), self.period, self.date_from, QLabel("—", self), self.date_to, self.basis)
        group(self.refresh_button)
        self._period_changed(reload=False)

        self.forms_button = QToolButton(self)
        self.forms_button.setText(tr("Review forms…"))
        self.forms_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.forms_button.setStyleSheet("QToolButton { padding-right: 16px; }")  # the arrow covered "…"
        menu = QMenu(self.forms_button)
        menu.addAction(tr("One PDF per file (choose a folder)…"), lambda: self.export_forms(combined=False))
        menu.addAction(tr("One combined PDF…"), lambda: self.export_forms(combined=True))
        self.forms_button.setMenu(menu)
        self.report_pdf_button = QPushButton(tr("Report (PDF)…"), self)
        self.report_pdf_button.clicked.connect(lambda: self.export_report("pdf"))
        self.report_docx_button = QPushButton(tr("Report (Word)…"), self)
        self.report_docx_button.clicked.connect(lambda: self.export_report("docx"))
        self.workbook_button = QPushButton(tr("Statistics workbook…"), self)
        self.workbook_button.clicked.connect(self.export_workbook)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.scope, 1)
        for button in (self.forms_button, self.report_pdf_button, self.report_docx_button, self.workbook_button):
            head.addWidget(button)

        self.cards = FigureCards(self)
        self.grade_chart = GradeChart(tr("Grade distribution"), self)
        self.unit_chart = UnitChart(tr("Mean score by unit"), self)
        self.item_chart = ItemChart(tr("Most frequent deductions"), self)
        charts = QSplitter(Qt.Orientation.Horizontal, self)
        for view in (self.grade_chart, self.unit_chart, self.item_chart):
            charts.addWidget(view)
        charts.setSizes([300, 420, 480])

        self.ranking = make_table(
            [tr("Rank"), tr("Unit"), tr("Files"), tr("Mean score"), tr("Median"), tr("Excellence rate"),
             tr("Pass rate"), tr("Problems"), tr("Veto files"), tr("Excellent unit")],
            self,
            stretch=1,
        )
        self.empty = empty_state(self.ranking, self._empty_text)
        lower = QSplitter(Qt.Orientation.Vertical, self)
        lower.addWidget(charts)
        lower.addWidget(self.ranking)
        lower.setSizes([300, 260])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addWidget(self.filters_row)
        layout.addWidget(self.cards)
        layout.addWidget(lower, 1)

    # -- filters --------------------------------------------------------------------------

    def _period_changed(self, reload: bool = True) -> None:
        custom = self.period.currentData() == "custom"
        any_period = self.period.currentData() != "all"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        self.basis.setEnabled(any_period)
        if reload:
            self.reload()

    def _custom_changed(self) -> None:
        if self.period.currentData() == "custom":
            self.reload()

    def current_filter(self) -> StatsFilter:
        period = self.period.currentData()
        date_from = date_to = None
        year = date.today().year
        if period == "this_year":
            date_from, date_to = date(year, 1, 1), date(year, 12, 31)
        elif period == "last_year":
            date_from, date_to = date(year - 1, 1, 1), date(year - 1, 12, 31)
        elif period == "custom":
            date_from, date_to = self.date_from.date().toPython(), self.date_to.date().toPython()

        def chosen(combo: QComboBox) -> Any:
            return combo.currentData()

        unit = chosen(self.unit)
        case_type = chosen(self.case_type)
        standard = chosen(self.standard)
        return StatsFilter(
            campaign_id=chosen(self.campaign),
            unit_ids=(unit,) if unit is not None else (),
            case_types=(case_type,) if case_type else (),
            standard_codes=(standard,) if standard else (),
            date_from=date_from,  # type: ignore[arg-type]
            date_to=date_to,  # type: ignore[arg-type]
            date_basis=self.basis.currentData() or DATE_BASIS_REVIEW,
        )

    def reload_options(self) -> None:
        self.ctx.worker.call(lambda s: s.stats.filter_options(), self._got_options)

    def _got_options(self, options: FilterOptions) -> None:
        self.options = options
        for combo, choices, everything in (
            (self.campaign, options.campaigns, tr("All campaigns and reviews")),
            (self.unit, options.units, tr("All units")),
            (self.case_type, options.case_types, tr("All case types")),
            (self.standard, options.standards, tr("All standards")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for choice in choices:
                combo.addItem(choice.label, choice.value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
            combo.blockSignals(False)
        self.reload()

    # -- data -----------------------------------------------------------------------------

    def on_activated(self) -> None:
        if self.options is None:
            self.reload_options()
        else:
            self.reload()

    def _empty_text(self) -> str:
        narrowed = any(combo.currentData() is not None for combo in (self.campaign, self.unit, self.case_type,
                                                                     self.standard)) \
            or self.period.currentData() != "all"
        if narrowed:
            return tr("No submitted review matches these filters. Choose “All …” in a filter or a longer period.")
        return tr("No review has been submitted yet. Score a case under Case review and submit it (Ctrl+S): "
                  "its score, grade and deductions are counted here.")

    def reload(self) -> None:
        flt = self.current_filter()
        today = date.today()
        self.ctx.worker.call(lambda s: s.stats.statistics(flt, today=today), self.show_stats, label="statistics")

    def show_stats(self, stats: Statistics) -> None:
        self.stats = stats
        scope = join_clauses([*([stats.campaign_name] if stats.campaign_name else []), display(stats.filters.describe())])
        self.scope.setText(scope)
        self.cards.show_stats(stats)
        self.grade_chart.show_stats(stats)
        self.unit_chart.show_stats(stats)
        self.item_chart.show_stats(stats)
        self.empty.arm()
        fill(
            self.ranking,
            [
                [u.rank, u.unit_name, u.files, num(u.mean_score), num(u.median_score), pct(u.excellence_rate),
                 pct(u.pass_rate), u.problems, u.veto_files, tr("Yes") if u.excellent_unit else ""]
                for u in stats.unit_stats
            ],
        )
        has_campaign = stats.filters.campaign_id is not None
        self.forms_button.setEnabled(bool(stats.files) and has_campaign)
        self.forms_button.setToolTip(
            "" if has_campaign else tr("Choose a campaign to export its review forms in one batch.")
        )

    # -- exports --------------------------------------------------------------------------

    def _ask_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Folder for the review forms"))
        return Path(chosen) if chosen else None

    def _start(self, label: str) -> ExportProgress:
        self.progress = ExportProgress(self, label)
        return self.progress

    def _finish(self, text: str, path: Path | None = None) -> None:
        """Close the progress dialog; say what was done, with buttons opening ``path``."""
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        if path is not None:
            self.ctx.dialogs.exported(path, text)
        else:
            self.ctx.dialogs.info(text)

    def _failed(self, exc: BaseException) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self.ctx.dialogs.error(exc)

    def export_forms(self, *, combined: bool) -> None:
        flt = self.current_filter()
        if flt.campaign_id is None:
            return
        if combined:
            path = self.ctx.dialogs.save_file(tr("Save the review forms"), tr("PDF files (*.pdf)"), tr("Review forms") + ".pdf")
            if path is not None and path.suffix.lower() != ".pdf":
                path = path.with_suffix(".pdf")
        else:
            path = self._ask_folder()
        if path is None:
            return
        progress = self._start(tr("Exporting review forms…"))
        campaign_id = flt.campaign_id
        target = path

        def run(services: Services) -> ExportResult:
            return services.exports.export_campaign_reviews(
                campaign_id, target, combined=combined, options=PdfOptions(), progress=progress.report,
                cancel=progress.is_cancelled,
            )

        def done(result: ExportResult) -> None:
            if result.cancelled:
                self._finish(fmt(tr("Cancelled after %1 of %2 forms."), result.count, result.total))
            else:
                self._finish(fmt(tr("Exported %1 review forms to %2."), result.count, target), target)

        self.ctx.worker.call(run, done, self._failed, label="export forms")

    def export_report(self, kind: str) -> None:
        flt = self.current_filter()
        suffix = ".docx" if kind == "docx" else ".pdf"
        filters = tr("Word documents (*.docx)") if kind == "docx" else tr("PDF files (*.pdf)")
        path = self.ctx.dialogs.save_file(tr("Save the review report"), filters, tr("Review report") + suffix)
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        target = path

        def run(services: Services, stream: BinaryIO) -> None:
            method = services.exports.export_report_docx if kind == "docx" else services.exports.export_report_pdf
            method(flt, stream)

        self.export_job = run_export(self.ctx, self, target, tr("Writing the report…"),
                                     lambda _r: fmt(tr("Exported to %1."), target), to_stream=run)

    def export_workbook(self) -> None:
        flt = self.current_filter()
        path = self.ctx.dialogs.save_file(tr("Save the statistics workbook"), tr("Excel workbook (*.xlsx)"),
                                          tr("Review statistics") + ".xlsx")
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        target = path
        self.export_job = run_export(
            self.ctx, self, target, tr("Writing the workbook…"), lambda _r: fmt(tr("Exported to %1."), target),
            to_stream=lambda services, stream: services.exports.export_stats_xlsx(flt, stream),
        )

    def prepare_screenshot(self) -> None:
        self.reload_options()
        self.ctx.worker.flush()
        self.ctx.worker.flush()


register_screen(
    ScreenSpec(key="statistics", title=QT_TRANSLATE_NOOP("Navigation", "Statistics"), factory=StatisticsScreen)
)
