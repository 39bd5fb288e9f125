"""问题整改: the deficiency register (filters, sort, batch actions, timeline) and the
rectification notices (issue with preview, export, feedback, verification, closure, void).

Modules: ``screen`` (the screen, registered on import), ``register`` and ``notices`` (its
two tabs), ``models`` (their table models), ``dialogs``, ``startup`` (the due reminder)."""

from __future__ import annotations

from ui.screens.rectification.dialogs import from_qdate, to_qdate
from ui.screens.rectification.screen import RectificationScreen

__all__ = ["RectificationScreen", "from_qdate", "to_qdate"]
