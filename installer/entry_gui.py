"""PyInstaller entry point of the desktop program (``casereview-gui``)."""

from __future__ import annotations

import sys

try:
    from ui.app import main
except ImportError as exc:  # Qt could not load a system library (no GL/EGL driver, no libxcb)
    from casereview.selftest import missing_library_message

    message = missing_library_message(str(exc))
    if message is None:
        raise
    print(message, file=sys.stderr)
    sys.exit(1)

if __name__ == "__main__":
    import multiprocessing

    # The registry reader's child process (casereview.intake.isolated) starts this executable again.
    multiprocessing.freeze_support()
    sys.exit(main())
