#!/usr/bin/env python3
"""Build the distributable program for this platform (one command per platform).

    python3 installer/build.py              # Linux: dist/CaseReview/ + .tar.gz + .desktop entry
    python  installer\\build.py              # Windows: dist\\CaseReview\\ + setup .exe + portable .zip
    python3 installer/build.py --self-test  # ... then run the frozen program's --self-test
    python3 installer/build.py nsis-check   # compile the NSIS script against a placeholder payload
                                            # (any OS with makensis; catches script errors in CI)

Uses the project's .venv (created and filled by installer/bootstrap.py; PyInstaller comes
from the `build` extra of pyproject.toml). Standard library only, like bootstrap.py.
Outputs (version from pyproject.toml):
    dist/CaseReview/                                  the one-folder bundle (both programs)
    dist/CaseReview-<version>-linux-x86_64.tar.gz     Linux
    dist/CaseReview-<version>-setup-x64.exe           Windows installer (NSIS)
    dist/CaseReview-<version>-portable-x64.zip        Windows portable (with portable.flag)
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
NSIS_BUILD = ROOT / "build" / "nsis"
APP = "CaseReview"
BUNDLE = DIST / APP
WINDOWS = os.name == "nt"
EXE = ".exe" if WINDOWS else ""
PORTABLE_MARKER = "portable.flag"  # same name as casereview.paths.PORTABLE_MARKER


def project() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"name": data["name"], "version": data["version"]}


def version_4(version: str) -> str:
    """ "0.1.0" / "1.2.0rc1" -> "0.1.0.0" / "1.2.0.0" (Windows file versions are four numbers)."""
    nums: list[str] = []
    for part in version.split("."):
        lead = len(part) - len(part.lstrip("0123456789"))  # leading digits only: "1rc1" -> "1"
        nums.append(part[:lead] or "0")
        if not part.isdigit():
            break
    return ".".join([*nums, "0", "0", "0", "0"][:4])


def run(*cmd: str | Path, cwd: Path = ROOT) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=cwd)
    if code != 0:
        sys.exit(f"命令失败（退出码 {code}）：{' '.join(str(c) for c in cmd)}")


def ensure_build_venv() -> Path:
    """The .venv from bootstrap.py plus PyInstaller (the `build` extra)."""
    sys.path.insert(0, str(INSTALLER))
    import bootstrap  # installer/bootstrap.py: creates .venv and installs the project

    bootstrap.ensure_venv()
    python = Path(bootstrap.PYTHON)
    if subprocess.call([str(python), "-c", "import PyInstaller"], stderr=subprocess.DEVNULL) != 0:
        print("安装 PyInstaller（pyproject.toml 的 build 附加依赖）…", flush=True)
        run(python, "-m", "pip", "install", "-q", "-e", f"{ROOT}[build]")
    return python


def build_bundle(python: Path) -> float:
    start = time.perf_counter()
    run(
        python,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        DIST,
        "--workpath",
        WORK,
        INSTALLER / "casereview.spec",
    )
    for name in ("casereview-gui", "casereview"):
        if not (BUNDLE / f"{name}{EXE}").exists():
            sys.exit(f"打包结果缺少 {BUNDLE / (name + EXE)}")
    return time.perf_counter() - start


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


# ---- Linux ---------------------------------------------------------------------------------


def linux_extras() -> None:
    """Icon, .desktop template and its installer script go into the bundle's top folder."""
    shutil.copy2(ROOT / "resources" / "icons" / "casereview.png", BUNDLE / "casereview.png")
    shutil.copy2(INSTALLER / "linux" / "casereview.desktop", BUNDLE / "casereview.desktop")
    script = BUNDLE / "install-desktop-entry.sh"
    shutil.copy2(INSTALLER / "linux" / "install-desktop-entry.sh", script)
    script.chmod(0o755)


# Libraries of Qt's X11 plugin that minimal desktops lack. PyInstaller copies them into the
# bundle only when the build machine has them, so the build warns when one is missing.
XCB_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def missing_xcb_libs() -> list[str]:
    internal = BUNDLE / "_internal"
    return [pkg for lib, pkg in XCB_LIBS.items() if not (internal / lib).exists()]


def make_tarball(version: str) -> Path:
    arch = platform.machine().lower().replace("amd64", "x86_64")
    target = DIST / f"{APP}-{version}-linux-{arch}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=APP)  # symlinks inside the bundle are kept as symlinks
    return target


# ---- Windows / NSIS ------------------------------------------------------------------------


def makensis() -> str:
    found = shutil.which("makensis")
    if not found and WINDOWS:
        for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
            candidate = Path(base or "") / "NSIS" / "makensis.exe"
            if base and candidate.exists():
                found = str(candidate)
                break
    if not found:
        sys.exit(
            "找不到 makensis：请安装 NSIS 3（https://nsis.sourceforge.io，或 Debian 上 apt-get install nsis）并加入 PATH。"
        )
    return found


