"""Opening, creating and upgrading the database (SQLite file or PostgreSQL URL).

``Database`` owns one SQLAlchemy engine. Services get sessions from
``Database.session()``, one per use case (commit on success, roll back on error).
Schema changes go through Alembic; before upgrading a SQLite file the file is copied
aside (``<name>.bak-<revision>-<timestamp>``) so nothing is lost if the upgrade fails.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from casereview.errors import CaseReviewError, StorageError

if TYPE_CHECKING:
    from alembic.config import Config

    from casereview.storage.changes import Change, ChangeWatcher, Notifier
from casereview.paths import default_database_path

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DB_ENV_VAR = "CASEREVIEW_DB"


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """Turn ``--db`` (a path or a URL), the environment variable, the saved team server or the
    default file into a URL."""
    raw = str(db) if db else os.environ.get(DB_ENV_VAR) or _saved_server_url() or str(default_database_path())
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


def _saved_server_url() -> str | None:
    """The team server this OS user connected to (``casereview server connect``), if any."""
    from casereview.storage.server import saved_url

    return saved_url()


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        return Path(url.removeprefix("sqlite:///"))
    return None


def _on_sqlite_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    # WAL lets the UI read while the worker writes; foreign keys are off by default in SQLite.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    # The case list's search compares case numbers by their key (see storage/case_numbers.py).
    dbapi_conn.create_function("cr_case_key", 1, _case_key, deterministic=True)


def _case_key(value: object) -> str:
    from casereview.storage.case_numbers import search_key

    return search_key(value)


# The migration chain, oldest first. Opening a database compares its revision with these
# instead of loading Alembic (a quarter of a second at every start); Alembic is imported
# only to create or upgrade. tests/core/test_storage.py checks this list against the
# migrations folder, so adding a revision without listing it here fails the suite.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011")
HEAD_REVISION = REVISIONS[-1]


def _alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextmanager
def scratch_copy(db: str) -> Iterator[str]:
    """A throw-away copy of a SQLite database (SQLite's backup API copies a file in use
    consistently, WAL included) with its document store linked beside it, for jobs that
    must not change the user's data (screenshot mode). A server URL is yielded unchanged."""
    source = Path(db)
    if "://" in db or not source.is_file():
        yield db
        return
    with tempfile.TemporaryDirectory(prefix="casereview-scratch-") as tmp:
        target = Path(tmp) / source.name
        src, dst = sqlite3.connect(source), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        documents = source.with_name(source.stem + "_documents")
        if documents.is_dir():
            try:
                target.with_name(target.stem + "_documents").symlink_to(documents, target_is_directory=True)
            except OSError:  # no symlink rights (Windows): the copy shows no scanned pages
                log.info("document store not linked into the scratch copy")
        yield str(target)


def explain_db_error(exc: BaseException, url: str) -> CaseReviewError:
    # (a duplicate or too-long value comes back as a ValidationError, see dberrors.translate)
    """Map a driver error to one clear Chinese message naming the cause."""
    msg = str(getattr(exc, "orig", exc)).lower()
    where = _sqlite_path(url) or url.split("@")[-1]
    if "locked" in msg or "busy" in msg:
        return StorageError(f"数据库文件 {where} 被其他程序锁定，请关闭占用它的程序后重试。", code="db_locked")
    if "unable to open" in msg:
        return StorageError(f"无法打开数据库文件 {where}：路径不存在或没有权限。", code="db_open")
    if "disk is full" in msg or "no space left" in msg or "disk full" in msg:
        # SQLite says "database or disk is full"; the transaction was rolled back.
        return StorageError(f"磁盘空间不足，无法写入数据库 {where}：本次操作未保存，已保存的数据没有受影响。"
                            "请清理磁盘或把数据库移到空间充足的位置后重试。", code="db_disk_full")
    if "file is not a database" in msg or "malformed" in msg:
        from casereview.storage.sqlite_guard import backup_hint

        hint = backup_hint(where) if isinstance(where, Path) else ""
        return StorageError(f"{where} 不是有效的 CaseReview 数据库文件或已损坏，本次操作未保存。{hint}", code="db_corrupt")
    from casereview.storage.dberrors import translate

    known = translate(exc, str(where))
    if known is not None:
        log.info("database error translated (%s): %s", known.code, getattr(exc, "orig", exc))
        return known
    if "connection" in msg or "could not" in msg or "timeout" in msg or "refused" in msg:
        return StorageError(f"无法连接数据库服务器 {where}：请检查服务器地址、网络和服务器是否已启动。", code="db_unreachable")
    # Never show the raw driver text: log it for the administrator instead.
    log.warning("database error (%s): %s", where, getattr(exc, "orig", exc))
    return StorageError(f"数据库操作失败（{where}），本次操作未保存；详细信息已写入日志。", code="db_error")


