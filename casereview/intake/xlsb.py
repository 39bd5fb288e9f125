"""A bounded look inside an .xlsb worksheet part before calamine reads it: the dimension the
sheet declares (BrtWsDim), the rows and columns its cell records really use, and the cells
holding a formula error (BrtCellError / BrtFmlaError), which calamine gives as blank.

The part is streamed in 1 MB chunks (the archive passed the size and ratio checks already);
one record larger than 64 MB is a damaged file. Sheet names come from xl/workbook.bin
(BrtBundleSh) and its relationships, so errors are keyed as calamine names the sheets."""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass, field
from typing import IO

__all__ = ["XlsbError", "XlsbSheetScan", "scan_xlsb_part", "xlsb_sheet_parts"]

_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
_CHUNK = 1 << 20
_MAX_RECORD = 64 << 20
_ROW_HDR, _WS_DIM, _BUNDLE_SH = 0, 148, 156
_CELL_TYPES = frozenset(range(1, 14))  # BrtCellBlank … BrtFmlaError, BrtShortBlank … (col u32 first)
_ERROR_TYPES = frozenset({3, 11})  # BrtCellError, BrtFmlaError: bErr after col and style


class XlsbError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class XlsbSheetScan:
    declared_rows: int = 0
    declared_cols: int = 0
    last_row: int = 0  # 1-based extent of the cells present
    last_col: int = 0
    cells: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)




def _record_header(buf: bytes, pos: int) -> tuple[int, int, int] | None:
    """(record type, body size, body start) of the BIFF12 record at ``pos``: the type is 1–2
    bytes and the size 1–4 bytes, 7 bits each, the high bit saying another byte follows.
    None when the buffer ends inside the type (a truncated stream)."""
    b0 = buf[pos]
    rtype, i = b0 & 0x7F, pos + 1
    if b0 & 0x80:
        if i >= len(buf):
            return None
        rtype |= (buf[i] & 0x7F) << 7
        i += 1
    size = shift = 0
    for _ in range(4):
        if i >= len(buf):
            break
        byte = buf[i]
        size |= (byte & 0x7F) << shift
        shift += 7
        i += 1
        if not byte & 0x80:
            break
    return rtype, size, i


def scan_xlsb_part(handle: IO[bytes], *, max_cells: int) -> XlsbSheetScan:
    """Stream the records of one worksheet part; stops counting past ``max_cells`` cells."""
    scan = XlsbSheetScan()
    buffer = b""
    pos = 0
    row = 0
    eof = False
    unpack = struct.unpack_from
    while True:
        # Make sure a whole record header (up to 6 bytes) is buffered, then the body.
        if len(buffer) - pos < 6 and not eof:
            chunk = handle.read(_CHUNK)
            buffer, pos = buffer[pos:] + chunk, 0
            eof = not chunk
        if pos >= len(buffer):
            break
        header = _record_header(buffer, pos)
        if header is None:
            break
        rtype, size, i = header
        if size > _MAX_RECORD:
            raise XlsbError(f"记录长度 {size:,} 字节异常")
        while len(buffer) - i < size and not eof:
            chunk = handle.read(max(_CHUNK, size))
            if not chunk:
                eof = True
                break
            buffer, i, pos = buffer[pos:] + chunk, i - pos, 0
        if len(buffer) - i < size:
            break  # a truncated last record: the reader reports the damage
        if rtype == _ROW_HDR and size >= 4:
            row = unpack("<I", buffer, i)[0]
            if row + 1 > scan.last_row:
                scan.last_row = row + 1
        elif rtype in _CELL_TYPES and size >= 8:
            col = unpack("<I", buffer, i)[0]
            scan.cells += 1
            if col + 1 > scan.last_col:
                scan.last_col = col + 1
            if rtype in _ERROR_TYPES and size >= 9:
                scan.errors[(row, col)] = _ERRORS.get(buffer[i + 8], "#ERROR")
            if scan.cells > max_cells:
                break
        elif rtype == _WS_DIM and size >= 16:
            first_row, last_row, first_col, last_col = unpack("<IIII", buffer, i)
            scan.declared_rows = max(last_row - first_row + 1, 0)
            scan.declared_cols = max(last_col - first_col + 1, 0)
        pos = i + size
    return scan


def _wide(data: bytes, at: int) -> tuple[str, int]:
    cch = struct.unpack_from("<I", data, at)[0]
    if cch > 0x7FFF:
        raise XlsbError("工作表名称已损坏")
    end = at + 4 + cch * 2
    return data[at + 4:end].decode("utf-16-le", "replace"), end


def xlsb_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: worksheet part} from xl/workbook.bin and its relationships."""
    try:
        workbook = archive.read("xl/workbook.bin")
        rels = archive.read("xl/_rels/workbook.bin.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {m[0]: m[1] for m in re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets |= {m[1]: m[0] for m in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    found: dict[str, str] = {}
    pos = 0
    while pos < len(workbook):
        header = _record_header(workbook, pos)
        if header is None:
            break
        rtype, size, i = header
        if rtype == _BUNDLE_SH and size >= 16:
            rel, after = _wide(workbook, i + 8)
            name, _end = _wide(workbook, after)
            target = targets.get(rel)
            if target and "worksheets/" in target:
                found[name] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        pos = i + size
    return found
