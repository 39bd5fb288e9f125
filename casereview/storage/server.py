"""Setting up a team server and remembering how this OS user connects to it.

``setup_server`` (run once by the IT administrator with an administrator URL):
checks the PostgreSQL version, creates or upgrades the schema through Alembic, and
creates the application role the PCs use, with only the grants the program needs:
read/write on working tables, insert-only on the audit log and on document content
(nothing issued or stored can be changed or deleted by the program's account), read-only
on the schema version.

``save_connection``/``saved_url``: the connection settings of the current OS user live in
``<user config>/server.json``; the password is never stored in clear text (Windows: DPAPI,
bound to the OS user; elsewhere: AES-GCM with a key in a separate 0600 file of the user).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from casereview.errors import StorageError, ValidationError
from casereview.paths import APP_AUTHOR, APP_NAME

__all__ = ["MIN_SERVER_VERSION", "AuditCheck", "SetupReport", "check_audit", "save_connection", "saved_url", "setup_server", "with_tls"]

MIN_SERVER_VERSION = 120000  # PostgreSQL 12
# Tables whose rows are a record once written: the program's account may add, never change.
INSERT_ONLY_TABLES = ("audit_log", "blob_chunks", "blob_contents")
READ_ONLY_TABLES = ("alembic_version",)
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class AuditCheck:
    """The audit log of a database with data (a restored backup): every chain recomputed and
    every review's content compared with its last entry."""

    entries: int
    head_code: str
    problem: str | None
    reviews: int
    review_problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.review_problems

    def lines(self) -> list[str]:
        if self.ok:
            return [f"操作日志校验通过：共 {self.entries} 条，哈希链无断裂，{self.reviews} 份评查的内容均与其操作日志一致。"
                    f"链头校验码 {self.head_code}（可与备份前记下的校验码核对：casereview audit verify --head 校验码）。"]
        out = ["警告：此数据库（如为恢复的备份）未通过操作日志校验，数据在备份之后或之前曾被绕过本程序改动："]
        if self.problem:
            out.append(f"  · {self.problem}")
        shown = self.review_problems[:10]
        out.extend(f"  · {p}" for p in shown)
        if len(self.review_problems) > len(shown):
            out.append(f"  · 另有 {len(self.review_problems) - len(shown)} 份评查的内容与操作日志不一致。")
        out.append("  请勿在此数据库上继续评查，先查明原因（可改用更早的备份，并用 casereview audit verify 核查）。")
        return out


def check_audit(database: Any) -> AuditCheck | None:
    """Verify the audit log of ``database`` (a ``Database``); None when the log is empty."""
    from sqlalchemy import func, select

    from casereview.storage.audit_chain import review_digest, verify_chain
    from casereview.storage.models import AuditEntry, Review

    with database.session() as session:
        report = verify_chain(session)
        if report.entries == 0:
            return None
        last_ids = (select(func.max(AuditEntry.id))
                    .where(AuditEntry.review_id.is_not(None), AuditEntry.state_digest.is_not(None))
                    .group_by(AuditEntry.review_id))
        last = {int(rid): (int(eid), digest) for rid, eid, digest in session.execute(
            select(AuditEntry.review_id, AuditEntry.id, AuditEntry.state_digest).where(AuditEntry.id.in_(last_ids)))}
        problems: list[str] = []
        review_ids = list(session.scalars(select(Review.id).order_by(Review.id)))
        for review_id in review_ids:
            entry = last.get(review_id)
            if entry is None:
                problems.append(f"评查 {review_id} 没有任何带内容摘要的操作日志，无法证明其内容未被改动。")
            elif review_digest(session, review_id) != entry[1]:
                problems.append(f"评查 {review_id} 的现有内容（作答、扣分、备注、证据或得分）与其最后一条操作日志"
                                f"（第 {entry[0]} 条）记录的不一致。")
        return AuditCheck(report.entries, report.head_code, report.problem.message if report.problem else None,
                          len(review_ids), tuple(problems))


