"""Manual change of one case's first reviewer or re-checker (改派), checked against the
pure rules in casereview.campaigns.assignment and against work already submitted."""

from __future__ import annotations

from sqlalchemy import func, select

from casereview.campaigns.assignment import CaseSlot, Person, reassignment_problem
from casereview.domain.enums import ReviewStage, ReviewStatus
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.services.campaigns.base import CampaignBase
from casereview.services.campaigns.queries import (
    active_case_units,
    assignment_infos,
    campaign_by_ref,
    case_by_ref,
    pairs_of,
    unit_names,
)
from casereview.services.campaigns.roster import reviewer_by_ref
from casereview.services.campaigns.types import AssignmentInfo
from casereview.storage.models import Assignment, Review, Reviewer, utcnow


class ReassignMixin(CampaignBase):
    def reassign(
        self,
        ref: int | str,
        case_ref: int | str,
        *,
        first: int | str | None = None,
        rechecker: int | str | None = None,
        reason: str | None = None,
    ) -> AssignmentInfo:
        """Change the first reviewer and/or the re-checker of one case, checked against every rule."""
        if first is None and rechecker is None:
            raise ValidationError("请指定新的初评人或复核人。")
        with self.ctx.db.session() as session:
            first_id = reviewer_by_ref(session, first).id if first is not None else None
            recheck_id = reviewer_by_ref(session, rechecker).id if rechecker is not None else None
            c = campaign_by_ref(session, ref)
            if c.status == "done":
                raise ConflictError(f"评查活动“{c.name}”已完成，不能再调整分配。", campaign_id=c.id)
            case = case_by_ref(session, case_ref)
            case_units = active_case_units(session, c.id)
            if case.id not in case_units:
                raise NotFoundError(f"案件 {case.case_no} 不在评查活动“{c.name}”中。", case=case.case_no)
            row = session.scalar(
                select(Assignment).where(Assignment.campaign_id == c.id, Assignment.case_id == case.id)
            )
            if row is None:
                row = Assignment(campaign_id=c.id, case_id=case.id)
                session.add(row)
            before = {"first_reviewer_id": row.first_reviewer_id, "rechecker_id": row.rechecker_id}
            new_first = first_id if first_id is not None else row.first_reviewer_id
            new_recheck = recheck_id if recheck_id is not None else row.rechecker_id
            people = {r.id: r for r in session.scalars(select(Reviewer))}
            names = unit_names(session)
            for stage, old, new in (
                (ReviewStage.FIRST.value, row.first_reviewer_id, new_first),
                (ReviewStage.RECHECK.value, row.rechecker_id, new_recheck),
            ):
                if old == new or old is None:
                    continue
                submitted = session.scalar(
                    select(func.count(Review.id)).where(
                        Review.campaign_id == c.id,
                        Review.case_id == case.id,
                        Review.stage == stage,
                        Review.reviewer_id == old,
                        Review.status == ReviewStatus.SUBMITTED.value,
                    )
                )
                if submitted:
                    label = "初评" if stage == "first" else "复核"
                    raise ConflictError(
                        f"案件 {case.case_no} 的{label}已由{people[old].name}提交，不能再改派{label}人。",
                        case=case.case_no,
                    )
            others = [
                p for p in pairs_of(session, c.id) if p.case_id != case.id and p.case_id in case_units
            ]

            def person(pid: int | None) -> Person | None:
                if pid is None:
                    return None
                r = people[pid]
                return Person(pid, r.unit_id, r.role, r.name)

            problem = reassignment_problem(
                CaseSlot(case.id, case.unit_id),
                case.case_no,
                person(new_first),
                person(new_recheck),
                others=others,
                case_units=case_units,
                person_units={pid: r.unit_id for pid, r in people.items()},
                inactive={pid for pid, r in people.items() if not r.active},
                strict=c.strict_conflict,
                unit_names=names,
            )
            if problem:
                raise ValidationError(problem, case=case.case_no)
            row.first_reviewer_id = new_first
            row.rechecker_id = new_recheck
            row.assigned_at = utcnow()
            self._audit(
                session,
                "assignment",
                row.id,
                "reassign",
                before,
                {"first_reviewer_id": new_first, "rechecker_id": new_recheck, "case_no": case.case_no},
                reason=(reason or "").strip() or None,
            )
            session.flush()
            return next(a for a in assignment_infos(session, c) if a.case_id == case.id)

