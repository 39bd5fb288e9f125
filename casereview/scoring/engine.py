"""The scoring engine: a pure function from a standard and the reviewer's answers to a result.

Order of computation (documented in docs/standard-format.md):
1. each answered item gets a deduction (PASS 0; DEDUCT by the item's rule, capped at the item's
   max_points; VETO deducts the item's whole max_points and records its veto effect;
   NOT_APPLICABLE and unanswered items deduct nothing);
2. per category: possible points = min(sum of the max_points of the items that count,
   category cap) where, under the ``rescale`` policy, N/A items do not count; the category's
   deduction is capped at its cap and at its possible points;
3. total = sum of category scores; under ``rescale`` it is scaled to ``total_points``
   (total × total_points / possible); ``floor_at_zero`` keeps it ≥ 0; rounded to 2 decimals;
4. grade from the bands; then veto effects: zero_score sets the total to 0, fail_grade forces
   the lowest band, no_excellent demotes the top band to the next one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from casereview.domain.enums import Answer, DeductionMode, NAPolicy, VetoEffect
from casereview.errors import ValidationError
from casereview.standards.model import EPS, Item, StandardDef, fmt_points


@dataclass(frozen=True)
class ItemAnswer:
    item_code: str
    answer: Answer
    deduction: float | None = None
    occurrences: int | None = None


@dataclass(frozen=True)
class CategoryScore:
    code: str
    name: str
    max_points: float  # possible points of the category in this result (after N/A exclusion)
    deducted: float
    score: float
    veto_tier: bool


@dataclass(frozen=True)
class VetoHit:
    item_code: str
    effect: VetoEffect
    text: str


@dataclass
class ScoreResult:
    total: float
    max_total: float
    deducted: float
    category_scores: list[CategoryScore]
    item_deductions: dict[str, float]
    grade: str
    grade_before_veto: str
    veto_hits: list[VetoHit]
    unanswered: list[str]
    answered_count: int
    item_count: int
    complete: bool
    not_applicable: list[str]
    explanation: list[str] = field(default_factory=list)
    total_before_veto: float = 0.0


def allowed_deduction(item: Item) -> str:
    """How the item deducts, in words shown next to the item ("每次扣 1 分，最多扣 4 分")."""
    rule = item.deduction
    mx = fmt_points(item.max_points)
    if item.max_points <= EPS:
        return f"否决项（{item.veto.label}）" if item.veto else "不计分"
    if rule.mode is DeductionMode.FIXED:
        return f"扣 {fmt_points(rule.amount or 0)} 分，本项 {mx} 分"
    if rule.mode is DeductionMode.PER_OCCURRENCE:
        return f"每次扣 {fmt_points(rule.amount or 0)} 分，最多扣 {fmt_points(item.cap)} 分"
    if rule.mode is DeductionMode.RANGE:
        return f"可扣 {fmt_points(rule.min or 0)}～{fmt_points(rule.max or 0)} 分，本项 {mx} 分"
    return f"扣除本项全部 {mx} 分"


@dataclass(frozen=True)
class DeductionSpec:
    deduction: float | None
    occurrences: int | None


def default_deduction(item: Item) -> DeductionSpec:
    """The smallest deduction the item's rule allows, used when a reviewer (or an accepted
    check proposal) answers 扣分 without naming an amount; the reviewer may raise it after.
    Fixed and full items need no amount (the rule decides it)."""
    rule = item.deduction
    if rule.mode is DeductionMode.PER_OCCURRENCE:
        return DeductionSpec(None, 1)
    if rule.mode is DeductionMode.RANGE:
        return DeductionSpec(float(rule.min or 0) or float(rule.max or item.max_points), None)
    return DeductionSpec(None, None)


def _err(item_code: str, text: str, **params: object) -> ValidationError:
    return ValidationError(f"评查项 {item_code}：{text}", code="answer_invalid", item_code=item_code, **params)


def _item(standard: StandardDef, code: str) -> Item:
    item = standard.item(code)
    if item is None:
        raise ValidationError(
            f"评查项 {code} 不在标准“{standard.name}”（{standard.id} 版本 {standard.version}）中",
            code="answer_unknown_item",
            item_code=code,
        )
    return item


def _deduction_of(item: Item, answer: ItemAnswer) -> float:
    """Deduction for a DEDUCT answer, already validated against the item's rule."""
    rule = item.deduction
    code = item.code
    if item.max_points <= EPS:
        raise _err(code, "是否决项，不能扣分，只能选择“符合”“否决”或“不适用”")
    if answer.occurrences is not None and answer.occurrences < 1:
        raise _err(code, f"次数 {answer.occurrences} 无效，至少为 1 次")
    if answer.deduction is not None and answer.deduction < 0:
        raise _err(code, f"扣分值 {fmt_points(answer.deduction)} 不能为负数")
    if rule.mode is DeductionMode.FIXED:
        value = float(rule.amount or 0)
        if answer.deduction is not None and abs(answer.deduction - value) > EPS:
            raise _err(code, f"为固定扣分 {fmt_points(value)} 分，不能填写 {fmt_points(answer.deduction)} 分")
    elif rule.mode is DeductionMode.PER_OCCURRENCE:
        occurrences = answer.occurrences or 1  # "扣分" without a count means one occurrence
        value = min(float(rule.amount or 0) * occurrences, item.cap)
        if answer.deduction is not None and abs(answer.deduction - value) > EPS:
            raise _err(
                code,
                f"按次扣分，{occurrences} 次应扣 {fmt_points(value)} 分（{allowed_deduction(item)}），"
                f"不能填写 {fmt_points(answer.deduction)} 分",
            )
    elif rule.mode is DeductionMode.RANGE:
        low, high = float(rule.min or 0), float(rule.max or 0)
        if answer.deduction is None:
            raise _err(code, f"为区间扣分，请填写 {fmt_points(low)}～{fmt_points(high)} 之间的扣分值")
        if answer.deduction < low - EPS or answer.deduction > high + EPS:
            raise _err(
                code,
                f"扣分值 {fmt_points(answer.deduction)} 超出允许区间 {fmt_points(low)}～{fmt_points(high)}",
            )
        value = float(answer.deduction)
    else:
        value = item.max_points
        if answer.deduction is not None and abs(answer.deduction - value) > EPS:
            raise _err(code, f"扣除全部 {fmt_points(value)} 分，不能填写 {fmt_points(answer.deduction)} 分")
    return min(value, item.max_points)


