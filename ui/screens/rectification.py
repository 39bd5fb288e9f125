"""问题整改: the deficiency register (filters, sort, batch actions, timeline) and the
rectification notices (issue with preview, export, feedback, verification, closure, void)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import fmt, translator
from ui.models.rows_model import RowsTableModel
from ui.screens import ScreenSpec, register_screen
from ui.screens.rectification_dialogs import (
    FeedbackDialog,
    IssueAllDialog,
    NoticeEditorDialog,
    RecategoriseDialog,
    VerifyDialog,
    fill_timeline,
    from_qdate,
    timeline_tree,
    to_qdate,
)

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.deficiencies import (
        DeficiencyFilter,
        DeficiencyInfo,
        PhraseInfo,
        RectificationSettings,
        TimelineEntry,
        UnitCount,
    )
    from casereview.services.notices import NoticeDetail, NoticeInfo
    from casereview.services.types import Taxonomy

tr = translator("RectificationScreen")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_BG = QColor("#fde2e1")
SOON_BG = QColor("#fff4cc")
CLOSED_FG = QColor("#6b7280")

# Status codes and their Chinese labels (core data, shown as is like other core labels).
STATUSES = (
    ("pending", "待下发"),
    ("issued", "已下发"),
    ("responded", "已反馈"),
    ("rejected", "退回"),
    ("verified", "已核验"),
    ("closed", "已销号"),
)


def N_(text: str) -> str:
    return QT_TRANSLATE_NOOP("RectificationScreen", text)


class DeficiencyModel(RowsTableModel["DeficiencyInfo"]):
    HEADERS = (N_("No."), N_("Unit"), N_("Case no."), N_("Item"), N_("Points"), N_("Finding"), N_("Category"),
               N_("Status"), N_("Notice"), N_("Deadline"), N_("Time left"))
    header_tr = staticmethod(tr)

    def _values(self, d: DeficiencyInfo) -> tuple[Any, ...]:
        return (d.id, d.unit_name, d.case_no, d.item_code, d.points_text, d.wording, d.category, d.status_label,
                d.notice_number, d.due_date.isoformat() if d.due_date else "", d.due.text if d.due else "")

    def display(self, d: DeficiencyInfo, column: int) -> Any:
        return str(self._values(d)[column])

    def role_data(self, d: DeficiencyInfo, column: int, role: int) -> Any:
        if role == SORT_ROLE:
            if column == 0:
                return d.id
            if column == 4:
                return 1000.0 if d.is_veto else d.points
            if column == 7:
                return [s for s, _ in STATUSES].index(d.status) if d.status in dict(STATUSES) else 99
            if column == 10:
                return d.due.workdays_left if d.due else 10_000
            return str(self._values(d)[column])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{d.case_no} · {d.item_code} {d.item_text}\n{d.wording}\n{d.evidence_text}"
        if role == Qt.ItemDataRole.BackgroundRole:
            if d.overdue:
                return OVERDUE_BG
            if d.due_soon:
                return SOON_BG
        if role == Qt.ItemDataRole.ForegroundRole and d.status == "closed":
            return CLOSED_FG
        if role == Qt.ItemDataRole.FontRole and d.overdue and column == 10:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 4):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class NoticeModel(RowsTableModel["NoticeInfo"]):
    HEADERS = (N_("Number"), N_("Unit"), N_("Issued"), N_("Deadline"), N_("Findings"), N_("Open"), N_("Status"),
               N_("Time left"))
    header_tr = staticmethod(tr)

    def _values(self, n: NoticeInfo) -> tuple[Any, ...]:
        return (n.number, n.unit_name, n.issue_date.isoformat(), n.deadline.isoformat(), n.finding_count,
                n.open_count, n.status_label, n.due.text if n.due else "")

    def display(self, n: NoticeInfo, column: int) -> Any:
        return str(self._values(n)[column])

    def role_data(self, n: NoticeInfo, column: int, role: int) -> Any:
        if role == SORT_ROLE:
            if column == 0:
                return (n.year, n.seq)
            if column in (4, 5):
                return self._values(n)[column]
            if column == 7:
                return n.due.workdays_left if n.due else 10_000
            return str(self._values(n)[column])
        if role == Qt.ItemDataRole.ToolTipRole and n.void_reason:
            return fmt(tr("Voided: %1"), n.void_reason)
        if role == Qt.ItemDataRole.BackgroundRole:
            if n.overdue:
                return OVERDUE_BG
            if n.due_soon:
                return SOON_BG
        if role == Qt.ItemDataRole.ForegroundRole and n.status in ("void", "closed"):
            return CLOSED_FG
        if role == Qt.ItemDataRole.FontRole and n.status == "void":
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


def _sortable(model: QAbstractTableModel, parent: QWidget) -> tuple[QSortFilterProxyModel, QTableView]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView(parent)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    return proxy, table


class RectificationScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings: RectificationSettings | None = None
        self.taxonomies: list[Taxonomy] = []
        self.units: list[UnitCount] = []
        self.deficiencies = DeficiencyModel(self)
        self.notices = NoticeModel(self)
        self._loaded = False
        self._build()
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(200)
        self._reload_timer.timeout.connect(self.reload_register)
        ctx.bus.database_opened.connect(lambda _db: self.reload())

    # -- layout ---------------------------------------------------------------------

    def _combo(self, placeholder: str, width: int = 150) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(placeholder, None)
        combo.setMinimumWidth(width)
        combo.currentIndexChanged.connect(lambda _i: self._reload_timer.start())
        return combo

    def _build(self) -> None:
        title = QLabel(tr("Rectification"), self)
        title.setObjectName("screenTitle")
        self.summary = QLabel(self)
        self.summary.setObjectName("countLabel")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.summary, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_register(), tr("Deficiency register"))
        self.tabs.addTab(self._build_notices(), tr("Notices"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)

    def _build_register(self) -> QWidget:
        page = QWidget(self)
        self.campaign_combo = self._combo(tr("All campaigns"))
        self.unit_combo = self._combo(tr("All units"), 220)
        self.taxonomy_combo = QComboBox(self)
        self.taxonomy_combo.setMinimumWidth(170)
        self.taxonomy_combo.currentIndexChanged.connect(self._taxonomy_changed)
        self.category_combo = self._combo(tr("All categories"), 120)
        self.status_combo = self._combo(tr("All statuses"), 100)
        self.status_combo.addItem(tr("Open (not closed)"), "open")
        for code, label in STATUSES:
            self.status_combo.addItem(label, code)
        self.overdue_check = QCheckBox(tr("Overdue only"), self)
        self.overdue_check.toggled.connect(lambda _on: self._reload_timer.start())
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Case no., item or wording"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._reload_timer.start())
        filters = QHBoxLayout()
        for widget in (self.campaign_combo, self.unit_combo, self.taxonomy_combo, self.category_combo,
                       self.status_combo, self.overdue_check):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)

        self.issue_button = QPushButton(tr("Issue notice for selected…"), self)
        self.issue_button.setObjectName("primary")
        self.issue_button.clicked.connect(self.issue_selected)
        self.issue_all_button = QPushButton(tr("Issue to all units…"), self)
        self.issue_all_button.clicked.connect(self.issue_all)
        self.recategorise_button = QPushButton(tr("Re-categorise…"), self)
        self.recategorise_button.clicked.connect(self.recategorise)
        self.export_button = QPushButton(tr("Export register…"), self)
        self.export_button.clicked.connect(self.export_register)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        actions = QHBoxLayout()
        for button in (self.issue_button, self.issue_all_button, self.recategorise_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)

        self.def_proxy, self.def_table = _sortable(self.deficiencies, page)
        self.def_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.def_table.horizontalHeader()
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 52), (1, 150), (2, 170), (3, 50), (4, 46), (6, 64), (7, 60), (8, 150), (9, 84),
                              (10, 110)):
            self.def_table.setColumnWidth(column, width)
        self.def_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.def_table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())

        # detail pane: the finding, its standard wordings and its timeline
        self.detail = QTextBrowser(page)
        self.detail.setOpenExternalLinks(False)
        self.phrase_list = QListWidget(page)
        self.phrase_list.setMaximumHeight(110)
        self.phrase_list.itemDoubleClicked.connect(self._use_phrase)
        self.use_phrase_button = QPushButton(tr("Use wording"), page)
        self.use_phrase_button.clicked.connect(lambda: self._use_phrase(self.phrase_list.currentItem()))
        self.add_phrase_button = QPushButton(tr("Save current wording to library"), page)
        self.add_phrase_button.clicked.connect(self._add_phrase)
        phrase_buttons = QHBoxLayout()
        phrase_buttons.addWidget(self.use_phrase_button)
        phrase_buttons.addWidget(self.add_phrase_button)
        phrase_buttons.addStretch(1)
        self.def_timeline = timeline_tree(page)
        side = QWidget(page)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in ((tr("Finding"), self.detail), (tr("Standard wordings"), self.phrase_list)):
            heading = QLabel(text, side)
            heading.setObjectName("paneHeading")
            side_layout.addWidget(heading)
            side_layout.addWidget(widget, 2 if widget is self.detail else 0)
        side_layout.addLayout(phrase_buttons)
        heading = QLabel(tr("History"), side)
        heading.setObjectName("paneHeading")
        side_layout.addWidget(heading)
        side_layout.addWidget(self.def_timeline, 2)

        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.addWidget(self.def_table)
        split.addWidget(side)
        split.setSizes([1040, 380])
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        self._selection_changed()
        return page

    def _build_notices(self) -> QWidget:
        page = QWidget(self)
        self.notice_proxy, self.notice_table = _sortable(self.notices, page)
        self.notice_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.notice_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 190), (2, 90), (3, 90), (4, 64), (5, 64), (6, 70), (7, 120)):
            self.notice_table.setColumnWidth(column, width)
        self.notice_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.notice_table.selectionModel().currentRowChanged.connect(lambda *_a: self._notice_changed())
        buttons: list[tuple[str, Any]] = [
            (tr("Export PDF…"), lambda: self.export_notice("pdf")),
            (tr("Export Word…"), lambda: self.export_notice("docx")),
            (tr("Record feedback…"), self.record_feedback),
            (tr("Verify…"), self.verify),
            (tr("Close (sign off)"), self.close_notice),
            (tr("Change deadline…"), self.change_deadline),
            (tr("Void…"), self.void_notice),
        ]
        row = QHBoxLayout()
        self.notice_buttons: dict[str, QPushButton] = {}
        for text, slot in buttons:
            button = QPushButton(text, page)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.notice_buttons[text] = button
        row.addStretch(1)
        self.notice_detail = QTextBrowser(page)
        self.notice_timeline = timeline_tree(page)
        lower = QSplitter(Qt.Orientation.Horizontal, page)
        lower.addWidget(self.notice_detail)
        lower.addWidget(self.notice_timeline)
        lower.setSizes([700, 700])
        split = QSplitter(Qt.Orientation.Vertical, page)
        split.addWidget(self.notice_table)
        split.addWidget(lower)
        split.setSizes([380, 320])
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        return page

    # -- loading --------------------------------------------------------------------

    def on_activated(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        def load(services: Services) -> tuple[Any, ...]:
            d = services.deficiencies
            return d.campaigns(), d.units(), d.taxonomies(), d.settings()

        self.ctx.worker.call(load, lambda r: self._got_filters(*r))

    def _got_filters(self, campaigns: list[tuple[int, str]], units: list[UnitCount], taxonomies: list[Taxonomy],
                     settings: RectificationSettings) -> None:
        self._loaded = True
        self.settings, self.units, self.taxonomies = settings, units, taxonomies
        for combo, entries in ((self.campaign_combo, campaigns),
                               (self.unit_combo, [(u.unit_id, u.unit_name) for u in units if u.unit_id is not None])):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for key, name in entries:
                combo.addItem(str(name), key)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.taxonomy_combo.blockSignals(True)
        current_tax = self.taxonomy_combo.currentData()
        self.taxonomy_combo.clear()
        for t in taxonomies:
            self.taxonomy_combo.addItem(t.display_name, t.key)
        self.taxonomy_combo.setCurrentIndex(max(self.taxonomy_combo.findData(current_tax), 0))
        self.taxonomy_combo.blockSignals(False)
        self._fill_categories()
        self.reload_register()
        self.reload_notices()

    def _taxonomy_changed(self) -> None:
        self._fill_categories()
        self._reload_timer.start()

    def _fill_categories(self) -> None:
        key = self.taxonomy_combo.currentData()
        tax = next((t for t in self.taxonomies if t.key == key), None)
        self.category_combo.blockSignals(True)
        while self.category_combo.count() > 1:
            self.category_combo.removeItem(1)
        for c in tax.categories if tax else ():
            self.category_combo.addItem(c.name, c.name)
        self.category_combo.blockSignals(False)

    def current_filter(self) -> DeficiencyFilter:
        from casereview.services.deficiencies import DeficiencyFilter

        category = self.category_combo.currentData()
        return DeficiencyFilter(
            campaign_id=self.campaign_combo.currentData(),
            unit=self.unit_combo.currentData(),
            status=self.status_combo.currentData(),
            category=category,
            taxonomy=self.taxonomy_combo.currentData() if category else None,
            overdue=self.overdue_check.isChecked(),
            text=self.search.text().strip() or None,
        )

    def reload_register(self) -> None:
        flt = self.current_filter()
        self.ctx.worker.call(lambda s: s.deficiencies.list_deficiencies(flt), self._got_register)

    def _got_register(self, rows: list[DeficiencyInfo]) -> None:
        selected = set(self.selected_ids())
        self.deficiencies.set_rows(rows)
        overdue = sum(d.overdue for d in rows)
        soon = sum(d.due_soon for d in rows)
        self.count_label.setText(fmt(tr("%1 findings · %2 overdue · %3 due soon"), len(rows), overdue, soon))
        if selected:
            selection = self.def_table.selectionModel()
            for row, d in enumerate(rows):
                if d.id in selected:
                    index = self.def_proxy.mapFromSource(self.deficiencies.index(row, 0))
                    selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        self._selection_changed()

    def reload_notices(self) -> None:
        def load(services: Services) -> tuple[list[NoticeInfo], Any]:
            return services.notices.list_notices(), services.notices.due_summary()

        self.ctx.worker.call(load, lambda r: self._got_notices(*r))

    def _got_notices(self, rows: list[NoticeInfo], summary: Any) -> None:
        current = self._current_notice()
        self.notices.set_rows(rows)
        self.summary.setText(summary.text)
        if current is not None:
            for row, n in enumerate(rows):
                if n.id == current.id:
                    self.notice_table.selectRow(self.notice_proxy.mapFromSource(self.notices.index(row, 0)).row())
        self._notice_changed()

    def refresh_all(self) -> None:
        self.reload()

    # -- register selection ---------------------------------------------------------

    def selected_rows(self) -> list[DeficiencyInfo]:
        rows = {self.def_proxy.mapToSource(i).row() for i in self.def_table.selectionModel().selectedRows()}
        return [self.deficiencies.rows[r] for r in sorted(rows) if 0 <= r < len(self.deficiencies.rows)]

    def selected_ids(self) -> list[int]:
        return [d.id for d in self.selected_rows()]

    def _selection_changed(self) -> None:
        rows = self.selected_rows()
        pending = [d for d in rows if d.status == "pending"]
        self.issue_button.setEnabled(bool(pending))
        self.recategorise_button.setEnabled(bool(rows))
        if len(rows) != 1:
            self.detail.setHtml(fmt(tr("<p>%1 findings selected.</p>"), len(rows)) if rows else
                                tr("<p>Select a finding to see its details and history.</p>"))
            self.phrase_list.clear()
            self.def_timeline.clear()
            self.use_phrase_button.setEnabled(False)
            self.add_phrase_button.setEnabled(False)
            return
        d = rows[0]
        self._show_detail(d)
        deficiency_id, item_code = d.id, d.item_code

        def load(services: Services) -> tuple[list[TimelineEntry], list[PhraseInfo]]:
            return services.deficiencies.timeline(deficiency_id), services.deficiencies.phrases(item_code)

        self.ctx.worker.call(load, lambda r: self._got_detail(deficiency_id, *r))

    def _show_detail(self, d: DeficiencyInfo) -> None:
        def esc(text: str) -> str:
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        due = f" · <b style='color:#b91c1c'>{esc(d.due.text)}</b>" if d.due and d.overdue else (
            f" · {esc(d.due.text)}" if d.due else "")
        rows = [
            (tr("Case"), d.case_no),
            (tr("Unit"), d.unit_name),
            (tr("Officers"), d.officers or "—"),
            (tr("Standard item"), f"{d.item_code} {d.item_text}"),
            (tr("Points"), d.points_text),
            (tr("Evidence pages"), d.evidence_text or "—"),
            (tr("Category"), d.category),
            (tr("Campaign"), d.campaign_name or "—"),
            (tr("Notice"), d.notice_number or "—"),
        ]
        table = "".join(f"<tr><td style='color:#6b7280;padding-right:8px'>{esc(k)}</td><td>{esc(v)}</td></tr>"
                        for k, v in rows)
        self.detail.setHtml(
            f"<p style='font-size:11pt'><b>{esc(d.wording)}</b></p>"
            f"<p>{esc(d.status_label)}{(' · ' + esc(tr('deadline')) + ' ' + d.due_date.isoformat()) if d.due_date else ''}"
            f"{due}</p><table>{table}</table>"
        )

    def _got_detail(self, deficiency_id: int, timeline: list[TimelineEntry], phrases: list[PhraseInfo]) -> None:
        rows = self.selected_rows()
        if len(rows) != 1 or rows[0].id != deficiency_id:
            return
        fill_timeline(self.def_timeline, timeline)
        self.phrase_list.clear()
        for p in phrases:
            origin = tr("standard") if p.source == "standard" else fmt(tr("library, used %1×"), p.uses)
            item = QListWidgetItem(f"{p.text}  ({origin})")
            item.setData(Qt.ItemDataRole.UserRole, (p.text, p.id))
            self.phrase_list.addItem(item)
        editable = rows[0].status == "pending"
        self.use_phrase_button.setEnabled(editable and bool(phrases))
        self.add_phrase_button.setEnabled(True)

    def _use_phrase(self, item: QListWidgetItem | None) -> None:
        rows = self.selected_rows()
        if item is None or len(rows) != 1:
            return
        if rows[0].status != "pending":
            self.ctx.dialogs.info(tr("Only findings not yet issued can be reworded."))
            return
        text, phrase_id = item.data(Qt.ItemDataRole.UserRole)
        deficiency_id = rows[0].id

        def apply(services: Services) -> None:
            services.deficiencies.set_wording(deficiency_id, text, reason="采用标准表述")
            if phrase_id is not None:
                services.deficiencies.use_phrase(phrase_id)

        self.ctx.worker.call(apply, lambda _r: self.reload_register())

    def _add_phrase(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        d = rows[0]
        self.ctx.worker.call(
            lambda s: s.deficiencies.add_phrase(d.item_code, d.wording),
            lambda _p: (self.ctx.bus.status_message.emit(tr("Wording saved to the library.")),
                        self._selection_changed()),
        )

    # -- register actions -----------------------------------------------------------

    def issue_selected(self) -> None:
        pending = [d for d in self.selected_rows() if d.status == "pending"]
        if not pending or self.settings is None:
            return
        units = {d.unit_id for d in pending}
        if len(units) != 1 or None in units:
            self.ctx.dialogs.info(tr("A notice goes to one unit: select pending findings of a single unit, "
                                     "or use “Issue to all units”."))
            return
        first = pending[0]
        assert first.unit_id is not None
        campaigns = {d.campaign_id for d in pending}
        dialog = NoticeEditorDialog(self.ctx, first.unit_id, first.unit_name, pending, self.settings,
                                    next(iter(campaigns)) if len(campaigns) == 1 else None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.issued is not None:
            self._issued([dialog.issued])

    def issue_all(self) -> None:
        if self.settings is None:
            return
        campaign_id = self.campaign_combo.currentData()
        self.ctx.worker.call(lambda s: s.deficiencies.units(campaign_id),
                             lambda units: self._issue_all_dialog(campaign_id, units))

    def _issue_all_dialog(self, campaign_id: int | None, units: list[UnitCount]) -> None:
        pending = [(u.unit_name, u.pending) for u in units if u.pending and u.unit_id is not None]
        if not pending or self.settings is None:
            self.ctx.dialogs.info(tr("There are no pending findings."))
            return
        dialog = IssueAllDialog(pending, self.settings, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        issue_date, days = from_qdate(dialog.issue_date.date()), dialog.days.value()
        self.ctx.worker.call(
            lambda s: s.notices.issue_all(campaign_id=campaign_id, issue_date=issue_date, deadline_days=days),
            self._issued,
        )

    def _issued(self, notices: list[NoticeInfo]) -> None:
        numbers = "\n".join(f"{n.number}  {n.unit_name}  ({n.finding_count})" for n in notices)
        self.ctx.dialogs.info(fmt(tr("Issued %1 notices:\n%2\n\nExport them from the Notices tab to print."),
                                  len(notices), numbers))
        self.refresh_all()
        self.tabs.setCurrentIndex(1)

    def recategorise(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        dialog = RecategoriseDialog(self.taxonomies, len(rows), rows[0].taxonomy, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        taxonomy, category, reason = dialog.values()
        ids = [d.id for d in rows]
        self.ctx.worker.call(lambda s: s.deficiencies.recategorise(ids, category, taxonomy, reason=reason),
                             lambda _r: self.reload_register())

    def export_register(self) -> None:
        path = self.ctx.dialogs.save_file(tr("Export the deficiency register"), tr("Excel workbook (*.xlsx)"),
                                          f"问题清单-{dt.date.today().isoformat()}.xlsx")
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        flt = self.current_filter()
        self.ctx.worker.call(lambda s: s.deficiencies.export_xlsx(path, flt),
                             lambda n: self.ctx.dialogs.info(fmt(tr("Exported %1 findings to %2."), n, path)))

    # -- notices --------------------------------------------------------------------

    def _current_notice(self) -> NoticeInfo | None:
        index = self.notice_table.currentIndex()
        if not index.isValid():
            return None
        row = self.notice_proxy.mapToSource(index).row()
        return self.notices.rows[row] if 0 <= row < len(self.notices.rows) else None

    def _notice_changed(self) -> None:
        n = self._current_notice()
        for button in self.notice_buttons.values():
            button.setEnabled(n is not None)
        if n is None:
            self.notice_detail.setHtml(tr("<p>Select a notice.</p>"))
            self.notice_timeline.clear()
            return
        live = n.status != "void"
        self.notice_buttons[tr("Record feedback…")].setEnabled(n.status in ("issued", "rejected"))
        self.notice_buttons[tr("Verify…")].setEnabled(n.status in ("responded", "rejected"))
        self.notice_buttons[tr("Close (sign off)")].setEnabled(n.status == "verified")
        self.notice_buttons[tr("Change deadline…")].setEnabled(live and n.status != "closed")
        self.notice_buttons[tr("Void…")].setEnabled(n.status in ("issued", "responded", "rejected"))
        notice_id = n.id

        def load(services: Services) -> tuple[NoticeDetail, list[TimelineEntry]]:
            return services.notices.detail(notice_id), services.notices.timeline(notice_id)

        self.ctx.worker.call(load, lambda r: self._got_notice(*r))

    def _got_notice(self, detail: NoticeDetail, timeline: list[TimelineEntry]) -> None:
        current = self._current_notice()
        if current is None or current.id != detail.notice.id:
            return

        def esc(text: str) -> str:
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        n = detail.notice
        lines = [f"<p style='font-size:11pt'><b>{esc(n.number)}</b> · {esc(n.unit_name)} · {esc(n.status_label)}</p>",
                 f"<p>{esc(fmt(tr('Issued %1, deadline %2'), n.issue_date, n.deadline))}"
                 f"{(' · ' + esc(n.due.text)) if n.due else ''}</p>"]
        if n.void_reason:
            lines.append(f"<p style='color:#b91c1c'>{esc(fmt(tr('Voided: %1'), n.void_reason))}</p>")
        findings = detail.deficiencies or ()
        if findings:
            lines.append("<ol>" + "".join(
                f"<li>{esc(d.case_no)} · {esc(d.item_code)} · {esc(d.wording)} "
                f"<span style='color:#6b7280'>({esc(d.status_label)})</span></li>" for d in findings) + "</ol>")
        else:
            lines.append("<ol>" + "".join(
                f"<li>{esc(f.case_no)} · {esc(f.item_code)} · {esc(f.wording)}</li>" for f in detail.document.findings
            ) + "</ol>")
        for fb in detail.feedback:
            files = "、".join(a.name for a in fb.attachments)
            lines.append(f"<p><b>{esc(fmt(tr('Feedback received %1'), fb.received_date))}</b>: {esc(fb.measures)}"
                         + (f"<br><span style='color:#6b7280'>{esc(files)}</span>" if files else "") + "</p>")
        self.notice_detail.setHtml("".join(lines))
        fill_timeline(self.notice_timeline, timeline)

    def _after_notice_action(self, _result: object = None) -> None:
        self.refresh_all()

    def export_notice(self, kind: str) -> None:
        n = self._current_notice()
        if n is None:
            return
        filters = tr("PDF document (*.pdf)") if kind == "pdf" else tr("Word document (*.docx)")
        safe = n.number.replace("〔", "").replace("〕", "-").replace("/", "-")
        path = self.ctx.dialogs.save_file(tr("Export the notice"), filters, f"整改通知书-{safe}-{n.unit_name}.{kind}")
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_suffix(f".{kind}")
        notice_id = n.id

        def export(services: Services) -> Any:
            if kind == "pdf":
                return services.notices.export_pdf(notice_id, path)
            return services.notices.export_docx(notice_id, path)

        self.ctx.worker.call(export, lambda p: self.ctx.dialogs.info(fmt(tr("Exported to %1."), p)))

    def record_feedback(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        notice_id = n.id
        self.ctx.worker.call(lambda s: s.notices.detail(notice_id), lambda d: self._feedback_dialog(n, d))

    def _feedback_dialog(self, n: NoticeInfo, detail: NoticeDetail) -> None:
        waiting = [d for d in detail.deficiencies if d.status in ("issued", "rejected")]
        dialog = FeedbackDialog(self.ctx, n, waiting, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        self.ctx.worker.call(lambda s: s.notices.record_feedback(n.id, **values), self._after_notice_action)

    def verify(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        notice_id = n.id
        self.ctx.worker.call(lambda s: s.notices.detail(notice_id), self._verify_dialog)

    def _verify_dialog(self, detail: NoticeDetail) -> None:
        dialog = VerifyDialog(detail, self)
        if not dialog.responded:
            self.ctx.dialogs.info(tr("No findings of this notice are waiting for verification."))
            return
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        notice_id = detail.notice.id
        self.ctx.worker.call(
            lambda s: s.notices.verify(notice_id, values["accept"], values["comment"],
                                       deficiency_ids=values["deficiency_ids"]),
            self._after_notice_action,
        )

    def close_notice(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        if not self.ctx.dialogs.confirm(fmt(tr("Sign off all findings of %1?"), n.number)):
            return
        self.ctx.worker.call(lambda s: s.notices.close(n.id), self._after_notice_action)

    def change_deadline(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        text = self.ctx.dialogs.ask_text(tr("Change the deadline"),
                                         fmt(tr("New deadline for %1 (YYYY-MM-DD), current %2:"), n.number, n.deadline))
        if not text:
            return
        try:
            new = dt.date.fromisoformat(text.strip())
        except ValueError:
            self.ctx.dialogs.info(tr("Please write the date as YYYY-MM-DD."))
            return
        reason = self.ctx.dialogs.ask_text(tr("Change the deadline"), tr("Reason for the change:"))
        if not reason:
            return
        self.ctx.worker.call(lambda s: s.notices.set_deadline(n.id, new, reason), self._after_notice_action)

    def void_notice(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        reason = self.ctx.dialogs.ask_text(
            tr("Void the notice"),
            fmt(tr("Why is %1 voided? It stays on record; its findings return to pending."), n.number),
        )
        if not reason or not reason.strip():
            return
        self.ctx.worker.call(lambda s: s.notices.void(n.id, reason), self._after_notice_action)

    # -- screenshot -----------------------------------------------------------------

    def prepare_screenshot(self) -> None:
        self.reload()
        self.ctx.worker.flush()
        self.ctx.worker.flush()
        if self.deficiencies.rows:
            self.def_table.selectRow(0)
            self.ctx.worker.flush()


# Keep the QDate helpers importable from here for tests of the dialogs.
__all__ = ["RectificationScreen", "from_qdate", "to_qdate"]

register_screen(
    ScreenSpec(key="rectification", title=QT_TRANSLATE_NOOP("Navigation", "Rectification"),
               factory=RectificationScreen)
)
