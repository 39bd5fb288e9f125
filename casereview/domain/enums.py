"""Enumerations shared by every layer. Values are stable codes stored in the
database and in files; ``label`` gives the Chinese name shown to users."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from casereview.domain.display import _display
from casereview.domain.display import set_label_language as set_label_language  # re-exported (lived here)


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Chinese display label."""

    @property
    def label(self) -> str:
        """The display name in the display language (Chinese unless set_label_language("en"))."""
        table = _EN_LABELS if getattr(_display, "language", "zh") == "en" else _LABELS
        return table.get(self, str(self.value))

    @classmethod
    def from_label(cls, text: str) -> Self | None:
        text = text.strip()
        for member in cls:
            if text in (member.value, _LABELS.get(member), _EN_LABELS.get(member)):
                return member
        return None


def label_of(enum_cls: type[LabelledEnum], value: str | None) -> str:
    """The Chinese label of a stored code; the code itself when it is not a known member
    (data from a newer program or an old import must still display)."""
    if value is None:
        return ""
    try:
        return enum_cls(value).label
    except ValueError:
        return str(value)


class CaseType(LabelledEnum):
    PENALTY = "penalty"  # 行政处罚
    LICENSING = "licensing"  # 行政许可
    COERCION = "coercion"  # 行政强制


class Procedure(LabelledEnum):
    GENERAL = "general"  # 普通程序 / 一般程序
    SIMPLE = "simple"  # 简易程序
    NONE = "none"  # not applicable (licensing, coercion)


class PartyType(LabelledEnum):
    INDIVIDUAL = "individual"  # 自然人
    ORGANISATION = "organisation"  # 法人或其他组织
    UNKNOWN = "unknown"


class VetoEffect(LabelledEnum):
    ZERO_SCORE = "zero_score"
    FAIL_GRADE = "fail_grade"
    NO_EXCELLENT = "no_excellent"


class DeductionMode(LabelledEnum):
    FIXED = "fixed"
    PER_OCCURRENCE = "per_occurrence"
    RANGE = "range"
    FULL = "full"


class NAPolicy(LabelledEnum):
    FULL_MARKS = "full_marks"
    RESCALE = "rescale"


class Answer(LabelledEnum):
    PASS = "pass"  # 符合
    DEDUCT = "deduct"  # 扣分
    NOT_APPLICABLE = "na"  # 不适用
    VETO = "veto"  # 否决


class ReviewStage(LabelledEnum):
    FIRST = "first"  # 初评
    RECHECK = "recheck"  # 复核
    FINAL = "final"  # 合议 / reconciled final
    PRACTICE = "practice"  # 培训练习


class ReviewStatus(LabelledEnum):
    DRAFT = "draft"  # 评查中
    SUBMITTED = "submitted"  # 已提交


class CaseReviewState(LabelledEnum):
    """Review status of a case as shown in the case list."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RECHECKED = "rechecked"
    FINAL = "final"


_LABELS: dict[object, str] = {
    CaseType.PENALTY: "行政处罚",
    CaseType.LICENSING: "行政许可",
    CaseType.COERCION: "行政强制",
    Procedure.GENERAL: "普通程序",
    Procedure.SIMPLE: "简易程序",
    Procedure.NONE: "不区分",
    PartyType.INDIVIDUAL: "自然人",
    PartyType.ORGANISATION: "法人或其他组织",
    PartyType.UNKNOWN: "未知",
    VetoEffect.ZERO_SCORE: "得分为零",
    VetoEffect.FAIL_GRADE: "定为不合格",
    VetoEffect.NO_EXCELLENT: "不得评为优秀",
    DeductionMode.FIXED: "固定扣分",
    DeductionMode.PER_OCCURRENCE: "按次扣分",
    DeductionMode.RANGE: "区间扣分",
    DeductionMode.FULL: "扣除全部分值",
    NAPolicy.FULL_MARKS: "不适用项得满分",
    NAPolicy.RESCALE: "不适用项剔除后折算",
    Answer.PASS: "符合",
    Answer.DEDUCT: "扣分",
    Answer.NOT_APPLICABLE: "不适用",
    Answer.VETO: "否决",
    ReviewStage.FIRST: "初评",
    ReviewStage.RECHECK: "复核",
    ReviewStage.FINAL: "合议",
    ReviewStage.PRACTICE: "练习",
    ReviewStatus.DRAFT: "评查中",
    ReviewStatus.SUBMITTED: "已提交",
    CaseReviewState.NOT_STARTED: "未评查",
    CaseReviewState.IN_PROGRESS: "评查中",
    CaseReviewState.SUBMITTED: "已初评",
    CaseReviewState.RECHECKED: "已复核",
    CaseReviewState.FINAL: "已定稿",
}

# English display names (``casereview-gui --lang en``); a test checks every member has one.
_EN_LABELS: dict[object, str] = {
    CaseType.PENALTY: "Administrative penalty",
    CaseType.LICENSING: "Administrative licensing",
    CaseType.COERCION: "Administrative coercion",
    Procedure.GENERAL: "General procedure",
    Procedure.SIMPLE: "Simplified procedure",
    Procedure.NONE: "Any procedure",
    PartyType.INDIVIDUAL: "Individual",
    PartyType.ORGANISATION: "Legal person or organisation",
    PartyType.UNKNOWN: "Unknown",
    VetoEffect.ZERO_SCORE: "Score set to zero",
    VetoEffect.FAIL_GRADE: "Graded as failed",
    VetoEffect.NO_EXCELLENT: "Cannot be graded excellent",
    DeductionMode.FIXED: "Fixed deduction",
    DeductionMode.PER_OCCURRENCE: "Per occurrence",
    DeductionMode.RANGE: "Deduction within a range",
    DeductionMode.FULL: "All points of the item",
    NAPolicy.FULL_MARKS: "Not applicable items score full marks",
    NAPolicy.RESCALE: "Not applicable items left out and the total rescaled",
    Answer.PASS: "Pass",
    Answer.DEDUCT: "Deduct",
    Answer.NOT_APPLICABLE: "Not applicable",
    Answer.VETO: "Veto",
    ReviewStage.FIRST: "First review",
    ReviewStage.RECHECK: "Re-check",
    ReviewStage.FINAL: "Panel decision",
    ReviewStage.PRACTICE: "Practice",
    ReviewStatus.DRAFT: "In progress",
    ReviewStatus.SUBMITTED: "Submitted",
    CaseReviewState.NOT_STARTED: "Not reviewed",
    CaseReviewState.IN_PROGRESS: "In progress",
    CaseReviewState.SUBMITTED: "First review done",
    CaseReviewState.RECHECKED: "Re-checked",
    CaseReviewState.FINAL: "Finalised",
}
