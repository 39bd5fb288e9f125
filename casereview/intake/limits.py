"""Limits for registry files, checked before a reader touches them.

The spreadsheet reader (calamine) builds a whole sheet in memory, sized by the
rectangle from the first to the last used cell. A 3 KB .xlsx with one cell at
XFD1048576 asks it for 512 GB and the process aborts; a zip bomb expands a small
file into gigabytes. So every workbook is checked as an archive first (sizes,
compression ratios, member count), and an .xlsx/.xlsm worksheet is scanned, streamed
and without building anything, for the rows and columns it really uses. Anything
beyond these documented limits is refused with one Chinese message:

=====================================  ==========================================
``MAX_FILE_BYTES``        200 MB        registry file on disk (any format)
``MAX_UNCOMPRESSED_BYTES`` 400 MB       all members of a workbook archive together
``MAX_RATIO``             200 : 1       compression ratio of a member above 1 MB
``MAX_MEMBERS``           10 000        members of a workbook archive
``MAX_ROWS``              1 048 576     rows of a sheet (Excel's own limit)
``MAX_COLUMNS``           1 000         columns of a sheet
``MAX_CELLS``             8 000 000     used rectangle of a sheet (rows × columns)
=====================================  ==========================================

A real registry of 100 000 cases × 40 columns is 4 M cells and a few MB zipped.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from casereview.errors import ValidationError

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "check_registry_file",
]

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000
MAX_ROWS = 1_048_576
MAX_COLUMNS = 1_000
MAX_CELLS = 8_000_000

_ZIP_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".ods"})
_SCANNED_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_CHUNK = 1 << 20
# A cell or row reference inside worksheet XML: <c r="XFD1048576" …> / <row r="12" …>
_WIDE_REF_RE = re.compile(rb" r=\"([A-Z]{2,4})[0-9]")
_ROW_RE = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"([0-9]{1,8})\"")
_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?\bref=\"([A-Z]{1,4})?([0-9]{1,8})?(?::([A-Z]{1,4})([0-9]{1,8}))?\"")


def _refuse(path: Path, what: str, code: str, **params: object) -> ValidationError:
    return ValidationError(f"文件 {path.name} {what}，为防止程序失去响应已拒绝读取（限制见 docs/import-limits.md）",
                           code=code, path=str(path), **params)


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def check_registry_file(path: Path) -> None:
    """Refuse a registry file beyond the limits (``ValidationError``); return quietly otherwise.
    Files that are not zip archives pass the archive checks (the reader reports damage)."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader says the file is missing or unreadable
    if size > MAX_FILE_BYTES:
        raise _refuse(path, f"大小 {size / 1024 / 1024:.0f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的限制",
                      "file_too_large", size=size)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        _check_xls(path)
        return
    if suffix not in _ZIP_SUFFIXES or not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _refuse(path, f"包含 {len(members)} 个部件，超过 {MAX_MEMBERS} 个的限制", "archive_too_many")
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _refuse(path, f"解压后共 {total / 1024 / 1024:.0f} MB，超过 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB "
                              "的限制（可能是“压缩炸弹”）", "archive_too_large", uncompressed=total)
            for member in members:
                if member.file_size > _CHUNK and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                    raise _refuse(path, f"中的 {member.filename} 压缩比超过 {MAX_RATIO}:1（可能是“压缩炸弹”）",
                                  "archive_ratio", member=member.filename)
            if suffix in _SCANNED_SUFFIXES:
                for member in members:
                    if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                        _scan_sheet(path, archive, member)
            elif suffix == ".xlsb":
                _check_xlsb(path, archive)
            elif suffix == ".ods":
                _check_ods(path, archive)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ValidationError(f"无法读取表格文件 {path.name}：文件已损坏或不是 Excel 文件（{exc}）",
                              code="excel_unreadable", path=str(path)) from exc


# The formula-error cells found by the .xls scan, for the reader that comes next:
# (path, size, mtime) → {sheet: {(row, col): "#DIV/0!"}}. One entry: a file is read once.
_XLS_ERRORS: dict[tuple[str, int, int], dict[str, dict[tuple[int, int], str]]] = {}


