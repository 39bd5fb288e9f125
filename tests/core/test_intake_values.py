from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from casereview.domain.enums import CaseType, PartyType, Procedure
from casereview.intake.synthetic import make_resident_id, make_uscc
from casereview.intake.values import (
    case_no_key,
    check_identifier,
    infer_party_type,
    normalise_case_kind,
    normalise_case_type,
    normalise_party_type,
    normalise_procedure,
    parse_amount,
    parse_date,
    split_names,
    validate_resident_id,
    validate_uscc,
)

D = date(2024, 3, 5)


@pytest.mark.parametrize(
    "value",
    [
        D,
        datetime(2024, 3, 5, 14, 30),
        "2024-03-05",
        "2024-3-5",
        "2024/3/5",
        "2024/03/05",
        "2024.3.5",
        "2024年3月5日",
        "2024 年 3 月 5 日",
        "２０２４年３月５日",  # full-width digits
        "20240305",
        20240305,
        20240305.0,
        "2024-03-05 14:30",
        "2024-03-05 14:30:59",
        "2024-03-05T14:30:00",
        "2024/3/5 9:05",
        "2024年3月5日14时30分",
        "2024年3月5日 14时",
        "2024年3月5日下午3点",
        "2024.03.05 00:00:00",
        "二〇二四年三月五日",
        "二〇二四年十二月三十一日",
        45356,  # Excel serial number (1900 date system)
        45356.0,
        45356.6042,  # serial with a time of day
        "45356",
        "20240305.0",
    ],
)
def test_parse_date_forms(value: object) -> None:
    expected = date(2024, 12, 31) if value == "二〇二四年十二月三十一日" else D
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_date_blank(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2024-02-30", "不存在"),
        ("2023-02-29", "没有29日"),
        ("2024-13-01", "月份 13"),
        ("24-3-5", "年份只有两位"),
        ("明天", "无法识别的日期"),
        ("2024-03-05 25:00", "时间"),
        ("2024-03-05 备注", "多余内容"),
        ("1850-01-01", "超出合理范围"),
        (60, "1900年2月29日"),
        (123, "超出合理范围"),
        (True, "不是日期"),
    ],
)
def test_parse_date_rejects_with_chinese_reason(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_date(value)


def test_parse_date_leap_day_and_serial_edges() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date(36526) == date(2000, 1, 1)
    assert parse_date(43831) == date(2020, 1, 1)
    with pytest.raises(ValueError, match="1900-03-01"):
        parse_date(61)  # a valid serial, but not a plausible case date
    with pytest.raises(ValueError, match="不是有效的 Excel 日期序列号"):
        parse_date(3_000_000)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5,000.00元", "5000.00"),
        ("5000", "5000.00"),
        (5000, "5000.00"),
        (5000.0, "5000.00"),
        (1234.56, "1234.56"),
        (0.1, "0.10"),
        ("5000元", "5000.00"),
        ("0.5万元", "5000.00"),
        ("1.2万", "12000.00"),
        ("3万元", "30000.00"),
        ("￥3,000", "3000.00"),
        ("¥3,000.5", "3000.50"),
        ("人民币5000元", "5000.00"),
        ("人民币 5,000.00 元", "5000.00"),
        ("RMB 200", "200.00"),
        ("５０００元", "5000.00"),  # full-width digits
        ("5000元整", "5000.00"),
        ("人民币伍仟元整", "5000.00"),
        ("壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"),
        ("贰佰元整", "200.00"),
        ("叁仟元", "3000.00"),
        ("壹拾元", "10.00"),
        ("拾元整", "10.00"),
        ("伍佰零伍元", "505.00"),
        ("壹万零伍拾元", "10050.00"),
        ("伍角", "0.50"),
        ("壹元零伍分", "1.05"),
        ("贰拾万元整", "200000.00"),
        ("壹亿零伍佰万元", "105000000.00"),
        ("五千元", "5000.00"),
        ("两百元", "200.00"),
        ("5000元（伍仟元整）", "5000.00"),
        ("5000元(已缴)", "5000.00"),
        ("0", "0.00"),
    ],
)
def test_parse_amount_forms(value: object, expected: str) -> None:
    assert parse_amount(value) == Decimal(expected)


