"""What the training service returns (plain DTOs) and the anonymisation training uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from casereview.anonymize import AnonymizeOptions
from casereview.training.library import CATEGORY_PREFIX

if TYPE_CHECKING:
    pass


DEFAULT_SET = "默认练习"


def training_options() -> AnonymizeOptions:
    """Training material hides everything: parties, identifiers, officers, units, case numbers."""
    return AnonymizeOptions.everything()


@dataclass(frozen=True)
class TrainingEntryInfo:
    id: int
    key: str
    title: str
    explanation: str | None
    correct_practice: str | None
    legal_basis: str | None
    example_ids: tuple[int, ...]
    updated_at: datetime

    @property
    def is_category(self) -> bool:
        return self.key.startswith(CATEGORY_PREFIX)


@dataclass(frozen=True)
class Example:
    """One anonymised example of a finding: wording, case facts, evidence page image."""

    deficiency_id: int
    key: str
    case_label: str  # 某案A
    case_type_label: str
    wording: str
    facts: str
    evidence: tuple[str, ...]  # "询问笔录 第2页"
    points: float
    is_veto: bool
    image_path: Path | None = None
    image_note: str | None = None  # why there is no image


@dataclass(frozen=True)
class HandoutEntry:
    key: str
    title: str
    item_label: str  # "A05 立案登记表填写不规范" or "程序类问题"
    standard_name: str
    category: str
    count: int
    case_count: int
    explanation: str
    correct_practice: str
    legal_basis: str
    examples: tuple[Example, ...]
    wordings: tuple[str, ...] = ()
    trend: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Handout:
    title: str
    subtitle: str
    generated: date
    entries: tuple[HandoutEntry, ...]
    options: AnonymizeOptions
    sensitive_values: tuple[str, ...] = field(default=(), repr=False)  # what was masked (for leak checks)


@dataclass(frozen=True)
class PracticeCaseInfo:
    id: int
    case_id: int
    key_review_id: int
    practice_set: str
    title: str
    case_type: str
    case_type_label: str
    standard_version_id: int
    explanations: dict[str, str]
    published_at: datetime
    active: bool
    attempts: int = 0
    submitted: int = 0


@dataclass(frozen=True)
class TraineeInfo:
    id: int
    name: str
    role: str
