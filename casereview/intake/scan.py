"""Scan a folder of case documents: find which case each file belongs to, check it
can be opened, count its pages, read the first page's text and guess its type.

Layouts understood (they may be mixed):

* one sub-folder per case, its name carrying the case number (files inside, at any
  depth, belong to that case);
* loose files whose names carry the case number;
* an explicit mapping file (CSV: ``path,case_no``; paths relative to the folder).

Case numbers are matched through ``case_no_key`` so 粤交执罚〔2024〕123号 also matches
"粤交执罚[2024]123号", "粤交执罚(2024)123号" or "粤交执罚_2024_123号" in a name.

Bad files are not fatal: each is listed in ``ScanResult.skipped`` with a code and a
Chinese reason, and everything else is still returned.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from casereview.errors import ValidationError
from casereview.intake.archive import ArchiveRefused, ZipLimits, unpack_zip
from casereview.intake.classify import Classification, classify
from casereview.intake.readers import decode_bytes
from casereview.intake.values import case_no_key

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "BadFile",
    "CaseMatcher",
    "FileInfo",
    "ScanResult",
    "ScannedFile",
    "SkippedFile",
    "inspect_file",
    "read_mapping_file",
    "scan_folder",
]

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".tif": "image",
    ".tiff": "image",
    ".docx": "docx",
}
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
_FIRST_PAGE_TEXT_LIMIT = 4000
_SYSTEM_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
_HINTS = {
    ".doc": "请另存为 .docx 或 PDF",
    ".wps": "请另存为 .docx 或 PDF",
    ".xls": "登记表请用“导入案件”功能",
    ".xlsx": "登记表请用“导入案件”功能",
    ".bmp": "请转换为 JPG、PNG 或 PDF",
    ".gif": "请转换为 JPG、PNG 或 PDF",
    ".heic": "请转换为 JPG、PNG 或 PDF",
    ".ofd": "请转换为 PDF",
    ".lnk": "这是快捷方式，请放入原文件",
    ".rar": "请先解压",
    ".7z": "请先解压",
}


def readable_name(text: str) -> str:
    """A file or folder name (or a path with /) as its author wrote it. A name the operating
    system could not decode comes back with surrogate escapes (a zip made on Chinese Windows
    and unpacked on Linux keeps GBK bytes): each such part is decoded as GB18030 (a superset
    of GBK), else its undecodable bytes are shown as U+FFFD. Such a name can then be
    matched, stored and printed; parts already in UTF-8 stay as they are."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "/".join(_readable_part(part) for part in text.split("/"))


