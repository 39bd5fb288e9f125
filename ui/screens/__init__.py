"""Registry of the main screens shown in the navigation side bar.

To add a screen: create ``ui/screens/<area>.py`` defining a ``QWidget`` subclass whose
constructor takes ``(ctx: AppContext)`` and calling, at module level::

    register_screen(ScreenSpec(key="statistics", title=QT_TRANSLATE_NOOP("Navigation", "Statistics"),
                               factory=StatisticsScreen))

then append the module name to ``SCREEN_MODULES`` below (one line). The navigation keeps the
fixed order of ``NAV_ORDER``; a known key with no registered screen is shown disabled with a
tooltip, never as a fake page.

Optional screen hooks (duck-typed):
- ``on_activated()`` — called each time the user switches to the screen;
- ``prepare_screenshot()`` — called by ``casereview-gui --screenshot`` before the grab, to load
  data or open an example (it may call ``ctx.worker.flush()``).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from ui.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str  # English source, context "Navigation" (translated when shown)
    factory: Callable[[AppContext], QWidget]
    icon: str = ""  # id of an icon in resources/icons


# Navigation order and titles of the known screens (key -> English title).
NAV_ORDER: dict[str, str] = {
    "cases": QT_TRANSLATE_NOOP("Navigation", "Case review"),
    "rectification": QT_TRANSLATE_NOOP("Navigation", "Rectification"),
    "statistics": QT_TRANSLATE_NOOP("Navigation", "Statistics"),
    "standards": QT_TRANSLATE_NOOP("Navigation", "Standards"),
    "training": QT_TRANSLATE_NOOP("Navigation", "Training"),
}

# Modules that register screens when imported. Other areas append theirs here.
SCREEN_MODULES: list[str] = [
    "ui.screens.cases",
    "ui.screens.rectification",
    "ui.screens.standards",
    "ui.screens.training",
    "ui.screens.campaigns",
]

_registry: dict[str, ScreenSpec] = {}


def register_screen(spec: ScreenSpec) -> None:
    _registry[spec.key] = spec


def load_screens() -> list[tuple[str, str, ScreenSpec | None]]:
    """(key, English title, spec or None) for the navigation, in display order."""
    for name in SCREEN_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # one broken screen must not keep the app from starting
            log.exception("could not load screen module %s", name)
    out: list[tuple[str, str, ScreenSpec | None]] = [
        (key, title, _registry.get(key)) for key, title in NAV_ORDER.items()
    ]
    out.extend((key, spec.title, spec) for key, spec in _registry.items() if key not in NAV_ORDER)
    return out
