"""The 问题整改 register as a paged list: the database sorts the ids, the screen loads only the
pages it shows (a 10,000-case register took a minute to sort in a proxy on the UI thread)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.gui


def test_register_loads_ids_first_then_only_the_pages_shown(ui_ctx: Any, qtbot: Any, monkeypatch: Any) -> None:
    from PySide6.QtCore import Qt

    from casereview.services.app import Services
    from ui.screens.rectification import RectificationScreen
    from ui.screens.rectification.models import DeficiencyModel

    monkeypatch.setattr(DeficiencyModel, "PAGE_SIZE", 3)
    services = Services.open(ui_ctx.db_path, as_system=True)
    try:
        everything = services.deficiencies.list_deficiencies()
    finally:
        services.close()
    assert len(everything) > 7  # the demo's findings span several pages of 3

    screen = RectificationScreen(ui_ctx)
    qtbot.addWidget(screen)
    screen.reload()
    ui_ctx.worker.flush()
    tab = screen.register_tab
    model = tab.deficiencies
    assert tab.def_table.model() is model  # no proxy sorting every row on the UI thread
    assert model.ids == sorted(d.id for d in everything)  # sorted by number, in the database
    assert [d.id for d in model.rows] == model.ids[:3]  # the first page only (loaded before it is painted)
    assert str(len(everything)) in tab.count_label.text()
    last = len(model.ids) - 1
    assert model.loaded(last) is None
    assert model.data(model.index(last, 0)) == ""  # a row not loaded yet: placeholder, its page requested
    ui_ctx.worker.flush()
    assert model.loaded(last) is not None and model.data(model.index(last, 0)) == str(model.ids[last])

    # a click on 案号 (descending): the database orders the ids again
    tab.def_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    ui_ctx.worker.flush()
    by_case = sorted(everything, key=lambda d: (d.case_no, d.id), reverse=True)
    assert model.ids == [d.id for d in by_case]
    assert [d.case_no for d in model.rows] == [d.case_no for d in by_case[:3]]

    # selecting rows never shown loads them in the worker; then the actions know them
    tab.def_table.selectAll()
    assert tab.selected_rows() == [] and not tab.recategorise_button.isEnabled()
    ui_ctx.worker.flush()
    assert sorted(d.id for d in tab.selected_rows()) == sorted(d.id for d in everything)
    assert tab.recategorise_button.isEnabled() and tab.issue_button.isEnabled()

    # a search narrows the ids; a stale answer to an older filter is dropped
    tab.search.setText(everything[0].case_no)
    tab._reload_timer.stop()  # typing waits 200 ms before asking: ask now, twice
    tab.reload_register()
    tab.reload_register()
    ui_ctx.worker.flush()
    assert model.ids and all(d.case_no == everything[0].case_no for d in model.rows)
    assert not ui_ctx.dialogs.errors
