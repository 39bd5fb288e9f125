"""The IT administrator's team-server tasks, for the app's set-up dialog (the CLI has the
same as ``casereview server setup|connect``): build the address from its parts, test a
connection (server version, schema state, with Chinese messages for a wrong password, an
unreachable server, a missing database, a too old server or a schema newer than this
program), and set up or upgrade the schema with the application account."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from casereview.errors import StorageError, ValidationError
from casereview.storage.db import HEAD_REVISION, Database, explain_db_error
from casereview.storage.server import MIN_SERVER_VERSION, SetupReport, save_connection, setup_server, with_tls

__all__ = ["ServerStatus", "SetupReport", "build_url", "check_server", "connect_app", "set_up"]


def build_url(host: str, port: int, database: str, user: str, password: str = "", *,
              sslmode: str = "", ca_file: str = "") -> str:
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host or not database or not user:
        raise ValidationError("请填写服务器地址、数据库名和账户名。", code="server_form")
    if not 1 <= port <= 65535:
        raise ValidationError(f"端口 {port} 无效（1–65535，PostgreSQL 默认 5432）。", code="server_form")
    url = URL.create("postgresql+psycopg", username=user, password=password or None, host=host, port=port,
                     database=database).render_as_string(hide_password=False)
    return with_tls(url, sslmode or None, ca_file or None)


@dataclass(frozen=True)
class ServerStatus:
    server_version: str
    database: str
    schema: str  # empty | old | current | newer
    revision: str | None
    program_revision: str = HEAD_REVISION

    def describe(self) -> str:
        state = {
            "empty": "尚未建立（“建立/升级数据库”会建立全部数据表）",
            "old": f"需要升级（数据库为 {self.revision}，本程序为 {self.program_revision}）",
            "current": f"已是最新（{self.revision}）",
            "newer": f"由较新版本的 CaseReview 建立（{self.revision}）：请先升级本程序，不要用本程序修改它",
        }[self.schema]
        return f"连接成功：PostgreSQL {self.server_version}，数据库 {self.database}；数据库架构{state}。"

    def backup_advice(self) -> str:
        return (f"升级前请先备份（文档也在数据库中，一份备份即全部）：\n"
                f"pg_dump -Fc -U postgres -f casereview-备份.dump {self.database}")


def check_server(url: str) -> ServerStatus:
    """Connect and look: server version, database, schema state. Nothing is changed."""
    database = Database(url)
    try:
        try:
            with database.engine.connect() as conn:
                number = int(conn.execute(text("SHOW server_version_num")).scalar() or 0)
                version = str(conn.execute(text("SHOW server_version")).scalar())
                name = str(conn.execute(text("SELECT current_database()")).scalar())
        except DBAPIError as exc:
            raise explain_db_error(exc, url) from exc
        if number < MIN_SERVER_VERSION:
            raise StorageError(f"服务器是 PostgreSQL {version}，需要 12 或更新版本。", code="server_too_old")
        state = database.schema_state()
        return ServerStatus(version, name, state, database.current_revision())
    finally:
        database.dispose()


def set_up(admin_url: str, *, app_role: str = "casereview_app", app_password: str | None = None,
           save: bool = True) -> tuple[SetupReport, Path | None]:
    """Create or upgrade the schema and (re)create the application account; with ``save``
    this PC connects with that account from now on (password sealed, see storage/server.py)."""
    status = check_server(admin_url)
    if status.schema == "newer":
        raise StorageError(status.describe(), code="db_newer")
    report = setup_server(admin_url, app_role=app_role, app_password=app_password)
    saved = None
    if save:
        from sqlalchemy.engine import make_url

        password = report.app_password or app_password
        saved = save_connection(make_url(admin_url).set(username=report.app_role, password=password)
                                .render_as_string(hide_password=False))
    return report, saved


def connect_app(url: str) -> Path:
    """This PC (OS user) uses the team server from now on: checked first, then saved."""
    status = check_server(url)
    if status.schema == "empty":
        raise ValidationError("该服务器数据库尚未建立，请信息管理员先在“团队服务器设置”中建立。", code="server_empty")
    return save_connection(url)
