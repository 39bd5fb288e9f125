"""`python -m casereview …` runs the command line, as the installed `casereview` script does
(useful where the scripts folder is not on PATH, e.g. a Windows venv not activated)."""

import sys

from casereview.cli.main import main

if __name__ == "__main__":  # importing it (pkgutil.walk_packages in the quality test) runs nothing
    sys.exit(main())
