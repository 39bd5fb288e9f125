"""Core codes in the interface language: answers, case types and roster roles (shared by the
campaign and training screens; campaign stages and statuses are in ui/screens/campaigns/labels.py)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

ROLE_NAMES = {
    "reviewer": QT_TRANSLATE_NOOP("CampaignLabels", "Reviewer"),
    "rechecker": QT_TRANSLATE_NOOP("CampaignLabels", "Re-checker"),
    "lead": QT_TRANSLATE_NOOP("CampaignLabels", "Team lead"),
    "trainer": QT_TRANSLATE_NOOP("CampaignLabels", "Trainer"),
    "trainee": QT_TRANSLATE_NOOP("CampaignLabels", "Trainee"),
}


def translated_label(names: dict[str, str], key: str) -> str:
    """``names[key]``, an English source of context CampaignLabels, translated; unknown keys as they are."""
    return QCoreApplication.translate("CampaignLabels", names[key]) if key in names else key


def role_text(code: str) -> str:
    """A roster role in plain words (评查人 / Reviewer), never the stored code."""
    return translated_label(ROLE_NAMES, code)


def case_type_text(code: str) -> str:
    from casereview.services.types import CaseType

    return CaseType(code).label if code in set(CaseType) else code


def answer_text(code: str) -> str:
    from casereview.services.types import Answer

    return Answer(code).label if code in set(Answer) else code
