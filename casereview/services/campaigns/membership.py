"""The campaign's case list and manual changes to it (手工添加 / 移出, each with a reason)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.services.campaigns.base import CampaignBase
from casereview.services.campaigns.queries import campaign_by_ref, case_by_ref, case_infos
from casereview.services.campaigns.types import CampaignCaseInfo
from casereview.storage.models import Assignment, CampaignCase, Review


class MembershipMixin(CampaignBase):
    def cases(self, ref: int | str, *, include_removed: bool = False) -> list[CampaignCaseInfo]:
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            return case_infos(session, c.id, include_removed=include_removed)

    def add_case(self, ref: int | str, case_ref: int | str, reason: str) -> CampaignCaseInfo:
        """Add a case by hand (手工添加), with a reason kept on the row and in the audit log."""
        if not (reason or "").strip():
            raise ValidationError("手工添加案件必须写明理由。")
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            if c.status == "done":
                raise ConflictError(f"评查活动“{c.name}”已完成，不能再添加案件。", campaign_id=c.id)
            case = case_by_ref(session, case_ref)
            row = session.scalar(
                select(CampaignCase).where(CampaignCase.campaign_id == c.id, CampaignCase.case_id == case.id)
            )
            if row is not None and not row.removed:
                raise ConflictError(f"案件 {case.case_no} 已在评查活动“{c.name}”中。", case=case.case_no)
            before = None if row is None else {"removed": True, "reason": row.reason, "source": row.source}
            if row is None:
                row = CampaignCase(campaign_id=c.id, case_id=case.id, source="manual")
                session.add(row)
            else:
                # A removed case comes back; if it was drawn it keeps its draw order (the draw stays verifiable).
                row.removed = False
            row.reason = reason.strip()
            session.flush()
            self._audit(
                session,
                "campaign_case",
                row.id,
                "add",
                before,
                {"campaign_id": c.id, "case_no": case.case_no, "source": row.source},
                reason=reason.strip(),
            )
            return next(
                i for i in case_infos(session, c.id, include_removed=True) if i.case_id == case.id
            )

    def remove_case(self, ref: int | str, case_ref: int | str, reason: str) -> CampaignCaseInfo:
        """Take a case out (kept as removed, with the reason); refused once scoring has started."""
        if not (reason or "").strip():
            raise ValidationError("移除案件必须写明理由。")
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            case = case_by_ref(session, case_ref)
            row = session.scalar(
                select(CampaignCase).where(CampaignCase.campaign_id == c.id, CampaignCase.case_id == case.id)
            )
            if row is None or row.removed:
                raise NotFoundError(f"案件 {case.case_no} 不在评查活动“{c.name}”中。", case=case.case_no)
            started = session.scalar(
                select(func.count(Review.id)).where(Review.campaign_id == c.id, Review.case_id == case.id)
            )
            if started:
                raise ConflictError(
                    f"案件 {case.case_no} 已开始评查，不能移出活动（已有评查记录须保留）。", case=case.case_no
                )
            assignment = session.scalar(
                select(Assignment).where(Assignment.campaign_id == c.id, Assignment.case_id == case.id)
            )
            before: dict[str, Any] = {"removed": False, "source": row.source}
            if assignment is not None:
                before |= {
                    "first_reviewer_id": assignment.first_reviewer_id,
                    "rechecker_id": assignment.rechecker_id,
                }
                session.delete(assignment)
            row.removed = True
            row.reason = reason.strip()
            self._audit(
                session,
                "campaign_case",
                row.id,
                "remove",
                before,
                {"removed": True, "case_no": case.case_no},
                reason=reason.strip(),
            )
            session.flush()
            return next(
                i for i in case_infos(session, c.id, include_removed=True) if i.case_id == case.id
            )