@dataclass(frozen=True)
class SetupReport:
    server_version: str
    database: str
    schema_revision: str
    app_role: str
    app_password: str | None  # shown once when generated; never saved in clear text
    app_url: str  # without password
    grants: dict[str, str] = field(default_factory=dict)
    settings_file: Path | None = None
    audit: AuditCheck | None = None  # a database with data (a restored backup, an upgrade): its audit log checked

    def it_notes(self) -> list[str]:
        db = self.database
        return [
            *(self.audit.lines() if self.audit is not None else []),
            "请信息管理员妥善保存以下内容：",
            f"  1. 数据库：{db}（PostgreSQL {self.server_version}，架构版本 {self.schema_revision}）",
            f"  2. 应用账户：{self.app_role}"
            + (f"，初始密码 {self.app_password}（只显示这一次，请记入密码保管处）" if self.app_password else ""),
            f"  3. 连接设置（不含密码）：{self.app_url}",
            "  4. 每日备份（含全部文档）：pg_dump -Fc -f casereview-$(date +%F).dump " + db,
            "     Windows：pg_dump -Fc -f casereview-%DATE:~0,10%.dump " + db,
            f"  5. 恢复：createdb {db}_restore && pg_restore -d {db}_restore casereview-日期.dump",
            "  6. 若使用 TLS：服务器证书的 CA 文件（每台电脑都需要同一份）。",
        ]


def with_tls(url: str, sslmode: str | None, ca_file: str | None) -> str:
    """The URL with libpq TLS options (``verify-full`` checks the certificate and host name)."""
    if not sslmode and not ca_file:
        return url
    if ca_file and not Path(ca_file).is_file():
        raise ValidationError(f"找不到 CA 证书文件 {ca_file}。", code="tls_ca_missing")
    parsed = make_url(url)
    query = dict(parsed.query)
    if sslmode:
        if sslmode not in ("disable", "require", "verify-ca", "verify-full"):
            raise ValidationError(f"sslmode 只能是 disable、require、verify-ca 或 verify-full，而不是“{sslmode}”。")
        query["sslmode"] = sslmode
    if ca_file:
        query["sslrootcert"] = str(Path(ca_file).resolve())
    return parsed.set(query=query).render_as_string(hide_password=False)


def setup_server(
    admin_url: str, *, app_role: str = "casereview_app", app_password: str | None = None
) -> SetupReport:
    """Version check, schema through Alembic, application role with minimal grants."""
    from casereview.storage.db import HEAD_REVISION, Database, explain_db_error

    if not _ROLE_NAME.match(app_role):
        raise ValidationError(f"应用账户名“{app_role}”无效：只能用小写字母、数字和下划线。", code="role_name")
    parsed = make_url(admin_url)
    if not parsed.drivername.startswith("postgresql"):
        raise ValidationError("团队服务器地址须为 postgresql+psycopg://管理员@服务器/数据库。", code="setup_not_pg")
    engine = create_engine(admin_url, connect_args={"connect_timeout": 5})
    generated = None
    try:
        with engine.connect() as conn:
            version_num = int(conn.execute(text("SHOW server_version_num")).scalar() or 0)
            version = str(conn.execute(text("SHOW server_version")).scalar())
        if version_num < MIN_SERVER_VERSION:
            raise StorageError(f"服务器是 PostgreSQL {version}，需要 12 或更新版本。", code="server_too_old")
        database = Database(admin_url)
        try:
            database.ensure_current()
            audit = check_audit(database)  # a restored backup is checked before anyone works on it
        finally:
            database.dispose()
        if app_password is None:
            generated = app_password = secrets.token_urlsafe(18)
        grants = _create_app_role(engine, parsed.database or "", app_role, app_password)
    except DBAPIError as exc:
        raise explain_db_error(exc, admin_url) from exc
    finally:
        engine.dispose()
    app_url = _without_password(parsed.set(username=app_role))
    return SetupReport(version, parsed.database or "", HEAD_REVISION, app_role, generated, app_url, grants,
                       audit=audit)


