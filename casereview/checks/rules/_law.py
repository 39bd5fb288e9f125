"""Citations of the laws the rules apply, by version."""

from __future__ import annotations

import datetime as dt

from casereview.checks.registry import LAW_2021

XZCF = "《中华人民共和国行政处罚法》"
XZCF_OLD = "《中华人民共和国行政处罚法》（2017 年修正）"
XZQZ = "《中华人民共和国行政强制法》"
XZXK = "《中华人民共和国行政许可法》"
MSSS = "《中华人民共和国民事诉讼法》"
GB_118 = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"
XZQZ_IN_FORCE = dt.date(2012, 1, 1)
XZXK_IN_FORCE = dt.date(2004, 7, 1)
GB_118_DATE = dt.date(2018, 12, 5)


def penalty_law(day: dt.date | None, new_article: str, old_article: str) -> str:
    """Article of 行政处罚法 in force on ``day`` (the 2021 revision from 2021-07-15)."""
    if day is not None and day < LAW_2021:
        return f"{XZCF_OLD}{old_article}"
    return f"{XZCF}{new_article}"
