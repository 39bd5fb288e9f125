"""The review workspace end to end: keyboard-only scoring, persistence, undo, submit rules."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from casereview.domain.enums import Answer, DeductionMode, ReviewStatus
from casereview.scoring.engine import ItemAnswer, score
from casereview.services.app import Services
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.cases import CaseReviewScreen
from ui.worker import DbWorker

pytestmark = pytest.mark.gui


def _window(qtbot: Any, ctx: AppContext) -> tuple[MainWindow, CaseReviewScreen]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    ctx.bus.database_opened.emit(str(ctx.db_path))
    ctx.worker.flush()
    screen = window.screen("cases")
    assert isinstance(screen, CaseReviewScreen)
    return window, screen


def _unreviewed_case(services: Services) -> int:
    rows = services.cases.fetch_rows(services.cases.query_ids())
    fresh = [r for r in rows if r.review_state == "not_started"]
    return next((r.id for r in fresh if r.case_type == "penalty"), fresh[0].id)


def _open_by_keyboard(qtbot: Any, ctx: AppContext, screen: CaseReviewScreen, case_id: int) -> None:
    table = screen.list_page.table
    row = screen.list_page.model.row_of(case_id)
    assert row is not None
    table.setFocus()
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    ctx.worker.flush()
    ctx.worker.flush()
    assert screen.workspace.case_id == case_id


def _score_by_keyboard(qtbot: Any, ctx: AppContext, screen: CaseReviewScreen) -> dict[str, str]:
    """Answer every item with keys only; returns the answer chosen per item."""
    ws = screen.workspace
    assert ws.state is not None
    table = ws.table
    chosen: dict[str, str] = {}
    ws.select_item(ws.state.definition.item_codes()[0])
    used_na = used_deduct = False
    for _category, item in ws.state.definition.iter_items():
        assert ws.current_item() is not None and ws.current_item().code == item.code  # type: ignore[union-attr]
        focus = QApplication.focusWidget() or table
        if item.max_points > 0 and not used_deduct and item.deduction.mode is DeductionMode.PER_OCCURRENCE:
            qtbot.keyClick(focus, Qt.Key.Key_2)
            ctx.worker.flush()
            spin = QApplication.focusWidget()
            assert spin is ws.editor.occurrences
            spin.lineEdit().selectAll()  # type: ignore[union-attr]
            qtbot.keyClicks(spin, "2")
            qtbot.keyClick(spin, Qt.Key.Key_Return)
            ctx.worker.flush()
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N)  # write a note
            assert QApplication.focusWidget() is ws.editor.note
            qtbot.keyClicks(ws.editor.note, "no signature")  # QTest cannot type CJK; an IME would
            qtbot.keyClick(ws.editor.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            ctx.worker.flush()
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L)  # link the page being viewed
            ctx.worker.flush()
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_J)
            chosen[item.code] = Answer.DEDUCT.value
            used_deduct = True
        elif not used_na and item.max_points > 0:
            qtbot.keyClick(focus, Qt.Key.Key_3)
            chosen[item.code] = Answer.NOT_APPLICABLE.value
            used_na = True
        else:
            qtbot.keyClick(focus, Qt.Key.Key_1)
            chosen[item.code] = Answer.PASS.value
    ctx.worker.flush()
    assert used_deduct, "the standard should have a per-occurrence item"
    return chosen


def test_score_whole_case_by_keyboard_and_find_it_after_restart(
    qtbot: Any, ui_ctx: AppContext, demo_db_path: Path, fake_dialogs: Any
) -> None:
    services = Services.open(demo_db_path, as_system=True)
    case_id = _unreviewed_case(services)
    window, screen = _window(qtbot, ui_ctx)
    _open_by_keyboard(qtbot, ui_ctx, screen, case_id)
    chosen = _score_by_keyboard(qtbot, ui_ctx, screen)
    ws = screen.workspace
    assert not fake_dialogs.errors
    assert ws.state is not None and not ws.state.score.unanswered
    assert "已保存" in ws.score_bar.saved.text() or "Saved" in ws.score_bar.saved.text()

    # The saved answers, rescored by the engine, give exactly the score the UI shows.
    state = services.reviews.state(ws.state.review.id)
    assert {code: r.answer for code, r in state.results.items()} == chosen
    deducted = next(r for r in state.results.values() if r.answer == Answer.DEDUCT.value)
    assert deducted.occurrences == 2 and deducted.note == "no signature" and len(deducted.evidence) == 1
    answers = {
        c: ItemAnswer(c, Answer(r.answer), r.deduction, r.occurrences) for c, r in state.results.items()
    }
    engine = score(state.definition, answers)
    assert engine.total == state.score.total == ws.state.score.total
    assert ws.score_bar.total.text().startswith(f"{engine.total:g}")

    # Submit from the keyboard (the confirmation is answered by the fake dialog service).
    qtbot.keyClick(ws.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    ui_ctx.worker.flush()
    assert services.reviews.state(ws.state.review.id).review.status == ReviewStatus.SUBMITTED
    assert ws.locked and not ws.editor.answer_buttons["pass"].isEnabled()
    row = services.cases.fetch_rows([case_id])[0]
    assert row.score == engine.total and row.grade == engine.grade

    # Close the window, start a new one on the same file: every answer is there.
    window.close()
    ui_ctx.worker.shutdown()
    worker = DbWorker()
    ctx2 = AppContext(worker=worker, dialogs=fake_dialogs, db_path=demo_db_path)
    worker.open_database(demo_db_path, as_system=True)
    worker.flush()
    try:
        _window2, screen2 = _window(qtbot, ctx2)
        screen2.open_case(case_id)
        worker.flush()
        worker.flush()
        ws2 = screen2.workspace
        assert ws2.state is not None
        assert {c: r.answer for c, r in ws2.checklist.results.items()} == chosen
        assert ws2.state.score.total == engine.total and ws2.locked
    finally:
        worker.flush()
        ui_ctx.worker = worker  # the fixture shuts this one down
    services.close()


def test_undo_redo_and_submit_rules(qtbot: Any, ui_ctx: AppContext, demo_db_path: Path, fake_dialogs: Any) -> None:
    services = Services.open(demo_db_path, as_system=True)
    case_id = _unreviewed_case(services)
    _win, screen = _window(qtbot, ui_ctx)
    _open_by_keyboard(qtbot, ui_ctx, screen, case_id)
    ws = screen.workspace
    assert ws.state is not None
    first, second = ws.state.definition.item_codes()[:2]
    ws.select_item(first)
    qtbot.keyClick(ws.table, Qt.Key.Key_1)
    ui_ctx.worker.flush()
    assert ws.current_item().code == second  # type: ignore[union-attr]
    assert services.reviews.state(ws.state.review.id).results[first].answer == "pass"

    qtbot.keyClick(ws.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    ui_ctx.worker.flush()
    assert first not in services.reviews.state(ws.state.review.id).results
    qtbot.keyClick(ws.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    ui_ctx.worker.flush()
    assert services.reviews.state(ws.state.review.id).results[first].answer == "pass"

    # Submitting with unanswered items: no question, no error box; the first gap is selected.
    ws.select_item(first)
    fake_dialogs.confirm_answer = False  # a confirmation would refuse: none may be asked
    qtbot.keyClick(ws.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    ui_ctx.worker.flush()
    assert not fake_dialogs.errors
    assert ws.current_item().code == second  # type: ignore[union-attr]
    assert services.reviews.state(ws.state.review.id).review.status == ReviewStatus.DRAFT

    # Veto on a non-veto item is refused in the UI without a save.
    non_veto = next(i for _c, i in ws.state.definition.iter_items() if i.veto is None)
    ws.select_item(non_veto.code)
    saves_before = len(services.reviews.history(ws.state.review.id))
    qtbot.keyClick(ws.table, Qt.Key.Key_4)
    ui_ctx.worker.flush()
    assert len(services.reviews.history(ws.state.review.id)) == saves_before
    services.close()


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_save_answer_round_trip_is_fast(demo_services: Services) -> None:
    """save_answer + rescore in the core, the budget behind the '已保存' label (< 50 ms)."""
    case_id = _unreviewed_case(demo_services)
    state = demo_services.reviews.open_review(case_id)
    codes = state.definition.item_codes()
    timings = []
    for code in codes[:15]:
        started = time.process_time()  # CPU time of this process: holds on a loaded machine
        demo_services.reviews.save_answer(state.review.id, code, Answer.PASS, keep_note=True)
        timings.append((time.process_time() - started) * 1000)
    timings.sort()
    median = timings[len(timings) // 2]
    print(f"save_answer + rescore: median {median:.1f} ms, max {timings[-1]:.1f} ms")
    # The 50 ms target is the benchmark's (`casereview bench`, measured against baselines in
    # one run); here only a gross regression fails, with the benchmark's 3x guard.
    assert median < 150


def test_reopen_asks_reason_and_unlocks(qtbot: Any, ui_ctx: AppContext, demo_db_path: Path, fake_dialogs: Any) -> None:
    services = Services.open(demo_db_path, as_system=True)
    case_id = _unreviewed_case(services)
    state = services.reviews.open_review(case_id)
    for code in state.definition.item_codes():
        services.reviews.save_answer(state.review.id, code, Answer.PASS)
    services.reviews.submit(state.review.id)
    _win, screen = _window(qtbot, ui_ctx)
    screen.open_case(case_id)
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    ws = screen.workspace
    assert ws.locked and ws.reopen_button.isVisibleTo(ws)
    fake_dialogs.text_answer = "复核发现漏评"
    ws.reopen()
    ui_ctx.worker.flush()
    assert not ws.locked
    history = services.reviews.history(state.review.id)
    assert history[-1].action == "reopen" and history[-1].reason == "复核发现漏评"
    services.close()


def test_document_and_case_navigation_keys(qtbot: Any, ui_ctx: AppContext, demo_db_path: Path) -> None:
    services = Services.open(demo_db_path, as_system=True)
    case_id = _unreviewed_case(services)
    _win, screen = _window(qtbot, ui_ctx)
    _open_by_keyboard(qtbot, ui_ctx, screen, case_id)
    ws = screen.workspace
    assert ws.detail is not None
    documents = [d for d in ws.detail.documents if d.kind == "pdf"]
    assert ws.viewer.document_id == documents[0].id

    qtbot.keyClick(ws.table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    ui_ctx.worker.flush()
    assert ws.viewer.document_id == ws.detail.documents[1].id
    multi = next((d for d in documents if d.page_count > 1), None)
    if multi is not None:
        ws.show_document(multi.id)
        ui_ctx.worker.flush()
        qtbot.keyClick(ws.table, Qt.Key.Key_PageDown)
        assert ws.viewer.page == 2
        qtbot.keyClick(ws.table, Qt.Key.Key_PageUp)
        assert ws.viewer.page == 1

    # Ctrl+→ opens the next case of the list, in the list's order.
    ids = screen.list_page.model.ids
    expected = ids[ids.index(case_id) + 1]
    qtbot.keyClick(ws.table, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert ws.case_id == expected
    qtbot.keyClick(ws.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert screen.stack.currentWidget() is screen.list_page
    services.close()

