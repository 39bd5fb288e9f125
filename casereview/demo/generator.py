"""Seeded, reproducible generator of realistic review data (demo database and benchmarks).

It makes enforcement units and officers, cases of all three types with plausible dates
(mostly respecting the statutory limits, a share deliberately breaking one), amounts,
parties with valid identifiers, and, optionally, one scanned-looking PDF per case
divided into documents by page ranges. Rows go in with bulk Core inserts so that
100,000 cases take seconds, not minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from casereview.domain.enums import CaseType, PartyType, Procedure
from casereview.intake.checksums import resident_id_check_digit, uscc_check_char

UNITS = (
    ("广州市交通运输局综合行政执法支队", "广州"),
    ("深圳市交通运输局综合行政执法支队", "深圳"),
    ("佛山市交通运输综合行政执法支队", "佛山"),
    ("东莞市交通运输综合行政执法支队", "东莞"),
    ("珠海市交通运输综合行政执法支队", "珠海"),
    ("韶关市交通运输综合行政执法支队", "韶关"),
    ("湛江市交通运输综合行政执法支队", "湛江"),
    ("汕头市交通运输综合行政执法支队", "汕头"),
)
UNIT_PREFIX = {
    "广州": "穗",
    "深圳": "深",
    "佛山": "佛",
    "东莞": "莞",
    "珠海": "珠",
    "韶关": "韶",
    "湛江": "湛",
    "汕头": "汕",
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌辉鹏飞宇浩然俊峰婷雪梅兰红波海燕丹萍晨琳玉珍凯晖"
COMPANY_WORDS = (
    "顺达",
    "粤通",
    "恒运",
    "安捷",
    "宏远",
    "南方",
    "新航",
    "鸿福",
    "利华",
    "通盛",
    "广运",
    "骏达",
    "华信",
    "捷程",
)
COMPANY_KINDS = (
    "物流有限公司",
    "运输有限公司",
    "客运有限公司",
    "汽车租赁有限公司",
    "货运代理有限公司",
    "出租汽车有限公司",
)
STREETS = (
    "天河路",
    "解放北路",
    "人民南路",
    "深南大道",
    "中山三路",
    "东莞大道",
    "迎宾路",
    "建设路",
    "新华路",
    "滨江东路",
)
PLATE_LETTERS = {
    "广州": "粤A",
    "深圳": "粤B",
    "珠海": "粤C",
    "汕头": "粤D",
    "佛山": "粤E",
    "韶关": "粤F",
    "湛江": "粤G",
    "东莞": "粤S",
}
AREA_CODES = (
    "440103",
    "440104",
    "440106",
    "440303",
    "440604",
    "441900",
    "440402",
    "440203",
    "440802",
    "440507",
)

# (cause, legal basis, fine range, penalty types, hearing-eligible share)
PENALTY_CAUSES: tuple[tuple[str, str, tuple[int, int], str], ...] = (
    (
        "未取得道路运输经营许可，擅自从事道路普通货物运输经营",
        "《中华人民共和国道路运输条例》第六十三条",
        (5000, 50000),
        "罚款",
    ),
    (
        "未取得道路运输经营许可，擅自从事网约车经营",
        "《网络预约出租汽车经营服务管理暂行办法》第三十四条",
        (10000, 30000),
        "罚款",
    ),
    ("车辆超限运输，未办理超限运输许可", "《公路安全保护条例》第六十四条", (2000, 30000), "罚款"),
    ("道路运输车辆未随车携带道路运输证", "《中华人民共和国道路运输条例》第六十八条", (20, 200), "警告、罚款"),
    ("客运经营者不按批准的客运站点停靠", "《中华人民共和国道路运输条例》第六十九条", (1000, 3000), "罚款"),
    ("巡游出租汽车驾驶员拒载", "《巡游出租汽车经营服务管理规定》第四十八条", (200, 500), "罚款"),
    (
        "危险货物运输车辆未按规定配备押运人员",
        "《危险货物道路运输安全管理办法》第六十二条",
        (5000, 20000),
        "罚款",
    ),
    (
        "机动车维修经营者未按规定签发维修竣工出厂合格证",
        "《机动车维修管理规定》第五十二条",
        (1000, 5000),
        "罚款",
    ),
    (
        "擅自从事机动车驾驶员培训业务",
        "《中华人民共和国道路运输条例》第六十五条",
        (10000, 50000),
        "没收违法所得、罚款",
    ),
    (
        "在公路用地范围内擅自设置非公路标志",
        "《中华人民共和国公路法》第七十九条",
        (1000, 20000),
        "责令改正、罚款",
    ),
)
LICENSING_CAUSES = (
    "道路旅客运输经营许可申请",
    "道路货物运输经营许可申请",
    "超限运输车辆行驶公路许可申请",
    "机动车驾驶员培训经营备案",
    "出租汽车经营许可申请",
)
COERCION_CAUSES = (
    "扣押涉嫌非法营运车辆",
    "扣押超限运输车辆",
    "查封擅自设置的非公路标志设施",
    "扣押无道路运输证件的营运车辆",
)


@dataclass(frozen=True)
class DatasetSpec:
    cases: int = 220
    seed: int = 2026
    officers_per_unit: int = 12
    start: date = date(2023, 1, 3)
    end: date = date(2025, 9, 30)
    defect_rate: float = 0.25  # share of cases that break a statutory limit somewhere


def _workday_after(d: date, n: int) -> date:
    # Demo dates only need to look plausible; statutory checks use the real calendar.
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def resident_id(rng: random.Random) -> str:
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
    first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + resident_id_check_digit(first17)


def uscc(rng: random.Random) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    first17 = "91" + rng.choice(AREA_CODES) + "".join(rng.choice(chars) for _ in range(9))
    return first17 + uscc_check_char(first17)


def plate(rng: random.Random, city: str) -> str:
    chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    return PLATE_LETTERS.get(city, "粤A") + "".join(rng.choice(chars) for _ in range(5))


def officers_for_units(spec: DatasetSpec) -> list[dict[str, Any]]:
    rng = random.Random(spec.seed * 7 + 1)
    rows = []
    for unit_index, _unit_and_city in enumerate(UNITS, start=1):
        for k in range(spec.officers_per_unit):
            valid_from = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 900))
            # about one officer in twelve holds a certificate that lapses mid-period
            years = 1 if rng.random() < 0.08 else 6
            rows.append(
                {
                    "unit_index": unit_index,
                    "name": person_name(rng),
                    "cert_no": f"44{unit_index:02d}{k:03d}{rng.randrange(10000, 99999)}",
                    "cert_valid_from": valid_from,
                    "cert_valid_to": valid_from + timedelta(days=365 * years),
                    "legal_qualified": k < 2,
                }
            )
    return rows


def _party(rng: random.Random, city: str, organisation: bool) -> dict[str, Any]:
    if organisation:
        name = f"{city}市{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"
        return {"party_name": name, "party_type": PartyType.ORGANISATION.value, "party_id_no": uscc(rng)}
    return {
        "party_name": person_name(rng),
        "party_type": PartyType.INDIVIDUAL.value,
        "party_id_no": resident_id(rng),
    }


def generate_cases(spec: DatasetSpec) -> Iterator[dict[str, Any]]:
    """Yield case records (Case column values plus ``unit_index`` and ``officer_slots``)."""
    rng = random.Random(spec.seed)
    span = (spec.end - spec.start).days
    counters: dict[tuple[str, int, str], int] = {}
    for _ in range(spec.cases):
        unit_index = rng.randrange(1, len(UNITS) + 1)
        city = UNITS[unit_index - 1][1]
        roll = rng.random()
        case_type = (
            CaseType.PENALTY if roll < 0.72 else CaseType.LICENSING if roll < 0.86 else CaseType.COERCION
        )
        filing = spec.start + timedelta(days=rng.randrange(0, span))
        defect = rng.random() < spec.defect_rate
        organisation = rng.random() < 0.4
        rec: dict[str, Any] = {
            "unit_index": unit_index,
            "case_type": case_type.value,
            "province": "广东",
            "domain": "transport",
            "party_address": f"广东省{city}市{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
            "party_phone": f"13{rng.randrange(100000000, 999999999)}",
            "vehicle_plate": plate(rng, city),
            **_party(rng, city, organisation),
        }
        kind = {"penalty": "罚", "licensing": "许", "coercion": "强"}[case_type.value]
        key = (city, filing.year, kind)
        counters[key] = counters.get(key, 0) + 1
        rec["case_no"] = f"粤{UNIT_PREFIX[city]}交执{kind}〔{filing.year}〕{counters[key]:04d}号"
        rec["officer_slots"] = 1 if defect and rng.random() < 0.15 else 2
        if case_type is CaseType.PENALTY:
            _penalty_dates(rng, rec, filing, defect, organisation)
        elif case_type is CaseType.LICENSING:
            _licensing_dates(rng, rec, filing, defect)
        else:
            _coercion_dates(rng, rec, filing, defect)
        yield rec


def _penalty_dates(rng: random.Random, rec: dict[str, Any], filing: date, defect: bool, org: bool) -> None:
    cause, basis, (low, high), penalties = rng.choice(PENALTY_CAUSES)
    fine = Decimal(rng.randrange(low // 10, high // 10 + 1) * 10)
    simple = fine <= (3000 if org else 200) and rng.random() < 0.3
    rec.update(
        procedure=(Procedure.SIMPLE if simple else Procedure.GENERAL).value,
        cause=cause,
        legal_basis=basis,
        penalty_types=penalties,
        fine_amount=fine,
        case_source=rng.choice(("执法检查发现", "投诉举报", "上级交办", "部门移送")),
        payment_method=rng.choice(("bank", "e-payment")),
    )
    violation = filing - timedelta(days=rng.randrange(0, 4))
    rec["violation_start"] = violation
    rec["violation_end"] = violation
    rec["discovery_date"] = violation
    if simple:
        rec["decision_date"] = violation
        rec["service_date"] = violation
        rec["simple_filed_date"] = _workday_after(violation, rng.randrange(1, 8 if defect else 5))
        rec["paid_date"] = violation + timedelta(days=rng.randrange(1, 14))
        rec["closing_date"] = rec["paid_date"]
        return
    rec["filing_date"] = filing
    rec["investigation_date"] = filing + timedelta(days=rng.randrange(0, 3))
    if defect and rng.random() < 0.2:
        rec["investigation_date"] = filing - timedelta(days=rng.randrange(1, 5))  # investigated before 立案
    notice = rec["investigation_date"] + timedelta(days=rng.randrange(10, 50))
    rec["notice_date"] = notice
    rec["notice_served_date"] = notice
    hearing = fine >= (50000 if org else 10000)
    decision = _workday_after(notice, rng.randrange(6, 15))
    if hearing and rng.random() < 0.5:
        rec["hearing_requested_date"] = _workday_after(notice, rng.randrange(1, 5))
        rec["hearing_notified_date"] = rec["hearing_requested_date"] + timedelta(days=rng.randrange(1, 4))
        gap = rng.randrange(3, 7) if defect else rng.randrange(7, 15)
        rec["hearing_held_date"] = rec["hearing_notified_date"] + timedelta(days=gap)
        decision = _workday_after(rec["hearing_held_date"], rng.randrange(3, 10))
    elif hearing:
        rec["hearing_waived"] = True
    if fine >= 10000:
        rec["legal_review_required"] = True
        rec["legal_review_date"] = decision - timedelta(days=rng.randrange(1, 5))
        if defect and rng.random() < 0.3:
            rec["legal_review_date"] = None
    if fine >= 30000:
        rec["collective_discussion_required"] = True
        rec["collective_discussion_date"] = decision - timedelta(days=rng.randrange(1, 3))
    if defect and rng.random() < 0.3:
        decision = filing + timedelta(days=rng.randrange(91, 120))  # over the 90-day limit
    rec["decision_date"] = decision
    late = defect and rng.random() < 0.4
    rec["service_date"] = _workday_after(decision, rng.randrange(8, 14) if late else rng.randrange(0, 6))
    rec["payment_due_date"] = rec["service_date"] + timedelta(days=15)
    rec["paid_date"] = rec["service_date"] + timedelta(days=rng.randrange(2, 20 if defect else 14))
    rec["publication_date"] = _workday_after(
        decision, rng.randrange(9, 15) if defect else rng.randrange(1, 7)
    )
    rec["closing_date"] = rec["paid_date"] + timedelta(days=rng.randrange(1, 10))
    rec["archiving_date"] = rec["closing_date"] + timedelta(days=rng.randrange(5, 30))
    if "没收" in penalties:
        rec["confiscation_value"] = Decimal(rng.randrange(1000, 20000))


def _licensing_dates(rng: random.Random, rec: dict[str, Any], filing: date, defect: bool) -> None:
    rec.update(procedure=Procedure.NONE.value, cause=rng.choice(LICENSING_CAUSES), case_source="依申请")
    rec["application_date"] = filing
    if rng.random() < 0.35:
        rec["supplement_notice_date"] = _workday_after(
            filing, rng.randrange(6, 9) if defect else rng.randrange(0, 5)
        )
    rec["acceptance_date"] = _workday_after(rec.get("supplement_notice_date") or filing, rng.randrange(0, 3))
    days = rng.randrange(21, 28) if defect and rng.random() < 0.5 else rng.randrange(5, 19)
    rec["decision_date"] = _workday_after(rec["acceptance_date"], days)
    rec["licence_delivered_date"] = _workday_after(rec["decision_date"], rng.randrange(1, 9))
    rec["publication_date"] = _workday_after(rec["decision_date"], rng.randrange(1, 7))
    rec["closing_date"] = rec["licence_delivered_date"]
    rec["archiving_date"] = rec["closing_date"] + timedelta(days=rng.randrange(5, 30))
    rec["legal_basis"] = "《中华人民共和国行政许可法》第三十二条、第四十二条；《中华人民共和国道路运输条例》"


def _coercion_dates(rng: random.Random, rec: dict[str, Any], filing: date, defect: bool) -> None:
    rec.update(
        procedure=Procedure.NONE.value,
        cause=rng.choice(COERCION_CAUSES),
        case_source="执法检查发现",
        coercive_measure=True,
        legal_basis="《中华人民共和国行政强制法》第二十二条至第二十八条；《中华人民共和国道路运输条例》第六十三条",
    )
    rec["filing_date"] = filing
    rec["investigation_date"] = filing
    rec["seizure_start"] = filing
    length = rng.randrange(31, 45) if defect and rng.random() < 0.5 else rng.randrange(5, 29)
    rec["seizure_end"] = filing + timedelta(days=length)
    rec["decision_date"] = filing
    rec["service_date"] = filing
    rec["closing_date"] = rec["seizure_end"] + timedelta(days=rng.randrange(1, 10))
    rec["archiving_date"] = rec["closing_date"] + timedelta(days=rng.randrange(5, 30))
