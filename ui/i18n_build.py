"""Build the zh_CN translation: merge resources/i18n/src/*.tsv into casereview_zh_CN.ts and
compile casereview_zh_CN.qm with pyside6-lrelease (from the venv).

    python -m ui.i18n_build            # merge + compile
    python -m ui.i18n_build --check    # also list UI strings that have no translation

Each .tsv line is ``context<TAB>English source<TAB>中文`` (``#`` starts a comment). Within a
source or translation, ``\\n`` and ``\\t`` stand for a newline and a tab. The check scans ui/
for ``tr = translator("Ctx")`` + ``tr("...")`` / ``N_("...")`` and for
``QT_TRANSLATE_NOOP("Ctx", "...")`` / ``QCoreApplication.translate("Ctx", "...")``.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
UI_DIR = ROOT / "ui"
Entry = tuple[str, str]  # (context, source)


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def read_tsv_files(src_dir: Path = I18N / "src") -> dict[Entry, str]:
    out: dict[Entry, str] = {}
    for path in sorted(src_dir.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise SystemExit(f"{path.name} 第 {number} 行：应为“上下文<TAB>英文原文<TAB>中文译文”三列，实为 {len(parts)} 列")
            context, source, target = (p.strip() if i == 0 else p for i, p in enumerate(parts))
            out[(context, _unescape(source))] = _unescape(target)
    return out


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\d+", text))


def write_ts(entries: dict[Entry, str], path: Path) -> None:
    by_context: dict[str, list[tuple[str, str]]] = {}
    for (context, source), target in sorted(entries.items()):
        by_context.setdefault(context, []).append((source, target))
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="zh_CN">']
    for context, messages in by_context.items():
        lines.append("<context>")
        lines.append(f"    <name>{escape(context)}</name>")
        for source, target in messages:
            lines.append("    <message>")
            lines.append(f"        <source>{escape(source)}</source>")
            lines.append(f"        <translation>{escape(target)}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def lrelease() -> str:
    candidate = Path(sys.executable).with_name("pyside6-lrelease")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise SystemExit("找不到 pyside6-lrelease：请在虚拟环境中安装 PySide6")
    return found


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def scan_sources(ui_dir: Path = UI_DIR, files: list[Path] | None = None) -> set[Entry]:
    """Every (context, source) the UI code (or the given files) asks to translate."""
    found: set[Entry] = set()
    for path in sorted(files if files is not None else ui_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        module_ctx: dict[str, str] = {}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name)
                and node.value.func.id == "translator"
                and node.value.args
            ):
                ctx = _literal(node.value.args[0])
                for target in node.targets:
                    if isinstance(target, ast.Name) and ctx:
                        module_ctx[target.id] = ctx
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in ("QT_TRANSLATE_NOOP", "translate") and len(node.args) >= 2:
                ctx, text = _literal(node.args[0]), _literal(node.args[1])
                if ctx and text:
                    found.add((ctx, text))
            elif name in module_ctx or (name == "N_" and "tr" in module_ctx):
                text = _literal(node.args[0])
                if text:
                    found.add((module_ctx.get(name, module_ctx.get("tr", "")), text))
    return found


def build(check: bool = False, out_dir: Path = I18N) -> int:
    entries = read_tsv_files()
    problems = [
        f"{ctx} / {src!r}: 占位符不一致 {placeholders(src)} ≠ {placeholders(dst)}"
        for (ctx, src), dst in entries.items()
        if placeholders(src) != placeholders(dst)
    ]
    if check:
        missing = sorted(scan_sources() - set(entries))
        problems += [f"缺少译文：{ctx}\t{src!r}" for ctx, src in missing]
    ts_path = out_dir / "casereview_zh_CN.ts"
    write_ts(entries, ts_path)
    qm_path = out_dir / "casereview_zh_CN.qm"
    subprocess.run([lrelease(), "-silent", str(ts_path), "-qm", str(qm_path)], check=True)
    print(f"{len(entries)} 条译文 → {ts_path.name}、{qm_path.name}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="列出 ui/ 中尚无译文的界面文字")
    return build(check=parser.parse_args(argv).check)


if __name__ == "__main__":
    raise SystemExit(main())