def nsis_config(version: str, payload: Path, out_file: Path) -> Path:
    """The generated !define include (version from pyproject.toml, absolute paths)."""
    NSIS_BUILD.mkdir(parents=True, exist_ok=True)
    config = NSIS_BUILD / "installer.nsh"
    lines = [
        "; generated by installer/build.py — do not edit",
        f'!define APP_VERSION "{version}"',
        f'!define APP_VERSION_4 "{version_4(version)}"',
        f'!define PAYLOAD_DIR "{payload}"',
        f'!define OUT_FILE "{out_file}"',
        f'!define ICON_FILE "{ROOT / "resources" / "icons" / "casereview.ico"}"',
    ]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # BOM: NSIS reads it as UTF-8
    return config


def compile_nsis(version: str, payload: Path, out_file: Path) -> Path:
    config = nsis_config(version, payload, out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    run(makensis(), "-V2", "-WX", f"-DCONFIG={config}", INSTALLER / "windows" / "casereview.nsi")
    if not out_file.exists():
        sys.exit(f"makensis 没有生成 {out_file}")
    return out_file


def placeholder_payload() -> Path:
    """A stand-in for dist\\CaseReview so the script compiles where no Windows bundle exists."""
    payload = NSIS_BUILD / "placeholder" / APP
    (payload / "_internal").mkdir(parents=True, exist_ok=True)
    for name in ("casereview-gui.exe", "casereview.exe", "_internal/placeholder.txt"):
        (payload / name).write_bytes(b"placeholder: built by installer/build.py nsis-check\n")
    return payload


def make_portable_zip(version: str) -> Path:
    target = DIST / f"{APP}-{version}-portable-x64.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(BUNDLE.rglob("*")):
            if path.is_file():
                zf.write(path, Path(APP) / path.relative_to(BUNDLE))
        zf.writestr(f"{APP}/{PORTABLE_MARKER}", "便携模式：所有数据保存在本文件夹的 data 子文件夹中。\n")
    return target


# ---- checks --------------------------------------------------------------------------------


def frozen_self_test() -> float:
    """The bundle's own self-test, as a user would run it (offscreen: CI has no display)."""
    start = time.perf_counter()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    runs = [[str(BUNDLE / f"casereview-gui{EXE}"), "--self-test"]]
    if WINDOWS:  # the windowed program prints into this console through AttachConsole
        runs.append([str(BUNDLE / "casereview.exe"), "selftest"])
    for args in runs:
        print("+", " ".join(args), flush=True)
        code = subprocess.call(args, env=env)
        if code != 0:
            sys.exit(f"打包程序自检失败（{Path(args[0]).name}，退出码 {code}）。")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installer/build.py", description="构建 CaseReview 发行包")
    parser.add_argument(
        "action",
        nargs="?",
        default="all",
        choices=["all", "bundle", "nsis-check"],
        help="all：完整构建（默认）；bundle：只打包文件夹；nsis-check：用占位文件编译 NSIS 脚本",
    )
    parser.add_argument("--self-test", action="store_true", help="构建后运行打包程序的 --self-test")
    args = parser.parse_args(argv)
    info = project()
    version = info["version"]

    if args.action == "nsis-check":
        start = time.perf_counter()
        out = compile_nsis(
            version, placeholder_payload(), NSIS_BUILD / f"{APP}-{version}-setup-x64-placeholder.exe"
        )
        print(f"NSIS 脚本编译通过：{out}（{time.perf_counter() - start:.1f} 秒）")
        return 0

    python = ensure_build_venv()
    seconds = build_bundle(python)
    report = [f"打包文件夹 {BUNDLE}：{mb(folder_size(BUNDLE))}，用时 {seconds:.0f} 秒"]
    if args.action == "all":
        if WINDOWS:
            setup = compile_nsis(version, BUNDLE, DIST / f"{APP}-{version}-setup-x64.exe")
            report.append(f"安装程序 {setup}：{mb(setup.stat().st_size)}")
            portable = make_portable_zip(version)
            report.append(f"便携版 {portable}：{mb(portable.stat().st_size)}")
        else:
            linux_extras()
            missing = missing_xcb_libs()
            if missing:
                report.append(
                    "注意：构建机缺少 " + " ".join(missing) + "，包内未带这些库，目标机器需自行安装"
                    "（构建前 apt-get install 它们即可打进包里）"
                )
            start = time.perf_counter()
            tarball = make_tarball(version)
            report.append(
                f"压缩包 {tarball}：{mb(tarball.stat().st_size)}，用时 {time.perf_counter() - start:.0f} 秒"
            )
    if args.self_test:
        report.append(f"自检通过，用时 {frozen_self_test():.1f} 秒")
    print("\n".join(["", "构建完成：", *report]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
