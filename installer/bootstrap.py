#!/usr/bin/env python3
"""One-command set-up for a fresh machine with only Python 3.11+.

    python3 installer/bootstrap.py app     # venv + install + demo database + start the app
    python3 installer/bootstrap.py test    # venv + install + the whole test suite (incl. ruff, mypy)
    python3 installer/bootstrap.py bench   # venv + install + benchmark suite (--quick by default)
    python3 installer/bootstrap.py build   # venv + install + distributable bundle (installer/build.py)

Everything goes into .venv next to the project, installed only from the hashed lock files in
requirements/ (app: runtime.txt; test/bench/build: dev.txt); running it again re-installs
only when a lock file or pyproject.toml changed. Only the standard library is used here, since nothing else exists yet.
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
LOCKS = ROOT / "requirements"  # hashed lock files, made by installer/lock.py


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def lock_for(action: str) -> Path:
    """The app needs the runtime lock only; tests, benchmarks and builds need the dev lock."""
    return LOCKS / ("runtime.txt" if action == "app" else "dev.txt")


def installed_state(lock: Path) -> str:
    """What the stamp records: which lock was installed, and the digests that matter."""
    digest = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{lock.name} {digest}"


def ensure_venv(action: str = "test") -> None:
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
    lock = lock_for(action)
    done = STAMP.read_text() if STAMP.exists() else ""
    # The dev lock is a superset of the runtime lock: a test venv also runs the app.
    if done in (installed_state(lock), installed_state(lock_for("test"))):
        return
    print(f"按锁定文件 {lock.relative_to(ROOT)} 安装依赖（首次约需 1–2 分钟）…", flush=True)
    quiet = ["-q"] if os.environ.get("CI") else []
    # Exact versions with hashes only (any index or mirror may serve them: pip checks the
    # hashes); then the project itself, without letting pip resolve anything else.
    if run(PYTHON, "-m", "pip", "install", *quiet, "--require-hashes", "-r", lock) != 0:
        sys.exit("安装依赖失败，请检查网络或 pip 配置后重试。")
    if run(PYTHON, "-m", "pip", "install", *quiet, "--no-deps", "-e", ROOT) != 0:
        sys.exit("安装 CaseReview 本身失败。")
    STAMP.write_text(installed_state(lock))


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
    action, extra = sys.argv[1], sys.argv[2:]
    ensure_venv(action)
    commands = {"app": command_app, "test": command_test, "bench": command_bench, "build": command_build}
    return commands[action](extra)


if __name__ == "__main__":
    sys.exit(main())
