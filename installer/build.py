#!/usr/bin/env python3
"""Build the distributable program for this platform, in two steps so IT can sign in between.

    python3 installer/build.py              # bundle + package (both steps)
    python3 installer/build.py bundle       # step 1: PyInstaller folder dist/CaseReview/, checked
    python3 installer/build.py package      # step 2: from the (possibly signed) folder:
                                            #   Windows: setup .exe (NSIS) + portable .zip
                                            #   Linux:   .tar.gz + .desktop entry
    python3 installer/build.py --self-test  # ... then run the frozen program's --self-test
    python3 installer/build.py nsis-check   # compile the NSIS script against a placeholder payload,
                                            # natively and the way Windows NSIS reads it (CI)

Signing (Windows): `--sign-command "signtool sign /fd SHA256 /a /tr <url> /td SHA256 %1"` (or the
environment variable CASEREVIEW_SIGN_COMMAND) signs the bundle's .exe files at the end of
`bundle`, the uninstaller inside the setup (NSIS !uninstfinalize) and the setup itself
(!finalize); %1 is the file. Or run `bundle`, sign dist\\CaseReview\\*.exe yourself, run `package`.

The bundle is built from its own virtual environment build/venv that holds the RUNTIME
dependencies only (plus PyInstaller), never the dev tools of .venv. Standard library only,
like bootstrap.py. Outputs (version from pyproject.toml):
    dist/CaseReview/                                  the one-folder bundle (both programs)
    dist/CaseReview-<version>-linux-x86_64.tar.gz     Linux
    dist/CaseReview-<version>-setup-x64.exe           Windows installer (NSIS, x86 stub, 64-bit program)
    dist/CaseReview-<version>-portable-x64.zip        Windows portable (with portable.flag)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
NSIS_BUILD = ROOT / "build" / "nsis"
BUILD_VENV = ROOT / "build" / "venv"
APP = "CaseReview"
BUNDLE = DIST / APP
WINDOWS = os.name == "nt"
EXE = ".exe" if WINDOWS else ""
PORTABLE_MARKER = "portable.flag"  # same name as casereview.paths.PORTABLE_MARKER
NSIS_SCRIPT = INSTALLER / "windows" / "casereview.nsi"


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


def run(*cmd: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=cwd, env=env)
    if code != 0:
        sys.exit(f"命令失败（退出码 {code}）：{' '.join(str(c) for c in cmd)}")


# ---- the build environment: runtime dependencies only ---------------------------------------


LOCKS = ROOT / "requirements"  # hashed lock files (installer/lock.py)
# PyInstaller and what it needs, taken with their hashes from the dev lock.
PYINSTALLER_PACKAGES = (
    "pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "packaging", "setuptools",
    "pefile", "pywin32-ctypes", "macholib",
)  # fmt: skip


def runtime_installs() -> list[list[str]]:
    """pip arguments that put the program's RUNTIME dependencies into the build venv: exactly
    the hashed runtime lock (incl. the postgres extra: the team server), then the project
    itself without resolving anything. The dev tools (pytest, pandas, ruff ...) never get in."""
    return [["--require-hashes", "-r", str(LOCKS / "runtime.txt")], ["--no-deps", "-e", str(ROOT)]]


def locked_entries(lock: Path, names: tuple[str, ...]) -> str:
    """The entries (pin, markers, hashes) of some packages from a uv-exported lock file."""
    keep, out = False, []
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            name = re.split(r"[=<>; ]", line, maxsplit=1)[0].lower().replace("_", "-")
            keep = name in names
        if keep and not line.lstrip().startswith("#"):
            out.append(line)
    return "\n".join(out) + "\n"


def pyinstaller_installs() -> list[list[str]]:
    """PyInstaller is a build tool, not part of the bundle, but it is pinned and hashed too."""
    requirements = ROOT / "build" / "pyinstaller-requirements.txt"
    requirements.parent.mkdir(parents=True, exist_ok=True)
    requirements.write_text(locked_entries(LOCKS / "dev.txt", PYINSTALLER_PACKAGES), encoding="utf-8")
    return [["--require-hashes", "-r", str(requirements)]]


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if WINDOWS else "bin/python")


def ensure_build_venv() -> Path:
    """build/venv with the runtime dependencies and PyInstaller; re-filled when pyproject changes."""
    if sys.version_info < (3, 11):  # noqa: UP036 - must explain itself on old Pythons
        sys.exit(f"需要 Python 3.11 或更高版本，当前为 {sys.version.split()[0]}。")
    python = venv_python(BUILD_VENV)
    if not python.exists():
        print(f"创建构建环境 {BUILD_VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(BUILD_VENV)
    installs = runtime_installs() + pyinstaller_installs()
    stamp = BUILD_VENV / ".casereview-build-installed"
    state = hashlib.sha256(repr(installs).encode() + (ROOT / "pyproject.toml").read_bytes())
    for lock in sorted(LOCKS.glob("*.txt")):
        state.update(lock.read_bytes())
    if stamp.exists() and stamp.read_text() == state.hexdigest():
        return python
    print("按锁定文件安装运行依赖和 PyInstaller（只装程序运行需要的包）…", flush=True)
    quiet = ["-q"] if os.environ.get("CI") else []
    for args in installs:
        run(python, "-m", "pip", "install", *quiet, *args)
    stamp.write_text(state.hexdigest())
    return python


# ---- step 1: bundle ------------------------------------------------------------------------


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
    return time.perf_counter() - start


# What a bundle must hold, as (label, glob patterns under _internal; one match is enough).
# PyInstaller copies Qt plugins and DLLs only when its hooks find them: a changed hook or a
# PySide6 wheel without a plugin gives a program that installs fine and then cannot open a
# window. These lists turn that into a build failure.
BUNDLE_COMMON = [
    ("Qt 中文对话框翻译 qtbase_zh_CN.qm", ["PySide6/**/qtbase_zh_CN.qm"]),
    ("Qt PDF 组件", ["PySide6/**/*Qt6Pdf*", "**/*Qt6Pdf*"]),
    ("JPEG 图片插件", ["PySide6/**/imageformats/*qjpeg*"]),
    ("程序界面翻译", ["resources/i18n/casereview_zh_CN.qm"]),
    ("内置中文字体", ["resources/fonts/wqy-microhei.ttc"]),
    ("数据库迁移 env.py", ["casereview/storage/migrations/env.py"]),
    ("数据库迁移版本", ["casereview/storage/migrations/versions/*.py"]),
]
BUNDLE_WINDOWS = [
    ("Windows 显示插件 qwindows.dll", ["PySide6/plugins/platforms/qwindows.dll"]),
    ("Windows 样式插件", ["PySide6/plugins/styles/*.dll"]),
    ("VC++ 运行库 msvcp140.dll", ["msvcp140.dll", "PySide6/msvcp140.dll"]),
    ("VC++ 运行库 vcruntime140.dll", ["vcruntime140.dll"]),
    ("VC++ 运行库 vcruntime140_1.dll", ["vcruntime140_1.dll", "PySide6/vcruntime140_1.dll"]),
]
BUNDLE_LINUX = [
    ("X11 显示插件 libqxcb.so", ["PySide6/Qt/plugins/platforms/libqxcb.so"]),
    ("Wayland 显示插件", ["PySide6/Qt/plugins/platforms/libqwayland*.so"]),
    ("无显示插件 libqoffscreen.so", ["PySide6/Qt/plugins/platforms/libqoffscreen.so"]),
    ("Qt X11 接口库", ["PySide6/Qt/lib/libQt6XcbQpa.so*"]),
]
# Issue 20's OCR: required as soon as rapidocr is a dependency of the program.
BUNDLE_OCR = [
    ("文字识别模型 (rapidocr)", ["rapidocr/models/*.onnx"]),
    ("onnxruntime 运行库", ["onnxruntime/capi/*onnxruntime*"]),
]


def ocr_expected() -> bool:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return any(re.match(r"rapidocr\b", d) for d in deps)


def bundle_requirements(windows: bool = WINDOWS, ocr: bool | None = None) -> list[tuple[str, list[str]]]:
    needed = BUNDLE_COMMON + (BUNDLE_WINDOWS if windows else BUNDLE_LINUX)
    return needed + (BUNDLE_OCR if (ocr_expected() if ocr is None else ocr) else [])


def missing_from_bundle(bundle: Path, needed: list[tuple[str, list[str]]]) -> list[str]:
    internal = bundle / "_internal"
    missing = [
        f"{label}（{' 或 '.join(patterns)}）"
        for label, patterns in needed
        if not any(next(internal.glob(pattern), None) for pattern in patterns)
    ]
    for name in ("casereview-gui", "casereview"):
        if not (bundle / f"{name}{EXE}").is_file():
            missing.append(f"程序 {name}{EXE}")
    return missing


def check_bundle(bundle: Path = BUNDLE) -> None:
    missing = missing_from_bundle(bundle, bundle_requirements())
    if missing:
        sys.exit(f"打包结果 {bundle} 缺少：\n  " + "\n  ".join(missing))
    print(f"打包内容检查通过：{len(bundle_requirements())} 项必需文件都在 {bundle}", flush=True)


def sign_command(cli_value: str | None) -> str | None:
    command = cli_value or os.environ.get("CASEREVIEW_SIGN_COMMAND") or None
    if command is not None and "%1" not in command:
        sys.exit("签名命令必须用 %1 代表要签名的文件，例如：signtool sign /fd SHA256 /a %1")
    if command is not None and "`" in command:
        sys.exit("签名命令中不能含反引号 `（NSIS 用它给命令加引号）。")
    return command


def sign_files(command: str, files: list[Path]) -> None:
    for path in files:
        line = command.replace("%1", f'"{path}"' if " " in str(path) else str(path))
        print("+", line, flush=True)
        code = subprocess.call(line, shell=True, cwd=ROOT)  # the command is the user's own shell line
        if code != 0:
            sys.exit(f"签名失败（退出码 {code}）：{line}")


# ---- step 2: package -------------------------------------------------------------------------


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


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
            "找不到 makensis：请安装 NSIS 3.08 或更高版本（https://nsis.sourceforge.io，或 Debian 上 apt-get install nsis）并加入 PATH。"
        )
    return found


def nsis_string(value: object) -> str:
    """A value for a `!define X "..."` line: NSIS expands $ (escape as $$); no quotes inside."""
    text = str(value).replace("$", "$$")
    if '"' in text:
        raise ValueError(f"NSIS 定义中不能含双引号：{text}")
    return text


def nsis_config(version: str, payload: Path, out_file: Path, sign: str | None = None) -> Path:
    """The generated !define include (version from pyproject.toml, absolute paths)."""
    NSIS_BUILD.mkdir(parents=True, exist_ok=True)
    config = NSIS_BUILD / "installer.nsh"
    lines = [
        "; generated by installer/build.py — do not edit",
        f'!define APP_VERSION "{nsis_string(version)}"',
        f'!define APP_VERSION_4 "{version_4(version)}"',
        f'!define PAYLOAD_DIR "{nsis_string(payload)}"',
        f'!define OUT_FILE "{nsis_string(out_file)}"',
        f'!define ICON_FILE "{nsis_string(ROOT / "resources" / "icons" / "casereview.ico")}"',
    ]
    if sign:
        lines.append(f"!define SIGN_COMMAND `{sign.replace('$', '$$')}`")  # backticks: quotes allowed
    config.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # BOM: NSIS reads it as UTF-8
    return config


def compile_nsis(
    version: str,
    payload: Path,
    out_file: Path,
    *,
    charset: str = "UTF8",
    nsisdir: Path | None = None,
    sign: str | None = None,
) -> Path:
    """makensis with -INPUTCHARSET (UTF8 normally; CI also tries the Windows code pages)."""
    config = nsis_config(version, payload, out_file, sign)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.unlink(missing_ok=True)
    env = dict(os.environ, NSISDIR=str(nsisdir)) if nsisdir else None
    run(makensis(), "-V2", "-WX", "-INPUTCHARSET", charset, f"-DCONFIG={config}", NSIS_SCRIPT, env=env)
    if not out_file.exists():
        sys.exit(f"makensis 没有生成 {out_file}")
    return out_file


def windows_like_nsisdir(target: Path) -> Path:
    """A copy of this makensis's data folder as the official Windows NSIS ships it: x86 stubs
    and plugins only (Debian's package also has amd64 ones, which hid "Target amd64-unicode")."""
    out = subprocess.run([makensis(), "-HDRINFO"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"NSISDIR=([^,\s]+)", out)
    source = Path(found.group(1) if found else "/usr/share/nsis")
    if target.exists():
        shutil.rmtree(target)
    for folder in ("Include", "Contrib", "Bin"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder, symlinks=True)
    for folder in ("Plugins", "Stubs"):
        (target / folder).mkdir(parents=True)
        for item in (source / folder).iterdir():
            if "amd64" in item.name:
                continue
            if item.is_dir():
                shutil.copytree(item, target / folder / item.name)
            else:
                shutil.copy2(item, target / folder / item.name)
    return target


def placeholder_payload() -> Path:
    """A stand-in for dist\\CaseReview so the script compiles where no Windows bundle exists."""
    payload = NSIS_BUILD / "placeholder" / APP
    (payload / "_internal").mkdir(parents=True, exist_ok=True)
    for name in ("casereview-gui.exe", "casereview.exe", "_internal/placeholder.txt"):
        (payload / name).write_bytes(b"placeholder: built by installer/build.py nsis-check\n")
    return payload


def nsis_check(version: str) -> list[Path]:
    """Compile the script natively and as Windows NSIS reads it (system code page, x86 only)."""
    payload = placeholder_payload()
    outputs = [compile_nsis(version, payload, NSIS_BUILD / f"{APP}-{version}-setup-x64-placeholder.exe")]
    if not WINDOWS:
        nsisdir = windows_like_nsisdir(NSIS_BUILD / "nsis-x86-only")
        for charset in ("CP1252", "CP936"):
            out = NSIS_BUILD / f"{APP}-{version}-setup-x64-placeholder-{charset}.exe"
            outputs.append(compile_nsis(version, payload, out, charset=charset, nsisdir=nsisdir))
    return outputs


def make_portable_zip(version: str) -> Path:
    target = DIST / f"{APP}-{version}-portable-x64.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(BUNDLE.rglob("*")):
            if path.is_file():
                zf.write(path, Path(APP) / path.relative_to(BUNDLE))
        zf.writestr(f"{APP}/{PORTABLE_MARKER}", "便携模式：所有数据保存在本文件夹的 data 子文件夹中。\n")
    return target


def package(version: str, sign: str | None) -> list[str]:
    """Step 2, from dist/CaseReview as it is now (signed or not)."""
    if not BUNDLE.is_dir():
        sys.exit(f"没有 {BUNDLE}：请先运行 python installer/build.py bundle")
    check_bundle()
    report: list[str] = []
    if WINDOWS:
        setup = compile_nsis(version, BUNDLE, DIST / f"{APP}-{version}-setup-x64.exe", sign=sign)
        report.append(f"安装程序 {setup}：{mb(setup.stat().st_size)}" + ("（已签名）" if sign else ""))
        portable = make_portable_zip(version)
        report.append(f"便携版 {portable}：{mb(portable.stat().st_size)}")
        return report
    linux_extras()
    missing = missing_xcb_libs()
    if missing:
        report.append(
            "注意：构建机缺少 " + " ".join(missing) + "，包内未带这些库，目标机器需自行安装"
            "（构建前 apt-get install 它们即可打进包里）"
        )
    start = time.perf_counter()
    tarball = make_tarball(version)
    report.append(f"压缩包 {tarball}：{mb(tarball.stat().st_size)}，用时 {time.perf_counter() - start:.0f} 秒")
    return report


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
        choices=["all", "bundle", "package", "nsis-check"],
        help="all：bundle + package（默认）；bundle：PyInstaller 打包并检查；package：由已打包（可已签名）"
        "的文件夹生成安装程序/压缩包；nsis-check：用占位文件编译 NSIS 脚本",
    )
    parser.add_argument("--self-test", action="store_true", help="构建后运行打包程序的 --self-test")
    parser.add_argument(
        "--sign-command",
        help="签名命令，%%1 代表文件（也可用环境变量 CASEREVIEW_SIGN_COMMAND）；签 .exe、卸载程序和安装程序",
    )
    args = parser.parse_args(argv)
    version = project()["version"]
    sign = sign_command(args.sign_command)

    if args.action == "nsis-check":
        start = time.perf_counter()
        outputs = nsis_check(version)
        names = "、".join(p.name for p in outputs)
        print(f"NSIS 脚本编译通过：{names}（{time.perf_counter() - start:.1f} 秒）")
        return 0

    report: list[str] = []
    if args.action in ("all", "bundle"):
        python = ensure_build_venv()
        seconds = build_bundle(python)
        check_bundle()
        if sign and WINDOWS:
            sign_files(sign, sorted(BUNDLE.glob("*.exe")))
        report.append(f"打包文件夹 {BUNDLE}：{mb(folder_size(BUNDLE))}，用时 {seconds:.0f} 秒")
    if args.action in ("all", "package"):
        report += package(version, sign)
    if args.self_test:
        report.append(f"自检通过，用时 {frozen_self_test():.1f} 秒")
    print("\n".join(["", "构建完成：", *report]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
