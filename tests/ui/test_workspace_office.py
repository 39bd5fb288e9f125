"""The workspace on a real office PC (issue 19): small screens, keyboard focus, whole-item
undo, honest header, refused out-of-range input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from casereview.domain.enums import Answer, DeductionMode
from casereview.services.app import Services
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.review.workspace import MIN_ROWS, ReviewWorkspace
from ui.screens.cases import CaseReviewScreen
from ui.screenshot import window_size

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> Any:
    """These tests read the Chinese the reviewer sees."""
    from ui.i18n import install_translators

    assert install_translators(qapp, "zh_CN")
    yield
    install_translators(qapp, "en")  # back to the source strings other tests expect


def _open(qtbot: Any, ctx: AppContext, size: tuple[int, int] = (1366, 698)) -> tuple[MainWindow, ReviewWorkspace]:
    services = Services.open(ctx.db_path, as_system=True)  # type: ignore[arg-type]
    rows = services.cases.fetch_rows(services.cases.query_ids())
    case_id = next(r.id for r in rows if r.review_state == "not_started" and r.case_type == "penalty")
    services.close()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    ctx.bus.database_opened.emit(str(ctx.db_path))
    ctx.worker.flush()
    screen = window.screen("cases")
    assert isinstance(screen, CaseReviewScreen)
    screen.open_case(case_id)
    ctx.worker.flush()
    ctx.worker.flush()
    QApplication.processEvents()
    return window, screen.workspace


@pytest.mark.parametrize(
    ("screen", "scale"), [((1366, 768), 1.0), ((1920, 1080), 1.25), ((1920, 1080), 1.5)]
)
def test_workspace_fits_office_screens_with_eight_rows(
    qtbot: Any, ui_ctx: AppContext, screen: tuple[int, int], scale: float
) -> None:
    # Display scaling divides the logical size; the layout at that logical size is what counts.
    size = window_size(screen, scale)
    window, ws = _open(qtbot, ui_ctx, size)
    assert window.size().toTuple() == size
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]
    assert ws.visible_checklist_rows() >= MIN_ROWS
    # The details (editor and checks) give way, never the checklist; every pane is on screen.
    for widget in (ws.table, ws.details, ws.viewer, ws.facts, ws.score_bar, window.statusBar()):
        top_left = widget.mapTo(window, widget.rect().topLeft())
        assert top_left.y() + min(widget.height(), 20) <= size[1], widget
        assert top_left.x() + min(widget.width(), 20) <= size[0], widget
    # Showing the automatic checks does not squeeze the checklist either.
    ws.details.setCurrentWidget(ws.checks_area)
    QApplication.processEvents()
    assert ws.visible_checklist_rows() >= MIN_ROWS


def test_scoring_keys_work_from_document_list_and_esc_returns(
    qtbot: Any, ui_ctx: AppContext, fake_dialogs: Any
) -> None:
    _window, ws = _open(qtbot, ui_ctx)
    assert ws.state is not None
    first = ws.current_item()
    assert first is not None
    # Click into the document list: "1" still answers, the facts pane is marked as focused.
    ws.facts.doc_view.setFocus()
    QApplication.processEvents()
    assert ws.facts_pane.property("focused") and not ws.scoring_pane.property("focused")
    qtbot.keyClick(ws.facts.doc_view, Qt.Key.Key_1)
    ui_ctx.worker.flush()
    assert ws.checklist.results[first.code].answer == Answer.PASS.value
    # J works there too, and Esc brings the focus back to the checklist.
    qtbot.keyClick(ws.facts.doc_view, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is ws.table
    assert ws.scoring_pane.property("focused")
    # The same from the PDF view.
    ws.viewer.pdf_view.setFocus()
    current = ws.current_item()
    qtbot.keyClick(ws.viewer.pdf_view, Qt.Key.Key_J)
    assert ws.current_item() != current
    assert not fake_dialogs.errors


def test_answered_item_needs_shift_and_u_finds_gaps(qtbot: Any, ui_ctx: AppContext) -> None:
    _window, ws = _open(qtbot, ui_ctx)
    assert ws.state is not None
    codes = ws.state.definition.item_codes()
    ws.select_item(codes[0])
    qtbot.keyClick(ws.table, Qt.Key.Key_3)  # 不适用, moves to the next unanswered item
    ui_ctx.worker.flush()
    assert ws.current_item().code == codes[1]  # type: ignore[union-attr]
    ws.select_item(codes[0])
    qtbot.keyClick(ws.table, Qt.Key.Key_1)  # a plain "1" does not overwrite 不适用
    ui_ctx.worker.flush()
    assert ws.checklist.results[codes[0]].answer == Answer.NOT_APPLICABLE.value
    assert ws.current_item().code == codes[0]  # type: ignore[union-attr]
    qtbot.keyClick(ws.table, Qt.Key.Key_1, Qt.KeyboardModifier.ShiftModifier)
    ui_ctx.worker.flush()
    assert ws.checklist.results[codes[0]].answer == Answer.PASS.value
    # U jumps over answered items to the next gap; Shift+U goes back (wrapping).
    ws.select_item(codes[0])
    qtbot.keyClick(ws.table, Qt.Key.Key_U)
    assert ws.current_item().code == codes[1]  # type: ignore[union-attr]
    qtbot.keyClick(ws.table, Qt.Key.Key_U, Qt.KeyboardModifier.ShiftModifier)
    assert ws.current_item().code == codes[-1]  # type: ignore[union-attr]


def test_header_is_honest_and_subtotals_follow(qtbot: Any, ui_ctx: AppContext) -> None:
    _window, ws = _open(qtbot, ui_ctx)
    assert ws.state is not None
    total = ws.state.score.item_count
    bar = ws.score_bar
    assert bar.progress.text() == f"已答 0/{total}"
    assert bar.total.text().startswith("暂计") and not bar.grade.isVisibleTo(bar)
    item = next(i for _c, i in ws.state.definition.iter_items() if i.max_points > 0
                and i.deduction.mode is DeductionMode.FIXED)
    ws.select_item(item.code)
    qtbot.keyClick(ws.table, Qt.Key.Key_2)
    ui_ctx.worker.flush()
    assert bar.progress.text() == f"已答 1/{total}"
    # The category row of the checklist shows the same subtotal as the header, at once.
    category = next(c for c, i in ws.state.definition.iter_items() if i.code == item.code)
    subtotal = next(c for c in ws.state.score.category_scores if c.code == category.code)
    assert subtotal.score < subtotal.max_points
    header_row = next(r for r, e in enumerate(ws.checklist.rows) if e.item is None and e.category.code == category.code)
    shown = ws.checklist.data(ws.checklist.index(header_row, 0))
    assert f"{subtotal.score:g}" in shown.replace(" ", "") or str(subtotal.score) in shown
    assert f"{category.name} " in bar.categories.full_text()


def test_out_of_range_amount_is_refused_with_the_range(qtbot: Any, ui_ctx: AppContext) -> None:
    _window, ws = _open(qtbot, ui_ctx)
    assert ws.state is not None
    item = next((i for _c, i in ws.state.definition.iter_items()
                 if i.deduction.mode is DeductionMode.RANGE and i.max_points > 0), None)
    if item is None:
        pytest.skip("the demo standard has no range item")
    ws.select_item(item.code)
    qtbot.keyClick(ws.table, Qt.Key.Key_2)
    ui_ctx.worker.flush()
    spin = ws.editor.amount
    assert QApplication.focusWidget() is spin
    too_much = float(item.deduction.max or 0) + 0.5
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, f"{too_much:g}")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    ui_ctx.worker.flush()
    saved = ws.checklist.results[item.code]
    assert saved.deduction is not None and saved.deduction <= float(item.deduction.max or 0)
    assert ws.editor.amount_hint.property("error")
    assert f"{float(item.deduction.max or 0):g}" in ws.editor.amount_hint.text()
    assert QApplication.focusWidget() is spin  # still there to correct


def test_undo_redo_restore_answer_with_note_and_evidence_after_restart(
    qtbot: Any, ui_ctx: AppContext, demo_db_path: Path, fake_dialogs: Any
) -> None:
    _window, ws = _open(qtbot, ui_ctx)
    assert ws.state is not None and ws.detail is not None
    item = next(i for _c, i in ws.state.definition.iter_items()
                if i.max_points > 0 and i.deduction.mode is DeductionMode.PER_OCCURRENCE)
    ws.select_item(item.code)
    qtbot.keyClick(ws.table, Qt.Key.Key_2)
    ui_ctx.worker.flush()
    spin = QApplication.focusWidget()
    assert spin is ws.editor.occurrences
    spin.lineEdit().selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(spin, "2")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    ui_ctx.worker.flush()
    qtbot.keyClick(ws.table, Qt.Key.Key_N)
    qtbot.keyClicks(ws.editor.note, "no signature")
    qtbot.keyClick(ws.editor.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ui_ctx.worker.flush()
    qtbot.keyClick(ws.table, Qt.Key.Key_L)
    ui_ctx.worker.flush()
    review_id = ws.state.review.id

    def saved() -> Any:
        services = Services.open(demo_db_path, as_system=True)
        try:
            return services.reviews.state(review_id).results.get(item.code)
        finally:
            services.close()

    full = saved()
    assert (full.occurrences, full.note, len(full.evidence)) == (2, "no signature", 1)
    undo = lambda: qtbot.keyClick(ws.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # noqa: E731
    redo = lambda: qtbot.keyClick(ws.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # noqa: E731
    undo()  # the page link
    ui_ctx.worker.flush()
    state = saved()
    assert (state.occurrences, state.note, len(state.evidence)) == (2, "no signature", 0)
    undo()  # the note
    ui_ctx.worker.flush()
    assert saved().note is None and saved().occurrences == 2
    for _ in range(2):  # the occurrences, the answer: unanswered again
        undo()
        ui_ctx.worker.flush()
    assert saved() is None
    for _ in range(4):
        redo()
        ui_ctx.worker.flush()
    again = saved()
    assert (again.answer, again.occurrences, again.note) == (Answer.DEDUCT.value, 2, "no signature")
    assert [(e.document_id, e.page) for e in again.evidence] == [(e.document_id, e.page) for e in full.evidence]
    assert ws.editor.note.toPlainText() == "no signature"
    assert not fake_dialogs.errors

    # After a restart the history says what happened, the restored note included.
    services = Services.open(demo_db_path, as_system=True)
    history = services.reviews.history(review_id)
    services.close()
    actions = [h.action for h in history]
    assert actions.count("undo") == 4 and actions.count("redo") == 4
    last = history[-1]
    assert last.action == "redo" and last.after is not None and last.after["note"] == "no signature"
    assert last.after["evidence"] == [[e.document_id, e.page] for e in full.evidence]


def test_opening_a_case_writes_nothing_until_the_first_answer(
    qtbot: Any, ui_ctx: AppContext, demo_db_path: Path
) -> None:
    _window, ws = _open(qtbot, ui_ctx)
    assert ws.state is not None and ws.case_id is not None
    case_id = ws.case_id
    services = Services.open(demo_db_path, as_system=True)
    try:
        assert services.reviews.reviews_of_case(case_id) == []
        assert ws.state.review.id == 0
        assert services.cases.fetch_rows([case_id])[0].review_state == "not_started"
        # Browsing the checklist and the documents saves nothing either.
        qtbot.keyClick(ws.table, Qt.Key.Key_J)
        qtbot.keyClick(ws.table, Qt.Key.Key_PageDown)
        ui_ctx.worker.flush()
        assert services.reviews.reviews_of_case(case_id) == []
        code = ws.current_item().code  # type: ignore[union-attr]
        qtbot.keyClick(ws.table, Qt.Key.Key_1)
        ui_ctx.worker.flush()
        reviews = services.reviews.reviews_of_case(case_id)
        assert len(reviews) == 1 and ws.state.review.id == reviews[0].id
        assert services.reviews.state(reviews[0].id).results[code].answer == Answer.PASS.value
        assert [h.action for h in services.reviews.history(reviews[0].id)] == ["create", "answer"]
    finally:
        services.close()
