"""工具 → 阈值表与数据库检查…: the dialog lists the threshold tables, saves an entry through the
service and runs the database check on the worker."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction

from ui.context import AppContext
from ui.maintenance_dialog import MaintenanceDialog

pytestmark = pytest.mark.gui


def test_dialog_saves_a_threshold_and_checks_the_database(qtbot: Any, ui_ctx: AppContext, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEREVIEW_DATA_DIR", str(tmp_path / "user"))
    ui_ctx.bus.database_opened.emit(str(ui_ctx.db_path))
    ui_ctx.worker.flush()
    dialog = MaintenanceDialog(ui_ctx)
    qtbot.addWidget(dialog)
    ui_ctx.worker.flush()
    assert dialog.table.rowCount() > 0 and dialog.table_name.count() > 0
    before = dialog.table.rowCount()
    dialog.table_name.setCurrentIndex(dialog.table_name.findData("hearing_large_amount"))
    dialog.province.setText("广东")
    dialog.domain.setCurrentIndex(dialog.domain.findData("transport"))
    dialog.value.setText("6000")
    dialog.source.setText("粤交规〔2024〕2号")
    dialog.save_threshold()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert "已保存" in dialog.threshold_status.text() or "Saved" in dialog.threshold_status.text()
    assert dialog.table.rowCount() == before + 1
    # the entry just set is deletable (after a confirmation); a shipped one is not
    mine = next(r for r, row in enumerate(dialog.rows) if row.user_set)
    shipped = next(r for r, row in enumerate(dialog.rows) if not row.user_set)
    dialog.table.selectRow(shipped)
    assert not dialog.delete_button.isEnabled()
    dialog.table.selectRow(mine)
    assert dialog.delete_button.isEnabled()
    if shot := __import__("os").environ.get("CASEREVIEW_SHOT"):  # the dialog as shown, an entry of the user's selected
        dialog.show()
        ui_ctx.worker.flush()
        dialog.grab().save(shot)
    asked: list[str] = []

    def decline(row: Any) -> bool:
        asked.append(row.key)
        return False

    monkeypatch.setattr(dialog, "confirm_delete", decline)
    dialog.delete_threshold()
    ui_ctx.worker.flush()
    assert asked and dialog.table.rowCount() == before + 1  # declined: nothing deleted
    monkeypatch.setattr(dialog, "confirm_delete", lambda row: True)
    dialog.delete_threshold()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert "已从" in dialog.threshold_status.text() or "Deleted" in dialog.threshold_status.text()
    assert dialog.table.rowCount() == before and not any(row.user_set for row in dialog.rows)
    dialog.check_db(False)
    ui_ctx.worker.flush()
    assert "通过" in dialog.db_status.text(), dialog.db_status.text()
    assert dialog.quick_button.isEnabled()


def test_menu_item_only_for_accounts_with_the_right(qtbot: Any, ui_ctx: AppContext) -> None:
    """工具 → 阈值表与数据库检查… is hidden until someone signs in, then shown only to an
    account holding STANDARDS (the administrator), not to a campaign lead."""
    from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD
    from ui.main_window import MainWindow
    from ui.signin import install_sign_in

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    sign_in = install_sign_in(window, ui_ctx, ask=True)
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "maintenanceAction")
    assert not action.isVisible()
    for name, visible in (("陈组长", False), (DEMO_ADMIN, True), ("陈组长", False)):
        infos: list[Any] = []
        ui_ctx.worker.call(partial(_sign_in, name=name, password=DEMO_PASSWORD), infos.append)
        ui_ctx.worker.flush()
        sign_in._signed_in(infos[0], reload=False)
        assert action.isVisible() is visible, name
    sign_in.sign_out_and_ask()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert not action.isVisible()


def _sign_in(services: Any, *, name: str, password: str) -> Any:
    return services.sign_in(name, password)
