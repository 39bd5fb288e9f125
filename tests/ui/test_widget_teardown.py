"""Screens with loaded data are destroyed without a crash.

PySide6 6.10.3–6.11.3 segfault here (QWidget::window() inside ~QWidget while the garbage collector
frees a TrainingScreen whose tab loaded through the worker); pyproject.toml requires >= 6.12.
A crash ends the test run, which is the failure this test is for.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("tab", ["library_tab", "practice_tab"])
def test_loaded_training_screen_is_destroyed_cleanly(ui_ctx: Any, tab: str) -> None:
    from ui.screens.training import TrainingScreen

    screen = TrainingScreen(ui_ctx)
    getattr(screen, tab).reload()
    ui_ctx.worker.flush()
    assert not ui_ctx.dialogs.errors
    del screen
    gc.collect()
