#!/usr/bin/env python3
"""One-command set-up for a fresh machine with only Python 3.11+.

    python3 installer/bootstrap.py app     # venv + install + demo database + start the app
    python3 installer/bootstrap.py test    # venv + install + the whole test suite (incl. ruff, mypy)
    python3 installer/bootstrap.py bench   # venv + install + benchmark suite (--quick by default)
    python3 installer/bootstrap.py build   # venv + install + distributable bundle (installer/build.py)

Everything goes into .venv next to the project; running it again only installs what
changed. Only the standard library is used here, since nothing else exists yet.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".casereview-installed"
DEMO_DB = ROOT / ".demo" / "casereview-demo.sqlite3"


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must explain itself on old Pythons
        sys.exit(f"需要 Python 3.11 或更高版本，当前为 {sys.version.split()[0]}。")
    if not PYTHON.exists():
        print(f"创建虚拟环境 {VENV} …", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as exc:
            # Debian/Ubuntu ship venv's pip bootstrap in a separate package.
            sys.exit(
                f"创建虚拟环境失败（{exc}）。在 Debian/Ubuntu 上请先安装：sudo apt install python3-venv，"
                f"然后删除 {VENV} 后重试。"
            )
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("安装依赖（首次约需 1–2 分钟）…", flush=True)
    quiet = ["-q"] if os.environ.get("CI") else []
    if run(PYTHON, "-m", "pip", "install", *quiet, "--upgrade", "pip") != 0:
        sys.exit("升级 pip 失败。")
    if run(PYTHON, "-m", "pip", "install", *quiet, "-e", f"{ROOT}[dev]") != 0:
        sys.exit("安装依赖失败，请检查网络或 pip 配置后重试。")
    STAMP.write_text(digest)


def command_app(extra: list[str]) -> int:
    DEMO_DB.parent.mkdir(exist_ok=True)
    if not DEMO_DB.exists():
        print("生成演示数据库（约 20 秒）…", flush=True)
        code = run(BIN / "casereview", "init", "--demo", "--db", DEMO_DB)
        if code != 0:
            return code
    return run(BIN / "casereview-gui", "--db", DEMO_DB, *extra)


def command_test(extra: list[str]) -> int:
    """pytest over the whole suite; ruff and mypy run inside it (tests/quality/test_quality.py)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run(PYTHON, "-m", "pytest", *extra, env=env)


def command_bench(extra: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run(BIN / "casereview", "bench", *(extra or ["--quick"]), env=env)


def command_build(extra: list[str]) -> int:
    return run(sys.executable, ROOT / "installer" / "build.py", *extra)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("app", "test", "bench", "build"):
        print(__doc__)
        return 2
    ensure_venv()
    action, extra = sys.argv[1], sys.argv[2:]
    commands = {"app": command_app, "test": command_test, "bench": command_bench, "build": command_build}
    return commands[action](extra)


if __name__ == "__main__":
    sys.exit(main())
