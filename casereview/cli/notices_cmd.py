"""casereview notices issue | list | show | export | feedback | verify | close | void | deadline | settings.

N may be the notice's id or its number (文号, e.g. "〔2025〕评查整改第3号").
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from casereview.cli.common import add_db_argument, add_json_argument, open_services, print_json, print_table
from casereview.cli.deficiencies_cmd import _date, local_time
from casereview.errors import ValidationError
from casereview.services.notices import NoticeInfo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("notices", help="整改通知书：下发、导出、反馈、核验、销号、作废")
    inner = p.add_subparsers(dest="notices_command", metavar="子命令")

    i = inner.add_parser("issue", help="向单位下发整改通知书（默认列入该单位全部待下发问题）")
    add_db_argument(i)
    add_json_argument(i)
    target = i.add_mutually_exclusive_group(required=True)
    target.add_argument("--unit", metavar="UNIT", help="执法单位名称、简称或编号")
    target.add_argument("--all-units", action="store_true", help="每个有待下发问题的单位各发一份")
    i.add_argument("--campaign", type=int, metavar="ID", help="只列入该评查活动的问题")
    i.add_argument("--ids", type=int, nargs="+", metavar="ID", help="只列入这些问题（须属于同一单位）")
    i.add_argument("--deadline", type=int, metavar="DAYS", help="整改期限（工作日数，默认按设置）")
    i.add_argument("--deadline-date", type=_date, metavar="YYYY-MM-DD", help="直接指定整改期限日期")
    i.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="下发日期（默认今天）")
    i.add_argument("--requirements", help="整改要求（默认按设置）")
    i.add_argument("--issuer", help="发文单位（默认按设置）")
    i.set_defaults(handler=run_issue)

    ls = inner.add_parser("list", help="列出整改通知书")
    add_db_argument(ls)
    add_json_argument(ls)
    ls.add_argument("--unit", metavar="UNIT")
    ls.add_argument("--campaign", type=int, metavar="ID")
    ls.add_argument("--status", metavar="S")
    ls.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="按此日期计算期限（默认今天）")
    ls.set_defaults(handler=run_list)

    sh = inner.add_parser("show", help="查看一份通知书：问题、反馈和流转记录")
    add_db_argument(sh)
    add_json_argument(sh)
    sh.add_argument("notice", metavar="N")
    sh.set_defaults(handler=run_show)

    e = inner.add_parser("export", help="导出通知书为 PDF 或 Word")
    add_db_argument(e)
    e.add_argument("notice", metavar="N")
    fmt = e.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--pdf", type=Path, metavar="FILE")
    fmt.add_argument("--docx", type=Path, metavar="FILE")
    e.set_defaults(handler=run_export)

    f = inner.add_parser("feedback", help="登记单位的整改反馈")
    add_db_argument(f)
    f.add_argument("notice", metavar="N")
    f.add_argument("--measures", required=True, metavar="TEXT", help="整改措施")
    f.add_argument("--attach", type=Path, nargs="+", default=[], metavar="FILE", help="佐证材料文件")
    f.add_argument("--received", type=_date, metavar="YYYY-MM-DD", help="收到日期（默认今天）")
    f.add_argument("--ids", type=int, nargs="+", metavar="ID", help="只针对这些问题（默认全部待反馈问题）")
    f.set_defaults(handler=run_feedback)

    v = inner.add_parser("verify", help="核验整改反馈：通过或退回")
    add_db_argument(v)
    v.add_argument("notice", metavar="N")
    decision = v.add_mutually_exclusive_group(required=True)
    decision.add_argument("--accept", action="store_true", help="核验通过")
    decision.add_argument("--reject", action="store_true", help="退回重新整改")
    v.add_argument("--comment", default="", metavar="TEXT", help="核验意见（退回时必填）")
    v.add_argument("--ids", type=int, nargs="+", metavar="ID", help="只核验这些问题")
    v.set_defaults(handler=run_verify)

    c = inner.add_parser("close", help="销号（须全部核验通过）")
    add_db_argument(c)
    c.add_argument("notice", metavar="N")
    c.add_argument("--comment", metavar="TEXT")
    c.set_defaults(handler=run_close)

    vo = inner.add_parser("void", help="作废通知书（须填理由，作废后仍保留可查，问题退回待下发）")
    add_db_argument(vo)
    vo.add_argument("notice", metavar="N")
    vo.add_argument("--reason", required=True, metavar="TEXT")
    vo.set_defaults(handler=run_void)

    dl = inner.add_parser("deadline", help="调整整改期限（须填理由）")
    add_db_argument(dl)
    dl.add_argument("notice", metavar="N")
    dl.add_argument("date", type=_date, metavar="YYYY-MM-DD")
    dl.add_argument("--reason", required=True, metavar="TEXT")
    dl.set_defaults(handler=run_deadline)

    st = inner.add_parser("settings", help="查看或修改文号格式、默认期限、提醒天数、发文单位")
    add_db_argument(st)
    add_json_argument(st)
    st.add_argument("--pattern", help="文号格式，如 〔{year}〕评查整改第{seq}号")
    st.add_argument("--deadline-days", type=int, help="默认整改期限（工作日）")
    st.add_argument("--due-soon-days", type=int, help="提前多少个工作日提醒")
    st.add_argument("--issuer", help="发文单位")
    st.add_argument("--requirements", help="默认整改要求")
    st.set_defaults(handler=run_settings)

    p.set_defaults(handler=_help_of(p))


def _print_notices(items: list[NoticeInfo]) -> None:
    print_table(
        ["编号", "文号", "执法单位", "下发日期", "整改期限", "问题数", "未销号", "状态", "期限情况"],
        [
            [n.id, n.number, n.unit_name, n.issue_date, n.deadline, n.finding_count, n.open_count,
             n.status_label + (f"（{n.void_reason}）" if n.void_reason else ""), n.due.text if n.due else ""]
            for n in items
        ],
    )


def run_issue(args: argparse.Namespace) -> int:
    services = open_services(args)
    options = {
        "campaign_id": args.campaign,
        "issue_date": args.date,
        "deadline_days": args.deadline,
        "deadline": args.deadline_date,
        "requirements": args.requirements,
        "issuer": args.issuer,
    }
    try:
        if args.all_units:
            if args.ids:
                raise ValidationError("--ids 只能与 --unit 一起使用。")
            items = services.notices.issue_all(**options)
        else:
            items = [services.notices.issue(args.unit, args.ids, **options)]
    finally:
        services.close()
    if args.json:
        print_json(items)
        return 0
    for n in items:
        print(f"已下发 {n.number}：{n.unit_name}，{n.finding_count} 项问题，整改期限 {n.deadline}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        items = services.notices.list_notices(unit=args.unit, campaign_id=args.campaign, status=args.status,
                                              today=args.today)
    finally:
        services.close()
    if args.json:
        print_json([_notice_json(n) for n in items])
    else:
        _print_notices(items)
        print(f"共 {len(items)} 份通知书。")
    return 0


def _notice_json(n: NoticeInfo) -> dict[str, object]:
    from casereview.cli.common import to_jsonable

    data = to_jsonable(n)
    assert isinstance(data, dict)
    data["status_label"] = n.status_label
    data["overdue"] = n.overdue
    data["due_soon"] = n.due_soon
    return data


def run_show(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        detail = services.notices.detail(args.notice)
        timeline = services.notices.timeline(args.notice)
    finally:
        services.close()
    if args.json:
        print_json({"notice": _notice_json(detail.notice), "deficiencies": detail.deficiencies,
                    "feedback": detail.feedback, "timeline": timeline})
        return 0
    n = detail.notice
    print(f"{n.number}  {n.unit_name}  {n.status_label}")
    print(f"下发 {n.issue_date}，整改期限 {n.deadline}" + (f"（{n.due.text}）" if n.due else ""))
    if n.void_reason:
        print(f"作废理由：{n.void_reason}")
    print()
    print_table(
        ["编号", "案号", "评查项", "问题表述", "证据", "状态"],
        [[d.id, d.case_no, d.item_code, d.wording[:30], d.evidence_text, d.status_label] for d in detail.deficiencies],
    )
    for fb in detail.feedback:
        files = "、".join(a.name for a in fb.attachments)
        print(f"\n反馈（{fb.received_date}，{fb.actor}）：{fb.measures}" + (f"\n  附件：{files}" if files else ""))
    print()
    print_table(
        ["时间", "操作人", "操作", "说明"],
        [[local_time(t.at), t.actor, t.action, t.comment] for t in timeline],
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        if args.pdf:
            path = services.notices.export_pdf(args.notice, args.pdf)
        else:
            path = services.notices.export_docx(args.notice, args.docx)
    finally:
        services.close()
    print(f"已导出 {path}")
    return 0


def _done(n: NoticeInfo, what: str) -> int:
    print(f"{n.number}：{what}，通知书状态 {n.status_label}（未销号问题 {n.open_count} 项）")
    return 0


def run_feedback(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        n = services.notices.record_feedback(args.notice, args.measures, attachments=args.attach,
                                             received_date=args.received, deficiency_ids=args.ids)
    finally:
        services.close()
    return _done(n, "已登记整改反馈")


def run_verify(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        n = services.notices.verify(args.notice, bool(args.accept), args.comment, deficiency_ids=args.ids)
    finally:
        services.close()
    return _done(n, "核验通过" if args.accept else "已退回重新整改")


def run_close(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        n = services.notices.close(args.notice, args.comment)
    finally:
        services.close()
    return _done(n, "已销号")


def run_void(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        n = services.notices.void(args.notice, args.reason)
    finally:
        services.close()
    return _done(n, "已作废，所列问题退回待下发")


def run_deadline(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        n = services.notices.set_deadline(args.notice, args.date, args.reason)
    finally:
        services.close()
    return _done(n, f"整改期限调整为 {n.deadline}")


def run_settings(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        changes = {
            "number_pattern": args.pattern,
            "deadline_days": args.deadline_days,
            "due_soon_days": args.due_soon_days,
            "issuer": args.issuer,
            "requirements": args.requirements,
        }
        if any(v is not None for v in changes.values()):
            settings = services.deficiencies.update_settings(**changes)
        else:
            settings = services.deficiencies.settings()
    finally:
        services.close()
    if args.json:
        print_json(settings)
        return 0
    print(f"文号格式：{settings.number_pattern}")
    print(f"默认整改期限：{settings.deadline_days} 个工作日")
    print(f"到期提醒：提前 {settings.due_soon_days} 个工作日")
    print(f"发文单位：{settings.issuer}")
    print("默认整改要求：")
    print(settings.requirements)
    return 0


def _help_of(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def show(_: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return show
