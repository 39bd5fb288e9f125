"""Automatic checks in the review workspace: proposals on their items, accept / dismiss / undo,
history, stale decisions after a case edit, and the F5 re-check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from casereview.domain.enums import Answer
from casereview.services.app import Services
from casereview.storage.models import Case
from ui.context import AppContext
from ui.review.checks_panel import ChecksController
from ui.review.workspace import ReviewWorkspace

pytestmark = pytest.mark.gui

RULE = "penalty.service_within_7_workdays"


def _clean_penalty_case(services: Services) -> int:
    """An unreviewed penalty case on which no check fails (the test makes one fail)."""
    rows = services.cases.fetch_rows(services.cases.query_ids())
    for row in rows:
        if (row.case_type == "penalty" and row.review_state == "not_started"
                and not services.checks.run_case(row.id).failed):
            return row.id
    raise AssertionError("the demo has no clean unreviewed penalty case")


def _set_service_after(services: Services, case_id: int, workdays: int) -> dt.date:
    """Edit the case through the services: service N working days after the decision."""
    calendar = services.checks.context().calendar
    with services.ctx.db.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.decision_date is not None
        served = calendar.add_workdays(case.decision_date, workdays).date
        services.cases.apply_record(session, case, {"service_date": served})
    return served


def _workspace(qtbot: Any, ctx: AppContext, case_id: int) -> tuple[ReviewWorkspace, ChecksController]:
    ws = ReviewWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1400, 860)
    ws.show()
    qtbot.waitExposed(ws)
    ws.open_case(case_id)
    for _ in range(3):
        ctx.worker.flush()
    controller = ws.checks_controller  # type: ignore[attr-defined]
    assert isinstance(controller, ChecksController)
    return ws, controller


def _flush(ctx: AppContext) -> None:
    for _ in range(3):
        ctx.worker.flush()


@pytest.fixture
def late_service_case(demo_db_path: Path) -> tuple[int, str]:
    services = Services.open(demo_db_path, as_system=True)
    try:
        case_id = _clean_penalty_case(services)
        _set_service_after(services, case_id, 10)
        failed = [r.rule_id for r in services.checks.run_case(case_id).failed]
        assert failed == [RULE]
        std_items = [
            item.code
            for _c, item in services.reviews.open_review(case_id).definition.iter_items()
            if RULE in item.check_ids
        ]
        assert std_items
        return case_id, std_items[0]
    finally:
        services.close()


def test_failed_check_shows_as_proposal_on_its_item_and_accept_saves_it(
    qtbot: Any, ui_ctx: AppContext, late_service_case: tuple[int, str], demo_db_path: Path
) -> None:
    case_id, item_code = late_service_case
    ws, controller = _workspace(qtbot, ui_ctx, case_id)
    panel = controller.panel

    # The panel lists every result, the failed one first, with its working and legal basis.
    # The checks live in a tab next to the item details (never squeezing the checklist).
    assert ws.details.isTabVisible(ws.details.indexOf(ws.checks_area))
    ws.details.setCurrentWidget(ws.checks_area)
    assert panel.isVisible()
    assert controller.view is not None and len(controller.view.results) >= 20
    first_group = panel.tree.topLevelItem(0)
    assert first_group is not None and first_group.childCount() == 1
    failed_row = first_group.child(0)
    assert failed_row is not None and failed_row.data(0, Qt.ItemDataRole.UserRole) == RULE
    assert f"{item_code} " in failed_row.text(1)
    panel.tree.setCurrentItem(failed_row)
    shown = panel.result_of(RULE)
    assert shown is not None and shown.legal_basis
    assert "间隔 10 个工作日" in panel.detail.text() and shown.legal_basis in panel.detail.text()

    # The checklist marks the item; selecting the row went to it and the editor shows the proposal.
    assert ws.checklist.check_marks == {item_code: "open"}
    row = ws.checklist.row_of(item_code)
    assert row is not None
    assert ws.checklist.data(ws.checklist.index(row, ws.checklist.COL_ANSWER)) == "⚑"
    assert ws.current_item() is not None and ws.current_item().code == item_code  # type: ignore[union-attr]
    assert controller.box.isVisible() and len(controller.box.cards) == 1
    card = controller.box.cards[0]
    assert card.proposal.rule_id == RULE and "超过 7 个工作日" in card.proposal.explanation

    # A (keyboard) accepts: the deduction is saved with the explanation as note and the check id.
    ws.focus_checklist()
    qtbot.keyClick(ws.table, Qt.Key.Key_A)
    _flush(ui_ctx)
    result = ws.checklist.results[item_code]
    assert result.answer == Answer.DEDUCT.value
    assert result.note == card.proposal.explanation
    assert result.check_id == RULE
    assert ws.score_bar is not None and ws.state is not None
    assert ws.state.score.item_deductions.get(item_code, 0) > 0
    assert ws.checklist.check_marks == {item_code: "decided"}
    proposal = controller.proposals_for(item_code)[0]
    assert proposal.decision == "accepted" and not proposal.stale

    # Stored: a fresh service sees the answer, the decision and the history entry.
    services = Services.open(demo_db_path, as_system=True)
    try:
        review_id = ws.state.review.id
        saved = services.reviews.state(review_id).results[item_code]
        assert saved.check_id == RULE and saved.note == proposal.explanation
        actions = [e.action for e in services.reviews.history(review_id)]
        assert "check_accepted" in actions

        # Undo (Ctrl+Z) withdraws the decision and removes the answer it created.
        ws.undo_stack.undo()
        _flush(ui_ctx)
        assert item_code not in ws.checklist.results
        assert controller.proposals_for(item_code)[0].decision is None
        assert ws.checklist.check_marks == {item_code: "open"}
        assert item_code not in services.reviews.state(review_id).results
        ws.undo_stack.redo()
        _flush(ui_ctx)
        assert ws.checklist.results[item_code].check_id == RULE

        # The case data changes (service even later): the decision shows as stale after F5.
        _set_service_after(services, case_id, 12)
        ws.focus_checklist()
        qtbot.keyClick(ws.table, Qt.Key.Key_F5)
        _flush(ui_ctx)
        proposal = controller.proposals_for(item_code)[0]
        assert proposal.decision == "accepted" and proposal.stale
        assert "12 个工作日" in proposal.explanation
        assert ws.checklist.check_marks[item_code] == "open"
        ws.select_item(item_code)
        assert any("数据已变更" in label.text() or "Data changed" in label.text()
                   for label in controller.box.cards[0].findChildren(type(panel.detail)))
    finally:
        services.close()


def test_dismiss_needs_a_reason_and_is_stored_in_the_history(
    qtbot: Any, ui_ctx: AppContext, late_service_case: tuple[int, str], fake_dialogs: Any, demo_db_path: Path
) -> None:
    case_id, item_code = late_service_case
    ws, controller = _workspace(qtbot, ui_ctx, case_id)
    ws.select_item(item_code)
    ws.focus_checklist()

    fake_dialogs.text_answer = "   "  # an empty reason is refused
    qtbot.keyClick(ws.table, Qt.Key.Key_D)
    _flush(ui_ctx)
    assert fake_dialogs.errors and controller.proposals_for(item_code)[0].decision is None
    fake_dialogs.errors.clear()

    fake_dialogs.text_answer = None  # cancelled: nothing happens
    qtbot.keyClick(ws.table, Qt.Key.Key_D)
    _flush(ui_ctx)
    assert controller.proposals_for(item_code)[0].decision is None

    fake_dialogs.text_answer = "当事人在场，当场交付决定书，不适用七日送达期限"
    qtbot.keyClick(ws.table, Qt.Key.Key_D)
    _flush(ui_ctx)
    assert not fake_dialogs.errors
    proposal = controller.proposals_for(item_code)[0]
    assert proposal.decision == "dismissed" and proposal.decision_reason == fake_dialogs.text_answer
    assert item_code not in ws.checklist.results  # dismissing saves no answer
    assert ws.checklist.check_marks == {item_code: "decided"}

    assert ws.state is not None
    services = Services.open(demo_db_path, as_system=True)
    try:
        entries = [e for e in services.reviews.history(ws.state.review.id) if e.action == "check_dismissed"]
        assert len(entries) == 1 and entries[0].reason == fake_dialogs.text_answer
        assert entries[0].after is not None and entries[0].after["rule"] == RULE
    finally:
        services.close()

    # The history dialog lists the dismissal with its reason.
    from ui.review.checks_proposals import ReviewHistoryDialog

    dialogs: list[ReviewHistoryDialog] = []
    original = ReviewHistoryDialog.exec
    ReviewHistoryDialog.exec = lambda self: dialogs.append(self) or 0  # type: ignore[method-assign,assignment,func-returns-value]
    try:
        controller.show_history()
        _flush(ui_ctx)
    finally:
        ReviewHistoryDialog.exec = original  # type: ignore[method-assign]
    assert dialogs
    table = dialogs[0].table
    texts = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    dismissed = [row for row in texts if fake_dialogs.text_answer in row]
    assert dismissed and item_code in dismissed[0][3]


def test_locked_review_refuses_decisions(
    qtbot: Any, ui_ctx: AppContext, late_service_case: tuple[int, str], demo_db_path: Path
) -> None:
    case_id, item_code = late_service_case
    services = Services.open(demo_db_path, as_system=True)
    try:
        state = services.reviews.open_review(case_id)
        for code in state.definition.item_codes():
            item = state.definition.item(code)
            assert item is not None
            answer = Answer.PASS if item.max_points > 0 or item.veto is None else Answer.NOT_APPLICABLE
            services.reviews.save_answer(state.review.id, code, answer if code != item_code else Answer.PASS)
        services.reviews.submit(state.review.id)
        with pytest.raises(Exception, match="锁定"):
            services.checks.dismiss(state.review.id, RULE, item_code, "理由")
    finally:
        services.close()
    ws, controller = _workspace(qtbot, ui_ctx, case_id)
    assert ws.locked
    ws.select_item(item_code)
    card = controller.box.cards[0]
    assert not card.accept_button.isEnabled() and not card.dismiss_button.isEnabled()


def test_accept_keeps_the_reviewers_own_note_and_replaces_an_older_explanation() -> None:
    from casereview.services.checks import accepted_note

    assert accepted_note(None, "新说明", set()) == "新说明"
    assert accepted_note("旧说明", "新说明", {"旧说明"}) == "新说明"  # stale explanation replaced
    assert accepted_note("送达回证无签收日期", "新说明", {"旧说明"}) == "送达回证无签收日期\n新说明"
    assert accepted_note("见新说明", "新说明", set()) == "见新说明"
