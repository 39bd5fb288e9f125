"""casereview deficiencies list | recategorise | overdue | export | phrases: the register (问题清单)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from casereview.cli.common import (
    add_command,
    add_fixed_date_argument,
    help_handler,
    json_with,
    print_json,
    print_table,
    services_of,
)
from casereview.localtime import local_text
from casereview.services.deficiencies import DeficiencyFilter, DeficiencyInfo


def local_time(at: dt.datetime) -> str:
    """Stored instants are naive UTC; show them in local time (casereview.localtime)."""
    return local_text(at)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD：{text}") from exc


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--campaign", type=int, metavar="ID", help="评查活动编号")
    p.add_argument("--unit", metavar="NAME", help="执法单位名称、简称或编号")
    p.add_argument("--status", metavar="S", help="状态：pending/issued/responded/verified/rejected/closed 或中文，open=未销号")
    p.add_argument("--category", metavar="C", help="问题分类，如 程序")
    p.add_argument("--taxonomy", metavar="T", help="分类体系（default、hebei-six、transport-special-five、sichuan-2025-three）")
    p.add_argument("--overdue", action="store_true", help="只列已超期的问题")
    p.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD", help="按此日期计算期限（默认今天）")


def _filter(args: argparse.Namespace) -> DeficiencyFilter:
    return DeficiencyFilter(
        campaign_id=args.campaign,
        unit=args.unit,
        status=args.status,
        category=args.category,
        taxonomy=args.taxonomy,
        overdue=args.overdue,
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("deficiencies", help="问题清单：查询、调整分类、超期提醒、导出")
    inner = p.add_subparsers(dest="deficiencies_command", metavar="子命令")

    q = add_command(inner, "list", run_list, "列出问题清单")
    _add_filters(q)

    r = add_command(
        inner, "recategorise", run_recategorise, "调整问题分类（记入操作日志）", json=False, aliases=["recategorize"]
    )
    r.add_argument("ids", nargs="+", type=int, metavar="ID", help="问题编号（可多个）")
    r.add_argument("category", metavar="CATEGORY", help="新分类名称")
    r.add_argument("--taxonomy", metavar="T", help="分类体系（默认保持原体系）")
    r.add_argument("--reason", help="调整理由")

    o = add_command(inner, "overdue", run_overdue, "列出已超期和即将到期的问题")
    o.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD", help="按此日期计算（默认今天）")

    e = add_command(inner, "export", run_export, "导出问题清单为 Excel", json=False)
    e.add_argument("--xlsx", required=True, type=Path, metavar="FILE", help="输出的 .xlsx 文件")
    _add_filters(e)
    add_fixed_date_argument(e)

    add_command(inner, "taxonomies", run_taxonomies, "列出可用的问题分类体系", db=False)

    ph = add_command(inner, "phrases", run_phrases, "查看或添加评查项的标准问题表述")
    ph.add_argument("item", metavar="ITEM_CODE", help="评查项编号，如 C03")
    ph.add_argument("--standard", metavar="CODE", help="只看某个评查标准")
    ph.add_argument("--add", metavar="TEXT", help="向表述库添加一条表述")
    ph.add_argument("--from-review", type=int, metavar="REVIEW_ID", help="该表述取自哪一份评查（盲评复核期间不向复核人显示）")

    tl = add_command(inner, "history", run_history, "查看一个问题的全部流转记录")
    tl.add_argument("id", type=int, metavar="ID")

    p.set_defaults(handler=help_handler(p))


def _rows(items: list[DeficiencyInfo]) -> list[list[object]]:
    return [
        [
            d.id,
            d.unit_name,
            d.case_no,
            d.item_code,
            d.points_text,
            d.points_lost_text,
            d.wording[:30],
            d.category,
            d.status_label,
            d.notice_number,
            d.due_date or "",
            d.due.text if d.due else "",
        ]
        for d in items
    ]


HEAD = ["编号", "执法单位", "案号", "评查项", "扣分", "实际扣分", "问题表述", "分类", "状态", "通知书", "期限", "期限情况"]


def run_list(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        items = services.deficiencies.list_deficiencies(_filter(args), today=args.today)
    if args.json:
        print_json([_as_json(d) for d in items])
    else:
        print_table(HEAD, _rows(items))
        print(f"共 {len(items)} 项问题。")
    return 0


def _as_json(d: DeficiencyInfo) -> dict[str, object]:
    return json_with(d, "status_label", "overdue", "due_soon", "evidence_text")


def run_recategorise(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        items = services.deficiencies.recategorise(args.ids, args.category, args.taxonomy, reason=args.reason)
    for d in items:
        print(f"问题 #{d.id}（{d.case_no} {d.item_code}）分类：{d.category}")
    return 0


def run_overdue(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        items = services.deficiencies.overdue(args.today, include_due_soon=True)
        summary = services.notices.due_summary(args.today)
    if args.json:
        print_json({"summary": summary, "deficiencies": [_as_json(d) for d in items]})
        return 0
    print(summary.text)
    if items:
        print_table(HEAD, _rows(items))
    return 0


def run_export(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        count = services.deficiencies.export_xlsx(args.xlsx, _filter(args), today=args.today,
                                                  fixed_date=args.fixed_date)
    print(f"已导出 {count} 项问题到 {args.xlsx}")
    return 0


def run_taxonomies(args: argparse.Namespace) -> int:
    from casereview.rectification.taxonomy import taxonomies

    items = taxonomies()
    if args.json:
        print_json(items)
        return 0
    for t in items:
        print(f"{t.key}：{t.display_name}")
        print("    " + "、".join(t.category_names))
    return 0


def run_phrases(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        if args.add:
            services.deficiencies.add_phrase(args.item, args.add, args.standard, review_id=args.from_review)
        items = services.deficiencies.phrases(args.item, args.standard)
    if args.json:
        print_json(items)
        return 0
    for ph in items:
        origin = f"标准 {ph.standard_code}" if ph.source == "standard" else f"表述库，使用 {ph.uses} 次"
        print(f"- {ph.text}（{origin}）")
    if not items:
        print(f"评查项 {args.item} 暂无标准问题表述。")
    return 0


def run_history(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        entries = services.deficiencies.timeline(args.id)
    if args.json:
        print_json(entries)
        return 0
    print_table(
        ["时间", "操作人", "操作", "状态", "说明"],
        [
            [local_time(e.at), e.actor, e.action,
             f"{e.from_label}→{e.to_label}" if e.to_status else "", e.comment]
            for e in entries
        ],
    )
    return 0

