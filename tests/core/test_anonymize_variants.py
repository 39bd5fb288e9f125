"""Anonymisation that holds however the identifier is written: spaces, hyphens, line breaks and
full-width digits inside identity numbers, credit codes, phones and plates; names with spaces
between the characters; third parties (witnesses, drivers, agents) from the case's records
and from free text. Property tests generate the variants; fixed samples come from another
project's test suite and from the way 询问笔录 are typed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_anonymize import credit_codes, mobiles, plates, resident_ids

from casereview.anonymize import CREDIT_TOKEN, ID_TOKEN, PHONE_TOKEN, AnonymizeOptions, Anonymizer

FULL = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")
SEPARATORS = [" ", "  ", "-", "\n", "\u3000", " - "]


@st.composite
def written(draw: st.DrawFn, value: str) -> str:
    """``value`` as a person might type it: some characters full-width, separators between
    some of them (never more than three characters in a row)."""
    out = []
    for i, ch in enumerate(value):
        if draw(st.booleans()):
            ch = ch.translate(FULL)
        out.append(ch)
        if i < len(value) - 1 and draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


def _digits_left(text: str, value: str) -> bool:
    """Whether the digits/letters of ``value`` still appear in order in ``text`` (ignoring
    separators and width): the leak we are guarding against."""
    folded = "".join(ch for ch in text.translate(str.maketrans(dict(zip(
        "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", strict=True)))) if ch.isalnum())
    return value.upper() in folded.upper()


@settings(max_examples=200, deadline=None)
@given(st.data(), resident_ids())
def test_identity_numbers_however_written(data: st.DataObject, id_no: str) -> None:
    shown = data.draw(written(id_no))
    out = Anonymizer().mask(f"当事人身份证号码：{shown}，现住址不详。")
    assert ID_TOKEN in out and not _digits_left(out, id_no), (shown, out)


@settings(max_examples=150, deadline=None)
@given(st.data(), credit_codes())
def test_credit_codes_however_written(data: st.DataObject, code: str) -> None:
    shown = data.draw(written(code))
    out = Anonymizer().mask(f"统一社会信用代码 {shown} 的企业")
    assert CREDIT_TOKEN in out and not _digits_left(out, code), (shown, out)


@settings(max_examples=150, deadline=None)
@given(st.data(), mobiles())
def test_mobiles_however_written(data: st.DataObject, mobile: str) -> None:
    shown = data.draw(written(mobile))
    out = Anonymizer().mask(f"联系电话：{shown}。")
    assert PHONE_TOKEN in out and not _digits_left(out, mobile), (shown, out)


@settings(max_examples=100, deadline=None)
@given(st.data(), plates())
def test_plates_however_written(data: st.DataObject, plate: str) -> None:
    head, rest = plate[:2], plate[2:].lstrip("·")
    shown = head + data.draw(st.sampled_from(["", " ", "·", "\u3000"])) + data.draw(written(rest))
    out = Anonymizer().mask(f"驾驶{shown}号货车")
    assert not _digits_left(out, rest), (shown, out)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["王伟", "陈静", "欧阳明", "李晓华"]), st.sampled_from(["", " ", "\u3000", "  "]))
def test_registered_names_with_spaces_between_characters(name: str, gap: str) -> None:
    anon = Anonymizer()
    anon.register_case({"party_name": name, "party_type": "individual"})
    written_name = gap.join(name)
    out = anon.mask(f"经查，{written_name}驾驶车辆……{name}签名")
    assert name not in out and written_name not in out and out.count("当事人A") == 2


def test_party_registered_with_spaces_is_found_without() -> None:
    anon = Anonymizer()
    anon.register_case({"party_name": "张 三", "party_type": "individual", "party_id_no": "４４０１０６ １９９００１０１ １２３７"})
    out = anon.mask("张三，身份证号440106199001011237，与张　三为同一人")
    assert "张" not in out and "440106" not in out and out.count("当事人A") == 2


# Test inputs of another project's recogniser tests (neednlab/cn_pii_anonymization,
# tests/unit/test_recognizers.py): spaced and prefixed forms we did not write ourselves.
FOREIGN_SAMPLES = [
    ("身份证号 1101 0119 9001 0112 37", "110101199001011237"),
    ("证件号码：1101 0119 9003 0774 75", "110101199003077475"),
    ("身份号码 1101 0119 8512 1500 31", "110101198512150031"),
    ("身份证 1101  0119  9001  0112  37", "110101199001011237"),
    ("带空格的身份证 1101 0119 9001 0112 37 和不带空格的 110101199003077475", "110101199003077475"),
    ("电话：138-1234-5678", "13812345678"),
    ("手机号是+86 138-1234-5678", "13812345678"),
    ("联系电话：+8613812345678", "13812345678"),
    ("两个手机号13812345678和13987654321", "13987654321"),
]


def test_samples_from_another_projects_tests() -> None:
    anon = Anonymizer()
    for text, value in FOREIGN_SAMPLES:
        out = anon.mask(text)
        assert not _digits_left(out, value), (text, out)
        assert not _digits_left(out, "11010119900101123"), (text, out)
    assert anon.mask("008613812345678") == PHONE_TOKEN


# How a 询问笔录 or a registry note names people other than the party.
NOTES = [
    ("证人王五称当事人驾驶车辆超载。", "王五"),
    ("委托代理人：李 小 明（身份证号：４４０１０６１９９００１０１１２３７）到场。", "李小明"),
    ("驾驶员陈大文未能出示道路运输证。", "陈大文"),
    ("见证人欧阳春在场并签名。", "欧阳春"),
    ("法定代表人赵　强拒绝签收。", "赵强"),
]


def test_third_parties_named_in_free_text() -> None:
    anon = Anonymizer()
    for text, name in NOTES:
        out = anon.mask(text)
        assert name not in out.replace(" ", "").replace("\u3000", ""), (text, out)
        assert "相关人员" in out, out
        assert "440106" not in out
    # the role word stays readable; plain sentences keep their words
    assert anon.mask("证人王五称") == anon.mask("证人王五称")  # same alias each time
    assert anon.mask("驾驶员未系安全带，负责人审批。") == "驾驶员未系安全带，负责人审批。"
    assert anon.mask("证人于现场签字") == "证人于现场签字"


def test_third_parties_from_the_cases_records() -> None:
    anon = Anonymizer()
    anon.register_case({"party_name": "广州市顺达物流有限公司", "party_type": "organisation",
                        "extra": {"委托代理人": "周 杰", "委托代理人电话": "020-83001234", "驾驶员": "孙丽、吴军"},
                        "third_parties": [{"name": "郑小平", "role": "证人"}]})
    text = "顺达物流委托周杰处理；孙丽驾驶，吴军押车；郑小平作证；电话020-83001234。"
    out = anon.mask("广州市顺达物流有限公司：" + text)
    for name in ("周杰", "孙丽", "吴军", "郑小平", "83001234"):
        assert name not in out, out
    assert {"周 杰", "孙丽", "吴军", "郑小平"} <= set(anon.sensitive_values())


def test_option_off_keeps_third_parties() -> None:
    anon = Anonymizer(AnonymizeOptions(parties=False))
    assert anon.mask("证人王五称") == "证人王五称"


def test_find_spans_cover_spaced_identifiers() -> None:
    anon = Anonymizer()
    text = "身份证号 4401 0619 9001 0112 37，电话１３８ １２３４ ５６７８"
    covered = set()
    for start, end in anon.find_spans(text):
        covered |= set(range(start, end))
    assert all(i in covered for i, ch in enumerate(text) if ch.isdigit() or ch in "１２３４５６７８")


def test_handout_from_a_database_seeded_with_variants(tmp_path, demo_db_path) -> None:  # type: ignore[no-untyped-def]
    """Cases whose records hold spaced, full-width and third-party identifiers, scored with
    notes that repeat them the way reviewers type: the handout PDF, the slides and the DOCX
    contain none of them."""
    import docx
    from pypdf import PdfReader
    from test_training_service import PENALTY, _penalty_cases, _score

    from casereview.services.app import Services
    from casereview.storage.models import Case

    services = Services.open(demo_db_path, as_system=True)
    try:
        ids = _penalty_cases(services, 2)
        seeded = [
            {"party_name": "张 三", "party_type": "individual", "party_id_no": "４４０１０６１９９００１０１１２３７",
             "party_phone": "138-1234-5678", "extra": {"委托代理人": "李晓明", "证人": "王 五"}},
            {"party_name": "欧阳春", "party_type": "individual", "party_id_no": "110101199003077475",
             "party_phone": "+86 139 8765 4321", "vehicle_plate": "粤A·12345", "extra": {"驾驶员": "陈大文"}},
        ]
        with services.ctx.db.session() as session:
            for case_id, fields in zip(ids, seeded, strict=True):
                case = session.get(Case, case_id)
                assert case is not None
                for key, value in fields.items():
                    setattr(case, key, value)
        _score(services, ids[0], {"L04": "张　三（身份证 4401 0619 9001 0112 37，电话１３８１２３４５６７８）的询问笔录早于立案；"
                                         "委托代理人李晓明、证人王五均未签名"})
        _score(services, ids[1], {"L04": "驾驶员陈大文（手机 139-8765-4321）询问早于立案，车辆粤A 12345，"
                                         "当事人欧 阳 春身份证号1101 0119 9003 0774 75"})
        t = services.training
        t.curate(f"{PENALTY}:L04", title="先调查后立案", explanation="调查取证早于立案。")
        pdf, slides, docx_path = tmp_path / "h.pdf", tmp_path / "s.pdf", tmp_path / "h.docx"
        handout = t.export_handout_pdf(pdf)
        t.export_slides_pdf(slides)
        t.export_handout_docx(docx_path)
        assert sum(len(e.examples) for e in handout.entries) >= 2
        text = "".join(p.extract_text() for f in (pdf, slides) for p in PdfReader(str(f)).pages)
        text += "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    finally:
        services.close()
    flat = "".join(text.split())
    assert "询问" in flat  # the examples are there
    for name in ("张三", "李晓明", "王五", "欧阳春", "陈大文"):
        assert name not in flat, name
    for number in ("440106199001011237", "13812345678", "110101199003077475", "13987654321", "12345"):
        assert not _digits_left(text, number), number
