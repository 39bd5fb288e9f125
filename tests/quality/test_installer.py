"""Installer and distribution: build script helpers, NSIS script, .desktop entry, self-test,
Linux display check. (The PyInstaller build itself takes a minute: CI runs it in .ci/run.)"""

from __future__ import annotations

import configparser
import importlib.util
import io
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"installer_{name}", INSTALLER / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _load("build")


# -- build script --------------------------------------------------------------------------


def test_version_from_pyproject(build: ModuleType) -> None:
    import tomllib

    expected = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert build.project()["version"] == expected
    assert build.version_4("0.1.0") == "0.1.0.0"
    assert build.version_4("1.2") == "1.2.0.0"
    assert build.version_4("2.0.1rc1") == "2.0.1.0"
    assert build.version_4("3.4.5.6.7") == "3.4.5.6"


def test_nsis_config_defines_everything_the_script_uses(
    build: ModuleType, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(build, "NSIS_BUILD", tmp_path)
    config = build.nsis_config("1.2.3", tmp_path / "payload", tmp_path / "out.exe").read_text(
        encoding="utf-8-sig"
    )
    script = (INSTALLER / "windows" / "casereview.nsi").read_text(encoding="utf-8")
    for name in ("APP_VERSION", "APP_VERSION_4", "PAYLOAD_DIR", "OUT_FILE", "ICON_FILE"):
        assert f"!define {name} " in config
        assert "${" + name + "}" in script
    assert '!define APP_VERSION "1.2.3"' in config and '!define APP_VERSION_4 "1.2.3.0"' in config
    assert "setup.exe" not in config  # NSIS warning 9000 ("insecure filename")


def test_nsis_script_settings() -> None:
    raw = (INSTALLER / "windows" / "casereview.nsi").read_bytes()
    # Windows makensis reads a file without BOM in the system code page ("Bad text encoding").
    assert raw.startswith(b"\xef\xbb\xbf")
    script = raw.decode("utf-8-sig")
    for needed in (
        "Unicode true",
        "Target x86-unicode",  # the official Windows NSIS ships x86 stubs only
        "SetRegView 64",
        "AllowSkipFiles off",
        "InstallDirRegKey",
        "${AtLeastBuild} ${MIN_BUILD}",
        "!define MIN_BUILD 17763",
        'MUI_LANGUAGE "SimpChinese"',
        "RequestExecutionLevel user",
        r"$LOCALAPPDATA\Programs",
        "同时删除我的评查数据",
        "/ALLUSERS",
        "/REMOVEDATA",
        "!uninstfinalize",
    ):
        assert needed in script, needed
    assert "amd64" not in script


def test_nsis_mutex_matches_the_program() -> None:
    """The installer looks for the mutex the running program holds (ui/app.py)."""
    script = (INSTALLER / "windows" / "casereview.nsi").read_text(encoding="utf-8-sig")
    app = (ROOT / "ui" / "app.py").read_text(encoding="utf-8")
    in_script = re.search(r'!define APP_MUTEX "([^"]+)"', script)
    in_app = re.search(r'RUNNING_MUTEX = "([^"]+)"', app)
    assert in_script and in_app and in_script.group(1) == in_app.group(1)


def test_exit_codes_documented() -> None:
    script = (INSTALLER / "windows" / "casereview.nsi").read_text(encoding="utf-8-sig")
    doc = (ROOT / "docs" / "install-windows.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"!define EXIT_\w+ (\d+)", script))
    assert codes == {"740", "1618", "1633"}
    for code in (*codes, "0", "2"):
        assert f"| {code} " in doc, f"exit code {code} not in the IT guide's table"


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (NSIS) not installed")
def test_nsis_script_compiles_as_windows_reads_it(build: ModuleType, tmp_path: Path, monkeypatch: Any) -> None:
    """Native, then CP1252 and CP936 with the x86-only stubs of the official Windows NSIS."""
    monkeypatch.setattr(build, "NSIS_BUILD", tmp_path)
    outputs = build.nsis_check("0.0.1")
    assert len(outputs) == (1 if os.name == "nt" else 3)
    for out in outputs:
        data = out.read_bytes()
        assert data[:2] == b"MZ"
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        assert data[pe : pe + 4] == b"PE\0\0"
        assert struct.unpack_from("<H", data, pe + 4)[0] == 0x14C  # i386 stub (Target x86-unicode)


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (NSIS) not installed")
def test_sign_command_signs_uninstaller_and_installer(
    build: ModuleType, tmp_path: Path, monkeypatch: Any
) -> None:
    """!uninstfinalize and !finalize run the configured command on both files."""
    monkeypatch.setattr(build, "NSIS_BUILD", tmp_path)
    log = tmp_path / "signed.log"
    command = f"echo %1 >> {log}"
    assert build.sign_command(command) == command
    out = build.compile_nsis("0.0.1", build.placeholder_payload(), tmp_path / "CaseReview-signed-setup-x64.exe", sign=command)
    signed = log.read_text().split()
    # first the uninstaller (a temp file, before it is packed), then the setup itself
    assert len(signed) == 2 and signed[1] == str(out) and signed[0] != str(out)


def test_sign_command_needs_placeholder(build: ModuleType, monkeypatch: Any) -> None:
    monkeypatch.delenv("CASEREVIEW_SIGN_COMMAND", raising=False)
    with pytest.raises(SystemExit, match="%1"):
        build.sign_command("signtool sign /a setup.exe")
    assert build.sign_command(None) is None


def test_bundle_requirements_report_what_is_missing(build: ModuleType, tmp_path: Path) -> None:
    bundle = tmp_path / "CaseReview"
    internal = bundle / "_internal"
    needed = build.bundle_requirements(windows=True, ocr=True)
    labels = " ".join(label for label, _ in needed)
    for name in ("qwindows.dll", "样式插件", "qtbase_zh_CN.qm", "msvcp140.dll", "vcruntime140_1.dll", "字体", "rapidocr"):
        assert name in labels, name
    internal.mkdir(parents=True)
    assert len(build.missing_from_bundle(bundle, needed)) == len(needed) + 2  # + both programs
    for _label, patterns in needed:  # a complete Windows-shaped bundle passes
        target = internal / patterns[0].replace("**/", "x/").replace("*", "a")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"")
    for name in ("casereview-gui", "casereview"):
        (bundle / f"{name}{build.EXE}").write_bytes(b"")
    assert build.missing_from_bundle(bundle, needed) == []
    linux = " ".join(label for label, _ in build.bundle_requirements(windows=False, ocr=False))
    assert "libqxcb.so" in linux and "qwindows" not in linux and "rapidocr" not in linux


def test_icons_exist() -> None:
    from PIL import Image

    png = Image.open(ROOT / "resources" / "icons" / "casereview.png")
    assert png.size == (256, 256)
    ico = Image.open(ROOT / "resources" / "icons" / "casereview.ico")
    assert (16, 16) in ico.info["sizes"] and (256, 256) in ico.info["sizes"]


# -- Linux desktop entry -------------------------------------------------------------------


def test_desktop_entry() -> None:
    parser = configparser.RawConfigParser()
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(INSTALLER / "linux" / "casereview.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "casereview-gui"
    assert entry["Icon"] == "casereview"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"]
    assert "案卷评查" in entry["Name[zh_CN]"]
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(INSTALLER / "linux" / "casereview.desktop")], check=True)


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell script")
def test_install_desktop_entry_script_uses_absolute_paths(tmp_path: Path) -> None:
    bundle = tmp_path / "opt" / "CaseReview"
    bundle.mkdir(parents=True)
    for name in ("casereview.desktop", "install-desktop-entry.sh"):
        shutil.copy2(INSTALLER / "linux" / name, bundle / name)
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    subprocess.run(["sh", str(bundle / "install-desktop-entry.sh")], check=True, env=env, capture_output=True)
    text = (home / ".local" / "share" / "applications" / "casereview.desktop").read_text(encoding="utf-8")
    assert f'Exec="{bundle}/casereview-gui"' in text
    assert f"Icon={bundle}/casereview.png" in text
    assert (home / ".local" / "bin" / "casereview").is_symlink()
    subprocess.run(
        ["sh", str(bundle / "install-desktop-entry.sh"), "--remove"], check=True, env=env, capture_output=True
    )
    assert not (home / ".local" / "share" / "applications" / "casereview.desktop").exists()


