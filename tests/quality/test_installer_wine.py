"""The compiled Windows installer, run under Wine: install, upgrade, refuse, uninstall.

The setup is compiled exactly as the official Windows NSIS would build it (system code page
CP936, x86 stubs only) around a placeholder payload, then driven silently through the cases an
IT department meets: per-user install, /D=, /ALLUSERS /D=, upgrades that must land in the same
folder, a running program, an unsupported Windows, uninstall keeping and removing the data.
Files and registry keys are checked after each step.

Needs wine (Debian: wine, wine32:i386, wine64) and makensis. Skipped when they are missing,
unless CASEREVIEW_REQUIRE_WINE=1 (set by .ci/run), which makes their absence a failure.
About a minute, most of it creating the Wine prefix.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("CASEREVIEW_REQUIRE_WINE") == "1"
HAVE_TOOLS = all(shutil.which(tool) for tool in ("wine", "wineserver", "makensis"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),  # Wine prefix (~50 s) + about 15 installer runs, on a shared CI machine
    pytest.mark.skipif(not HAVE_TOOLS and not REQUIRED, reason="wine/makensis not installed"),
]

UNINSTALL_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\CaseReview"
SETTINGS_KEY = r"HKCU\Software\CaseReview"
MUTEX = "CaseReview.Running.7f3d2c1e"
START_MENU = "CaseReview 案卷评查"

# A stand-in for the running program: holds the named mutex until a stop file appears.
HOLDER_NSI = r"""
Unicode true
Target x86-unicode
OutFile "${OUT}"
SilentInstall silent
!include FileFunc.nsh
Section
  ${GetParameters} $1
  System::Call 'kernel32::CreateMutexW(p 0, i 1, w r1) p .r0'
  FileOpen $2 "$EXEDIR\holder.started" w
  FileClose $2
  loop:
    IfFileExists "$EXEDIR\holder.stop" done
    Sleep 100
    Goto loop
  done:
