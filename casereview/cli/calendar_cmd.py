"""casereview calendar workdays FROM TO | add-year FILE | years: the PRC working-day calendar."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from casereview.cli.common import add_command, help_handler, print_json
from casereview.workdays import WorkdayCalendar, default_extra_path, describe_interval


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式应为 YYYY-MM-DD") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("calendar", help="工作日历：计算工作日、添加年度节假日安排")
    csub = p.add_subparsers(dest="calendar_command", metavar="子命令")
    wd = add_command(csub, "workdays", run_workdays, "计算两个日期之间的工作日数（不含起算日，含截止日）", db=False)
    wd.add_argument("start", type=_day, metavar="FROM")
    wd.add_argument("end", type=_day, metavar="TO")
    add = csub.add_parser("add-year", help="从 YAML 文件添加（或替换）年度节假日和调休安排")
    add.add_argument("file", type=Path, metavar="FILE")
    add.set_defaults(handler=run_add_year)
    add_command(csub, "years", run_years, "列出日历已覆盖的年份", db=False)
    p.set_defaults(handler=help_handler(p))


def _calendar() -> WorkdayCalendar:
    extra = default_extra_path()
    return WorkdayCalendar.load((extra,) if extra.exists() else ())


def run_workdays(args: argparse.Namespace) -> int:
    calendar = _calendar()
    count = calendar.count_workdays_between(args.start, args.end)
    text = describe_interval(calendar, args.start, args.end, "起算日期", "截止日期", count)
    if args.json:
        print_json(
            {
                "from": args.start,
                "to": args.end,
                "workdays": count.count,
                "uncertain_years": list(count.uncertain_years),
                "holidays_skipped": [(d.date, d.name) for d in count.holidays_skipped],
                "makeup_days": [(d.date, d.name) for d in count.makeup_days],
                "explanation": text,
            }
        )
        return 0
    print(text)
    if count.uncertain:
        years = "、".join(str(y) for y in count.uncertain_years)
        print(f"注意：日历缺少 {years} 年的节假日安排，以上结果按周一至周五推算，不确定。")
    return 0


def run_add_year(args: argparse.Namespace) -> int:
    from casereview.services.calendar import CalendarService

    years = CalendarService().add_year(args.file)
    print(f"已添加 {'、'.join(str(y) for y in years)} 年的节假日安排（保存在 {default_extra_path()}）。")
    return 0


def run_years(args: argparse.Namespace) -> int:
    years = sorted(_calendar().covered_years())
    if args.json:
        print_json(years)
    else:
        print(f"已覆盖 {years[0]}–{years[-1]} 年（共 {len(years)} 年）" if years else "日历为空")
    return 0
