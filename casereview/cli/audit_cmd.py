"""casereview audit verify/head/log and casereview verify-code: the tamper-evident log."""

from __future__ import annotations

import argparse

from casereview.cli.common import add_command, help_handler, print_json, print_table, services_of


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("audit", help="操作日志：校验哈希链、输出链头校验码、查看日志")
    gsub = group.add_subparsers(dest="audit_command", metavar="操作")
    group.set_defaults(handler=help_handler(group))
    p = add_command(gsub, "verify", verify, "逐条校验操作日志哈希链，指出第一条被改动或缺失的记录")
    p.add_argument("--head", metavar="校验码", help="同时核对此前导出的链头校验码")
    add_command(gsub, "head", head, "输出当前链头校验码（可打印留存，日后核对此前记录未被改动）")
    p = add_command(gsub, "log", log, "查看最近的操作日志（管理员）")
    p.add_argument("--review", type=int, help="只看此评查的日志")
    p.add_argument("--limit", type=int, default=50)
    p = add_command(sub, "verify-code", verify_code, "核验评查表或整改通知书上打印的核验码是否与数据库一致")
    p.add_argument("code", metavar="核验码")


def verify(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        report = services.audit.verify()
        head_check = services.audit.check_head_code(args.head) if args.head else None
        reviews = services.audit.verify_reviews()
    ok = report.ok and (head_check is None or head_check.ok) and reviews.ok
    if args.json:
        print_json({
            "ok": ok, "entries": report.entries, "head_code": report.head_code,
            "problem": report.problem, "head_check": head_check,
            "reviews": reviews.reviews, "review_problems": [{"review_id": r, "message": m} for r, m in reviews.problems],
        })
        return 0 if ok else 3
    if report.problem is not None:
        print(f"操作日志校验失败（共 {report.entries} 条）：{report.problem.message}")
    else:
        print(f"操作日志完整：共 {report.entries} 条，哈希链无断裂。链头校验码：{report.head_code}")
    if reviews.problems:
        print(f"评查内容与日志不符：{len(reviews.problems)} 份（共核对 {reviews.reviews} 份）：")
        for _rid, message in reviews.problems[:20]:
            print(f"  - {message}")
        if len(reviews.problems) > 20:
            print(f"  …… 另有 {len(reviews.problems) - 20} 份")
    else:
        print(f"评查内容与日志一致：共核对 {reviews.reviews} 份评查。")
    if head_check is not None:
        print(("核对校验码：" if head_check.ok else "核对校验码失败：") + head_check.message)
    return 0 if ok else 3


def head(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        report = services.audit.verify()
    if args.json:
        print_json({"head_code": report.head_code, "entries": report.entries, "ok": report.ok})
    else:
        print(report.head_code)
        if not report.ok and report.problem is not None:
            print(f"注意：日志链已有问题：{report.problem.message}")
    return 0


def log(args: argparse.Namespace) -> int:
    from casereview.cli.deficiencies_cmd import local_time
    from casereview.localtime import zone_label

    with services_of(args) as services:
        rows = services.audit.entries(limit=args.limit, review_id=args.review)
    if args.json:
        print_json(rows)  # machine-readable: the stored UTC instants
        return 0
    print_table(
        ["编号", f"时间（{zone_label()}）", "操作人", "对象", "操作", "理由"],
        [[r.id, local_time(r.at), r.actor or "", f"{r.entity} {r.entity_id or ''}", r.action, r.reason or ""]
         for r in rows],
    )
    return 0


def verify_code(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        result = services.audit.verify_code(args.code)
    if args.json:
        print_json(result)
    else:
        print(result.message)
    return 0 if result.ok else 3
