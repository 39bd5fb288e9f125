"""casereview cases import|list|show|mappings: loading the case registry and checking it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casereview.cli.common import add_command, help_handler, print_json, print_table, services_of
from casereview.errors import ValidationError
from casereview.services.cases import CaseFilter, OfficerInfo

ROLE_LABELS = {"investigator": "承办人", "legal_reviewer": "法制审核", "approver": "审批人", "recorder": "记录人",
               "hearing_host": "听证主持人"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("cases", help="案件：导入登记表、列出、查看")
    csub = p.add_subparsers(dest="cases_command", metavar="子命令")

    q = add_command(csub, "import", run_import, "导入案件登记表（.xlsx / .xls / .csv）")
    q.add_argument("file", type=Path, help="登记表文件")
    q.add_argument("--sheet", help="工作表名称（默认第一个）")
    q.add_argument("--header-row", type=int, metavar="N", help="表头所在行（从 1 起；默认自动识别）")
    q.add_argument("--header-rows", type=int, choices=(1, 2), help="表头占几行（2：分组表头）")
    q.add_argument("--mapping", metavar="PROFILE_OR_FILE", help="已保存的映射方案名称，或映射方案 JSON 文件")
    q.add_argument("--save-mapping", metavar="NAME", help="把本次使用的表头对应关系保存为映射方案")
    existing = q.add_mutually_exclusive_group()
    existing.add_argument("--update", action="store_true", help="案号已存在时更新案件（列出字段变化）")
    existing.add_argument("--skip-existing", action="store_true", help="案号已存在时跳过（默认）")
    q.add_argument("--partial", action="store_true", help="只导入有效行，有问题的行写入 --rejects 文件")
    q.add_argument("--rejects", type=Path, metavar="FILE.xlsx", help="未导入行的保存文件（含错误原因列）")
    q.add_argument("--dry-run", action="store_true", help="试运行：列出将发生的变化，不写入数据库")

    q = add_command(csub, "list", run_list, "列出案件")
    q.add_argument("--unit", help="执法单位（全称或其中的字）")
    q.add_argument("--type", dest="case_type", help="案件类型：penalty/licensing/coercion 或 行政处罚/行政许可/行政强制")
    q.add_argument("--search", default="", help="按案号、当事人、案由查找")
    q.add_argument("--limit", type=int, default=0, help="最多列出几件（默认全部）")

    q = add_command(csub, "show", run_show, "查看一件案件存储的全部内容（含执法人员、文书）")
    q.add_argument("case_no", help="案号（或案件编号）")

    q = add_command(csub, "officer", run_officer,
                    "添加或修改案件的执法人员：执法证号、有效期（按案卷中的执法证件录入）")
    q.add_argument("case_no", help="案号（或案件编号）")
    q.add_argument("name", help="执法人员姓名")
    q.add_argument("--cert", metavar="证号", help="执法证号（空字符串清除）")
    q.add_argument("--valid-from", metavar="日期", help="执法证有效期起，如 2021-03-01（空字符串清除）")
    q.add_argument("--valid-to", metavar="日期", help="执法证有效期至，如 2026-02-28（空字符串清除）")
    q.add_argument("--validity", metavar="有效期", help="起止一起写，如 “2021-03-01至2026-02-28”")
    q.add_argument("--role", default="investigator",
                   help="角色：investigator（执法人员，默认）/legal_reviewer/approver/hearing_host/recorder")
    q.add_argument("--remove", action="store_true", help="从本案移除此人（执法人员记录保留）")

    add_command(csub, "mappings", run_mappings, "列出已保存的映射方案")
    p.set_defaults(handler=help_handler(p))


def run_import(args: argparse.Namespace) -> int:
    from casereview.services.intake import RegistryImportOptions

    if args.partial and not args.rejects and not args.dry_run:
        raise ValidationError("使用 --partial 时请用 --rejects 指定未导入行的保存文件（.xlsx）", code="rejects_path_missing")
    options = RegistryImportOptions(
        sheet=args.sheet, header_row=args.header_row, header_rows=args.header_rows, profile=args.mapping,
        save_profile_as=args.save_mapping, update_existing=bool(args.update), partial=bool(args.partial),
        rejects_path=args.rejects, dry_run=bool(args.dry_run),
    )
    with services_of(args) as services:
        def progress(done: int, total: int) -> None:
            if not args.json and sys.stderr.isatty():
                print(f"\r已处理 {done}/{total} 行……", end="", file=sys.stderr, flush=True)

        # The same killable child-process reader as the app's import wizard (a reader that
        # hangs, aborts or exhausts memory on a crafted file: one Chinese message, exit 2);
        # the child hands its rows over, so the file is still read only once.
        result = services.intake.run(args.file, options, progress=progress, isolated=True, read_once=True)
        if not args.json and sys.stderr.isatty():
            print(file=sys.stderr)
    if args.json:
        print_json(result)
    else:
        print(result.report)
    if result.rejected and not result.saved and not args.dry_run:
        return 1
    return 0


def _case_types(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    from casereview.domain.enums import CaseType

    found = CaseType.from_label(text)
    if isinstance(found, CaseType):
        return (found.value,)
    try:
        return (CaseType(text).value,)
    except ValueError:
        raise ValidationError(f"未知的案件类型“{text}”（可用：penalty 行政处罚、licensing 行政许可、coercion 行政强制）",
                              code="case_type_unknown") from None


def run_list(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        unit_ids: tuple[int, ...] = ()
        if args.unit:
            units = services.cases.units()
            unit_ids = tuple(u.id for u in units if u.name == args.unit) or tuple(
                u.id for u in units if args.unit in u.name
            )
            if not unit_ids:
                raise ValidationError(f"没有名称含“{args.unit}”的执法单位", code="unit_not_found")
        flt = CaseFilter(text=args.search, unit_ids=unit_ids, case_types=_case_types(args.case_type))
        rows = services.cases.list_rows(flt, limit=args.limit or None)
    if args.json:
        print_json(rows)
        return 0
    print_table(
        ["编号", "案号", "执法单位", "类型", "当事人", "立案日期", "决定日期", "罚款（元）", "评查状态"],
        [[r.id, r.case_no, r.unit_name, r.case_type_label, r.party_name, r.filing_date, r.decision_date,
          f"{r.fine_amount:,.2f}" if r.fine_amount is not None else "", r.review_state_label] for r in rows],
    )
    print(f"共 {len(rows)} 件")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from casereview.errors import NotFoundError

    with services_of(args) as services:
        try:
            detail = services.cases.detail(args.case_no)
        except NotFoundError:
            if not args.case_no.isdigit():
                detail = services.cases.detail_by_case_no(args.case_no)
            else:
                detail = services.cases.detail(int(args.case_no))
    if args.json:
        print_json(detail)
        return 0
    from casereview.services.cases import case_field_label, case_value_text

    print(f"案号：{detail.case_no}（编号 {detail.id}）")
    print(f"执法单位：{detail.unit_name or '—'}")
    from casereview.domain.enums import CaseReviewState, CaseType, PartyType, Procedure

    kinds = {"case_type": CaseType, "procedure": Procedure, "party_type": PartyType, "review_state": CaseReviewState}
    for key, value in detail.fields.items():
        if value in (None, "", False, 0) or key == "case_no":
            continue
        if key in kinds:
            found = kinds[key].from_label(str(value))
            value = found.label if found is not None else value
        print(f"{case_field_label(key)}：{case_value_text(key, value)}")
    def officer_text(o: OfficerInfo) -> str:
        parts = [ROLE_LABELS.get(o.role, o.role)]
        if o.cert_no:
            parts.append(f"执法证号 {o.cert_no}")
        if o.cert_valid_from or o.cert_valid_to:
            parts.append(f"有效期 {o.cert_valid_from or '?'} 至 {o.cert_valid_to or '?'}")
        return f"{o.name}（{'，'.join(parts)}）"

    print("执法人员：" + ("、".join(officer_text(o) for o in detail.officers) or "—"))
    print(f"文书（{len(detail.documents)} 个）：")
    for doc in detail.documents:
        pages = f"第{doc.page_start}–{doc.page_end}页" if doc.page_start else f"{doc.page_count} 页"
        mark = "" if doc.type_confirmed else "（类型待确认）"
        print(f"  [{doc.id}] {doc.doc_type}{mark} {doc.title} {doc.kind} {pages}")
    return 0


def run_mappings(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        profiles = services.intake.profiles()
    if args.json:
        print_json(profiles)
        return 0
    if not profiles:
        print("尚未保存映射方案（导入时用 --save-mapping 名称 保存）。")
        return 0
    print_table(["名称", "列数", "工作表", "表头行", "更新时间"],
                [[p.name, len(p.columns), p.sheet or "", p.header_row or "自动", p.updated_at] for p in profiles])
    return 0


def run_officer(args: argparse.Namespace) -> int:
    from casereview.intake.values import parse_cert_validity
    from casereview.services.cases import KEEP, Keep

    with services_of(args) as services:
        if args.remove:
            removed = services.cases.remove_officer(args.case_no, args.name,
                                                    role=None if args.role == "investigator" else args.role)
            if args.json:
                print_json({"removed": removed})
            else:
                print(f"已从案件 {args.case_no} 移除执法人员 {args.name}。")
            return 0
        valid_from: str | Keep | None = KEEP if args.valid_from is None else (args.valid_from or None)
        valid_to: str | Keep | None = KEEP if args.valid_to is None else (args.valid_to or None)
        if args.validity:
            try:
                periods = parse_cert_validity(args.validity)
            except ValueError as exc:
                raise ValidationError(str(exc), field="validity") from None
            if len(periods) != 1:
                raise ValidationError(f"--validity 应只写一个人的有效期，写了 {len(periods)} 个。", field="validity")
            _n, start, end = periods[0]
            valid_from, valid_to = (start.isoformat() if start else None), (end.isoformat() if end else None)
        cert: str | Keep | None = KEEP if args.cert is None else (args.cert or None)
        info = services.cases.set_officer(args.case_no, args.name, role=args.role, cert_no=cert,
                                          valid_from=valid_from, valid_to=valid_to)
    if args.json:
        print_json(info)
    else:
        validity = (f"{info.cert_valid_from or '?'} 至 {info.cert_valid_to or '?'}"
                    if info.cert_valid_from or info.cert_valid_to else "未录入")
        print(f"{info.name}：执法证号 {info.cert_no or '未录入'}，有效期 {validity}。")
    return 0
