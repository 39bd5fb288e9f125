"""The answers file of `casereview score` and the result formatting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from casereview.domain.enums import Answer
from casereview.errors import NotFoundError, ValidationError
from casereview.paths import resources_dir
from casereview.standards import resolve_standard, shipped_standard
from casereview.standards.answers_file import (
    format_score_text,
    load_answers_file,
    parse_answers,
    score_answers,
    score_result_to_json,
)

PENALTY = shipped_standard("gd-transport-penalty-general")
EXAMPLE = resources_dir() / "standards" / "examples" / "penalty-answers-example.json"


def test_codes_and_chinese_labels() -> None:
    af = parse_answers(
        {
            "standard": "gd-transport-penalty-general",
            "answers": {
                "L02": "pass",
                "L03": {"answer": "deduct", "deduction": 2},
                "D02": {"answer": "扣分", "occurrences": 3, "note": "三份笔录"},
                "V03": "否决",
                "D08": "不适用",
                "D09": "NA",
                "S01": "符合",
            },
        },
        "a.json",
    )
    assert af.standard_id == "gd-transport-penalty-general"
    a = af.answers
    assert a["L02"].answer is Answer.PASS and a["S01"].answer is Answer.PASS
    assert (a["L03"].answer, a["L03"].deduction) == (Answer.DEDUCT, 2.0)
    assert (a["D02"].answer, a["D02"].occurrences) == (Answer.DEDUCT, 3)
    assert a["V03"].answer is Answer.VETO
    assert a["D08"].answer is Answer.NOT_APPLICABLE and a["D09"].answer is Answer.NOT_APPLICABLE
    assert af.notes == {"D02": "三份笔录"}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"B01": "maybe"}, "评查项 B01 的答案“maybe”无效"),
        ({"B01": {"answer": "deduct", "deduction": "two"}}, "评查项 B01 的扣分值“two”不是数字"),
        ({"B01": {"answer": "deduct", "occurrences": 0}}, "评查项 B01 的次数“0”应为不小于 1 的整数"),
        ({"B01": {"answer": "deduct", "occurrences": 1.5}}, "评查项 B01 的次数"),
        ({"B01": {"deduction": 1}}, "评查项 B01 缺少 answer"),
        ({"B01": {"answer": "pass", "score": 1}}, "评查项 B01 有不认识的字段：score"),
        ({"B01": 3}, "评查项 B01 的答案应为文本"),
    ],
)
def test_bad_entries_name_the_item(answers: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_answers({"answers": answers}, "a.json")
    assert str(exc.value).startswith("答案文件 a.json：")
    assert expected in str(exc.value)
    assert exc.value.params["item_code"] == "B01"


def test_bad_top_level() -> None:
    with pytest.raises(ValidationError, match=r"缺少 answers"):
        parse_answers({"standard": "x"}, "a.json")
    with pytest.raises(ValidationError, match=r"不认识的字段"):
        parse_answers({"answers": {}, "extra": 1}, "a.json")
    with pytest.raises(ValidationError, match=r"JSON 对象"):
        parse_answers([], "a.json")


def test_rule_violations_are_reported_with_file_and_item() -> None:
    af = parse_answers({"answers": {"L03": {"answer": "deduct", "deduction": 5}}}, "a.json")
    with pytest.raises(ValidationError, match=r"答案文件 a.json：评查项 L03：扣分值 5 超出允许区间 1～2"):
        score_answers(PENALTY, af)
    af = parse_answers({"answers": {"L02": "veto"}}, "a.json")
    with pytest.raises(ValidationError, match=r"评查项 L02：不是否决项"):
        score_answers(PENALTY, af)
    af = parse_answers({"answers": {"ZZ1": "pass"}}, "a.json")
    with pytest.raises(ValidationError, match=r"评查项 ZZ1 不在标准"):
        score_answers(PENALTY, af)


def test_standard_mismatch() -> None:
    af = parse_answers({"standard": "gd-transport-licensing", "answers": {}}, "a.json")
    with pytest.raises(ValidationError, match=r"gd-transport-licensing"):
        score_answers(PENALTY, af)


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        load_answers_file(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"answers": {', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"答案文件 bad.json：JSON 格式错误，第 1 行"):
        load_answers_file(bad)


def test_example_file_scores_as_documented() -> None:
    std = resolve_standard("gd-transport-penalty-general")
    af = load_answers_file(EXAMPLE)
    result = score_answers(std, af)
    # L01 2×0.5 + L03 1.5 + D02 5 occurrences capped at 3 + S10 1 + T02 1 + A05 2×0.5 = 8.5
    assert result.total == 91.5 and result.deducted == 8.5
    assert result.grade_before_veto == "优秀" and result.grade == "合格"  # E02: 不得评为优秀
    assert result.item_deductions["D02"] == 3
    data = score_result_to_json(result)
    json.dumps(data, ensure_ascii=False)  # serialisable
    assert data["total"] == 91.5 and data["grade"] == "合格"
    assert data["veto_hits"] == [
        {"item_code": "E02", "effect": "no_excellent", "effect_label": "不得评为优秀", "text": "案卷中缺少当事人身份证明材料"}
    ]
    assert {c["code"] for c in data["category_scores"]} >= {"L", "D", "S", "T", "C", "A"}
    text = format_score_text(std, result)
    assert "得分：91.5 / 100" in text and "等次：合格" in text
    assert "否决前：91.5 分，等次 优秀" in text
    assert "D02" in text and "封顶 3 分" in text
    assert "E02" in text


def test_resolve_standard_by_path(tmp_path: Path) -> None:
    path = resources_dir() / "standards" / "gd-transport-coercion.yaml"
    assert resolve_standard(str(path)).id == "gd-transport-coercion"
    with pytest.raises(NotFoundError):
        resolve_standard("no-such-standard")
