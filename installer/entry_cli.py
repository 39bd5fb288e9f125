"""PyInstaller entry point of the command-line program (``casereview``)."""

from __future__ import annotations

import sys

from casereview.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
