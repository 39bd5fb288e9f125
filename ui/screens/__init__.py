"""Registry of the main screens shown in the navigation side bar.

To add a screen: create ``ui/screens/<area>.py`` defining a ``QWidget`` subclass whose
constructor takes ``(ctx: AppContext, parent: QWidget | None = None)`` (the main window builds it inside its
screen stack: a widget tree moved to another parent is styled again) and calling, at module level::

    register_screen(ScreenSpec(key="statistics", title=QT_TRANSLATE_NOOP("Navigation", "Statistics"),
                               factory=StatisticsScreen))

then append the module name to ``SCREEN_MODULES`` below (one line). The navigation keeps the
fixed order of ``NAV_ORDER``; a known key with no registered screen is shown disabled with a
tooltip, never as a fake page. A module named ``ui.screens.<key>`` with ``<key>`` in NAV_ORDER is
imported only when the user first opens it, so keep heavy core imports (SQLAlchemy, pydantic)
out of its module level (``if TYPE_CHECKING:``) — they load in the DB worker anyway.

Optional screen hooks (duck-typed):
- ``on_activated()`` — called each time the user switches to the screen;
- ``prepare_screenshot()`` — called by ``casereview-gui --screenshot`` before the grab, to load
  data or open an example (it may call ``ctx.worker.flush()``).
"""

from __future__ import annotations

import importlib
import importlib.util
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
    factory: Callable[[AppContext, QWidget | None], QWidget]  # (ctx, parent), e.g. the screen's class
    icon: str = ""  # id of an icon in resources/icons


# Navigation order and titles of the known screens (key -> English title).
NAV_ORDER: dict[str, str] = {
    "cases": QT_TRANSLATE_NOOP("Navigation", "Case review"),
    "rectification": QT_TRANSLATE_NOOP("Navigation", "Rectification"),
    "statistics": QT_TRANSLATE_NOOP("Navigation", "Statistics"),
    "standards": QT_TRANSLATE_NOOP("Navigation", "Standards"),
    "training": QT_TRANSLATE_NOOP("Navigation", "Training"),
    "campaigns": QT_TRANSLATE_NOOP("Navigation", "Campaigns"),
    "accounts": QT_TRANSLATE_NOOP("Navigation", "Accounts"),
}

# Modules that register screens when imported. Other areas append theirs here.
SCREEN_MODULES: list[str] = [
    "ui.screens.cases",
    "ui.screens.rectification.screen",
    "ui.screens.standards",
    "ui.screens.training",
    "ui.screens.campaigns",
    "ui.screens.statistics",
    "ui.screens.accounts",
]

_registry: dict[str, ScreenSpec] = {}

# Screens imported at start-up (the first one shown). The others are imported the first time
# the user opens them: a module named ``ui.screens.<key>`` whose key is in NAV_ORDER needs no
# import to appear in the navigation, which keeps the main window's start-up fast.
EAGER_MODULES = ("ui.screens.cases",)


def register_screen(spec: ScreenSpec) -> None:
    _registry[spec.key] = spec


def _import(name: str) -> bool:
    try:
        importlib.import_module(name)
        return True
    except Exception:  # one broken screen must not keep the app from starting
        log.exception("could not load screen module %s", name)
        return False


def _lazy_spec(key: str, title: str, module: str) -> ScreenSpec:
    def factory(ctx: AppContext, parent: QWidget | None = None) -> QWidget:
        if key not in _registry and not _import(module):
            raise RuntimeError(f"screen module {module} failed to load")
        spec = _registry.get(key)
        if spec is None:
            raise RuntimeError(f"{module} did not register a screen with key {key!r}")
        return spec.factory(ctx, parent)

    return ScreenSpec(key=key, title=title, factory=factory)


def load_screens() -> list[tuple[str, str, ScreenSpec | None]]:
    """(key, English title, spec or None) for the navigation, in display order."""
    lazy: dict[str, str] = {}
    for name in SCREEN_MODULES:
        key = name.split(".")[2]  # ui.screens.<key> or ui.screens.<key>.<module> (a screen package)
        if name in EAGER_MODULES or key not in NAV_ORDER:
            _import(name)
        elif key not in _registry and importlib.util.find_spec(name) is not None:
            lazy[key] = name
    out: list[tuple[str, str, ScreenSpec | None]] = []
    for key, title in NAV_ORDER.items():
        spec = _registry.get(key)
        if spec is None and key in lazy:
            spec = _lazy_spec(key, title, lazy[key])
        out.append((key, title, spec))
    out.extend((key, spec.title, spec) for key, spec in _registry.items() if key not in NAV_ORDER)
    return out
