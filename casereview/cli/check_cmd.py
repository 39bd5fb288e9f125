"""casereview check CASE_NO | --campaign ID: run the statutory pre-checks."""

from __future__ import annotations

import argparse

from casereview.checks.report import format_result_lines, results_to_json, summarise
from casereview.cli.common import add_db_argument, add_json_argument, open_services, print_json, print_table
from casereview.services.checks import CheckService


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="自动检查：期限、日期顺序、听证、法制审核、两名执法人员、必备文书……")
    p.add_argument("case_no", nargs="?", metavar="CASE_NO", help="案号")
    p.add_argument("--campaign", type=int, metavar="ID", help="检查一个评查活动的全部案件，按规则统计命中数")
    p.add_argument("--all", action="store_true", help="检查数据库中的全部案件，按规则统计命中数")
    p.add_argument("--failed-only", action="store_true", help="只显示未通过的检查")
    add_db_argument(p)
    add_json_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    services = open_services(args)
    checks = CheckService(services.ctx)
    if args.case_no:
        result = checks.run_case(args.case_no)
        shown = (
            [r for r in result.results if r.outcome.value == "fail"]
            if args.failed_only
            else list(result.results)
        )
        if args.json:
            print_json({"case_no": result.case_no, "results": results_to_json(shown)})
        else:
            print(f"案号：{result.case_no}    未通过 {len(result.failed)} 项 / 共 {len(result.results)} 项")
            print("\n".join(format_result_lines(shown)))
        return 0
    if args.campaign is None and not args.all:
        print("请给出案号，或使用 --campaign ID / --all。")
        return 2
    ids = checks.campaign_case_ids(args.campaign) if args.campaign is not None else services.cases.query_ids()
    summary = summarise(r.results for r in checks.run_many(ids))
    if args.json:
        print_json({"cases": len(ids), "rules": summary})
        return 0
    print(f"共检查 {len(ids)} 件案件")
    rows = [
        [
            rule_id,
            row["title"],
            row["cases"],
            row["fail"],
            row["pass"],
            row["insufficient_data"],
            row["uncertain"],
        ]
        for rule_id, row in sorted(summary.items(), key=lambda kv: -kv[1]["fail"])
    ]
    print_table(["规则", "名称", "适用案件", "未通过", "通过", "数据不足", "结果不确定"], rows)
    return 0
