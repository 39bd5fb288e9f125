"""The desktop interface (PySide6). Importing it protects the process from the PySide6 6.12.0
``None`` reference-count bug on Python 3.11 (see ``ui.none_refcount``)."""

from ui.none_refcount import make_none_immortal

make_none_immortal()
