"""The panes of the review workspace: case facts | document viewer | checklist over the item
details, in splitters whose sizes are kept between sessions."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator
from ui.review import officers_dialog
from ui.review.checklist import ChecklistModel
from ui.review.extensions import review_panels
from ui.review.facts import CaseFactsPane
from ui.review.item_editor import ItemEditor
from ui.review.panes import FocusMarker, PaneFrame
from ui.review.viewer import DocumentViewer

tr = translator("ReviewWorkspace")
log = logging.getLogger(__name__)

ROW_HEIGHT = 26
MIN_ROWS = 8  # the checklist always shows at least this many rows (issue: 1366×768 screens)


class WorkspaceLayout:
    """Part of ``ReviewWorkspace``: builds the three panes, shows / hides and remembers them."""

    def _build_panes(self) -> None:
        self.facts = CaseFactsPane(self)
        self.facts.document_activated.connect(lambda doc_id: self.show_document(doc_id))
        officers_dialog.install(self)
        from ui.intake.doc_actions import install_document_actions

        install_document_actions(self)  # 更正文书类型 / 按页码拆分 (context menu)
        from ui.review.doc_facts import install_doc_facts
        self.viewer = DocumentViewer(self)
        self.viewer.page_changed.connect(self.document_shown.emit)
        self.doc_facts = install_doc_facts(self)  # 文书所载: facts read from the pages, with their place

        self.checklist = ChecklistModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("checklist")
        self.table.setModel(self.checklist)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ChecklistModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ChecklistModel.COL_CODE, 54), (ChecklistModel.COL_POINTS, 44), (ChecklistModel.COL_ANSWER, 58)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())

        self.editor = ItemEditor(self)
        # A click on an answer button is deliberate: it may change an existing answer.
        self.editor.answer_chosen.connect(lambda value: self.answer(value, change=True))
        self.editor.amount_committed.connect(self._commit_amount)
        self.editor.range_refused.connect(self.ctx.bus.status_message.emit)
        self.editor.note_committed.connect(self.save_note)
        self.editor.note_cancelled.connect(self.focus_checklist)
        self.editor.link_page_requested.connect(self.link_current_page)
        self.editor.evidence_activated.connect(lambda doc, page: self.show_document(doc, page))
        self.editor.evidence_remove_requested.connect(self._remove_evidence)

        # Slot for panels of other areas (automatic checks' proposed deductions). They live in
        # a tab next to the item details, never above the checklist: the checklist keeps its rows.
        self.checks_area = QWidget(self)
        self.checks_area.setObjectName("checksArea")
        self.checks_layout = QVBoxLayout(self.checks_area)
        self.checks_layout.setContentsMargins(0, 0, 0, 0)
        for factory in review_panels():
            try:
                self.checks_layout.addWidget(factory(self))
            except Exception:
                log.exception("review panel %r failed", factory)

        # The item editor scrolls inside its tab, so a long rule text or a proposal box never
        # pushes the window taller than the screen.
        editor_scroll = QScrollArea(self)
        editor_scroll.setObjectName("editorScroll")
        editor_scroll.setWidget(self.editor)
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor_scroll.setMinimumHeight(60)
        self.details = QTabWidget(self)
        self.details.setObjectName("detailsTabs")
        self.details.setDocumentMode(True)
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details.addTab(editor_scroll, tr("Item"))
        if self.checks_layout.count() > 0:
            self.details.addTab(self.checks_area, tr("Automatic checks"))
        else:
            self.checks_area.setVisible(False)

        # The checklist never shrinks below MIN_ROWS rows; the details give way (and can be
        # collapsed completely by dragging the handle or with Ctrl+Shift+D).
        self.table.setMinimumHeight(self.checklist_min_height())
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("rightSplitter")
        right.addWidget(self.table)
        right.addWidget(self.details)
        right.setStretchFactor(0, 1)
        right.setCollapsible(0, False)
        right.setCollapsible(1, True)
        right.setSizes([320, 300])
        self.right_splitter = right

        self.facts_pane = PaneFrame(self.facts, self)
        self.viewer_pane = PaneFrame(self.viewer, self)
        self.scoring_pane = PaneFrame(right, self)
        self.focus_marker = FocusMarker([self.facts_pane, self.viewer_pane, self.scoring_pane], self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("workspaceSplitter")
        self.splitter.addWidget(self.facts_pane)
        self.splitter.addWidget(self.viewer_pane)
        self.splitter.addWidget(self.scoring_pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(2, False)
        self.splitter.setSizes([230, 560, 440])

    def checklist_min_height(self) -> int:
        """Header plus MIN_ROWS rows plus the frame."""
        header = max(self.table.horizontalHeader().sizeHint().height(), 20)
        return header + MIN_ROWS * ROW_HEIGHT + 2 * self.table.frameWidth() + 2

    def visible_checklist_rows(self) -> int:
        return self.table.viewport().height() // ROW_HEIGHT

    def set_checks_visible(self, visible: bool) -> None:
        """The automatic checks' tab (hidden in practice reviews)."""
        index = self.details.indexOf(self.checks_area)
        if index >= 0:
            self.details.setTabVisible(index, visible)

    def toggle_facts(self) -> None:
        self._toggle_pane(self.splitter, 0, 230)

    def toggle_details(self) -> None:
        self._toggle_pane(self.right_splitter, 1, 280)

    @staticmethod
    def _toggle_pane(splitter: QSplitter, index: int, size: int) -> None:
        sizes = splitter.sizes()
        if sizes[index] > 0:
            sizes[index] = 0
        else:
            neighbour = 1 if index != 1 else 0
            give = min(size, max(sizes[neighbour] - 100, 0))
            sizes[index], sizes[neighbour] = give, sizes[neighbour] - give
        splitter.setSizes(sizes)

    def _restore_layout(self) -> None:
        settings = self.ctx.settings()
        for name, splitter in (("workspace/splitter", self.splitter), ("workspace/right", self.right_splitter)):
            value = settings.value(name)
            if isinstance(value, QByteArray | bytes):
                splitter.restoreState(QByteArray(value))

    def save_layout(self) -> None:
        settings = self.ctx.settings()
        settings.setValue("workspace/splitter", self.splitter.saveState())
        settings.setValue("workspace/right", self.right_splitter.saveState())
