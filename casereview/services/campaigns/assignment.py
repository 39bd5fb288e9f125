"""Cross-review assignment (分配): the automatic balanced plan and who has what to do."""

from __future__ import annotations

from sqlalchemy import select

from casereview.campaigns.assignment import CaseSlot, plan_assignments
from casereview.domain.enums import ReviewStage
from casereview.errors import ConflictError, ValidationError
from casereview.services.campaigns.base import CampaignBase
from casereview.services.campaigns.queries import (
    active_case_units,
    assignment_infos,
    campaign_by_ref,
    pairs_of,
    people_of,
)
from casereview.services.campaigns.types import AssignmentInfo, AssignReport
from casereview.storage.models import Assignment, Campaign, Case


class AssignmentMixin(CampaignBase):
    def assign(self, ref: int | str, *, seed: int | None = None) -> AssignReport:
        """Give every campaign case without one a first reviewer and a re-checker (balanced,
        conflict rules enforced). Existing assignments are kept. Moves 准备 → 评查中."""
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            if c.status == "done":
                raise ConflictError(f"评查活动“{c.name}”已完成，不能再分配。", campaign_id=c.id)
            case_units = active_case_units(session, c.id)
            if not case_units:
                raise ValidationError(f"评查活动“{c.name}”还没有案件，请先抽样或手工添加。")
            people = people_of(session)
            if len(people) < 2:
                raise ValidationError("评查人员名册中在用的评查人员不足 2 人，无法安排“一人评查、一人复核”。")
            existing = [p for p in pairs_of(session, c.id) if p.case_id in case_units]
            todo = [
                CaseSlot(cid, unit)
                for cid, unit in sorted(case_units.items())
                if not any(p.case_id == cid and p.first_id and p.rechecker_id for p in existing)
            ]
            plan = plan_assignments(
                todo,
                list(people.values()),
                seed=seed if seed is not None else (c.sample_seed or 0) + 17,
                strict=c.strict_conflict,
                existing=existing,
                existing_case_units=case_units,
            )
            rows = {
                a.case_id: a
                for a in session.scalars(select(Assignment).where(Assignment.campaign_id == c.id))
            }
            changed = 0
            for pair in plan.pairs:
                row = rows.get(pair.case_id)
                if row is None:
                    row = Assignment(campaign_id=c.id, case_id=pair.case_id)
                    session.add(row)
                if (row.first_reviewer_id, row.rechecker_id) != (pair.first_id, pair.rechecker_id):
                    changed += 1
                row.first_reviewer_id = pair.first_id
                row.rechecker_id = pair.rechecker_id
            if changed and c.status == "preparing":
                c.status = "reviewing"
            case_nos = dict(
                session.execute(
                    select(Case.id, Case.case_no).where(Case.id.in_([u.case_id for u in plan.unassigned]))
                ).all()
            )
            self._audit(
                session,
                "campaign",
                c.id,
                "assign",
                None,
                {"assigned": changed, "unassigned": len(plan.unassigned), "strict": c.strict_conflict},
            )
            session.flush()
            return AssignReport(
                c.id,
                changed,
                [
                    (
                        case_nos.get(u.case_id, str(u.case_id)),
                        "初评" if u.stage == "first" else "复核",
                        u.reason,
                    )
                    for u in plan.unassigned
                ],
                assignment_infos(session, c),
            )

    def assignments(self, ref: int | str) -> list[AssignmentInfo]:
        with self.ctx.db.session() as session:
            return assignment_infos(session, campaign_by_ref(session, ref))

    def my_cases(
        self, reviewer_id: int, *, campaign: int | str | None = None
    ) -> list[tuple[int, AssignmentInfo, str]]:
        """The cases a person has to score or re-check: (campaign id, assignment, stage to open)."""
        with self.ctx.db.session() as session:
            query = select(Campaign).where(Campaign.status != "done", Campaign.is_practice.is_(False))
            if campaign is not None:
                query = query.where(Campaign.id == campaign_by_ref(session, campaign).id)
            out = []
            for c in session.scalars(query.order_by(Campaign.id)):
                for a in assignment_infos(session, c):
                    if a.first_id == reviewer_id:
                        out.append((c.id, a, ReviewStage.FIRST.value))
                    elif a.rechecker_id == reviewer_id:
                        out.append((c.id, a, ReviewStage.RECHECK.value))
            return out

