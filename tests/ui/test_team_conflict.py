"""Two PCs on one review, through the real workspace: the second writer is told who changed
what, nothing is overwritten silently, and "keep my change" saves on top of the other one.
Runs on SQLite and on PostgreSQL (two Services on one database, as two PCs would have)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from casereview.domain.enums import Answer, CaseType
from casereview.services.app import Services
from casereview.storage.models import Case, Unit
from ui.context import AppContext
from ui.review.workspace import ReviewWorkspace
from ui.worker import DbWorker


@pytest.fixture
def team_db(any_db: str) -> Iterator[tuple[str, int]]:
    services = Services.open(any_db, actor="准备", as_system=True)
    services.standards.sync_shipped()
    with services.ctx.db.session() as session:
        unit = Unit(name="测试执法支队")
        session.add(unit)
        session.flush()
        case = Case(case_no="粤交执罚〔2024〕7号", unit_id=unit.id, case_type=CaseType.PENALTY.value,
                    procedure="general", party_name="张三", cause="超限运输", fine_amount=Decimal("200.00"),
                    filing_date=date(2024, 3, 5), decision_date=date(2024, 4, 1))
        session.add(case)
        session.flush()
        case_id = case.id
    services.close()
    yield any_db, case_id


@pytest.fixture
def workspace(qtbot: Any, qapp: Any, team_db: tuple[str, int], fake_dialogs: Any) -> Iterator[ReviewWorkspace]:
    from ui.i18n import install_translators

    install_translators(qapp, "zh_CN")  # the messages are checked as the user reads them
    url, case_id = team_db
    worker = DbWorker()
    ctx = AppContext(worker=worker, dialogs=fake_dialogs)  # type: ignore[arg-type]
    worker.open_database(url, as_system=True)
    worker.flush()
    ws = ReviewWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1300, 800)
    ws.show()
    ws.open_case(case_id)
    worker.flush()
    worker.flush()
    try:
        yield ws
    finally:
        worker.flush()
        worker.shutdown()
        install_translators(qapp, "en")


def _answer(ws: ReviewWorkspace, code: str, key: Qt.Key, qtbot: Any) -> None:
    ws.select_item(code)
    ws.focus_checklist()
    qtbot.keyClick(ws.table, key)
    ws.ctx.worker.flush()
    ws.ctx.worker.flush()


@pytest.mark.parametrize("keep_mine", [False, True])
def test_second_writer_sees_the_other_change_and_chooses(
    qtbot: Any, workspace: ReviewWorkspace, team_db: tuple[str, int], fake_dialogs: Any, keep_mine: bool
) -> None:
    ws = workspace
    url = team_db[0]
    assert ws.state is not None
    codes = ws.state.definition.item_codes()
    _answer(ws, codes[0], Qt.Key.Key_1, qtbot)  # the first answer creates the review
    assert ws.state.review.id and not fake_dialogs.errors
    review_id = ws.state.review.id

    # Another PC (its own Services, its own connection) changes the same review meanwhile.
    other = Services.open(url, actor="李四", as_system=True)
    try:
        other_version = other.reviews.state(review_id).review.version
        other.reviews.save_answer(review_id, codes[0], Answer.NOT_APPLICABLE, expected_version=other_version)
    finally:
        other.close()

    fake_dialogs.choice_answer = 1 if keep_mine else 0
    _answer(ws, codes[1], Qt.Key.Key_1, qtbot)  # this screen still shows the old version

    assert not fake_dialogs.errors
    assert len(fake_dialogs.choices) == 1
    text, choices = fake_dialogs.choices[0]
    assert "李四" in text and "未保存" in text  # who, and that nothing of mine went in silently
    assert f"{codes[0]}：符合 → 不适用" in text  # what they changed, item by item
    assert codes[1] in text  # what I tried to save
    assert choices == ["载入对方的版本", "保留我的修改"]

    check = Services.open(url, as_system=True)
    try:
        saved = check.reviews.state(review_id).results
    finally:
        check.close()
    assert saved[codes[0]].answer == Answer.NOT_APPLICABLE.value  # theirs is never overwritten
    assert ws.checklist.results[codes[0]].answer == Answer.NOT_APPLICABLE.value  # and now shown here
    if keep_mine:
        assert saved[codes[1]].answer == Answer.PASS.value
        assert codes[1] in ws.checklist.results
    else:
        assert codes[1] not in saved
        assert codes[1] not in ws.checklist.results

    # After the choice the screen is current: the next answer saves without another question.
    _answer(ws, codes[2], Qt.Key.Key_3, qtbot)
    assert len(fake_dialogs.choices) == 1 and not fake_dialogs.errors
    assert ws.checklist.results[codes[2]].answer == Answer.NOT_APPLICABLE.value


def test_own_quick_saves_never_conflict_with_each_other(
    qtbot: Any, workspace: ReviewWorkspace, fake_dialogs: Any
) -> None:
    """Saves queued back to back each expect the version the previous one produced."""
    ws = workspace
    assert ws.state is not None
    codes = ws.state.definition.item_codes()[:6]
    for code in codes:  # no flush in between: all queued in the worker at once
        ws.select_item(code)
        ws.focus_checklist()
        qtbot.keyClick(ws.table, Qt.Key.Key_1)
    ws.ctx.worker.flush()
    ws.ctx.worker.flush()
    ws.undo_stack.undo()  # undo and redo are saves too, with the version
    ws.ctx.worker.flush()
    ws.undo_stack.redo()
    ws.ctx.worker.flush()
    assert not fake_dialogs.errors and not fake_dialogs.choices
    assert set(codes) <= set(ws.checklist.results)


def test_other_pcs_change_refreshes_the_open_review_and_the_list(
    qtbot: Any, workspace: ReviewWorkspace, team_db: tuple[str, int], fake_dialogs: Any
) -> None:
    """LISTEN/NOTIFY (PostgreSQL) or the data_version poll (SQLite) runs on its own thread;
    the UI thread only gets queued signals and stays responsive meanwhile."""
    from ui.change_feed import ChangeFeed

    ws = workspace
    url, case_id = team_db
    assert ws.state is not None
    codes = ws.state.definition.item_codes()
    _answer(ws, codes[0], Qt.Key.Key_1, qtbot)
    review_id = ws.state.review.id
    feed = ChangeFeed(ws.ctx)
    online: list[bool] = []
    changed_cases: list[int] = []
    ws.ctx.bus.server_online.connect(online.append)
    ws.ctx.bus.case_changed.connect(changed_cases.append)
    ws.ctx.bus.cases_changed.connect(lambda: changed_cases.append(-1))
    ws.ctx.bus.database_opened.emit(url)
    qtbot.waitUntil(lambda: online == [True], timeout=10_000)
    try:
        other = Services.open(url, actor="李四", as_system=True)
        try:
            other.reviews.save_answer(review_id, codes[1], Answer.NOT_APPLICABLE)
        finally:
            other.close()
        qtbot.waitUntil(lambda: codes[1] in ws.checklist.results, timeout=10_000)
        assert ws.checklist.results[codes[1]].answer == Answer.NOT_APPLICABLE.value
        assert changed_cases and (case_id in changed_cases or -1 in changed_cases)
        # The screen is current now: the next answer saves without a conflict.
        ws.ctx.worker.flush()
        _answer(ws, codes[2], Qt.Key.Key_1, qtbot)
        assert not fake_dialogs.choices and not fake_dialogs.errors
    finally:
        feed.stop()


def test_answers_survive_a_server_outage_and_are_saved_when_it_returns(
    qtbot: Any, qapp: Any, pg_url: str, fake_dialogs: Any, tmp_path: Any
) -> None:
    """The server goes away while the officer answers: no error box, the answers stay on the
    screen marked unsaved and in the journal file; when it is back they are saved."""
    from netrelay import relayed_url

    from casereview.services.unsaved import UnsavedJournal
    from ui.i18n import install_translators
    from ui.review.unsaved import UnsavedChanges

    install_translators(qapp, "zh_CN")
    setup = Services.open(pg_url, actor="准备", as_system=True)
    setup.standards.sync_shipped()
    with setup.ctx.db.session() as session:
        unit = Unit(name="测试执法支队")
        session.add(unit)
        session.flush()
        case = Case(case_no="粤交执罚〔2024〕8号", unit_id=unit.id, case_type=CaseType.PENALTY.value,
                    procedure="general", party_name="李四", cause="超限运输")
        session.add(case)
        session.flush()
        case_id = case.id
    setup.close()
    with relayed_url(pg_url) as (url, relay):
        worker = DbWorker()
        ctx = AppContext(worker=worker, dialogs=fake_dialogs)  # type: ignore[arg-type]
        ctx.unsaved = UnsavedChanges(ctx, UnsavedJournal(tmp_path / "unsaved.json"))
        worker.open_database(url, as_system=True)
        worker.flush()
        ctx.bus.database_opened.emit(url)
        worker.flush()
        ws = ReviewWorkspace(ctx)
        qtbot.addWidget(ws)
        ws.resize(1300, 800)
        ws.show()
        try:
            ws.open_case(case_id)
            worker.flush()
            worker.flush()
            assert ws.state is not None
            codes = ws.state.definition.item_codes()
            _answer(ws, codes[0], Qt.Key.Key_1, qtbot)
            assert ws.state.review.id and not ctx.unsaved.entries()

            relay.stop()  # the server goes away while the officer is answering
            _answer(ws, codes[1], Qt.Key.Key_3, qtbot)
            _answer(ws, codes[2], Qt.Key.Key_1, qtbot)
            assert not fake_dialogs.errors  # no error box: the answers are kept
            assert len(ctx.unsaved.entries()) == 2 and (tmp_path / "unsaved.json").is_file()
            assert ws.checklist.unsaved == {codes[1], codes[2]}
            shown = ws.checklist.data(ws.checklist.index(ws.checklist.row_of(codes[1]) or 0, ws.checklist.COL_ANSWER))
            assert "不适用" in shown and "✱" in shown
            assert ws.unsaved_banner.isVisibleTo(ws) and "未保存" in ws.unsaved_label.text()
            ctx.unsaved.copy_to_clipboard()
            assert codes[1] in qapp.clipboard().text()

            relay.start()  # the server is back
            ctx.unsaved.replay_now()
            worker.flush()
            worker.flush()
            assert ctx.unsaved.entries() == [] and ws.checklist.unsaved == set()
            assert not ws.unsaved_banner.isVisibleTo(ws)
            check = Services.open(pg_url, as_system=True)
            try:
                saved = check.reviews.state(ws.state.review.id).results
            finally:
                check.close()
            assert saved[codes[1]].answer == Answer.NOT_APPLICABLE.value and saved[codes[2]].answer == Answer.PASS.value
            assert not fake_dialogs.errors and not fake_dialogs.choices
        finally:
            worker.flush()
            worker.shutdown()
            install_translators(qapp, "en")
