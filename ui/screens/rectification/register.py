"""The 问题清单 tab of the 问题整改 screen."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
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
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.empty_state import empty_state
from ui.export_job import run_export
from ui.i18n import fmt, translator
from ui.screens.rectification.dialogs import (
    IssueAllDialog,
    NoticeEditorDialog,
    RecategoriseDialog,
    fill_timeline,
    from_qdate,
    timeline_tree,
)

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.deficiencies import (
        DeficiencyFilter,
        DeficiencyInfo,
        PhraseInfo,
        RectificationSettings,
        RegisterIds,
        TimelineEntry,
        UnitCount,
    )
    from casereview.services.notices import NoticeInfo
    from casereview.services.types import Taxonomy

from ui.screens.rectification.models import STATUSES, DeficiencyModel

tr = translator("RectificationScreen")  # one translation context for the whole screen


class RegisterTab(QWidget):
    """The deficiency register: filters, the sortable list, one finding's detail, standard
    wordings and history, and the batch actions (issue notices, re-categorise, export).

    The list loads as the case list does: the ids of the matching findings in display order
    first (sorted by the database), then only the rows on screen, page by page, all in the
    database worker; the screen stays usable meanwhile."""

    notices_issued = Signal()  # notices were issued: the screen reloads and shows its notices tab

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings: RectificationSettings | None = None
        self.taxonomies: list[Taxonomy] = []
        self.units: list[UnitCount] = []
        self.deficiencies = DeficiencyModel(
            lambda job, on_ok: ctx.worker.call(job, on_ok, label="deficiency page"), self)
        self._list_generation = 0  # a newer filter or sort wins over an older answer
        self._selection: list[DeficiencyInfo] = []  # the selected findings, loaded
        self.loading = False
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(200)
        self._reload_timer.timeout.connect(self.reload_register)
        self._build()

    def _build(self) -> None:
        self.campaign_combo = self._combo(tr("All campaigns"))
        self.unit_combo = self._combo(tr("All units"), 220)
        self.taxonomy_combo = QComboBox(self)
        self.taxonomy_combo.setMinimumWidth(170)
        self.taxonomy_combo.currentIndexChanged.connect(self._taxonomy_changed)
        self.category_combo = self._combo(tr("All categories"), 120)
        self.status_combo = self._combo(tr("All statuses"), 100)
        self.status_combo.addItem(tr("Open (not closed)"), "open")
        for code, label in STATUSES:
            self.status_combo.addItem(tr(label), code)
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

        self.def_table = QTableView(self)
        self.def_table.setModel(self.deficiencies)
        self.def_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.def_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.def_table.verticalHeader().setVisible(False)
        self.def_table.verticalHeader().setDefaultSectionSize(24)
        self.def_table.setWordWrap(False)
        self.def_table.setAlternatingRowColors(True)
        self.def_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.empty = empty_state(self.def_table, lambda: tr(
            "No findings here. Deductions become findings when a review is submitted; check the filters above."))
        header = self.def_table.horizontalHeader()
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 52), (1, 150), (2, 170), (3, 50), (4, 46), (5, 78), (7, 64), (8, 60), (9, 150),
                              (10, 84), (11, 110)):
            self.def_table.setColumnWidth(column, width)
        self.def_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.def_table.setSortingEnabled(True)  # a click on a header: the model asks the database again
        self.deficiencies.sort_requested.connect(lambda _key, _desc: self.reload_register())
        self.def_table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())

        # detail pane: the finding, its standard wordings and its timeline
        self.detail = QTextBrowser(self)
        self.detail.setOpenExternalLinks(False)
        self.phrase_list = QListWidget(self)
        self.phrase_list.setMaximumHeight(110)
        self.phrase_list.itemDoubleClicked.connect(self._use_phrase)
        self.use_phrase_button = QPushButton(tr("Use wording"), self)
        self.use_phrase_button.clicked.connect(lambda: self._use_phrase(self.phrase_list.currentItem()))
        self.add_phrase_button = QPushButton(tr("Save current wording to library"), self)
        self.add_phrase_button.clicked.connect(self._add_phrase)
        phrase_buttons = QHBoxLayout()
        phrase_buttons.addWidget(self.use_phrase_button)
        phrase_buttons.addWidget(self.add_phrase_button)
        phrase_buttons.addStretch(1)
        self.def_timeline = timeline_tree(self)
        side = QWidget(self)
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

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.def_table)
        split.addWidget(side)
        split.setSizes([1040, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        self._selection_changed()

    def _combo(self, placeholder: str, width: int = 150) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(placeholder, None)
        combo.setMinimumWidth(width)
        combo.currentIndexChanged.connect(lambda _i: self._reload_timer.start())
        return combo

    def set_filters(self, campaigns: list[tuple[int, str]], units: list[UnitCount], taxonomies: list[Taxonomy],
                     settings: RectificationSettings) -> None:
        """The choices of the filters (loaded by the screen); the register again only when the
        filter changed (a campaign or unit chosen before no longer has findings)."""
        before = self.current_filter()
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
        if self.current_filter() != before or not self._list_generation:
            self.reload_register()

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
        sort, descending = self.deficiencies.sort_key(), self.deficiencies.descending
        self._list_generation += 1
        generation = self._list_generation
        self.loading = True
        if not self.deficiencies.ids:
            self.count_label.setText(tr("Loading findings…"))
        self.ctx.worker.call(lambda s: s.deficiencies.register_ids(flt, sort=sort, descending=descending),
                             lambda found: self._got_register(generation, found), label="deficiency ids")

    def _got_register(self, generation: int, found: RegisterIds) -> None:
        if generation != self._list_generation:
            return  # a newer filter or sort is on its way
        self.loading = False
        selected = set(self.selected_ids())
        self.deficiencies.set_ids(found.ids)
        self.deficiencies.row_at(0)  # the first page now, before the view asks for it
        self.empty.arm()
        self.count_label.setText(fmt(tr("%1 findings · %2 overdue · %3 due soon"), len(found.ids), found.overdue,
                                     found.due_soon))
        if selected:
            selection = self.def_table.selectionModel()
            for row, deficiency_id in enumerate(found.ids):
                if deficiency_id in selected:
                    index = self.deficiencies.index(row, 0)
                    selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        self._selection_changed()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.def_table.selectionModel().selectedRows()})
        return [i for i in (self.deficiencies.id_at(r) for r in rows) if i is not None]

    def selected_rows(self) -> list[DeficiencyInfo]:
        """The selected findings (empty while a selection of rows not yet loaded is fetched)."""
        return list(self._selection)

    def _selection_changed(self) -> None:
        rows = sorted({i.row() for i in self.def_table.selectionModel().selectedRows()})
        loaded = [self.deficiencies.loaded(r) for r in rows]
        if all(d is not None for d in loaded):
            self._apply_selection([d for d in loaded if d is not None])
            return
        # Rows never shown (a shift-click far down, Ctrl+A): load them in the worker first.
        ids = self.selected_ids()
        self._apply_selection([])
        self.detail.setHtml(fmt(tr("<p>Loading %1 selected findings…</p>"), len(ids)))
        self.ctx.worker.call(lambda s: s.deficiencies.fetch(ids),
                             lambda found: self._apply_selection(found) if self.selected_ids() == ids else None,
                             label="selected findings")

    def _apply_selection(self, rows: list[DeficiencyInfo]) -> None:
        self._selection = rows
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
            (tr("Points lost"), d.points_lost_text),
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
            # zh-data: the reason recorded in the (Chinese) audit log
            services.deficiencies.set_wording(deficiency_id, text, reason="采用标准表述")  # zh-data
            if phrase_id is not None:
                services.deficiencies.use_phrase(phrase_id)

        self.ctx.worker.call(apply, lambda _r: self.reload_register())

    def _add_phrase(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        d = rows[0]
        self.ctx.worker.call(
            lambda s: s.deficiencies.add_phrase(d.item_code, d.wording, review_id=d.review_id),
            lambda _p: (self.ctx.bus.status_message.emit(tr("Wording saved to the library.")),
                        self._selection_changed()),
        )

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
            self.show_issued([dialog.issued])

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
            self.show_issued,
        )

    def show_issued(self, notices: list[NoticeInfo]) -> None:
        numbers = "\n".join(f"{n.number}  {n.unit_name}  ({n.finding_count})" for n in notices)
        self.ctx.dialogs.info(fmt(tr("Issued %1 notices:\n%2\n\nExport them from the Notices tab to print."),
                                  len(notices), numbers))
        self.notices_issued.emit()

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
                                          f"{tr('Deficiency register')}-{dt.date.today().isoformat()}.xlsx")
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        flt = self.current_filter()
        target = path
        run_export(self.ctx, self, target, tr("Writing the deficiency register…"),
                   lambda n: fmt(tr("Exported %1 findings to %2."), n, target),
                   to_path=lambda s, part: s.deficiencies.export_xlsx(part, flt))