SectionEnd
"""


class Wine:
    """One throw-away Wine prefix (64-bit, so the x86 setup runs under WOW64 like on Windows)."""

    def __init__(self, prefix: Path) -> None:
        self.prefix = prefix
        self.env = dict(
            os.environ,
            WINEPREFIX=str(prefix),
            WINEARCH="win64",
            WINEDEBUG="-all",
            WINEDLLOVERRIDES="mscoree,mshtml=",  # no Mono/Gecko download prompts
        )
        self.env.pop("DISPLAY", None)  # silent installers need no display
        user = os.environ.get("USER") or os.environ.get("LOGNAME") or "root"
        self.c = prefix / "drive_c"
        self.local_appdata = self.c / "users" / user / "AppData" / "Local"

    def call(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return self._run(["wine", *args], timeout)

    def _run(self, cmd: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        # Output through a file, not a pipe: Wine's background services inherit the handles
        # and would keep a pipe open for as long as the persistent wineserver lives.
        with tempfile.TemporaryFile() as out:
            proc = subprocess.run(cmd, env=self.env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
        return subprocess.CompletedProcess(cmd, proc.returncode, text, "")

    def start(self) -> None:
        # A persistent wineserver: otherwise each call pays ~5 s to start it and its services.
        self.prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["wineserver", "-p"], env=self.env, timeout=60, check=True)
        booted = self._run(["wineboot", "-i"], timeout=300)
        assert booted.returncode == 0, booted.stdout

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60, check=False)

    def run_exe(self, exe: Path, *args: str) -> int:
        """Start a GUI-subsystem program and return its full exit code (a Unix exit code would
        keep only the low byte: 1618 would read as 82)."""
        line = f'start "" /wait "{win_path(exe)}" {" ".join(args)} & echo EXIT=!ERRORLEVEL!'
        result = self.call("cmd", "/v:on", "/c", line)
        found = re.search(r"EXIT=(-?\d+)", result.stdout)
        assert found, f"no exit code from {exe.name} {args}: {result.stdout!r} {result.stderr!r}"
        return int(found.group(1))

    def reg(self, key: str, view: str = "64") -> dict[str, str] | None:
        """The values of a registry key (None: no such key), in the 64-bit view by default
        (Wine's reg.exe is 32-bit: without /reg:64 it would look into WOW6432Node)."""
        result = self.call("reg", "query", key, f"/reg:{view}")
        if result.returncode != 0:
            return None
        values = {}
        for line in result.stdout.splitlines():
            parts = line.strip().split(None, 2)
            if len(parts) == 3 and parts[1].startswith("REG_"):
                values[parts[0]] = parts[2]
        return values

    def set_windows_version(self, version: str) -> None:
        self.call("reg", "add", r"HKCU\Software\Wine", "/v", "Version", "/d", version, "/f")

    def gone(self, folder: Path, timeout: float = 60) -> bool:
        """The uninstaller works on from a temp copy after its exit: wait for its last act."""
        deadline = time.monotonic() + timeout
        while folder.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        return not folder.exists()

    def unix(self, windows_path: str) -> Path:
        assert windows_path[:3].upper() == "C:\\", windows_path
        return self.c / windows_path[3:].replace("\\", "/")


def win_path(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("installer_build_wine", ROOT / "installer" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def setups(build: ModuleType) -> Iterator[dict[str, Path]]:
    """Version 0.0.1 and 0.0.2 of the setup, compiled as on Windows, plus the mutex holder."""
    if not HAVE_TOOLS:
        pytest.fail("CASEREVIEW_REQUIRE_WINE=1 but wine, wineserver or makensis is missing")
    out = Path(tempfile.mkdtemp(prefix="casereview-setups-"))
    saved = build.NSIS_BUILD
    build.NSIS_BUILD = out / "nsis"
    try:
        nsisdir = build.windows_like_nsisdir(out / "nsis-x86-only")
        payload = build.placeholder_payload()
        result = {}
        for version in ("0.0.1", "0.0.2"):
            (payload / "_internal" / "version.txt").write_text(version)
            result[version] = build.compile_nsis(
                version, payload, out / f"setup-{version}.exe", charset="CP936", nsisdir=nsisdir
            )
    finally:
        build.NSIS_BUILD = saved
    holder = out / "holder.nsi"
    holder.write_text(HOLDER_NSI.replace("${OUT}", str(out / "holder.exe")), encoding="utf-8-sig")
    subprocess.run(["makensis", "-V1", str(holder)], check=True, env=dict(os.environ, NSISDIR=str(nsisdir)))
    result["holder"] = out / "holder.exe"
    yield result
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture(scope="module")
def wine() -> Iterator[Wine]:
    # Not under pytest's basetemp: concurrent pytest runs prune each other's old basetemps.
    folder = Path(tempfile.mkdtemp(prefix="casereview-wine-"))
    w = Wine(folder / "prefix")
    started = time.perf_counter()
    try:
        w.start()
        print(f"wine prefix ready in {time.perf_counter() - started:.0f} s")
        yield w
    finally:
        w.stop()
        shutil.rmtree(folder, ignore_errors=True)


class Holder:
    """The running program (for the installer: the named mutex exists)."""

    def __init__(self, wine: Wine, exe: Path, name: str) -> None:
        self.wine, self.exe, self.name = wine, exe, name
        self.folder = exe.parent

    def __enter__(self) -> Holder:
        for marker in ("holder.started", "holder.stop"):
            (self.folder / marker).unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            ["wine", str(self.exe), self.name], env=self.wine.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not (self.folder / "holder.started").exists():
            assert time.monotonic() < deadline, "mutex holder did not start"
            time.sleep(0.1)
        return self

    def __exit__(self, *exc: object) -> None:
        (self.folder / "holder.stop").write_text("stop")
        self.proc.wait(timeout=60)


def test_install_upgrade_uninstall_under_wine(wine: Wine, setups: dict[str, Path]) -> None:
    old, new = setups["0.0.1"], setups["0.0.2"]
    hkcu_key, hklm_key = rf"HKCU\{UNINSTALL_KEY}", rf"HKLM\{UNINSTALL_KEY}"
    default_dir = wine.local_appdata / "Programs" / "CaseReview"
    data_dir = wine.local_appdata / "CaseReview" / "CaseReview"
    start_menu = wine.local_appdata.parent / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    common_menu = wine.c / "ProgramData" / "Microsoft" / "Windows" / "Start Menu" / "Programs"

    # -- Windows 7 (Wine's default here): refused with the documented code, nothing written.
    wine.set_windows_version("win7")
    assert wine.run_exe(old, "/S") == 1633
    assert not default_dir.exists() and wine.reg(hkcu_key) is None
    wine.set_windows_version("win10")  # build 18362 >= 17763

    # -- per-user, default folder.
    assert wine.run_exe(old, "/S") == 0
    assert (default_dir / "casereview-gui.exe").is_file() and (default_dir / "uninstall.exe").is_file()
    assert (default_dir / "_internal" / "version.txt").read_text() == "0.0.1"
    assert not (default_dir / "allusers.flag").exists()
    entry = wine.reg(hkcu_key)
    assert entry is not None, "no per-user uninstall entry"
    assert wine.unix(entry["InstallLocation"]) == default_dir
    assert entry["DisplayVersion"] == "0.0.1"
    assert entry["QuietUninstallString"] == f'"{wine_path(wine, default_dir)}\\uninstall.exe" /S'
    assert wine.reg(hklm_key) is None
    assert (start_menu / START_MENU / f"{START_MENU}.lnk").is_file()

    # The user works: data, Qt settings, and a file of the old runtime that 0.0.2 no longer has.
    data_dir.mkdir(parents=True)
    (data_dir / "casereview.sqlite3").write_bytes(b"SQLite format 3\0")
    wine.call("reg", "add", rf"{SETTINGS_KEY}\CaseReview", "/v", "geometry", "/d", "x", "/f", "/reg:64")
    (default_dir / "_internal" / "stale.dll").write_bytes(b"old")

    # -- uninstall, keeping the data.
    assert wine.run_exe(default_dir / "uninstall.exe", "/S") == 0
    assert wine.gone(default_dir), sorted(default_dir.rglob("*"))
    assert wine.reg(hkcu_key) is None
    assert not (start_menu / START_MENU).exists()
    assert (data_dir / "casereview.sqlite3").is_file() and wine.reg(SETTINGS_KEY) is not None

    # -- per-user into a custom folder (/D=), then an upgrade without /D= goes to the same folder.
    custom = wine.c / "Apps" / "CaseReview"
    assert wine.run_exe(old, "/S", r"/D=C:\Apps\CaseReview") == 0
    assert (custom / "casereview-gui.exe").is_file() and not default_dir.exists()
    (custom / "_internal" / "stale.dll").write_bytes(b"old")
    assert wine.run_exe(new, "/S") == 0
    assert not default_dir.exists(), "the upgrade installed a second copy in the default folder"
    assert (custom / "_internal" / "version.txt").read_text() == "0.0.2"
    assert not (custom / "_internal" / "stale.dll").exists(), "old runtime files survived the upgrade"
    assert not (custom / "_internal.old").exists()
    entry = wine.reg(hkcu_key)
    assert entry is not None and entry["DisplayVersion"] == "0.0.2"
    assert wine.unix(entry["InstallLocation"]) == custom

    # -- CaseReview is running: the upgrade and the uninstall change nothing and say so (1618).
    (custom / "_internal" / "version.txt").write_text("running")
    with Holder(wine, setups["holder"], MUTEX):
        assert wine.run_exe(new, "/S") == 1618
        assert (custom / "_internal" / "version.txt").read_text() == "running"
        # _?= runs the uninstaller in place, so its own exit code comes back
        assert wine.run_exe(custom / "uninstall.exe", "/S", r"_?=C:\Apps\CaseReview") == 1618
        assert (custom / "casereview-gui.exe").is_file()
    assert wine.run_exe(new, "/S") == 0
    assert (custom / "_internal" / "version.txt").read_text() == "0.0.2"

    # -- uninstall with /REMOVEDATA: program, data folder and Qt settings key go.
    assert wine.run_exe(custom / "uninstall.exe", "/S", "/REMOVEDATA") == 0
    assert wine.gone(custom), sorted(custom.rglob("*"))
    assert wine.gone(data_dir.parent)
    assert wine.reg(SETTINGS_KEY) is None and wine.reg(hkcu_key) is None

    # -- all users into a custom folder (/ALLUSERS /D=): HKLM in the 64-bit view only.
    shared = wine.c / "Shared" / "CaseReview"
    program_files = wine.c / "Program Files" / "CaseReview"
    assert wine.run_exe(old, "/S", "/ALLUSERS", r"/D=C:\Shared\CaseReview") == 0
    assert (shared / "casereview-gui.exe").is_file() and (shared / "allusers.flag").is_file()
    assert not program_files.exists(), "/ALLUSERS ignored /D="
    entry = wine.reg(hklm_key)
    assert entry is not None, "no all-users uninstall entry in the 64-bit registry"
    assert wine.unix(entry["InstallLocation"]) == shared
    assert wine.reg(hklm_key, view="32") is None, "uninstall entry written to WOW6432Node"
    assert wine.reg(hkcu_key) is None
    assert (common_menu / START_MENU / f"{START_MENU}.lnk").is_file()

    # -- all-users upgrade without /D=: same folder (from HKLM), not Program Files; a copy
    # running in any session (Global\ mutex) stops it.
    with Holder(wine, setups["holder"], f"Global\\{MUTEX}"):
        assert wine.run_exe(new, "/S", "/ALLUSERS") == 1618
    assert wine.run_exe(new, "/S", "/ALLUSERS") == 0
    assert not program_files.exists() and not default_dir.exists()
    assert (shared / "_internal" / "version.txt").read_text() == "0.0.2"
    entry = wine.reg(hklm_key)
    assert entry is not None and entry["DisplayVersion"] == "0.0.2"

    # -- all-users uninstall.
    assert wine.run_exe(shared / "uninstall.exe", "/S") == 0
    assert wine.gone(shared), sorted(shared.rglob("*"))
    assert wine.reg(hklm_key) is None
    assert not (common_menu / START_MENU).exists()


def wine_path(wine: Wine, path: Path) -> str:
    return "C:\\" + str(path.relative_to(wine.c)).replace("/", "\\")
