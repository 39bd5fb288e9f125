"""Reading registry files (.xlsx/.xlsm/.xls/.xlsb/.ods through python-calamine, .csv/.txt
with encoding detection) as a stream of rows, finding the header row below title
rows, and combining a two-row header (a merged group cell "日期" over "立案"/"决定"
gives "立案日期"/"决定日期").

Row numbers handed out are 1-based, as the user sees them in Excel. Cell values
are passed through as read: ``str`` (possibly empty), ``float``, ``int``, ``bool``,
``date``/``datetime``/``time``, or ``None``; the validators treat ``""`` and
``None`` as blank.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import chain, islice
from pathlib import Path
from typing import Any, NamedTuple

from casereview.errors import ValidationError
from casereview.intake.limits import MAX_COLUMNS, check_registry_file, xls_error_cells
from casereview.intake.mapping import match_header, normalise_header, score_headers

__all__ = [
    "CSV_SUFFIXES",
    "EXCEL_SUFFIXES",
    "HeaderGuess",
    "Preview",
    "Table",
    "decode_bytes",
    "detect_header",
    "iter_sheet_rows",
    "list_sheets",
    "open_table",
    "preview",
]

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
CSV_SHEET = "CSV"  # the single "sheet" of a CSV file
HTML_SHEET = "HTML"  # the single "sheet" of an HTML table saved as .xls
HEADER_SCAN_ROWS = 30

Merged = list[tuple[tuple[int, int], tuple[int, int]]]  # ((row0, col0), (row1, col1)), 0-based inclusive


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------- CSV


def decode_bytes(data: bytes, *, source: str = "文件") -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030
    (a superset of GBK/GB2312, what Chinese Excel writes). Returns (text, encoding)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_bad = exc.start
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        gb_bad = exc.start
    # Neither fits the whole file. The encoding that decodes further is the file's own (a
    # UTF-8 file fails GB18030 at its first Chinese character): name the line where *it*
    # breaks, not line 1.
    bad, looks_like = (utf8_bad, "UTF-8") if utf8_bad >= gb_bad else (gb_bad, "GBK/GB18030")
    line = data[:bad].count(b"\n") + 1
    raise ValidationError(
        f"{source}的编码无法识别：看起来是 {looks_like} 编码，但第{line}行有无法解码的字节"
        f"（{data[bad:bad + 4].hex(' ')}）；请检查该行，或在 Excel 中另存为“CSV UTF-8”后重试",
        code="csv_encoding", source=source, line=line, encoding=looks_like,
    )


def _sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    best, best_score = ",", 0
    for delimiter in (",", "\t", ";", "|"):
        counts = [line.count(delimiter) for line in lines]
        # The delimiter of a table appears the same number of times on most lines.
        score = max((counts.count(c) for c in set(counts) if c > 0), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(path: Path) -> tuple[Iterator[list[object]], str, int]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件 {path.name}：{exc.strerror or exc}", code="file_unreadable",
                              path=str(path)) from exc
    text, encoding = decode_bytes(data, source=f"文件 {path.name}")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text[:20000])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[list[object]]:
        try:
            for row in reader:
                yield list[object](row)
        except csv.Error as exc:  # a runaway quoted field, a field over the size limit
            raise ValidationError(
                f"文件 {path.name} 第{reader.line_num}行附近格式错误：有未闭合的引号或超长的单元格（{exc}）",
                code="csv_malformed", path=str(path), line=reader.line_num,
            ) from exc

    return rows(), encoding, text.count("\n") + (not text.endswith("\n"))


# ------------------------------------------------------------------------- Excel


def _open_workbook(path: Path) -> Any:
    import python_calamine

    check_registry_file(path)  # before the reader allocates anything (limits.py)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except FileNotFoundError as exc:
        raise ValidationError(f"找不到文件 {path}", code="file_not_found", path=str(path)) from exc
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise ValidationError(_excel_error_message(path, exc), code="excel_unreadable", path=str(path),
                              detail=str(exc)) from exc


def _excel_error_message(path: Path, exc: Exception) -> str:
    head = b""
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip()
    except OSError:
        pass
    if head[:1] == b"<" or head[:5].lower() == b"<html":
        return (f"文件 {path.name} 实为网页（HTML）格式，只是扩展名为 {path.suffix}；"
                "请用 Excel 打开后另存为 .xlsx 再导入")
    # An encrypted .xlsx is an OLE2 container, not a zip.
    ole_xlsx = head.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() in {".xlsx", ".xlsm"}
    if "password" in str(exc).lower() or type(exc).__name__ == "PasswordError" or ole_xlsx:
        return f"文件 {path.name} 设有打开密码或已加密，请取消密码后再导入"
    return f"无法读取表格文件 {path.name}：文件已损坏或不是 Excel 文件（{exc}）"


def list_sheets(path: str | Path) -> list[str]:
    """Sheet names of a workbook (visible worksheets first); a CSV has one, "CSV"."""
    path = Path(path)
    if path.suffix.lower() in CSV_SUFFIXES:
        return [CSV_SHEET]
    _check_suffix(path)
    if path.suffix.lower() == ".xls" and _looks_like_html(path):
        return [HTML_SHEET]
    workbook = _open_workbook(path)
    try:
        return _sheet_names(workbook)
    finally:
        workbook.close()


def _sheet_names(workbook: Any) -> list[str]:
    names: list[str] = []
    hidden: list[str] = []
    for meta in workbook.sheets_metadata:
        if "WorkSheet" not in str(meta.typ):
            continue
        visible = "Visible" in str(meta.visible) and "Hidden" not in str(meta.visible)
        (names if visible else hidden).append(meta.name)
    return names + hidden or list(workbook.sheet_names)


def _check_suffix(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES and suffix not in CSV_SUFFIXES:
        raise ValidationError(
            f"不支持的登记表格式 {suffix or '（无扩展名）'}：请使用 .xlsx、.xls 或 .csv",
            code="unsupported_format", path=str(path),
        )


class CellError(str):
    """A cell holding a formula error (#DIV/0!, #N/A, #REF! ...). calamine reads such cells
    as blank; the import must say so with row and column instead of importing nothing."""

    __slots__ = ()


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF_RE = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_MAX_ERROR_CELLS = 10_000  # enough to name every bad cell of a real registry
# An error cell is written <c r="B7" t="e">: without that attribute anywhere in the sheet there is
# nothing to find, and a byte scan costs a fraction of parsing every cell (20,000 rows: 2 s).
_ERROR_TYPE_RE = re.compile(rb"""\st\s*=\s*["']e["']""")
_SCAN_CHUNK = 1 << 20


def _may_hold_error_cells(handle: Any) -> bool:
    """True when the sheet XML read from ``handle`` has a cell typed as an error (or may have:
    the attribute split across chunks is caught by the overlap)."""
    tail = b""
    while chunk := handle.read(_SCAN_CHUNK):
        if _ERROR_TYPE_RE.search(tail + chunk):
            return True
        tail = chunk[-32:]
    return False


def _xlsx_error_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column) 0-based → error text of the cells of ``sheet`` that hold a formula
    error, read from the .xlsx/.xlsm XML (calamine gives them as blank). The archive has
    passed the size and ratio checks already; a sheet with a DTD is not scanned."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            target = _xlsx_sheet_part(archive, sheet)
            if target is None:
                return found
            with archive.open(target) as handle:
                if b"<!DOCTYPE" in handle.read(4096):
                    return found
            with archive.open(target) as handle:
                if not _may_hold_error_cells(handle):
                    return found
            with archive.open(target) as handle:
                for _event, elem in iterparse(handle, events=("end",)):
                    if elem.tag != f"{_MAIN_NS}c":
                        if elem.tag == f"{_MAIN_NS}row":
                            elem.clear()
                        continue
                    if elem.get("t") == "e":
                        ref = _CELL_REF_RE.fullmatch(elem.get("r") or "")
                        value = elem.find(f"{_MAIN_NS}v")
                        if ref is not None:
                            text = value.text if value is not None else None
                            found[(int(ref[2]) - 1, _column_index(ref[1]))] = text or "#错误"
                            if len(found) >= _MAX_ERROR_CELLS:
                                break
    except Exception:
        return found
    return found


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


def _ods_error_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column) 0-based → error text of the cells of an .ods ``sheet`` holding a formula
    error (calcext:value-type="error"; calamine gives them as blank). Repeated rows and
    cells are counted, never expanded. The archive has passed the size and ratio checks."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            with archive.open("content.xml") as handle:
                if b"<!DOCTYPE" in handle.read(4096):
                    return found
            with archive.open("content.xml") as handle:
                tail = b""
                while chunk := handle.read(_SCAN_CHUNK):
                    if b'value-type="error"' in tail + chunk:
                        break
                    tail = chunk[-32:]
                else:
                    return found
            row = col = -1
            inside = False
            with archive.open("content.xml") as handle:
                for event, elem in iterparse(handle, events=("start", "end")):
                    tag = elem.tag
                    if tag == f"{_ODS_TABLE}table":
                        if event == "start":
                            inside, row = elem.get(f"{_ODS_TABLE}name") == sheet, -1
                        elif inside:
                            break
                        continue
                    if not inside:
                        if event == "end" and tag == f"{_ODS_TABLE}table-row":
                            elem.clear()
                        continue
                    if tag == f"{_ODS_TABLE}table-row":
                        if event == "start":
                            row, col = row + 1, -1
                        else:
                            row += int(elem.get(f"{_ODS_TABLE}number-rows-repeated") or 1) - 1
                            elem.clear()
                    elif tag in (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell") and event == "end":
                        col += 1
                        if elem.get(f"{_ODS_CALCEXT}value-type") == "error":
                            text = "".join(elem.itertext()).strip()
                            found[(row, col)] = text or "#错误"
                            if len(found) >= _MAX_ERROR_CELLS:
                                break
                        col += int(elem.get(f"{_ODS_TABLE}number-columns-repeated") or 1) - 1
    except Exception:
        return found
    return found


def _xlsx_sheet_part(archive: Any, sheet: str) -> str | None:
    from xml.etree.ElementTree import fromstring

    workbook = fromstring(archive.read("xl/workbook.xml"))
    rel_id = next((s.get(f"{_REL_NS}id") for s in workbook.iter(f"{_MAIN_NS}sheet") if s.get("name") == sheet), None)
    if rel_id is None:
        return None
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = str(rel.get("Target") or "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _excel_rows(path: Path, sheet: str | None) -> tuple[Iterator[list[object]], Merged, str, list[str], int]:
    workbook = _open_workbook(path)
    names = list(workbook.sheet_names)
    if not names:
        raise ValidationError(f"文件 {path.name} 中没有工作表", code="no_sheet", path=str(path))
    ordered = _sheet_names(workbook)
    if sheet is None:
        sheet = ordered[0] if ordered else names[0]
    if sheet not in names:
        raise ValidationError(
            f"文件 {path.name} 中没有名为“{sheet}”的工作表（现有：{'、'.join(names)}）",
            code="sheet_not_found", path=str(path), sheet=sheet,
        )
    try:
        data = workbook.get_sheet_by_name(sheet)
    except Exception as exc:
        raise ValidationError(f"无法读取文件 {path.name} 的工作表“{sheet}”：{exc}", code="excel_unreadable",
                              path=str(path), sheet=sheet) from exc
    merged: Merged = []
    try:
        merged = [((int(a[0]), int(a[1])), (int(b[0]), int(b[1]))) for a, b in (data.merged_cell_ranges or [])]
    except Exception:  # not every format reports merged cells
        merged = []
    start = data.start
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        errors = _xlsx_error_cells(path, sheet)
    elif suffix in (".xls", ".xlsb"):
        errors = xls_error_cells(path, sheet)
    elif suffix == ".ods":
        errors = _ods_error_cells(path, sheet)
    else:
        errors = {}
    error_rows: dict[int, list[tuple[int, str]]] = {}
    for (r, c), text in errors.items():
        error_rows.setdefault(r, []).append((c, text))

    def rows() -> Iterator[list[object]]:
        # calamine yields rows from row 1 but columns from the first used column.
        offset = int(start[1]) if start else 0
        pad: list[object] = [None] * offset
        try:
            for index, row in enumerate(data.iter_rows()):
                out = pad + row if offset else row
                if index in error_rows:
                    out = list(out)
                    for c, text in error_rows[index]:
                        if c < len(out):
                            out[c] = CellError(text)
                yield out
        finally:
            workbook.close()

    total = int(start[0]) + int(data.height) if start else 0
    return rows(), merged, sheet, ordered, total


# ------------------------------------------------------------- HTML "Excel" files


def _looks_like_html(path: Path) -> bool:
    """A text file starting with a tag (HTML table, or XML Spreadsheet 2003)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"<"


class _TableParser(HTMLParser):
    """Collects the cells of every top-level <table>; colspan/rowspan become merged
    ranges with the value in the top-left cell only, as a workbook would give them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[object]], Merged]] = []
        self.rows: list[list[object]] = []
        self.merged: Merged = []
        self._depth = 0
        self._row: list[object] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._occupied: set[tuple[int, int]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
        elif self._depth == 1 and tag == "tr":
            self._row = []
        elif self._depth == 1 and tag in ("td", "th") and self._row is not None:
            values = dict(attrs)
            self._span = (_span(values.get("rowspan")), _span(values.get("colspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 1 and tag in ("td", "th") and self._cell is not None and self._row is not None:
            r = len(self.rows)
            c = len(self._row)
            while (r, c) in self._occupied:
                self._row.append(None)
                c += 1
            text = " ".join("".join(self._cell).split())
            self._row.append(text)
            rows, cols = self._span
            if rows > 1 or cols > 1:
                self.merged.append(((r, c), (r + rows - 1, c + cols - 1)))
                for dr in range(rows):
                    for dc in range(cols):
                        if dr or dc:
                            self._occupied.add((r + dr, c + dc))
                self._row.extend([None] * (cols - 1))
            self._cell = None
        elif self._depth == 1 and tag == "tr" and self._row is not None:
            r = len(self.rows)
            while (r, len(self._row)) in self._occupied:
                self._row.append(None)
            self.rows.append(self._row)
            self._row = None
        elif tag == "table" and self._depth > 0:
            self._depth -= 1
            if self._depth == 0:
                if self.rows:
                    self.tables.append((self.rows, self.merged))
                self.rows, self.merged, self._occupied = [], [], set()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _html_rows(path: Path) -> tuple[Iterator[list[object]], Merged, int]:
    text, _ = decode_bytes(path.read_bytes(), source=f"文件 {path.name}")
    if "<table" not in text.lower() and "urn:schemas-microsoft-com:office:spreadsheet" in text:
        raise ValidationError(f"文件 {path.name} 是“XML 电子表格 2003”格式，请用 Excel 打开后另存为 .xlsx 再导入",
                              code="xml_spreadsheet", path=str(path))
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    if parser.rows:  # a table left unclosed at the end of the file
        parser.tables.append((parser.rows, parser.merged))
    if not parser.tables:
        raise ValidationError(f"文件 {path.name} 是网页格式，但其中没有表格", code="html_no_table", path=str(path))
    # Some platforms put the title in a table of its own: take the largest table.
    table_rows, merged = max(parser.tables, key=lambda t: len(t[0]) * max(len(r) for r in t[0]))
    width = max(len(r) for r in table_rows)
    return iter([r + [None] * (width - len(r)) for r in table_rows]), merged, len(table_rows)


def iter_sheet_rows(path: str | Path, sheet: str | None = None) -> Iterator[list[object]]:
    """Every row of a sheet (or CSV) from row 1, as lists of cell values."""
    return _open_rows(Path(path), sheet)[0]


class _Opened(NamedTuple):
    rows: Iterator[list[object]]
    merged: Merged
    sheet: str
    encoding: str | None  # CSV only
    sheets: list[str]
    total_rows: int  # rows in the sheet from row 1, blank rows included


# Rows already read to the end by the child process of casereview.intake.isolated (the CLI:
# the child hands them over so the file is read once); keyed by the resolved path.
_PRELOADED: dict[str, _Opened] = {}


def read_materialised(path: Path, sheet: str | None) -> _Opened:
    """The whole sheet read as the import reads it, rows as a list (picklable)."""
    opened = _open_rows(path, sheet)
    return opened._replace(rows=list(opened.rows))  # type: ignore[arg-type]


def preload(path: Path, opened: _Opened) -> None:
    """Use ``opened`` (from ``read_materialised``, in the child) for ``path`` until ``forget``."""
    _PRELOADED[str(path.resolve())] = opened


def forget_preloaded(path: Path) -> None:
    _PRELOADED.pop(str(path.resolve()), None)


def _open_rows(path: Path, sheet: str | None) -> _Opened:
    if _PRELOADED:
        pre = _PRELOADED.get(str(path.resolve()))
        if pre is not None and sheet in (None, pre.sheet):
            return pre._replace(rows=iter(pre.rows), sheets=list(pre.sheets))
    _check_suffix(path)
    if not path.exists():
        raise ValidationError(f"找不到文件 {path}", code="file_not_found", path=str(path))
    if path.suffix.lower() in CSV_SUFFIXES:
        check_registry_file(path)
        rows, encoding, total = _csv_rows(path)
        return _Opened(rows, [], CSV_SHEET, encoding, [CSV_SHEET], total)
    if path.suffix.lower() == ".xls" and _looks_like_html(path):
        # Many platforms export an HTML table named .xls; Excel opens it, so must we.
        check_registry_file(path)
        html_rows, html_merged, total = _html_rows(path)
        return _Opened(html_rows, html_merged, HTML_SHEET, None, [HTML_SHEET], total)
    rows, merged, name, names, total = _excel_rows(path, sheet)
    return _Opened(rows, merged, name, None, names, total)


# ------------------------------------------------------------------- header rows


@dataclass(frozen=True, slots=True)
class HeaderGuess:
    row: int  # 1-based row number of the first header row
    rows: int  # 1 or 2
    headers: list[str]
    score: int  # number of known fields named


def _fill_group_row(top: Sequence[object], sub: Sequence[object], row0: int, merged: Merged, width: int) -> list[str]:
    """Header texts of the upper row with each group label spread over the columns it
    covers: by the merged ranges when known, else over blank cells that have a
    sub-header below them and a sub-header left of them."""
    filled = [_text(top[c]) if c < len(top) else "" for c in range(width)]
    subs = [_text(sub[c]) if c < len(sub) else "" for c in range(width)]
    covered: set[int] = set()
    for (r0, c0), (_r1, c1) in merged:
        if r0 == row0 and c1 > c0:
            for c in range(c0 + 1, min(c1, width - 1) + 1):
                filled[c] = filled[c0] if c0 < width else ""
                covered.add(c)
    for c in range(1, width):
        if not filled[c] and c not in covered and subs[c] and subs[c - 1] and filled[c - 1]:
            filled[c] = filled[c - 1]
    return filled


def _combine(group: str, sub: str) -> str:
    if not sub or sub == group:
        return group
    if not group:
        return sub
    options = [sub + group, group + sub, sub]
    scored = [(match_header(o, fuzzy=False), o) for o in options]
    best = max(scored, key=lambda s: s[0][1] if s[0] else 0.0)
    return best[1] if best[0] else group + sub


def combine_header_rows(top: Sequence[object], sub: Sequence[object], *, row0: int = 0,
                        merged: Merged | None = None) -> list[str]:
    """One header per column from a group row and a sub-header row."""
    width = max(len(top), len(sub))
    groups = _fill_group_row(top, sub, row0, merged or [], width)
    subs = [_text(sub[c]) if c < len(sub) else "" for c in range(width)]
    return [_combine(g, s) for g, s in zip(groups, subs, strict=True)]


def _looks_like_data(row: Sequence[object]) -> bool:
    """A row with dates or numbers in it is data, not a sub-header."""
    values = [v for v in row if not _is_blank(v)]
    if not values:
        return True
    non_text = sum(1 for v in values if not isinstance(v, str))
    return non_text * 3 >= len(values)


def detect_header(rows: Sequence[Sequence[object]], merged: Merged | None = None,
                  known: frozenset[str] = frozenset()) -> HeaderGuess:
    """Find the header among the first rows: the row (or pair of rows) naming the
    most known case fields (and ``known`` header texts of a profile). Falls back to
    the first non-blank row."""
    merged = merged or []
    best: HeaderGuess | None = None
    for r, row in enumerate(rows):
        single = [_text(v) for v in row]
        score = score_headers(single, known)
        if score and (best is None or score > best.score):
            best = HeaderGuess(r + 1, 1, single, score)
        if r + 1 < len(rows) and score and not _looks_like_data(rows[r + 1]):
            pair = combine_header_rows(row, rows[r + 1], row0=r, merged=merged)
            pair_score = score_headers(pair, known)
            if pair_score > score and (best is None or pair_score > best.score):
                best = HeaderGuess(r + 1, 2, pair, pair_score)
    if best is not None:
        return best
    for r, row in enumerate(rows):
        if any(not _is_blank(v) for v in row):
            return HeaderGuess(r + 1, 1, [_text(v) for v in row], 0)
    return HeaderGuess(1, 1, [], 0)


# -------------------------------------------------------------------------- table


@dataclass(slots=True)
class Table:
    """An opened registry: where the header is and how to stream the data rows."""

    path: Path
    sheet: str
    header_row: int  # 1-based
    header_rows: int
    headers: list[str]
    encoding: str | None = None  # CSV only
    sheets: list[str] = field(default_factory=list)
    header_score: int = 0
    data_rows_hint: int = 0  # rows below the header (blank ones included): for a progress bar
    # Rows already read while detecting the header, and the rest of that stream:
    # the first rows() call continues it instead of loading the sheet a second time.
    _pending: tuple[list[list[object]], Iterator[list[object]]] | None = field(default=None, repr=False)

    @property
    def first_data_row(self) -> int:
        return self.header_row + self.header_rows

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """(row number, cells) for every data row below the header, blank rows
        skipped. Rows are padded to the header width so ``row[i]`` is safe for
        every header column. The file is read afresh on each call."""
        raw: Iterator[list[object]]
        if self._pending is not None:
            head, rest = self._pending
            self._pending = None
            raw = chain(head, rest)
        else:
            raw = _open_rows(self.path, None if self.sheet in (CSV_SHEET, HTML_SHEET) else self.sheet)[0]
        width = len(self.headers)
        number = self.first_data_row - 1
        for row in islice(raw, number, None):
            number += 1
            if len(row) < width:
                row = row + [None] * (width - len(row))
            for value in row:
                if value is not None and value != "":
                    break
            else:
                continue
            yield number, row

    def preview(self, n: int = 20) -> list[tuple[int, list[object]]]:
        return list(islice(self.rows(), n))


def open_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
    scan_rows: int = HEADER_SCAN_ROWS,
    known: frozenset[str] = frozenset(),
) -> Table:
    """Open a registry and locate its header (detected unless ``header_row`` given;
    ``known``: normalised header texts of a profile, which count in the detection)."""
    path = Path(path)
    opened = _open_rows(path, sheet)
    raw, merged, sheet_name, encoding, sheets = opened[:5]
    head = [list(r) for r in islice(raw, max(scan_rows, (header_row or 0) + 1))]
    if header_row is not None:
        count = header_rows or 1
        if header_row > len(head) or header_row < 1:
            raise ValidationError(f"文件 {path.name} 没有第{header_row}行，无法作为表头",
                                  code="header_row_missing", path=str(path), row=header_row)
        top = head[header_row - 1]
        if count == 2 and header_row < len(head):
            headers = combine_header_rows(top, head[header_row], row0=header_row - 1, merged=merged)
        else:
            headers = [_text(v) for v in top]
            count = 1
        guess = HeaderGuess(header_row, count, headers, score_headers(headers, known))
    else:
        guess = detect_header(head, merged, known)
    headers = list(guess.headers)
    while headers and not headers[-1]:
        headers.pop()  # trailing empty columns
    if len(headers) > MAX_COLUMNS:
        raise ValidationError(f"文件 {path.name} 的表头有 {len(headers):,} 列，超过 {MAX_COLUMNS:,} 列的限制，"
                              "不像案件登记表", code="sheet_too_many_columns", path=str(path), columns=len(headers))
    return Table(path=path, sheet=sheet_name, header_row=guess.row, header_rows=guess.rows, headers=headers,
                 encoding=encoding, sheets=sheets, header_score=guess.score,
                 data_rows_hint=max(0, opened.total_rows - guess.row - guess.rows + 1), _pending=(head, raw))


@dataclass(frozen=True, slots=True)
class Preview:
    table: Table
    rows: list[tuple[int, list[object]]]


def preview(path: str | Path, *, sheet: str | None = None, n: int = 20, header_row: int | None = None,
            header_rows: int | None = None) -> Preview:
    """The table's header and its first ``n`` data rows, for the import wizard."""
    table = open_table(path, sheet=sheet, header_row=header_row, header_rows=header_rows)
    return Preview(table, table.preview(n))


def header_key(headers: Sequence[object]) -> tuple[str, ...]:
    """Normalised headers: lets a caller recognise a layout it has a profile for."""
    return tuple(normalise_header(h) for h in headers)
