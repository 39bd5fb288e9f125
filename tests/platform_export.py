"""A registry laid out the way provincial enforcement platforms export it.

Title and "导出时间" rows above the table, a merged two-level header (group cells
"当事人信息", "执法人员信息", "办理时间" over sub-headers), the party headed 违法行为人
with a 违法行为人类型 column, officers with certificate numbers in brackets, case
numbers with 〔〕, a serial-number column and a footer. Written as .xlsx (openpyxl,
real merged ranges) and as a GBK .csv (the platform's CSV has the two header rows
but no merges: group labels only above the first column of each group).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

GROUPS: list[tuple[str, list[str]]] = [
    ("", ["序号"]),
    ("", ["行政处罚决定书文号"]),
    ("", ["案件名称"]),
    ("当事人信息", ["违法行为人", "违法行为人类型", "违法行为人证件号码", "住所（地址）"]),
    ("", ["处罚种类"]),
    ("", ["罚款金额（元）"]),
    ("执法人员信息", ["执法人员及证号"]),
    ("办理时间", ["立案日期", "处罚决定日期", "送达日期", "结案日期"]),
    ("", ["处罚机关"]),
    ("", ["备注"]),
]

CASES: list[dict[str, object]] = [
    {"no": "粤云交执罚〔2024〕0101号", "cause": "未按规定携带道路运输证", "party": "广州市顺捷物流有限公司",
     "ptype": "法人及其他组织", "pid": "91440101MA5CXXXX81", "addr": "广州市天河区某路1号",
     "ptypes": "罚款", "fine": 2000, "officers": "张明(44010020001)、李华(44010020002)",
     "dates": (date(2024, 3, 1), date(2024, 3, 20), date(2024, 3, 22), date(2024, 4, 10)), "unit": "云浮市交通运输局"},
    {"no": "粤云交执罚〔2024〕0102号", "cause": "超限运输", "party": "陈大文",
     "ptype": "自然人", "pid": "44010219900101123X", "addr": "云浮市云城区某街2号",
     "ptypes": "警告、罚款", "fine": "500", "officers": "王强（44010020003），赵敏（44010020004）",
     "dates": (date(2024, 3, 5), date(2024, 3, 25), date(2024, 3, 26), date(2024, 4, 15)), "unit": "云浮市交通运输局"},
    {"no": "粤云交执罚〔2024〕0103号", "cause": "未取得道路运输经营许可擅自从事经营", "party": "刘小红",
     "ptype": "个人", "pid": "", "addr": "",
     "ptypes": "罚款", "fine": 30000, "officers": "张明 44010020001；孙丽 44010020005",
     "dates": (date(2024, 4, 1), date(2024, 5, 6), date(2024, 5, 8), None), "unit": "云浮市交通运输局"},
]


def header_rows() -> tuple[list[str], list[str]]:
    top: list[str] = []
    sub: list[str] = []
    for group, subs in GROUPS:
        for i, s in enumerate(subs):
            top.append(group if (i == 0 or not group) else "")
            sub.append(s if group else "")
        if not group:
            top[-1] = subs[0]
    return top, sub


def data_rows() -> list[list[object]]:
    rows = []
    for n, c in enumerate(CASES, 1):
        dates = c["dates"]
        assert isinstance(dates, tuple)
        rows.append([n, c["no"], c["cause"], c["party"], c["ptype"], c["pid"], c["addr"], c["ptypes"], c["fine"],
                     c["officers"], *dates, c["unit"], ""])
    return rows


def write_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "行政处罚案件"
    top, sub = header_rows()
    width = len(top)
    sheet.append(["行政处罚案件信息导出"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["导出时间：2024-06-01 09:30:12", None, None, None, "导出人：admin"])
    sheet.append(top)
    sheet.append(sub)
    col = 1
    for group, subs in GROUPS:
        if group:
            sheet.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + len(subs) - 1)
        else:
            sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
        col += len(subs)
    for row in data_rows():
        sheet.append(row)
    sheet.append(["合计", None, None, None, None, None, None, None, 32500])
    book.save(path)
    return path


def write_gbk_csv(path: Path) -> Path:
    top, sub = header_rows()
    with path.open("w", encoding="gbk", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["行政处罚案件信息导出"])
        out.writerow(["导出时间：2024-06-01 09:30:12"])
        out.writerow(top)
        out.writerow(sub)
        for row in data_rows():
            out.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row])
    return path
