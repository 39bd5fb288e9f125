"""Switching accounts reloads the screens as the new account, and never asks the core for a
screen the new account may not open (it would refuse, and the user would get error boxes for
a screen they cannot even see)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from ui.context import AppContext

pytestmark = pytest.mark.gui


def _sign_in(services: Any, *, name: str, password: str) -> Any:
    return services.sign_in(name, password)


def test_switching_to_an_account_without_a_screen_shows_no_error(qtbot: Any, ui_ctx: AppContext,
                                                                  fake_dialogs: Any) -> None:
    from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD
    from ui.main_window import MainWindow
    from ui.signin import install_sign_in

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    sign_in = install_sign_in(window, ui_ctx, ask=True)

    def switch_to(name: str) -> Any:
        infos: list[Any] = []
        ui_ctx.worker.call(partial(_sign_in, name=name, password=DEMO_PASSWORD), infos.append)
        ui_ctx.worker.flush()
        sign_in._signed_in(infos[0])
        for _ in range(3):
            ui_ctx.worker.flush()
        return infos[0]

    switch_to("陈组长")
    window.show_screen("rectification")
    window.show_screen("statistics")
    window.show_screen("accounts")  # built while the lead cannot open it: not loaded
    for _ in range(3):
        ui_ctx.worker.flush()
    assert fake_dialogs.errors == []

    admin = switch_to(DEMO_ADMIN)
    assert "notices" not in admin.caps  # the administrator may not open 问题整改
    assert fake_dialogs.errors == [], [str(e) for e in fake_dialogs.errors]

    switch_to("陈组长")  # and back: 问题整改 reloads as the lead, the accounts screen does not
    assert fake_dialogs.errors == [], [str(e) for e in fake_dialogs.errors]
