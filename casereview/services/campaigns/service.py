"""``CampaignService``: the campaign use cases of this package as one service object."""

from __future__ import annotations

from casereview.services.campaigns.agreement import AgreementMixin
from casereview.services.campaigns.assignment import AssignmentMixin
from casereview.services.campaigns.crud import CampaignCrud
from casereview.services.campaigns.membership import MembershipMixin
from casereview.services.campaigns.progress import ProgressMixin
from casereview.services.campaigns.reassign import ReassignMixin
from casereview.services.campaigns.recheck import RecheckMixin
from casereview.services.campaigns.sampling import SamplingMixin


class CampaignService(
    CampaignCrud,
    SamplingMixin,
    MembershipMixin,
    AssignmentMixin,
    ReassignMixin,
    ProgressMixin,
    AgreementMixin,
    RecheckMixin,
):
    """``services.campaigns``: one module per use case, composed here."""
