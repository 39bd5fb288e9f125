"""casereview export …: 评查表 (one or a campaign batch), 评查情况通报 (PDF/DOCX), statistics workbook.

    casereview export review CASE_NO --pdf FILE [--mask]
    casereview export reviews --campaign ID --pdf DIR_OR_FILE [--combined] [--mask]
    casereview export report [--campaign ID] --pdf FILE | --docx FILE
    casereview export stats [--campaign ID] --xlsx FILE
Every command takes --fixed-date YYYY-MM-DD for reproducible (byte-identical) output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casereview.cli.common import (
    add_db_argument,
    add_fixed_date_argument,
    add_json_argument,
    iso_day,
    print_json,
    services_of,
)
from casereview.errors import ValidationError
from casereview.exports.output import atomic_output
from casereview.exports.pdf_common import PdfOptions
from casereview.stats.model import DATE_BASIS_DECISION, DATE_BASIS_REVIEW, Statistics, StatsFilter


def _common(p: argparse.ArgumentParser) -> None:
    add_db_argument(p)
    add_fixed_date_argument(p)


def _filters(p: argparse.ArgumentParser, *, campaign_required: bool = False) -> None:
    p.add_argument("--campaign", type=int, metavar="ID", required=campaign_required, help="评查活动编号")
    p.add_argument("--unit", type=int, action="append", default=[], metavar="UNIT_ID", help="限定单位（可重复）")
    p.add_argument("--case-type", action="append", default=[], choices=["penalty", "licensing", "coercion"],
                   help="限定案件类型（可重复）")
    p.add_argument("--standard", action="append", default=[], metavar="CODE", help="限定评查标准代码（可重复）")
    p.add_argument("--from", dest="date_from", type=iso_day, metavar="YYYY-MM-DD", help="统计期间起")
    p.add_argument("--to", dest="date_to", type=iso_day, metavar="YYYY-MM-DD", help="统计期间止")
    p.add_argument("--date-basis", choices=[DATE_BASIS_REVIEW, DATE_BASIS_DECISION], default=DATE_BASIS_REVIEW,
                   help="期间按评查提交日期（review，默认）或案件决定日期（decision）")


def _flt(args: argparse.Namespace) -> StatsFilter:
    return StatsFilter(
        campaign_id=args.campaign,
        unit_ids=tuple(args.unit),
        case_types=tuple(args.case_type),
        standard_codes=tuple(args.standard),
        date_from=args.date_from,
        date_to=args.date_to,
        date_basis=args.date_basis,
    )


def _options(args: argparse.Namespace) -> PdfOptions:
    return PdfOptions(fixed_date=args.fixed_date)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="导出评查表、评查情况通报和统计工作簿")
    inner = p.add_subparsers(dest="export_command", metavar="导出内容")

    r = inner.add_parser("review", help="导出一件案卷的评查表（PDF）")
    r.add_argument("case_no", metavar="CASE_NO", help="案号")
    r.add_argument("--pdf", required=True, type=Path, metavar="FILE")
    r.add_argument("--mask", action="store_true", help="隐去当事人姓名、证件号、电话、地址、车牌")
    r.add_argument("--campaign", type=int, metavar="ID", help="取该评查活动中的评查结果")
    _common(r)
    r.set_defaults(handler=run_review)

    b = inner.add_parser("reviews", help="批量导出评查活动的评查表（每卷一个文件，或合并为一个 PDF）")
    b.add_argument("--campaign", type=int, required=True, metavar="ID")
    b.add_argument("--pdf", required=True, type=Path, metavar="DIR_OR_FILE", help="文件夹，或 .pdf 文件（合并）")
    b.add_argument("--combined", action="store_true", help="合并为一个 PDF")
    b.add_argument("--mask", action="store_true", help="隐去当事人等个人信息")
    _common(b)
    add_json_argument(b)
    b.set_defaults(handler=run_reviews)

    rep = inner.add_parser("report", help="导出评查情况通报（PDF 或 Word）")
    _filters(rep)
    rep.add_argument("--pdf", type=Path, metavar="FILE")
    rep.add_argument("--docx", type=Path, metavar="FILE")
    rep.add_argument("--title", help="通报标题（默认按评查活动名称生成）")
    _common(rep)
    rep.set_defaults(handler=run_report)

    s = inner.add_parser("stats", help="导出统计工作簿（.xlsx）")
    _filters(s)
    s.add_argument("--xlsx", required=True, type=Path, metavar="FILE")
    _common(s)
    add_json_argument(s)
    s.set_defaults(handler=run_stats)

    def show_help(_args: argparse.Namespace) -> int:
        p.print_help()
        return 2

    p.set_defaults(handler=show_help)


def run_review(args: argparse.Namespace) -> int:
    with services_of(args) as services, atomic_output(args.pdf) as fh:
        form = services.exports.export_review_pdf(
            args.case_no, fh, mask=args.mask, options=_options(args), campaign_id=args.campaign
        )
    print(f"已导出评查表：{args.pdf}（案号 {form.case_no}，{form.stage_label}，总分 {form.total:g}，{form.grade}）")
    return 0


def run_reviews(args: argparse.Namespace) -> int:
    combined = args.combined or args.pdf.suffix.lower() == ".pdf"

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r已生成 {done}/{total}", end="", file=sys.stderr, flush=True)

    with services_of(args) as services:
        result = services.exports.export_campaign_reviews(
            args.campaign, args.pdf, combined=combined, mask=args.mask, options=_options(args), progress=progress
        )
    if args.json:
        print_json(result)
    else:
        if sys.stderr.isatty():
            print(file=sys.stderr)
        where = args.pdf if combined else f"{args.pdf}（{result.count} 个文件）"
        print(f"已导出 {result.count} 份评查表：{where}，用时 {result.seconds:.1f} 秒")
    return 0


def _summary(stats: Statistics) -> str:
    mean = "—" if stats.mean_score is None else f"{stats.mean_score:g}"
    return f"{stats.files} 件案卷，{stats.units} 个单位，发现问题 {stats.problems} 个，平均分 {mean}"


def run_report(args: argparse.Namespace) -> int:
    if not args.pdf and not args.docx:
        raise ValidationError("请用 --pdf FILE 或 --docx FILE 指定输出文件。")
    with services_of(args) as services:
        stats = None
        for path, method in ((args.pdf, services.exports.export_report_pdf),
                             (args.docx, services.exports.export_report_docx)):
            if path is None:
                continue
            with atomic_output(path) as fh:
                stats = method(_flt(args), fh, options=_options(args), title=args.title)
            print(f"已导出评查情况通报：{path}")
    if stats is not None:
        print(_summary(stats))
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with services_of(args) as services, atomic_output(args.xlsx) as fh:
        stats = services.exports.export_stats_xlsx(_flt(args), fh, options=_options(args))
    if args.json:
        print_json(stats.figures())
    else:
        print(f"已导出统计工作簿：{args.xlsx}")
        print(_summary(stats))
    return 0
