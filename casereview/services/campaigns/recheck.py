"""Re-check (复核) and reconciliation (合议) of campaign cases.

- ``review_for`` says which stage a person opens for a case: the first reviewer the
  first review, the re-checker the re-check, the lead the final (合议) review once both
  are submitted; and whether blind rules apply.
- Blind re-check is enforced here, in the core: ``visible_first_review`` refuses to
  return the first-stage scores to the re-checker before their own submission.
- Open re-check: the re-check review starts pre-filled with the first answers (notes and
  evidence links too) for the re-checker to confirm or change.
- Reconciliation: items where the two submitted scorings differ (outcome or points) are
  listed side by side; the lead (or the pair) records the agreed answer per item with a
  reason into a separate final-stage review. Items where both agree are copied. The final
  review is submitted as ``ReviewService.submit`` does (``submit_in``) so deficiencies come from it. The
  first and re-check reviews are never modified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casereview.campaigns.labels import ReviewerRole, StageRole
from casereview.domain.enums import Answer, ReviewStage, ReviewStatus
from casereview.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from casereview.scoring.engine import ItemAnswer, score, validate_answer
from casereview.services.campaigns.types import Reconciliation, ReconItem, StageAccess
from casereview.services.concurrency import claim_review
from casereview.services.policy import manages_campaign, reconcile_party
from casereview.services.queries.audit import record_review_audit
from casereview.services.queries.reviews import (
    answers_of,
    definition_of,
    load_review,
    rescore,
    result_info,
    result_snapshot,
    review_state,
)
from casereview.services.reviews import ReviewState, open_review_in, submit_in
from casereview.storage.models import (
    Assignment,
    Campaign,
    CampaignCase,
    Case,
    Document,
    EvidenceRef,
    ItemResult,
    Review,
    Reviewer,
    Unit,
    utcnow,
)

if TYPE_CHECKING:
    from casereview.services.context import ServiceContext

EPS = 1e-6


class RecheckMixin:
    ctx: ServiceContext

    # -- lookups ------------------------------------------------------------------------

    def _campaign_case(
        self, session: Session, campaign_id: int, case_id: int
    ) -> tuple[Campaign, Case, Assignment]:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFoundError(f"评查活动 {campaign_id} 不存在。", campaign_id=campaign_id)
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError(f"案件 {case_id} 不存在。", case_id=case_id)
        member = session.scalar(
            select(CampaignCase).where(
                CampaignCase.campaign_id == campaign_id,
                CampaignCase.case_id == case_id,
                CampaignCase.removed.is_(False),
            )
        )
        if member is None:
            raise NotFoundError(f"案件 {case.case_no} 不在评查活动“{campaign.name}”中。", case=case.case_no)
        assignment = session.scalar(
            select(Assignment).where(Assignment.campaign_id == campaign_id, Assignment.case_id == case_id)
        )
        if assignment is None or assignment.first_reviewer_id is None or assignment.rechecker_id is None:
            raise ConflictError(f"案件 {case.case_no} 尚未分配初评人和复核人。", case=case.case_no)
        return campaign, case, assignment

    def _stage_review(
        self, session: Session, campaign_id: int, case_id: int, stage: str, reviewer_id: int | None = None
    ) -> Review | None:
        query = select(Review).where(
            Review.campaign_id == campaign_id, Review.case_id == case_id, Review.stage == stage
        )
        if reviewer_id is not None:
            query = query.where(Review.reviewer_id == reviewer_id)
        return session.scalar(
            query.options(selectinload(Review.results).selectinload(ItemResult.evidence))
            .order_by(Review.id.desc())
            .limit(1)
        )

    @staticmethod
    def _submitted(review: Review | None) -> bool:
        return review is not None and review.status == ReviewStatus.SUBMITTED.value

    # -- which stage a person opens ------------------------------------------------------

    def _access(
        self, session: Session, case_id: int, campaign_id: int, reviewer_id: int | None
    ) -> StageAccess:
        campaign, case, a = self._campaign_case(session, campaign_id, case_id)
        first = self._stage_review(
            session, campaign_id, case_id, ReviewStage.FIRST.value, a.first_reviewer_id
        )
        recheck = self._stage_review(session, campaign_id, case_id, ReviewStage.RECHECK.value, a.rechecker_id)
        final = self._stage_review(session, campaign_id, case_id, ReviewStage.FINAL.value)
        person = session.get(Reviewer, reviewer_id) if reviewer_id is not None else None

        def access(stage: ReviewStage | None, role: StageRole, message: str, **kw: Any) -> StageAccess:
            label = stage.label if stage else "无"
            return StageAccess(
                campaign.id,
                case.id,
                reviewer_id,
                stage,
                label,
                role,
                kw.get("blind", False),
                kw.get("prefill", False),
                kw.get("read_only", False),
                message,
                kw.get("review_id"),
            )

        if reviewer_id is not None and reviewer_id == a.first_reviewer_id:
            done = self._submitted(first)
            return access(
                ReviewStage.FIRST,
                StageRole.FIRST,
                "初评（已提交，只读）" if done else "初评：请逐项评查后提交",
                read_only=done,
                review_id=first.id if first else None,
            )
        if reviewer_id is not None and reviewer_id == a.rechecker_id:
            done = self._submitted(recheck)
            if campaign.blind_recheck:
                return access(
                    ReviewStage.RECHECK,
                    StageRole.RECHECKER,
                    "复核（已提交，只读）" if done else "盲评复核：独立评查，提交前看不到初评结论",
                    blind=not done,
                    read_only=done,
                    review_id=recheck.id if recheck else None,
                )
            if not self._submitted(first) and recheck is None:
                return access(None, StageRole.RECHECKER, "公开复核：初评人提交后才能开始复核")
            return access(
                ReviewStage.RECHECK,
                StageRole.RECHECKER,
                "复核（已提交，只读）" if done else "公开复核：已带入初评结论，请逐项确认或修改",
                prefill=recheck is None,
                read_only=done,
                review_id=recheck.id if recheck else None,
            )
        is_lead = person is not None and person.role == ReviewerRole.LEAD
        if (is_lead or reviewer_id is None) and not manages_campaign(self.ctx.account, campaign.lead_account_id):
            return access(None, StageRole.OTHER, "本活动不是由您担任组长的活动，不能在本活动中合议此案")
        if is_lead or reviewer_id is None:
            if self._submitted(first) and self._submitted(recheck):
                done = self._submitted(final)
                return access(
                    ReviewStage.FINAL,
                    StageRole.LEAD,
                    "合议定稿（已提交，只读）" if done else "合议：对不一致的评查项逐项确定结论",
                    read_only=done,
                    review_id=final.id if final else None,
                )
            waiting = "初评" if not self._submitted(first) else "复核"
            return access(None, StageRole.LEAD, f"尚待{waiting}提交，提交后才能合议")
        return access(None, StageRole.OTHER, "您不是本案的初评人或复核人，不能在本活动中评查此案")

    def review_for(self, case_id: int, campaign_id: int, reviewer_id: int | None) -> StageAccess:
        """Which stage ``reviewer_id`` opens for this campaign case and whether blind rules apply."""
        with self.ctx.db.session() as session:
            return self._access(session, case_id, campaign_id, reviewer_id)

    def open_for(
        self, case_id: int, campaign_id: int, reviewer_id: int | None = None
    ) -> tuple[StageAccess, ReviewState | None]:
        """Open (creating when missing) the review this person should work on for the case.
        One transaction: the access check, the review's creation and an open re-check's
        prefill from the first review happen together or not at all."""
        reviewer_id = reviewer_id if reviewer_id is not None else self.ctx.actor_id
        account = self.ctx.account
        with self.ctx.db.session() as session:
            if reviewer_id != self.ctx.actor_id and not account.system:
                # on someone else's behalf: only who manages the campaign (policy lets leads in)
                campaign = session.get(Campaign, campaign_id)
                if campaign is not None and not manages_campaign(account, campaign.lead_account_id):
                    raise PermissionDenied(f"评查活动“{campaign.name}”不是由您担任组长的活动，不能代他人打开评查。",
                                           code="not_campaign_lead", campaign_id=campaign_id)
            access = self._access(session, case_id, campaign_id, reviewer_id)
            if access.stage is None:
                return access, None
            if access.review_id is not None and not account.system:
                from casereview.services.policy import hidden_first_reviews

                if access.review_id in hidden_first_reviews(session, account):
                    raise PermissionDenied("盲评复核进行中：复核人及其单位在复核提交前不能打开或查看初评。",
                                           code="blind_recheck", review_id=access.review_id)
            if access.stage is ReviewStage.FINAL:
                final = self._ensure_final(session, campaign_id, case_id)
                return access, review_state(session, load_review(session, final.id))
            review, created = open_review_in(
                session, self.ctx, case_id, stage=access.stage, campaign_id=campaign_id, reviewer_id=reviewer_id
            )
            if access.prefill and not review.results:
                created = self._prefill_from_first(session, review, campaign_id, case_id) or created
            return access, review_state(session, review, rescore(session, review) if created else None)

    def _prefill_from_first(self, session: Session, target: Review, campaign_id: int, case_id: int) -> bool:
        """Open re-check: start from the first review's answers (notes and evidence links
        too); False when there is nothing to copy."""
        _c, _case, a = self._campaign_case(session, campaign_id, case_id)
        first = self._stage_review(session, campaign_id, case_id, ReviewStage.FIRST.value, a.first_reviewer_id)
        if first is None or target.results:
            return False
        claim_review(session, target.id, self.ctx.actor_name)
        for r in first.results:
            target.results.append(self._copy_result(r))
        session.flush()
        record_review_audit(
            session, self.ctx.actor_name, target, "prefill", None,
            {"from_review": first.id, "items": len(first.results)},
        )
        return True

    @staticmethod
    def _copy_result(r: ItemResult, reason: str | None = None) -> ItemResult:
        copy = ItemResult(
            item_code=r.item_code,
            answer=r.answer,
            deduction=r.deduction,
            occurrences=r.occurrences,
            note=r.note,
            check_id=r.check_id,
            reconcile_reason=reason,
            updated_at=utcnow(),
        )
        for e in r.evidence:
            copy.evidence.append(EvidenceRef(document_id=e.document_id, page=e.page, quote=e.quote))
        return copy

    def visible_first_review(
        self, case_id: int, campaign_id: int, viewer_id: int | None
    ) -> ReviewState | None:
        """The first-stage review as ``viewer_id`` may see it.

        Under blind re-check the re-checker gets a refusal until their own re-check is
        submitted; everyone else (first reviewer, lead) may look. None when not started."""
        with self.ctx.db.session() as session:
            campaign, case, a = self._campaign_case(session, campaign_id, case_id)
            first = self._stage_review(
                session, campaign_id, case_id, ReviewStage.FIRST.value, a.first_reviewer_id
            )
            from casereview.services.policy import hidden_first_reviews

            if first is not None and first.id in hidden_first_reviews(session, self.ctx.account):
                # the acting account itself is the blind re-checker (or of its unit), whoever it asks for
                raise PermissionDenied(
                    f"盲评复核：提交对案件 {case.case_no} 的复核结果之前，复核人及其单位不能查看初评结论。",
                    code="blind_recheck", case=case.case_no,
                )
            if viewer_id is not None and viewer_id == a.rechecker_id and campaign.blind_recheck:
                own = self._stage_review(session, campaign_id, case_id, ReviewStage.RECHECK.value, viewer_id)
                if not self._submitted(own):
                    raise ConflictError(
                        f"盲评复核：提交您对案件 {case.case_no} 的复核结果之前，不能查看初评结论。",
                        code="blind_recheck",
                        case=case.case_no,
                    )
            return review_state(session, load_review(session, first.id)) if first is not None else None

    # -- reconciliation -----------------------------------------------------------------------

    def _both(
        self, session: Session, campaign_id: int, case_id: int
    ) -> tuple[Campaign, Case, Review, Review]:
        campaign, case, a = self._campaign_case(session, campaign_id, case_id)
        first = self._stage_review(
            session, campaign_id, case_id, ReviewStage.FIRST.value, a.first_reviewer_id
        )
        recheck = self._stage_review(session, campaign_id, case_id, ReviewStage.RECHECK.value, a.rechecker_id)
        if not self._submitted(first) or not self._submitted(recheck):
            waiting = "初评" if not self._submitted(first) else "复核"
            raise ConflictError(f"案件 {case.case_no} 的{waiting}尚未提交，不能合议。", case=case.case_no)
        assert first is not None and recheck is not None
        if first.standard_version_id != recheck.standard_version_id:
            raise ConflictError(
                f"案件 {case.case_no} 的初评与复核使用了不同版本的评查标准，无法逐项比对。", case=case.case_no
            )
        return campaign, case, first, recheck

    def _may_reconcile(self, session: Session, first: Review, recheck: Review) -> None:
        """一人审查、一人复核: the campaign's lead (or an administrator) holds the
        reconciliation, never the first reviewer or re-checker of this case."""
        refusal = reconcile_party(session, self.ctx.account, first.campaign_id or 0, first.case_id)
        if refusal is not None:
            raise refusal
        if self.ctx.account.system:
            actor = self.ctx.actor_id
            if actor is None:
                return
            if actor in (first.reviewer_id, recheck.reviewer_id):
                raise PermissionDenied("本案的初评人、复核人不能主持本案的合议（一人审查、一人复核）。",
                                       code="reconcile_party", reviewer_id=actor)
            person = session.get(Reviewer, actor)
            if person is None or person.role != ReviewerRole.LEAD:
                raise ConflictError("只有组长可以合议。", reviewer_id=actor)

    def _ensure_final(self, session: Session, campaign_id: int, case_id: int) -> Review:
        """The final (合议) review of the case; created with the agreed items copied in."""
        _campaign, case, first, recheck = self._both(session, campaign_id, case_id)
        final = self._stage_review(session, campaign_id, case_id, ReviewStage.FINAL.value)
        if final is not None:
            return final
        self._may_reconcile(session, first, recheck)
        final = Review(
            case_id=case_id,
            campaign_id=campaign_id,
            standard_version_id=first.standard_version_id,
            reviewer_id=self.ctx.actor_id,
            stage=ReviewStage.FINAL.value,
            status=ReviewStatus.DRAFT.value,
        )
        session.add(final)
        std = definition_of(session, first)
        fs = score(std, answers_of(first.results)).item_deductions
        rs = score(std, answers_of(recheck.results)).item_deductions
        theirs = {r.item_code: r for r in recheck.results}
        copied = 0
        for r in first.results:
            other = theirs.get(r.item_code)
            if other is not None and not self._differs(r, other, fs, rs):
                copy = self._copy_result(r)
                copy.note = r.note or other.note
                have = {(e.document_id, e.page) for e in copy.evidence}
                for e in other.evidence:
                    if (e.document_id, e.page) not in have:
                        copy.evidence.append(
                            EvidenceRef(document_id=e.document_id, page=e.page, quote=e.quote)
                        )
                final.results.append(copy)
                copied += 1
        session.flush()
        record_review_audit(
            session,
            self.ctx.actor_name,
            final,
            "create",
            None,
            {
                "stage": "final",
                "case_no": case.case_no,
                "from_reviews": [first.id, recheck.id],
                "agreed_items_copied": copied,
            },
        )
        rescore(session, final)
        return final

    @staticmethod
    def _differs(
        a: ItemResult, b: ItemResult, a_points: dict[str, float], b_points: dict[str, float]
    ) -> bool:
        if a.answer != b.answer:
            return True
        return abs(a_points.get(a.item_code, 0.0) - b_points.get(b.item_code, 0.0)) > EPS

    def _reconciliation(self, session: Session, campaign_id: int, case_id: int) -> Reconciliation:
        _campaign, case, first, recheck = self._both(session, campaign_id, case_id)
        final = self._stage_review(session, campaign_id, case_id, ReviewStage.FINAL.value)
        std = definition_of(session, first)
        fscore = score(std, answers_of(first.results))
        rscore = score(std, answers_of(recheck.results))
        doc_ids = {
            e.document_id for rv in (first, recheck, final) if rv for r in rv.results for e in r.evidence
        }
        titles = (
            dict(session.execute(select(Document.id, Document.title).where(Document.id.in_(doc_ids))).all())
            if doc_ids
            else {}
        )
        mine = {r.item_code: r for r in first.results}
        theirs = {r.item_code: r for r in recheck.results}
        agreed = {r.item_code: r for r in final.results} if final else {}
        items: list[ReconItem] = []
        for cat, item in std.iter_items():
            a, b = mine.get(item.code), theirs.get(item.code)
            if a is None and b is None:
                continue
            differs = (
                a is None or b is None or self._differs(a, b, fscore.item_deductions, rscore.item_deductions)
            )
            c = agreed.get(item.code)
            items.append(
                ReconItem(
                    item_code=item.code,
                    item_text=item.text,
                    category=cat.name,
                    first=result_info(a, titles) if a else None,
                    recheck=result_info(b, titles) if b else None,
                    first_points=fscore.item_deductions.get(item.code, 0.0),
                    recheck_points=rscore.item_deductions.get(item.code, 0.0),
                    differs=differs,
                    agreed=result_info(c, titles) if c else None,
                )
            )
        items.sort(key=lambda i: not i.differs)  # stable: disagreements first, standard order kept
        names = dict(session.execute(select(Reviewer.id, Reviewer.name)).all())
        unit = session.get(Unit, case.unit_id) if case.unit_id else None
        return Reconciliation(
            campaign_id=campaign_id,
            case_id=case_id,
            case_no=case.case_no,
            unit_name=(unit.short_name or unit.name) if unit else "",
            first_review_id=first.id,
            recheck_review_id=recheck.id,
            final_review_id=final.id if final else None,
            final_status=ReviewStatus(final.status) if final else None,
            first_reviewer=names.get(first.reviewer_id, "") if first.reviewer_id else "",
            rechecker=names.get(recheck.reviewer_id, "") if recheck.reviewer_id else "",
            first_total=first.total_score,
            recheck_total=recheck.total_score,
            first_grade=first.grade,
            recheck_grade=recheck.grade,
            items=items,
            final_total=final.total_score if final else None,
            final_grade=final.grade if final else None,
        )

    def reconciliation(self, case_id: int, campaign_id: int) -> Reconciliation:
        """The side-by-side comparison of the submitted first review and re-check."""
        with self.ctx.db.session() as session:
            return self._reconciliation(session, campaign_id, case_id)

    def resolve_item(
        self,
        case_id: int,
        campaign_id: int,
        item_code: str,
        *,
        reason: str,
        take: str | None = None,
        answer: str | Answer | None = None,
        deduction: float | None = None,
        occurrences: int | None = None,
        note: str | None = None,
    ) -> Reconciliation:
        """Record the agreed answer of one item in the final review, with the reason.

        ``take`` = "first" or "recheck" adopts that side's answer (with its note and
        evidence); otherwise ``answer`` (+ deduction / occurrences / note) is recorded."""
        if not (reason or "").strip():
            raise ValidationError(f"评查项 {item_code}：合议结论必须写明理由。", item_code=item_code)
        if take not in (None, "first", "recheck"):
            raise ValidationError(
                f"“{take}”无效：只能采用 first（初评）或 recheck（复核）的结论。", take=take
            )
        if take is None and answer is None:
            raise ValidationError(f"评查项 {item_code}：请选择采用初评或复核的结论，或直接给出合议结论。")
        with self.ctx.db.session() as session:
            _campaign, case, first, recheck = self._both(session, campaign_id, case_id)
            self._may_reconcile(session, first, recheck)
            final = self._ensure_final(session, campaign_id, case_id)
            if final.status == ReviewStatus.SUBMITTED.value:
                raise ConflictError(f"案件 {case.case_no} 已合议定稿，不能再修改。", case=case.case_no)
            std = definition_of(session, final)
            if std.item(item_code) is None:
                raise NotFoundError(f"评查项 {item_code} 不在本案使用的评查标准中。", item_code=item_code)
            current = next((r for r in final.results if r.item_code == item_code), None)
            before = result_snapshot(current)
            if take is not None:
                source = first if take == "first" else recheck
                chosen = next((r for r in source.results if r.item_code == item_code), None)
                if chosen is None:
                    side = "初评" if take == "first" else "复核"
                    raise ValidationError(
                        f"{side}没有对评查项 {item_code} 作答，不能采用。", item_code=item_code
                    )
                new = self._copy_result(chosen, reason.strip())
                if note:
                    new.note = note
            else:
                assert answer is not None
                value = Answer(answer)
                validate_answer(std, ItemAnswer(item_code, value, deduction, occurrences))
                new = ItemResult(
                    item_code=item_code,
                    answer=value.value,
                    deduction=deduction if value is Answer.DEDUCT else None,
                    occurrences=occurrences if value is Answer.DEDUCT else None,
                    note=note,
                    reconcile_reason=reason.strip(),
                    updated_at=utcnow(),
                )
            if current is not None:
                final.results.remove(current)
                session.flush()
            final.results.append(new)
            session.flush()
            record_review_audit(
                session,
                self.ctx.actor_name,
                final,
                "reconcile",
                before,
                (result_snapshot(new) or {}) | {"take": take},
                entity="item",
                entity_id=new.id,
                reason=reason.strip(),
            )
            rescore(session, final)
            return self._reconciliation(session, campaign_id, case_id)

    def finalize(self, case_id: int, campaign_id: int) -> ReviewState:
        """Submit the final review once every disagreement has an agreed answer with a reason.
        One transaction: the check, the final review, its submission (deficiencies) and the
        campaign's status."""
        with self.ctx.db.session() as session:
            return self._finalize_in(session, case_id, campaign_id)

    def _finalize_in(self, session: Session, case_id: int, campaign_id: int) -> ReviewState:
        recon = self._reconciliation(session, campaign_id, case_id)
        if recon.final_status == ReviewStatus.SUBMITTED.value:
            raise ConflictError(f"案件 {recon.case_no} 已合议定稿。", case=recon.case_no)
        if recon.unresolved:
            codes = "、".join(i.item_code for i in recon.unresolved[:10])
            raise ValidationError(
                f"案件 {recon.case_no} 还有 {len(recon.unresolved)} 个不一致的评查项未合议（{codes}），不能定稿。",
                unresolved=[i.item_code for i in recon.unresolved],
            )
        final = self._ensure_final(session, campaign_id, case_id)
        state = submit_in(session, self.ctx, final.id)
        self._maybe_advance(session, campaign_id)
        return state

    def confirm_agreement(self, case_id: int, campaign_id: int) -> ReviewState:
        """确认一致并定稿: when the two scorings fully agree, make and submit the final review
        (one transaction, as ``finalize``)."""
        with self.ctx.db.session() as session:
            recon = self._reconciliation(session, campaign_id, case_id)
            if not recon.all_agree:
                raise ConflictError(
                    f"案件 {recon.case_no} 的初评与复核有 {len(recon.disagreements)} 项不一致，需要逐项合议。",
                    case=recon.case_no,
                )
            return self._finalize_in(session, case_id, campaign_id)

    def _maybe_advance(self, session: Session, campaign_id: int) -> None:
        """评查中 → 复核中 once every first review is in; the lead closes the campaign by hand."""
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or campaign.status != "reviewing":
            return
        assigned = session.scalars(select(Assignment).where(Assignment.campaign_id == campaign_id)).all()
        done = {
            r.case_id
            for r in session.scalars(
                select(Review).where(
                    Review.campaign_id == campaign_id,
                    Review.stage == ReviewStage.FIRST.value,
                    Review.status == ReviewStatus.SUBMITTED.value,
                )
            )
        }
        if assigned and all(a.case_id in done for a in assigned):
            campaign.status = "rechecking"