def xls_error_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """Formula-error cells of an .xls or .xlsb sheet (0-based row, column), from
    ``check_registry_file``'s scan of the same file (scanned again if the file changed)."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _XLS_ERRORS:
        check_registry_file(path)
    return _XLS_ERRORS.get(key, {}).get(sheet, {})


def _remember_errors(path: Path, errors: dict[str, dict[tuple[int, int], str]]) -> None:
    stat = path.stat()
    _XLS_ERRORS.clear()
    _XLS_ERRORS[(str(path), stat.st_size, stat.st_mtime_ns)] = errors


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _check_ods(path: Path, archive: zipfile.ZipFile) -> None:
    """An .ods sheet's extent as the reader will build it: rows and cells repeat by count
    (``number-rows-repeated="999999999"``), so a 1 KB file can ask for billions of cells.
    Repeated empty rows and cells (LibreOffice writes them for formatting to the sheet's
    end) do not count; content repeated does. Streamed with iterparse, nothing expanded."""
    from xml.etree.ElementTree import ParseError, iterparse

    try:
        handle = archive.open("content.xml")
    except KeyError:
        return  # the reader reports the missing part
    with handle:
        if b"<!DOCTYPE" in handle.read(4096):
            raise _refuse(path, "的 content.xml 含有 DTD（可能是“实体炸弹”）", "ods_dtd")
    name = ""
    row = last_row = last_col = 0
    cells = 0
    try:
        with archive.open("content.xml") as handle:
            for event, elem in iterparse(handle, events=("start", "end")):
                tag = elem.tag
                if tag == f"{_ODS_TABLE}table":
                    if event == "start":
                        name, row, last_row, last_col = elem.get(f"{_ODS_TABLE}name") or "", 0, 0, 0
                    else:
                        elem.clear()
                    continue
                if event != "end":
                    continue
                if tag == f"{_ODS_TABLE}table-row":
                    repeat = int(elem.get(f"{_ODS_TABLE}number-rows-repeated") or 1)
                    col = filled_to = 0
                    for cell in elem:
                        span = int(cell.get(f"{_ODS_TABLE}number-columns-repeated") or 1)
                        col += span
                        if len(cell) or cell.get("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"):
                            filled_to = col
                    row += repeat
                    if filled_to:
                        last_row, last_col = row, max(last_col, filled_to)
                        cells += filled_to * repeat
                        where = f"“{name}”"
                        if cells > MAX_CELLS:
                            raise _refuse(path, f"的工作表 {where} 有超过 {MAX_CELLS:,} 个单元格", "sheet_too_many_cells",
                                          cells=cells)
                        _check_rectangle(path, where, last_row, last_col, last_row, last_col)
                    elem.clear()
    except (ParseError, ValueError):
        return  # damaged or encrypted XML: the reader gives its own message


def _check_xlsb(path: Path, archive: zipfile.ZipFile) -> None:
    """Each worksheet of an .xlsb: its declared dimension (BrtWsDim) and its cell records'
    real extent, streamed; formula errors remembered for the reader."""
    from casereview.intake.xlsb import XlsbError, scan_xlsb_part, xlsb_sheet_parts

    errors: dict[str, dict[tuple[int, int], str]] = {}
    try:
        parts = xlsb_sheet_parts(archive)
        for name, part in parts.items():
            where = f"“{name}”"
            with archive.open(part) as handle:
                scan = scan_xlsb_part(handle, max_cells=MAX_CELLS)
            if scan.declared_rows > MAX_ROWS or scan.declared_cols > MAX_COLUMNS:
                _check_rectangle(path, where, scan.declared_rows, scan.declared_cols)
            if scan.cells > MAX_CELLS:
                raise _refuse(path, f"的工作表 {where} 有超过 {MAX_CELLS:,} 个单元格", "sheet_too_many_cells",
                              cells=scan.cells)
            _check_rectangle(path, where, scan.last_row, scan.last_col, scan.last_row, scan.last_col)
            if scan.errors:
                errors[name] = scan.errors
    except KeyError:
        return  # a part listed but missing: the reader reports the damage
    except (XlsbError, struct.error) as exc:
        raise ValidationError(f"无法读取表格文件 {path.name}：文件已损坏（{exc}）", code="excel_unreadable",
                              path=str(path)) from exc
    _remember_errors(path, errors)


def _check_xls(path: Path) -> None:
    """An Excel 97-2003 file (BIFF8 in a compound file): each worksheet's declared dimension
    and the extent of the cells it really holds, before calamine sizes its grid by them.
    An HTML table saved as .xls is left to the HTML reader."""
    from casereview.intake.biff import BiffError, scan_xls

    with path.open("rb") as handle:
        if handle.read(8) != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return
    try:
        sheets = scan_xls(path)
    except BiffError as exc:
        raise ValidationError(f"无法读取表格文件 {path.name}：文件已损坏（{exc.reason}）", code="excel_unreadable",
                              path=str(path)) from exc
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise ValidationError(f"无法读取表格文件 {path.name}：文件已损坏（{exc}）", code="excel_unreadable",
                              path=str(path)) from exc
    for sheet in sheets:
        where = f"“{sheet.name}”"
        if sheet.declared_rows > MAX_ROWS or sheet.declared_cols > MAX_COLUMNS:
            _check_rectangle(path, where, sheet.declared_rows, sheet.declared_cols)
        if sheet.cells > MAX_CELLS:
            raise _refuse(path, f"的工作表 {where} 有超过 {MAX_CELLS:,} 个单元格", "sheet_too_many_cells",
                          cells=sheet.cells)
        _check_rectangle(path, where, sheet.last_row, sheet.last_col, sheet.last_row, sheet.last_col)
    _remember_errors(path, {s.name: s.errors for s in sheets if s.errors})


def _scan_sheet(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """The rows and columns a worksheet really uses, streamed in 1 MB chunks with C-speed
    searches only (the declared dimension is checked too, but a file can omit or
    understate it; cells and rows without an ``r`` attribute are counted by position)."""
    max_row = max_col = rows_seen = widest = cells = 0
    tail = b""
    read = 0
    first = True
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > member.file_size + _CHUNK:  # the header lied about the size
                raise _refuse(path, "的实际大小与声明不符", "archive_size_mismatch")
            data = tail + chunk
            # Keep the end from the last row start: a row may straddle two chunks.
            cut = data.rfind(b"<row")
            scan, tail = (data[:cut], data[cut:]) if cut > 0 and len(data) - cut < 8 * _CHUNK else (data, b"")
            if first:
                first = False
                dim = _DIMENSION_RE.search(scan)
                if dim is not None and dim.group(4):
                    rows = int(dim.group(4)) - int(dim.group(2) or 1) + 1
                    cols = _column_number(dim.group(3)) - _column_number(dim.group(1) or b"A") + 1
                    _check_rectangle(path, member.filename, rows, cols)
            pieces = scan.split(b"<row")
            rows_seen += len(pieces) - 1
            for piece in pieces:
                count = piece.count(b"<c ") + piece.count(b"<c>")
                cells += count
                widest = max(widest, count)
            for match in _ROW_RE.finditer(scan):
                max_row = max(max_row, int(match.group(1)))
            # Only references of two or more letters can pass column Z: rare in a registry.
            for letters in set(_WIDE_REF_RE.findall(scan)):
                max_col = max(max_col, _column_number(letters))
            if cells > MAX_CELLS:
                raise _refuse(path, f"的工作表 {member.filename.rsplit('/', 1)[-1]} 有超过 {MAX_CELLS:,} 个单元格",
                              "sheet_too_many_cells", cells=cells)
            _check_rectangle(path, member.filename, max(max_row, rows_seen), max(max_col, widest, 1),
                             max_row, max_col)
    if tail:
        widest = max(widest, tail.count(b"<c ") + tail.count(b"<c>"))
        for match in _ROW_RE.finditer(tail):
            max_row = max(max_row, int(match.group(1)))
        for letters in set(_WIDE_REF_RE.findall(tail)):
            max_col = max(max_col, _column_number(letters))
        _check_rectangle(path, member.filename, max(max_row, rows_seen + 1), max(max_col, widest, 1), max_row, max_col)


def _check_rectangle(path: Path, sheet: str, rows: int, cols: int, last_row: int = 0, last_col: int = 0) -> None:
    name = sheet.rsplit("/", 1)[-1]
    if last_row > MAX_ROWS or rows > MAX_ROWS:
        raise _refuse(path, f"的工作表 {name} 用到第 {max(rows, last_row):,} 行，超过 {MAX_ROWS:,} 行的限制",
                      "sheet_too_many_rows", rows=rows)
    if cols > MAX_COLUMNS or last_col > 16_384:
        raise _refuse(path, f"的工作表 {name} 用到 {cols:,} 列，超过 {MAX_COLUMNS:,} 列的限制（常见原因："
                      "某个远处的单元格被误填了内容，请在 Excel 中删除多余的行列后另存）", "sheet_too_many_columns", columns=cols)
    if rows * cols > MAX_CELLS:
        raise _refuse(path, f"的工作表 {name} 使用范围达 {rows:,} 行 × {cols:,} 列，超过 {MAX_CELLS:,} 个单元格的限制",
                      "sheet_too_many_cells", rows=rows, columns=cols)
