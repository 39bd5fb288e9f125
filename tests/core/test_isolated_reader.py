"""The app reads an untrusted registry in a child process first (casereview.intake.isolated):
a reader that hangs is killed at the time limit, one that aborts (a real .xlsb that makes
calamine ask for 549 GB, read with the pre-read checks switched off in the child) or runs out
of memory gives one Chinese message naming the file, and the calling process goes on."""

from __future__ import annotations

import shutil
import struct
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from casereview.errors import ValidationError
from casereview.intake.isolated import probe_file
from casereview.services.app import Services

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"


def _copy(tmp_path: Path, name: str = "registry.xls") -> Path:
    target = tmp_path / name
    shutil.copy(FIXTURES / name, target)
    return target


def _good(tmp_path: Path) -> Path:
    from casereview.intake.synthetic import write_registry_xlsx

    path = tmp_path / "good.xlsx"
    write_registry_xlsx(path, 5)
    return path


def test_a_good_file_is_read_once(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    first = probe_file(path)
    assert first.rows >= 3 and not first.cached
    assert probe_file(path).cached


def test_a_hanging_reader_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEREVIEW_PROBE_FAULT", "hang")
    started = time.monotonic()
    with pytest.raises(ValidationError, match="超过 2 秒仍未完成") as refused:
        probe_file(_copy(tmp_path), timeout=2)
    assert refused.value.code == "reader_timeout" and "registry.xls" in refused.value.message
    assert time.monotonic() - started < 15


@pytest.mark.parametrize(("fault", "code", "words"), [("crash", "reader_crashed", "异常退出"),
                                                      ("memory", "reader_memory", "内存超过")])
def test_a_crash_or_memory_exhaustion_is_one_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str,
                                                     code: str, words: str) -> None:
    monkeypatch.setenv("CASEREVIEW_PROBE_FAULT", fault)
    with pytest.raises(ValidationError, match=words) as refused:
        probe_file(_copy(tmp_path), memory=600 << 20)
    assert refused.value.code == code


def test_a_crafted_xlsb_aborting_the_reader_leaves_the_caller_alive(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    source = FIXTURES / "calamine" / "date.xlsb"
    path = tmp_path / "far.xlsb"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = bytearray(src.read(info))
            if info.filename == "xl/worksheets/sheet1.bin":
                row = data.find(b"\x00\x19")  # BrtRowHdr (type 0, 25 bytes): rw first
                struct.pack_into("<I", data, row + 2, 1_048_575)
                cell = data.find(b"\x02\x0c", row)  # BrtCellRk (type 2, 12 bytes): col first
                struct.pack_into("<I", data, cell + 2, 16_383)
            out.writestr(info, bytes(data))
    monkeypatch.setenv("CASEREVIEW_PROBE_FAULT", "no_limits")  # the child meets the file without limits.py
    with pytest.raises(ValidationError) as refused:
        probe_file(path)
    assert refused.value.code in ("reader_crashed", "reader_memory"), refused.value.message
    assert "far.xlsb" in refused.value.message
    monkeypatch.delenv("CASEREVIEW_PROBE_FAULT")
    # In the app's own process the pre-read check refuses it as well, without reading it.
    with pytest.raises(ValidationError, match=r"far\.xlsb"):
        probe_file(path)


def test_the_service_reads_in_a_child_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services = Services.open(tmp_path / "iso.sqlite3", as_system=True)
    try:
        path = _copy(tmp_path)
        monkeypatch.setenv("CASEREVIEW_PROBE_FAULT", "crash")
        with pytest.raises(ValidationError, match="异常退出"):
            services.intake.preview(path, isolated=True)
        monkeypatch.delenv("CASEREVIEW_PROBE_FAULT")
        assert services.intake.preview(path, isolated=True).headers  # the same process goes on
        assert services.intake.run(path, isolated=True).rows_read == 3
    finally:
        services.close()


@pytest.mark.parametrize(("fault", "words"), [("hang", "超过 3 秒仍未完成"), ("crash", "异常退出")])
def test_the_cli_import_reads_in_the_same_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str], fault: str, words: str) -> None:
    """`casereview cases import` goes through the app's probe: a reader that hangs or aborts on
    the file is one Chinese message naming it (exit 1), the database unchanged, the CLI alive."""
    from casereview.cli.main import main as cli
    from casereview.intake import isolated

    monkeypatch.setattr(isolated.probe_file, "__kwdefaults__",
                        {**(isolated.probe_file.__kwdefaults__ or {}), "timeout": 3.0})
    db = str(tmp_path / "cli.sqlite3")
    path = _good(tmp_path)
    monkeypatch.setenv("CASEREVIEW_PROBE_FAULT", fault)
    started = time.monotonic()
    assert cli(["cases", "import", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert words in err and "good.xlsx" in err and "Traceback" not in err, err
    assert time.monotonic() - started < 30
    monkeypatch.delenv("CASEREVIEW_PROBE_FAULT")
    assert cli(["cases", "list", "--db", db, "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert cli(["cases", "import", str(path), "--db", db]) == 0
    assert "已新增 5 件" in capsys.readouterr().out


def test_the_cli_reads_the_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The child hands the rows it read over: this process does not open the file again (the
    import costs no more CPU than before the probe); the rows are dropped afterwards."""
    from casereview.cli.main import main as cli
    from casereview.intake import readers

    path = _good(tmp_path)
    opened: list[str] = []
    for name in ("_excel_rows", "_html_rows", "_csv_rows"):
        real = getattr(readers, name)

        def counting(*args: object, _real: Any = real, _name: str = name) -> Any:
            opened.append(_name)  # a forked child counts in its own copy of this list
            return _real(*args)

        monkeypatch.setattr(readers, name, counting)
    assert cli(["cases", "import", str(path), "--db", str(tmp_path / "once.sqlite3")]) == 0
    assert "已新增 5 件" in capsys.readouterr().out
    assert opened == [] and readers._PRELOADED == {}