def _readable_part(part: str) -> str:
    try:
        part.encode("utf-8")
        return part
    except UnicodeEncodeError:
        raw = os.fsencode(part)
    for encoding in ("gb18030", "big5"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


class BadFile(Exception):
    """A file that cannot be imported; ``code`` for programs, ``reason`` in Chinese."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class FileInfo:
    kind: str  # pdf, image, docx
    size: int
    page_count: int | None  # None for .docx (Word lays out pages itself)
    paragraph_count: int | None = None  # .docx only
    first_page_text: str | None = None  # PDF text layer / first .docx paragraphs; None for scans


@dataclass(frozen=True, slots=True)
class ScannedFile:
    path: Path
    relative: str  # path relative to the scanned folder, with /
    case_no: str  # as given in the known case numbers
    matched_by: str  # "mapping", "name" or "folder"
    info: FileInfo
    classification: Classification


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: Path
    relative: str
    code: str  # empty, too_large, unsupported, symlink, system, corrupt, encrypted, no_case, ambiguous, ...
    reason: str


@dataclass(slots=True)
class ScanResult:
    folder: Path
    files: list[ScannedFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    # Where the zips found were unpacked; removed by ``cleanup`` once the files are stored.
    temp_dirs: list[Path] = field(default_factory=list)

    def cleanup(self) -> None:
        import shutil

        for temp in self.temp_dirs:
            shutil.rmtree(temp, ignore_errors=True)
        self.temp_dirs.clear()

    def by_case(self) -> dict[str, list[ScannedFile]]:
        grouped: dict[str, list[ScannedFile]] = {}
        for scanned in self.files:
            grouped.setdefault(scanned.case_no, []).append(scanned)
        return grouped

    def summary(self) -> str:
        cases = len(self.by_case())
        text = f"可导入 {len(self.files)} 个文件（{cases} 个案件），跳过 {len(self.skipped)} 个"
        return text + ("：" + "；".join(f"{s.relative}：{s.reason}" for s in self.skipped[:20]) if self.skipped else "")


# --------------------------------------------------------------------- case matching


class CaseMatcher:
    """Finds known case numbers inside folder and file names."""

    def __init__(self, case_nos: Iterable[str]) -> None:
        self._by_key: dict[str, str] = {}
        for case_no in case_nos:
            key = case_no_key(case_no)
            if key:
                self._by_key.setdefault(key, case_no)
        self._lengths = sorted({len(k) for k in self._by_key}, reverse=True)

    def __len__(self) -> int:
        return len(self._by_key)

    def lookup(self, case_no: str) -> str | None:
        """The known case number equal (in key form) to ``case_no``."""
        return self._by_key.get(case_no_key(case_no))

    def find_all(self, name: str) -> list[str]:
        """Known case numbers in ``name``; a match nested in a longer match is dropped,
        and a match may not cut a run of digits ("2024001" is not in "20240012")."""
        key = case_no_key(name)
        spans: list[tuple[int, int, str]] = []
        for length in self._lengths:
            for start in range(0, len(key) - length + 1):
                sub = key[start:start + length]
                if sub not in self._by_key:
                    continue
                end = start + length
                if (start > 0 and sub[0].isdigit() and key[start - 1].isdigit()) or (
                    end < len(key) and sub[-1].isdigit() and key[end].isdigit()
                ):
                    continue
                spans.append((start, end, self._by_key[sub]))
        kept = [s for s in spans if not any(o is not s and o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] >
                                            s[1] - s[0] for o in spans)]
        return list(dict.fromkeys(s[2] for s in sorted(kept)))

    def match(self, name: str) -> str | None:
        """The single case number in ``name``; ``BadFile("ambiguous")`` for several."""
        found = self.find_all(name)
        if len(found) > 1:
            raise BadFile("ambiguous", f"名称中同时含有多个案号：{'、'.join(found)}，请放入对应案件的文件夹")
        return found[0] if found else None


# ------------------------------------------------------------------- file checks


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repaired defect as a warning; the result is what counts."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _inspect_pdf(path: Path, size: int) -> FileInfo:
    from pypdf import PasswordType, PdfReader

    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise BadFile("corrupt", "不是有效的 PDF 文件（文件头缺少 %PDF 标记），可能已损坏或扩展名有误")
    with _quiet_pypdf():
        try:
            reader = PdfReader(str(path), strict=False)
        except Exception as exc:  # pypdf raises many kinds for damaged files
            raise BadFile("corrupt", f"PDF 文件已损坏，无法打开（{_brief(exc)}）") from exc
        if reader.is_encrypted:
            try:
                result = reader.decrypt("")
            except Exception as exc:  # unsupported algorithm or missing crypto backend
                raise BadFile("encrypted", f"PDF 已加密，无法读取（{_brief(exc)}）") from exc
            if result == PasswordType.NOT_DECRYPTED:
                raise BadFile("encrypted", "PDF 设有打开密码，请提供未加密的文件")
        try:
            page_count = len(reader.pages)
        except Exception as exc:
            raise BadFile("corrupt", f"PDF 文件已损坏，无法读取页面（{_brief(exc)}）") from exc
        if page_count == 0:
            raise BadFile("corrupt", "PDF 文件没有任何页面，可能已损坏")
        try:
            first = reader.pages[0]
        except Exception as exc:
            raise BadFile("corrupt", f"PDF 文件已损坏，无法读取第 1 页（{_brief(exc)}）") from exc
        text: str | None
        try:
            text = (first.extract_text() or "").strip()[:_FIRST_PAGE_TEXT_LIMIT] or None
        except Exception:
            text = None  # a page we cannot read text from is still a page we can show
    return FileInfo("pdf", size, page_count, None, text)


def _inspect_image(path: Path, size: int) -> FileInfo:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            frames = int(getattr(image, "n_frames", 1) or 1)
            image.verify()
    except UnidentifiedImageError as exc:
        raise BadFile("corrupt", "图片文件无法识别，可能已损坏或扩展名有误") from exc
    except Image.DecompressionBombError as exc:
        raise BadFile("too_large", "图片像素过多，超出安全上限") from exc
    except Exception as exc:
        raise BadFile("corrupt", f"图片文件已损坏（{_brief(exc)}）") from exc
    return FileInfo("image", size, frames)


def _inspect_docx(path: Path, size: int) -> FileInfo:
    import docx

    if not zipfile.is_zipfile(path):
        with path.open("rb") as handle:
            encrypted = handle.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        if encrypted:
            raise BadFile("encrypted", "Word 文件设有打开密码或是旧版 .doc 格式，请另存为无密码的 .docx 或 PDF")
        raise BadFile("corrupt", "Word 文件已损坏（不是有效的 .docx）")
    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise BadFile("corrupt", f"Word 文件已损坏，无法打开（{_brief(exc)}）") from exc
    paragraphs = document.paragraphs
    lines = [p.text.strip() for p in paragraphs[:60] if p.text.strip()]
    text = "\n".join(lines)[:_FIRST_PAGE_TEXT_LIMIT] or None
    return FileInfo("docx", size, None, len(paragraphs), text)


def _brief(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "…"


def inspect_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FileInfo:
    """Check one document; raises ``BadFile`` with the reason it cannot be imported."""
    path = Path(path)
    if path.is_symlink():
        raise BadFile("symlink", "是符号链接（快捷方式），不导入；请放入原文件")
    name = path.name
    if name.lower() in _SYSTEM_NAMES or name.startswith(("~$", ".")):
        raise BadFile("system", "系统文件或临时文件，已忽略")
    suffix = path.suffix.lower()
    kind = SUPPORTED_SUFFIXES.get(suffix)
    if kind is None:
        hint = _HINTS.get(suffix, "支持 PDF、JPG、PNG、TIF 和 .docx")
        raise BadFile("unsupported", f"不支持的文件类型 {suffix or '（无扩展名）'}（{hint}）")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadFile("unreadable", f"无法读取文件：{exc.strerror or exc}") from exc
    if size == 0:
        raise BadFile("empty", "空文件（0 字节）")
    if size > max_bytes:
        raise BadFile(
            "too_large", f"文件过大（{size / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:.0f} MB）"
        )
    try:
        if kind == "pdf":
            return _inspect_pdf(path, size)
        if kind == "image":
            return _inspect_image(path, size)
        return _inspect_docx(path, size)
    except OSError as exc:
        raise BadFile("unreadable", f"无法读取文件：{exc.strerror or exc}") from exc


# ------------------------------------------------------------------ mapping file


def read_mapping_file(path: str | Path, folder: str | Path) -> dict[Path, str]:
    """Read ``path,case_no`` lines (UTF-8 or GBK; a header line is allowed).
    Returns absolute file path → case number as written."""
    path = Path(path)
    folder = Path(folder)
    try:
        text, _ = decode_bytes(path.read_bytes(), source=f"映射文件 {path.name}")
    except OSError as exc:
        raise ValidationError(f"无法读取映射文件 {path}：{exc.strerror or exc}", code="mapping_file_unreadable",
                              path=str(path)) from exc
    result: dict[Path, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise ValidationError(f"映射文件 {path.name} 第{number}行应为“文件路径,案号”", code="mapping_file_invalid",
                                  path=str(path), row=number)
        if number == 1 and cells[0].lower() in {"path", "file", "文件", "文件路径", "路径", "文件名"}:
            continue
        target = Path(cells[0])
        result[(target if target.is_absolute() else folder / target).resolve()] = cells[1]
    return result


# ------------------------------------------------------------------------ scanning


def scan_folder(
    folder: str | Path,
    known_case_nos: Iterable[str],
    *,
    mapping_file: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[Path], None] | None = None,
    zip_limits: ZipLimits | None = None,
) -> ScanResult:
    """Scan ``folder`` (recursively, never following links) for documents of the
    known cases. The case of a file comes from the mapping file, else its own name,
    else the nearest enclosing folder whose name carries a case number. A .zip is
    unpacked safely (casereview.intake.archive) into a temporary folder and scanned as a
    folder of that name; call ``ScanResult.cleanup`` when its files are stored."""
    folder = Path(folder)
    if folder.is_file() and folder.suffix.lower() == ".zip":
        # A zip chosen directly: scanned as the only thing in its folder.
        result = ScanResult(folder.parent)
        try:
            _scan_zip(folder, folder.parent, CaseMatcher(known_case_nos),
                      read_mapping_file(mapping_file, folder.parent) if mapping_file is not None else {},
                      max_bytes, result, progress, set(), zip_limits)
        except BaseException:
            result.cleanup()
            raise
        return result
    if not folder.is_dir():
        raise ValidationError(f"文件夹不存在：{folder}", code="folder_not_found", path=str(folder))
    matcher = CaseMatcher(known_case_nos)
    explicit: dict[Path, str] = {}
    mapping_path: Path | None = None
    if mapping_file is not None:
        mapping_path = Path(mapping_file).resolve()
        explicit = read_mapping_file(mapping_file, folder)
    result = ScanResult(folder)
    seen: set[Path] = set()

    def skip(path: Path, code: str, reason: str) -> None:
        result.skipped.append(SkippedFile(path, _relative(path, folder), code, reason))

    try:
        _walk(folder, folder, matcher, explicit, max_bytes, result, progress, mapping_path, seen,
              zip_limits=zip_limits)
    except BaseException:
        result.cleanup()
        raise

    for target, case_no in explicit.items():
        if target not in seen:
            skip(target, "missing", f"映射文件中列出的文件不存在（案号 {case_no}）")
    return result


def _walk(
    root: Path, base: Path, matcher: CaseMatcher, explicit: dict[Path, str], max_bytes: int, result: ScanResult,
    progress: Callable[[Path], None] | None, mapping_path: Path | None, seen: set[Path], *,
    zip_limits: ZipLimits | None, in_zip: bool = False,
) -> None:
    """Scan the tree at ``root``; names are relative to ``base`` (the folder, or the
    temporary folder a zip was unpacked into, which repeats the zip's own path)."""

    def skip(path: Path, code: str, reason: str) -> None:
        result.skipped.append(SkippedFile(path, _relative(path, base), code, reason))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for dirname in list(dirnames):
            sub = here / dirname
            if sub.is_symlink():
                skip(sub, "symlink", "是指向其他位置的文件夹链接，不导入")
                dirnames.remove(dirname)
            elif dirname.startswith(".") or dirname == "__MACOSX":
                dirnames.remove(dirname)
        dirnames.sort()
        for filename in sorted(filenames):
            path = here / filename
            if mapping_path is not None and path.resolve() == mapping_path:
                continue
            if progress is not None:
                progress(path)
            seen.add(path.resolve())
            if path.suffix.lower() == ".zip" and not path.is_symlink():
                if in_zip:
                    skip(path, "nested_zip", "压缩包中的压缩包不再展开，请先解压外层压缩包")
                else:
                    _scan_zip(path, base, matcher, explicit, max_bytes, result, progress, seen, zip_limits)
                continue
            _scan_one(path, base, matcher, explicit, max_bytes, result, skip)


def _scan_zip(
    path: Path, folder: Path, matcher: CaseMatcher, explicit: dict[Path, str], max_bytes: int,
    result: ScanResult, progress: Callable[[Path], None] | None, seen: set[Path], limits: ZipLimits | None,
) -> None:
    """Unpack a zip into a temporary folder laid out as ``<its path in the folder>/`` and scan
    that, so the zip's name and its inner folders give the case as folders do."""
    import tempfile

    relative = _relative(path, folder)
    temp = Path(tempfile.mkdtemp(prefix="casereview-zip-"))
    result.temp_dirs.append(temp)
    dest = temp.joinpath(*[readable_name(p) for p in Path(relative).parts])
    try:
        unpacked = unpack_zip(path, dest, limits or ZipLimits(max_entry=max_bytes))
    except ArchiveRefused as refused:
        result.skipped.append(SkippedFile(path, relative, refused.code, refused.reason))
        return
    for name, code, reason in unpacked.skipped:
        result.skipped.append(SkippedFile(path, f"{relative}/{name}", code, reason))
    _walk(dest, temp, matcher, explicit, max_bytes, result, progress, None, seen, zip_limits=limits, in_zip=True)


def _scan_one(
    path: Path,
    folder: Path,
    matcher: CaseMatcher,
    explicit: dict[Path, str],
    max_bytes: int,
    result: ScanResult,
    skip: Callable[[Path, str, str], None],
) -> None:
    try:
        case_no, matched_by = _case_for(path, folder, matcher, explicit)
        info = inspect_file(path, max_bytes=max_bytes)
    except BadFile as bad:
        skip(path, bad.code, bad.reason)
        return
    if case_no is None:
        skip(path, "no_case", "未能确定所属案件：文件名和所在文件夹名中都没有已知的案号")
        return
    result.files.append(
        ScannedFile(path, _relative(path, folder), case_no, matched_by, info, classify(readable_name(path.name), info.first_page_text))
    )


def _case_for(path: Path, folder: Path, matcher: CaseMatcher,
              explicit: dict[Path, str]) -> tuple[str | None, str]:
    given = explicit.get(path.resolve())
    if given is not None:
        known = matcher.lookup(given)
        if known is None:
            raise BadFile("unknown_case", f"映射文件中的案号“{given}”不在案件库中")
        return known, "mapping"
    if path.is_symlink():
        raise BadFile("symlink", "是符号链接（快捷方式），不导入；请放入原文件")
    found = matcher.match(readable_name(path.stem))
    if found is not None:
        return found, "name"
    try:
        parents = path.parent.relative_to(folder).parts
    except ValueError:
        parents = ()
    for part in reversed(parents):
        found = matcher.match(readable_name(part))
        if found is not None:
            return found, "folder"
    return None, ""


def _relative(path: Path, folder: Path) -> str:
    try:
        return readable_name(path.relative_to(folder).as_posix())
    except ValueError:
        return readable_name(str(path))
