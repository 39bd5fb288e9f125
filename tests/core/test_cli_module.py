"""`python -m casereview` is the command line too (no scripts folder on PATH needed)."""

from __future__ import annotations

import subprocess
import sys

from casereview import __version__


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "casereview", "--version"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert __version__ in done.stdout
