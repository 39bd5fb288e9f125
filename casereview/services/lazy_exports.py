"""PEP 562 lazy re-exports, shared by ``services.types`` and ``services.runtime``: the UI
imports value types through the services package without paying at start-up for the core
modules that define them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(namespace: dict[str, Any], sources: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``sources[name]`` on first use and caches the
    value in ``namespace`` (the module's globals), so later look-ups are plain attributes."""
    module_name = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        try:
            defining_module = sources[name]
        except KeyError:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(defining_module), name)
        namespace[name] = value
        return value

    return __getattr__
