"""``Services``: one object giving the CLI and the UI every use case of the core.

Each area's service is created on first use (``cached_property``) so that a command
which only scores a file does not import the export or intake machinery, and is handed
out wrapped in ``policy.Guarded``: every public call checks the acting account's
permission first (casereview.services.policy).

Who acts: ``Services.open`` starts unauthenticated (read-only at most); ``sign_in`` (or
``accounts.sign_in`` / ``sign_in_token``) makes an account the actor. The demo build,
first-time set-up and tests open with ``as_system=True``: the program itself acts.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from casereview.accounts.roles import system_actor
from casereview.services.context import ServiceContext
from casereview.services.policy import Guarded
from casereview.storage.db import Database, scratch_copy

__all__ = ["Services", "scratch_copy"]  # scratch_copy: for the UI's screenshot mode

if TYPE_CHECKING:
    from casereview.exchange.service import ExchangeService
    from casereview.services.accounts import AccountInfo, AccountService
    from casereview.services.audit import AuditService
    from casereview.services.calendar import CalendarService
    from casereview.services.campaigns.roster import RosterService
    from casereview.services.campaigns.service import CampaignService
    from casereview.services.cases import CaseService
    from casereview.services.checks import CheckService
    from casereview.services.deficiencies import DeficiencyService
    from casereview.services.docintel import DocIntelService
    from casereview.services.documents import DocumentService
    from casereview.services.documents_import import DocumentImportService
    from casereview.services.exports import ExportService
    from casereview.services.intake.service import RegistryImportService
    from casereview.services.maintenance import MaintenanceService
    from casereview.services.notices import NoticeService
    from casereview.services.reviews import ReviewService
    from casereview.services.standards import StandardService
    from casereview.services.stats import StatsService
    from casereview.services.training.service import TrainingService


class Services:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @classmethod
    def open(
        cls,
        db: str | os.PathLike[str] | None = None,
        *,
        actor: str | None = None,
        upgrade: bool = True,
        as_system: bool = False,
    ) -> Services:
        ctx = ServiceContext(Database.open(db, upgrade=upgrade), actor=actor)
        if as_system:
            ctx.account = system_actor(actor or "系统")
        return cls(ctx)

    def sign_in(self, name: str, password: str) -> AccountInfo:
        return self.accounts.sign_in(name, password)

    def _guard(self, area: str, service: Any) -> Any:
        return cast(Any, Guarded(area, service, self.ctx))

    @cached_property
    def accounts(self) -> AccountService:
        from casereview.services.accounts import AccountService

        return cast("AccountService", self._guard("accounts", AccountService(self.ctx)))

    @cached_property
    def audit(self) -> AuditService:
        from casereview.services.audit import AuditService

        return cast("AuditService", self._guard("audit", AuditService(self.ctx)))

    def watch_changes(self, on_change: Any, on_status: Any = None, *, interval: float = 1.0) -> Any:
        """A background watcher (its own thread and connection) of other clients' commits:
        ``on_change(Change)`` and ``on_status(online)`` are called on that thread; ``stop()`` it.
        Reading what changed needs no permission: the screens reload through the services."""
        return self.ctx.db.watch_changes(on_change, on_status, interval=interval)

    def database_key(self) -> str:
        """Which database this is (URL without password): the key of the unsaved-changes journal."""
        from casereview.services.unsaved import database_key

        return database_key(self.ctx.db.url)

    def close(self) -> None:
        self.ctx.db.dispose()

    @cached_property
    def maintenance(self) -> MaintenanceService:
        from casereview.services.maintenance import MaintenanceService

        return cast("MaintenanceService", self._guard("maintenance", MaintenanceService(self.ctx)))

    @cached_property
    def calendar(self) -> CalendarService:
        from casereview.services.calendar import CalendarService

        return cast("CalendarService", self._guard("calendar", CalendarService(self.ctx)))

    @cached_property
    def cases(self) -> CaseService:
        from casereview.services.cases import CaseService

        return cast("CaseService", self._guard("cases", CaseService(self.ctx)))

    @cached_property
    def checks(self) -> CheckService:
        from casereview.services.checks import CheckService

        return cast("CheckService", self._guard("checks", CheckService(self.ctx)))

    @cached_property
    def reviews(self) -> ReviewService:
        from casereview.services.reviews import ReviewService

        return cast("ReviewService", self._guard("reviews", ReviewService(self.ctx)))

    @cached_property
    def standards(self) -> StandardService:
        from casereview.services.standards import StandardService

        return cast("StandardService", self._guard("standards", StandardService(self.ctx)))

    @cached_property
    def documents(self) -> DocumentService:
        from casereview.services.documents import DocumentService

        return cast("DocumentService", self._guard("documents", DocumentService(self.ctx)))

    @cached_property
    def intake(self) -> RegistryImportService:
        from casereview.services.intake.service import RegistryImportService

        return cast("RegistryImportService", self._guard("intake", RegistryImportService(self.ctx)))

    @cached_property
    def documents_import(self) -> DocumentImportService:
        from casereview.services.documents_import import DocumentImportService

        return cast("DocumentImportService", self._guard("documents_import", DocumentImportService(self.ctx)))

    @cached_property
    def deficiencies(self) -> DeficiencyService:
        from casereview.services.deficiencies import DeficiencyService

        return cast("DeficiencyService", self._guard("deficiencies", DeficiencyService(self.ctx)))

    @cached_property
    def notices(self) -> NoticeService:
        from casereview.services.notices import NoticeService

        return cast("NoticeService", self._guard("notices", NoticeService(self.ctx)))

    @cached_property
    def training(self) -> TrainingService:
        from casereview.services.training.service import TrainingService

        return cast("TrainingService", self._guard("training", TrainingService(self.ctx)))

    @cached_property
    def stats(self) -> StatsService:
        from casereview.services.stats import StatsService

        return cast("StatsService", self._guard("stats", StatsService(self.ctx)))

    @cached_property
    def exports(self) -> ExportService:
        from casereview.services.exports import ExportService

        return cast("ExportService", self._guard("exports", ExportService(self.ctx)))

    @cached_property
    def campaigns(self) -> CampaignService:
        from casereview.services.campaigns.service import CampaignService

        return cast("CampaignService", self._guard("campaigns", CampaignService(self.ctx)))

    @cached_property
    def roster(self) -> RosterService:
        from casereview.services.campaigns.roster import RosterService

        return cast("RosterService", self._guard("roster", RosterService(self.ctx)))

    @cached_property
    def docintel(self) -> DocIntelService:
        from casereview.services.docintel import DocIntelService

        return cast("DocIntelService", self._guard("docintel", DocIntelService(self.ctx)))

    @cached_property
    def exchange(self) -> ExchangeService:
        """Offline exchange packages (reviewers without a network)."""
        from casereview.exchange.service import ExchangeService

        return cast("ExchangeService", self._guard("exchange", ExchangeService(self.ctx)))
