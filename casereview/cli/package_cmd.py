"""casereview package export|import|results|import-results: offline review by exchange package."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from casereview.cli.common import add_command, help_handler, print_json, services_of

PASSPHRASE_ENV = "CASEREVIEW_PACKAGE_PASSPHRASE"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("package", help="离线交换包：向评查人员下发任务、收回评查结果")
    psub = p.add_subparsers(dest="package_command", metavar="子命令")

    q = add_command(psub, "export", run_export, "（牵头人员）为一名评查人员导出其分配的案件、文书、标准和日历")
    q.add_argument("--campaign", type=int, required=True, help="评查活动编号")
    q.add_argument("--reviewer", type=int, required=True, help="评查人员编号（见 roster list）")
    q.add_argument("--out", type=Path, required=True, help="交换包文件（.crpkg）")
    _passphrase_arguments(q)

    q = add_command(psub, "import", run_import, "（评查人员）把任务包导入本机的空数据库，离线评查")
    q.add_argument("file", type=Path, help="任务交换包")
    _passphrase_arguments(q)

    q = add_command(psub, "results", run_results, "（评查人员）导出离线评查结果包（用本人密钥签名）")
    q.add_argument("--out", type=Path, required=True, help="结果交换包文件")
    _passphrase_arguments(q)

    q = add_command(psub, "import-results", run_import_results,
                    "（牵头人员）导入评查结果包：校验签名，冲突逐一决定，全部成功或不作修改")
    q.add_argument("file", type=Path, help="结果交换包")
    q.add_argument("--take", action="append", default=[], metavar="键=package|server",
                   help="冲突的处理：采用交换包（package）或保留服务器（server）；键见预览，* 表示全部")
    q.add_argument("--preview", action="store_true", help="只预览（列出将导入的评查和冲突），不作修改")
    _passphrase_arguments(q)
    p.set_defaults(handler=help_handler(p))


def _passphrase_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encrypt", action="store_true",
                        help=f"用口令加密/解密（口令从环境变量 {PASSPHRASE_ENV} 读取，否则提示输入）")


def _passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str | None:
    if not getattr(args, "encrypt", False):
        return None
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    from casereview.errors import ValidationError

    first = getpass.getpass("口令：")
    if confirm and getpass.getpass("再次输入口令：") != first:
        raise ValidationError("两次输入的口令不一致。")
    if len(first) < 8:
        raise ValidationError("口令至少 8 个字符。")
    return first


def _encrypted_hint(path: Path) -> bool:
    from casereview.exchange.container import MAGIC

    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _read_passphrase(args: argparse.Namespace) -> str | None:
    if _encrypted_hint(args.file):
        args.encrypt = True
    return _passphrase(args)


def run_export(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        summary = services.exchange.export_assignment(args.campaign, args.reviewer, args.out,
                                                      passphrase=_passphrase(args, confirm=True))
    if args.json:
        print_json(summary)
        return 0
    print(f"已为 {summary.reviewer} 导出任务包 {summary.path}：案件 {summary.cases} 件，文书文件 {summary.documents} 个，"
          f"已有评查 {summary.reviews} 份。")
    print(f"签名指纹（请评查人员导入时核对）：{summary.signer_fingerprint}")
    if not summary.encrypted:
        print("提示：任务包未加密，其中含案件信息和评查人员的签名密钥，请用 --encrypt 加密或妥善传递。")
    return 0


def run_import(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        summary = services.exchange.import_assignment(args.file, passphrase=_read_passphrase(args))
    if args.json:
        print_json(summary)
        return 0
    print(f"已导入 {summary.reviewer} 的评查任务：案件 {summary.cases} 件，文书文件 {summary.documents} 个。")
    print(f"签名指纹：{summary.signer_fingerprint}（应与牵头人员告知的一致）")
    return 0


def run_results(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        summary = services.exchange.export_results(args.out, passphrase=_passphrase(args, confirm=True))
    if args.json:
        print_json(summary)
    else:
        print(f"已导出评查结果包 {summary.path}：评查 {summary.reviews} 份（{summary.cases} 件案件）。")
    return 0


def run_import_results(args: argparse.Namespace) -> int:
    from casereview.errors import ValidationError

    decisions: dict[str, str] = {}
    for spec in args.take:
        key, sep, choice = spec.partition("=")
        if not sep:
            raise ValidationError(f"--take 的格式应为 键=package 或 键=server，而不是“{spec}”。")
        decisions[key.strip()] = choice.strip()
    passphrase = _read_passphrase(args)
    with services_of(args) as services:
        if args.preview:
            plan = services.exchange.preview_results(args.file, passphrase=passphrase)
        else:
            plan = services.exchange.import_results(args.file, passphrase=passphrase, decisions=decisions)
    if args.json:
        print_json(plan)
        return 0
    verb = "将导入" if args.preview else "已导入"
    print(f"{plan.reviewer} 的评查结果：{verb}无冲突的评查 {len(plan.to_apply)} 份，冲突 {len(plan.conflicts)} 份。")
    for conflict in plan.conflicts:
        choice = decisions.get(conflict.key, decisions.get("*", "待决定"))
        print("\n".join(conflict.side_by_side()) + f"\n    处理：{choice}")
    return 0
