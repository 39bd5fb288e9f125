"""`python -m casereview …` runs the command line, as the installed `casereview` script does
(useful where the scripts folder is not on PATH, e.g. a Windows venv not activated)."""

import sys

from casereview.cli.main import main

sys.exit(main())
