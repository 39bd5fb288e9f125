"""``casereview training``: the common-error library, curation, handouts, practice reviews."""

from __future__ import annotations

import argparse
from datetime import date

from casereview.anonymize import AnonymizeOptions
from casereview.cli.common import (
    add_command,
    add_fixed_date_argument,
    help_handler,
    print_json,
    print_table,
    services_of,
)
from casereview.errors import ValidationError
from casereview.training.library import LibraryScope


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


def _scope(args: argparse.Namespace) -> LibraryScope:
    return LibraryScope(
        date_from=getattr(args, "date_from", None),
        date_to=getattr(args, "date_to", None),
        campaign_id=getattr(args, "campaign", None),
        unit_id=getattr(args, "unit", None),
        case_type=getattr(args, "case_type", None),
    )


def _add_scope(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", type=int, metavar="ID", help="只统计该评查活动的问题")
    parser.add_argument("--unit", type=int, metavar="ID", help="只统计该执法单位的问题")
    parser.add_argument("--case-type", choices=["penalty", "licensing", "coercion"], help="案件类型")
    parser.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="起始日期（按案件决定日期）")
    parser.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="截止日期（按案件决定日期）")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("training", help="培训：常见问题库、培训材料、练习评查")
    tsub = parser.add_subparsers(dest="training_command", metavar="子命令")

    p = add_command(tsub, "errors", _errors, "常见问题库：按评查项和问题类别统计已确认问题")
    _add_scope(p)
    p.add_argument("--by", choices=["item", "category"], default="item", help="按评查项（默认）或问题类别分组")
    p.add_argument("--limit", type=int, default=30, help="最多显示条数（默认 30）")

    p = add_command(tsub, "curate", _curate, "整理培训条目（标题、说明、正确做法、依据、示例）")
    p.add_argument("key", metavar="KEY", help="条目键：评查项（如 A05 或 标准:A05）或 category:程序")
    p.add_argument("--title")
    p.add_argument("--explanation")
    p.add_argument("--practice", dest="correct_practice", help="正确做法")
    p.add_argument("--basis", dest="legal_basis", help="法律依据")
    p.add_argument("--examples", help="示例问题编号，逗号分隔（见 errors --json 的 example_ids）")

    add_command(tsub, "entries", _entries, "列出已整理的培训条目")

    p = add_command(tsub, "export", _export, "导出培训材料（讲义 PDF / Word，或投影用幻灯片 PDF），内容均已脱敏", json=False)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--pdf", metavar="FILE", help="讲义 PDF")
    target.add_argument("--docx", metavar="FILE", help="讲义 Word")
    target.add_argument("--slides", metavar="FILE", help="幻灯片 PDF（横向，每页一个条目）")
    p.add_argument("--entries", metavar="KEY,...", help="要导出的条目键（默认：全部已整理条目）")
    p.add_argument("--show-officers", action="store_true", help="保留执法人员姓名（默认遮盖）")
    p.add_argument("--show-units", action="store_true", help="保留执法单位名称（默认遮盖）")
    p.add_argument("--no-images", action="store_true", help="不附页面截图")
    add_fixed_date_argument(p)
    _add_scope(p)

    p = add_command(tsub, "publish", _publish, "把已完成的终评作为参考答案，发布为练习案卷（脱敏）")
    p.add_argument("review_id", type=int, metavar="REVIEW_ID")
    p.add_argument("--set", dest="practice_set", default="默认练习", help="练习集名称")
    p.add_argument("--title", help="练习标题（默认按案件类型和案由生成）")

    p = add_command(tsub, "practice", _practice_list, "列出练习案卷")
    p.add_argument("--set", dest="practice_set")

    p = add_command(tsub, "compare", _compare, "一份练习评查与参考答案的逐项对照")
    p.add_argument("review_id", type=int, metavar="REVIEW_ID")

    p = add_command(tsub, "practice-results", _results, "学员练习结果：每位学员、每个评查项与参考答案的一致情况")
    p.add_argument("--set", dest="practice_set")

    parser.set_defaults(handler=help_handler(parser))


