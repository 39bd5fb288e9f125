"""The 文书所载 tab of the case facts pane: facts read from the case's documents beside the
registry, each with its page and recognition confidence.

A click (or Enter) opens the page in the viewer with the place the fact was read marked on
the page image. The reviewer confirms a fact as read (Ctrl+K), corrects a misreading
(Ctrl+E) or takes the document's value into the case's registry data (Ctrl+Return); each is
one service call (one transaction, audited) in the database worker, never on the UI thread.
The statutory checks use a confirmed value first, then the most confident reading, then the
registry, and the tab says which one they use.

``install_doc_facts(workspace)`` adds the tab and wires it to the workspace.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import fmt, gap, translator, with_note

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.docintel import CaseFacts, Chosen, Comparison, Confirmation, DocFact, ReadStatus
    from casereview.services.reviews import ReviewState
    from ui.context import AppContext
    from ui.review.workspace import ReviewWorkspace

tr = translator("DocFacts")
Index = QModelIndex | QPersistentModelIndex
POLL_MS = 4000  # while pages of the open case are still being read
DISAGREE = QColor("#FDE2E1")
CONFIRMED = QColor("#DCFCE7")


@dataclass(frozen=True)
class FactRow:
    field: str
    label: str
    value: str  # what the row shows as the documents' value ("" when no document states it)
    fact: DocFact | None  # the reading shown (None: registry only, or a confirmation without a reading)
    registry: str | None
    agrees: bool | None
    confirmation: Confirmation | None
    used: Chosen | None  # the value the checks use for this field
    officer: bool = False

    @property
    def page_text(self) -> str:
        if self.confirmation is not None and self.confirmation.page:
            return str(self.confirmation.page)
        return str(self.fact.page) if self.fact else ""

    @property
    def status(self) -> str:
        if self.confirmation is not None:
            return tr("corrected") if self.confirmation.corrected else tr("confirmed")
        if self.officer:
            return ""
        if self.agrees is False:
            return tr("differs")
        if self.agrees:
            return tr("agrees")
        return tr("not in documents") if self.fact is None else tr("no registry value")


def fact_rows(facts: CaseFacts) -> list[FactRow]:
    """One row per field and distinct value the documents state (the most confident reading
    of each value), then the officers; confirmed values replace what was read."""
    confirmed = facts.confirmed_by_field
    used = {c.field: c for c in facts.best}
    rows: list[FactRow] = []
    for c in facts.comparisons:
        mine = confirmed.get(c.field)
        readings = _best_per_value(c)
        if mine is not None:
            shown = next((f for f in readings if f.value == (mine.read_value or mine.value)), readings[0] if readings
                         else None)
            rows.append(FactRow(c.field, c.label, mine.value, shown, c.registry,
                                None if c.registry is None else mine.value == c.registry, mine, used.get(c.field)))
            continue
        if not readings:
            rows.append(FactRow(c.field, c.label, "", None, c.registry, None, None, used.get(c.field)))
        for f in readings:
            agrees = None if c.registry is None else c.agrees if len(readings) == 1 else f.value == c.registry
            rows.append(FactRow(c.field, c.label, f.value, f, c.registry, agrees, None, used.get(c.field)))
    for f in _distinct_officers(facts.officers):
        shown = with_note(f.value, f.extra) if f.extra else f.value
        rows.append(FactRow("officer", f.label, shown, f, None, None, None, None, officer=True))
    return rows


def _best_per_value(c: Comparison) -> list[DocFact]:
    best: dict[str, DocFact] = {}
    for f in c.documents:
        if f.value not in best or f.confidence > best[f.value].confidence:
            best[f.value] = f
    return list(best.values())


def _distinct_officers(officers: Sequence[DocFact]) -> list[DocFact]:
    seen: dict[tuple[str, str], DocFact] = {}
    for f in officers:
        seen.setdefault((f.value, f.extra), f)
    return list(seen.values())


class FactsModel(QAbstractTableModel):
    COLUMNS = 3  # item | documents' value | page

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[FactRow] = []

    def set_rows(self, rows: list[FactRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Item"), tr("In the documents"), tr("Page"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "✓ " if row.confirmation is not None else "≠ " if row.agrees is False else ""
            return (row.label, mark + (row.value or "—"), row.page_text)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.confirmation is not None:
                return QBrush(CONFIRMED)
            if row.agrees is False:
                return QBrush(DISAGREE)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return detail_text(row, rich=False)
        return None


def detail_text(row: FactRow, *, rich: bool = True) -> str:
    """What the detail box under the table says about one row."""
    lines: list[str] = []
    f = row.fact
    if row.confirmation is not None:
        c = row.confirmation
        how = tr("corrected by %1 (read as %2)") if c.corrected else tr("confirmed by %1")
        lines.append(fmt(how, c.actor or "—", c.read_value or "—") + (f" · {c.where}" if c.where else ""))
    if f is not None:
        lines.append(fmt(tr("Read: %1 on %2, confidence %3"), f.shown, f.where, f"{f.confidence:.2f}"))
        lines.append(fmt(tr("Line: %1"), f.line))
    if not row.officer:
        lines.append(fmt(tr("Registry: %1"), row.registry or "—") + (gap() + row.status if row.status else ""))
    if row.used is not None:
        lines.append(fmt(tr("The checks use: %1"), row.used.describe()))
    if not rich:
        return "\n".join(lines)
    first = f"<b>{html.escape(row.label)}</b>{gap()}{html.escape(row.value or '—')}"
    return "<br>".join([first, *(html.escape(line) for line in lines)])


class DocFactsPane(QWidget):
    """The table, the selected fact's details and the confirm / correct / accept buttons."""

    fact_activated = Signal(object)  # FactRow

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: int | None = None
        self.locked = False
        self._read = (-1, -1)
        self.status = QLabel(self)
        self.status.setObjectName("docFactsStatus")
        self.status.setWordWrap(True)
        self.model = FactsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("docFacts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.table.clicked.connect(lambda index: self._activate(index.row()))
        self.table.activated.connect(lambda index: self._activate(index.row()))
        self.detail = QTextBrowser(self)  # scrolls when a long line does not fit the pane
        self.detail.setObjectName("docFactDetail")
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        self.detail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button = self._button(tr("Confirm"), tr("The value is read right (Ctrl+K)"), "Ctrl+K",
                                           self.confirm)
        self.correct_button = self._button(tr("Correct…"), tr("Type the value the page really shows (Ctrl+E)"),
                                           "Ctrl+E", self.correct)
        self.accept_button = self._button(tr("Into the case"),
                                          tr("Take the document's value into the case's registry data (Ctrl+Return)"),
                                          "Ctrl+Return", self.accept_into_case)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.confirm_button, self.correct_button, self.accept_button):
            buttons.addWidget(b)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail, 1)
        lower_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([280, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll)
        self._selected()

    def _button(self, text: str, tip: str, keys: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return button

    # -- loading --------------------------------------------------------------------

    def set_case(self, case_id: int | None, locked: bool = False) -> None:
        self.case_id, self.locked = case_id, locked
        self._read = (-1, -1)
        self.model.set_rows([])
        if case_id is None:
            self.poll.stop()
            self.status.setText(tr("Facts from the documents are not shown for practice cases."))
            self._selected()
            return
        self.status.setText(tr("Reading the facts from the documents…"))
        self.reload()
        self.poll.start()

    def reload(self) -> None:
        case_id = self.case_id
        if case_id is None:
            return

        def load(services: Services) -> CaseFacts:
            return services.docintel.facts(case_id)

        self.ctx.worker.call(load, lambda facts: self._show(case_id, facts), self._failed, label="document facts")

    def _poll(self) -> None:
        """While the open case's pages are read in the background, show new facts as they come."""
        case_id = self.case_id
        if case_id is None or not self.isVisible():
            return

        def load(services: Services) -> ReadStatus:
            return services.docintel.status(case_id)

        def seen(status: ReadStatus) -> None:
            if case_id != self.case_id:
                return
            if (status.read, status.pages) != self._read:
                self.reload()
            if status.complete:
                self.poll.stop()

        self.ctx.worker.call(load, seen, lambda _exc: self.poll.stop(), label="reading status")

    def _show(self, case_id: int, facts: CaseFacts) -> None:
        if case_id != self.case_id:
            return
        self._read = (facts.pages_read, facts.pages_read + facts.pages_unread)
        current = self.current()
        key = (current.field, current.value) if current else None
        self.model.set_rows(fact_rows(facts))
        differ = sum(1 for r in self.model.rows if r.agrees is False)
        if facts.pages_read == 0:
            text = fmt(tr("No page of this case is read yet (%1 waiting)."), facts.pages_unread)
        else:
            text = fmt(tr("%1 pages read, %2 waiting; %3 facts differ from the registry."), facts.pages_read,
                       facts.pages_unread, differ)
        self.status.setText(text)
        row = next((i for i, r in enumerate(self.model.rows) if key and (r.field, r.value) == key), 0)
        if self.model.rows:
            self.table.selectRow(row)
        self._selected()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(getattr(exc, "message", str(exc)))

    # -- the selected fact ------------------------------------------------------------

    def current(self) -> FactRow | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _selected(self) -> None:
        row = self.current()
        self.detail.setHtml(detail_text(row) if row else "")
        editable = row is not None and not row.officer and not self.locked and self.case_id is not None
        self.confirm_button.setEnabled(editable and bool(row and row.value and row.confirmation is None))
        self.correct_button.setEnabled(editable)
        self.accept_button.setEnabled(editable and bool(row and row.value and row.registry != row.value))

    def _activate(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            fact = self.model.rows[row]
            if fact.fact is not None:
                self.fact_activated.emit(fact)

    # -- confirm / correct / accept ---------------------------------------------------

    def confirm(self) -> None:
        row = self.current()
        if row is None or not self.confirm_button.isEnabled():
            return
        self._confirm(row, row.value)

    def correct(self) -> None:
        row = self.current()
        if row is None or not self.correct_button.isEnabled():
            return
        hint = tr("dates as 2024-02-08, amounts as 500") if row.field.endswith("_date") or row.field == "fine_amount" \
            else ""
        value, ok = QInputDialog.getText(self, tr("Correct a fact"),
                                         fmt(tr("%1 as the page shows it %2:"), row.label, hint),
                                         QLineEdit.EchoMode.Normal, row.value or row.registry or "")
        if ok and value.strip():
            self._confirm(row, value.strip())

    def _confirm(self, row: FactRow, value: str) -> None:
        case_id = self.case_id
        assert case_id is not None
        f = row.fact
        read = f.value if f else None

        def run(services: Services) -> object:
            return services.docintel.confirm_fact(case_id, row.field, value, document_id=f.document_id if f else None,
                                                  page=f.page if f else None, read_value=read)

        self.ctx.worker.call(run, lambda _c: self._changed(fmt(tr("%1 confirmed."), row.label)), self._refused,
                             label="confirm fact")

    def accept_into_case(self) -> None:
        row = self.current()
        if row is None or not self.accept_button.isEnabled():
            return
        case_id = self.case_id
        assert case_id is not None
        f = row.fact
        if f is None:
            return

        def run(services: Services) -> None:
            services.docintel.accept_fact(case_id, row.field, row.value, document_id=f.document_id, page=f.page)

        self.ctx.worker.call(run, lambda _r: self._changed(fmt(tr("%1 taken into the case."), row.label),
                                                           registry=True),
                             self._refused, label="accept fact")

    case_data_changed = Signal(int)  # the case's registry data changed (case id)

    def _changed(self, message: str, registry: bool = False) -> None:
        self.ctx.bus.status_message.emit(message)
        self.reload()
        if registry and self.case_id is not None:
            self.case_data_changed.emit(self.case_id)

    def _refused(self, exc: BaseException) -> None:
        self.ctx.bus.status_message.emit(getattr(exc, "message", str(exc)))


def install_doc_facts(workspace: ReviewWorkspace) -> DocFactsPane:
    """Add the 文书所载 tab to the workspace's facts pane and wire it: a fact opens its page
    with the place marked; a value taken into the case refreshes the case facts."""
    pane = DocFactsPane(workspace.ctx, workspace.facts)
    workspace.facts.add_tab(pane, tr("From the documents"))

    def loaded(state: ReviewState, detail: Any) -> None:
        practice = workspace.practice_case_id is not None  # anonymised: no personal data from the pages
        pane.set_case(None if practice else detail.id, locked=bool(state.review.locked))

    def activated(row: FactRow) -> None:
        f = row.fact
        if f is None:
            return
        workspace.viewer.highlighter.set(f.document_id, f.page, [f.box])
        workspace.show_document(f.document_id, f.page)
        QTimer.singleShot(300, workspace.viewer.highlighter.scroll_into_view)

    def refresh_case(case_id: int) -> None:
        def load(services: Services) -> Any:
            return services.cases.detail(case_id)

        def shown(detail: Any) -> None:
            if workspace.detail is not None and workspace.detail.id == case_id:
                workspace.detail = detail
                workspace.facts.set_case(detail)
                workspace.case_changed.emit(case_id)

        workspace.ctx.worker.call(load, shown, label="case facts")

    workspace.review_loaded.connect(loaded)
    pane.fact_activated.connect(activated)
    pane.case_data_changed.connect(refresh_case)
    from ui.review.page_text import install_page_text

    install_page_text(workspace)  # 本页文字: select and copy the shown page's text, scans included
    return pane
