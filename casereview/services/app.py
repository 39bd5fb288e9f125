"""``Services``: one object giving the CLI and the UI every use case of the core.

Each area's service is created on first use (``cached_property``) so that a command
which only scores a file does not import the export or intake machinery.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

from casereview.services.context import ServiceContext
from casereview.storage.db import Database, scratch_copy

__all__ = ["Services", "scratch_copy"]  # scratch_copy: for the UI's screenshot mode

if TYPE_CHECKING:
    from casereview.exchange.service import ExchangeService
    from casereview.services.calendar import CalendarService
    from casereview.services.campaigns import CampaignService
    from casereview.services.campaigns_roster import RosterService
    from casereview.services.cases import CaseService
    from casereview.services.checks import CheckService
    from casereview.services.deficiencies import DeficiencyService
    from casereview.services.docintel import DocIntelService
    from casereview.services.documents import DocumentService
    from casereview.services.documents_import import DocumentImportService
    from casereview.services.exports import ExportService
    from casereview.services.intake import RegistryImportService
    from casereview.services.notices import NoticeService
    from casereview.services.reviews import ReviewService
    from casereview.services.standards import StandardService
    from casereview.services.stats import StatsService
    from casereview.services.training import TrainingService


class Services:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @classmethod
    def open(
        cls, db: str | os.PathLike[str] | None = None, *, actor: str | None = None, upgrade: bool = True
    ) -> Services:
        return cls(ServiceContext(Database.open(db, upgrade=upgrade), actor=actor))

    def close(self) -> None:
        self.ctx.db.dispose()

    @cached_property
    def calendar(self) -> CalendarService:
        from casereview.services.calendar import CalendarService

        return CalendarService(self.ctx)

    @cached_property
    def cases(self) -> CaseService:
        from casereview.services.cases import CaseService

        return CaseService(self.ctx)

    @cached_property
    def checks(self) -> CheckService:
        from casereview.services.checks import CheckService

        return CheckService(self.ctx)

    @cached_property
    def reviews(self) -> ReviewService:
        from casereview.services.reviews import ReviewService

        return ReviewService(self.ctx)

    @cached_property
    def standards(self) -> StandardService:
        from casereview.services.standards import StandardService

        return StandardService(self.ctx)

    @cached_property
    def documents(self) -> DocumentService:
        from casereview.services.documents import DocumentService

        return DocumentService(self.ctx)

    @cached_property
    def intake(self) -> RegistryImportService:
        from casereview.services.intake import RegistryImportService

        return RegistryImportService(self.ctx)

    @cached_property
    def documents_import(self) -> DocumentImportService:
        from casereview.services.documents_import import DocumentImportService

        return DocumentImportService(self.ctx)

    @cached_property
    def deficiencies(self) -> DeficiencyService:
        from casereview.services.deficiencies import DeficiencyService

        return DeficiencyService(self.ctx)

    @cached_property
    def notices(self) -> NoticeService:
        from casereview.services.notices import NoticeService

        return NoticeService(self.ctx)

    @cached_property
    def training(self) -> TrainingService:
        from casereview.services.training import TrainingService

        return TrainingService(self.ctx)

    @cached_property
    def stats(self) -> StatsService:
        from casereview.services.stats import StatsService

        return StatsService(self.ctx)

    @cached_property
    def exports(self) -> ExportService:
        from casereview.services.exports import ExportService

        return ExportService(self.ctx)

    @cached_property
    def campaigns(self) -> CampaignService:
        from casereview.services.campaigns import CampaignService

        return CampaignService(self.ctx)

    @cached_property
    def roster(self) -> RosterService:
        from casereview.services.campaigns_roster import RosterService

        return RosterService(self.ctx)

    @cached_property
    def docintel(self) -> DocIntelService:
        from casereview.services.docintel import DocIntelService

        return DocIntelService(self.ctx)

    @cached_property
    def exchange(self) -> ExchangeService:
        """Offline exchange packages (reviewers without a network)."""
        from casereview.exchange.service import ExchangeService

        return ExchangeService(self.ctx)
