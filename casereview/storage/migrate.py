"""Moving a single-PC SQLite database, documents included, to a team server.

``migrate_to_server`` copies every table and every stored file into an empty server
database in ONE server transaction: if anything fails (a value the server refuses, a
document missing or damaged in the folder store, a lost connection) the server is left
exactly as it was, and the SQLite file is only ever read. Row counts of the source and
of the server (counted inside the transaction, before it commits) are returned so the
administrator sees that everything arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, func, select, text, update
from sqlalchemy.exc import DBAPIError

from casereview.errors import StorageError, ValidationError
from casereview.intake.store import ContentStore
from casereview.storage.blobstore import write_chunks
from casereview.storage.db import Database, explain_db_error
from casereview.storage.models import Base, Blob, BlobChunk, BlobContent

__all__ = ["MigrationReport", "migrate_to_server"]

Progress = Callable[[str], None]
_BATCH = 1000
# Tables holding server-side document content: filled from the folder store, not copied.
_CONTENT_TABLES = {BlobChunk.__tablename__, BlobContent.__tablename__}
# A review of a practice case points at it, and the practice case points back at its key
# review (NOT NULL). The review rows go in first with this column empty and get it after.
_DEFERRED_COLUMNS = {"reviews": ("practice_case_id",)}


@dataclass(frozen=True)
class MigrationReport:
    source: Path
    target: str  # server address without password
    before: dict[str, int]  # rows per table in the SQLite file
    after: dict[str, int]  # rows per table on the server, counted before commit
    files: int
    file_bytes: int

    def lines(self) -> list[str]:
        out = [f"来源：{self.source}", f"服务器：{self.target}", "", f"{'数据表':<24}{'迁移前':>10}{'迁移后':>10}"]
        for name, count in self.before.items():
            out.append(f"{name:<24}{count:>10}{self.after.get(name, 0):>10}")
        out.append("")
        out.append(f"文档文件：{self.files} 个，共 {self.file_bytes / 1048576:.1f} MB，已存入服务器。")
        return out


def _table_order() -> list[Table]:
    """Tables in insertion order: the foreign-key order, with practice cases moved after
    the reviews (see ``_DEFERRED_COLUMNS``)."""
    tables = [t for t in Base.metadata.sorted_tables if t.name not in _CONTENT_TABLES]
    names = [t.name for t in tables]
    if "practice_cases" in names and "reviews" in names:
        practice = tables.pop(names.index("practice_cases"))
        tables.insert([t.name for t in tables].index("reviews") + 1, practice)
    return tables


def _counts(conn: Connection, tables: list[Table]) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0) for t in tables}


def migrate_to_server(source: str | Path, target: Database, *, progress: Progress | None = None) -> MigrationReport:
    """Copy the SQLite database ``source`` and its documents into the (empty) server ``target``."""
    say = progress or (lambda _msg: None)
    source = Path(source)
    if target.path is not None:
        raise ValidationError("迁移目标必须是 PostgreSQL 服务器地址（postgresql+psycopg://…），不是数据库文件。",
                              code="migrate_target_not_server")
    if not source.is_file():
        raise ValidationError(f"找不到要迁移的数据库文件 {source}。", code="migrate_source_missing", path=str(source))
    src = Database.open(source)  # brings an older file to this program's schema (a backup is made first)
    try:
        target.ensure_current()
        tables = _table_order()
        with src.engine.connect() as sconn:
            before = _counts(sconn, tables)
        blob_rows = _blob_rows(src)
        store = ContentStore(source.with_name(source.stem + "_documents"))
        missing = [sha for sha, _size, _ext in blob_rows if store.find(sha) is None]
        if missing:
            raise StorageError(
                f"文档库中缺少 {len(missing)} 个文件（如 {missing[0][:16]}…），请先运行 casereview docs verify "
                f"--db {source} 查明原因；服务器未作任何修改。", code="migrate_blob_missing", missing=len(missing))
        try:
            with target.engine.begin() as tconn:
                present = {name: n for name, n in _counts(tconn, tables).items() if n}
                if present:
                    listed = "、".join(f"{k} {v} 行" for k, v in list(present.items())[:5])
                    raise ValidationError(f"服务器数据库已有数据（{listed}），只能迁移到空数据库；未作任何修改。",
                                          code="migrate_target_not_empty")
                with src.engine.connect() as sconn:
                    for table in tables:
                        say(f"复制数据表 {table.name}（{before[table.name]} 行）……")
                        _copy_table(sconn, tconn, table)
                    _restore_deferred(sconn, tconn)
                _reset_sequences(tconn, tables)
                total_bytes = 0
                for index, (sha, size, ext) in enumerate(blob_rows, start=1):
                    say(f"存入文档文件 {index}/{len(blob_rows)}……")
                    path = store.find(sha)
                    assert path is not None  # checked above
                    with open(path, "rb") as handle:
                        if not write_chunks(tconn, handle, sha, size, ext):
                            raise StorageError(f"文档库中的文件 {path} 已损坏（校验值不符）；服务器未作任何修改。",
                                               code="migrate_blob_corrupt", path=str(path))
                    total_bytes += size
                after = _counts(tconn, tables)
                wrong = [n for n in tables if after[n.name] != before[n.name]]
                if wrong:
                    raise StorageError(f"迁移后数据表 {wrong[0].name} 的行数不符，已全部撤销。", code="migrate_count_mismatch")
        except DBAPIError as exc:
            raise explain_db_error(exc, target.url) from exc
    finally:
        src.dispose()
    return MigrationReport(source, target.engine.url.render_as_string(hide_password=True), before, after,
                           len(blob_rows), total_bytes)


def _blob_rows(src: Database) -> list[tuple[str, int, str]]:
    with src.engine.connect() as conn:
        return [(str(s), int(n), str(e or "")) for s, n, e in conn.execute(select(Blob.sha256, Blob.size, Blob.ext))]


def _copy_table(sconn: Connection, tconn: Connection, table: Table) -> None:
    deferred = set(_DEFERRED_COLUMNS.get(table.name, ()))
    pk = list(table.primary_key.columns)
    result = sconn.execute(select(table).order_by(*pk)).mappings()
    for batch in result.partitions(_BATCH):
        rows = [{k: (None if k in deferred else v) for k, v in row.items()} for row in batch]
        tconn.execute(table.insert(), rows)


def _restore_deferred(sconn: Connection, tconn: Connection) -> None:
    for name, columns in _DEFERRED_COLUMNS.items():
        table = Base.metadata.tables[name]
        cols = [table.c[c] for c in columns]
        rows = sconn.execute(select(table.c.id, *cols).where(*(c.isnot(None) for c in cols))).all()
        for row in rows:
            tconn.execute(update(table).where(table.c.id == row[0]).values(dict(zip(columns, row[1:], strict=True))))


def _reset_sequences(tconn: Connection, tables: list[Table]) -> None:
    """Ids were copied as they are: move each id sequence past the highest one."""
    if tconn.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        seq = tconn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar()
        if seq:
            tconn.execute(text(f"SELECT setval(:s, COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 1), "
                               f"(SELECT MAX(id) IS NOT NULL FROM \"{table.name}\"))"), {"s": seq})
