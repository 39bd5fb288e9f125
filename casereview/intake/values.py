"""Pure parsers for the values met in registry exports: dates, amounts, identifiers,
case types and procedures.

Every parser accepts what a spreadsheet cell may hold (``str``, ``int``, ``float``,
``date``, ``datetime``, ``None``). Blank input gives ``None``; input that cannot be
understood raises ``ValueError`` whose message is a Chinese reason meant for the
per-row validation report (the caller adds the row, column and header).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import mul
from typing import NamedTuple

from casereview.domain.enums import CaseType, PartyType, Procedure
from casereview.intake.checksums import ID_CHECK, ID_WEIGHTS, USCC_CHARS, USCC_VALUE, USCC_WEIGHTS
from casereview.textdates import cn_small, cn_year

__all__ = [
    "CertValidity",
    "IdentifierCheck",
    "case_no_key",
    "check_identifier",
    "infer_party_type",
    "normalise_case_kind",
    "normalise_case_type",
    "normalise_party_type",
    "normalise_procedure",
    "normalise_text",
    "parse_amount",
    "parse_cert_valid_from",
    "parse_cert_validity",
    "parse_date",
    "parse_officers_validity",
    "split_names",
    "validate_resident_id",
    "validate_uscc",
]

_EXCEL_EPOCH = date(1899, 12, 30)  # 1900 date system, including Lotus' fictitious 1900-02-29
_MIN_YEAR = 1900
_MAX_YEAR = 2100
_MIN_SERIAL_YEAR = 1950  # a small number read as a serial (e.g. "123") is not a case date


def normalise_text(value: object) -> str:
    """NFKC-normalise (full-width digits, letters, brackets and spaces become
    half-width) and strip. ``None`` gives an empty string."""
    if value.__class__ is str:
        text: str = value  # type: ignore[assignment]
        return (text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)).strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Numbers typed into a text column come back from Excel as floats.
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


# --------------------------------------------------------------------------- dates


_DATE_RE = re.compile(
    r"(\d{4})\s*(?:[-/.年]|\s)\s*(\d{1,2})\s*(?:[-/.月]|\s)\s*(\d{1,2})\s*[日号]?"
)
_TIME_RE = re.compile(
    r"[Tt]?\s*(?:(上午|下午|晚上|凌晨|中午))?\s*(\d{1,2})\s*(?:[:时点])\s*"
    r"(?:(\d{1,2})\s*(?:[:分]\s*(?:(\d{1,2})(?:\.\d+)?\s*秒?)?)?)?\s*(?:[.]\d+)?\s*([aApP][mM])?"
)
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s*(\d{2})(\d{2})(\d{2})?)?")
_SERIAL_RE = re.compile(r"\d{1,5}(?:\.\d+)?")
_FORMATS_HINT = "可用格式如 2024-03-05、2024/3/5、2024.3.5、2024年3月5日、20240305"


_CN_DATE_RE = re.compile(
    r"([〇○零ＯOo一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]"
)


def _make_date(y: int, m: int, d: int, raw: object) -> date:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise ValueError(f"日期“{_short(raw)}”的年份 {y} 超出合理范围（{_MIN_YEAR}–{_MAX_YEAR}）")
    if not 1 <= m <= 12:
        raise ValueError(f"日期“{_short(raw)}”的月份 {m} 不存在（应为 1–12）")
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError(f"日期“{_short(raw)}”不存在（{y}年{m}月没有{d}日）") from None


def _check_time(rest: str, raw: object) -> None:
    """Accept (and ignore) a time of day after the date; reject other trailing text."""
    rest = rest.strip()
    if not rest:
        return
    m = _TIME_RE.fullmatch(rest)
    if m is None:
        raise ValueError(f"无法识别的日期“{_short(raw)}”：日期后面有多余内容“{_short(rest)}”")
    hour = int(m.group(2))
    minute = int(m.group(3) or 0)
    second = int(m.group(4) or 0)
    if hour > 24 or minute > 59 or second > 59:
        raise ValueError(f"日期“{_short(raw)}”中的时间“{_short(rest)}”不存在")


def _from_serial(number: float, raw: object) -> date:
    if not 1 <= number < 2958466:
        raise ValueError(f"数字“{_short(raw)}”不是有效的 Excel 日期序列号")
    if int(number) == 60:
        raise ValueError("Excel 日期序列号 60 对应不存在的 1900年2月29日")
    result = _EXCEL_EPOCH + timedelta(days=int(number))
    if not _MIN_SERIAL_YEAR <= result.year <= _MAX_YEAR:
        raise ValueError(f"数字“{_short(raw)}”按 Excel 日期序列号换算为 {result}，超出合理范围")
    return result


def parse_date(value: object) -> date | None:
    """Parse a registry date cell. The time of day, if present, is dropped.

    Accepts ``date``/``datetime`` objects, Excel serial numbers (1900 date system),
    8-digit ``yyyymmdd`` numbers and the text forms 2024-03-05, 2024/3/5, 2024.3.5,
    2024年3月5日, 二〇二四年三月五日, 20240305, each optionally followed by a time
    (``2024-03-05 14:30``, ``2024年3月5日14时30分``).
    """
    cls = value.__class__
    if cls is date:  # the common case for a real date cell
        return value  # type: ignore[return-value]
    if cls is datetime:
        return value.date()  # type: ignore[attr-defined, no-any-return]
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是日期")
    if isinstance(value, time | timedelta):
        raise ValueError(f"“{_short(value)}”只有时间，没有日期")
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer() and 19000101 <= number <= 21001231:
            text = str(int(number))
            return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]), value)
        return _from_serial(number, value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]  # "20240305.0": a number column exported to CSV
    m = _DATE_RE.match(text)
    if m is not None:
        result = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), value)
        _check_time(text[m.end():], value)
        return result
    m = _COMPACT_RE.match(text)
    if m is not None and (m.end() == len(text) or not text[m.end()].isdigit()):
        result = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), value)
        if m.group(4) is not None and (int(m.group(4)) > 24 or int(m.group(5)) > 59):
            raise ValueError(f"日期“{_short(value)}”中的时间不存在")
        _check_time(text[m.end():], value)
        return result
    m = _CN_DATE_RE.match(text)
    if m is not None:
        try:
            y, mo, d = cn_year(m.group(1)), cn_small(m.group(2)), cn_small(m.group(3))
        except (KeyError, ValueError):
            raise ValueError(f"无法识别的中文日期“{_short(value)}”") from None
        result = _make_date(y, mo, d, value)
        _check_time(text[m.end():], value)
        return result
    if _SERIAL_RE.fullmatch(text):
        # A CSV saved from Excel keeps the serial number when the column was "General".
        return _from_serial(float(text), value)
    if re.match(r"\d{2}[-/.]\d{1,2}[-/.]\d{1,2}$", text):
        raise ValueError(f"日期“{_short(value)}”的年份只有两位，无法确定世纪，请写成四位年份")
    raise ValueError(f"无法识别的日期“{_short(value)}”（{_FORMATS_HINT}）")


# ------------------------------------------------------------------------- amounts

_CN_NUM = {
    "零": 0, "〇": 0, "○": 0,
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6,
    "柒": 7, "捌": 8, "玖": 9,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNIT = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_SECTION = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_CHARS = set(_CN_NUM) | set(_CN_UNIT) | set(_CN_SECTION)

_AMOUNT_PREFIX_RE = re.compile(r"^(?:人民币|人民幣|RMB|CNY|金额|¥|￥|:)+", re.IGNORECASE)
_AMOUNT_RE = re.compile(r"([+-]?)(\d+(?:\.\d*)?|\.\d+)(亿|万|千|百)?(?:元|圆|块)?(?:整|正)?")
_MULTIPLIER = {
    None: Decimal(1), "百": Decimal(100), "千": Decimal(1000), "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
}  # fmt: skip
_CENT = Decimal("0.01")


def _cn_integer(text: str, raw: object) -> int:
    """Chinese integer numeral: 壹万贰仟叁佰肆拾伍, 五千, 十二, 一亿零五百万."""
    total = 0  # completed 亿 sections
    section = 0  # value below the current 万/亿 unit
    digit: int | None = None
    for ch in text:
        if ch in _CN_NUM:
            digit = _CN_NUM[ch]
        elif ch in _CN_UNIT:
            section += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        elif ch in _CN_SECTION:
            unit = _CN_SECTION[ch]
            section += digit or 0
            digit = None
            if unit == 100_000_000:
                total = (total + section) * unit
            else:
                total += section * unit
            section = 0
        else:
            raise ValueError(f"大写金额“{_short(raw)}”中有无法识别的字“{ch}”")
    return total + section + (digit or 0)


def _parse_capital_amount(text: str, raw: object) -> Decimal:
    body = text.rstrip("整正")
    yuan_part, sep, frac_part = body.partition("元") if "元" in body else body.partition("圆")
    if not sep:
        yuan_part, frac_part = (body, "") if not re.search("[角分]", body) else ("", body)
    amount = Decimal(_cn_integer(yuan_part, raw)) if yuan_part else Decimal(0)
    if frac_part:
        m = re.fullmatch(r"零?(?:([^角分零])角)?零?(?:([^角分零])分)?", frac_part)
        if m is None or (m.group(1) is None and m.group(2) is None):
            raise ValueError(f"大写金额“{_short(raw)}”的角分部分“{frac_part}”无法识别")
        for group, scale in ((m.group(1), Decimal("0.1")), (m.group(2), Decimal("0.01"))):
            if group is not None:
                if group not in _CN_NUM:
                    raise ValueError(f"大写金额“{_short(raw)}”中有无法识别的字“{group}”")
                amount += _CN_NUM[group] * scale
    return amount


def _finish_amount(amount: Decimal, raw: object) -> Decimal:
    if amount < 0:
        raise ValueError(f"金额“{_short(raw)}”不能为负数")
    rounded = amount.quantize(_CENT)
    if rounded != amount:
        raise ValueError(f"金额“{_short(raw)}”精确到了分以下")
    return rounded


def parse_amount(value: object) -> Decimal | None:
    """Parse a money amount in yuan, returned with two decimals.

    Accepts numbers, ``5,000.00元``, ``5000元``, ``0.5万元``, ``1.2万``, ``￥3,000``,
    ``人民币5000元`` and amounts written in Chinese numerals (``人民币伍仟元整``,
    ``壹万贰仟叁佰肆拾伍元陆角柒分``, ``五千元``). A Chinese amount given in brackets
    after a number (``5000元（伍仟元整）``) must agree with it.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是金额")
    if isinstance(value, int):
        return _finish_amount(Decimal(value), value)
    if isinstance(value, float):
        # repr() gives the shortest decimal that round-trips: 0.1 -> "0.1", not 0.1000000000000000055
        return _finish_amount(Decimal(repr(value)), value)
    if isinstance(value, Decimal):
        return _finish_amount(value, value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    compact = re.sub(r"[\s,]", "", text)
    compact = _AMOUNT_PREFIX_RE.sub("", compact)
    bracket = re.fullmatch(r"(.+?)\((.+)\)", compact)
    if bracket is not None:
        first = parse_amount(bracket.group(1))
        try:
            second = parse_amount(bracket.group(2))
        except ValueError:
            second = first  # a remark in brackets, e.g. 5000元(已缴)
        if first != second:
            raise ValueError(f"金额“{_short(value)}”前后不一致：{first} 元与 {second} 元")
        return first
    if compact in {"", "-", "—", "无", "/"}:
        return None
    m = _AMOUNT_RE.fullmatch(compact)
    if m is not None:
        try:
            number = Decimal(m.group(2))
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            raise ValueError(f"无法识别的金额“{_short(value)}”") from None
        if m.group(1) == "-":
            number = -number
        return _finish_amount(number * _MULTIPLIER[m.group(3)], value)
    if compact[0] in _CN_CHARS:
        return _finish_amount(_parse_capital_amount(compact, value), value)
    raise ValueError(f"无法识别的金额“{_short(value)}”（可用格式如 5000、5,000.00元、0.5万元、伍仟元整）")


# --------------------------------------------------------------------- identifiers

_ID_WEIGHTS = ID_WEIGHTS
_ID_CHECK = ID_CHECK
_PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
)  # fmt: skip
_USCC_CHARS = USCC_CHARS
_USCC_VALUE = USCC_VALUE
_USCC_WEIGHTS = USCC_WEIGHTS
_USCC_AUTHORITIES = frozenset("123456789ABCDEFGNY")


