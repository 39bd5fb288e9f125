"""A bounded look inside a legacy .xls (BIFF8 in an OLE2 compound file) before calamine reads
it: the rows and columns each sheet declares (DIMENSIONS) and really uses (cell records), and
the cells holding a formula error (#DIV/0!, #N/A, #REF! …), which calamine gives as blank.

Hostile files are the point: every sector chain is followed with a step limit (a loop in the
allocation table ends the scan with a message, never hangs), stream sizes are checked against
the file, and nothing is read beyond the file. Pure Python over bytes, one pass per sheet.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BiffError", "SheetScan", "scan_xls"]

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
# Cell records: the row (u16) and column (u16) come first in each.
_CELLS = frozenset({0x0006, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0205, 0x0204, 0x00D6, 0x00BD, 0x00BE, 0x0406})
_MULTI = frozenset({0x00BD, 0x00BE})  # MULRK / MULBLANK: first column, ..., last column (u16) at the end


class BiffError(Exception):
    """The compound file or its workbook stream is damaged; ``reason`` in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class SheetScan:
    name: str
    declared_rows: int = 0
    declared_cols: int = 0
    last_row: int = 0  # 1-based, of the cells present
    last_col: int = 0
    cells: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based → "#DIV/0!"


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512 or data[:8] != _MAGIC:
        raise BiffError("不是 Excel 97-2003 (.xls) 文件")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= sector_shift <= 16 or mini_shift > sector_shift:
        raise BiffError("文件头已损坏（扇区大小无效）")
    size = 1 << sector_shift
    mini_size = 1 << mini_shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    mini_cutoff, first_minifat, n_minifat, first_difat, _n_difat = struct.unpack_from("<IIIII", data, 0x38)
    n_sectors = max((len(data) - size) // size, 0)

    def sector(n: int) -> bytes:
        # A sector past the end (a truncated file) reads as nothing, as the reader treats it;
        # what is missing cannot hold cells the reader would size its grid by.
        start = size + n * size
        return data[start:start + size] if n <= n_sectors else b""

    fat_ids = [i for i in struct.unpack_from("<109I", data, 0x4C) if i not in (_FREE, _END)]
    next_difat, steps = first_difat, 0
    while next_difat not in (_FREE, _END) and steps <= n_sectors:
        raw = sector(next_difat)
        if len(raw) < size:
            break
        words = struct.unpack(f"<{size // 4}I", raw)
        fat_ids.extend(i for i in words[:-1] if i not in (_FREE, _END))
        next_difat, steps = words[-1], steps + 1
    if len(fat_ids) > n_sectors or n_fat > n_sectors + 1:
        raise BiffError("分配表已损坏")
    fat: list[int] = []
    for n in fat_ids:
        raw = sector(n)
        fat.extend(struct.unpack(f"<{len(raw) // 4}I", raw[:len(raw) // 4 * 4]))

    def chain(start: int, table: list[int], limit: int) -> list[int]:
        out: list[int] = []
        n = start
        while n not in (_END, _FREE):
            if n >= len(table) or len(out) > limit:
                raise BiffError("扇区链已损坏（越界或循环）")
            out.append(n)
            n = table[n]
        return out

    directory = b"".join(sector(n) for n in chain(first_dir, fat, n_sectors))
    entries = []
    for off in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, off + 64)[0]
        name = directory[off:off + max(min(name_len, 64) - 2, 0)].decode("utf-16-le", "replace")
        kind = directory[off + 66]
        start, length = struct.unpack_from("<IQ", directory, off + 116)
        entries.append((name, kind, start, length & 0xFFFFFFFF if sector_shift == 9 else length))
    if not entries:
        raise BiffError("目录已损坏")
    found = next((e for e in entries if e[1] == 2 and e[0].lower() in ("workbook", "book")), None)
    if found is None:
        raise BiffError("文件中没有工作簿数据流")
    _name, _kind, start, length = found
    if length > len(data):
        raise BiffError("工作簿数据流声明的大小超过文件本身")
    if length >= mini_cutoff:
        stream = b"".join(sector(n) for n in chain(start, fat, n_sectors))
        return stream[:length]
    root = entries[0]
    ministream = b"".join(sector(n) for n in chain(root[2], fat, n_sectors))
    minifat_bytes = b"".join(sector(n) for n in chain(first_minifat, fat, n_sectors)) if n_minifat else b""
    minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
    parts: list[bytes] = []
    for n in chain(start, minifat, len(ministream) // mini_size + 1):
        piece = ministream[n * mini_size:(n + 1) * mini_size]
        if len(piece) < mini_size and len(b"".join(parts)) + len(piece) < length:
            raise BiffError("小数据流已损坏")
        parts.append(piece)
    return b"".join(parts)[:length]


def scan_xls(path: Path) -> list[SheetScan]:
    """Every worksheet's declared and used extent and its formula-error cells."""
    data = path.read_bytes()
    stream = _workbook_stream(data)
    total = len(stream)
    sheets: list[tuple[int, str]] = []
    pos = 0
    unpack = struct.unpack_from
    biff8 = True
    codepage = "cp1252"
    # The globals substream: BOUNDSHEET records name each sheet and give its BOF offset.
    while pos + 4 <= total:
        rtype, length = unpack("<HH", stream, pos)
        body = pos + 4
        if rtype == 0x0809 and length >= 2 and pos == 0:
            biff8 = unpack("<H", stream, body)[0] >= 0x0600
        elif rtype == 0x0042 and length >= 2:
            number = unpack("<H", stream, body)[0]
            codepage = {1200: "utf-16-le", 367: "ascii", 32768: "mac_roman", 1252: "cp1252"}.get(number, f"cp{number}")
        elif rtype == 0x0085 and length >= 7:
            offset, _state, kind, cch = unpack("<IBBB", stream, body)
            if biff8 and length >= 8:
                high = stream[body + 7]
                raw = stream[body + 8: body + 8 + (cch * 2 if high & 1 else cch)]
                name = raw.decode("utf-16-le" if high & 1 else "latin-1", "replace")
            else:  # BIFF5: 8-bit characters in the workbook's code page
                try:
                    name = stream[body + 7: body + 7 + cch].decode(codepage, "replace")
                except LookupError:
                    name = stream[body + 7: body + 7 + cch].decode("latin-1")
            if kind == 0:  # a worksheet (not a chart or macro sheet)
                sheets.append((offset, name))
        pos = body + length
        if rtype == 0x000A:  # EOF of the globals
            break
    result: list[SheetScan] = []
    for offset, name in sheets:
        scan = SheetScan(name)
        pos = offset
        while pos + 4 <= total:
            rtype, length = unpack("<HH", stream, pos)
            body = pos + 4
            pos = body + length
            if rtype in _CELLS and length >= 4:
                row, col = unpack("<HH", stream, body)
                last = col
                if rtype in _MULTI and length >= 6:
                    last = unpack("<H", stream, body + length - 2)[0]
                    scan.cells += max(last - col + 1, 1)
                else:
                    scan.cells += 1
                if row + 1 > scan.last_row:
                    scan.last_row = row + 1
                if last + 1 > scan.last_col:
                    scan.last_col = last + 1
                if rtype == 0x0006 and length >= 14 and stream[body + 12:body + 14] == b"\xff\xff" \
                        and stream[body + 6] == 2:
                    scan.errors[(row, col)] = _ERRORS.get(stream[body + 8], "#ERROR")
                elif rtype == 0x0205 and length >= 8 and stream[body + 7] == 1:
                    scan.errors[(row, col)] = _ERRORS.get(stream[body + 6], "#ERROR")
            elif rtype == 0x0200 and length >= 14:
                first_row, last_row, first_col, last_col = unpack("<IIHH", stream, body)
                scan.declared_rows = max(last_row - first_row, 0)
                scan.declared_cols = max(last_col - first_col, 0)
            elif rtype == 0x000A:
                break
        result.append(scan)
    return result
