#!/usr/bin/env python3
"""Regenerate the hashed lock files from the ranges in pyproject.toml (one command).

    .venv/bin/python installer/lock.py             # keep pinned versions where the ranges allow
    .venv/bin/python installer/lock.py --upgrade   # move every package to its newest allowed version
    .venv/bin/python installer/lock.py --upgrade-package ruff   # bump one package

Writes
    requirements/runtime.txt   what the app needs (`bootstrap.py app`), incl. the postgres extra
    requirements/dev.txt       runtime + dev + build extras (`bootstrap.py test|bench|build`, CI)

Both are universal: resolved once for every platform and Python >= 3.11, with the hashes of
every wheel and sdist of each pinned version, so the same files install on Linux and Windows.
Resolution uses PyPI only and ignores local pip/uv configuration (mirrors, find-links), so the
locks never name a package that a fresh machine cannot download; installing from them through a
mirror still works, because pip checks the hashes, not the source.
Needs uv (it is in the dev lock, so `.venv/bin/uv` exists after `bootstrap.py test`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {
    "runtime.txt": ["--extra", "postgres"],
    "dev.txt": ["--extra", "postgres", "--extra", "dev", "--extra", "build"],
}


def find_uv() -> list[str]:
    here = Path(sys.executable).parent
    for candidate in (here / "uv", here / "uv.exe"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("uv")
    if found:
        return [found]
    sys.exit("需要 uv：先运行 python3 installer/bootstrap.py test（开发依赖含 uv），或 pip install uv。")


def main(argv: list[str]) -> int:
    uv = find_uv()
    out_dir = ROOT / "requirements"
    out_dir.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "PIP_"))}
    env["UV_CUSTOM_COMPILE_COMMAND"] = "python installer/lock.py"
    for name, extras in LOCKS.items():
        cmd = [
            *uv, "pip", "compile", "pyproject.toml", *extras,
            "--universal", "--python-version", "3.11", "--generate-hashes",
            "--no-config", "--index-url", "https://pypi.org/simple", "--no-emit-index-url",
            "--no-annotate" if "--no-annotate" in argv else "--annotation-style=line",
            "--output-file", f"requirements/{name}",
            *[a for a in argv if a != "--no-annotate"],
        ]  # fmt: skip
        print("+", " ".join(cmd), flush=True)
        code = subprocess.call(cmd, cwd=ROOT, env=env)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
