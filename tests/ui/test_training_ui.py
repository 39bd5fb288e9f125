"""The 培训 screen loads the library and practice lists through the worker (offscreen Qt)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.gui


def test_training_screen_loads(ui_ctx: Any) -> None:
    from ui.screens.training import TrainingScreen

    screen = TrainingScreen(ui_ctx)
    screen.prepare_screenshot()
    ui_ctx.worker.flush()
    lib = screen.library_tab.library
    assert lib is not None
    assert screen.library_tab.table.rowCount() == len(lib.items)
    assert screen.practice_tab.trainee_combo.count() > 0
    assert not ui_ctx.dialogs.errors
