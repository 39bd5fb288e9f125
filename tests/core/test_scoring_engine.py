"""Scoring engine: every boundary, then hypothesis properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereview.domain.enums import Answer, DeductionMode, NAPolicy, VetoEffect
from casereview.errors import ValidationError
from casereview.scoring import ItemAnswer, allowed_deduction, score, validate_answer
from casereview.standards import StandardDef, load_shipped_standards, parse_standard

BANDS3 = [{"name": "优秀", "min_score": 90}, {"name": "合格", "min_score": 60}, {"name": "不合格", "min_score": 0}]
BANDS4 = [
    {"name": "优秀", "min_score": 90},
    {"name": "良好", "min_score": 80},
    {"name": "合格", "min_score": 60},
    {"name": "不合格", "min_score": 0},
]


def make_standard(na_policy: str = "full_marks", bands: list[dict[str, Any]] | None = None) -> StandardDef:
    data = {
        "id": "t-std",
        "name": "测试标准",
        "case_type": "penalty",
        "procedure": "general",
        "version": "1",
        "na_policy": na_policy,
        "grade_bands": bands or BANDS3,
        "categories": [
            {
                "code": "V",
                "name": "否决项",
                "veto_tier": True,
                "items": [
                    {"code": "V1", "text": "清零", "max_points": 0, "veto": "zero_score"},
                    {"code": "V2", "text": "不合格", "max_points": 0, "veto": "fail_grade"},
                    {"code": "V3", "text": "不得优秀", "max_points": 0, "veto": "no_excellent"},
                ],
            },
            {
                "code": "C1",
                "name": "有上限",
                "max_points": 10,
                "items": [
                    {"code": "F1", "text": "固定", "max_points": 4, "deduction": {"mode": "fixed", "amount": 2}},
                    {"code": "P1", "text": "按次", "max_points": 5, "deduction": {"mode": "per_occurrence", "amount": 1}},
                    {
                        "code": "P2",
                        "text": "按次封顶",
                        "max_points": 6,
                        "deduction": {"mode": "per_occurrence", "amount": 2, "cap": 4},
                    },
                ],
            },
            {
                "code": "C2",
                "name": "无上限",
                "items": [
                    {"code": "R1", "text": "区间", "max_points": 5, "deduction": {"mode": "range", "min": 1, "max": 3}},
                    {"code": "U1", "text": "全扣", "max_points": 5, "deduction": {"mode": "full"}},
                    {
                        "code": "X1",
                        "text": "扣分层否决",
                        "max_points": 5,
                        "deduction": {"mode": "fixed", "amount": 5},
                        "veto": "no_excellent",
                    },
                ],
            },
            {
                "code": "C3",
                "name": "大项",
                "items": [{"code": "N1", "text": "大项", "max_points": 75, "deduction": {"mode": "full"}}],
            },
        ],
    }
    return parse_standard(data, "test.yaml")


STD = make_standard()
STD_RESCALE = make_standard("rescale")


def A(code: str, answer: Answer, deduction: float | None = None, occurrences: int | None = None) -> ItemAnswer:
    return ItemAnswer(code, answer, deduction, occurrences)


def answers(*items: ItemAnswer) -> dict[str, ItemAnswer]:
    return {a.item_code: a for a in items}


def all_pass(std: StandardDef = STD, **override: ItemAnswer) -> dict[str, ItemAnswer]:
    result = {code: A(code, Answer.PASS) for code in std.item_codes()}
    result.update(override)
    return result


def test_all_pass_scores_full_and_excellent() -> None:
    r = score(STD, all_pass())
    assert (r.total, r.grade, r.deducted, r.complete, r.unanswered) == (100, "优秀", 0, True, [])
    assert r.answered_count == r.item_count == 10


def test_unanswered_items_count_as_no_deduction_but_are_listed() -> None:
    r = score(STD, answers(A("F1", Answer.DEDUCT)))
    assert r.total == 98
    assert not r.complete
    assert "F1" not in r.unanswered and "N1" in r.unanswered
    assert r.answered_count == 1 and r.item_count == 10


def test_fixed_deduction_and_supplied_amount_must_match() -> None:
    assert score(STD, answers(A("F1", Answer.DEDUCT))).item_deductions == {"F1": 2}
    assert score(STD, answers(A("F1", Answer.DEDUCT, 2))).total == 98
    with pytest.raises(ValidationError, match=r"F1"):
        score(STD, answers(A("F1", Answer.DEDUCT, 3)))


@pytest.mark.parametrize(("occ", "expected"), [(None, 1), (1, 1), (4, 4), (5, 5), (6, 5), (50, 5)])
def test_per_occurrence_capped_at_max_points(occ: int | None, expected: float) -> None:
    r = score(STD, answers(A("P1", Answer.DEDUCT, occurrences=occ)))
    assert r.item_deductions["P1"] == expected
    assert r.total == 100 - expected


@pytest.mark.parametrize(("occ", "expected"), [(1, 2), (2, 4), (3, 4), (10, 4)])
def test_per_occurrence_explicit_cap(occ: int, expected: float) -> None:
    r = score(STD, answers(A("P2", Answer.DEDUCT, occurrences=occ)))
    assert r.item_deductions["P2"] == expected
    if occ == 3:
        assert any("封顶 4 分" in line for line in r.explanation)


def test_per_occurrence_rejects_bad_count_or_mismatched_value() -> None:
    with pytest.raises(ValidationError, match=r"P1"):
        score(STD, answers(A("P1", Answer.DEDUCT, occurrences=0)))
    with pytest.raises(ValidationError, match=r"P1"):
        score(STD, answers(A("P1", Answer.DEDUCT, deduction=2, occurrences=3)))
    assert score(STD, answers(A("P1", Answer.DEDUCT, deduction=3, occurrences=3))).total == 97


@pytest.mark.parametrize("value", [1, 1.5, 3])
def test_range_inside_limits(value: float) -> None:
    assert score(STD, answers(A("R1", Answer.DEDUCT, value))).total == 100 - value


@pytest.mark.parametrize("value", [0.99, 3.01, 0, None])
def test_range_outside_limits_or_missing_is_rejected(value: float | None) -> None:
    with pytest.raises(ValidationError) as exc:
        score(STD, answers(A("R1", Answer.DEDUCT, value)))
    assert "R1" in str(exc.value)
    assert exc.value.params["item_code"] == "R1"


def test_full_deduction() -> None:
    assert score(STD, answers(A("U1", Answer.DEDUCT))).item_deductions["U1"] == 5
    assert score(STD, answers(A("U1", Answer.DEDUCT, 5))).total == 95
    with pytest.raises(ValidationError, match=r"U1"):
        score(STD, answers(A("U1", Answer.DEDUCT, 4)))


def test_negative_deduction_rejected() -> None:
    with pytest.raises(ValidationError, match=r"不能为负数"):
        validate_answer(STD, A("R1", Answer.DEDUCT, -1))


def test_category_cap_limits_the_category_deduction() -> None:
    # F1 2 + P1 5 + P2 4 = 11 > category cap 10
    r = score(STD, answers(A("F1", Answer.DEDUCT), A("P1", Answer.DEDUCT, occurrences=5), A("P2", Answer.DEDUCT, occurrences=2)))
    c1 = next(c for c in r.category_scores if c.code == "C1")
    assert (c1.max_points, c1.deducted, c1.score) == (10, 10, 0)
    assert r.total == 90 and r.deducted == 10
    assert any("上限" in line for line in r.explanation)
    # just below the cap: no capping
    r = score(STD, answers(A("F1", Answer.DEDUCT), A("P1", Answer.DEDUCT, occurrences=4), A("P2", Answer.DEDUCT, occurrences=2)))
    assert r.total == 90 and not any("上限" in line for line in r.explanation)


def test_everything_deducted_stops_at_each_level() -> None:
    r = score(
        STD,
        answers(
            A("F1", Answer.DEDUCT),
            A("P1", Answer.DEDUCT, occurrences=9),
            A("P2", Answer.DEDUCT, occurrences=9),
            A("R1", Answer.DEDUCT, 3),
            A("U1", Answer.DEDUCT),
            A("X1", Answer.DEDUCT),
            A("N1", Answer.DEDUCT),
        ),
    )
    # C1: 2 + 5 + 4 = 11 capped at 10; C2: 3 + 5 + 5 = 13 of 15 → 2 left; C3 0
    assert r.total == 2 and r.deducted == 98 and r.grade == "不合格"
    # without F1, C1 loses 5 + 4 = 9 of 10
    r = score(STD, answers(A("P1", Answer.DEDUCT, occurrences=9), A("P2", Answer.DEDUCT, occurrences=9),
                            A("U1", Answer.DEDUCT), A("X1", Answer.DEDUCT), A("R1", Answer.DEDUCT, 3),
                            A("N1", Answer.DEDUCT)))
    assert r.total == 3


def test_floor_at_zero_when_deductions_exceed_the_points() -> None:
    # One capped category whose items together could deduct twice its points (扣完为止, 不计负分).
    data = {
        "id": "floor", "name": "扣完为止", "case_type": "penalty", "version": "1", "total_points": 10,
        "grade_bands": [{"name": "优秀", "min_score": 9}, {"name": "合格", "min_score": 6}, {"name": "不合格", "min_score": 0}],
        "categories": [{"code": "K", "name": "卷面", "max_points": 10, "items": [
            {"code": f"K{i}", "text": "项", "max_points": 5, "deduction": {"mode": "per_occurrence", "amount": 1}}
            for i in range(4)
        ]}],
    }
    std = parse_standard(data, "floor.yaml")
    r = score(std, {f"K{i}": A(f"K{i}", Answer.DEDUCT, occurrences=5) for i in range(4)})
    assert r.total == 0 and r.deducted == 10
    assert r.category_scores[0].score == 0
    r = score(std, {f"K{i}": A(f"K{i}", Answer.DEDUCT, occurrences=3) for i in range(3)})
    assert r.total == 1  # 9 deducted of 10: one below the cap, no flooring yet


def test_veto_zero_score() -> None:
    r = score(STD, all_pass(V1=A("V1", Answer.VETO)))
    assert r.total == 0 and r.grade == "不合格"
    assert r.total_before_veto == 100 and r.grade_before_veto == "优秀"
    assert [(h.item_code, h.effect) for h in r.veto_hits] == [("V1", VetoEffect.ZERO_SCORE)]
    assert any("得分为零" in line for line in r.explanation)


def test_veto_fail_grade_keeps_score() -> None:
    r = score(STD, all_pass(V2=A("V2", Answer.VETO)))
    assert r.total == 100 and r.grade == "不合格" and r.grade_before_veto == "优秀"


def test_veto_no_excellent_demotes_top_band_only() -> None:
    r = score(STD, all_pass(V3=A("V3", Answer.VETO)))
    assert (r.total, r.grade, r.grade_before_veto) == (100, "合格", "优秀")
    r = score(STD, all_pass(V3=A("V3", Answer.VETO), N1=A("N1", Answer.DEDUCT)))
    assert (r.total, r.grade) == (25, "不合格")
    four = make_standard(bands=BANDS4)
    r = score(four, all_pass(four, V3=A("V3", Answer.VETO)))
    assert r.grade == "良好"


def test_veto_on_deduction_tier_item_deducts_its_points_and_applies_effect() -> None:
    r = score(STD, all_pass(X1=A("X1", Answer.VETO)))
    assert r.total == 95 and r.grade == "合格" and r.grade_before_veto == "优秀"
    assert r.item_deductions == {"X1": 5}


def test_several_vetoes_strongest_wins() -> None:
    r = score(STD, all_pass(V1=A("V1", Answer.VETO), V3=A("V3", Answer.VETO)))
    assert r.total == 0 and r.grade == "不合格"


def test_veto_only_on_items_with_an_effect() -> None:
    with pytest.raises(ValidationError, match=r"F1.*不是否决项"):
        score(STD, answers(A("F1", Answer.VETO)))
    with pytest.raises(ValidationError, match=r"V1.*否决项"):
        validate_answer(STD, A("V1", Answer.DEDUCT))


def test_values_with_pass_are_rejected() -> None:
    with pytest.raises(ValidationError, match=r"F1"):
        validate_answer(STD, A("F1", Answer.PASS, 2))


def test_unknown_item_and_mismatched_key() -> None:
    with pytest.raises(ValidationError, match=r"ZZ9"):
        score(STD, answers(A("ZZ9", Answer.PASS)))
    with pytest.raises(ValidationError, match=r"不一致"):
        score(STD, {"F1": A("P1", Answer.PASS)})


def test_not_applicable_full_marks() -> None:
    r = score(STD, all_pass(N1=A("N1", Answer.NOT_APPLICABLE), R1=A("R1", Answer.DEDUCT, 2)))
    assert r.total == 98 and r.not_applicable == ["N1"]


def test_not_applicable_rescale() -> None:
    r = score(STD_RESCALE, all_pass(STD_RESCALE, N1=A("N1", Answer.NOT_APPLICABLE), R1=A("R1", Answer.DEDUCT, 2)))
    # possible 25 (C1 10 + C2 15), achieved 23 → 92
    assert r.total == 92
    assert any("折算" in line for line in r.explanation)


def test_rescale_respects_category_cap() -> None:
    # F1 N/A: C1 still has P1 5 + P2 6 = 11 > cap 10, so C1 stays worth 10 and nothing is rescaled away.
    r = score(STD_RESCALE, answers(A("F1", Answer.NOT_APPLICABLE), A("U1", Answer.DEDUCT)))
    assert r.total == 95
    # P2 and F1 N/A: C1 worth min(5, 10) = 5 → possible 95, achieved 90 → 94.74
    r = score(STD_RESCALE, answers(A("F1", Answer.NOT_APPLICABLE), A("P2", Answer.NOT_APPLICABLE), A("U1", Answer.DEDUCT)))
    assert r.total == round(90 / 95 * 100, 2)


def test_rescale_everything_not_applicable_is_full_marks() -> None:
    r = score(STD_RESCALE, {c: A(c, Answer.NOT_APPLICABLE) for c in STD_RESCALE.item_codes()})
    assert r.total == 100


def test_rounding_to_two_decimals() -> None:
    r = score(STD_RESCALE, answers(A("N1", Answer.NOT_APPLICABLE), A("P1", Answer.DEDUCT, occurrences=1)))
    assert r.total == round(24 / 25 * 100, 2) == 96.0
    r = score(STD_RESCALE, answers(A("N1", Answer.NOT_APPLICABLE), A("F1", Answer.NOT_APPLICABLE),
                                    A("P1", Answer.DEDUCT, occurrences=1)))
    # C1: P1 + P2 = 11 → 10 possible; possible 25, achieved 24
    assert r.total == 96.0


def test_grade_boundaries() -> None:
    # 90 exactly is 优秀, 60 exactly is 合格
    r = score(STD, answers(A("U1", Answer.DEDUCT), A("X1", Answer.DEDUCT)))
    assert (r.total, r.grade) == (90, "优秀")
    r = score(STD, answers(A("U1", Answer.DEDUCT), A("X1", Answer.DEDUCT), A("F1", Answer.DEDUCT)))
    assert (r.total, r.grade) == (88, "合格")
    assert STD.grade_for(60) == "合格" and STD.grade_for(59.99) == "不合格"


def test_allowed_deduction_texts() -> None:
    item = STD.item
    assert allowed_deduction(item("P1")) == "每次扣 1 分，最多扣 5 分"  # type: ignore[arg-type]
    assert allowed_deduction(item("P2")) == "每次扣 2 分，最多扣 4 分"  # type: ignore[arg-type]
    assert allowed_deduction(item("R1")) == "可扣 1～3 分，本项 5 分"  # type: ignore[arg-type]
    assert allowed_deduction(item("F1")) == "扣 2 分，本项 4 分"  # type: ignore[arg-type]
    assert allowed_deduction(item("U1")) == "扣除本项全部 5 分"  # type: ignore[arg-type]
    assert allowed_deduction(item("V1")) == "否决项（得分为零）"  # type: ignore[arg-type]


# ----------------------------------------------------------------- properties


def deduct_strategy(std: StandardDef, code: str) -> st.SearchStrategy[ItemAnswer]:
    """Valid DEDUCT answers for a scoring item."""
    item = std.item(code)
    assert item is not None and item.max_points > 0
    rule = item.deduction
    if rule.mode is DeductionMode.RANGE:
        low, high = rule.min or 0.0, rule.max or 0.0
        return st.floats(min_value=low, max_value=high, allow_nan=False).map(
            lambda v: A(code, Answer.DEDUCT, min(max(round(v, 2), low), high))
        )
    if rule.mode is DeductionMode.PER_OCCURRENCE:
        return st.integers(1, 12).map(lambda n: A(code, Answer.DEDUCT, occurrences=n))
    return st.just(A(code, Answer.DEDUCT))


def answer_strategy(std: StandardDef, code: str) -> st.SearchStrategy[ItemAnswer | None]:
    item = std.item(code)
    assert item is not None
    options: list[st.SearchStrategy[ItemAnswer | None]] = [
        st.none(),
        st.just(A(code, Answer.PASS)),
        st.just(A(code, Answer.NOT_APPLICABLE)),
    ]
    if item.veto is not None:
        options.append(st.just(A(code, Answer.VETO)))
    if item.max_points > 0:
        options.append(deduct_strategy(std, code))
    return st.one_of(options)


def answers_strategy(std: StandardDef) -> st.SearchStrategy[dict[str, ItemAnswer]]:
    codes = std.item_codes()
    return st.tuples(*(answer_strategy(std, c) for c in codes)).map(
        lambda values: {c: v for c, v in zip(codes, values, strict=True) if v is not None}
    )


SHIPPED = load_shipped_standards()
ALL_STDS = [STD, STD_RESCALE, make_standard(bands=BANDS4), *SHIPPED,
            *(s.model_copy(update={"na_policy": NAPolicy.RESCALE}) for s in SHIPPED)]
PROP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_invariants(std: StandardDef, ans: dict[str, ItemAnswer]) -> None:
    r = score(std, ans)
    assert 0 <= r.total <= std.total_points
    assert 0 <= r.total_before_veto <= std.total_points
    for code, value in r.item_deductions.items():
        item = std.item(code)
        assert item is not None and 0 <= value <= item.max_points + 1e-9
    for cat_score in r.category_scores:
        cat = next(c for c in std.categories if c.code == cat_score.code)
        assert 0 <= cat_score.score <= cat_score.max_points + 1e-9
        if cat.max_points is not None:
            assert cat_score.deducted <= cat.max_points + 1e-9
    effects = {h.effect for h in r.veto_hits}
    if VetoEffect.ZERO_SCORE in effects:
        assert r.total == 0 and r.grade == std.failing_band.name
    elif VetoEffect.FAIL_GRADE in effects:
        assert r.grade == std.failing_band.name and r.total == r.total_before_veto
    elif VetoEffect.NO_EXCELLENT in effects:
        assert r.grade != std.top_band.name
        expected = std.grade_for(r.total)
        assert r.grade == (std.grade_bands[1].name if expected == std.top_band.name else expected)
    else:
        assert r.grade == std.grade_for(r.total) == r.grade_before_veto
    if std.na_policy is NAPolicy.RESCALE:
        possible = sum(c.max_points for c in r.category_scores)
        achieved = sum(c.score for c in r.category_scores)
        expected_total = std.total_points if possible == 0 else achieved * std.total_points / possible
        assert abs(r.total_before_veto - round(expected_total, 2)) < 0.011
    else:
        assert abs(r.total_before_veto - (std.total_points - r.deducted)) < 0.011
    assert r.complete == (not r.unanswered)
    assert r.answered_count + len(r.unanswered) == r.item_count


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
@pytest.mark.parametrize("std", ALL_STDS, ids=lambda s: f"{s.id}-{s.na_policy.value}-{len(s.grade_bands)}")
@PROP
@given(data=st.data())
def test_property_invariants(std: StandardDef, data: st.DataObject) -> None:
    check_invariants(std, data.draw(answers_strategy(std)))


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
@pytest.mark.parametrize("std", [*ALL_STDS[:3], SHIPPED[-1]], ids=lambda s: f"{s.id}-{s.na_policy.value}")
@PROP
@given(data=st.data())
def test_property_adding_a_deduction_never_raises_the_score(std: StandardDef, data: st.DataObject) -> None:
    ans = data.draw(answers_strategy(std))
    before = score(std, ans)
    candidates = [
        code
        for _, item in std.iter_items()
        if item.max_points > 0 and ((code := item.code) not in ans or ans[code].answer is Answer.PASS)
    ]
    if not candidates:
        return
    code = data.draw(st.sampled_from(candidates))
    new = data.draw(deduct_strategy(std, code))
    after = score(std, {**ans, code: new})
    assert after.total <= before.total
    assert after.total_before_veto <= before.total_before_veto
    assert after.deducted >= before.deducted


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
@PROP
@given(data=st.data(), extra=st.integers(1, 5))
def test_property_more_occurrences_never_raise_the_score(data: st.DataObject, extra: int) -> None:
    ans = data.draw(answers_strategy(STD))
    for code in ("P1", "P2"):
        n = data.draw(st.integers(1, 8))
        low = score(STD, {**ans, code: A(code, Answer.DEDUCT, occurrences=n)})
        high = score(STD, {**ans, code: A(code, Answer.DEDUCT, occurrences=n + extra)})
        assert high.total <= low.total


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
@PROP
@given(data=st.data())
def test_property_veto_effects(data: st.DataObject) -> None:
    ans = data.draw(answers_strategy(STD))
    ans = {k: v for k, v in ans.items() if v.answer is not Answer.VETO}
    base = score(STD, ans)
    zero = score(STD, {**ans, "V1": A("V1", Answer.VETO)})
    assert zero.total == 0 and zero.grade == "不合格" and zero.total_before_veto == base.total
    fail = score(STD, {**ans, "V2": A("V2", Answer.VETO)})
    assert fail.total == base.total and fail.grade == "不合格"
    no_exc = score(STD, {**ans, "V3": A("V3", Answer.VETO)})
    assert no_exc.total == base.total
    assert no_exc.grade == ("合格" if base.grade == "优秀" else base.grade)


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
@PROP
@given(data=st.data())
def test_property_rescale_equals_full_marks_without_na(data: st.DataObject) -> None:
    ans = data.draw(answers_strategy(STD))
    ans = {k: v for k, v in ans.items() if v.answer is not Answer.NOT_APPLICABLE}
    assert score(STD, ans).total == score(STD_RESCALE, ans).total
