"""工具 → 阈值表与数据库检查…: the dialog lists the threshold tables, saves an entry through the
service and runs the database check on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
    dialog.check_db(False)
    ui_ctx.worker.flush()
    assert "通过" in dialog.db_status.text(), dialog.db_status.text()
    assert dialog.quick_button.isEnabled()
    if shot := __import__("os").environ.get("CASEREVIEW_SHOT"):
        dialog.grab().save(shot)
