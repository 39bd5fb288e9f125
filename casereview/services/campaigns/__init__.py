"""Review campaigns (评查活动): one service, one module per use case.

- ``crud``: create, edit, close (scope and pinned standard versions);
- ``sampling`` / ``membership``: the seeded sample, its verification and export, manual
  additions and removals;
- ``assignment`` / ``reassign``: the balanced cross-review plan and manual changes;
- ``recheck``: which stage a person opens, blind re-check, reconciliation (合议);
- ``progress`` / ``agreement``: the campaign's figures;
- ``roster``: the reviewer roster; ``types``: the DTOs; ``queries``: session-level lookups
  the use cases compose inside their one transaction.

The rules themselves (sampling, assignment, progress, agreement) are pure code in
``casereview.campaigns``. Every change is one transaction with an append-only audit entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casereview.services.lazy_exports import lazy_getattr

# Loaded on first use, so importing the DTOs (``campaigns.types``) from the CLI or the UI
# does not pull in the service code and SQLAlchemy.
_SOURCES = {
    "CampaignService": "casereview.services.campaigns.service",
    "RosterService": "casereview.services.campaigns.roster",
    "ReviewerInfo": "casereview.services.campaigns.roster",
    "case_type_label": "casereview.services.campaigns.queries",
    **{
        name: "casereview.services.campaigns.types"
        for name in (
            "AgreementReport",
            "AssignReport",
            "AssignmentInfo",
            "CampaignCaseInfo",
            "CampaignInfo",
            "CampaignScope",
            "CampaignStandardInfo",
            "ProgressReport",
            "ReconItem",
            "Reconciliation",
            "SampleResult",
            "StageAccess",
        )
    },
}
__getattr__ = lazy_getattr(globals(), _SOURCES)
# Kept in step with _SOURCES (tests/quality/test_lazy_exports.py checks every name resolves).
__all__ = [
    "AgreementReport",
    "AssignReport",
    "AssignmentInfo",
    "CampaignCaseInfo",
    "CampaignInfo",
    "CampaignScope",
    "CampaignService",
    "CampaignStandardInfo",
    "ProgressReport",
    "ReconItem",
    "Reconciliation",
    "ReviewerInfo",
    "RosterService",
    "SampleResult",
    "StageAccess",
    "case_type_label",
]

if TYPE_CHECKING:
    from casereview.services.campaigns.queries import case_type_label
    from casereview.services.campaigns.roster import ReviewerInfo, RosterService
    from casereview.services.campaigns.service import CampaignService
    from casereview.services.campaigns.types import (
        AgreementReport,
        AssignmentInfo,
        AssignReport,
        CampaignCaseInfo,
        CampaignInfo,
        CampaignScope,
        CampaignStandardInfo,
        ProgressReport,
        Reconciliation,
        ReconItem,
        SampleResult,
        StageAccess,
    )
