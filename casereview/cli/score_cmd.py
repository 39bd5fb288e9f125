"""casereview score --standard FILE_OR_ID --answers ANSWERS.json: score without a database."""

from __future__ import annotations

import argparse
from pathlib import Path

from casereview.cli.common import add_json_argument, print_json
from casereview.standards.answers_file import (
    format_score_text,
    load_answers_file,
    score_answers,
    score_result_to_json,
)
from casereview.standards.loader import resolve_standard


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("score", help="按标准为答案文件计分（不需要数据库）")
    p.add_argument("--standard", required=True, metavar="FILE_OR_ID", help="标准文件路径或内置标准代码")
    p.add_argument(
        "--answers", required=True, type=Path, metavar="ANSWERS.json", help="答案文件（格式见 README）"
    )
    add_json_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    std = resolve_standard(args.standard)
    answers = load_answers_file(args.answers)
    result = score_answers(std, answers)
    if args.json:
        print_json(score_result_to_json(result))
    else:
        print(format_score_text(std, result))
    return 0
