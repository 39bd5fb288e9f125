"""Legacy .xls (BIFF8) files are measured before calamine sizes its grid by them: a 5.6 KB
file written by LibreOffice with one cell at IV65536 (calamine: 1 GB and 8 s), and the
committed registry.xls with its DIMENSIONS record patched to declare 2^31 rows (calamine:
allocation failure, the process aborts) are refused in milliseconds naming file and sheet;
damaged compound files give one message."""

from __future__ import annotations

import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casereview.errors import ValidationError
from casereview.intake.biff import scan_xls
from casereview.intake.readers import open_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"


def _declared(tmp_path: Path) -> Path:
    data = bytearray((FIXTURES / "registry.xls").read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes
    struct.pack_into("<IIHH", data, at + 4, 0, 0x7FFFFFFF, 0, 0x4000)
    path = tmp_path / "declared.xls"
    path.write_bytes(bytes(data))
    return path


def test_far_cell_is_refused_quickly(tmp_path: Path) -> None:
    path = FIXTURES / "far-cell-IV65536-libreoffice.xls"
    assert [(s.last_row, s.last_col) for s in scan_xls(path)] == [(65536, 256)]
    started = time.process_time()
    with pytest.raises(ValidationError) as refused:
        open_table(path)
    assert time.process_time() - started < 0.5
    message = refused.value.message
    assert "far-cell-IV65536-libreoffice.xls" in message and "“案件登记”" in message and "65,536 行 × 256 列" in message


def test_declared_dimension_is_refused_before_calamine_aborts(tmp_path: Path) -> None:
    path = _declared(tmp_path)
    with pytest.raises(ValidationError, match="2,147,483,647 行") as refused:
        open_table(path)
    assert "declared.xls" in refused.value.message and "案件登记" in refused.value.message
    # The same file read in a child process with the check: one message, exit 0, small memory.
    # The child reports the peak of its own address space (VmHWM). ru_maxrss would not do: it
    # keeps the size of the process it was forked from (this test run, hundreds of MB).
    code = ("import re, sys; from pathlib import Path; from casereview.intake.readers import open_table\n"
            "try:\n    open_table(Path(sys.argv[1]))\nexcept Exception as e:\n    print(type(e).__name__)\n"
            "status = Path('/proc/self/status')\n"
            "print(re.search(r'VmHWM:\\s+(\\d+)', status.read_text()).group(1) if status.exists() else 0)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    name, peak_kib = done.stdout.split()
    assert done.returncode == 0 and name == "ValidationError", done.stderr
    assert int(peak_kib) < 500 * 1024


def test_the_committed_registry_xls_still_reads() -> None:
    table = open_table(FIXTURES / "registry.xls")
    assert "案号" in table.headers


def test_damaged_compound_file_gives_one_message(tmp_path: Path) -> None:
    data = bytearray((FIXTURES / "registry.xls").read_bytes())
    struct.pack_into("<I", data, 0x30, 0x7FFFFF00)  # first directory sector far past the end
    path = tmp_path / "broken.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(ValidationError) as refused:
        open_table(path)
    assert "broken.xls" in refused.value.message
