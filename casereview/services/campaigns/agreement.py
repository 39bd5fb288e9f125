"""Agreement between first review and re-check (the statistics are casereview.campaigns.agreement)."""

from __future__ import annotations

from sqlalchemy import select

from casereview.campaigns.agreement import ScoredPair, campaign_agreement
from casereview.domain.enums import ReviewStage, ReviewStatus
from casereview.services.campaigns.base import CampaignBase
from casereview.services.campaigns.queries import active_case_units, campaign_by_ref, case_type_label
from casereview.services.campaigns.types import AgreementReport
from casereview.services.queries.standards import parse_standard_content
from casereview.storage.models import Assignment, Case, ItemResult, Review, Reviewer, StandardVersion


class AgreementMixin(CampaignBase):
    def agreement(self, ref: int | str) -> AgreementReport:
        """Agreement between first review and re-check over the cases where both are submitted."""
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            reviews = session.scalars(
                select(Review).where(
                    Review.campaign_id == c.id,
                    Review.stage.in_(
                        [ReviewStage.FIRST.value, ReviewStage.RECHECK.value, ReviewStage.FINAL.value]
                    ),
                )
            ).all()
            assignments = {
                a.case_id: a
                for a in session.scalars(select(Assignment).where(Assignment.campaign_id == c.id))
            }
            active = active_case_units(session, c.id)
            case_types = dict(
                session.execute(select(Case.id, Case.case_type).where(Case.id.in_(list(active)))).all()
            )
            by_case: dict[int, dict[str, Review]] = {}
            for r in reviews:
                a = assignments.get(r.case_id)
                if a is None or r.case_id not in active:
                    continue
                if r.stage == ReviewStage.FINAL.value:
                    by_case.setdefault(r.case_id, {})["final"] = r
                    continue
                if r.status != ReviewStatus.SUBMITTED.value:
                    continue
                expected = a.first_reviewer_id if r.stage == ReviewStage.FIRST.value else a.rechecker_id
                if r.reviewer_id == expected:
                    by_case.setdefault(r.case_id, {})[r.stage] = r
            review_ids = [r.id for group in by_case.values() for r in group.values()]
            answers: dict[int, dict[str, str]] = {}
            for review_id, code, answer in session.execute(
                select(ItemResult.review_id, ItemResult.item_code, ItemResult.answer).where(
                    ItemResult.review_id.in_(review_ids)
                )
            ):
                answers.setdefault(review_id, {})[code] = answer
            pairs: list[ScoredPair] = []
            used_versions: dict[str, int] = {}
            open_disagreements = reconciled = 0
            for case_id, group in sorted(by_case.items()):
                first, recheck = group.get("first"), group.get("recheck")
                if first is None or recheck is None:
                    continue
                ctype = case_types.get(case_id, "")
                used_versions.setdefault(ctype, first.standard_version_id)
                fa = {f"{ctype}:{k}": v for k, v in answers.get(first.id, {}).items()}
                ra = {f"{ctype}:{k}": v for k, v in answers.get(recheck.id, {}).items()}
                pairs.append(
                    ScoredPair(
                        case_id,
                        first.reviewer_id,
                        recheck.reviewer_id,
                        fa,
                        ra,
                        first.total_score,
                        recheck.total_score,
                    )
                )
                final = group.get("final")
                if final is not None and final.status == ReviewStatus.SUBMITTED.value:
                    reconciled += 1
                elif fa != ra or first.total_score != recheck.total_score:
                    open_disagreements += 1
            stats = campaign_agreement(pairs)
            labels: dict[str, str] = {}
            multi = len(used_versions) > 1
            for ctype, version_id in used_versions.items():
                version = session.get(StandardVersion, version_id)
                if version is None:
                    continue
                std = parse_standard_content(version.content)
                for _cat, item in std.iter_items():
                    prefix = f"{case_type_label(ctype)}·" if multi else ""
                    labels[f"{ctype}:{item.code}"] = f"{prefix}{item.code} {item.text}"
            reviewer_names = {r.id: r.name for r in session.scalars(select(Reviewer))}
            return AgreementReport(c.id, stats, reviewer_names, labels, open_disagreements, reconciled)