_USCC_SET = frozenset(_USCC_CHARS)
# The weights are powers of a base modulo the checksum's modulus (ID: 2^(17-i) mod 11,
# USCC: 3^i mod 31), so the weighted sums are, modulo that, the value of the digit string
# read in a base congruent to 2 (mod 11) or 3 (mod 31): one int() call instead of a
# Python loop over 17 characters (checked against the plain weighted sums on random input).
_USCC_BASE34 = str.maketrans({ch: "0123456789abcdefghijklmnopqrstu"[i] for i, ch in enumerate(_USCC_CHARS)})


def _id_weighted_sum(head: str) -> int:
    """Congruent (mod 11) to the GB 11643 weighted sum of 17 digits."""
    if head.isascii():
        return 2 * int(head, 13)  # 13 ≡ 2 (mod 11)
    return sum(map(mul, map(int, head), _ID_WEIGHTS))


def _uscc_weighted_sum(text: str) -> int:
    """Congruent (mod 31) to the GB 32100 weighted sum of the first 17 characters
    (all in ``USCC_CHARS``)."""
    return int(text[16::-1].translate(_USCC_BASE34), 34)  # 34 ≡ 3 (mod 31), first char least significant


_ID_NOISE_RE = re.compile(r"[\s\-]")
_THIS_YEAR = date.today().year


