"""The lazy case list: 100,000 ids, rows fetched page by page; search and filters in the worker."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QTableView

from casereview.services.app import Services
from casereview.services.cases import CaseRow
from ui.context import AppContext
from ui.models.case_table import COLUMNS, CaseTableModel
from ui.screens.cases import CaseReviewScreen

pytestmark = pytest.mark.gui


def _row(case_id: int) -> CaseRow:
    return CaseRow(
        id=case_id, case_no=f"粤交罚〔2024〕{case_id:06d}号", unit_name="佛山市交通运输局", case_type="penalty",
        case_type_label="行政处罚", party_name="张三", cause="超限运输", filing_date=date(2024, 1, 2),
        decision_date=date(2024, 2, 3), fine_amount=Decimal("1200.00"), review_state="not_started",
        review_state_label="未评查", score=None, grade=None,
    )


class CountingCases:
    def __init__(self) -> None:
        self.calls = 0
        self.rows_fetched = 0

    def fetch_rows(self, ids: list[int]) -> list[CaseRow]:
        self.calls += 1
        self.rows_fetched += len(ids)
        return [_row(i) for i in ids]


class FakeServices:
    def __init__(self) -> None:
        self.cases = CountingCases()


def _fetcher(services: FakeServices) -> Callable[..., None]:
    def fetch(fn: Callable[[Any], list[CaseRow]], ok: Callable[[list[CaseRow]], None]) -> None:
        rows = fn(services)
        QTimer.singleShot(0, lambda: ok(rows))  # delivered later, like the real worker

    return fetch


def _drain() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def test_100k_ids_load_only_visible_pages(qtbot: Any) -> None:
    services = FakeServices()
    model = CaseTableModel(_fetcher(services))
    model.set_ids(range(1, 100_001))
    assert model.rowCount() == 100_000 and services.cases.calls == 0

    index = model.index(54_321, 0)
    assert model.data(index) == "Loading…"  # placeholder while the page loads
    model.data(model.index(54_322, 3))  # same page: no second request
    assert services.cases.calls == 1
    _drain()
    assert model.data(index) == _row(54_322).case_no
    assert services.cases.rows_fetched == CaseTableModel.PAGE_SIZE

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    _drain()
    view.scrollToBottom()
    _drain()
    assert model.data(model.index(99_999, 0)) == _row(100_000).case_no
    assert services.cases.rows_fetched <= 4 * CaseTableModel.PAGE_SIZE
    assert model.loaded_row_count <= 4 * CaseTableModel.PAGE_SIZE


def test_stale_pages_are_dropped(qtbot: Any) -> None:
    pending: list[Callable[[], None]] = []
    services = FakeServices()

    def fetch(fn: Callable[[Any], list[CaseRow]], ok: Callable[[list[CaseRow]], None]) -> None:
        rows = fn(services)
        pending.append(lambda: ok(rows))

    model = CaseTableModel(fetch)
    model.set_ids([1, 2, 3])
    model.data(model.index(0, 0))
    model.set_ids([7, 8])  # a new search arrives before the old page
    pending.pop(0)()
    assert model.row_at(0) is None  # old rows ignored; a new request is on its way
    pending.pop(0)()
    assert model.row_at(0) is not None and model.row_at(0).id == 7  # type: ignore[union-attr]


def test_sorting_requests_a_new_id_query() -> None:
    model = CaseTableModel(lambda fn, ok: None)
    requests: list[tuple[str, bool]] = []
    model.sort_requested.connect(lambda key, desc: requests.append((key, desc)))
    fine_column = next(i for i, c in enumerate(COLUMNS) if c.key == "fine")
    from PySide6.QtCore import Qt

    model.sort(fine_column, Qt.SortOrder.DescendingOrder)
    assert requests == [("fine_amount", True)]


def test_search_and_filters_run_in_the_worker(qtbot: Any, ui_ctx: AppContext, demo_services: Services) -> None:
    screen = CaseReviewScreen(ui_ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.reload()
    ui_ctx.worker.flush()
    page = screen.list_page
    total = demo_services.cases.count()
    assert page.model.rowCount() == total
    target = demo_services.cases.fetch_rows(demo_services.cases.query_ids())[3]

    digits = re.findall(r"\d+", target.case_no)[-1]  # QTest can type ASCII only
    qtbot.keyClicks(page.search, digits)
    assert page.model.rowCount() == total  # debounced: nothing ran yet
    qtbot.waitUntil(lambda: page.model.rowCount() < total, timeout=3000)
    ui_ctx.worker.flush()
    assert target.id in page.model.ids

    page.clear_filters()
    ui_ctx.worker.flush()
    all_rows = demo_services.cases.fetch_rows(demo_services.cases.query_ids())
    page.type_filter.setCurrentIndex(page.type_filter.findData(target.case_type))
    ui_ctx.worker.flush()
    rows = demo_services.cases.fetch_rows(page.model.ids)
    assert {r.id for r in rows} == {r.id for r in all_rows if r.case_type == target.case_type}
    page.state_filter.setCurrentIndex(page.state_filter.findData("not_started"))
    ui_ctx.worker.flush()
    rows = demo_services.cases.fetch_rows(page.model.ids)
    expected = {r.id for r in all_rows if r.case_type == target.case_type and r.review_state == "not_started"}
    assert {r.id for r in rows} == expected


def test_an_empty_search_says_what_to_do(qtbot: Any, ui_ctx: AppContext) -> None:
    screen = CaseReviewScreen(ui_ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.reload()
    ui_ctx.worker.flush()
    page = screen.list_page
    assert page.model.rowCount() > 0 and not page.empty.isVisible()
    page.search.setText("zzzz-no-such-case")
    page.requery()
    ui_ctx.worker.flush()
    assert page.model.rowCount() == 0
    assert page.empty.isVisible() and "Clear filters" in page.empty.text()  # the tests run untranslated
    page.clear_filters()
    ui_ctx.worker.flush()
    assert not page.empty.isVisible()


def test_in_progress_matches_the_core() -> None:
    from casereview.services.types import CaseReviewState
    from ui.models.case_table import IN_PROGRESS

    assert CaseReviewState.IN_PROGRESS.value == IN_PROGRESS


def test_main_window_shows_without_the_database_layer_or_core_enums(tmp_path: Any) -> None:
    """What loads before the window shows (start-up time, issue 19): not SQLAlchemy, not the
    core's enums, no screen but the case list, no QtWidgets class set-up via viewport()."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys, gc, enum\n"
        "from ui.app import main\n"
        "import ui.app as app\n"
        "class Out:\n"
        "    def write(self, t):\n"
        "        if t.startswith('SHOWN'):\n"
        "            names = {c.__qualname__ for c in gc.get_objects() if isinstance(c, enum.EnumType)}\n"
        "            sys.__stdout__.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n"
        "            sys.__stdout__.write('ENUMS ' + ' '.join(sorted(names)) + '\\n')\n"
        "        return sys.__stdout__.write(t)\n"
        "    def flush(self): sys.__stdout__.flush()\n"
        "sys.stdout = Out()\n"
        f"main(['--db', {str(tmp_path / 'start.sqlite3')!r}, '--exit-after-show'])\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    lines = {line.split(" ", 1)[0]: line.split(" ")[1:] for line in out.stdout.splitlines() if " " in line}
    modules, enums = set(lines["MODULES"]), set(lines["ENUMS"])
    assert not {m for m in modules if m.startswith(("sqlalchemy", "casereview.storage", "casereview.domain.enums"))}
    assert "ui.screens.cases" in modules
    assert not {m for m in modules if m.startswith(("ui.screens.rectification.screen", "ui.screens.statistics",
                                                     "ui.review.workspace"))}
    assert "QWizard.WizardStyle" not in enums  # a first viewport() sets up every QtWidgets class
    assert "QEvent.Type" not in enums
