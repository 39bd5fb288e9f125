"""Calendar dates written inside running text, in the two ways Chinese documents print them.

Since GB/T 9704-2012 an issued document is dated in Arabic numerals ("2024年3月5日"); older
documents, many printed forms and hand-written 送达回证 still use Chinese numerals
("二〇二四年三月五日"). OCR adds its own variants of 〇 (○, O, 0, Ｏ). Both registry
intake (a cell holding a date) and the document reader (a date somewhere on a line) read
dates with the helpers here, so the two never disagree about what a date is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
    "两": 2,
}  # fmt: skip

_CN_YEAR = "[〇○零ＯOo0一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_ARABIC = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
_CHINESE = rf"({_CN_YEAR})\s*年\s*({_CN_SMALL})\s*月\s*({_CN_SMALL})\s*[日号]"

# A whole date in either numeral system: groups 1-3 Arabic, groups 4-6 Chinese.
DATE_IN_TEXT = re.compile(f"{_ARABIC}|{_CHINESE}")
# Part of a date (enough to tell a line holding a date from a seal's lettering).
DATE_PART = re.compile(
    rf"\d{{2,}}\s*年|年\s*\d{{1,2}}\s*月|月\s*\d{{1,2}}\s*日"
    rf"|{_CN_YEAR}\s*年|年\s*{_CN_SMALL}\s*月|月\s*{_CN_SMALL}\s*日"
)


def cn_year(text: str) -> int:
    """The year "二〇二四" → 2024 (digit by digit). KeyError for a character that is no digit."""
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


def cn_small(text: str) -> int:
    """Month and day numbers: "三" → 3, "十" → 10, "十二" → 12, "二十九" → 29, "三十一" → 31.
    KeyError or ValueError for a malformed number ("十十", "二二")."""
    if "十" in text:
        tens, _, units = text.partition("十")
        if "十" in units or len(tens) > 1 or len(units) > 1:
            raise ValueError(text)
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)
    if len(text) != 1:
        raise ValueError(text)
    return CN_DIGITS[text]


@dataclass(frozen=True)
class FoundDate:
    when: date
    start: int
    end: int
    shown: str  # as printed


def _from_match(m: re.Match[str]) -> date | None:
    try:
        if m.group(1) is not None:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return date(cn_year(m.group(4)), cn_small(m.group(5)), cn_small(m.group(6)))
    except (KeyError, ValueError):
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every valid date in the text, in order. "2024年2月30日" is not a date and is skipped."""
    out = []
    for m in DATE_IN_TEXT.finditer(text):
        when = _from_match(m)
        if when is not None:
            out.append(FoundDate(when, m.start(), m.end(), m.group(0)))
    return out


def first_date(text: str) -> FoundDate | None:
    found = find_dates(text)
    return found[0] if found else None
