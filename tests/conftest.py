"""Shared test fixtures. Qt runs offscreen; user folders point into a temporary directory.

Fixtures for every area:
- ``tmp_db``: a ``Services`` on a fresh SQLite file in tmp_path with the shipped standards loaded
  (a copy of one made once per session; every new SQLite database is a copy of a migrated one);
- ``demo_services``: a ``Services`` on a copy of a small demo database (14 cases with documents,
  some reviews);
- expensive starting databases (the demo, ``cached_sqlite``) are built once and kept in
  ``.test-cache/`` between runs, keyed by a digest of the code that makes them (see
  ``TemplateCache``), so the fast loop pays for them only after the core changed;
- ``ui_ctx`` (Qt tests): an ``AppContext`` whose DB worker has opened ``demo_services``' file,
  with ``FakeDialogs`` recording messages instead of showing modal boxes.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Must happen before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="casereview-tests-"))
os.environ.setdefault("CASEREVIEW_DATA_DIR", str(_SESSION_DIR / "data"))
os.environ.setdefault("XDG_CONFIG_HOME", str(_SESSION_DIR / "config"))  # QSettings stay out of ~/.config
# Opening a case in the workspace would start reading its scanned pages (OCR, seconds of CPU
# per page); UI tests turn that on only where they test it (tests/ui/test_ui_doc_search.py).
os.environ.setdefault("CASEREVIEW_BACKGROUND_OCR", "0")

import pytest  # noqa: E402

from casereview.services.app import Services  # noqa: E402

DEMO_CASES = 14

# any_db: every storage test on SQLite and on PostgreSQL (see fixtures_db.py)
pytest_plugins = ["fixtures_db"]


_FOLDER_MARKS = {"ui": "gui", "perf": "slow"}
SLOW_LIST = Path(__file__).with_name("slow_tests.txt")


def slow_tests() -> set[str]:
    """Test functions listed in tests/slow_tests.txt (``path::function``, comments after #)."""
    lines = (line.split("#", 1)[0].strip() for line in SLOW_LIST.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """tests/ui is the Qt suite and tests/perf the timing suite: mark them by folder so that
    ``-m "not slow and not gui"`` is the fast loop without a marker on every test; the core
    tests that take the loop's time are listed in tests/slow_tests.txt."""
    slow = slow_tests()
    for item in items:
        folder = Path(str(item.fspath)).parent.name
        mark = _FOLDER_MARKS.get(folder)
        if mark:
            item.add_marker(getattr(pytest.mark, mark))
        if item.nodeid.split("[", 1)[0] in slow:
            item.add_marker(pytest.mark.slow)


def copy_db(source: Path, target: Path) -> Path:
    """Copy a SQLite file together with its document store folder."""
    shutil.copy2(source, target)
    docs = source.with_name(source.stem + "_documents")
    if docs.exists():
        shutil.copytree(docs, target.with_name(target.stem + "_documents"))
    return target


ROOT = Path(__file__).resolve().parent.parent


class TemplateCache:
    """Starting databases kept between test runs in ``.test-cache/templates/<digest>/``.

    The digest covers what can change such a database: every file of ``casereview/`` and
    ``resources/``, the file that holds the ``build`` function (a test module), the locked
    package versions, the Python version and today's date (demo data is dated relative to the
    day it is made). Any change there builds the template again; UI or test edits elsewhere do
    not. ``CASEREVIEW_TEST_CACHE=0`` turns the cache off (a fresh build per session, as in CI,
    whose clones start without one). A template is published by renaming a finished folder, so
    two runs at once never see half of one; folders older than two days (other dates) go.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.enabled = os.environ.get("CASEREVIEW_TEST_CACHE", "1") != "0"
        self._base: str | None = None

    def _base_digest(self) -> str:
        if self._base is None:
            digest = hashlib.sha256()
            for folder in ("casereview", "resources"):
                for path in sorted((ROOT / folder).rglob("*")):
                    if path.is_file() and "__pycache__" not in path.parts:
                        digest.update(str(path.relative_to(ROOT)).encode())
                        digest.update(path.read_bytes())
            digest.update((ROOT / "requirements" / "dev.txt").read_bytes())
            digest.update(sys.version.encode())
            digest.update(datetime.date.today().isoformat().encode())
            self._base = digest.hexdigest()
        return self._base

    def folder(self, key: str, build: Callable[..., Any]) -> Path:
        digest = hashlib.sha256(self._base_digest().encode() + key.encode())
        source = getattr(build, "__code__", None)
        if source is not None and Path(source.co_filename).is_file():
            digest.update(Path(source.co_filename).read_bytes())
        return self.root / digest.hexdigest()[:24]

    def get(self, key: str, build: Callable[[Path], Any]) -> tuple[Path, Any]:
        """The template database for ``key`` and what ``build(path)`` returned when it was made."""
        if not self.enabled:
            path = _SESSION_DIR / "templates" / hashlib.sha256(key.encode()).hexdigest()[:16] / "db.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
            return path, build(path)
        folder = self.folder(key, build)
        if not (folder / "value.pickle").exists():
            self._prune()
            work = Path(tempfile.mkdtemp(prefix="building-", dir=self._ensure_root()))
            value = build(work / "db.sqlite3")
            for suffix in ("-wal", "-shm"):
                if (work / f"db.sqlite3{suffix}").exists():
                    raise RuntimeError(f"模板数据库 {key} 建成后仍有未合并的 WAL 文件：构建函数须关闭数据库")
            (work / "value.pickle").write_bytes(pickle.dumps(value))
            try:
                work.rename(folder)
            except OSError:  # another run published the same template meanwhile
                shutil.rmtree(work, ignore_errors=True)
        return folder / "db.sqlite3", pickle.loads((folder / "value.pickle").read_bytes())

    def _ensure_root(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        return self.root

    def _prune(self) -> None:
        if not self.root.exists():
            return
        cutoff = time.time() - 2 * 86400  # the digest holds the date: older folders are unused
        for old in self.root.iterdir():
            try:
                if old.stat().st_mtime < cutoff:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:
                pass


TEMPLATE_CACHE = TemplateCache(ROOT / ".test-cache" / "templates")
_TEMPLATES: dict[str, tuple[Path, Any]] = {}


def cached_sqlite(key: str, target: Path, build: Callable[[Path], Any]) -> Any:
    """Copy a SQLite database (with its document folder) made by ``build(path)`` to ``target``;
    returns what ``build`` returned. Tests that need the same expensive starting data (reviewed
    cases, a trained library) pay for it once, and not again while the code that makes it is
    unchanged (``TemplateCache``). ``build`` must close the database it made."""
    if key not in _TEMPLATES:
        _TEMPLATES[key] = TEMPLATE_CACHE.get(key, build)
    path, value = _TEMPLATES[key]
    copy_db(path, target)
    return value


@pytest.fixture(autouse=True)
def cli_acts_as_system(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI commands in tests act as the program itself (the tests are about the commands,
    not about signing in), except in tests marked ``real_sign_in`` (tests/core/test_auth*.py),
    which go through ``--user``, CASEREVIEW_PASSWORD and ``casereview login`` for real."""
    if request.node.get_closest_marker("real_sign_in"):
        return
    from casereview.accounts.roles import system_actor
    from casereview.cli import common

    def authenticate(services: Services, _args: Any) -> None:
        services.ctx.act_as(system_actor("测试"))

    monkeypatch.setattr(common, "authenticate", authenticate)


@pytest.fixture(scope="session", autouse=True)
def new_sqlite_from_template() -> Iterator[None]:
    """A new SQLite database is a copy of one migrated to head once per session.

    Running the Alembic revisions costs about 0.25 s of CPU per new database, and hundreds
    of tests start from one. Only the "empty" case is shortcut: upgrades of real old
    databases (tests/core/test_migrations.py), PostgreSQL and tests marked ``real_schema``
    run the revisions as before."""
    from casereview.storage.db import Database, resolve_url

    real_upgrade = Database.upgrade
    template = _SESSION_DIR / "templates" / "empty-head.sqlite3"

    def upgrade(self: Database) -> Path | None:
        if self.path is None or self.schema_state() != "empty":
            return real_upgrade(self)
        if not template.exists():
            template.parent.mkdir(exist_ok=True)
            made = Database(resolve_url(template))
            try:
                real_upgrade(made)
                with made.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                made.dispose()
        self.engine.dispose()  # no connection may keep the empty file open while it is replaced
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, self.path)
        return None

    _REAL_UPGRADE.append(real_upgrade)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Database, "upgrade", upgrade)
        yield


