""".xlsb worksheets are measured before calamine reads them, and their formula errors are not
read as blank. Built from .xlsb files of calamine's own test corpus (tests/fixtures/intake/
calamine/, MIT licence) with one record patched: a row header moved to row 1,048,576 and a
cell to column XFD (calamine would size a 17-billion-cell grid), a BrtWsDim declaring 2^31
rows, and a BrtFmlaBool turned into a BrtFmlaError (#DIV/0!)."""

from __future__ import annotations

import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from casereview.errors import ValidationError
from casereview.intake.readers import CellError, iter_sheet_rows, open_table

CALAMINE = Path(__file__).resolve().parents[1] / "fixtures" / "intake" / "calamine"


def _records(data: bytes) -> list[tuple[int, int, int, int]]:
    """(record start, type, body start, size) of every record of a part."""
    out, pos = [], 0
    while pos < len(data):
        b0 = data[pos]
        rtype, i = b0 & 0x7F, pos + 1
        if b0 & 0x80:
            rtype |= (data[i] & 0x7F) << 7
            i += 1
        size = shift = 0
        for _ in range(4):
            byte = data[i]
            size |= (byte & 0x7F) << shift
            shift += 7
            i += 1
            if not byte & 0x80:
                break
        out.append((pos, rtype, i, size))
        pos = i + size
    return out


def _patched(source: Path, target: Path, part: str, patch: Callable[[bytearray], None]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                edited = bytearray(data)
                patch(edited)
                data = bytes(edited)
            out.writestr(info, data)
    return target


def test_far_cell_refused(tmp_path: Path) -> None:
    def far(data: bytearray) -> None:
        records = _records(bytes(data))
        row = next(r for r in records if r[1] == 0)
        cell = next(r for r in records if 1 <= r[1] <= 13)
        struct.pack_into("<I", data, row[2], 1_048_575)
        struct.pack_into("<I", data, cell[2], 16_383)

    path = _patched(CALAMINE / "date.xlsb", tmp_path / "far.xlsb", "xl/worksheets/sheet1.bin", far)
    started = time.process_time()
    with pytest.raises(ValidationError) as refused:
        open_table(path)
    assert time.process_time() - started < 0.5
    assert "far.xlsb" in refused.value.message and "“Sheet1”" in refused.value.message


def test_declared_dimension_refused(tmp_path: Path) -> None:
    def declare(data: bytearray) -> None:
        dim = next(r for r in _records(bytes(data)) if r[1] == 148)
        struct.pack_into("<IIII", data, dim[2], 0, 0x7FFFFFFF, 0, 1)

    path = _patched(CALAMINE / "date.xlsb", tmp_path / "declared.xlsb", "xl/worksheets/sheet1.bin", declare)
    with pytest.raises(ValidationError, match="2,147,483,648 行"):
        open_table(path)


def test_formula_error_cell_is_not_blank(tmp_path: Path) -> None:
    def error(data: bytearray) -> None:
        start, _t, body, _size = next(r for r in _records(bytes(data)) if r[1] == 10)  # BrtFmlaBool
        data[start] = 11  # BrtFmlaError, same layout: col, style, then the error code
        data[body + 8] = 0x07  # #DIV/0!

    path = _patched(CALAMINE / "issues.xlsb", tmp_path / "errors.xlsb", "xl/worksheets/sheet1.bin", error)
    rows = list(iter_sheet_rows(path, "datatypes"))
    assert isinstance(rows[3][0], CellError) and rows[3][0] == "#DIV/0!"
    assert rows[0][0] == 1.0 and rows[2][0] == "ab"  # the other cells as calamine reads them


def test_unpatched_corpus_files_read() -> None:
    for name, sheet in (("date.xlsb", "Sheet1"), ("issues.xlsb", "datatypes")):
        rows = list(iter_sheet_rows(CALAMINE / name, sheet))
        assert rows and not any(isinstance(c, CellError) for r in rows for c in r)
