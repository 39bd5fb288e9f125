"""Where the program finds its shipped resources and keeps the user's data.

Three layouts are supported:
- running from a source checkout: resources/ sits next to casereview/;
- running frozen (PyInstaller): resources/ sits inside the bundle (sys._MEIPASS);
- portable mode: a file named ``portable.flag`` next to the executable (or the
  CASEREVIEW_PORTABLE environment variable) keeps all data in ``data/`` beside it,
  so the program can run from a USB stick.
Otherwise user data lives in the platform user-data folder (platformdirs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

APP_NAME = "CaseReview"
APP_AUTHOR = "CaseReview"
PORTABLE_MARKER = "portable.flag"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def program_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_data_dir() -> Path | None:
    forced = os.environ.get("CASEREVIEW_PORTABLE")
    if forced:
        return Path(forced)
    if (program_dir() / PORTABLE_MARKER).exists():
        return program_dir() / "data"
    return None


def _platformdirs() -> Any:
    """platformdirs, imported when first needed: it costs the desktop app's start-up ~0.1 s
    and no path is needed before the window shows."""
    import platformdirs

    return platformdirs


def user_data_dir() -> Path:
    override = os.environ.get("CASEREVIEW_DATA_DIR")
    path = Path(override) if override else portable_data_dir() or Path(_platformdirs().user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_log_dir() -> Path:
    portable = portable_data_dir()
    path = portable / "logs" if portable else Path(_platformdirs().user_log_dir(APP_NAME, APP_AUTHOR))
    if os.environ.get("CASEREVIEW_DATA_DIR"):
        path = Path(os.environ["CASEREVIEW_DATA_DIR"]) / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return user_data_dir() / "casereview.sqlite3"


def document_store_dir() -> Path:
    """Content-addressed store of imported documents (see casereview.intake.store)."""
    path = user_data_dir() / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
