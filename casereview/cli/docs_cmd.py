"""casereview docs import|verify|set-type|split: the scanned documents of each case."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casereview.cli.common import add_command, help_handler, print_json, print_table, services_of


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("docs", help="案卷文书：导入文件夹、校验文档库、更正类型、按页拆分")
    dsub = p.add_subparsers(dest="docs_command", metavar="子命令")

    q = add_command(dsub, "import", run_import, "导入文件夹中的案卷文书（PDF、图片、.docx）")
    q.add_argument("folder", type=Path, help="文件夹（每案一个子文件夹，名称含案号，或文件名含案号）或 .zip 压缩包")
    q.add_argument("--mapping", type=Path, metavar="FILE.csv", help="对应文件：每行“文件路径,案号”")
    q.add_argument("--max-size", type=float, default=200, metavar="MB", help="单个文件大小上限（MB，默认 200）")

    add_command(dsub, "verify", run_verify, "重新计算文档库中每个文件的校验值，报告缺失或损坏")

    q = add_command(dsub, "set-type", run_set_type, "更正文书类型（评查人员确认）")
    q.add_argument("document_id", type=int, help="文书编号（见 cases show）")
    q.add_argument("doc_type", help="文书类型名称，如 询问笔录")

    q = add_command(dsub, "split", run_split, "按页码把一个 PDF 文书拆分为多个文书（不改写 PDF）")
    q.add_argument("document_id", type=int, help="文书编号（见 cases show）")
    q.add_argument("ranges", help="页码范围，如 \"1-2 立案登记表; 3-6 询问笔录; 7 违法行为通知书\"")

    add_command(dsub, "types", run_types, "列出文书类型", db=False)

    q = add_command(dsub, "ocr", run_ocr, "读取案卷页面文字：有文字层的直接提取，扫描页用本机文字识别（不联网）")
    q.add_argument("case", nargs="?", help="案号或案件编号")
    q.add_argument("--campaign", type=int, metavar="ID", help="评查活动编号：读取该活动的全部案件")
    q.add_argument("--all", action="store_true", dest="all_cases", help="全部案件")
    q.add_argument("--workers", type=int, metavar="N", help="并行识别的工作线程数（默认按本机处理器核数）")

    q = add_command(dsub, "search", run_search, "在已读取的全部页面中检索文字（至少两个字）")
    q.add_argument("term", help="检索词，如 送达")
    q.add_argument("--case", help="只在这个案件中检索（案号或编号）")
    q.add_argument("--limit", type=int, default=50, help="最多列出多少条（默认 50）")

    q = add_command(dsub, "facts", run_facts, "从已读取的文书中提取案号、当事人、日期、金额等，与登记信息对照")
    q.add_argument("case", help="案号或案件编号")

    q = add_command(dsub, "accept", run_accept, "采用文书所载的值更新案件登记信息（记入审计日志）")
    q.add_argument("case", help="案号或案件编号")
    q.add_argument("field", help="字段，如 decision_date、fine_amount、party_name")
    q.add_argument("value", help="采用的值（日期写成 2024-02-08）")
    q.add_argument("--document", type=int, required=True, metavar="ID", help="该值所在的文书编号")
    q.add_argument("--page", type=int, required=True, help="该值所在的页码（文书内）")

    q = add_command(dsub, "propose-split", run_propose_split, "按页面标题识别文书类型，提出整卷扫描件的拆分页码范围")
    q.add_argument("document_id", type=int, help="文书编号（见 cases show）")
    p.set_defaults(handler=help_handler(p))


def run_import(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        def progress(done: int, total: int, name: str) -> None:
            if not args.json and sys.stderr.isatty():
                label = f"{done}/{total}" if total else str(done)
                print(f"\r已处理 {label} 个文件……", end="", file=sys.stderr, flush=True)

        result = services.documents_import.import_folder(
            args.folder, mapping_file=args.mapping, max_bytes=int(args.max_size * 1024 * 1024), progress=progress
        )
        if not args.json and sys.stderr.isatty():
            print(file=sys.stderr)
    if args.json:
        print_json(result)
        return 0
    print(result.report())
    if result.imported:
        print()
        print_table(["编号", "案号", "文件", "类型", "页数", "识别依据"],
                    [[d.document_id, d.case_no, d.relative, d.doc_type, d.page_count, d.type_reason]
                     for d in result.imported[:200]])
    return 0


def run_verify(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        result = services.documents_import.verify()
    if args.json:
        print_json(result)
    else:
        print(result.summary())
        for damage in result.damaged:
            docs = "、".join(str(d) for d in damage.documents) or "—"
            print(f"  {damage.sha256[:16]}…（{damage.path or '缺失'}）：{damage.reason}；涉及文书 {docs}")
        for orphan in result.orphans[:200]:
            print(f"  孤立文件：{orphan}")
    return 0 if result.ok else 1


def run_set_type(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        name = services.documents_import.set_type(args.document_id, args.doc_type)
    if args.json:
        print_json({"document_id": args.document_id, "doc_type": name, "type_confirmed": True})
    else:
        print(f"文书 {args.document_id} 的类型已更正为“{name}”。")
    return 0


def run_split(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        result = services.documents_import.split(args.document_id, args.ranges)
    if args.json:
        print_json(result)
        return 0
    print(f"文书 {result.removed_document_id} 已拆分为 {len(result.parts)} 个文书：")
    print_table(["编号", "类型", "标题", "起始页", "结束页"],
                [[p.document_id, p.doc_type, p.title, p.page_start, p.page_end] for p in result.parts])
    for note in result.notes:
        print(note)
    return 0


def run_types(args: argparse.Namespace) -> int:
    from casereview.intake.doc_types import DOC_TYPES

    if args.json:
        print_json([{"code": t.code, "name": t.name, "form_no": t.form_no} for t in DOC_TYPES])
        return 0
    print_table(["代码", "名称", "式样序号"], [[t.code, t.name, t.form_no or ""] for t in DOC_TYPES])
    return 0


def run_ocr(args: argparse.Namespace) -> int:
    from casereview.docintel.worker import OcrProgress

    with services_of(args) as services:
        case_ids = services.docintel.resolve_cases(args.case, campaign_id=args.campaign, all_cases=args.all_cases)

        def progress(p: OcrProgress) -> None:
            if not args.json and sys.stderr.isatty():
                print(f"\r已读取 {p.done}/{p.total} 页，失败 {p.failed} 页……", end="", file=sys.stderr, flush=True)

        result = services.docintel.read_cases(case_ids, workers=args.workers, progress=progress)
        if not args.json and sys.stderr.isatty():
            print(file=sys.stderr)
    if args.json:
        print_json({"cases": len(case_ids), "pages_read": result.done, "pages_queued": result.total,
                    "failed": result.failed, "error": result.error})
    else:
        print(f"{len(case_ids)} 个案件：本次读取 {result.done} 页（待读 {result.total} 页），失败 {result.failed} 页。")
        if result.error:
            print(f"文字识别已停止：{result.error}", file=sys.stderr)
    return 1 if result.error or result.failed else 0


def run_search(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        case_id = services.docintel.resolve_cases(args.case)[0] if args.case else None
        hits = services.docintel.search(args.term, case_id=case_id, limit=args.limit)
    if args.json:
        print_json([{"case_no": h.case_no, "case_id": h.case_id, "document_id": h.document_id,
                     "document": h.doc_title, "page": h.page, "line": h.line, "matches": h.matches}
                    for h in hits])
        return 0
    if not hits:
        print(f"没有找到“{args.term}”。")
        return 0
    print_table(["案号", "文书", "页", "所在行"], [[h.case_no, h.doc_title, h.page, h.line] for h in hits])
    return 0


def run_facts(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        case_id = services.docintel.resolve_cases(args.case)[0]
        facts = services.docintel.facts(case_id)
    if args.json:
        print_json(facts)
        return 0
    print(f"已读取 {facts.pages_read} 页，未读取 {facts.pages_unread} 页。")
    rows = []
    for c in facts.comparisons:
        mark = {True: "一致", False: "不一致", None: "—"}[c.agrees]
        shown = "；".join(f"{f.value}（{f.where}，文书 {f.document_id}）" for f in c.documents[:3]) or "—"
        rows.append([c.label, c.registry or "—", shown, mark])
    print_table(["事项", "登记信息", "文书记载", "对照"], rows)
    if facts.officers:
        print("笔录所载执法人员：" + "、".join(dict.fromkeys(f"{f.value}（{f.extra}）" for f in facts.officers)))
    return 0


def run_accept(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        case_id = services.docintel.resolve_cases(args.case)[0]
        services.docintel.accept_fact(case_id, args.field, args.value, document_id=args.document, page=args.page)
    if args.json:
        print_json({"case_id": case_id, "field": args.field, "value": args.value})
    else:
        print(f"已采用文书 {args.document} 第 {args.page} 页所载的值：{args.field} = {args.value}（已记入审计日志）。")
    return 0


def run_propose_split(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        proposal = services.docintel.propose_split(args.document_id)
    if args.json:
        print_json(proposal)
        return 0
    print_table(["页", "识别类型", "页面标题"], [[p, t or "（续页）", title] for p, t, title in proposal.page_types])
    if proposal.unread:
        print(f"另有 {proposal.unread} 页尚未读取。")
    print(f"\n建议拆分：{proposal.ranges}")
    print(f"确认后执行：casereview docs split {args.document_id} \"{proposal.ranges}\"")
    return 0
