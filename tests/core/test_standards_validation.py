"""Bad standard files give one clear Chinese message naming the file and the item code."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from casereview.domain.enums import CaseType, DeductionMode, NAPolicy
from casereview.errors import NotFoundError, ValidationError
from casereview.standards import load_standard_file, parse_standard

BASE: dict[str, Any] = {
    "id": "x-std",
    "name": "测试",
    "case_type": "penalty",
    "procedure": "general",
    "version": "1",
    "grade_bands": [{"name": "优秀", "min_score": 90}, {"name": "合格", "min_score": 60}, {"name": "不合格", "min_score": 0}],
    "categories": [
        {"code": "V", "name": "否决", "veto_tier": True,
         "items": [{"code": "V01", "text": "主体", "max_points": 0, "veto": "zero_score"}]},
        {"code": "B", "name": "扣分", "max_points": 100, "items": [
            {"code": "B01", "text": "一", "max_points": 40, "deduction": {"mode": "fixed", "amount": 5}},
            {"code": "B07", "text": "七", "max_points": 60, "deduction": {"mode": "range", "min": 1, "max": 3}},
        ]},
    ],
}


def bad(mutate: Any) -> str:
    data = copy.deepcopy(BASE)
    mutate(data)
    with pytest.raises(ValidationError) as exc:
        parse_standard(data, "x.yaml")
    message = str(exc.value)
    assert message.startswith("标准文件 x.yaml："), message
    assert exc.value.params["file"] == "x.yaml"
    return message


def item(data: dict[str, Any], code: str) -> dict[str, Any]:
    for cat in data["categories"]:
        for it in cat["items"]:
            if it["code"] == code:
                return it  # type: ignore[no-any-return]
    raise KeyError(code)


def test_base_is_valid() -> None:
    std = parse_standard(copy.deepcopy(BASE), "x.yaml")
    assert std.item("B07") is not None and std.na_policy is NAPolicy.FULL_MARKS and std.floor_at_zero


def test_range_lower_above_upper() -> None:
    msg = bad(lambda d: item(d, "B07")["deduction"].update(min=5, max=3))
    assert "标准文件 x.yaml：评查项 B07 的扣分区间下限 5 大于上限 3" in msg


def test_range_missing_limits_and_above_points() -> None:
    assert "评查项 B07 的扣分方式为区间扣分，必须填写区间下限和上限" in bad(
        lambda d: item(d, "B07")["deduction"].pop("max")
    )
    assert "评查项 B07 的扣分区间上限 70 大于该项分值 60" in bad(lambda d: item(d, "B07")["deduction"].update(max=70))


def test_fixed_amount_above_points_and_missing() -> None:
    assert "评查项 B01 的扣分值 50 大于该项分值 40" in bad(lambda d: item(d, "B01")["deduction"].update(amount=50))
    assert "评查项 B01 的扣分方式为固定扣分，但未填写扣分值" in bad(lambda d: item(d, "B01")["deduction"].pop("amount"))


def test_per_occurrence_cap_above_points() -> None:
    msg = bad(lambda d: item(d, "B01").update(deduction={"mode": "per_occurrence", "amount": 1, "cap": 41}))
    assert "评查项 B01 的封顶扣分 41 大于该项分值 40" in msg


def test_field_of_another_mode_is_flagged() -> None:
    msg = bad(lambda d: item(d, "B01").update(deduction={"mode": "full", "amount": 2}))
    assert "评查项 B01 的扣分方式为扣除全部分值，不应填写扣分值" in msg


def test_duplicate_item_codes() -> None:
    assert "评查项编码 B01 重复" in bad(lambda d: item(d, "B07").update(code="B01"))


def test_points_must_add_up() -> None:
    msg = bad(lambda d: item(d, "B07").update(max_points=50))
    assert "合计 90" in msg and "总分 100" in msg
    # a category cap below the items' sum limits the category's contribution
    msg = bad(lambda d: d["categories"][1].update(max_points=80))
    assert "合计 80" in msg and "B 80" in msg


def test_veto_tier_rules() -> None:
    assert "评查项 V01 位于否决层（类别 V），必须填写否决效果" in bad(lambda d: item(d, "V01").pop("veto"))
    assert "评查项 V01 位于否决层，分值应为 0" in bad(lambda d: item(d, "V01").update(max_points=5))


def test_grade_bands() -> None:
    assert "等次应按分数从高到低排列" in bad(lambda d: d["grade_bands"].reverse())
    assert "最低等次“不合格”的最低分应为 0" in bad(lambda d: d["grade_bands"][2].update(min_score=10))
    assert "等次应为 3 个或 4 个，实为 2 个" in bad(lambda d: d["grade_bands"].pop(1))
    assert "等次应为 3 个或 4 个，实为 5 个" in bad(
        lambda d: d["grade_bands"][:0].extend([])
        or d.update(grade_bands=[{"name": f"g{i}", "min_score": 80 - 20 * i} for i in range(5)])
    )


def test_several_problems_are_all_reported() -> None:
    def mutate(d: dict[str, Any]) -> None:
        item(d, "B07")["deduction"].update(min=5, max=3)
        item(d, "B01")["deduction"].update(amount=50)

    msg = bad(mutate)
    lines = msg.splitlines()
    assert len(lines) == 2 and all(line.startswith("标准文件 x.yaml：") for line in lines)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: item(d, "B07").update(max_points="abc"), "评查项 B07 的“分值” 'abc' 不是数字"),
        (lambda d: item(d, "B07").pop("text"), "评查项 B07 缺少必填字段“评查内容”"),
        (lambda d: item(d, "B07").update(txet="x"), "评查项 B07 有不认识的字段“txet”"),
        (lambda d: item(d, "B07")["deduction"].update(mode="sometimes"), "评查项 B07 的“扣分方式” 'sometimes' 无效"),
        (lambda d: item(d, "B07").update(veto="maybe"), "评查项 B07 的“否决效果” 'maybe' 无效"),
        (lambda d: item(d, "B07").update(max_points=-1), "评查项 B07 的“分值” -1 不能小于 0"),
        (lambda d: item(d, "B07").update(problem_category="其他"), "评查项 B07 的“问题分类” '其他' 无效"),
        (lambda d: item(d, "B07").update(phrases="一句话"), "评查项 B07 的“常用表述”应为列表"),
        (lambda d: d.update(case_type="tax"), "标准信息的“案件类型” 'tax' 无效，可选：penalty（行政处罚）"),
        (lambda d: d.update(effective_from="2024-13-01"), "标准信息的“生效日期” '2024-13-01' 不是有效日期"),
        (lambda d: d.pop("name"), "标准信息 缺少必填字段“名称”"),
        (lambda d: d["categories"][1].update(max_points="x"), "类别 B 的“类别上限” 'x' 不是数字"),
        (lambda d: d.update(id="Bad Id"), "标准编号“Bad Id”只能由小写字母"),
        (lambda d: item(d, "B07").update(phrases=["甲；乙"]), "评查项 B07 的常用表述“甲；乙”不能包含分号"),
    ],
)
def test_schema_errors_are_chinese_and_name_the_item(mutate: Any, expected: str) -> None:
    msg = bad(mutate)
    assert expected in msg, msg
    assert "Input should" not in msg and "Field required" not in msg


def test_item_code_in_params() -> None:
    data = copy.deepcopy(BASE)
    item(data, "B07").update(max_points="abc")
    with pytest.raises(ValidationError) as exc:
        parse_standard(data, "x.yaml")
    assert exc.value.params["item_codes"] == ["B07"]
    assert exc.value.code == "standard_invalid"


def test_labels_are_accepted_for_enums() -> None:
    data = copy.deepcopy(BASE)
    data.update(case_type="行政处罚", procedure="普通程序", na_policy="不适用项剔除后折算", version=2024)
    item(data, "B07")["deduction"]["mode"] = "区间扣分"
    item(data, "V01")["veto"] = "得分为零"
    std = parse_standard(data, "x.yaml")
    assert std.case_type is CaseType.PENALTY and std.na_policy is NAPolicy.RESCALE and std.version == "2024"
    assert std.item("B07").deduction.mode is DeductionMode.RANGE  # type: ignore[union-attr]


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nname: [unclosed\nversion: 1\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"标准文件 broken.yaml：YAML 格式错误 第 \d+ 行"):
        load_standard_file(path)


def test_top_level_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"标准文件 list.yaml：内容应为键值结构"):
        load_standard_file(path)


def test_bad_file_on_disk_names_file_and_item(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    item(data, "B07")["deduction"].update(min=5, max=3)
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"标准文件 b.yaml：评查项 B07 的扣分区间下限 5 大于上限 3"):
        load_standard_file(path)


def test_toml_is_accepted(tmp_path: Path) -> None:
    toml = '''
id = "toml-std"
name = "TOML 标准"
case_type = "coercion"
version = "1"
effective_from = 2024-01-01
grade_bands = [{name = "优秀", min_score = 90}, {name = "合格", min_score = 60}, {name = "不合格", min_score = 0}]

[[categories]]
code = "A"
name = "全部"

[[categories.items]]
code = "A1"
text = "一项"
max_points = 100
deduction = {mode = "per_occurrence", amount = 10}
'''
    path = tmp_path / "s.toml"
    path.write_text(toml, encoding="utf-8")
    std = load_standard_file(path)
    assert std.id == "toml-std" and std.effective_from is not None and std.effective_from.year == 2024
    path.write_text(toml.replace("max_points = 100", "max_points = 90"), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"标准文件 s.toml：扣分层各类别分值合计 90"):
        load_standard_file(path)
    path.write_text("id = ", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"TOML 格式错误"):
        load_standard_file(path)


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"找不到标准文件"):
        load_standard_file(tmp_path / "nope.yaml")
    other = tmp_path / "s.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"不支持的文件类型"):
        load_standard_file(other)


def test_documented_example_is_valid() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "standard-format.md").read_text(encoding="utf-8")
    block = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    std = parse_standard(yaml.safe_load(block), "standard-format.md")
    assert std.id == "demo-penalty" and std.case_type is CaseType.PENALTY
    assert std.item("B01").cap == 20  # type: ignore[union-attr]