# -- self-test -----------------------------------------------------------------------------


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_cli_selftest_passes_and_leaves_data_dir_alone(capsys: Any) -> None:
    from casereview.cli.main import main

    before = os.environ.get("CASEREVIEW_DATA_DIR")
    assert main(["selftest"]) == 0
    out = capsys.readouterr().out
    for label in (
        "加载内置评查标准",
        "生成演示案卷",
        "评查打分并提交",
        "导出评查表 PDF",
        "导出评查标准 XLSX",
    ):
        assert f"✓ {label}" in out
    assert "✗" not in out and "自检通过" in out
    assert os.environ.get("CASEREVIEW_DATA_DIR") == before


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_selftest_reports_each_failure_and_keeps_going(monkeypatch: Any, tmp_path: Path) -> None:
    import casereview.selftest as selftest

    monkeypatch.setattr(selftest, "resources_dir", lambda: tmp_path / "missing")

    def broken() -> str:
        raise RuntimeError("窗口打不开")

    out = io.StringIO()
    code = selftest.run_self_test(lambda test: [("打开主窗口", broken)], out=out)
    text = out.getvalue()
    assert code == 1
    assert "✗ 程序文件与资源：RuntimeError: 缺少文件：" in text and "wqy-microhei.ttc" in text
    assert "✓ 评查打分并提交" in text  # the following steps still ran
    assert "✗ 打开主窗口：RuntimeError: 窗口打不开" in text
    assert re.search(r"自检未通过：2/\d+ 项失败", text)  # steps get added (OCR): count-independent


