"""One-off generator of cn_workdays.yaml from the ``chinesecalendar`` package.

Run from the project root with the development venv:
    .venv/bin/python resources/calendar/generate_cn_workdays.py
The program itself never imports chinesecalendar: it reads only the YAML file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from chinese_calendar import constants  # type: ignore[import-untyped]

# chinesecalendar's Chinese names, made to read naturally in explanations.
NAMES = {
    "元旦": "元旦",
    "春节": "春节",
    "清明": "清明节",
    "劳动节": "劳动节",
    "端午": "端午节",
    "国庆节": "国庆节",
    "中秋": "中秋节",
}

HEADER = """\
# 中华人民共和国法定节假日与调休上班日（工作日日历）
#
# 来源：国务院办公厅每年发布的《关于某年部分节假日安排的通知》。
#   本文件由 chinesecalendar {version} 数据（离线，MIT 许可）一次性生成，
#   生成脚本：resources/calendar/generate_cn_workdays.py。程序运行时只读取本文件。
# 覆盖年份：{first}–{last}。未覆盖年份按周一至周五推算，计算结果标记为“待核实”。
#
# 格式：years 下每个年份一个条目，含
#   holidays:        放假日期（含假期内的周末），每行 {{date: YYYY-MM-DD, name: 节日名称}}
#   makeup_workdays: 调休上班日（周六或周日上班），同样格式，name 为所调休的节日
# 日期按其所在的公历年份归入对应年份（例如 2023-12-30 属于 2023 年条目）；
# 跨年安排的个别日期也可写在相邻年份条目中（距年界 15 天以内）。
#
# 如何增加一个年份（例如国务院公布 2027 年安排后）：
#   1. 按上述格式新建一个 YAML 文件，只写新的年份，例如
#        years:
#          2027:
#            holidays:
#              - {{date: 2027-01-01, name: 元旦}}
#            makeup_workdays:
#              - {{date: 2027-02-07, name: 春节}}
#   2. 执行 `casereview calendar add-year 文件路径`（或在程序“设置—工作日日历”中导入）。
#      文件经校验后保存到用户数据目录的 calendar_extra.yaml，覆盖同一年份的内置数据。
#   也可以直接编辑本文件（升级程序时会被覆盖）。
"""


def main() -> None:
    import chinese_calendar

    by_year: dict[int, dict[str, list[tuple[dt.date, str]]]] = defaultdict(
        lambda: {"holidays": [], "makeup_workdays": []}
    )
    for day, value in constants.holidays.items():
        by_year[day.year]["holidays"].append((day, _name(value)))
    for day, value in constants.workdays.items():
        if day.weekday() >= 5:  # chinesecalendar lists every workday? only weekend ones are 调休
            by_year[day.year]["makeup_workdays"].append((day, _name(value)))
    years = sorted(by_year)
    lines = [HEADER.format(version=chinese_calendar.__version__, first=years[0], last=years[-1])]
    lines.append(f"source: 国务院办公厅节假日安排通知（经 chinesecalendar {chinese_calendar.__version__} 整理）")
    lines.append("years:")
    for year in years:
        lines.append(f"  {year}:")
        for key in ("holidays", "makeup_workdays"):
            entries = sorted(by_year[year][key])
            if not entries:
                lines.append(f"    {key}: []")
                continue
            lines.append(f"    {key}:")
            for day, name in entries:
                lines.append(f"      - {{date: {day.isoformat()}, name: {name}}}")
    out = Path(__file__).with_name("cn_workdays.yaml")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}: years {years[0]}-{years[-1]}")


def _name(value: str) -> str:
    for member in constants.Holiday:
        if member.value == value:
            return NAMES.get(member.chinese, member.chinese)
    return value


if __name__ == "__main__":
    main()
