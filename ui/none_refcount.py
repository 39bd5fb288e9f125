"""Work around a PySide6 6.12.0 reference-count bug on Python 3.11.

Every call of a Qt method that returns nothing (``widget.resize()``, ``label.setText()``,
``QApplication.processEvents()`` …) gives back ``None`` without taking a reference to it, so each
call lowers ``None``'s reference count by one. Python 3.12+ made ``None`` immortal (PEP 683), so
the bug only shows on 3.11 — there, after some thousands of calls the count reaches zero and the
process aborts with "Fatal Python error: none_dealloc" (seen in the screenshot run and possible
in any long session). ``tests/ui/test_none_refcount.py`` measures the leak.

The remedy is what 3.12 does: give ``None`` a reference count so large that no session can use
it up. ``None`` is a static object that is never freed, so the only effect of a high count is
that the abort cannot happen. Remove this module once the locked PySide6 is fixed or Python 3.11
support ends.
"""

from __future__ import annotations

import ctypes
import sys

# 2**60 references: at a million leaked references a second this lasts 36,000 years.
HEADROOM = 1 << 60


def make_none_immortal() -> bool:
    """Raise ``None``'s reference count on Python < 3.12 (once); True when it was raised."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field of every object
    if refcount.value >= HEADROOM:
        return False
    refcount.value += HEADROOM
    return True