# -- Linux display check --------------------------------------------------------------------


def test_display_check_no_display_is_fatal() -> None:
    from casereview.selftest import display_problems

    fatal, warning = display_problems({}, "linux", lambda name: "lib.so")
    assert fatal is not None and "DISPLAY" in fatal and "--self-test" in fatal
    assert warning is None


def test_display_check_names_missing_debian_packages() -> None:
    from casereview.selftest import display_problems

    present = {"xcb-cursor", "xkbcommon-x11"}
    fatal, warning = display_problems(
        {"DISPLAY": ":0"}, "linux", lambda name: f"lib{name}.so" if name in present else None
    )
    assert fatal is None and warning is not None
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in warning
    assert "libxcb-cursor0" not in warning


@pytest.mark.parametrize(
    ("env", "platform"),
    [
        ({"DISPLAY": ":0"}, "win32"),  # not Linux
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),  # self-test, screenshots
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux"),  # Wayland session
    ],
)
def test_display_check_silent_when_not_relevant(env: dict[str, str], platform: str) -> None:
    from casereview.selftest import display_problems

    assert display_problems(env, platform, lambda name: None) == (None, None)


def test_display_check_all_present_is_silent() -> None:
    from casereview.selftest import display_problems

    assert display_problems({"DISPLAY": ":0"}, "linux", lambda name: f"lib{name}.so") == (None, None)


def test_missing_system_library_message_names_the_package() -> None:
    from casereview.selftest import missing_library_message

    text = missing_library_message("libEGL.so.1: cannot open shared object file: No such file or directory")
    assert text is not None and "libEGL.so.1" in text and "sudo apt-get install libegl1" in text
    unknown = missing_library_message("libfoo.so.3: cannot open shared object file")
    assert unknown is not None and "libfoo.so.3" in unknown
    assert missing_library_message("No module named 'ui'") is None
