"""问题整改: the deficiency register (filters, sort, batch actions, timeline) and the
rectification notices (issue with preview, export, feedback, verification, closure, void).

Modules: ``screen`` (the screen, registered on import), ``register`` and ``notices`` (its
two tabs), ``models`` (their table models), ``dialogs``, ``startup`` (the due reminder)."""

from __future__ import annotations

from typing import Any

__all__ = ["RectificationScreen", "from_qdate", "to_qdate"]


def __getattr__(name: str) -> Any:
    """Loaded on first use: the main window imports ``startup`` (the due reminder) at start-up,
    which must not bring in the whole screen and its dialogs (≈0.2 s)."""
    if name == "RectificationScreen":
        from ui.screens.rectification.screen import RectificationScreen

        return RectificationScreen
    if name in ("from_qdate", "to_qdate"):
        from ui.screens.rectification import dialogs

        return getattr(dialogs, name)
    raise AttributeError(name)