@pytest.mark.parametrize("value", [None, "", "  ", "-", "无"])
def test_parse_amount_blank(value: object) -> None:
    assert parse_amount(value) is None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("五千块钱", "无法识别"),
        ("abc", "无法识别的金额"),
        ("-200", "负数"),
        ("1.234", "分以下"),
        ("5000元（肆仟元整）", "前后不一致"),
        ("伍仟X元", "无法识别"),
        (True, "不是金额"),
    ],
)
def test_parse_amount_rejects(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_amount(value)


# ----------------------------------------------------------------- identifiers


def test_resident_id_valid_and_lower_x() -> None:
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"
    assert validate_resident_id(" 110105 19491231 002X ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("110105194912310021", "校验位错误（末位应为 X）"),
        ("11010519491231002", "应为18位"),
        ("99010519491231002X", "地区码"),
        ("110105194902300020", "出生日期"),
        ("11010520991231002X", "不合理"),
        ("1101051949123100AX", "只能由数字组成"),
    ],
)
def test_resident_id_rejects(value: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        validate_resident_id(value)


def test_uscc_valid_and_rejects() -> None:
    assert validate_uscc("91350100M000100Y43") == "91350100M000100Y43"
    assert validate_uscc("91350100m000100y43") == "91350100M000100Y43"
    with pytest.raises(ValueError, match="校验位错误（末位应为 3）"):
        validate_uscc("91350100M000100Y44")
    with pytest.raises(ValueError, match="不允许的字符“IO”"):
        validate_uscc("91350100M0001I0O43")
    with pytest.raises(ValueError, match="应为18位"):
        validate_uscc("91350100M000100Y4")
    with pytest.raises(ValueError, match="登记管理部门代码"):
        validate_uscc("X1350100M000100Y43")


def test_generated_identifiers_are_valid() -> None:
    import random

    rng = random.Random(1)
    for _ in range(200):
        assert check_identifier(make_resident_id(rng)).ok
        assert check_identifier(make_uscc(rng)).ok


def test_infer_party_type() -> None:
    assert infer_party_type("11010519491231002X") is PartyType.INDIVIDUAL
    assert infer_party_type("91350100M000100Y43") is PartyType.ORGANISATION
    assert infer_party_type("") is PartyType.UNKNOWN
    assert infer_party_type("E12345678") is PartyType.UNKNOWN  # passport
    assert infer_party_type("110105491231002") is PartyType.INDIVIDUAL  # first-generation 15-digit ID
    with pytest.raises(ValueError, match=r"身份证号码.*校验位错误"):
        infer_party_type("110105194912310021")
    with pytest.raises(ValueError, match=r"统一社会信用代码.*校验位错误"):
        infer_party_type("91350100M000100Y44")
    with pytest.raises(ValueError, match="17位"):
        infer_party_type("11010519491231002")


def test_identifier_stored_as_number_is_reported() -> None:
    check = check_identifier(1.1010519491231002e17)
    assert not check.ok
    assert check.reason is not None and "数字格式" in check.reason


def test_party_type_labels() -> None:
    assert normalise_party_type("个人") is PartyType.INDIVIDUAL
    assert normalise_party_type("自然人") is PartyType.INDIVIDUAL
    assert normalise_party_type("法人或其他组织") is PartyType.ORGANISATION
    assert normalise_party_type("个体工商户") is PartyType.ORGANISATION
    assert normalise_party_type("有限责任公司") is PartyType.ORGANISATION
    assert normalise_party_type("") is None
    with pytest.raises(ValueError, match="当事人类型"):
        normalise_party_type("外星人")


# --------------------------------------------------------- case type, procedure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("行政处罚", CaseType.PENALTY),
        ("处罚", CaseType.PENALTY),
        ("行政处罚（普通程序）", CaseType.PENALTY),
        ("处罚-简易", CaseType.PENALTY),
        ("行政许可", CaseType.LICENSING),
        ("许可", CaseType.LICENSING),
        ("行政强制", CaseType.COERCION),
        ("强制措施", CaseType.COERCION),
        ("查封扣押", CaseType.COERCION),
        ("扣押", CaseType.COERCION),
        ("penalty", CaseType.PENALTY),
    ],
)
def test_normalise_case_type(text: str, expected: CaseType) -> None:
    assert normalise_case_type(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("普通程序", Procedure.GENERAL),
        ("一般程序", Procedure.GENERAL),
        ("普通", Procedure.GENERAL),
        ("简易程序", Procedure.SIMPLE),
        ("当场处罚", Procedure.SIMPLE),
        ("简易", Procedure.SIMPLE),
        ("不区分", Procedure.NONE),
    ],
)
def test_normalise_procedure(text: str, expected: Procedure) -> None:
    assert normalise_procedure(text) is expected


def test_case_kind_combined_and_errors() -> None:
    assert normalise_case_kind("行政处罚-简易程序") == (CaseType.PENALTY, Procedure.SIMPLE)
    assert normalise_case_kind("一般程序") == (CaseType.PENALTY, Procedure.GENERAL)
    assert normalise_case_kind("") == (None, None)
    assert normalise_case_type("") is None
    assert normalise_procedure(None) is None
    with pytest.raises(ValueError, match="案件类型"):
        normalise_case_type("行政检查")
    with pytest.raises(ValueError, match="办案程序"):
        normalise_procedure("特别程序")


def test_split_names_and_case_no_key() -> None:
    assert split_names("张三、李四，王五;赵六 钱七/张三") == ["张三", "李四", "王五", "赵六", "钱七"]
    assert split_names(None) == []
    base = case_no_key("粤交执罚〔2024〕123号")
    assert base == "粤交执罚2024123号"
    for variant in ("粤交执罚[2024]123号", "粤交执罚（2024）123号", "粤交执罚【2024】第123号",
                    "粤交执罚_2024_123号", " 粤交执罚 (2024) 123号 "):
        assert case_no_key(variant) == base
