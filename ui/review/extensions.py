"""Extension point of the review workspace: panels shown above the checklist.

The automatic-checks area registers a factory here (``register_review_panel``); the factory
gets the ``ReviewWorkspace`` and returns a widget, which can listen to
``workspace.review_loaded(state, detail)`` and call ``workspace.select_item(code)`` then
``workspace.answer(value)`` (undoable, saved at once) or ``workspace.send_answer(code, AnswerSpec(...))``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.review.workspace import ReviewWorkspace

PanelFactory = Callable[["ReviewWorkspace"], QWidget]
_panels: list[PanelFactory] = []
# Modules that register panels when imported (loaded with the first workspace).
PANEL_MODULES: list[str] = ["ui.review.checks_panel"]


def register_review_panel(factory: PanelFactory) -> None:
    if factory not in _panels:
        _panels.append(factory)


def review_panels() -> list[PanelFactory]:
    import importlib

    for name in PANEL_MODULES:
        importlib.import_module(name)
    return list(_panels)
