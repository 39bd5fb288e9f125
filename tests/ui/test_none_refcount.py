"""PySide6 6.12.0 on Python 3.11 loses a reference to None on every call of a Qt method that
returns nothing; ``ui`` (ui/none_refcount.py) makes None immortal so that no session aborts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

CALLS = """
import sys
{prelude}
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
for i in range(20000):  # far more than None's natural reference count (~5,000 at start)
    widget.resize(100 + i % 50, 100)
print("survived")
"""


def _run(prelude: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", CALLS.format(prelude=prelude)], env=env, capture_output=True,
                          text=True, timeout=120)


def test_many_qt_calls_do_not_abort_the_app() -> None:
    result = _run("import ui")
    assert result.returncode == 0 and "survived" in result.stdout, result.stderr[-500:]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 (PEP 683)")
def test_none_is_immortal_once_ui_is_imported() -> None:
    import ui  # noqa: F401
    from ui.none_refcount import HEADROOM

    assert sys.getrefcount(None) > HEADROOM // 2
