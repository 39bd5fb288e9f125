"""Campaign words the core gives in Chinese (stage labels) or as codes (campaign status), shown in
the interface language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.labels import translated_label

FINALISED, UNASSIGNED = "已定稿", "待分配"  # zh-data: the core's stage labels, compared
# The core's stage of a campaign case (casereview.campaigns.progress.stage_label, Chinese) →
# English source (context CampaignLabels), translated back to Chinese in the Chinese interface.
STAGE_NAMES = {
    "待分配": QT_TRANSLATE_NOOP("CampaignLabels", "Not assigned"),  # zh-data
    "待初评": QT_TRANSLATE_NOOP("CampaignLabels", "Awaiting first review"),  # zh-data
    "初评中": QT_TRANSLATE_NOOP("CampaignLabels", "First review in progress"),  # zh-data
    "待复核": QT_TRANSLATE_NOOP("CampaignLabels", "Awaiting re-check"),  # zh-data
    "复核中": QT_TRANSLATE_NOOP("CampaignLabels", "Re-check in progress"),  # zh-data
    "待合议": QT_TRANSLATE_NOOP("CampaignLabels", "Awaiting reconciliation"),  # zh-data
    "合议中": QT_TRANSLATE_NOOP("CampaignLabels", "Reconciliation in progress"),  # zh-data
    "已定稿": QT_TRANSLATE_NOOP("CampaignLabels", "Finalised"),  # zh-data
}
CAMPAIGN_STATUS_NAMES = {
    "preparing": QT_TRANSLATE_NOOP("CampaignLabels", "Preparing"),
    "reviewing": QT_TRANSLATE_NOOP("CampaignLabels", "Reviewing"),
    "rechecking": QT_TRANSLATE_NOOP("CampaignLabels", "Re-checking"),
    "done": QT_TRANSLATE_NOOP("CampaignLabels", "Done"),
}


def stage_text(stage_label: str) -> str:
    return translated_label(STAGE_NAMES, stage_label)


def campaign_status_text(code: str) -> str:
    return translated_label(CAMPAIGN_STATUS_NAMES, code)
