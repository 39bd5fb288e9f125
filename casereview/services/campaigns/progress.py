"""Campaign progress per unit and reviewer (the counting is casereview.campaigns.progress)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from casereview.campaigns.progress import CaseProgress, summarise
from casereview.domain.enums import ReviewStatus
from casereview.services.campaigns.base import CampaignBase
from casereview.services.campaigns.queries import assignment_infos, campaign_by_ref, unit_names
from casereview.services.campaigns.types import ProgressReport
from casereview.storage.models import Reviewer


class ProgressMixin(CampaignBase):
    def progress(self, ref: int | str, *, today: date | None = None) -> ProgressReport:
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            infos = assignment_infos(session, c)
            names = unit_names(session)
            people = {
                r.id: (r.name, names.get(r.unit_id or 0, "")) for r in session.scalars(select(Reviewer))
            }
            rows = [
                CaseProgress(
                    a.case_id,
                    a.unit_id,
                    a.first_id,
                    a.rechecker_id,
                    a.first_status is ReviewStatus.SUBMITTED,
                    a.recheck_status is ReviewStatus.SUBMITTED,
                    a.final_status is ReviewStatus.SUBMITTED,
                )
                for a in infos
            ]
            total, units, reviewers = summarise(rows, names, people, period_end=c.period_end, today=today)
            unassigned = sum(1 for a in infos if a.first_id is None or a.rechecker_id is None)
            return ProgressReport(c.id, total, units, reviewers, unassigned)

