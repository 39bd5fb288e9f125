"""Safe unpacking of a .zip found among case documents (a case folder sent as a zip).

Every entry is checked before a byte is written, and again while it is written (sizes in a
zip header may lie):

* names: ``..``, absolute paths, drive letters and backslash tricks never leave the
  destination; links and encrypted entries are skipped; names stored without the UTF-8 flag
  (zips made on Chinese Windows carry GBK bytes read as CP437) are decoded as UTF-8, else
  GB18030, so "粤交执罚〔2024〕1号/询问笔录.pdf" stays readable and matches its case;
* size: at most ``ZipLimits.max_entries`` entries, ``max_total`` bytes unpacked in all,
  ``max_entry`` per entry, and a compression ratio of at most ``max_ratio`` for entries
  larger than 1 MB; the counting is done on the bytes really inflated, so a header that
  declares a small size cannot smuggle a bomb through;
* nested archives are not unpacked (one level only), they are listed as skipped.

A problem with one entry skips that entry (with a reason); a problem with the whole archive
(not a zip, a bomb) raises ``ArchiveRefused`` and nothing of it is kept.
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

__all__ = ["ArchiveRefused", "UnpackedArchive", "ZipLimits", "entry_name", "unpack_zip"]

_CHUNK = 1 << 16
_RATIO_FLOOR = 1 << 20  # entries smaller than this are not ratio-checked (tiny text compresses well)


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_entries: int = 10_000
    max_total: int = 2 * 1024 * 1024 * 1024  # unpacked bytes in all
    max_entry: int = 200 * 1024 * 1024
    max_ratio: int = 200


class ArchiveRefused(Exception):
    """The archive as a whole is not unpacked; ``reason`` in Chinese."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(slots=True)
class UnpackedArchive:
    root: Path  # where the entries were written
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (entry name, code, reason)


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author wrote it: without the UTF-8 flag, Python reads the bytes
    as CP437; they are turned back into bytes and decoded as UTF-8, else GB18030."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _safe_parts(name: str) -> tuple[str, ...] | None:
    """The entry's path parts inside the destination, or ``None`` when it would leave it."""
    text = name.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        return None
    parts = tuple(p for p in PurePosixPath(text).parts if p not in ("", "."))
    if any(p == ".." for p in parts) or not parts:
        return None
    if any("\x00" in p or len(p.encode("utf-8", "surrogateescape")) > 255 for p in parts):
        return None
    return parts


def unpack_zip(path: Path, dest: Path, limits: ZipLimits = ZipLimits()) -> UnpackedArchive:
    """Unpack ``path`` into ``dest`` (created) within ``limits``; see the module docstring."""
    shown = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveRefused("corrupt", f"压缩包“{shown}”已损坏或不是 zip 格式（{exc}）") from exc
    result = UnpackedArchive(dest)
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise ArchiveRefused("zip_too_many", f"压缩包“{shown}”含 {len(infos):,} 个文件，超过 {limits.max_entries:,} 个的限制")
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_total:
            raise ArchiveRefused("zip_bomb", f"压缩包“{shown}”解压后有 {declared / 2**20:,.0f} MB，"
                                 f"超过 {limits.max_total / 2**20:,.0f} MB 的限制，未解压")
        dest.mkdir(parents=True, exist_ok=True)
        total = 0
        try:
            for info in infos:
                name = entry_name(info)
                if info.is_dir():
                    continue
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    result.skipped.append((name, "symlink", "是压缩包中的链接，不导入"))
                    continue
                parts = _safe_parts(name)
                if parts is None:
                    result.skipped.append((name, "unsafe_path", "路径指向压缩包以外（含“..”或绝对路径），不解压"))
                    continue
                if info.flag_bits & 0x1:
                    result.skipped.append((name, "encrypted", "压缩包中的文件设有密码，请先解压后导入"))
                    continue
                if info.file_size > limits.max_entry:
                    result.skipped.append((name, "too_large", f"解压后 {info.file_size / 2**20:,.0f} MB，"
                                           f"超过单个文件 {limits.max_entry / 2**20:,.0f} MB 的限制"))
                    continue
                if (info.file_size > _RATIO_FLOOR
                        and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
                    raise ArchiveRefused("zip_bomb", f"压缩包“{shown}”中的“{name}”压缩比超过 {limits.max_ratio}:1"
                                         "（疑似压缩炸弹），未解压")
                target = dest.joinpath(*parts)
                if target.exists():
                    result.skipped.append((name, "duplicate", "压缩包中有同名文件，只导入第一个"))
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                try:
                    with archive.open(info) as source, target.open("wb") as out:
                        while chunk := source.read(_CHUNK):
                            written += len(chunk)
                            total += len(chunk)
                            if written > max(info.file_size, 0) or written > limits.max_entry:
                                raise ArchiveRefused("zip_bomb", f"压缩包“{shown}”中的“{name}”实际内容比声明的大"
                                                     "（疑似压缩炸弹），未解压")
                            if total > limits.max_total:
                                raise ArchiveRefused("zip_bomb", f"压缩包“{shown}”解压后超过 "
                                                     f"{limits.max_total / 2**20:,.0f} MB 的限制，未解压")
                            if written > _RATIO_FLOOR and written > limits.max_ratio * max(info.compress_size, 1):
                                raise ArchiveRefused("zip_bomb", f"压缩包“{shown}”中的“{name}”压缩比超过 "
                                                     f"{limits.max_ratio}:1（疑似压缩炸弹），未解压")
                            out.write(chunk)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                    target.unlink(missing_ok=True)
                    result.skipped.append((name, "corrupt", f"压缩包中的文件已损坏，无法解压（{exc}）"))
                    continue
                result.files.append(target)
        except ArchiveRefused:
            shutil.rmtree(dest, ignore_errors=True)
            raise
    return result