def _clean_identifier(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and value >= 1e15:
        # 18-digit numbers do not survive a float: the last digits are already lost.
        raise ValueError(f"证件号码“{value:.0f}”以数字格式保存，后几位已丢失，请把该列设为文本后重新导出")
    if value.__class__ is str and value.isascii() and value.isalnum():  # type: ignore[union-attr]
        return value.upper()  # type: ignore[union-attr]
    return _ID_NOISE_RE.sub("", normalise_text(value)).upper()


def _resident_id_reason(text: str) -> str | None:
    """Why a cleaned identifier is not a valid 18-digit resident ID (None: valid)."""
    if len(text) != 18:
        return f"身份证号码“{_short(text)}”应为18位，实为{len(text)}位"
    head = text[:17]
    last = text[17]
    if not head.isdigit() or not (last.isdigit() or last == "X"):
        return f"身份证号码“{text}”只能由数字组成，末位可以是 X"
    if int(text[:2]) not in _PROVINCE_CODES:
        return f"身份证号码“{text}”的前两位地区码“{text[:2]}”不存在"
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return f"身份证号码“{text}”中的出生日期“{text[6:14]}”不存在"
    if birth.year < _MIN_YEAR or (birth.year >= _THIS_YEAR and birth > date.today()):
        return f"身份证号码“{text}”中的出生日期“{text[6:14]}”不合理"
    expected = _ID_CHECK[_id_weighted_sum(head) % 11]
    if last != expected:
        return f"身份证号码“{text}”校验位错误（末位应为 {expected}），号码可能抄错"
    return None


def _uscc_reason(text: str) -> str | None:
    """Why a cleaned identifier is not a valid unified social credit code (None: valid)."""
    if len(text) != 18:
        return f"统一社会信用代码“{_short(text)}”应为18位，实为{len(text)}位"
    if not _USCC_SET.issuperset(text):
        bad = sorted({ch for ch in text if ch not in _USCC_VALUE})
        return f"统一社会信用代码“{text}”含有不允许的字符“{''.join(bad)}”（不使用 I、O、S、V、Z）"
    if text[0] not in _USCC_AUTHORITIES:
        return f"统一社会信用代码“{text}”的第1位登记管理部门代码“{text[0]}”不存在"
    if not text[2:8].isdigit():
        return f"统一社会信用代码“{text}”的第3–8位行政区划码应为数字"
    expected = _USCC_CHARS[(31 - _uscc_weighted_sum(text) % 31) % 31]
    if text[17] != expected:
        return f"统一社会信用代码“{text}”校验位错误（末位应为 {expected}），代码可能抄错"
    return None


def validate_resident_id(value: object) -> str:
    """Check an 18-digit resident identity number (GB 11643: region, birth date,
    ISO 7064 MOD 11-2 check character). Returns it normalised (upper-case X);
    raises ``ValueError`` with the reason."""
    text = _clean_identifier(value)
    reason = _resident_id_reason(text)
    if reason is not None:
        raise ValueError(reason)
    return text


def validate_uscc(value: object) -> str:
    """Check an 18-character unified social credit code (GB 32100-2015: character set,
    registration authority, region code, MOD 31 check character). Returns it
    normalised (upper case); raises ``ValueError`` with the reason."""
    text = _clean_identifier(value)
    reason = _uscc_reason(text)
    if reason is not None:
        raise ValueError(reason)
    return text


class IdentifierCheck(NamedTuple):
    """What an identifier says about the party. ``reason`` is set when it looks like a
    resident ID or a credit code but fails its check. (A NamedTuple: one per row.)"""

    party_type: PartyType
    normalised: str
    kind: str  # "resident_id", "resident_id_15", "uscc", "other", ""
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


def _looks_like_resident_id(text: str) -> bool:
    """Region code and birth date plausible: a failing check digit is then a typo in an ID."""
    if int(text[:2]) not in _PROVINCE_CODES:
        return False
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    return birth.year >= _MIN_YEAR


def check_identifier(value: object) -> IdentifierCheck:
    """Classify and validate a party identifier without raising (except for a
    float that has lost digits, which is reported as a reason too)."""
    try:
        text = _clean_identifier(value)
    except ValueError as exc:
        return IdentifierCheck(PartyType.UNKNOWN, normalise_text(value), "other", str(exc))
    if not text:
        return IdentifierCheck(PartyType.UNKNOWN, "", "")
    if len(text) == 18 and text[:17].isdigit():
        reason = _resident_id_reason(text)
        if reason is None:
            return IdentifierCheck(PartyType.INDIVIDUAL, text, "resident_id")
        if _looks_like_resident_id(text):
            return IdentifierCheck(PartyType.INDIVIDUAL, text, "resident_id", reason)
        if _uscc_reason(text) is None:  # credit codes of some public bodies are digits only
            return IdentifierCheck(PartyType.ORGANISATION, text, "uscc")
        return IdentifierCheck(
            PartyType.UNKNOWN, text, "other",
            f"证件号码既不是有效的身份证号码，也不是有效的统一社会信用代码（{reason}）",
        )
    if len(text) == 18:
        reason = _uscc_reason(text)
        return IdentifierCheck(PartyType.ORGANISATION, text, "uscc", reason)
    if len(text) == 15 and text.isdigit():
        # First-generation ID (yymmdd birth date, no check digit) or an old business
        # registration number (注册号); only the former has a valid birth date at 6..12.
        try:
            date(1900 + int(text[6:8]), int(text[8:10]), int(text[10:12]))
            if int(text[:2]) in _PROVINCE_CODES:
                return IdentifierCheck(PartyType.INDIVIDUAL, text, "resident_id_15")
        except ValueError:
            pass
        return IdentifierCheck(PartyType.ORGANISATION, text, "other")
    if len(text) in (17, 19) and text[:16].isdigit():
        return IdentifierCheck(
            PartyType.UNKNOWN, text, "other", f"证件号码“{text}”为{len(text)}位，身份证号码和统一社会信用代码都是18位"
        )
    return IdentifierCheck(PartyType.UNKNOWN, text, "other")


def infer_party_type(identifier: object) -> PartyType:
    """Party type from its identifier: resident ID → individual, credit code →
    organisation (individual businesses, 92…, count as organisations here).
    Raises ``ValueError`` with the reason when the checksum fails; other
    identifiers (passport, blank) give ``PartyType.UNKNOWN``."""
    check = check_identifier(identifier)
    if check.reason is not None:
        raise ValueError(check.reason)
    return check.party_type


_PARTY_TYPES: dict[str, PartyType] = {
    **dict.fromkeys(
        ["自然人", "个人", "公民", "individual", "person", "居民", "公民个人", "驾驶员", "司机"],
        PartyType.INDIVIDUAL,
    ),
    **dict.fromkeys(
        ["法人", "单位", "企业", "组织", "其他组织", "法人或其他组织", "法人和其他组织", "法人单位",
         "公司", "个体工商户", "个体户", "个体", "organisation", "organization", "非法人组织",
         "企业法人", "事业单位", "社会组织", "机关", "合伙企业"],
        PartyType.ORGANISATION,
    ),
}  # fmt: skip


def normalise_party_type(text: object) -> PartyType | None:
    """自然人/个人/公民 → individual, 法人/单位/企业/其他组织/个体工商户 → organisation."""
    return _party_type(normalise_text(text))


@lru_cache(maxsize=256)
def _party_type(raw: str) -> PartyType | None:
    if not raw:
        return None
    key = raw.lower().replace(" ", "")
    found = _PARTY_TYPES.get(key) or PartyType.from_label(raw)
    if isinstance(found, PartyType):
        return found
    if "法人" in key or "组织" in key or "单位" in key or "企业" in key or "公司" in key:
        return PartyType.ORGANISATION
    if "自然人" in key or "个人" in key:
        return PartyType.INDIVIDUAL
    raise ValueError(f"无法识别的当事人类型“{_short(raw)}”（可用：自然人、法人或其他组织）")


# ------------------------------------------------------------ case type, procedure

_CASE_TYPE_WORDS: tuple[tuple[str, CaseType], ...] = (
    ("许可", CaseType.LICENSING),
    ("审批", CaseType.LICENSING),
    ("强制", CaseType.COERCION),
    ("查封", CaseType.COERCION),
    ("扣押", CaseType.COERCION),
    ("扣留", CaseType.COERCION),
    ("暂扣", CaseType.COERCION),
    ("冻结", CaseType.COERCION),
    ("处罚", CaseType.PENALTY),
    ("罚款", CaseType.PENALTY),
    ("penalty", CaseType.PENALTY),
    ("licens", CaseType.LICENSING),
    ("coercion", CaseType.COERCION),
)
_PROCEDURE_WORDS: tuple[tuple[str, Procedure], ...] = (
    ("简易", Procedure.SIMPLE),
    ("当场", Procedure.SIMPLE),
    ("普通", Procedure.GENERAL),
    ("一般", Procedure.GENERAL),
    ("快速办理", Procedure.GENERAL),  # 行政处罚法 2021 fast track is a general procedure
    ("simple", Procedure.SIMPLE),
    ("general", Procedure.GENERAL),
    ("不区分", Procedure.NONE),
    ("不适用", Procedure.NONE),
    ("none", Procedure.NONE),
)
_CASE_TYPE_HINT = "可用：行政处罚、行政许可、行政强制"
_PROCEDURE_HINT = "可用：普通程序（一般程序）、简易程序（当场处罚）"


def normalise_case_kind(text: object) -> tuple[CaseType | None, Procedure | None]:
    """Split a combined label such as ``行政处罚（普通程序）``, ``处罚-简易`` or
    ``查封扣押`` into case type and procedure; either may be ``None`` when absent."""
    return _case_kind(normalise_text(text).lower())


@lru_cache(maxsize=512)  # registries repeat a handful of labels thousands of times
def _case_kind(raw: str) -> tuple[CaseType | None, Procedure | None]:
    if not raw:
        return None, None
    case_type: CaseType | None = None
    # "行政强制执行" inside a penalty label ("处罚-强制执行") is still a penalty case.
    if "处罚" in raw or "罚款" in raw:
        case_type = CaseType.PENALTY
    else:
        for word, found in _CASE_TYPE_WORDS:
            if word in raw:
                case_type = found
                break
    procedure: Procedure | None = None
    for word, proc in _PROCEDURE_WORDS:
        if word in raw:
            procedure = proc
            break
    if case_type is None and procedure in (Procedure.SIMPLE, Procedure.GENERAL):
        case_type = CaseType.PENALTY  # only penalties have general/simple procedures
    return case_type, procedure


def normalise_case_type(text: object) -> CaseType | None:
    """行政处罚/处罚/罚款 → penalty, 行政许可/许可 → licensing,
    行政强制/强制措施/查封扣押 → coercion. Blank → ``None``."""
    raw = normalise_text(text)
    if not raw:
        return None
    case_type, _ = normalise_case_kind(raw)
    if case_type is None:
        found = CaseType.from_label(raw)
        if isinstance(found, CaseType):
            return found
        raise ValueError(f"无法识别的案件类型“{_short(raw)}”（{_CASE_TYPE_HINT}）")
    return case_type


def normalise_procedure(text: object) -> Procedure | None:
    """普通程序/一般程序 → general, 简易程序/当场处罚 → simple,
    不区分/不适用 → none. Blank → ``None``."""
    raw = normalise_text(text)
    if not raw or raw in {"-", "—", "/"}:
        return None
    _, procedure = normalise_case_kind(raw)
    if procedure is None:
        found = Procedure.from_label(raw)
        if isinstance(found, Procedure):
            return found
        raise ValueError(f"无法识别的办案程序“{_short(raw)}”（{_PROCEDURE_HINT}）")
    return procedure


# ------------------------------------------------------------------- small helpers

_NAME_SPLIT_RE = re.compile(r"[、,，;；/\\|\s]+")


def split_names(value: object) -> list[str]:
    """Officer names separated by 、 , ， ; ； / or spaces; duplicates dropped, order kept."""
    text = normalise_text(value)
    if not text:
        return []
    seen: dict[str, None] = {}
    for part in _NAME_SPLIT_RE.split(text):
        if part:
            seen.setdefault(part, None)
    return list(seen)


_BRACKETS_RE = re.compile(r"[\s_\-—–·.()\[\]{}<>〔〕【】《》〈〉「」『』〖〗]+|第(?=\d)")


def case_no_key(value: object) -> str:
    """Comparison key for case numbers, tolerant of what users and file systems do
    to them: full-width/half-width forms, brackets 〔〕 [] 【】 () replaced or dropped,
    spaces, underscores and 第 before the serial number.

    ``粤交执罚〔2024〕123号``, ``粤交执罚[2024]123号``, ``粤交执罚_2024_第123号``
    all give ``粤交执罚2024123号``."""
    text = normalise_text(value)
    return _BRACKETS_RE.sub("", text).upper()


def case_no_key_normalised(text: str) -> str:
    """``case_no_key`` of text already through ``normalise_text`` (NFKC, stripped)."""
    return _BRACKETS_RE.sub("", text).upper()


# ------------------------------------------------------------------ officers + certificates

_OFFICER_TOKEN_RE = re.compile(r"\(([^()]*)\)|[^\s、,，;；/\\|()]+")
_CERT_PREFIX_RE = re.compile(r"^(?:执法证件?号?码?|执法证编号|证件?号码?|证号|编号|No\.?)\s*[:：]?\s*", re.IGNORECASE)
# A name glued to its certificate number: "张明44010020001", "欧阳娜娜ZF4401".
_NAME_THEN_CERT_RE = re.compile(r"^([^\dA-Za-z:：]{2,12}?)[:：]?([A-Za-z]{0,4}\d[\dA-Za-z\-]*)$")
_CERT_RE = re.compile(r"^[A-Za-z\u4e00-\u9fff]{0,6}\d[\dA-Za-z\-]{2,}$")


def _cert_text(text: str) -> str | None:
    """The certificate number in a bracket or token ("执法证号：44010020001" → the digits);
    ``None`` when it holds no number (a role note such as "主办"). A bracket may go on with
    the validity ("44010020001，有效期至2026-02-28"): the number is its first part."""
    for part in _BRACKET_PARTS_RE.split(text.strip()):
        cert = _CERT_PREFIX_RE.sub("", part.strip()).strip()
        if cert and _CERT_RE.match(cert) and not _VALID_DATE_RE.search(cert):
            return cert
        if cert:
            return None
    return None


_BRACKET_PARTS_RE = re.compile(r"[,，;；]|\s+(?=有效期)")


def parse_officers(value: object) -> list[tuple[str, str | None]]:
    """Officers as platforms write them, with their certificate numbers when given:

    ``张明(44010020001)、李华(44010020002)``, full-width brackets, ``张明 44010020001；孙丽 44010020005``,
    ``张明（执法证号：44010020001）``, ``张明44010020001,李华44010020002`` or names only
    (``张明、李华``). Returns ``[(name, cert or None)]``, duplicates dropped, order kept.
    A bracket without a number ("（主办）") is a note and is ignored."""
    text = normalise_text(value)
    if not text:
        return []
    found: dict[str, str | None] = {}
    last: str | None = None
    for match in _OFFICER_TOKEN_RE.finditer(text):
        bracket, token = match.group(1), match.group(0)
        glued = None if bracket is not None else _NAME_THEN_CERT_RE.match(token)
        if glued is not None and _CERT_PREFIX_RE.fullmatch(glued.group(1)):
            glued = None  # "执法证号：44010020001" is a certificate, not a name
        elif glued is not None and not _CERT_RE.match(glued.group(2)):
            glued = None  # "人员2": a short number is part of the name, not a certificate
            if bracket is None:
                name = token
                if name not in found:
                    found[name] = None
                last = name
                continue
        if bracket is not None or (glued is None and any(c.isdigit() for c in token)):
            cert = _cert_text(bracket if bracket is not None else token)
            if cert is not None and last is not None and found[last] is None:
                found[last] = cert
            continue
        name, cert = (glued.group(1), glued.group(2)) if glued is not None else (token, None)
        name = name.strip(":：")
        if not name:
            continue
        if name not in found or (found[name] is None and cert):
            found[name] = cert
        last = name
    return list(found.items())


# One date inside a validity text: 2021-03-01, 2021/3/1, 2021.3.1, 2021年3月1日, 20210301.
_VALID_DATE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?|(?<!\d)\d{8}(?!\d)")
_VALID_SPLIT_RE = re.compile(r"[、，,;；\n]+")
_VALID_NAME_RE = re.compile(r"^([\u4e00-\u9fff·]{2,12})\s*(?:\(([^()]*)\))?\s*[:：]?\s*(?=[\d至到止长自]|有效)")
_VALID_RANGE_RE = re.compile(r"\s*(?:至|到|止|~|—+|--?|－)\s*")
_VALID_PREFIX_RE = re.compile(r"^(?:执法证件?|证件)?有效期(?:限|至|止)?\s*[:：]?\s*")
_OPEN_END = ("长期", "长期有效", "无固定期限", "永久", "永久有效")

CertValidity = tuple[str | None, date | None, date | None]


def _validity_piece(text: str, raw: object) -> tuple[date | None, date | None]:
    """One officer's period: "2021-03-01至2026-02-28", "至2026-02-28", "2026-02-28" (an end),
    "2021-03-01起" / "自2021-03-01" (a start), "2021-03-01至长期" (no end)."""
    text = _VALID_PREFIX_RE.sub("", text.strip()).strip()
    found = list(_VALID_DATE_RE.finditer(text))
    if not found:
        if text in _OPEN_END:
            return None, None
        raise ValueError(f"“{_short(raw)}”不是执法证有效期（可写 2021-03-01至2026-02-28、有效期至2026-02-28 或一个截止日期）")
    if len(found) > 2:
        raise ValueError(f"“{_short(raw)}”含有 {len(found)} 个日期，一个执法人员的有效期只能有起止两个日期")
    days = [parse_date(m.group(0)) for m in found]
    if len(days) == 2:
        start, end = days
        if start and end and end < start:
            raise ValueError(f"执法证有效期“{_short(raw)}”的截止日期早于起始日期")
        return start, end
    before, after = text[:found[0].start()].strip(), text[found[0].end():].strip()
    if before.startswith("自") or after.startswith("起") or (after and _VALID_RANGE_RE.fullmatch(after[:1])) \
            or any(after.lstrip("至到止~—-－ ").startswith(w) for w in _OPEN_END):
        return days[0], None
    return None, days[0]


def parse_cert_validity(value: object) -> list[CertValidity]:
    """Certificate validity as platforms write it, one entry per officer in the officer
    column's order, or named: ``2021-03-01至2026-02-28``, ``2021.03.01-2026.02.28``,
    ``有效期至2026年2月28日``, ``2026-02-28、2025-12-31``, ``张明：2026-02-28；李华：2025-12-31``,
    ``张明(44010020001)至2026-02-28``, a date cell (the end of validity), ``长期`` (no end).
    Returns ``[(name or None, valid from, valid to)]``; ``ValueError`` names the text."""
    if value is None:
        return []
    if isinstance(value, datetime):
        return [(None, None, value.date())]
    if isinstance(value, date):
        return [(None, None, value)]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [(None, None, parse_date(value))]
    text = normalise_text(value)
    if not text:
        return []
    # "2021-03-01 - 2026-02-28" must not split; list separators only.
    result: list[CertValidity] = []
    for piece in _VALID_SPLIT_RE.split(text):
        piece = piece.strip()
        if not piece:
            continue
        name = None
        m = _VALID_NAME_RE.match(piece)
        if m is not None and not _VALID_PREFIX_RE.match(piece) and m.group(1) not in _OPEN_END \
                and not m.group(1).startswith(("有效期", "自", "至")):
            name, piece = m.group(1), piece[m.end():]
        start, end = _validity_piece(piece, value)
        result.append((name, start, end))
    return result


def parse_officers_validity(value: object, officers: list[tuple[str, str | None]] | None = None
                            ) -> dict[str, tuple[date | None, date | None]]:
    """Validity written inside an officer list's brackets, as some platforms export it:
    ``张明(44010020001，有效期至2026-02-28)、李华（执法证号：44010020002；有效期：2021.03.01-2026.02.28）``
    → {name: (valid from, valid to)}. Brackets without a date, or with a date that does not
    read as a validity, give nothing (never an error: the officers and numbers still import)."""
    text = normalise_text(value)
    if not text or "(" not in text:
        return {}
    names = [name for name, _cert in (officers if officers is not None else parse_officers(text))]
    found: dict[str, tuple[date | None, date | None]] = {}
    for name in names:
        at = text.find(name)
        if at < 0:
            continue
        m = re.compile(r"\s*[^()、,，;；\s]*\(([^()]*)\)").match(text, at + len(name))
        if m is None or not _VALID_DATE_RE.search(m.group(1)):
            continue
        inner = m.group(1)
        start = inner.find("有效期")
        piece = inner[start:] if start >= 0 else inner[_VALID_DATE_RE.search(inner).start():]  # type: ignore[union-attr]
        try:
            period = _validity_piece(piece, value)
        except ValueError:
            continue
        if period != (None, None):
            found[name] = period
    return found


def parse_cert_valid_from(value: object) -> list[CertValidity]:
    """A column of validity start dates (执法证有效期起 / 发证日期), one per officer or named."""
    result: list[CertValidity] = []
    for name, start, end in parse_cert_validity(value):
        if start is not None and end is not None:
            raise ValueError(f"“{_short(value)}”是起止两个日期，此列应只写有效期起始日期")
        result.append((name, start or end, None))
    return result


def format_officers(officers: list[tuple[str, str | None]]) -> str:
    """The inverse of ``parse_officers``: "张明(44010020001)、李华"."""
    return "、".join(f"{name}({cert})" if cert else name for name, cert in officers)


def readable_name(path: object) -> str:
    """A file name (or a message quoting one) as a person can read it, whatever the name's
    encoding: bytes that arrived undecodable (a GBK name on a UTF-8 file system, kept by
    Python as surrogate escapes) are decoded as GB18030, else shown as "?"; the result
    can always be printed and stored."""
    text = str(path)
    if not _SURROGATES_RE.search(text):
        return text

    def decode(match: re.Match[str]) -> str:
        raw = match.group(0).encode("utf-8", "surrogateescape")
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return "?" * len(raw)

    return _SURROGATES_RE.sub(decode, text)


_SURROGATES_RE = re.compile("[\udc80-\udcff]+")
