"""Enumerations shared by every layer. Values are stable codes stored in the
database and in files; ``label`` gives the Chinese name shown to users."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Chinese display label."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, str(self.value))

    @classmethod
    def from_label(cls, text: str) -> Self | None:
        text = text.strip()
        for member in cls:
            if text in (member.value, member.label):
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
