"""Schema of a scoring standard (评查标准), checked by pydantic v2.

A standard is pure data: metadata, ordered grade bands, categories and items. Structural
checks (types, required fields, unknown fields) come from pydantic; the cross-field rules
(unique codes, deduction amounts within the item's points, points adding up to the total,
veto-tier items carrying a veto effect ...) live in ``_semantic_problems`` and are run by an
"after" validator so that no invalid ``StandardDef`` can exist. Every problem message is
Chinese and names the item or category code; casereview.standards.loader turns them into a
casereview.errors.ValidationError that also names the file.

Points rule (documented in docs/standard-format.md): a non-veto category contributes
``min(sum of its items' max_points, category max_points)`` (just the sum when the category
has no cap). The contributions must add up to ``total_points``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from casereview.domain.enums import CaseType, DeductionMode, LabelledEnum, NAPolicy, Procedure, VetoEffect

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
EPS = 1e-9
PROBLEM_CATEGORIES = ("立卷", "实体", "程序")
# Characters that separate list entries in one Excel cell; a single entry must not contain them.
LIST_SEPARATORS = ("；", ";", "\n")


def _enum_before(enum_cls: type[LabelledEnum], value: Any) -> Any:
    """Accept the stable code or the Chinese label (Excel sheets and hand-written files use labels)."""
    if isinstance(value, str):
        member = enum_cls.from_label(value)
        if member is not None:
            return member
    return value


def fmt_points(value: float) -> str:
    """Points without a useless '.0' (5 → '5', 0.5 → '0.5')."""
    return f"{value:g}" if abs(value - round(value, 2)) < EPS else f"{value:.4g}"


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class GradeBand(_Base):
    name: str = Field(min_length=1)
    min_score: float


class DeductionRule(_Base):
    """How much one item deducts when the reviewer answers 扣分.

    fixed: always ``amount``; per_occurrence: ``amount`` per occurrence up to ``cap`` (default:
    the item's max_points); range: the reviewer picks a value in ``[min, max]``; full: the item's
    whole max_points.
    """

    mode: DeductionMode = DeductionMode.FULL
    amount: float | None = None
    min: float | None = None
    max: float | None = None
    cap: float | None = None

    @field_validator("mode", mode="before")
    @classmethod
    def _mode_label(cls, value: Any) -> Any:
        return _enum_before(DeductionMode, value)


class Item(_Base):
    code: str
    text: str = Field(min_length=1)
    guidance: str | None = None
    max_points: float = Field(ge=0)
    deduction: DeductionRule = Field(default_factory=DeductionRule)
    veto: VetoEffect | None = None
    not_applicable_when: str | None = None
    doc_types: list[str] = Field(default_factory=list)
    check_ids: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    problem_category: Literal["立卷", "实体", "程序"] | None = None
    # the legal or standard basis printed per problem in a 整改通知书, e.g.
    # 《中华人民共和国行政处罚法》第四十四条 (optional; one line, no final punctuation)
    legal_basis: str | None = Field(default=None, max_length=300)

    @field_validator("legal_basis", mode="before")
    @classmethod
    def _basis_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = " ".join(value.split()).rstrip("。；;，,")
            return value or None
        return value

    @field_validator("veto", mode="before")
    @classmethod
    def _veto_label(cls, value: Any) -> Any:
        if value in ("", "无", "none"):
            return None
        return _enum_before(VetoEffect, value)

    @field_validator("guidance", "not_applicable_when", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def cap(self) -> float:
        """Most this item can ever deduct."""
        rule = self.deduction
        if rule.mode is DeductionMode.PER_OCCURRENCE and rule.cap is not None:
            return min(rule.cap, self.max_points)
        return self.max_points


class Category(_Base):
    code: str
    name: str = Field(min_length=1)
    max_points: float | None = Field(default=None, ge=0)
    veto_tier: bool = False
    items: list[Item] = Field(default_factory=list)

    @property
    def items_max(self) -> float:
        return sum(item.max_points for item in self.items)

    @property
    def contribution(self) -> float:
        """Points this category adds to the total (0 for the veto tier)."""
        if self.veto_tier:
            return 0.0
        if self.max_points is None:
            return self.items_max
        return min(self.items_max, self.max_points)


class StandardDef(_Base):
    id: str
    name: str = Field(min_length=1)
    issuer: str = ""
    province: str = ""
    domain: str = ""
    case_type: CaseType
    procedure: Procedure = Procedure.NONE
    version: str = Field(min_length=1)
    effective_from: date | None = None
    effective_to: date | None = None
    source_note: str = ""
    template_note: str = ""
    total_points: float = Field(default=100.0, gt=0)
    floor_at_zero: bool = True
    na_policy: NAPolicy = NAPolicy.FULL_MARKS
    grade_bands: list[GradeBand]
    categories: list[Category]

    @field_validator("case_type", mode="before")
    @classmethod
    def _case_type_label(cls, value: Any) -> Any:
        return _enum_before(CaseType, value)

    @field_validator("procedure", mode="before")
    @classmethod
    def _procedure_label(cls, value: Any) -> Any:
        return _enum_before(Procedure, value)

    @field_validator("na_policy", mode="before")
    @classmethod
    def _na_label(cls, value: Any) -> Any:
        return _enum_before(NAPolicy, value)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        # YAML reads `version: 2024` or `1.0` as a number; a version is always text.
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _check_semantics(self) -> StandardDef:
        problems = _semantic_problems(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # -- convenience lookups: an index built once per (immutable) standard, since the
    # scoring engine looks every answered item up on each save --

    def iter_items(self) -> Iterator[tuple[Category, Item]]:
        for category in self.categories:
            for item in category.items:
                yield category, item

    def _index(self) -> dict[str, tuple[Category, Item]]:
        index: dict[str, tuple[Category, Item]] | None = self.__dict__.get("_item_index")
        if index is None:
            index = {item.code: (category, item) for category, item in self.iter_items()}
            self.__dict__["_item_index"] = index
        return index

    def item(self, code: str) -> Item | None:
        found = self._index().get(code)
        return found[1] if found else None

    def category_of(self, code: str) -> Category | None:
        found = self._index().get(code)
        return found[0] if found else None

    def item_codes(self) -> list[str]:
        return [item.code for _, item in self.iter_items()]

    @property
    def top_band(self) -> GradeBand:
        return self.grade_bands[0]

    @property
    def failing_band(self) -> GradeBand:
        return self.grade_bands[-1]

    def grade_for(self, score: float) -> str:
        for band in self.grade_bands:
            if score + EPS >= band.min_score:
                return band.name
        return self.grade_bands[-1].name


def _item_problems(item: Item, category: Category) -> list[str]:
    p: list[str] = []
    who = f"评查项 {item.code}"
    rule = item.deduction
    mx = item.max_points
    if not CODE_RE.match(item.code):
        p.append(f"{who} 的编码只能由字母、数字、“-”“_”“.”组成，且不超过 32 个字符")
    if category.veto_tier:
        if item.veto is None:
            p.append(f"{who} 位于否决层（类别 {category.code}），必须填写否决效果")
        if mx > EPS:
            p.append(f"{who} 位于否决层，分值应为 0，实为 {fmt_points(mx)}")
    if rule.mode is DeductionMode.FIXED:
        if rule.amount is None:
            p.append(f"{who} 的扣分方式为固定扣分，但未填写扣分值")
        elif rule.amount <= 0:
            p.append(f"{who} 的扣分值 {fmt_points(rule.amount)} 必须大于 0")
        elif rule.amount > mx + EPS:
            p.append(f"{who} 的扣分值 {fmt_points(rule.amount)} 大于该项分值 {fmt_points(mx)}")
    elif rule.mode is DeductionMode.PER_OCCURRENCE:
        if rule.amount is None:
            p.append(f"{who} 的扣分方式为按次扣分，但未填写每次扣分值")
        elif rule.amount <= 0:
            p.append(f"{who} 的每次扣分值 {fmt_points(rule.amount)} 必须大于 0")
        elif rule.amount > mx + EPS:
            p.append(f"{who} 的每次扣分值 {fmt_points(rule.amount)} 大于该项分值 {fmt_points(mx)}")
        if rule.cap is not None:
            if rule.cap <= 0:
                p.append(f"{who} 的封顶扣分 {fmt_points(rule.cap)} 必须大于 0")
            elif rule.cap > mx + EPS:
                p.append(f"{who} 的封顶扣分 {fmt_points(rule.cap)} 大于该项分值 {fmt_points(mx)}")
    elif rule.mode is DeductionMode.RANGE:
        if rule.min is None or rule.max is None:
            p.append(f"{who} 的扣分方式为区间扣分，必须填写区间下限和上限")
        else:
            if rule.min < 0:
                p.append(f"{who} 的扣分区间下限 {fmt_points(rule.min)} 不能为负数")
            if rule.min > rule.max + EPS:
                p.append(f"{who} 的扣分区间下限 {fmt_points(rule.min)} 大于上限 {fmt_points(rule.max)}")
            if rule.max > mx + EPS:
                p.append(f"{who} 的扣分区间上限 {fmt_points(rule.max)} 大于该项分值 {fmt_points(mx)}")
            if rule.max <= 0:
                p.append(f"{who} 的扣分区间上限 {fmt_points(rule.max)} 必须大于 0")
    # Fields that belong to another mode are a sign of a typo: say so instead of ignoring them.
    used = {
        DeductionMode.FIXED: {"amount"},
        DeductionMode.PER_OCCURRENCE: {"amount", "cap"},
        DeductionMode.RANGE: {"min", "max"},
        DeductionMode.FULL: set(),
    }[rule.mode]
    labels = {"amount": "扣分值", "min": "区间下限", "max": "区间上限", "cap": "封顶"}
    for field, label in labels.items():
        if field not in used and getattr(rule, field) is not None:
            p.append(f"{who} 的扣分方式为{rule.mode.label}，不应填写{label}")
    for kind, values in (("关联文书", item.doc_types), ("自动检查", item.check_ids), ("常用表述", item.phrases)):
        for value in values:
            if not value.strip():
                p.append(f"{who} 的{kind}含有空白条目")
            elif any(sep in value for sep in LIST_SEPARATORS):
                p.append(f"{who} 的{kind}“{value}”不能包含分号或换行（分号用于在表格中分隔多个条目）")
    return p


def _semantic_problems(std: StandardDef) -> list[str]:
    p: list[str] = []
    if not SLUG_RE.match(std.id):
        p.append(f"标准编号“{std.id}”只能由小写字母、数字和连字符组成，例如 gd-transport-penalty-general")
    if std.effective_from and std.effective_to and std.effective_from > std.effective_to:
        p.append(f"生效日期 {std.effective_from} 晚于失效日期 {std.effective_to}")

    bands = std.grade_bands
    if not 3 <= len(bands) <= 4:
        p.append(f"等次应为 3 个或 4 个，实为 {len(bands)} 个")
    names = [b.name for b in bands]
    if len(set(names)) != len(names):
        p.append("等次名称重复：" + "、".join(names))
    for upper, lower in itertools.pairwise(bands):
        if lower.min_score >= upper.min_score - EPS:
            p.append(
                f"等次应按分数从高到低排列：“{lower.name}”的最低分 {fmt_points(lower.min_score)} "
                f"不低于“{upper.name}”的最低分 {fmt_points(upper.min_score)}"
            )
    if bands and abs(bands[-1].min_score) > EPS:
        p.append(f"最低等次“{bands[-1].name}”的最低分应为 0，实为 {fmt_points(bands[-1].min_score)}")
    if bands and bands[0].min_score > std.total_points + EPS:
        p.append(f"最高等次“{bands[0].name}”的最低分 {fmt_points(bands[0].min_score)} 超过总分")

    if not std.categories:
        p.append("标准没有任何类别")
    seen_items: set[str] = set()
    seen_cats: set[str] = set()
    for category in std.categories:
        cwho = f"类别 {category.code}（{category.name}）"
        if not CODE_RE.match(category.code):
            p.append(f"{cwho} 的编码只能由字母、数字、“-”“_”“.”组成")
        if category.code in seen_cats:
            p.append(f"类别编码 {category.code} 重复")
        seen_cats.add(category.code)
        if not category.items:
            p.append(f"{cwho} 没有评查项")
        if category.veto_tier and category.max_points not in (None, 0):
            p.append(f"{cwho} 是否决层，不应设置类别上限")
        for item in category.items:
            if item.code in seen_items:
                p.append(f"评查项编码 {item.code} 重复")
            seen_items.add(item.code)
            p.extend(_item_problems(item, category))
    deduction_total = sum(c.contribution for c in std.categories)
    if std.categories and abs(deduction_total - std.total_points) > 1e-6:
        parts = "，".join(
            f"{c.code} {fmt_points(c.contribution)}" for c in std.categories if not c.veto_tier
        )
        p.append(
            f"扣分层各类别分值合计 {fmt_points(deduction_total)}（{parts}），与总分 "
            f"{fmt_points(std.total_points)} 不一致（有类别上限的类别按“项目分值之和与类别上限的较小者”计）"
        )
    return p