_REAL_UPGRADE: list[Callable[..., Any]] = []


@pytest.fixture(autouse=True)
def real_schema(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests marked ``real_schema`` (a failure while the schema is created) run the revisions."""
    if request.node.get_closest_marker("real_schema") and _REAL_UPGRADE:
        from casereview.storage.db import Database

        monkeypatch.setattr(Database, "upgrade", _REAL_UPGRADE[0])


def _with_shipped_standards(path: Path) -> None:
    services = Services.open(path, as_system=True)
    try:
        services.standards.sync_shipped()
    finally:
        services.close()


@pytest.fixture
def tmp_db(tmp_path: Path) -> Iterator[Services]:
    cached_sqlite("shipped-standards", tmp_path / "test.sqlite3", _with_shipped_standards)
    services = Services.open(tmp_path / "test.sqlite3", as_system=True)
    try:
        yield services
    finally:
        services.close()


def _build_demo(path: Path) -> None:
    from casereview.demo.build import build_demo_into

    services = Services.open(path, as_system=True)
    try:
        build_demo_into(services, cases=DEMO_CASES, seed=7)
    finally:
        services.close()


@pytest.fixture(scope="session")
def demo_db_template() -> Path:
    """A small demo database, built once (kept between runs, see ``TemplateCache``) and copied
    by ``demo_db_path``."""
    path, _ = _TEMPLATES.setdefault("demo", TEMPLATE_CACHE.get("demo", _build_demo))
    return path


@pytest.fixture
def demo_db_path(tmp_path: Path, demo_db_template: Path) -> Path:
    return copy_db(demo_db_template, tmp_path / "demo.sqlite3")


@pytest.fixture
def demo_services(demo_db_path: Path) -> Iterator[Services]:
    services = Services.open(demo_db_path, as_system=True)
    try:
        yield services
    finally:
        services.close()


class FakeDialogs:
    """Stands in for ui.dialogs.DialogService: records instead of showing modal dialogs."""

    def __init__(self) -> None:
        self.parent: Any = None
        self.log_path = None
        self.errors: list[BaseException] = []
        self.infos: list[str] = []
        self.exported_paths: list[Path] = []
        self.confirm_answer = True
        self.text_answer: str | None = "测试理由"
        self.file_answer: Path | None = None
        self.choices: list[tuple[str, list[str]]] = []  # (text, choices) of every choose()
        self.choice_answer = 0

    def error(self, exc: BaseException, title: str | None = None) -> None:
        self.errors.append(exc)

    def crash(self, exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        self.errors.append(exc)

    def info(self, text: str, title: str | None = None) -> None:
        self.infos.append(text)

    def exported(self, path: Path | str, text: str) -> None:
        self.infos.append(text)
        self.exported_paths.append(Path(path))

    def confirm(self, text: str, title: str | None = None) -> bool:
        return self.confirm_answer

    def choose(self, title: str, text: str, choices: list[str]) -> int:
        self.choices.append((text, choices))
        return self.choice_answer

    def ask_text(self, title: str, label: str) -> str | None:
        return self.text_answer

    def open_file(self, title: str, filters: str, start: str = "") -> Path | None:
        return self.file_answer

    def save_file(self, title: str, filters: str, start: str = "") -> Path | None:
        return self.file_answer


@pytest.fixture
def fake_dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def ui_ctx(qapp: Any, demo_db_path: Path, fake_dialogs: FakeDialogs) -> Iterator[Any]:
    from ui.app import load_font
    from ui.context import AppContext
    from ui.worker import DbWorker

    load_font(qapp)
    worker = DbWorker()
    ctx = AppContext(worker=worker, dialogs=fake_dialogs, db_path=demo_db_path)  # type: ignore[arg-type]
    worker.open_database(demo_db_path, as_system=True)
    worker.flush()
    try:
        yield ctx
    finally:
        ctx.worker.flush()
        ctx.worker.shutdown()


@pytest.fixture(autouse=True)
def _fresh_qt_settings() -> Iterator[None]:
    """Each test starts with empty QSettings: a remembered current user, filter or screen
    from an earlier test must not change what a later one sees."""
    import sys

    if "PySide6.QtCore" not in sys.modules:  # core tests never load Qt
        yield
        return
    from PySide6.QtCore import QSettings

    QSettings("CaseReview", "CaseReview").clear()
    yield
    QSettings("CaseReview", "CaseReview").clear()


@pytest.fixture(autouse=True)
def _interface_language_restored() -> Iterator[None]:
    """A test that switches the interface to English (install_translators(qapp, "en") also sets
    the core's label language of the thread) must not leave later tests with English labels,
    messages or locale: the language, the installed translators and the default locale are put
    back as they were before the test."""
    import sys

    from casereview.domain.display import label_language, set_label_language

    language = label_language()
    qt = "ui.i18n" in sys.modules
    if qt:
        from PySide6.QtCore import QLocale

        from ui import i18n

        translators, locale = list(i18n._installed), QLocale()
    yield
    if label_language() != language:
        set_label_language(language)
    if qt and i18n._installed != translators:
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            for current in i18n._installed:
                app.removeTranslator(current)
            for old in translators:
                app.installTranslator(old)
        i18n._installed[:] = translators
        QLocale.setDefault(locale)