def validate_answer(standard: StandardDef, answer: ItemAnswer) -> None:
    """Raise ValidationError (Chinese, naming the item code) if the answer cannot be saved."""
    item = _item(standard, answer.item_code)
    if not isinstance(answer.answer, Answer):
        raise _err(item.code, f"答案“{answer.answer}”无效，可选：符合、扣分、不适用、否决")
    if answer.answer is Answer.DEDUCT:
        _deduction_of(item, answer)
    elif answer.answer is Answer.VETO and item.veto is None:
        raise _err(item.code, "不是否决项，不能选择“否决”")
    if answer.answer is not Answer.DEDUCT and (answer.deduction or answer.occurrences):
        raise _err(item.code, f"答案为“{answer.answer.label}”时不能填写扣分值或次数")


def item_points(standard: StandardDef, answer: ItemAnswer) -> float:
    """Points one answer takes from its item (before any category cap): what the
    deficiency register and the statistics count for a finding. Far cheaper than
    ``score`` when only the deducted items of many reviews are needed."""
    item = _item(standard, answer.item_code)
    if answer.answer is Answer.DEDUCT:
        return _deduction_of(item, answer)
    if answer.answer is Answer.VETO:
        return item.max_points
    return 0.0


def score(standard: StandardDef, answers: Mapping[str, ItemAnswer]) -> ScoreResult:
    for key, given in answers.items():
        if key != given.item_code:
            raise ValidationError(
                f"答案键 {key} 与评查项编码 {given.item_code} 不一致", code="answer_invalid", item_code=key
            )
        validate_answer(standard, given)

    explanation: list[str] = []
    rescale = standard.na_policy is NAPolicy.RESCALE
    item_deductions: dict[str, float] = {}
    veto_hits: list[VetoHit] = []
    unanswered: list[str] = []
    not_applicable: list[str] = []
    category_scores: list[CategoryScore] = []
    item_count = 0
    raw_total = 0.0
    raw_possible = 0.0
    raw_deducted = 0.0

    for category in standard.categories:
        cat_items_max = 0.0
        cat_deduction = 0.0
        for item in category.items:
            item_count += 1
            ans = answers.get(item.code)
            counts = True
            if ans is None:
                unanswered.append(item.code)
            elif ans.answer is Answer.NOT_APPLICABLE:
                not_applicable.append(item.code)
                counts = not rescale
            elif ans.answer is Answer.DEDUCT:
                value = _deduction_of(item, ans)
                item_deductions[item.code] = value
                cat_deduction += value
                detail = allowed_deduction(item)
                if item.deduction.mode is DeductionMode.PER_OCCURRENCE:
                    n = ans.occurrences or 1
                    raw = float(item.deduction.amount or 0) * n
                    detail = f"{n} 次" + (f"，按封顶 {fmt_points(item.cap)} 分计" if raw > item.cap + EPS else "")
                explanation.append(f"{item.code} {item.text}：扣 {fmt_points(value)} 分（{detail}）")
            elif ans.answer is Answer.VETO:
                assert item.veto is not None  # validate_answer guarantees it
                veto_hits.append(VetoHit(item.code, item.veto, item.text))
                if item.max_points > EPS:
                    item_deductions[item.code] = item.max_points
                    cat_deduction += item.max_points
                    explanation.append(
                        f"{item.code} {item.text}：否决，扣除本项全部 {fmt_points(item.max_points)} 分"
                    )
            if counts:
                cat_items_max += item.max_points
        if category.veto_tier:
            category_scores.append(CategoryScore(category.code, category.name, 0.0, 0.0, 0.0, True))
            continue
        possible = cat_items_max if category.max_points is None else min(cat_items_max, category.max_points)
        deducted = min(cat_deduction, possible)
        if cat_deduction > possible + EPS:
            explanation.append(
                f"类别 {category.code} {category.name}：扣分合计 {fmt_points(cat_deduction)} 分，"
                f"超过本类上限 {fmt_points(possible)} 分，按 {fmt_points(possible)} 分计"
            )
        category_scores.append(
            CategoryScore(category.code, category.name, possible, round(deducted, 4), round(possible - deducted, 4),
                          False)
        )
        raw_total += possible - deducted
        raw_possible += possible
        raw_deducted += deducted

    total = raw_total
    if rescale and not_applicable:
        if raw_possible > EPS:
            total = raw_total * standard.total_points / raw_possible
            explanation.append(
                f"不适用项 {'、'.join(not_applicable)} 不计入：实得 {fmt_points(round(raw_total, 2))} 分 / "
                f"应得 {fmt_points(round(raw_possible, 2))} 分，折算为 {fmt_points(standard.total_points)} 分制"
                f"得 {fmt_points(round(total, 2))} 分"
            )
        else:
            total = standard.total_points
            explanation.append("全部计分项均不适用，按满分计")
    elif not_applicable:
        explanation.append(f"不适用项 {'、'.join(not_applicable)} 不扣分（按满分计）")
    if standard.floor_at_zero and total < 0:
        total = 0.0
        explanation.append("扣完为止，不计负分：总分按 0 分计")
    total = round(total + 0.0, 2)
    total_before_veto = total
    grade_before = standard.grade_for(total)
    grade = grade_before

    effects = {hit.effect for hit in veto_hits}
    for hit in veto_hits:
        explanation.append(f"否决项 {hit.item_code} {hit.text}：{hit.effect.label}")
    if VetoEffect.ZERO_SCORE in effects:
        total = 0.0
        grade = standard.grade_for(0.0)
    if VetoEffect.FAIL_GRADE in effects or VetoEffect.ZERO_SCORE in effects:
        grade = standard.failing_band.name
    if VetoEffect.NO_EXCELLENT in effects and grade == standard.top_band.name:
        grade = standard.grade_bands[1].name
    if grade != grade_before or total != total_before_veto:
        explanation.append(
            f"否决效果：得分 {fmt_points(total_before_veto)} → {fmt_points(total)}，等次 {grade_before} → {grade}"
        )
    if unanswered:
        explanation.append(f"尚有 {len(unanswered)} 项未评查（按不扣分计）：{'、'.join(unanswered)}")
    explanation.insert(
        0,
        f"总分 {fmt_points(total)} / {fmt_points(standard.total_points)}，等次：{grade}"
        f"（扣分合计 {fmt_points(round(raw_deducted, 2))} 分）",
    )
    answered = item_count - len(unanswered)
    return ScoreResult(
        total=total,
        max_total=standard.total_points,
        deducted=round(raw_deducted, 2),
        category_scores=category_scores,
        item_deductions=item_deductions,
        grade=grade,
        grade_before_veto=grade_before,
        veto_hits=veto_hits,
        unanswered=unanswered,
        answered_count=answered,
        item_count=item_count,
        complete=not unanswered,
        not_applicable=not_applicable,
        explanation=explanation,
        total_before_veto=total_before_veto,
    )
