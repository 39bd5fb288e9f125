"""casereview standards list|show|validate|import|export."""

from __future__ import annotations

import argparse
from pathlib import Path

from casereview.cli.common import (
    add_command,
    add_db_argument,
    help_handler,
    open_services,
    print_json,
    print_table,
)
from casereview.domain.enums import CaseType, Procedure
from casereview.scoring.engine import allowed_deduction
from casereview.standards.loader import content_hash, load_standard_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("standards", help="评查标准：列出、查看、校验、导入、导出")
    ssub = p.add_subparsers(dest="standards_command", metavar="子命令")

    ls = add_command(ssub, "list", run_list, "列出数据库中的评查标准版本")
    ls.add_argument("--all", action="store_true", help="包括旧版本")

    show = add_command(ssub, "show", run_show, "查看一个标准版本的全部评查项目")
    show.add_argument("ref", metavar="ID", help="版本编号、标准代码或内容哈希前缀")

    val = add_command(ssub, "validate", run_validate, "校验标准文件（YAML/TOML/XLSX），不需要数据库", db=False)
    val.add_argument("files", nargs="+", type=Path, metavar="FILE")

    imp = add_command(ssub, "import", run_import, "导入标准文件（YAML/TOML/XLSX）为新版本")
    imp.add_argument("file", type=Path, metavar="FILE")

    exp = ssub.add_parser("export", help="把标准版本导出为可编辑的 Excel 表")
    exp.add_argument("ref", metavar="ID")
    exp.add_argument("--xlsx", type=Path, required=True, metavar="FILE")
    add_db_argument(exp)
    exp.set_defaults(handler=run_export)
    p.set_defaults(handler=help_handler(p))


def run_list(args: argparse.Namespace) -> int:
    versions = open_services(args).standards.list_versions(latest_only=not args.all)
    if args.json:
        print_json(versions)
        return 0
    rows = [
        [
            v.version_id,
            v.code,
            v.name,
            v.version,
            CaseType(v.case_type).label,
            Procedure(v.procedure).label,
            v.item_count,
            v.content_hash[:12],
            "是" if v.is_latest else "",
        ]
        for v in versions
    ]
    print_table(["编号", "代码", "名称", "版本", "案件类型", "程序", "项目数", "内容哈希", "最新"], rows)
    return 0


def run_show(args: argparse.Namespace) -> int:
    info, std = open_services(args).standards.definition_for(args.ref)
    if args.json:
        print_json({"info": info, "standard": std.model_dump(mode="json")})
        return 0
    print(f"{std.name}（{std.id}，版本 {std.version}，哈希 {info.content_hash[:12]}）")
    print(f"发布：{std.issuer or '—'}  省份：{std.province or '—'}  总分：{std.total_points:g}")
    print("等次：" + "；".join(f"{b.name} ≥ {b.min_score:g}" for b in std.grade_bands))
    if std.template_note:
        print(f"说明：{std.template_note}")
    for cat in std.categories:
        cap = f"（上限 {cat.max_points:g} 分）" if cat.max_points is not None else ""
        print(f"\n【{cat.code} {cat.name}】{cap}{'（否决项）' if cat.veto_tier else ''}")
        for item in cat.items:
            veto = f" 否决：{item.veto.label}" if item.veto else ""
            print(f"  {item.code}  {item.text}  [{item.max_points:g} 分；{allowed_deduction(item)}]{veto}")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from casereview.errors import CaseReviewError

    results = []
    failed = 0
    for path in args.files:
        try:
            if path.suffix.lower() == ".xlsx":
                from casereview.standards.excel import import_standard_xlsx

                std = import_standard_xlsx(path)
            else:
                std = load_standard_file(path)
            items = sum(len(c.items) for c in std.categories)
            results.append(
                {"file": str(path), "ok": True, "id": std.id, "items": items, "hash": content_hash(std)}
            )
        except CaseReviewError as exc:
            failed += 1
            results.append({"file": str(path), "ok": False, "error": exc.message})
    if args.json:
        print_json(results)
    else:
        for r in results:
            if r["ok"]:
                print(f"通过：{r['file']}（{r['id']}，{r['items']} 个评查项，哈希 {str(r['hash'])[:12]}）")
            else:
                print(f"未通过：{r['error']}")
    return 1 if failed else 0


def run_import(args: argparse.Namespace) -> int:
    result = open_services(args).standards.import_file(args.file)
    if args.json:
        print_json(result)
        return 0
    info = result.info
    if result.created:
        print(
            f"已导入：{info.name}（{info.code}）版本 {info.version}，编号 {info.version_id}，哈希 {info.content_hash[:12]}"
        )
    else:
        print(f"内容与已有版本 {info.version_id}（{info.code} {info.version}）完全相同，未新建版本。")
    return 0


def run_export(args: argparse.Namespace) -> int:
    services = open_services(args)
    from casereview.exports.output import atomic_output

    with atomic_output(args.xlsx) as stream:
        info = services.standards.export_xlsx(args.ref, stream)
    print(f"已导出 {info.name} 版本 {info.version} 到 {args.xlsx}")
    return 0
