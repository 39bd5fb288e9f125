"""casereview notices issue | list | show | export | feedback | verify | close | void | deadline | settings.

N may be the notice's id or its number (文号, e.g. "云交法〔2025〕3号").
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casereview.cli.common import add_command, help_handler, json_with, print_json, print_table, services_of
from casereview.cli.deficiencies_cmd import iso_date, local_time
from casereview.errors import ValidationError
from casereview.services.notices import NoticeInfo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("notices", help="整改通知书：下发、导出、反馈、核验、销号、作废")
    inner = p.add_subparsers(dest="notices_command", metavar="子命令")

    i = add_command(inner, "issue", run_issue, "向单位下发整改通知书（默认列入该单位全部待下发问题）")
    target = i.add_mutually_exclusive_group(required=True)
    target.add_argument("--unit", metavar="UNIT", help="执法单位名称、简称或编号")
    target.add_argument("--all-units", action="store_true", help="每个有待下发问题的单位各发一份")
    i.add_argument("--campaign", type=int, metavar="ID", help="只列入该评查活动的问题")
    i.add_argument("--ids", type=int, nargs="+", metavar="ID", help="只列入这些问题（须属于同一单位）")
    i.add_argument("--deadline", type=int, metavar="DAYS", help="整改期限（工作日数，默认按设置）")
    i.add_argument("--deadline-date", type=iso_date, metavar="YYYY-MM-DD", help="直接指定整改期限日期")
    i.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="下发日期（默认今天）")
    i.add_argument("--requirements", help="整改要求（默认按设置）")
    i.add_argument("--issuer", help="发文单位（默认按设置）")

    ls = add_command(inner, "list", run_list, "列出整改通知书")
    ls.add_argument("--unit", metavar="UNIT")
    ls.add_argument("--campaign", type=int, metavar="ID")
    ls.add_argument("--status", metavar="S")
    ls.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD", help="按此日期计算期限（默认今天）")

    sh = add_command(inner, "show", run_show, "查看一份通知书：问题、反馈和流转记录")
    sh.add_argument("notice", metavar="N")

    e = add_command(inner, "export", run_export, "导出通知书为 PDF 或 Word", json=False)
    e.add_argument("notice", metavar="N")
    fmt = e.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--pdf", type=Path, metavar="FILE")
    fmt.add_argument("--docx", type=Path, metavar="FILE")

    f = add_command(inner, "feedback", run_feedback, "登记单位的整改反馈", json=False)
    f.add_argument("notice", metavar="N")
    f.add_argument("--measures", required=True, metavar="TEXT", help="整改措施")
    f.add_argument("--attach", type=Path, nargs="+", default=[], metavar="FILE", help="佐证材料文件")
    f.add_argument("--received", type=iso_date, metavar="YYYY-MM-DD", help="收到日期（默认今天）")
    f.add_argument("--ids", type=int, nargs="+", metavar="ID", help="只针对这些问题（默认全部待反馈问题）")

    v = add_command(inner, "verify", run_verify, "核验整改反馈：通过或退回", json=False)
    v.add_argument("notice", metavar="N")
    decision = v.add_mutually_exclusive_group(required=True)
    decision.add_argument("--accept", action="store_true", help="核验通过")
    decision.add_argument("--reject", action="store_true", help="退回重新整改")
    v.add_argument("--comment", default="", metavar="TEXT", help="核验意见（退回时必填）")
    v.add_argument("--ids", type=int, nargs="+", metavar="ID", help="只核验这些问题")

    c = add_command(inner, "close", run_close, "销号（须全部核验通过）", json=False)
    c.add_argument("notice", metavar="N")
    c.add_argument("--comment", metavar="TEXT")

    vo = add_command(inner, "void", run_void, "作废通知书（须填理由，作废后仍保留可查，问题退回待下发）", json=False)
    vo.add_argument("notice", metavar="N")
    vo.add_argument("--reason", required=True, metavar="TEXT")

    dl = add_command(inner, "deadline", run_deadline, "调整整改期限（须填理由）", json=False)
    dl.add_argument("notice", metavar="N")
    dl.add_argument("date", type=iso_date, metavar="YYYY-MM-DD")
    dl.add_argument("--reason", required=True, metavar="TEXT")

    st = add_command(inner, "settings", run_settings,
                     "查看或修改发文机关（名称、机关代字、联系人、电话、抄送、印章）、文号格式、默认期限、提醒天数")
    st.add_argument("--pattern", help="文号格式，如 {code}〔{year}〕{seq}号（得 云交法〔2026〕12号）")
    st.add_argument("--code", help="机关代字，如 云交法")
    st.add_argument("--contact", help="联系人（印在附注中）")
    st.add_argument("--phone", help="联系电话")
    st.add_argument("--copy-to", help="抄送机关（版记），如 市司法局")
    st.add_argument("--seal", action=argparse.BooleanOptionalAction, default=None,
                    help="为印章留出位置（--no-seal：不盖章的文件）")
    st.add_argument("--deadline-days", type=int, help="默认整改期限（工作日）")
    st.add_argument("--due-soon-days", type=int, help="提前多少个工作日提醒")
    st.add_argument("--issuer", help="发文单位")
    st.add_argument("--requirements", help="默认整改要求")

    p.set_defaults(handler=help_handler(p))


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
    options = {
        "campaign_id": args.campaign,
        "issue_date": args.date,
        "deadline_days": args.deadline,
        "deadline": args.deadline_date,
        "requirements": args.requirements,
        "issuer": args.issuer,
    }
    with services_of(args) as services:
        if args.all_units:
            if args.ids:
                raise ValidationError("--ids 只能与 --unit 一起使用。")
            items = services.notices.issue_all(**options)
        else:
            items = [services.notices.issue(args.unit, args.ids, **options)]
    if args.json:
        print_json(items)
        return 0
    for n in items:
        print(f"已下发 {n.number}：{n.unit_name}，{n.finding_count} 项问题，整改期限 {n.deadline}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        items = services.notices.list_notices(unit=args.unit, campaign_id=args.campaign, status=args.status,
                                              today=args.today)
    if args.json:
        print_json([_notice_json(n) for n in items])
    else:
        _print_notices(items)
        print(f"共 {len(items)} 份通知书。")
    return 0


def _notice_json(n: NoticeInfo) -> dict[str, object]:
    return json_with(n, "status_label", "overdue", "due_soon")


def run_show(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        detail = services.notices.detail(args.notice)
        timeline = services.notices.timeline(args.notice)
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
    with services_of(args) as services:
        if args.pdf:
            path = services.notices.export_pdf(args.notice, args.pdf)
        else:
            path = services.notices.export_docx(args.notice, args.docx)
    print(f"已导出 {path}")
    return 0


def _done(n: NoticeInfo, what: str) -> int:
    print(f"{n.number}：{what}，通知书状态 {n.status_label}（未销号问题 {n.open_count} 项）")
    return 0


def run_feedback(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        n = services.notices.record_feedback(args.notice, args.measures, attachments=args.attach,
                                             received_date=args.received, deficiency_ids=args.ids)
    return _done(n, "已登记整改反馈")


def run_verify(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        n = services.notices.verify(args.notice, bool(args.accept), args.comment, deficiency_ids=args.ids)
    return _done(n, "核验通过" if args.accept else "已退回重新整改")


def run_close(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        n = services.notices.close(args.notice, args.comment)
    return _done(n, "已销号")


def run_void(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        n = services.notices.void(args.notice, args.reason)
    return _done(n, "已作废，所列问题退回待下发")


def run_deadline(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        n = services.notices.set_deadline(args.notice, args.date, args.reason)
    return _done(n, f"整改期限调整为 {n.deadline}")


def run_settings(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        changes = {
            "number_pattern": args.pattern,
            "deadline_days": args.deadline_days,
            "due_soon_days": args.due_soon_days,
            "issuer": args.issuer,
            "requirements": args.requirements,
            "agency_code": args.code,
            "contact": args.contact,
            "phone": args.phone,
            "copy_to": args.copy_to,
            "seal": args.seal,
        }
        if any(v is not None for v in changes.values()):
            settings = services.deficiencies.update_settings(**changes)
        else:
            settings = services.deficiencies.settings()
    if args.json:
        print_json(settings)
        return 0
    print(f"文号格式：{settings.number_pattern}")
    print(f"默认整改期限：{settings.deadline_days} 个工作日")
    print(f"到期提醒：提前 {settings.due_soon_days} 个工作日")
    print(f"发文单位：{settings.issuer}（机关代字：{settings.agency_code}）")
    print(f"联系人：{settings.contact or '（未设置）'}，电话：{settings.phone or '（未设置）'}")
    print(f"抄送：{settings.copy_to or '（无）'}；印章位置：{'署名和成文日期上（居中下压）' if settings.seal else '不盖章'}")
    print("默认整改要求：")
    print(settings.requirements)
    return 0

