"""评查活动: the campaigns screen (``screen``, registered on import), its dialogs
(``dialogs``: campaign, sampling, roster, reassignment) and the reconciliation and
agreement views (``recon``)."""

from __future__ import annotations

from ui.screens.campaigns.screen import CampaignsScreen

__all__ = ["CampaignsScreen"]