def _errors(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        library = services.training.library(_scope(args))
    if args.json:
        print_json(
            {
                "total": library.total,
                "case_count": library.case_count,
                "quarters": library.quarters,
                "items": library.items,
                "categories": library.categories,
            }
        )
        return 0
    print(f"已确认问题 {library.total} 个，涉及案卷 {library.case_count} 件（不含练习评查）")
    if args.by == "category":
        rows = [[g.category, g.count, g.case_count, len(g.item_keys), _trend(g.trend)] for g in library.categories]
        print_table(["问题类别", "次数", "案卷", "评查项", "近四季度"], rows)
    else:
        rows = [
            [g.key, g.item_text[:30], g.category, g.count, g.case_count, _trend(g.trend)]
            for g in library.items[: args.limit]
        ]
        print_table(["条目键", "评查项", "类别", "次数", "案卷", "近四季度"], rows)
    return 0


def _trend(trend: tuple[tuple[str, int], ...]) -> str:
    return " ".join(f"{q[2:]}:{c}" for q, c in trend[-4:])


def _curate(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        key = services.training.resolve_key(args.key)
        examples = None
        if args.examples:
            try:
                examples = [int(x) for x in args.examples.replace("，", ",").split(",") if x.strip()]
            except ValueError as exc:
                raise ValidationError(f"示例编号应为整数，逗号分隔：{args.examples}") from exc
        entry = services.training.curate(
            key,
            title=args.title,
            explanation=args.explanation,
            correct_practice=args.correct_practice,
            legal_basis=args.legal_basis,
            example_ids=examples,
        )
    if args.json:
        print_json(entry)
    else:
        print(f"已保存培训条目 {entry.key}：{entry.title}")
    return 0


def _entries(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        entries = services.training.entries()
    if args.json:
        print_json(entries)
    else:
        print_table(
            ["条目键", "标题", "示例", "更新时间"],
            [[e.key, e.title, ",".join(map(str, e.example_ids)), e.updated_at] for e in entries],
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    keys = [k.strip() for k in args.entries.replace("，", ",").split(",") if k.strip()] if args.entries else None
    options = AnonymizeOptions(officers=not args.show_officers, units=not args.show_units, case_numbers=True)
    kwargs = {"options": options, "scope": _scope(args), "images": not args.no_images, "fixed_date": args.fixed_date}
    with services_of(args) as services:
        if args.pdf:
            handout, path = services.training.export_handout_pdf(args.pdf, keys, **kwargs), args.pdf
        elif args.docx:
            handout, path = services.training.export_handout_docx(args.docx, keys, **kwargs), args.docx
        else:
            handout, path = services.training.export_slides_pdf(args.slides, keys, **kwargs), args.slides
    examples = sum(len(e.examples) for e in handout.entries)
    print(f"已导出 {path}：{len(handout.entries)} 个条目、{examples} 个脱敏案例")
    return 0


def _publish(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        info = services.training.publish_practice(args.review_id, practice_set=args.practice_set, title=args.title)
    if args.json:
        print_json(info)
    else:
        print(f"已发布练习案卷 {info.id}（练习集“{info.practice_set}”）：{info.title}")
    return 0


def _practice_list(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        cases = services.training.practice_cases(args.practice_set)
    if args.json:
        print_json(cases)
    else:
        print_table(
            ["编号", "练习集", "标题", "类型", "练习人次", "已提交"],
            [[c.id, c.practice_set, c.title, c.case_type_label, c.attempts, c.submitted] for c in cases],
        )
    return 0


def _compare(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        comp = services.training.compare_practice(args.review_id)
    if args.json:
        print_json(
            {
                "key_total": comp.key_total,
                "trainee_total": comp.trainee_total,
                "points_difference": comp.points_difference,
                "veto_agrees": comp.veto_agrees,
                "agreement": comp.agreement,
                "missed": comp.missed,
                "extra": comp.extra,
                "points_mismatch": comp.points_mismatch,
                "items": comp.items,
            }
        )
        return 0
    print(
        f"参考答案 {comp.key_total:g} 分（{comp.key_grade}），练习 {comp.trainee_total:g} 分（{comp.trainee_grade}），"
        f"相差 {comp.points_difference:+g} 分；否决{'一致' if comp.veto_agrees else '不一致'}；"
        f"逐项一致率 {comp.agreement:.0%}"
    )
    rows = [
        [i.item_code, i.item_text[:24], i.outcome_label, f"{i.key_points:g}", f"{i.trainee_points:g}", i.explanation or ""]
        for i in comp.items
        if not i.agrees
    ]
    print_table(["评查项", "内容", "对照", "答案扣分", "练习扣分", "讲解"], rows)
    return 0


def _results(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        results = services.training.practice_results(args.practice_set)
    if args.json:
        print_json(
            {
                "trainees": results.trainees,
                "items": results.items,
                "attempts": [
                    {
                        "review_id": a.review_id,
                        "reviewer": a.reviewer_name,
                        "practice_case_id": a.practice_case_id,
                        "agreement": a.comparison.agreement,
                        "missed": a.comparison.missed,
                        "extra": a.comparison.extra,
                        "points_difference": a.comparison.points_difference,
                        "veto_agrees": a.comparison.veto_agrees,
                    }
                    for a in results.attempts
                ],
            }
        )
        return 0
    print(f"已提交练习 {len(results.attempts)} 份")
    print_table(
        ["学员", "练习数", "平均一致率", "问题检出率", "漏扣", "多扣", "平均分差"],
        [
            [t.reviewer_name, t.attempts, f"{t.mean_agreement:.0%}", f"{t.mean_recall:.0%}", t.missed, t.extra,
             f"{t.mean_abs_points_difference:g}"]
            for t in results.trainees
        ],
    )
    print()
    print("学员最常漏扣的评查项：")
    print_table(
        ["评查项", "内容", "练习数", "漏扣", "多扣", "一致率"],
        [[i.item_code, i.item_text[:28], i.attempts, i.missed, i.extra, f"{i.agreement:.0%}"] for i in results.most_missed[:15]],
    )
    return 0
