""".ods sheets are measured before calamine reads them: rows and cells repeat by count, so
calamine's own DoS test file (1.3 KB, 999,999,999 × 999,999,999 repeated) and a variant of it
at 9,999 × 9,999 (calamine: 93 s and 12.5 GB) are refused in milliseconds; LibreOffice files,
whose empty rows and cells repeat to the sheet's end, are not."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from casereview.errors import ValidationError
from casereview.intake.readers import open_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"


def _repeated(tmp_path: Path, rows: int, cols: int) -> Path:
    out = tmp_path / f"repeated_{rows}x{cols}.ods"
    with zipfile.ZipFile(FIXTURES / "calamine" / "issue_594_dos.ods") as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "content.xml":
                data = data.replace(b'number-rows-repeated="999999999"', f'number-rows-repeated="{rows}"'.encode())
                data = data.replace(b'number-columns-repeated="999999999"',
                                    f'number-columns-repeated="{cols}"'.encode())
            dst.writestr(info, data)
    return out


@pytest.mark.parametrize("make", [lambda t: FIXTURES / "calamine" / "issue_594_dos.ods",
                                  lambda t: _repeated(t, 9_999, 9_999), lambda t: _repeated(t, 2_000_000, 1)])
def test_repeated_cells_are_refused_quickly(tmp_path: Path, make: object) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    started = time.process_time()
    with pytest.raises(ValidationError) as refused:
        open_table(path)
    assert time.process_time() - started < 0.5
    assert path.name in refused.value.message and "“Sheet1”" in refused.value.message


def test_libreoffice_ods_with_trailing_empty_repeats_reads() -> None:
    path = FIXTURES / "formula-errors-libreoffice.ods"
    with zipfile.ZipFile(path) as archive:
        assert b"number-rows-repeated" in archive.read("content.xml")  # LibreOffice pads the sheet
    assert open_table(path).headers[:2] == ["案号", "当事人"]
