"""Empty 评查标准 and 账号管理 lists say what to do next instead of showing a blank table."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.gui


def test_standards_without_any_standard(ui_ctx: Any) -> None:
    from ui.screens.standards import StandardsScreen

    screen = StandardsScreen(ui_ctx)
    screen.reload()
    ui_ctx.worker.flush()
    assert screen.versions.rows and screen.empty.isHidden()  # the shipped standards
    screen._got_versions([])  # a database whose standards were never loaded
    assert not screen.empty.isHidden()
    assert "Import standard…" in screen.empty.text()
    assert not screen.export_button.isEnabled()


def test_accounts_refused_and_empty(ui_ctx: Any) -> None:
    from casereview.errors import PermissionDenied
    from ui.screens.accounts import AccountsScreen

    screen = AccountsScreen(ui_ctx)
    screen.reload()
    ui_ctx.worker.flush()
    assert screen.model.rows and screen.empty.isHidden()
    screen._refused(PermissionDenied("只有管理员可以管理账号。"))  # zh-data: a service's refusal
    assert not screen.empty.isHidden()
    assert screen.empty.text().startswith("只有管理员可以管理账号。")  # zh-data
    assert "Switch account…" in screen.empty.text()
    screen.reload()
    ui_ctx.worker.flush()
    assert screen.empty.isHidden() and screen.refusal == ""
    screen.model.set_rows([])
    assert "New account…" in screen.empty.text()
