"""A corpus of hostile and broken files, generated (the large ones cost nothing to keep).

``build(folder)`` writes every file and returns ``[(Hostile, path)]``. Each entry says
what it feeds (a registry import, a standard, a threshold table, a calendar, a mapping
profile) and whether it must be refused ("refuse": one clear message, nothing saved) or
may import ("import": saved, possibly with warnings). The runner
(tests/hostile_worker.py, tests/core/test_hostile_files.py) feeds each to the app in a
subprocess and measures time and peak memory.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEADER = ["案号", "当事人", "证件号码", "立案日期", "处罚决定日期", "罚款金额", "执法人员"]
GOOD = ["粤交执罚〔2024〕1号", "张三", "11010519491231002X", "2024-03-01", "2024-03-20", "2000", "李四(4401001)、王五(4401002)"]


@dataclass(frozen=True)
class Hostile:
    name: str
    kind: str  # registry | standard | threshold | calendar | profile
    expect: str  # refuse | import
    what: str  # what is hostile about it


Maker = Callable[[Path], None]
CORPUS: list[tuple[Hostile, Maker]] = []


def case(name: str, expect: str, what: str, kind: str = "registry") -> Callable[[Maker], Maker]:
    def register(make: Maker) -> Maker:
        CORPUS.append((Hostile(name, kind, expect, what), make))
        return make

    return register


# ----------------------------------------------------------------------------- xlsx parts

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
       '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
       '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
       'worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
       'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{name}" '
       'sheetId="1" r:id="rId1"/></sheets></workbook>')
_WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main">{extra}<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(r: int, values: list[object]) -> str:
    return f'<row r="{r}">' + "".join(_cell(f"{_col(i + 1)}{r}", v) for i, v in enumerate(values)) + "</row>"


def _xlsx(path: Path, rows_xml: str, *, extra: str = "", sheet_name: str = "S", parts: dict[str, str] | None = None,
          skip: tuple[str, ...] = ()) -> None:
    files = {"[Content_Types].xml": _CT, "_rels/.rels": _RELS, "xl/workbook.xml": _WB.format(name=sheet_name),
             "xl/_rels/workbook.xml.rels": _WBRELS,
             "xl/worksheets/sheet1.xml": _SHEET_HEAD.format(extra=extra) + rows_xml + _SHEET_TAIL}
    files.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            if name not in skip:
                archive.writestr(name, text)


def _table(*rows: list[object]) -> str:
    return "".join(_row(i + 1, list(r)) for i, r in enumerate(rows))


def _good_rows() -> str:
    return _table(HEADER, GOOD)


def _streamed_sheet(path: Path, head: str, body: Callable[[io.BufferedIOBase], None], level: int = 6) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, text in {"[Content_Types].xml": _CT, "_rels/.rels": _RELS, "xl/workbook.xml": _WB.format(name="S"),
                           "xl/_rels/workbook.xml.rels": _WBRELS}.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            stream.write(head.encode())
            body(stream)  # type: ignore[arg-type]
            stream.write(_SHEET_TAIL.encode())


# ------------------------------------------------------------------------- xlsx: sizes


@case("far_cell.xlsx", "refuse", "one cell at XFD1048576 (the reader would allocate 512 GB)")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER) + _row(1048576, []).replace("</row>", '<c r="XFD1048576"><v>1</v></c></row>'))


@case("far_row.xlsx", "refuse", "a cell at A1048576 and one at Z1: 1 M × 26 cells")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER + [""] * 18 + ["x"]) + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>')


@case("far_row_small.xlsx", "import", "header, one case and a stray value at A900000 (900 k × 7 cells: allowed)")
def _(p: Path) -> None:
    _xlsx(p, _good_rows() + '<row r="900000"><c r="A900000" t="inlineStr"><is><t>合计</t></is></c></row>')


@case("dimension_lie.xlsx", "refuse", "declared dimension A1:XFD1048576")
def _(p: Path) -> None:
    _xlsx(p, _good_rows(), extra='<dimension ref="A1:XFD1048576"/>')


@case("wide_2000_columns.xlsx", "refuse", "2000 used columns")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER + [f"列{i}" for i in range(2000)], GOOD))


@case("cell_bomb.xlsx", "refuse", "900 columns × 9000 rows of numbers (8.1 M cells, compressed ~1:100)")
def _(p: Path) -> None:
    def body(stream: io.BufferedIOBase) -> None:
        cols = [_col(c) for c in range(1, 901)]
        for r in range(1, 9001):
            stream.write((f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in cols) + "</row>").encode())
    _streamed_sheet(p, _SHEET_HEAD.format(extra=""), body, level=1)


@case("zip_bomb.xlsx", "refuse", "sheet of 300 MB of spaces compressed ~1000:1")
def _(p: Path) -> None:
    block = b" " * (1 << 20)

    def body(stream: io.BufferedIOBase) -> None:
        stream.write(_table(HEADER, GOOD).encode())
        for _ in range(300):
            stream.write(block)
    _streamed_sheet(p, _SHEET_HEAD.format(extra=""), body, level=9)


@case("many_members.xlsx", "refuse", "10 001 archive members")
def _(p: Path) -> None:
    _xlsx(p, _good_rows(), parts={f"xl/media/x{i}.bin": "" for i in range(10_001)})


@case("lying_sizes.xlsx", "refuse", "central directory declares 4 GB uncompressed")
def _(p: Path) -> None:
    _xlsx(p, _good_rows())
    data = bytearray(p.read_bytes())
    start = data.find(b"PK\x01\x02")
    while start != -1:
        data[start + 24:start + 28] = (0xFFFFFFF0).to_bytes(4, "little")  # uncompressed size
        start = data.find(b"PK\x01\x02", start + 4)
    p.write_bytes(bytes(data))


@case("huge_shared_string.xlsx", "refuse", "a 2 MB party name (too long for the column)")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER, [GOOD[0], "张" * 2_000_000, *GOOD[2:]]))


@case("long_name_10000.xlsx", "refuse", "10 000-character party name")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER, [GOOD[0], "名" * 10_000, *GOOD[2:]]))


@case("amount_1e23.xlsx", "refuse", "fine of 1e23")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER, [*GOOD[:5], 1e23, GOOD[6]]))


@case("amount_nan.xlsx", "refuse", "fine written NaN / inf")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER, [*GOOD[:5], "NaN", GOOD[6]], [GOOD[0].replace("1号", "2号"), *GOOD[1:5], "inf", GOOD[6]]))


@case("nul_escape.xlsx", "import", "_x0000_ escapes (NUL) and other control characters in cells")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER, [GOOD[0], "张_x0000_三_x0007_", *GOOD[2:]]))


@case("xml_entities.xlsx", "refuse", "DOCTYPE with nested entities (billion laughs in XML)")
def _(p: Path) -> None:
    ents = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    sheet = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{ents}]><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><sheetData>{_row(1, HEADER)}<row r="2"><c r="A2" t="inlineStr"><is><t>&j;</t>'
             "</is></c></row></sheetData></worksheet>")
    _xlsx(p, "", parts={"xl/worksheets/sheet1.xml": sheet})


@case("malformed_sheet_xml.xlsx", "refuse", "sheet XML cut in the middle of a tag")
def _(p: Path) -> None:
    _xlsx(p, "", parts={"xl/worksheets/sheet1.xml": _SHEET_HEAD.format(extra="") + '<row r="1"><c r="A1" t="inl'})


@case("no_workbook_part.xlsx", "refuse", "zip without xl/workbook.xml")
def _(p: Path) -> None:
    _xlsx(p, _good_rows(), skip=("xl/workbook.xml",))


@case("no_sheets.xlsx", "refuse", "workbook listing no sheet")
def _(p: Path) -> None:
    _xlsx(p, _good_rows(), parts={"xl/workbook.xml": _WB.replace('<sheet name="{name}" sheetId="1" r:id="rId1"/>', "")})


@case("truncated.xlsx", "refuse", "a valid workbook cut in half")
def _(p: Path) -> None:
    _xlsx(p, _good_rows())
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


@case("random_bytes.xlsx", "refuse", "64 KB of random bytes named .xlsx")
def _(p: Path) -> None:
    p.write_bytes(random.Random(1).randbytes(65536))


@case("empty.xlsx", "refuse", "0 bytes")
def _(p: Path) -> None:
    p.write_bytes(b"")


@case("ole_encrypted.xlsx", "refuse", "an OLE2 container (what an encrypted .xlsx is)")
def _(p: Path) -> None:
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))


@case("html_named.xlsx", "refuse", "an HTML page named .xlsx")
def _(p: Path) -> None:
    p.write_text("<html><body><table><tr><td>案号</td></tr></table></body></html>", encoding="utf-8")


@case("header_only.xlsx", "import", "header row, no data")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER))


@case("no_header.xlsx", "refuse", "no recognisable header")
def _(p: Path) -> None:
    _xlsx(p, _table(["甲", "乙", "丙"], ["1", "2", "3"]))


@case("error_cells.xlsx", "refuse", "formula error values in the date and amount cells: named with row and column, not read as blank")
def _(p: Path) -> None:
    row = (f'<row r="2">{_cell("A2", GOOD[0])}{_cell("B2", "张三")}<c r="D2" t="e"><v>#DIV/0!</v></c>'
           '<c r="F2" t="e"><v>#VALUE!</v></c></row>')
    _xlsx(p, _row(1, HEADER) + row)


@case("bidi_sheet_name.xlsx", "import", "sheet name with right-to-left and zero-width characters")
def _(p: Path) -> None:
    _xlsx(p, _good_rows(), sheet_name="\u202e表\u200b一")


@case("officers_10000.xlsx", "refuse", "one cell listing 10 000 officers (too long for the case)")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER, [*GOOD[:6], "、".join(f"人员{i}" for i in range(10_000))]))


@case("duplicate_keys.xlsx", "refuse", "the same case number in three bracket styles")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER, GOOD, ["粤交执罚[2024]1号", *GOOD[1:]], ["粤交执罚【2024】第1号", *GOOD[1:]]))


@case("dates_impossible.xlsx", "refuse", "dates 2024-02-30, 0000-00-00, 9999-99-99")
def _(p: Path) -> None:
    _xlsx(p, _table(HEADER, [*GOOD[:3], "2024-02-30", "0000-00-00", *GOOD[5:]],
                    [GOOD[0].replace("1号", "3号"), *GOOD[1:3], "9999-99-99", *GOOD[4:]]))


@case("xlsm_macro.xlsm", "import", "an .xlsm with a vbaProject part")
def _(p: Path) -> None:
    _xlsx(p, _good_rows(), parts={"xl/vbaProject.bin": "\x00" * 100})


@case("random.xlsb", "refuse", "random bytes named .xlsb")
def _(p: Path) -> None:
    p.write_bytes(random.Random(2).randbytes(4096))


@case("zip_bomb.ods", "refuse", "an .ods whose content.xml is 300 MB of spaces")
def _(p: Path) -> None:
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        with archive.open("content.xml", "w", force_zip64=True) as stream:
            for _ in range(300):
                stream.write(b" " * (1 << 20))


@case("broken.ods", "refuse", "an .ods without content.xml")
def _(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")


# ----------------------------------------------------------------------------- xls / html


@case("random.xls", "refuse", "random bytes named .xls")
def _(p: Path) -> None:
    p.write_bytes(random.Random(3).randbytes(8192))


@case("empty.xls", "refuse", "0 bytes named .xls")
def _(p: Path) -> None:
    p.write_bytes(b"")


@case("html_no_table.xls", "refuse", "HTML page without a table, named .xls")
def _(p: Path) -> None:
    p.write_text("<html><body><p>导出失败</p></body></html>", encoding="utf-8")


@case("html_colspan.xls", "refuse", "HTML table with colspan=100000 and rowspan=100000 (capped, then too wide)")
def _(p: Path) -> None:
    cells = "".join(f"<td>{h}</td>" for h in HEADER)
    data = "".join(f"<td>{v}</td>" for v in GOOD)
    p.write_text(f'<table><tr><td colspan="100000" rowspan="100000">标题</td></tr><tr>{cells}</tr><tr>{data}</tr>'
                 "</table>", encoding="utf-8")


@case("html_nested.xls", "refuse", "20 000 nested tables")
def _(p: Path) -> None:
    p.write_text("<table><tr><td>" * 20_000 + "x" + "</td></tr></table>" * 20_000, encoding="utf-8")


@case("xml_2003.xls", "refuse", "XML Spreadsheet 2003 named .xls")
def _(p: Path) -> None:
    p.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
                 encoding="utf-8")


_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "intake"


def _patched_xls(p: Path, patch: Callable[[bytearray], None]) -> None:
    data = bytearray((_FIXTURES / "registry.xls").read_bytes())
    patch(data)
    p.write_bytes(bytes(data))


@case("far_cell_IV65536.xls", "refuse", "LibreOffice .xls, one cell at IV65536 (reader: 1 GB, 8 s)")
def _(p: Path) -> None:
    p.write_bytes((_FIXTURES / "far-cell-IV65536-libreoffice.xls").read_bytes())


@case("declared_2g_rows.xls", "refuse", "registry.xls whose DIMENSIONS declare 2^31 rows (reader aborts)")
def _(p: Path) -> None:
    def declare(data: bytearray) -> None:
        at = data.find(b"\x00\x02\x0e\x00")
        data[at + 4:at + 16] = (0).to_bytes(4, "little") + (0x7FFFFFFF).to_bytes(4, "little") + b"\x00\x00\x00\x40"

    _patched_xls(p, declare)


@case("fat_loop.xls", "refuse", "registry.xls whose directory sector chain points to itself")
def _(p: Path) -> None:
    def loop(data: bytearray) -> None:
        first_dir = int.from_bytes(data[0x30:0x34], "little")
        fat_sector = int.from_bytes(data[0x4C:0x50], "little")
        at = 512 + fat_sector * 512 + first_dir * 4
        data[at:at + 4] = first_dir.to_bytes(4, "little")

    _patched_xls(p, loop)


@case("formula_errors.xls", "refuse", "LibreOffice .xls with #DIV/0!, #N/A and #REF! cells (read as blank)")
def _(p: Path) -> None:
    p.write_bytes((_FIXTURES / "formula-errors-libreoffice.xls").read_bytes())


@case("formula_errors.ods", "refuse", "LibreOffice .ods with #DIV/0!, #N/A and #REF! cells (read as blank)")
def _(p: Path) -> None:
    p.write_bytes((_FIXTURES / "formula-errors-libreoffice.ods").read_bytes())


def _patched_xlsb(p: Path, patch: Callable[[bytearray], None]) -> None:
    with zipfile.ZipFile(_FIXTURES / "calamine" / "date.xlsb") as src, \
            zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = bytearray(src.read(info))
            if info.filename == "xl/worksheets/sheet1.bin":
                patch(data)
            out.writestr(info, bytes(data))


@case("far_cell.xlsb", "refuse", "Excel .xlsb with a cell moved to XFD1048576 (reader asks for 549 GB, aborts)")
def _(p: Path) -> None:
    def far(data: bytearray) -> None:
        row = data.find(b"\x00\x19")  # BrtRowHdr: row first
        data[row + 2:row + 6] = (1_048_575).to_bytes(4, "little")
        cell = data.find(b"\x02\x0c", row)  # BrtCellRk: column first
        data[cell + 2:cell + 6] = (16_383).to_bytes(4, "little")

    _patched_xlsb(p, far)


@case("declared_2g_rows.xlsb", "refuse", "Excel .xlsb whose BrtWsDim declares 2^31 rows")
def _(p: Path) -> None:
    def declare(data: bytearray) -> None:
        at = data.find(b"\x94\x01\x10")  # BrtWsDim (type 148), 16 bytes
        data[at + 3:at + 19] = (0).to_bytes(4, "little") + (0x7FFFFFFF).to_bytes(4, "little") + bytes(8)

    _patched_xlsb(p, declare)


def _repeated_ods(p: Path, rows: int, cols: int) -> None:
    with zipfile.ZipFile(_FIXTURES / "calamine" / "issue_594_dos.ods") as src, \
            zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "content.xml":
                data = data.replace(b'number-rows-repeated="999999999"', f'number-rows-repeated="{rows}"'.encode())
                data = data.replace(b'number-columns-repeated="999999999"',
                                    f'number-columns-repeated="{cols}"'.encode())
            out.writestr(info, data)


@case("calamine_dos.ods", "refuse", "calamine's own DoS file: one cell repeated 999,999,999 × 999,999,999")
def _(p: Path) -> None:
    p.write_bytes((_FIXTURES / "calamine" / "issue_594_dos.ods").read_bytes())


@case("repeated_9999.ods", "refuse", "1.3 KB .ods, one cell repeated 9,999 × 9,999 (reader: 93 s, 12.5 GB)")
def _(p: Path) -> None:
    _repeated_ods(p, 9_999, 9_999)


# ----------------------------------------------------------------------------------- csv


def _csv(*rows: list[object]) -> str:
    import csv

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@case("empty.csv", "refuse", "0 bytes")
def _(p: Path) -> None:
    p.write_bytes(b"")


@case("bom_only.csv", "refuse", "only a UTF-8 BOM")
def _(p: Path) -> None:
    p.write_bytes(b"\xef\xbb\xbf")


@case("nul_bytes.csv", "refuse", "NUL bytes inside a name and an amount (refused naming row and column)")
def _(p: Path) -> None:
    p.write_text(_csv(HEADER, [GOOD[0], "张\x00三", GOOD[2], GOOD[3], GOOD[4], "2\x0000", GOOD[6]]), encoding="utf-8")


@case("control_chars.tsv", "import", "bell, escape and form-feed characters in cells")
def _(p: Path) -> None:
    p.write_text("\t".join(HEADER) + "\n" + "\t".join([GOOD[0], "张\x07三\x1b[31m", *GOOD[2:]]) + "\n",
                 encoding="utf-8")


@case("utf16_no_bom.csv", "refuse", "UTF-16-LE without a BOM")
def _(p: Path) -> None:
    p.write_bytes(_csv(HEADER, GOOD).encode("utf-16-le"))


@case("utf16_bom.csv", "import", "UTF-16 with a BOM (what Excel's Unicode text writes)")
def _(p: Path) -> None:
    p.write_bytes(_csv(HEADER, GOOD).encode("utf-16"))


@case("bad_bytes_line_57.csv", "refuse", "GBK file with undecodable bytes on line 57")
def _(p: Path) -> None:
    lines = [",".join(HEADER).encode("gbk")]
    for i in range(2, 57):
        lines.append(",".join([f"粤交执罚〔2024〕{i}号", "张三", "", "2024-03-01", "", "100", "李四"]).encode("gbk"))
    lines.append(b"\x80\xff\xfe\x81\x30 broken")
    p.write_bytes(b"\n".join(lines) + b"\n")


@case("one_huge_field.csv", "refuse", "a 20 MB field (unclosed quote swallows the file)")
def _(p: Path) -> None:
    p.write_text(",".join(HEADER) + '\n"' + "x" * 20_000_000 + "\n", encoding="utf-8")


@case("wide_5000.csv", "refuse", "5000 columns")
def _(p: Path) -> None:
    p.write_text(_csv(HEADER + [f"c{i}" for i in range(5000)], GOOD), encoding="utf-8")


@case("only_delimiters.csv", "refuse", "commas only")
def _(p: Path) -> None:
    p.write_text(",,,,,\n,,,,,\n", encoding="utf-8")


@case("formula_injection.csv", "import", "cells starting with = + - @ (must stay text)")
def _(p: Path) -> None:
    p.write_text(_csv(HEADER, [GOOD[0], '=HYPERLINK("http://x","y")', GOOD[2], GOOD[3], GOOD[4], "2000",
                               "@SUM(1)"]), encoding="utf-8")


@case("amount_edge.csv", "refuse", "amounts 1e400, -0, Infinity, 1e23")
def _(p: Path) -> None:
    rows = [[f"粤交执罚〔2024〕{i}号", *GOOD[1:5], amount, GOOD[6]] for i, amount in
            enumerate(["1e400", "-0", "Infinity", "1e23"], 1)]
    p.write_text(_csv(HEADER, *rows), encoding="utf-8")


@case("title_only.csv", "refuse", "a title row and nothing else")
def _(p: Path) -> None:
    p.write_text("2024年行政处罚案件登记表\n", encoding="utf-8")


@case("header_repeated.csv", "refuse", "the header repeated as a data row")
def _(p: Path) -> None:
    p.write_text(_csv(HEADER, GOOD, HEADER), encoding="utf-8")


@case("many_duplicates.csv", "refuse", "20 000 rows with the same case number")
def _(p: Path) -> None:
    p.write_text(_csv(HEADER, *([GOOD] * 20_000)), encoding="utf-8")


@case("sparse_300mb.csv", "refuse", "a 300 MB file (sparse: no disk used)")
def _(p: Path) -> None:
    with p.open("wb") as handle:
        handle.write(",".join(HEADER).encode() + b"\n")
        handle.truncate(300 * 1024 * 1024)


@case("gbk_name_\udcb0\udcb8.csv", "import", "a file name in GBK bytes (not valid UTF-8)")
def _(p: Path) -> None:
    p.write_text(_csv(HEADER, GOOD), encoding="utf-8")


@case("newline_cr_only.csv", "import", "old Mac line ends (CR only)")
def _(p: Path) -> None:
    p.write_bytes(_csv(HEADER, GOOD).replace("\n", "\r").encode("utf-8"))


@case("unsupported.pdf", "refuse", "a PDF offered as a registry")
def _(p: Path) -> None:
    p.write_bytes(b"%PDF-1.4\n%%EOF\n")


@case("a_folder.csv", "refuse", "a folder named .csv")
def _(p: Path) -> None:
    p.mkdir()


# ------------------------------------------------------------------------- yaml and json


_LAUGHS = "a: &a [" + ",".join(['"lol"'] * 10) + "]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9))


@case("billion_laughs_standard.yaml", "refuse", "YAML billion laughs as a standard", kind="standard")
def _(p: Path) -> None:
    p.write_text(_LAUGHS, encoding="utf-8")


@case("billion_laughs_threshold.yaml", "refuse", "YAML billion laughs as a threshold table", kind="threshold")
def _(p: Path) -> None:
    p.write_text("kind: threshold_table\n" + _LAUGHS, encoding="utf-8")


@case("billion_laughs_calendar.yaml", "refuse", "YAML billion laughs as a calendar file", kind="calendar")
def _(p: Path) -> None:
    p.write_text("years:\n  2024: &y {holidays: []}\n  2025: *y\n" + _LAUGHS, encoding="utf-8")


@case("deep_nesting_standard.yaml", "refuse", "100 000 nested lists", kind="standard")
def _(p: Path) -> None:
    p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


@case("huge_standard.yaml", "refuse", "a 6 MB YAML file", kind="standard")
def _(p: Path) -> None:
    p.write_text("# " + "x" * 6_000_000 + "\n", encoding="utf-8")


@case("binary_standard.yaml", "refuse", "random bytes named .yaml", kind="standard")
def _(p: Path) -> None:
    p.write_bytes(random.Random(4).randbytes(4096))


@case("python_tag_standard.yaml", "refuse", "!!python/object tag", kind="standard")
def _(p: Path) -> None:
    p.write_text("!!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")


@case("deep_profile.json", "refuse", "mapping profile nested 100 000 deep", kind="profile")
def _(p: Path) -> None:
    p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


@case("huge_profile.json", "refuse", "a 2 MB mapping profile", kind="profile")
def _(p: Path) -> None:
    p.write_text('{"columns": {"a": "' + "x" * 2_000_000 + '"}}', encoding="utf-8")


@case("gbk_profile.json", "refuse", "a mapping profile saved in GBK", kind="profile")
def _(p: Path) -> None:
    p.write_bytes('{"columns": {"违法行为人": "当事人"}}'.encode("gbk"))


def build(folder: Path) -> list[tuple[Hostile, Path]]:
    """Write the corpus into ``folder`` (once; files already there are kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for hostile, make in CORPUS:
        path = Path(os.fsdecode(os.fsencode(str(folder / hostile.name))))
        if not path.exists():
            make(path)
        out.append((hostile, path))
    return out
