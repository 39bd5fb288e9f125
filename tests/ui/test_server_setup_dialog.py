"""团队服务器设置 as the IT administrator uses it: test, create, then a clear message for a
server that cannot be reached."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from ui.context import AppContext
from ui.server_setup import ServerSetupDialog


def _fill(dialog: ServerSetupDialog, url: str, port: int | None = None) -> None:
    parsed = make_url(url)
    dialog.host.setText(parsed.host or "127.0.0.1")
    dialog.port.setValue(port or parsed.port or 5432)
    dialog.database.setText(parsed.database or "")
    dialog.user.setText(parsed.username or "postgres")
    dialog.password.setText(parsed.password or "")


def test_test_then_create_then_unreachable(
    qtbot: Any, qapp: Any, ui_ctx: AppContext, pg_url: str, fake_dialogs: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.i18n import install_translators

    monkeypatch.setenv("CASEREVIEW_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("CASEREVIEW_APP_PASSWORD", "")
    install_translators(qapp, "zh_CN")
    try:
        dialog = ServerSetupDialog(ui_ctx)
        qtbot.addWidget(dialog)
        _fill(dialog, pg_url)
        dialog.app_role.setText("cr_app_dialog_test")
        dialog.test_button.click()
        ui_ctx.worker.flush()
        assert "连接成功" in dialog.result.text() and "尚未建立" in dialog.result.text()
        assert dialog.setup_button.isEnabled() and dialog.setup_button.text() == "建立数据库"
        dialog.setup_button.click()
        ui_ctx.worker.flush()
        assert "完成" in dialog.result.text() and "cr_app_dialog_test" in dialog.result.text()
        notes = dialog.notes.toPlainText()
        assert "pg_dump" in notes and "密码已加密" in notes and not fake_dialogs.errors
        assert (tmp_path / "config" / "server.json").is_file()
        dialog.test_button.click()
        ui_ctx.worker.flush()
        assert "已是最新" in dialog.result.text()

        _fill(dialog, pg_url, port=9)  # nothing listens there
        dialog.test_button.click()
        ui_ctx.worker.flush()
        assert "无法连接" in dialog.result.text() and not dialog.setup_button.isEnabled()
        assert not fake_dialogs.errors
    finally:
        install_translators(qapp, "en")
