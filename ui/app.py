"""``casereview-gui``: start the desktop app (or take screenshots / run the self-test)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from casereview.services.runtime import default_database_path, user_log_dir
from ui.context import AppContext
from ui.dialogs import DialogService
from ui.i18n import install_translators
from ui.resources import font_file, icon
from ui.style import STYLE_ARGS, apply_style
from ui.worker import DbWorker

log = logging.getLogger("ui")
_STARTED = time.perf_counter()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="casereview-gui", description="CaseReview 案卷评查（桌面版）")
    parser.add_argument("--db", help="数据库文件路径或 PostgreSQL 地址（默认：用户数据目录中的 casereview.sqlite3）")
    parser.add_argument("--demo", action="store_true", help="数据库不存在或为空时，先生成演示数据")
    parser.add_argument("--screenshot", metavar="DIR", help="把各主要界面截图保存到 DIR 后退出")
    parser.add_argument(
        "--screenshot-size", metavar="宽x高", type=screen_size, default=None,
        help="截图模拟的屏幕像素尺寸，如 1366x768（默认 1440x900）；窗口取屏幕减去任务栏和标题栏的可用区域",
    )
    parser.add_argument(
        "--scale", metavar="倍数", type=float, default=None,
        help="截图模拟的 Windows 显示缩放，如 1.25 表示 125%%（仅与 --screenshot 同用）",
    )
    parser.add_argument("--self-test", action="store_true", help="检查字体、翻译、PDF 组件和数据库后退出")
    parser.add_argument(
        "--real-display",
        action="store_true",
        help="与 --self-test 一起用：在本机真实显示器上打开主窗口和 Qt 对话框（检查显示插件、样式和对话框翻译）",
    )
    parser.add_argument(
        "--lang", default=None, choices=("zh_CN", "en"),
        help="界面语言：zh_CN（中文）或 en（English）；不写时用“视图 → 界面语言”中保存的选择，默认中文",
    )
    # Start-up benchmark: quit as soon as the main window has been shown (tests/test_ui_startup.py).
    parser.add_argument("--exit-after-show", action="store_true", help=argparse.SUPPRESS)
    # benchmark: quit once the case list shows its first rows, printing peak memory (KB)
    parser.add_argument("--exit-after-list", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


LOG_NAME = "casereview-gui.log"

# Held while the program runs. The Windows installer and uninstaller look for it before they
# replace or remove files (installer/windows/casereview.nsi APP_MUTEX; a test checks both agree).
RUNNING_MUTEX = "CaseReview.Running.7f3d2c1e"
_mutex_handles: list[int] = []


def hold_running_mutex() -> None:
    """Windows only: the session's and the Global\\ mutex (another user's copy of an all-users
    install counts too). Windows releases them when the process ends, however it ends."""
    if sys.platform != "win32" or _mutex_handles:
        return
    import ctypes

    create = ctypes.windll.kernel32.CreateMutexW  # type: ignore[attr-defined]
    create.restype = ctypes.c_void_p
    create.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_wchar_p]
    for name in (RUNNING_MUTEX, "Global\\" + RUNNING_MUTEX):
        handle = create(None, 0, name)
        if handle:  # a failure only weakens the installer's check; the program runs anyway
            _mutex_handles.append(handle)


def screen_size(text: str) -> tuple[int, int]:
    """``1366x768`` (also with ×) → (1366, 768), for ``--screenshot-size``."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"屏幕尺寸应写成 宽x高，如 1366x768，而不是“{text}”") from None
    if not (640 <= width <= 8000 and 480 <= height <= 8000):
        raise argparse.ArgumentTypeError(f"屏幕尺寸 {text} 不在 640x480 到 8000x8000 之间")
    return width, height


