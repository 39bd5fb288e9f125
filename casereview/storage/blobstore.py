"""Documents kept in a team server's database, with a per-PC cache.

On PostgreSQL every PC must see the same scanned files, so a file's content is stored in
the database itself: content-addressed by SHA-256 (identical files stored once), cut into
1 MiB rows of ``blob_chunks`` and written or read one chunk at a time, so a 500 MB scan
never sits in memory. A ``blob_contents`` row, written in the same transaction as the
chunks, marks a file as complete.

Viewers need a file on disk: ``find`` copies a file from the server into the PC's cache
(``<cache>/<aa>/<sha256><ext>``, checked against its hash while written), and the cache is
trimmed to its size limit, least recently used first. The interface matches
``casereview.intake.store.ContentStore`` (the SQLite folder store): ``put``, ``put_bytes``,
``find``, ``verify``; ``blob_store_for`` picks the one that fits the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError

from casereview.errors import StorageError, os_reason
from casereview.intake.store import ContentStore, Damage, StoredFile, hash_file
from casereview.storage.db import Database, explain_db_error
from casereview.storage.models import BlobChunk, BlobContent, utcnow

__all__ = ["CHUNK_BYTES", "DEFAULT_CACHE_BYTES", "BlobStore", "ServerBlobStore", "blob_store_for", "write_chunks"]

CHUNK_BYTES = 1 << 20
DEFAULT_CACHE_BYTES = 2 << 30  # 2 GiB of server documents kept on each PC
CACHE_ENV_VAR = "CASEREVIEW_CACHE_MB"
_TMP_DIR = ".tmp"


class BlobStore(Protocol):
    """What the services need from a document store (folder or server)."""

    def put(self, source: str | Path) -> StoredFile: ...

    def put_bytes(self, data: bytes, ext: str = "") -> StoredFile: ...

    def find(self, sha256: str) -> Path | None: ...

    def verify(self, expected: Iterable[tuple[str, int]]) -> list[Damage]: ...


def cache_limit_bytes() -> int:
    raw = os.environ.get(CACHE_ENV_VAR)
    if raw:
        try:
            return max(int(float(raw) * 1024 * 1024), 0)
        except ValueError:
            pass
    return DEFAULT_CACHE_BYTES


def _normal_ext(ext: str) -> str:
    ext = ext.lower()[:10]
    if ext and not ext.startswith("."):
        ext = ("." + ext)[:10]
    return {".jpeg": ".jpg", ".tiff": ".tif"}.get(ext, ext)


def _insert_ignore(conn: Connection, model: type, rows: list[dict[str, object]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING: two PCs storing the same file at once both succeed."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(model).on_conflict_do_nothing(), rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        conn.execute(sqlite_insert(model).on_conflict_do_nothing(), rows)


class ServerBlobStore:
    """Files in the database (chunked), read through a size-limited local cache."""

    def __init__(self, db: Database, cache_root: str | Path, *, cache_limit: int | None = None) -> None:
        self.db = db
        self.cache = ContentStore(cache_root)
        self.cache_limit = cache_limit_bytes() if cache_limit is None else cache_limit

    # -- queries -----------------------------------------------------------------------

    def content_info(self, sha256: str) -> tuple[int, int, str] | None:
        """(size, chunk count, extension) of a complete file on the server, or None."""
        try:
            with self.db.engine.connect() as conn:
                row = conn.execute(
                    select(BlobContent.size, BlobContent.chunks, BlobContent.ext).where(BlobContent.sha256 == sha256)
                ).first()
        except DBAPIError as exc:
            raise explain_db_error(exc, self.db.url) from exc
        return (int(row[0]), int(row[1]), str(row[2])) if row else None

    def contains(self, sha256: str) -> bool:
        return self.content_info(sha256) is not None

    # -- writing -------------------------------------------------------------------------

    def put(self, source: str | Path) -> StoredFile:
        """Store a file's content on the server unless identical content is already there.
        Read twice (hash first, so a known file is not uploaded again), chunk by chunk."""
        source = Path(source)
        try:
            sha, size = hash_file(source)
        except OSError as exc:
            raise StorageError(f"无法读取文件 {source}：{os_reason(exc)}", code="store_copy_failed",
                               path=str(source)) from exc
        ext = _normal_ext(source.suffix)
        if self.contains(sha):
            return StoredFile(sha, size, self.cache.path_for(sha, ext), True)
        try:
            with open(source, "rb") as handle:
                self._upload(handle, sha, size, ext)
        except OSError as exc:
            raise StorageError(f"复制文件 {source} 到服务器文档库时出错：{os_reason(exc)}",
                               code="store_copy_failed", path=str(source)) from exc
        return StoredFile(sha, size, self.cache.path_for(sha, ext), False)

    def put_bytes(self, data: bytes, ext: str = "") -> StoredFile:
        sha = hashlib.sha256(data).hexdigest()
        ext = _normal_ext(ext)
        existed = self.contains(sha)
        if not existed:
            self._upload(io.BytesIO(data), sha, len(data), ext)
        return StoredFile(sha, len(data), self.cache.path_for(sha, ext), existed)

    def _upload(self, handle: BinaryIO, sha: str, size: int, ext: str) -> None:
        """Chunks and the completion row in one transaction; the content is re-hashed while
        sent so a file changed between the two reads is refused rather than stored wrong."""
        try:
            with self.db.engine.begin() as conn:
                if not write_chunks(conn, handle, sha, size, ext):
                    raise StorageError("文件在存入服务器时被改动（校验值不符），未保存，请重试。", code="store_changed")
        except DBAPIError as exc:
            raise explain_db_error(exc, self.db.url) from exc

    # -- reading -------------------------------------------------------------------------

    def iter_chunks(self, sha256: str, chunks: int) -> Iterator[bytes]:
        """The content, one chunk per query: memory stays at one chunk whatever the size."""
        try:
            with self.db.engine.connect() as conn:
                for seq in range(chunks):
                    data = conn.execute(
                        select(BlobChunk.data).where(BlobChunk.sha256 == sha256, BlobChunk.seq == seq)
                    ).scalar()
                    if data is None:
                        return
                    yield bytes(data)
        except DBAPIError as exc:
            raise explain_db_error(exc, self.db.url) from exc

    def find(self, sha256: str) -> Path | None:
        """A local copy of a server file (from the cache, fetched when absent), or None
        when the server does not hold it."""
        cached = self.cache.find(sha256)
        if cached is not None:
            _touch(cached)
            return cached
        info = self.content_info(sha256)
        if info is None:
            return None
        size, chunks, ext = info
        target = self.cache.path_for(sha256, ext)
        tmp_dir = self.cache.root / _TMP_DIR
        try:
            tmp_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="get-")
        except OSError as exc:
            raise StorageError(f"无法写入本机文档缓存 {self.cache.root}：{os_reason(exc)}",
                               code="cache_unwritable") from exc
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            got = 0
            with os.fdopen(fd, "wb") as out:
                for chunk in self.iter_chunks(sha256, chunks):
                    digest.update(chunk)
                    out.write(chunk)
                    got += len(chunk)
            if got != size or digest.hexdigest() != sha256:
                raise StorageError(f"服务器上的文件 {sha256[:16]}… 已损坏（校验值不符），请运行 casereview docs verify。",
                                   code="blob_corrupt", sha256=sha256)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        self.trim_cache(keep=target)
        return target

    def trim_cache(self, *, keep: Path | None = None) -> int:
        """Delete least recently used cached files until the cache fits its limit; returns
        the bytes freed. ``keep`` (the file just fetched) is never removed."""
        files: list[tuple[float, int, Path]] = []
        for path in self.cache.root.glob("??/*"):
            try:
                st = path.stat()
            except OSError:
                continue
            files.append((st.st_mtime, st.st_size, path))
        total = sum(size for _t, size, _p in files)
        freed = 0
        for _mtime, size, path in sorted(files):
            if total <= self.cache_limit:
                break
            if keep is not None and path == keep:
                continue
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            freed += size
        return freed

    # -- checking ------------------------------------------------------------------------

    def verify(self, expected: Iterable[tuple[str, int]]) -> list[Damage]:
        """Re-hash every expected file as stored on the server (not the local cache)."""
        damaged: list[Damage] = []
        for sha, size in expected:
            info = self.content_info(sha)
            if info is None:
                damaged.append(Damage(sha, size, None, "服务器上缺少该文件"))
                continue
            digest = hashlib.sha256()
            got = 0
            for chunk in self.iter_chunks(sha, info[1]):
                digest.update(chunk)
                got += len(chunk)
            where = Path(f"server:{sha}")  # not a local file: the server copy was checked
            if got != size:
                damaged.append(Damage(sha, size, where, f"大小不符：应为 {size} 字节，服务器上为 {got} 字节"))
            elif digest.hexdigest() != sha:
                damaged.append(Damage(sha, size, where, "服务器上的内容已被改动（校验值不符）"))
        return damaged

    def stored_bytes(self) -> int:
        with self.db.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.sum(BlobContent.size), 0))).scalar() or 0)


def _touch(path: Path) -> None:
    """Mark a cached file as just used (the cache trims the least recently used first)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def server_cache_root(db: Database) -> Path:
    """The cache folder of one server database (several servers never mix files)."""
    from casereview.paths import user_data_dir

    key = hashlib.sha256(db.engine.url.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return user_data_dir() / "server-cache" / key


def blob_store_for(db: Database, documents_root: Path) -> ContentStore | ServerBlobStore:
    """The folder store beside a SQLite file, the database itself for a server."""
    if db.path is not None:
        return ContentStore(documents_root)
    return ServerBlobStore(db, server_cache_root(db))


def write_chunks(conn: Connection, handle: BinaryIO, sha: str, size: int, ext: str) -> bool:
    """Send one file's content into ``blob_chunks`` inside the caller's transaction, then
    mark it complete. Returns False (nothing marked) when the content does not hash to
    ``sha``/``size``; the caller then rolls back."""
    digest = hashlib.sha256()
    seq = sent = 0
    while chunk := handle.read(CHUNK_BYTES):
        digest.update(chunk)
        _insert_ignore(conn, BlobChunk, [{"sha256": sha, "seq": seq, "data": chunk}])
        seq += 1
        sent += len(chunk)
    if digest.hexdigest() != sha or sent != size:
        return False
    _insert_ignore(conn, BlobContent, [{"sha256": sha, "size": size, "chunks": seq, "ext": _normal_ext(ext),
                                        "stored_at": utcnow()}])
    return True
