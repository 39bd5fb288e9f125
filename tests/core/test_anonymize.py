"""Anonymisation: each identifier type in field values and in free text, consistency, options."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.anonymize import (
    ADDRESS_TOKEN,
    CREDIT_TOKEN,
    ID_TOKEN,
    PHONE_TOKEN,
    AnonymizeOptions,
    Anonymizer,
)
from casereview.intake.checksums import USCC_CHARS, resident_id_check_digit, uscc_check_char

PLATE_PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
PLATE_CHARS = PLATE_LETTERS + "0123456789"
# Chinese filler around identifiers (no digits/letters, so the identifier's boundary is clear).
FILLER = st.text(alphabet="当事人经查于该车辆驾驶员称其证件号码为联系电话，。：；（）", max_size=12)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    area = draw(st.integers(110000, 659999))
    birth = date(1940, 1, 1) + timedelta(days=draw(st.integers(0, 365 * 80)))
    seq = draw(st.integers(0, 999))
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + resident_id_check_digit(first17)


@st.composite
def old_resident_ids(draw: st.DrawFn) -> str:
    area = draw(st.integers(110000, 659999))
    birth = date(1940, 1, 1) + timedelta(days=draw(st.integers(0, 365 * 59)))
    return f"{area}{birth:%y%m%d}{draw(st.integers(0, 999)):03d}"


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "Y1"]))
    area = f"{draw(st.integers(110000, 659999))}"
    body = "".join(draw(st.lists(st.sampled_from(USCC_CHARS), min_size=9, max_size=9)))
    first17 = head + area + body
    return first17 + uscc_check_char(first17)


@st.composite
def plates(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(PLATE_PROV)) + draw(st.sampled_from(PLATE_LETTERS))
    kind = draw(st.sampled_from(["classic", "ev_small", "ev_large"]))
    if kind == "classic":
        rest = "".join(draw(st.lists(st.sampled_from(PLATE_CHARS), min_size=5, max_size=5)))
    elif kind == "ev_small":  # 新能源小型车: D/F + 5 chars
        rest = draw(st.sampled_from("DF")) + "".join(
            draw(st.lists(st.sampled_from(PLATE_CHARS), min_size=5, max_size=5))
        )
    else:  # 新能源大型车: 5 digits + D/F
        rest = f"{draw(st.integers(0, 99999)):05d}" + draw(st.sampled_from("DF"))
    sep = draw(st.sampled_from(["", "·"]))
    return prefix + sep + rest


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    return f"1{draw(st.integers(3, 9))}{draw(st.integers(0, 999999999)):09d}"


@st.composite
def landlines(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["020", "0755", "010", "0757", "0769"]))
    local = f"{draw(st.integers(2, 8))}{draw(st.integers(0, 9999999)):07d}"
    return draw(st.sampled_from([f"{area}-{local}", f"（{area}）{local}", f"({area}){local}"]))


@settings(max_examples=150, deadline=None)
@given(resident_ids(), FILLER, FILLER)
def test_resident_id_in_free_text_is_masked(id_no: str, before: str, after: str) -> None:
    out = Anonymizer().mask(f"{before}{id_no}{after}")
    assert id_no not in out and ID_TOKEN in out


@settings(max_examples=80, deadline=None)
@given(old_resident_ids(), FILLER)
def test_old_15_digit_ids_are_masked(id_no: str, before: str) -> None:
    out = Anonymizer().mask(f"{before}身份证{id_no}。")
    assert id_no not in out


@settings(max_examples=150, deadline=None)
@given(credit_codes(), FILLER, FILLER)
def test_credit_codes_are_masked(code: str, before: str, after: str) -> None:
    out = Anonymizer().mask(f"{before}{code}{after}")
    assert code not in out
    assert CREDIT_TOKEN in out or ID_TOKEN in out  # an all-digit code may also read as an ID


@settings(max_examples=150, deadline=None)
@given(plates(), FILLER, FILLER)
def test_plates_keep_only_province_and_city(plate: str, before: str, after: str) -> None:
    out = Anonymizer().mask(f"{before}车牌号{plate}{after}")
    assert plate not in out
    assert plate[:2] + "*****" in out


@settings(max_examples=100, deadline=None)
@given(mobiles(), landlines(), FILLER)
def test_phones_are_masked(mobile: str, landline: str, before: str) -> None:
    out = Anonymizer().mask(f"{before}手机{mobile}，座机{landline}。")
    assert mobile not in out and landline not in out
    assert out.count(PHONE_TOKEN) == 2


def test_addresses_by_pattern() -> None:
    anon = Anonymizer()
    text = "当事人住深圳市南山区科技园路88号3栋501室，经营地址广东省佛山市禅城区季华五路10号，户籍湖南省长沙市岳麓区。"
    out = anon.mask(text)
    assert "科技园路88号" not in out and "季华五路10号" not in out and "岳麓区" not in out
    assert out.startswith("当事人住" + ADDRESS_TOKEN)


def test_non_identifiers_survive() -> None:
    text = "罚款人民币20000.00元，2023年5月6日作出决定，依据《中华人民共和国道路运输条例》第六十三条。"
    assert Anonymizer().mask(text) == text


CASE = {
    "case_no": "粤穗交执罚〔2023〕0001号",
    "party_name": "广州市顺达物流有限公司",
    "party_type": "organisation",
    "party_id_no": "91440103MA5ABCDE1X",
    "party_address": "广东省广州市天河路12号",
    "party_phone": "13812345678",
    "vehicle_plate": "粤AB12C3",
    "unit_name": "广州市交通运输局综合行政执法支队",
    "officers": ["张伟", "李娜"],
}


def test_registered_fields_are_masked_in_values_and_text() -> None:
    anon = Anonymizer(AnonymizeOptions.everything())
    anon.register_case(CASE)
    masked = anon.mask_fields(CASE)
    for key in ("party_name", "party_id_no", "party_address", "party_phone", "vehicle_plate", "case_no", "unit_name"):
        assert masked[key] != CASE[key], key
    text = "；".join(str(v) for v in CASE.values())
    out = anon.mask(text)
    for value in anon.sensitive_values():
        assert value not in out
    assert "某公司A" in out and "执法人员A" in out and "执法人员B" in out and "某执法单位A" in out


def test_officers_and_units_kept_unless_chosen() -> None:
    anon = Anonymizer()
    anon.register_case(CASE)
    out = anon.mask("执法人员张伟、李娜，广州市交通运输局综合行政执法支队，当事人广州市顺达物流有限公司")
    assert "张伟" in out and "广州市交通运输局综合行政执法支队" in out
    assert "顺达" not in out


def test_options_switch_individual_types_off() -> None:
    anon = Anonymizer(AnonymizeOptions(phones=False, plates=False))
    anon.register_case(CASE)
    out = anon.mask("电话13812345678，车牌粤AB12C3，身份证440103199001011234")
    assert "13812345678" in out and "粤AB12C3" in out and "440103199001011234" not in out


def test_consistent_aliases_within_one_anonymizer() -> None:
    anon = Anonymizer()
    anon.register_case({"party_name": "王伟", "party_type": "individual"})
    anon.register_case({"party_name": "陈静", "party_type": "individual"})
    anon.register_case({"party_name": "王伟", "party_type": "individual"})
    assert anon.party("王伟") == "当事人A"
    assert anon.party("陈静") == "当事人B"
    assert anon.mask("王伟与陈静，王伟") == "当事人A与当事人B，当事人A"
    assert anon.officer("赵强") == anon.officer("赵强") == "执法人员A"
    assert anon.unit("某局") == "某执法单位A"
    # a fresh Anonymizer (another output) starts its own lettering
    assert Anonymizer().party("陈静") == "当事人A"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["王伟", "陈静", "李娜", "赵强", "孙丽"]), min_size=1, max_size=20))
def test_alias_is_a_function_of_the_name(names: list[str]) -> None:
    anon = Anonymizer()
    aliases = [anon.party(n) for n in names]
    mapping: dict[str, str] = {}
    for n, a in zip(names, aliases, strict=True):
        assert mapping.setdefault(n, a) == a
    assert len(set(mapping.values())) == len(mapping)  # distinct people, distinct aliases


def test_many_parties_get_double_letters() -> None:
    anon = Anonymizer()
    aliases = [anon.party(f"人{i:03d}") for i in range(30)]
    assert aliases[25] == "当事人Z" and aliases[26] == "当事人AA"