def setup_logging() -> Path:
    """Rotating log file in the user log folder; returns its path (shown in the crash dialog)."""
    import logging.handlers  # imported here: it costs start-up time and nothing logs before

    path = user_log_dir() / LOG_NAME
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def load_font(app: QApplication) -> str | None:
    """Register the bundled CJK font and make it the app font (Chinese renders on any machine)."""
    font_id = QFontDatabase.addApplicationFont(str(font_file()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled font %s could not be loaded", font_file())
        return None
    font = QFont(families[0])
    font.setPointSize(10)
    app.setFont(font)
    return families[0]


def saved_language() -> str:
    """The interface language chosen in the View menu (QSettings ``ui/language``)."""
    from PySide6.QtCore import QSettings

    value = str(QSettings("CaseReview", "CaseReview").value("ui/language", "zh_CN"))
    return value if value in ("zh_CN", "en") else "zh_CN"


def create_app(lang: str = "zh_CN", check_style: bool = False) -> QApplication:
    """``check_style`` (the self-test): set the style as an object so its name can be checked."""
    app = QApplication.instance()
    preset = False
    if not isinstance(app, QApplication):
        preset = not check_style
        app = QApplication(sys.argv[:1] + (STYLE_ARGS if preset else []))
    app.setOrganizationName("CaseReview")
    app.setApplicationName("CaseReview")
    load_font(app)
    app.setWindowIcon(icon("casereview"))
    install_translators(app, lang)
    apply_style(app, style_preset=preset)
    return app


def demo_preparer(db: str | None) -> Callable[[], None]:
    """Build the demo database when the file is missing or holds no cases (runs in the worker)."""

    def prepare() -> None:
        from casereview.services.runtime import build_demo

        path = Path(db) if db else default_database_path()
        if path.exists() and path.stat().st_size > 0:
            from casereview.services.app import Services

            services = Services.open(path)
            try:
                if services.cases.count() > 0:
                    return
            finally:
                services.close()
        log.info("building the demo database at %s", path)
        build_demo(path)

    return prepare


def display_ok() -> bool:
    """On Linux, say clearly (in Chinese) why no window can open instead of letting Qt abort."""
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if not sys.platform.startswith("linux") or platform not in ("", "xcb"):
        return True  # the only case display_problems checks; skip importing it (start-up time)
    from casereview.services.runtime import display_problems

    fatal, warning = display_problems()
    for message in (fatal, warning):
        if message:
            print(message, file=sys.stderr, flush=True)
    return fatal is None


def _attach_console() -> None:
    """The windowed Windows program has no stdout: print the self-test into the calling console."""
    if sys.platform == "win32" and sys.stdout is None:
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # type: ignore[attr-defined]
            sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115  (lives until exit)
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")


def _window_step(app: QApplication, ctx: AppContext, db_path: Path) -> str:
    """Open the main window on the self-test database, let it load, and check it drew something."""
    from PySide6.QtCore import QCoreApplication

    from ui.main_window import MainWindow

    opened: list[object] = []
    errors: list[BaseException] = []
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    ctx.worker.open_database(str(db_path), on_ok=opened.append, on_err=errors.append, as_system=True)
    deadline = time.monotonic() + 20
    while not (opened or errors) and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    ctx.worker.flush()
    for _ in range(20):  # first screen fills its table from the worker
        QCoreApplication.processEvents()
        time.sleep(0.01)
    image = window.grab().toImage()
    if os.environ.get("CASEREVIEW_SELFTEST_SCREENSHOT"):  # for looking at what the frozen app drew
        image.save(os.environ["CASEREVIEW_SELFTEST_SCREENSHOT"])
    colours = {image.pixel(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}
    broken: list[str] = []
    for key in list(window.specs):  # every screen: a module missing from the bundle shows up here
        try:
            window.show_screen(key)
            QCoreApplication.processEvents()
        except Exception as exc:
            broken.append(f"{key}（{exc}）")
    ctx.worker.flush()
    window.close()
    ctx.worker.shutdown()  # releases the temp database before its folder is deleted
    if errors:
        raise RuntimeError(f"主窗口打开数据库失败：{errors[0]}")
    if not opened:
        raise RuntimeError("主窗口 20 秒内未能打开数据库")
    if len(colours) < 8:
        raise RuntimeError(f"主窗口截图几乎空白（{len(colours)} 种颜色）")
    if broken:
        raise RuntimeError("界面无法打开：" + "；".join(broken))
    platform = QApplication.platformName()
    return f"{image.width()}×{image.height()}，{len(colours)} 种颜色，{len(window.specs)} 个界面，平台 {platform}"


def run_full_self_test(app: QApplication, ctx: AppContext, real_display: bool = False) -> int:
    """``--self-test``: the core chain (casereview.selftest), the UI checks, then the main window;
    with ``--real-display`` on the platform's own display plugin instead of offscreen."""
    from casereview.services.runtime import SelfTest, Step, run_self_test
    from ui.selftest import SELF_TEST_CHECKS, display_step

    ctx.settings_app = "CaseReview-selftest"  # never touch the user's window layout

    def ui_steps(test: SelfTest) -> list[Step]:
        steps: list[Step] = [(f"界面：{name}", check) for name, check in SELF_TEST_CHECKS if name != "数据库"]
        steps.append(("显示平台与样式", lambda: display_step(real_display)))
        steps.append(("打开主窗口", lambda: _window_step(app, ctx, test.db_path)))
        return steps

    _attach_console()
    try:
        return run_self_test(ui_steps)
    finally:
        ctx.worker.shutdown()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.real_display and not args.self_test:
        print("--real-display 只能与 --self-test 一起使用。", file=sys.stderr)
        return 2
    hold_running_mutex()
    if (args.self_test and not args.real_display) or args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # neither needs a display
    elif not display_ok():
        return 1
    log_path = setup_logging() if args.screenshot or args.self_test else None
    if args.screenshot and args.scale:
        # Display scaling as Windows applies it: must be set before the QApplication exists.
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    app = create_app(args.lang or saved_language(), check_style=args.self_test)
    worker = DbWorker()
    # The log folder is looked up after the window shows (platformdirs costs start-up time).
    ctx = AppContext(worker=worker, dialogs=DialogService(None, log_path))
    if args.screenshot:
        # Screenshots show the default layout, not the user's remembered column widths and splitters.
        ctx.settings_app = "CaseReview-screenshot"
        ctx.settings().clear()

    if args.self_test:
        return run_full_self_test(app, ctx, real_display=args.real_display)

    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    from ui.signin import install_sign_in

    # Screenshots and the benchmark's --exit-after-list run unattended: no sign-in dialog (the
    # list reads what an unsigned-in user may read; screenshots open a scratch copy as the program).
    install_sign_in(window, ctx, ask=not (args.screenshot or args.exit_after_list))
    if not args.screenshot:
        # Unexpected errors are logged and shown with the log path; the app keeps running.
        sys.excepthook = lambda t, v, tb: ctx.dialogs.crash(t, v, tb)
    def database() -> str:
        return str(args.db or os.environ.get("CASEREVIEW_DB") or default_database_path())

    def open_db() -> None:
        db = database()
        worker.open_database(db, prepare=demo_preparer(db) if args.demo else None)

    if args.screenshot:
        from casereview.services.app import scratch_copy
        from ui.review.ocr_runner import ENABLE_ENV
        from ui.screenshot import take_screenshots

        # No background page reading: it would OCR the shown case's scans on a throw-away copy
        # and take the CPU the screenshots need (minutes on a busy machine).
        os.environ[ENABLE_ENV] = "0"

        # The workspace shot scores a few items to look realistic: that happens on a
        # throw-away copy, never in the user's database.
        db = database()
        with scratch_copy(db) as scratch:
            worker.open_database(scratch, prepare=demo_preparer(scratch) if args.demo else None, as_system=True)
            try:
                paths = take_screenshots(
                    window, ctx, Path(args.screenshot), may_write=scratch != db,
                    screen=args.screenshot_size, scale=args.scale or 1.0,
                )
            finally:
                worker.shutdown()
        for path in paths:
            print(path)
        return 0

    window.show()
    shown_ms = (time.perf_counter() - _STARTED) * 1000
    # Open the database (and the log file) once the window is up: importing SQLAlchemy/Alembic
    # in the worker would otherwise compete for the GIL with building the window.
    from PySide6.QtCore import QTimer

    def after_show() -> None:
        ctx.dialogs.log_path = setup_logging()
        log.info("main window shown %.0f ms after start", shown_ms)

    def start_deferred() -> None:
        # Queued from the first event-loop turn, so they run after it: the window paints
        # before the log file is set up and before the worker starts importing the database
        # layer (which competes with the UI thread for the GIL).
        QTimer.singleShot(0, after_show)
        QTimer.singleShot(0, open_db)

    QTimer.singleShot(0, start_deferred)
    if args.exit_after_show:

        def _shown() -> None:  # the start-up benchmark's mark: the first turn after show()
            print(f"SHOWN {time.process_time():.4f}", flush=True)  # CPU seconds used so far
            app.quit()

        QTimer.singleShot(0, _shown)
    if args.exit_after_list:
        _quit_when_listed(window, app)
    code = app.exec()
    worker.shutdown()
    return int(code)


def _quit_when_listed(window: Any, app: QApplication) -> None:
    """For the memory benchmark: quit when the case list has its first page of rows."""
    from casereview.services.runtime import peak_rss_kb

    model = window.screen("cases").list_page.model

    def listed(_page: int) -> None:
        peak_kb = peak_rss_kb()
        print(f"LISTED {model.rowCount()} {peak_kb}", flush=True)
        app.quit()

    model.page_loaded.connect(listed)


if __name__ == "__main__":
    raise SystemExit(main())
