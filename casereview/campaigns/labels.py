"""Codes and Chinese labels of campaign statuses and roster roles.

Kept here (not in casereview.domain.enums, a shared file) because only campaigns, the
roster and training use them; the codes are what the database stores.
"""

from __future__ import annotations

from enum import StrEnum

CAMPAIGN_STATUSES: dict[str, str] = {
    "preparing": "准备",
    "reviewing": "评查中",
    "rechecking": "复核中",
    "done": "已完成",
}

ROLES: dict[str, str] = {
    "reviewer": "评查人",
    "rechecker": "复核人",
    "lead": "组长",
    "trainer": "培训师",
    "trainee": "学员",
}

# Who the automatic assignment draws from for each stage; the lead can always be
# assigned by hand and is the fallback when a pool has nobody eligible.
FIRST_ROLES = frozenset({"reviewer"})
RECHECK_ROLES = frozenset({"rechecker"})
REVIEW_ROLES = frozenset({"reviewer", "rechecker", "lead"})

SOURCES: dict[str, str] = {"sample": "随机抽取", "manual": "手工添加"}


def status_label(code: str) -> str:
    return CAMPAIGN_STATUSES.get(code, code)


def role_label(code: str) -> str:
    return ROLES.get(code, code)


def status_code(text: str) -> str | None:
    """A status code from a code or its Chinese label (CLI input)."""
    text = text.strip()
    for code, label in CAMPAIGN_STATUSES.items():
        if text in (code, label):
            return code
    return None


def role_code(text: str) -> str | None:
    text = text.strip()
    for code, label in ROLES.items():
        if text in (code, label):
            return code
    return None


class CampaignStatus(StrEnum):
    """A campaign's status (the code stored in the database)."""

    PREPARING = "preparing"
    REVIEWING = "reviewing"
    RECHECKING = "rechecking"
    DONE = "done"

    @property
    def label(self) -> str:
        return CAMPAIGN_STATUSES[self.value]


class ReviewerRole(StrEnum):
    """A roster person's role (the code stored in the database)."""

    REVIEWER = "reviewer"
    RECHECKER = "rechecker"
    LEAD = "lead"
    TRAINER = "trainer"
    TRAINEE = "trainee"

    @property
    def label(self) -> str:
        return ROLES[self.value]


class CaseSource(StrEnum):
    """How a case came into a campaign."""

    SAMPLE = "sample"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return SOURCES[self.value]


class StageRole(StrEnum):
    """What a person is for one campaign case: its first reviewer, its re-checker, the lead
    (reconciles), or nobody in particular."""

    FIRST = "first"
    RECHECKER = "rechecker"
    LEAD = "lead"
    OTHER = "other"
