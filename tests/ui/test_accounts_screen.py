"""账号管理: an administrator lists, creates, edits, resets and deactivates accounts through
the services (checked and audited there); anyone else gets the core's refusal."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.gui

from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD  # noqa: E402


def _sign_in(ctx: Any, name: str) -> None:
    ctx.worker.call(lambda s: s.sign_in(name, DEMO_PASSWORD))
    ctx.worker.flush()


def _dialog(screen: Any, cls: type) -> Any:
    found = [d for d in screen.findChildren(cls) if d.isVisible()]
    assert len(found) == 1
    return found[0]


def _services(ctx: Any) -> Any:
    box: list[Any] = []
    ctx.worker.call(lambda s: box.append(s))
    ctx.worker.flush()
    return box[0]


def _select(screen: Any, name: str) -> None:
    row = [a.name for a in screen.model.rows].index(name)
    screen.table.selectRow(row)
    screen.ctx.worker.flush()


def test_an_administrator_manages_accounts_on_the_screen(ui_ctx: Any) -> None:
    from ui.screens.accounts import AccountsScreen
    from ui.screens.accounts_dialogs import AccountDialog, ResetPasswordDialog

    _sign_in(ui_ctx, DEMO_ADMIN)
    screen = AccountsScreen(ui_ctx)
    screen.reload()
    ui_ctx.worker.flush()
    assert DEMO_ADMIN in [a.name for a in screen.model.rows]
    assert screen.model.rowCount() >= 5

    # create: a weak password is refused inside the dialog, which stays open with what was typed
    screen.new_account()
    dialog = _dialog(screen, AccountDialog)
    dialog.name.setText("新评查员")
    dialog.display_name.setText("王新")
    dialog.unit.setCurrentIndex(1)
    dialog.role_boxes["reviewer"].setChecked(True)
    dialog.password.setText("short")
    dialog.confirm.setText("short")
    dialog._check()
    ui_ctx.worker.flush()
    assert dialog.isVisible() and dialog.message.text() and dialog.name.text() == "新评查员"
    dialog.password.setText("Abcdef123")
    dialog.confirm.setText("Abcdef123")
    dialog._check()
    ui_ctx.worker.flush()
    assert not dialog.isVisible()
    services = _services(ui_ctx)
    info = services.accounts.get("新评查员")
    assert info.roles == ("reviewer",) and info.unit_id is not None and info.reviewer_id is not None
    assert screen.selected() is not None and screen.selected().name == "新评查员"

    # change role
    screen.edit_account()
    dialog = _dialog(screen, AccountDialog)
    assert dialog.name.isReadOnly()
    dialog.role_boxes["reviewer"].setChecked(False)
    dialog.role_boxes["rechecker"].setChecked(True)
    dialog._check()
    ui_ctx.worker.flush()
    assert services.accounts.get("新评查员").roles == ("rechecker",)

    # reset password
    screen.reset_password()
    dialog = _dialog(screen, ResetPasswordDialog)
    dialog.password.setText("Neues2026x")
    dialog.confirm.setText("Neues2026x")
    dialog._check()
    ui_ctx.worker.flush()
    assert not dialog.isVisible()
    assert services.accounts.get("新评查员").must_change_password

    # deactivate (asked first), then the history shows each change from the audit chain
    screen.toggle_active()
    ui_ctx.worker.flush()
    assert not services.accounts.get("新评查员").active
    assert screen.active_button.text() in ("Reactivate", "重新启用")
    ui_ctx.worker.flush()
    whats = [screen.history.item(r, 2).text() for r in range(screen.history.rowCount())]
    assert len(whats) == 4, whats  # created, changed, password reset, changed (deactivated)
    assert services.audit.verify().ok
    assert not ui_ctx.dialogs.errors


def test_other_roles_see_the_refusal_not_the_accounts(ui_ctx: Any) -> None:
    from ui.screens.accounts import AccountsScreen

    _sign_in(ui_ctx, "陈组长")
    screen = AccountsScreen(ui_ctx)
    screen.reload()
    ui_ctx.worker.flush()
    assert screen.model.rowCount() == 0
    assert "无权" in screen.history_title.text()
    assert not screen.edit_button.isEnabled()
