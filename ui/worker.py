"""The one database worker: every service call of the UI runs here, never on the UI thread.

A single-thread executor keeps SQLite writes from competing and keeps the ``Services``
object (and its SQLAlchemy engine) on one thread. Results come back to the UI thread as a
queued Qt signal and are handed to typed ``on_ok`` / ``on_err`` callbacks; an error with no
``on_err`` goes to the app-wide error handler (one clear Chinese message box).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ui.i18n import translator

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from casereview.services.app import Services


log = logging.getLogger(__name__)
tr = translator("DbWorker")
T = TypeVar("T")


@dataclass
class _Job(Generic[T]):
    fn: Callable[[Services], T]
    on_ok: Callable[[T], None] | None
    on_err: Callable[[BaseException], None] | None
    label: str


class DbWorker(QObject):
    """Runs ``fn(services)`` jobs one at a time on a dedicated thread."""

    # (job, ok, payload): emitted from the worker thread, delivered on the UI thread.
    _finished = Signal(object, bool, object)
    busy_changed = Signal(int)  # number of jobs queued or running
    opened = Signal(object)  # the database path (or URL) after a successful open
    error = Signal(object)  # unhandled job errors (BaseException)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = None  # started with the first job (start-up time)
        self._services: Services | None = None
        self._pending = 0
        self._lock = threading.Lock()
        self._finished.connect(self._deliver)
        self.db_label = ""
        self._closed = False
        self._open_failed = False
        # Jobs submitted before the first open_database() wait here (None once a DB was requested).
        self._backlog: list[tuple[_Job[Any], Future[None]]] | None = []

    # -- public ---------------------------------------------------------------------

    @property
    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casereview-db")
        return self._executor

    @property
    def pending(self) -> int:
        return self._pending

    def call(
        self,
        fn: Callable[[Services], T],
        on_ok: Callable[[T], None] | None = None,
        on_err: Callable[[BaseException], None] | None = None,
        *,
        label: str = "",
    ) -> Future[None]:
        job: _Job[T] = _Job(fn, on_ok, on_err, label)
        with self._lock:
            self._pending += 1
        self.busy_changed.emit(self._pending)
        if self._backlog is not None:
            # No database requested yet (the app opens it right after showing the window):
            # keep the job and run it after the open.
            from concurrent.futures import Future

            future: Future[None] = Future()
            self._backlog.append((job, future))
            return future
        return self._pool.submit(self._run, job)

    def open_database(
        self,
        db: str | os.PathLike[str] | None,
        on_ok: Callable[[Services], None] | None = None,
        on_err: Callable[[BaseException], None] | None = None,
        *,
        prepare: Callable[[], None] | None = None,
        as_system: bool = False,
    ) -> Future[None]:
        """Close the current database (if any) and open ``db`` in the worker thread.

        ``prepare`` runs first in the worker (e.g. building the demo database)."""

        def _open(_: Services | None) -> Services:
            if prepare is not None:
                prepare()
            if self._services is not None:
                self._services.close()
                self._services = None
            from casereview.services.app import Services  # loaded here, off the UI thread

            started = time.perf_counter()
            # The program itself brings the shipped standards up to date, then nobody is
            # signed in until the sign-in dialog (ui/signin.py) succeeds; screenshot and
            # self-test runs on scratch copies stay the program (``as_system``).
            services = Services.open(db, as_system=True)
            services.standards.sync_shipped()
            if not as_system:
                services.accounts.sign_out()
            self._services = services
            log.info("opened database %s in %.0f ms", db, (time.perf_counter() - started) * 1000)
            return services

        def _ok(services: Services) -> None:
            self.db_label = str(db or "")
            self.opened.emit(db)
            if on_ok is not None:
                on_ok(services)

        def _failed(exc: BaseException) -> None:
            self._open_failed = True
            (on_err or self.error.emit)(exc)

        job: _Job[Services] = _Job(_open, _ok, _failed, "open")  # type: ignore[arg-type]
        with self._lock:
            self._pending += 1
        self.busy_changed.emit(self._pending)
        self._open_failed = False
        opened = self._pool.submit(self._run, job, raw=True)
        backlog, self._backlog = self._backlog or [], None
        for waiting, future in backlog:
            self._pool.submit(self._run, waiting).add_done_callback(lambda _f, fut=future: fut.set_result(None))
        return opened

    def flush(self, timeout: float = 30.0) -> None:
        """Wait until every job queued so far has finished and its callback has run.

        For tests, the screenshot mode and shutdown only: it blocks the calling thread."""
        if self._closed:
            QCoreApplication.processEvents()
            return
        if self._backlog:
            return  # nothing can run before a database is requested
        deadline = time.monotonic() + timeout
        marker = self._pool.submit(lambda: None)
        marker.result(timeout=timeout)
        while self._pending and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.001)
        QCoreApplication.processEvents()

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True

        def _close() -> None:
            if self._services is not None:
                self._services.close()
                self._services = None

        if self._executor is None:
            return  # no job ever ran
        self._executor.submit(_close)
        self._executor.shutdown(wait=True, cancel_futures=False)

    # -- internals ------------------------------------------------------------------

    def _run(self, job: _Job[Any], raw: bool = False) -> None:
        try:
            if not raw and self._services is None:
                from casereview.services.types import StorageError

                raise StorageError(tr("No database is open yet. Choose one with File → Open database…"), code="no_db")
            started = time.perf_counter()
            result = job.fn(self._services)  # type: ignore[arg-type]
            if job.label:
                log.debug("%s took %.1f ms", job.label, (time.perf_counter() - started) * 1000)
        except BaseException as exc:  # every failure goes back to the UI thread
            self._finished.emit(job, False, exc)
        else:
            self._finished.emit(job, True, result)

    def _deliver(self, job: _Job[Any], ok: bool, payload: Any) -> None:
        with self._lock:
            self._pending -= 1
        try:
            if ok:
                if job.on_ok is not None:
                    job.on_ok(payload)
            elif self._open_failed and getattr(payload, "code", "") == "no_db":
                log.info("job %s skipped: no database", job.label or job.fn)  # the open error was shown
            elif job.on_err is not None:
                job.on_err(payload)
            else:
                self.error.emit(payload)
        finally:
            self.busy_changed.emit(self._pending)
