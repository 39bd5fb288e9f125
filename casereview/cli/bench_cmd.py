"""casereview bench [--quick] [--json FILE]: the benchmark suite with side-by-side baselines."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from casereview.bench.harness import Figure, render_table, write_json
from casereview.bench.suite import BENCHMARKS, FULL, QUICK, BenchContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("bench", help="性能基准测试（每项与同次测得的基线对比）")
    p.add_argument("--quick", action="store_true", help="缩小规模，2 分钟内完成（CI 使用）")
    p.add_argument("--json", type=Path, metavar="FILE", help="把结果写入 JSON 文件")
    p.add_argument("--only", metavar="NAMES", help=f"只运行指定项目（逗号分隔）：{','.join(BENCHMARKS)}")
    p.add_argument("--workdir", type=Path, help="基准数据目录（默认：系统临时目录，生成一次后复用）")
    p.add_argument(
        "--guard", type=float, default=None, help="某项超过目标的多少倍即判失败（默认 --quick 时为 3）"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    sizes = QUICK if args.quick else FULL
    workdir = args.workdir or Path(tempfile.gettempdir()) / "casereview-bench"
    workdir.mkdir(parents=True, exist_ok=True)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    ctx = BenchContext(workdir=workdir, sizes=sizes, quick=args.quick, log=log)
    names = [n.strip() for n in args.only.split(",")] if args.only else list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"未知的基准项目：{'、'.join(unknown)}；可选：{'、'.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    figures: list[Figure] = []
    start = time.perf_counter()
    for name in names:
        log(f"运行 {name} …")
        figures.extend(BENCHMARKS[name](ctx))
    elapsed = time.perf_counter() - start
    print(render_table(figures))
    print(f"\n共 {len(figures)} 项，用时 {elapsed:.0f} 秒（{'快速' if args.quick else '完整'}规模）")
    if args.json:
        write_json(args.json, figures, quick=args.quick, elapsed=elapsed)
    guard = args.guard if args.guard is not None else (3.0 if args.quick else None)
    if guard:
        broken = [f for f in figures if not f.within_guard(guard)]
        for f in broken:
            print(f"失败：{f.name} 超过目标 {guard:g} 倍（{f.target_note}）", file=sys.stderr)
        if broken:
            return 1
    return 0
