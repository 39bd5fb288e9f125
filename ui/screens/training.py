"""培训: the common-error library, curation, training material export, practice reviews.

Every service call runs on the DB worker; this module only shows results. The practice
workspace is a second ``ReviewWorkspace`` opened in practice mode (anonymised facts and
redacted pages); after submission the comparison with the answer key is shown.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casereview.services.app import Services
from casereview.services.training.types import DEFAULT_SET
from ui.context import AppContext
from ui.empty_state import empty_state
from ui.export_job import run_export
from ui.i18n import fmt, join_clauses, join_list, translator, with_note
from ui.labels import answer_text, role_text
from ui.screens import ScreenSpec, register_screen

tr = translator("TrainingScreen")


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[list[Any]], data: list[Any] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if data is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            table.setItem(r, c, item)


def _selected(table: QTableWidget) -> Any:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def _quarter(code: str) -> str:
    """"2023Q3" in plain words: 2023年第3季度 / Q3 2023 (other text as it is)."""
    year, _, number = code.partition("Q")
    return fmt(tr("Q%2 %1"), year, number) if year.isdigit() and number.isdigit() else code


def _trend(trend: tuple[tuple[str, int], ...]) -> str:
    return join_list(fmt(tr("%1: %2"), _quarter(q), c) for q, c in trend[-6:])


class LibraryTab(QWidget):
    """常见问题库 browser with the curation editor and the export buttons."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.library: Any = None
        self.entries: dict[str, Any] = {}
        self.examples: list[Any] = []

        self.group_combo = QComboBox(self)
        self.group_combo.addItem(tr("By standard item"), "item")
        self.group_combo.addItem(tr("By problem category"), "category")
        self.group_combo.currentIndexChanged.connect(self._show_groups)
        self.summary = QLabel(self)
        refresh = QPushButton(tr("Refresh"), self)
        refresh.clicked.connect(self.reload)
        self.pdf_button = QPushButton(tr("Handout PDF…"), self)
        self.docx_button = QPushButton(tr("Handout Word…"), self)
        self.slides_button = QPushButton(tr("Slides PDF…"), self)
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.docx_button.clicked.connect(lambda: self.export("docx"))
        self.slides_button.clicked.connect(lambda: self.export("slides"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Group:"), self))
        bar.addWidget(self.group_combo)
        bar.addWidget(self.summary, 1)
        bar.addWidget(refresh)
        for b in (self.pdf_button, self.docx_button, self.slides_button):
            bar.addWidget(b)

        self.table = _table([tr("Key"), tr("Item"), tr("Category"), tr("Findings"), tr("Cases"), tr("By quarter"),
                             tr("Curated")], self)
        self.table.currentCellChanged.connect(lambda *_: self._group_selected())
        self.empty = empty_state(self.table, lambda: tr(
            "Nothing to learn from yet: the library lists the findings of submitted reviews."))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the item text takes the spare width
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)  # quarters: elided, full in the tooltip
        self.table.setColumnWidth(5, 170)

        # detail: trend, wordings, examples (with the redacted page image), curation form
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.example_table = _table([tr("No."), tr("Case"), tr("Reviewer's wording"), tr("Evidence")], self)
        self.example_table.currentCellChanged.connect(lambda *_: self._example_selected())
        self.facts_label = QLabel(self)
        self.facts_label.setWordWrap(True)
        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setMinimumHeight(160)

        self.title_edit = QLineEdit(self)
        self.explanation_edit = QPlainTextEdit(self)
        self.practice_edit = QPlainTextEdit(self)
        self.basis_edit = QPlainTextEdit(self)
        self.examples_edit = QLineEdit(self)
        self.examples_edit.setPlaceholderText(tr("Finding numbers, comma separated (empty: suggested examples)"))
        for edit in (self.explanation_edit, self.practice_edit, self.basis_edit):
            edit.setMaximumHeight(70)
        save = QPushButton(tr("Save entry"), self)
        save.setObjectName("primary")
        save.clicked.connect(self.save_entry)
        form = QFormLayout()
        form.addRow(tr("Title"), self.title_edit)
        form.addRow(tr("Explanation"), self.explanation_edit)
        form.addRow(tr("Correct practice"), self.practice_edit)
        form.addRow(tr("Legal basis"), self.basis_edit)
        form.addRow(tr("Examples"), self.examples_edit)
        form.addRow("", save)

        detail = QWidget(self)
        dl = QVBoxLayout(detail)
        dl.addWidget(self.detail_label)
        dl.addWidget(QLabel(tr("Typical examples (anonymised)"), self))
        dl.addWidget(self.example_table)
        dl.addWidget(self.facts_label)
        dl.addWidget(self.image_label)
        dl.addWidget(QLabel(tr("Curated entry (kept across campaigns)"), self))
        dl.addLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setSizes([620, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    # -- loading --------------------------------------------------------------------

    def reload(self) -> None:
        def load(services: Services) -> tuple[Any, list[Any]]:
            return services.training.library(), services.training.entries()

        self.ctx.worker.call(load, self._loaded, label="training library")

    def _loaded(self, result: tuple[Any, list[Any]]) -> None:
        self.library, entries = result
        self.entries = {e.key: e for e in entries}
        lib = self.library
        if not lib.total:
            self.summary.setText(tr("No confirmed findings yet. Findings appear here once reviews with deductions "
                                    "are submitted (practice reviews do not count)."))
        else:
            self.summary.setText(
                fmt(tr("%1 confirmed findings in %2 case files, %3 curated entries (practice reviews excluded)"),
                    lib.total, lib.case_count, len(self.entries))
            )
        self._show_groups()

    def _show_groups(self) -> None:
        lib = self.library
        if lib is None:
            return
        if self.group_combo.currentData() == "category":
            groups = list(lib.categories)
            rows = [[g.key, g.category, g.category, g.count, g.case_count, _trend(g.trend),
                     "✓" if g.key in self.entries else ""] for g in groups]
        else:
            groups = list(lib.items)
            # the entry key ("<standard>:<item>") is internal; show the item code and name the
            # standard beside the item text, since item codes repeat across standards
            rows = [[g.item_code, with_note(g.item_text, g.standard_name), g.category, g.count, g.case_count,
                     _trend(g.trend), "✓" if g.key in self.entries else ""] for g in groups]
        _fill(self.table, rows, [g.key for g in groups])
        for row, group in enumerate(groups):
            cell = self.table.item(row, 5)
            if cell is not None:
                cell.setToolTip(_trend(group.trend))
        self.empty.arm()
        if rows:
            self.table.selectRow(0)

    def current_key(self) -> str | None:
        key = _selected(self.table)
        return str(key) if key else None

    def _group_selected(self) -> None:
        key = self.current_key()
        if key is None or self.library is None:
            return
        group = self.library.item(key) or self.library.category(key)
        entry = self.entries.get(key)
        # the heading names the item (code, text, standard) or the category, never the internal key
        heading = (with_note(f"{group.item_code} {group.item_text}", group.standard_name)
                   if group is not None and hasattr(group, "item_text")
                   else getattr(group, "category", key))
        lines = [f"<b>{html.escape(str(heading))}</b>"]
        if group is not None and hasattr(group, "item_text"):
            lines.append(fmt(tr("Part of the standard: %1"), group.section))
            lines.append(fmt(tr("%1 findings in %2 cases, %3 units; %4 points deducted in all"),
                             group.count, group.case_count, group.unit_count, f"{group.points_total:g}"))
            if group.wordings:
                lines.append(tr("Common wordings:") + join_clauses(with_note(w, n) for w, n in group.wordings))
            ids = list(entry.example_ids) if entry and entry.example_ids else list(group.example_ids)
        else:
            ids = []
            if group is not None:
                ids = [g.example_ids[0] for k in group.item_keys[:3]
                       if (g := self.library.item(k)) is not None and g.example_ids]
        if group is not None:
            lines.append(tr("By quarter:") + " " + join_list(fmt(tr("%1: %2"), _quarter(q), c)
                                                             for q, c in group.trend if c))
        self.detail_label.setText("<br/>".join(lines))
        self.title_edit.setText(entry.title if entry else "")
        self.explanation_edit.setPlainText(entry.explanation or "" if entry else "")
        self.practice_edit.setPlainText(entry.correct_practice or "" if entry else "")
        self.basis_edit.setPlainText(entry.legal_basis or "" if entry else "")
        self.examples_edit.setText(",".join(map(str, entry.example_ids)) if entry and entry.example_ids else "")
        self.ctx.worker.call(lambda s: s.training.examples(ids), self._got_examples, label="training examples")

    def _got_examples(self, examples: list[Any]) -> None:
        self.examples = examples
        _fill(self.example_table,
              [[e.deficiency_id, e.case_label, e.wording, join_list(e.evidence)] for e in examples],
              [e.deficiency_id for e in examples])
        self.facts_label.clear()
        self.image_label.clear()
        if examples:
            self.example_table.selectRow(0)

    def _example_selected(self) -> None:
        row = self.example_table.currentRow()
        if not 0 <= row < len(self.examples):
            return
        ex = self.examples[row]
        self.facts_label.setText(ex.facts)
        if ex.image_path is not None:
            pix = QPixmap(str(ex.image_path))
            self.image_label.setPixmap(pix.scaledToWidth(min(520, max(pix.width(), 1)),
                                                         Qt.TransformationMode.SmoothTransformation))
        else:
            self.image_label.setText(ex.image_note or "")

    # -- curation and export ------------------------------------------------------------

    def save_entry(self) -> None:
        key = self.current_key()
        if key is None:
            return
        try:
            # zh-data: a full-width comma typed with a Chinese input method separates too
            ids = [int(x) for x in self.examples_edit.text().replace("，", ",").split(",") if x.strip()]  # zh-data
        except ValueError:
            self.ctx.dialogs.info(tr("Examples must be finding numbers separated by commas."))
            return
        title = self.title_edit.text().strip()
        kwargs = {
            "title": title or None,
            "explanation": self.explanation_edit.toPlainText(),
            "correct_practice": self.practice_edit.toPlainText(),
            "legal_basis": self.basis_edit.toPlainText(),
            "example_ids": ids or None,
        }
        self.ctx.worker.call(lambda s: s.training.curate(key, **kwargs), lambda _e: self._saved(key),
                             self.ctx.dialogs.error)

    def _saved(self, key: str) -> None:
        self.ctx.bus.status_message.emit(fmt(tr("Saved training entry %1."), key))
        self.reload()

    def export(self, kind: str) -> None:
        filters = tr("Word document (*.docx)") if kind == "docx" else tr("PDF file (*.pdf)")
        suggested = {"pdf": tr("Training handout") + ".pdf", "docx": tr("Training handout") + ".docx",
                     "slides": tr("Training slides") + ".pdf"}[kind]
        path = self.ctx.dialogs.save_file(tr("Export training material"), filters, suggested)
        if path is None:
            return

        def run(services: Services, part: Path) -> None:
            t = services.training
            {"pdf": t.export_handout_pdf, "docx": t.export_handout_docx, "slides": t.export_slides_pdf}[kind](part)

        target = Path(path)
        run_export(self.ctx, self, target, tr("Writing the training material…"),
                   lambda _r: fmt(tr("Exported (anonymised) to %1."), target), to_path=run)


class PracticeTab(QWidget):
    """Publishing answer keys, the practice set, trainees starting a practice, results."""

    def __init__(self, ctx: AppContext, screen: TrainingScreen) -> None:
        super().__init__(screen)
        self.ctx = ctx
        self.screen = screen
        self.keys = _table([tr("Review"), tr("Case type"), tr("Cause"), tr("Stage"), tr("Score"), tr("Published")], self)
        self.set_edit = QLineEdit(DEFAULT_SET, self)
        publish = QPushButton(tr("Publish as answer key"), self)
        publish.clicked.connect(self.publish)
        self.practice = _table([tr("No."), tr("Set"), tr("Title"), tr("Case type"), tr("Attempts"), tr("Submitted")], self)
        self.trainee_combo = QComboBox(self)
        start = QPushButton(tr("Start practice"), self)
        start.setObjectName("primary")
        start.clicked.connect(self.start)
        self.trainees = _table([tr("Trainee"), tr("Attempts"), tr("Agreement"), tr("Findings found"), tr("Missed"),
                                tr("Extra"), tr("Mean points gap")], self)
        self.items = _table([tr("Item"), tr("Text"), tr("Attempts"), tr("Missed"), tr("Extra"), tr("Agreement")], self)
        self.comparison = _table([tr("Item"), tr("Result"), tr("Key"), tr("Yours"), tr("Trainer's explanation")], self)
        self.comparison_label = QLabel(self)
        self.comparison_label.setWordWrap(True)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel(tr("Finished reviews that can become answer keys"), self))
        ll.addWidget(self.keys, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Practice set"), self))
        row.addWidget(self.set_edit, 1)
        row.addWidget(publish)
        ll.addLayout(row)
        ll.addWidget(QLabel(tr("Practice cases (anonymised)"), self))
        ll.addWidget(self.practice, 1)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(tr("Trainee"), self))
        row2.addWidget(self.trainee_combo, 1)
        row2.addWidget(start)
        ll.addLayout(row2)

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.addWidget(QLabel(tr("Cohort results: agreement with the key per trainee"), self))
        rl.addWidget(self.trainees, 1)
        rl.addWidget(QLabel(tr("Items trainees miss most"), self))
        rl.addWidget(self.items, 1)
        rl.addWidget(QLabel(tr("Last comparison with the key"), self))
        rl.addWidget(self.comparison_label)
        rl.addWidget(self.comparison, 2)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def reload(self) -> None:
        def load(services: Services) -> tuple[Any, ...]:
            t = services.training
            return t.publishable_reviews(), t.practice_cases(), t.trainees(), t.practice_results()

        self.ctx.worker.call(load, self._loaded, label="practice")

    def _loaded(self, result: tuple[Any, ...]) -> None:
        keys, cases, trainees, results = result
        _fill(self.keys, [[k["review_id"], k["case_type_label"], k["cause"], k["stage_label"],
                           f"{k['score'] or 0:g}", "✓" if k["published"] else ""] for k in keys],
              [k["review_id"] for k in keys])
        _fill(self.practice, [[c.id, c.practice_set, c.title, c.case_type_label, c.attempts, c.submitted]
                              for c in cases], [c.id for c in cases])
        current = self.trainee_combo.currentData()
        self.trainee_combo.clear()
        for t in trainees:
            self.trainee_combo.addItem(with_note(t.name, role_text(t.role)), t.id)
        if current is not None:
            self.trainee_combo.setCurrentIndex(max(self.trainee_combo.findData(current), 0))
        _fill(self.trainees, [[t.reviewer_name, t.attempts, f"{t.mean_agreement:.0%}", f"{t.mean_recall:.0%}",
                               t.missed, t.extra, f"{t.mean_abs_points_difference:g}"] for t in results.trainees])
        _fill(self.items, [[i.item_code, i.item_text, i.attempts, i.missed, i.extra, f"{i.agreement:.0%}"]
                           for i in results.most_missed[:20]])

    def publish(self) -> None:
        review_id = _selected(self.keys)
        if review_id is None:
            self.ctx.dialogs.info(tr("Choose a finished review first."))
            return
        practice_set = self.set_edit.text().strip() or DEFAULT_SET
        self.ctx.worker.call(
            lambda s: s.training.publish_practice(int(review_id), practice_set=practice_set),
            lambda info: (self.ctx.dialogs.info(fmt(tr("Published practice case %1: %2"), info.id, info.title)),
                          self.reload()),
            self.ctx.dialogs.error,
        )

    def start(self) -> None:
        pc_id = _selected(self.practice)
        if pc_id is None:
            self.ctx.dialogs.info(tr("Choose a practice case first."))
            return
        self.screen.open_practice(int(pc_id), self.trainee_combo.currentData())

    def show_comparison(self, comp: Any) -> None:
        self.comparison_label.setText(
            fmt(tr("Key %1 points (%2), yours %3 points (%4), difference %5; veto %6; item agreement %7; "
                   "missed: %8; not in the key: %9"),
                f"{comp.key_total:g}", comp.key_grade, f"{comp.trainee_total:g}", comp.trainee_grade,
                f"{comp.points_difference:+g}", tr("agrees") if comp.veto_agrees else tr("differs"),
                f"{comp.agreement:.0%}", join_list(comp.missed) or "—", join_list(comp.extra) or "—")
        )
        veto = answer_text("veto")
        rows = [[i.item_code, i.outcome_label, f"{i.key_points:g}" if i.key_answer != "veto" else veto,
                 f"{i.trainee_points:g}" if i.trainee_answer != "veto" else veto, i.explanation or ""]
                for i in comp.items if not i.agrees or i.explanation]
        _fill(self.comparison, rows)


class TrainingScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(tr("Training"), self)
        title.setObjectName("screenTitle")
        subtitle = QLabel(tr("The errors reviews find most often, curated into handouts; practice cases "
                             "scored against a published answer key."), self)
        subtitle.setObjectName("countLabel")
        subtitle.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.library_tab = LibraryTab(ctx, self)
        self.practice_tab = PracticeTab(ctx, self)
        self.tabs.addTab(self.library_tab, tr("Common-error library"))
        self.tabs.addTab(self.practice_tab, tr("Practice reviews"))
        self.workspace: Any = None  # the practice ReviewWorkspace, built on first use
        self.stack = QStackedWidget(self)
        page = QWidget(self)  # the title over the tabs; the practice workspace takes the whole screen
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(12, 10, 12, 8)
        page_layout.addWidget(title)
        page_layout.addWidget(subtitle)
        page_layout.addWidget(self.tabs, 1)
        self.tabs_page = page
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._loaded = False

    def on_activated(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.library_tab.reload()
            self.practice_tab.reload()

    def show_tabs(self) -> None:
        self.stack.setCurrentWidget(self.tabs_page)
        self.practice_tab.reload()

    def open_practice(self, practice_case_id: int, reviewer_id: int | None) -> None:
        if self.workspace is None:
            from ui.review.workspace import ReviewWorkspace

            self.workspace = ReviewWorkspace(self.ctx, self)
            self.workspace.back_requested.connect(self.show_tabs)
            self.workspace.practice_submitted.connect(self._practice_submitted)
            self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.open_practice(practice_case_id, reviewer_id)

    def _practice_submitted(self, review_id: int) -> None:
        def shown(comp: Any) -> None:
            self.show_tabs()
            self.tabs.setCurrentWidget(self.practice_tab)
            self.practice_tab.show_comparison(comp)

        self.ctx.worker.call(lambda s: s.training.compare_practice(review_id), shown, self.ctx.dialogs.error)

    def prepare_screenshot(self) -> None:
        self.on_activated()
        self.ctx.worker.flush()


register_screen(ScreenSpec(key="training", title=QT_TRANSLATE_NOOP("Navigation", "Training"), factory=TrainingScreen))
