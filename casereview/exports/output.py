"""Writing export files without ever destroying the one already there, and reproducible
zip containers (xlsx/docx).

``atomic_output(path)`` hands the writer a temporary file in the target folder (same
file system, so the final rename is atomic); only after the writer finished, the data
was flushed and fsync'ed, the temporary file replaces the target. Any failure — a bad
argument found half-way, a full disk, no permission, a cancelled export — deletes the
temporary file and leaves an existing file byte-identical. Operating-system errors
become one ``StorageError`` with a Chinese message naming the file.
"""

from __future__ import annotations

import errno
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from casereview.errors import StorageError, os_reason


def os_error_message(exc: OSError, path: Path) -> str:
    """One Chinese sentence for an operating-system error while writing ``path``."""
    return f"无法写入文件 {path}：{os_reason(exc)}。原有文件未被改动。"


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only if the block ends normally."""
    target = Path(path)
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise StorageError(os_error_message(exc, target), path=str(target)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(os_error_message(exc, target), path=str(target)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _keep_mode(target: Path, tmp: Path) -> None:
    """mkstemp creates 0600 files; give the new file the old one's mode (or the usual 0644)."""
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644 & ~_umask()
        os.chmod(tmp, mode)
    except OSError:
        pass  # permissions are a nicety; the content is what matters


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through ``atomic_output``."""
    with atomic_output(path) as fh:
        fh.write(data)
    return Path(path)


def write_with(path: str | os.PathLike[str], writer: Callable[[BinaryIO], object]) -> Path:
    """Call ``writer(stream)`` inside ``atomic_output(path)``."""
    with atomic_output(path) as fh:
        writer(fh)
    return Path(path)


def deterministic_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with every entry's timestamp set to ``when`` and entries in their
    original order, so an xlsx/docx made twice from the same data is byte-identical."""
    out = io.BytesIO()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            fixed.create_system = 0
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the clock at save time, whatever was set
                content = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            dst.writestr(fixed, content)
    return out.getvalue()


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:)")