def _create_app_role(engine: Any, database: str, role: str, password: str) -> dict[str, str]:
    grants: dict[str, str] = {}
    with engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
        # A role name cannot be a bound parameter; it was checked against _ROLE_NAME above.
        # The password goes through format() of the server so quoting is the server's own.
        literal = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(text(f"{verb} ROLE {role} LOGIN PASSWORD {literal}"))
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {role}'))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
        conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
        tables = [r[0] for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]
        for table in tables:
            if table in INSERT_ONLY_TABLES:
                privileges = "SELECT, INSERT"
            elif table in READ_ONLY_TABLES:
                privileges = "SELECT"
            else:
                privileges = "SELECT, INSERT, UPDATE, DELETE"
            conn.execute(text(f'GRANT {privileges} ON "{table}" TO {role}'))
            grants[table] = privileges
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    return grants


# -- per-user connection settings ---------------------------------------------------------


def settings_path() -> Path:
    override = os.environ.get("CASEREVIEW_CONFIG_DIR")
    base = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    return base / "server.json"


def _key_path() -> Path:
    return settings_path().with_name("server.key")


def _protect(secret: str) -> dict[str, str]:
    if sys.platform == "win32":
        return {"scheme": "dpapi", "data": base64.b64encode(_dpapi(secret.encode(), protect=True)).decode()}
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key_file = _key_path()
    if key_file.is_file():
        key = key_file.read_bytes()
    else:
        key = AESGCM.generate_key(bit_length=256)
        key_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, secret.encode(), b"casereview-server")
    return {"scheme": "aesgcm-userkey", "data": base64.b64encode(nonce + sealed).decode()}


def _unprotect(blob: dict[str, str]) -> str:
    raw = base64.b64decode(blob["data"])
    if blob.get("scheme") == "dpapi":
        return _dpapi(raw, protect=False).decode()
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _key_path().read_bytes()
    return AESGCM(key).decrypt(raw[:12], raw[12:], b"casereview-server").decode()


def _dpapi(data: bytes, *, protect: bool) -> bytes:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    buf = ctypes.create_string_buffer(data, len(data))
    blob_in = Blob(len(data), ctypes.cast(buf, ctypes.POINTER(ctypes.c_char)))
    blob_out = Blob()
    crypt32 = ctypes.windll.crypt32  # type: ignore[attr-defined]
    fn = crypt32.CryptProtectData if protect else crypt32.CryptUnprotectData
    if not fn(ctypes.byref(blob_in), None, None, None, None, 0, ctypes.byref(blob_out)):
        raise StorageError("无法读取或保存已加密的服务器密码（Windows 数据保护）。", code="dpapi_failed")
    try:
        return ctypes.string_at(blob_out.pbData, blob_out.cbData)
    finally:
        ctypes.windll.kernel32.LocalFree(blob_out.pbData)  # type: ignore[attr-defined]


def _without_password(url: URL) -> str:
    # URL.set(password=None) keeps the password ("None" means "unchanged"): replace the field.
    return url._replace(password=None).render_as_string(hide_password=False)


def save_connection(url: str) -> Path:
    """Remember the server for this OS user: the URL without password, the password sealed."""
    parsed = make_url(url)
    record: dict[str, Any] = {"url": _without_password(parsed)}
    if parsed.password:
        record["password"] = _protect(str(parsed.password))
    return write_private_json(settings_path(), record)


def write_private_json(path: Path, record: dict[str, Any]) -> Path:
    """Write a settings file only the OS user may read (0600), whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(record, out, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
    return path


def saved_url() -> str | None:
    """The saved server URL with its password, or None when this user has none saved."""
    path = settings_path()
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        parsed = make_url(record["url"])
        if "password" in record:
            parsed = parsed.set(password=_unprotect(record["password"]))
    except Exception as exc:  # damaged file, key gone, another user's DPAPI blob
        raise StorageError(f"无法读取已保存的服务器连接设置 {path}：{exc}；请重新运行 casereview server setup 或 "
                           "server connect。", code="settings_unreadable") from exc
    return parsed.render_as_string(hide_password=False)
