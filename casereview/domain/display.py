"""The display language of the core's labels, per thread (its own module: the desktop app sets
it before its window shows and need not import every enum for that)."""

from __future__ import annotations

import threading

# Per thread: the desktop app's GUI thread may show English while its database worker
# thread keeps writing the official Chinese names into exports, review forms and notices.
_display = threading.local()


def set_label_language(language: str) -> None:
    """Choose the language of ``label`` in the calling thread: "en" English, else Chinese.

    The desktop app calls it in its GUI thread with its interface language
    (``casereview-gui --lang en``); other threads and processes keep the Chinese labels.
    """
    _display.language = "en" if language.lower().startswith("en") else "zh"


def label_language() -> str:
    """"en" or "zh": the calling thread's choice."""
    return str(getattr(_display, "language", "zh"))