class Database:
    """One database: engine, session factory and schema management."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.path = _sqlite_path(url)
        if self.path is not None:
            if self.path.is_dir():
                raise StorageError(f"{self.path} 是文件夹，不是数据库文件。", code="db_open")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, object] = {"echo": echo, "future": True}
        if self.path is not None:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 5}
        else:
            kwargs["pool_pre_ping"] = True
            if url.startswith("postgresql"):
                kwargs["connect_args"] = {"connect_timeout": 5}
        self.engine: Engine = create_engine(url, **kwargs)  # type: ignore[arg-type]
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _on_sqlite_connect)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Column limits checked before every flush, the same on SQLite as on the server.
        from casereview.storage.dberrors import check_limits

        event.listen(self._sessions, "before_flush", check_limits)
        # Other PCs learn of every commit (NOTIFY on PostgreSQL; see storage/changes.py). Hooked
        # before the audit chain so the NOTIFY is not sent while the team-wide chain lock is held.
        import uuid

        from casereview.storage import audit_chain, changes

        self.origin = uuid.uuid4().hex[:12]
        self.local_commits = 0
        self.local_audit_ids: set[int] = set()  # audit entries this Database wrote (SQLite watcher)
        self._notifier: Notifier | None = None
        self.closed = False
        changes.install(self._sessions, self)
        audit_chain.install(self._sessions)
        changes.install_own_entries(self._sessions, self)
        # Who acts (account id, display name): set by the service context, stamped on
        # every audit entry of the sessions this database hands out.
        self.identity: Callable[[], tuple[int | None, str | None]] | None = None
        self._guarded = False

    def notifier(self) -> Notifier:
        """The sender of this database's change notifications (PostgreSQL; see storage/changes.py)."""
        if self._notifier is None:
            from casereview.storage.changes import Notifier

            self._notifier = Notifier(self)
        return self._notifier

    def watch_changes(
        self, on_change: Callable[[Change], None], on_status: Callable[[bool], None] | None = None,
        *, interval: float = 1.0,
    ) -> ChangeWatcher:
        """Start a background watcher of other clients' commits (see storage/changes.py)."""
        from casereview.storage.changes import ChangeWatcher

        return ChangeWatcher(self, on_change, on_status, interval=interval).start()

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, upgrade: bool = True) -> Database:
        """Open (creating or upgrading with a backup when ``upgrade``) and check the schema."""
        url = resolve_url(db)
        database = cls(url)
        database.ensure_current(upgrade=upgrade)
        return database

    def ensure_current(self, *, upgrade: bool = True) -> Path | None:
        """Bring the schema to this program's version; returns the backup made, if any."""
        state = self.schema_state()
        if state == "newer":
            raise StorageError(
                f"数据库 {self.path or self.url} 由较新版本的 CaseReview 创建（架构版本 {self.current_revision()}），"
                "请升级本程序后再打开。数据未作任何修改。",
                code="db_newer",
            )
        if state == "current":
            return None
        if not upgrade:
            raise StorageError(f"数据库 {self.path or self.url} 需要升级，请先运行 casereview init。", code="db_old")
        return self.upgrade()

    # -- schema -----------------------------------------------------------------------

    def head_revision(self) -> str:
        return HEAD_REVISION

    def known_revisions(self) -> set[str]:
        return set(REVISIONS)

    def guard_file(self) -> None:
        """Once per opening: look at a SQLite file read-only (not SQLite, another program's
        database, damaged pages) and refuse it before the engine's first connection
        switches it to WAL or anything is written."""
        if self.path is None or self._guarded:
            return
        from casereview.storage.sqlite_guard import check_file

        check_file(self.path)
        self._guarded = True

    def current_revision(self) -> str | None:
        """The revision stamped in ``alembic_version`` (None for a database without it)."""
        self.guard_file()
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, DBAPIError) as exc:
            raise explain_db_error(exc, self.url) from exc

    def schema_state(self) -> str:
        """'empty' (new database), 'old', 'current' or 'newer' (made by a newer program)."""
        current = self.current_revision()
        if current is None:
            try:
                with self.engine.connect() as conn:
                    has_tables = bool(inspect(conn).get_table_names())
            except (OperationalError, DBAPIError) as exc:
                raise explain_db_error(exc, self.url) from exc
            if has_tables:
                raise StorageError(
                    f"{self.path or self.url} 含有其他程序的数据表，不是 CaseReview 数据库。", code="db_foreign"
                )
            return "empty"
        if current == self.head_revision():
            return "current"
        if current not in self.known_revisions():
            return "newer"
        return "old"

    def backup(self, label: str) -> Path | None:
        """Copy the SQLite file (with its WAL) aside; returns the copy's path."""
        if self.path is None or not self.path.exists():
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.bak-{label}-{stamp}")
        # A checkpoint folds the WAL into the main file so one copy is complete.
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(self.path, target)
        log.info("database backed up to %s", target)
        return target

    def upgrade(self) -> Path | None:
        """Create or upgrade the schema to head. Returns the backup path, if one was made."""
        state = self.schema_state()
        backup = None
        if state == "old":
            backup = self.backup(self.current_revision() or "old")
        try:
            with self.engine.begin() as conn:
                from alembic import command

                cfg = _alembic_config(self.url)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except (OperationalError, DBAPIError) as exc:
            raise explain_db_error(exc, self.url) from exc
        return backup

    # -- sessions ---------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commit when the block ends normally, roll back otherwise."""
        session = self._sessions()
        if self.identity is not None:
            from casereview.storage.audit_chain import set_session_actor

            set_session_actor(session, *self.identity())
        try:
            yield session
            session.commit()
        except (OperationalError, DBAPIError) as exc:
            session.rollback()
            raise explain_db_error(exc, self.url) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except (OperationalError, DBAPIError) as exc:
            raise explain_db_error(exc, self.url) from exc

    def dispose(self) -> None:
        if self._notifier is not None:  # the last changes still reach the other PCs
            self._notifier.stop()
        self.closed = True  # background watchers of this database end (storage/changes.py)
        self.engine.dispose()
