"""Content-addressed document store.

A file is stored once under ``<root>/<aa>/<sha256><ext>`` where ``aa`` are the first
two hex digits of its SHA-256. Writing goes through a temporary file in the store
and an atomic rename, so a crash never leaves a half-written document under its
final name. Sources are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casereview.errors import StorageError, os_reason

__all__ = ["ContentStore", "Damage", "StoredFile", "hash_file", "verify"]

_CHUNK = 1 << 20
_TMP_DIR = ".tmp"


def hash_file(path: str | Path) -> tuple[str, int]:
    """(sha256 hex, size in bytes) of a file."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    size: int
    path: Path  # where the content lives in the store
    existed: bool  # True when identical content was already stored


@dataclass(frozen=True, slots=True)
class Damage:
    sha256: str
    expected_size: int
    path: Path | None
    reason: str  # Chinese

    @property
    def code(self) -> str:
        return "missing" if self.path is None else "corrupt"


def _normal_ext(ext: str) -> str:
    ext = ext.lower()
    if ext and not ext.startswith("."):
        ext = "." + ext
    return {".jpeg": ".jpg", ".tiff": ".tif"}.get(ext, ext)


class ContentStore:
    """Files by content under ``root`` (created on first use)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str, ext: str = "") -> Path:
        return self.root / sha256[:2] / f"{sha256}{_normal_ext(ext)}"

    def find(self, sha256: str) -> Path | None:
        """The stored file for a hash, whatever its extension."""
        folder = self.root / sha256[:2]
        if not folder.is_dir():
            return None
        for candidate in folder.glob(f"{sha256}*"):
            if candidate.name == sha256 or candidate.name.startswith(sha256 + "."):
                return candidate
        return None

    def contains(self, sha256: str) -> bool:
        return self.find(sha256) is not None

    def put(self, source: str | Path) -> StoredFile:
        """Copy ``source`` into the store (hashing while copying). Identical content
        already stored is not written again."""
        source = Path(source)
        tmp_dir = self.root / _TMP_DIR
        try:
            tmp_dir.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="put-")
        except OSError as exc:
            raise StorageError(f"无法写入文档库 {self.root}：{os_reason(exc)}", code="store_unwritable",
                               root=str(self.root)) from exc
        tmp = Path(tmp_name)
        try:
            try:
                with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        dst.write(chunk)
                        size += len(chunk)
                    dst.flush()
                    os.fsync(dst.fileno())
            except OSError as exc:
                raise StorageError(f"复制文件 {source} 到文档库时出错：{os_reason(exc)}",
                                   code="store_copy_failed", path=str(source)) from exc
            sha = digest.hexdigest()
            existing = self.find(sha)
            if existing is not None:
                return StoredFile(sha, size, existing, True)
            target = self.path_for(sha, source.suffix)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
            except OSError as exc:
                raise StorageError(f"无法写入文档库 {target}：{os_reason(exc)}", code="store_unwritable",
                                   path=str(target)) from exc
            return StoredFile(sha, size, target, False)
        finally:
            tmp.unlink(missing_ok=True)

    def put_bytes(self, data: bytes, ext: str = "") -> StoredFile:
        """Store in-memory content (a generated PDF, an attachment) under its hash."""
        sha = hashlib.sha256(data).hexdigest()
        existing = self.find(sha)
        if existing is not None:
            return StoredFile(sha, len(data), existing, True)
        target = self.path_for(sha, ext)
        tmp: Path | None = None
        try:
            (self.root / _TMP_DIR).mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=self.root / _TMP_DIR, prefix="put-")
            tmp = Path(tmp_name)
            with os.fdopen(fd, "wb") as dst:
                dst.write(data)
                dst.flush()
                os.fsync(dst.fileno())
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
        except OSError as exc:
            raise StorageError(f"无法写入文档库 {target}：{os_reason(exc)}", code="store_unwritable",
                               path=str(target)) from exc
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        return StoredFile(sha, len(data), target, False)

    def verify(self, expected: Iterable[tuple[str, int]]) -> list[Damage]:
        return verify(self.root, expected)

    def orphans(self, known: Iterable[str]) -> list[Path]:
        """Files in the store that no stored file record names (left by an import that
        failed half-way, or copied in by hand), sorted; temporary files are not listed."""
        wanted = set(known)
        if not self.root.is_dir():
            return []
        found: list[Path] = []
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or folder.name == _TMP_DIR:
                continue
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.name.split(".", 1)[0] not in wanted:
                    found.append(path)
        return found


def verify(root: str | Path, expected: Iterable[tuple[str, int]]) -> list[Damage]:
    """Re-hash every expected ``(sha256, size)`` in the store; return what is missing
    or damaged (size or content changed), with a Chinese reason."""
    store = ContentStore(root)
    damaged: list[Damage] = []
    for sha, size in expected:
        path = store.find(sha)
        if path is None:
            damaged.append(Damage(sha, size, None, "文件缺失"))
            continue
        try:
            actual_sha, actual_size = hash_file(path)
        except OSError as exc:
            damaged.append(Damage(sha, size, path, f"无法读取：{os_reason(exc)}"))
            continue
        if actual_size != size:
            damaged.append(Damage(sha, size, path, f"大小不符：应为 {size} 字节，实为 {actual_size} 字节"))
        elif actual_sha != sha:
            damaged.append(Damage(sha, size, path, "内容已被改动（校验值不符）"))
    return damaged
