"""Who may call which service method: the permission check at the service boundary.

``Services`` hands out every area's service wrapped in ``Guarded``: looking up a public
method finds its rule in ``POLICY`` (a method without a rule cannot be called at all:
fail closed, and tests/core/test_permissions.py walks every public method to prove it
has one). A rule names the capability the acting account needs (casereview.accounts
.roles) and optionally a scope check on the call's arguments: "this review is yours
and in your stage", "you are not the blind re-checker of this case", "you act as
yourself". A refusal raises ``PermissionDenied`` (one Chinese message) and is written
to the audit chain.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session

from casereview.accounts.roles import CAP_LABELS, Actor, Cap, Role
from casereview.errors import PermissionDenied
from casereview.services.context import ServiceContext
from casereview.storage import audit_chain
from casereview.storage.models import (
    Assignment,
    Campaign,
    Deficiency,
    Feedback,
    Notice,
    PracticeCase,
    Review,
    Reviewer,
)

# --------------------------------------------------------------------------- blind re-check


def hidden_first_reviews(session: Session, actor: Actor) -> set[int]:
    """First-stage reviews this account must not see now: in a blind re-check campaign,
    the re-checker (and everyone of the re-checker's unit) sees nothing of the first
    scoring until the re-check is submitted."""
    if actor.system:
        return set()
    me = actor.reviewer_id
    rechecker = Reviewer.__table__.alias("rechecker")
    who = []
    if me is not None:
        who.append(Assignment.rechecker_id == me)
    if actor.unit_id is not None:
        who.append(rechecker.c.unit_id == actor.unit_id)
    if not who:
        return set()
    recheck = Review.__table__.alias("recheck")
    pending = (
        select(Assignment.campaign_id, Assignment.case_id)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .join(rechecker, rechecker.c.id == Assignment.rechecker_id)
        .outerjoin(
            recheck,
            and_(
                recheck.c.campaign_id == Assignment.campaign_id,
                recheck.c.case_id == Assignment.case_id,
                recheck.c.stage == "recheck",
                recheck.c.status == "submitted",
            ),
        )
        .where(Campaign.blind_recheck.is_(True), or_(*who), recheck.c.id.is_(None))
    ).subquery()
    return set(
        session.scalars(
            select(Review.id).join(
                pending, and_(pending.c.campaign_id == Review.campaign_id, pending.c.case_id == Review.case_id)
            ).where(Review.stage.in_(("first", "final")), or_(Review.reviewer_id.is_(None), Review.reviewer_id != me)
                    if me is not None else Review.stage.in_(("first", "final")))
        )
    )


def practice_source_cases(session: Session, actor: Actor) -> set[int]:
    """Cases behind active practice cases, whose results are the answer keys: hidden from
    accounts that practise (reviewers, re-checkers, trainees), shown to those who may see
    every review (leads, administrators, trainers)."""
    if _may_see_all_reviews(actor):
        return set()
    return set(session.scalars(select(PracticeCase.case_id).where(PracticeCase.active.is_(True))))


def unsubmitted_practice_sources(session: Session, actor: Actor) -> set[int]:
    """Source cases of active practice cases this account has not yet submitted a practice
    review of: their findings (the answer key) stay out of the training library it sees
    until it submits. Empty for those who may see every review (leads, administrators,
    trainers)."""
    if _may_see_all_reviews(actor):
        return set()
    active = session.execute(select(PracticeCase.id, PracticeCase.case_id).where(PracticeCase.active.is_(True))).all()
    if not active:
        return set()
    done: set[int | None] = set()
    if actor.reviewer_id is not None:
        done = set(session.scalars(select(Review.practice_case_id).where(
            Review.stage == "practice", Review.reviewer_id == actor.reviewer_id, Review.status == "submitted")))
    return {case_id for practice_id, case_id in active if practice_id not in done}


def hidden_case_scores(session: Session, actor: Actor) -> set[int] | None:
    """Cases whose review score this account must not see in lists (None: none at all,
    for someone not signed in, who might be a re-checker, and for a trainee, whose role is
    practice only)."""
    if actor.system:
        return set()
    if actor.account_id is None or not actor.can(Cap.READ):
        return None
    cases = practice_source_cases(session, actor)
    ids = hidden_first_reviews(session, actor)
    if ids:
        cases |= set(session.scalars(select(Review.case_id).where(Review.id.in_(ids))))
    return cases


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    cap: Cap
    scope: Callable[[ServiceContext, dict[str, Any]], None] | None = None
    writes: bool = True


def _deny(message: str, **params: Any) -> PermissionDenied:
    return PermissionDenied(message, **params)


def _may_see_all_reviews(actor: Actor) -> bool:
    return actor.system or bool({Cap.CAMPAIGNS, Cap.STANDARDS, Cap.REOPEN, Cap.TRAINING} & actor.caps)


def _review_ids(args: dict[str, Any]) -> list[int]:
    if "review_id" in args and args["review_id"] is not None:
        return [int(args["review_id"])]
    return [int(r) for r in args.get("review_ids") or []]


def review_read(ctx: ServiceContext, args: dict[str, Any]) -> None:
    """Own reviews; leads, administrators and trainers see any; nobody sees a first
    scoring hidden by a blind re-check. Trainees (practice only) see their practice reviews."""
    ids = _review_ids(args)
    actor = ctx.account
    with ctx.db.session() as session:
        hidden = hidden_first_reviews(session, actor) & set(ids)
        if hidden:
            raise _deny("盲评复核进行中：复核人及其单位在复核提交前不能查看初评结论。", code="blind_recheck",
                        review_ids=sorted(hidden))
        rows = session.execute(select(Review.id, Review.reviewer_id, Review.stage).where(Review.id.in_(ids))).all()
        if not actor.can(Cap.READ) and any(stage != "practice" for _id, _owner, stage in rows):
            raise _deny(f"账号“{actor.name}”（{actor.role_labels}）只能查看练习。", code="role")
        if _may_see_all_reviews(actor):
            return
        foreign = [rid for rid, owner, _stage in rows if owner is None or owner != actor.reviewer_id]
        if foreign:
            raise _deny(f"评查 {foreign[0]} 不是分配给您的，您无权查看。", review_id=foreign[0])


def not_blind(ctx: ServiceContext, args: dict[str, Any]) -> None:
    """The call returns the review (reopening it does): refused for a first scoring hidden
    from this account by a blind re-check, whatever its role (a lead or administrator
    who is the re-checker, or of the re-checker's unit)."""
    with ctx.db.session() as session:
        hidden = hidden_first_reviews(session, ctx.account) & set(_review_ids(args))
    if hidden:
        raise _deny("盲评复核进行中：复核人及其单位在复核提交前不能打开或查看初评。", code="blind_recheck",
                    review_ids=sorted(hidden))


def review_write(ctx: ServiceContext, args: dict[str, Any]) -> None:
    """Only the review's own scorer, and in a campaign only while still assigned to its stage."""
    actor = ctx.account
    if actor.system:
        return
    for review_id in _review_ids(args):
        with ctx.db.session() as session:
            review = session.get(Review, review_id)
            if review is None:
                return  # the service says "not found"
            if review.stage != "practice" and not actor.can(Cap.SCORE):
                raise _deny(f"账号“{actor.name}”（{actor.role_labels}）无权评查打分。", code="role")
            if review.reviewer_id is None or review.reviewer_id != actor.reviewer_id:
                raise _deny(f"评查 {review_id} 不是您的，您不能修改。", review_id=review_id)
            _check_assigned(session, review.campaign_id, review.case_id, review.stage, actor)


def _check_assigned(session: Session, campaign_id: int | None, case_id: int, stage: str, actor: Actor) -> None:
    if campaign_id is None or stage == "practice":
        return
    a = session.scalar(select(Assignment).where(Assignment.campaign_id == campaign_id, Assignment.case_id == case_id))
    me = actor.reviewer_id
    if stage == "first" and (a is None or a.first_reviewer_id != me):
        raise _deny("此案的初评未分配给您。", code="not_assigned")
    if stage == "recheck" and (a is None or a.rechecker_id != me):
        raise _deny("此案的复核未分配给您。", code="not_assigned")
    if stage == "final" and not actor.can(Cap.CAMPAIGNS):
        raise _deny("合议定稿须由组长进行。", code="not_assigned")
    if stage == "final":
        refusal = reconcile_party(session, actor, campaign_id, case_id)
        if refusal is not None:
            raise refusal


def manages_campaign(actor: Actor, lead_account_id: int | None) -> bool:
    """May ``actor`` manage (sample, assign, reassign, reconcile, finalize, close, edit) a
    campaign led by ``lead_account_id``? Administrators every campaign; a team lead only
    the campaigns they lead (a campaign without a lead: administrators only)."""
    if actor.system or actor.has_role(Role.ADMIN):
        return True
    return actor.can(Cap.CAMPAIGNS) and lead_account_id is not None and lead_account_id == actor.account_id


def _not_campaign_lead(name: str, campaign_id: int) -> PermissionDenied:
    return _deny(f"评查活动“{name}”不是由您担任组长的活动，您不能管理；请由该活动的组长或管理员办理。",
                 code="not_campaign_lead", campaign_id=campaign_id)


def own_campaign(argument: str) -> Callable[[ServiceContext, dict[str, Any]], None]:
    """The call manages the campaign named by ``argument`` (an id or a name): it must be
    one the actor leads (administrators: any). No campaign given: nothing to check."""

    def check(ctx: ServiceContext, args: dict[str, Any]) -> None:
        actor = ctx.account
        ref = args.get(argument)
        if actor.system or actor.has_role(Role.ADMIN) or ref is None:
            return
        from casereview.services.campaigns.queries import campaign_by_ref

        with ctx.db.session() as session:
            try:
                campaign = campaign_by_ref(session, ref)
            except Exception:
                return  # the service itself says "not found"
            if not manages_campaign(actor, campaign.lead_account_id):
                raise _not_campaign_lead(campaign.name, campaign.id)

    return check


def rectification_scope(actor: Actor, campaign_col: Any, unit_col: Any) -> Any:
    """The deficiencies / notices (by their campaign and unit columns) an account may see and
    act on: administrators (and the program) all (None: no condition); a team lead those of
    the campaigns they lead, plus those of daily reviews (no campaign) of their own unit."""
    if actor.system or actor.has_role(Role.ADMIN):
        return None
    led = select(Campaign.id).where(Campaign.lead_account_id.is_not(None),
                                    Campaign.lead_account_id == actor.account_id)
    conds = [campaign_col.in_(led)]
    if actor.unit_id is not None:
        conds.append(and_(campaign_col.is_(None), unit_col == actor.unit_id))
    return or_(*conds)


def _in_rectification_scope(session: Session, actor: Actor, campaign_id: int | None, unit_id: int | None) -> bool:
    if actor.system or actor.has_role(Role.ADMIN):
        return True
    if campaign_id is None:
        return actor.unit_id is not None and unit_id == actor.unit_id
    campaign = session.get(Campaign, campaign_id)
    return campaign is not None and manages_campaign(actor, campaign.lead_account_id)


def _not_your_rectification(session: Session, what: str, campaign_id: int | None) -> PermissionDenied:
    if campaign_id is not None:
        campaign = session.get(Campaign, campaign_id)
        name = campaign.name if campaign is not None else str(campaign_id)
        return _deny(f"{what}属于评查活动“{name}”，该活动不是由您担任组长的活动，您不能查看或办理；"
                     "请由该活动的组长或管理员办理。", code="not_campaign_lead", campaign_id=campaign_id)
    return _deny(f"{what}来自其他单位的日常评查，您不能查看或办理；请由该单位的组长或管理员办理。",
                 code="not_own_unit")


def deficiency_scope(ctx: ServiceContext, args: dict[str, Any]) -> None:
    """The call names deficiencies (``deficiency_id``, ``ids``, ``deficiency_ids``): each must be
    in the actor's rectification scope; a named campaign (``campaign_id``) must be one they manage."""
    actor = ctx.account
    if actor.system or actor.has_role(Role.ADMIN):
        return
    options = args.get("options") or {}
    campaign_id = args.get("campaign_id", options.get("campaign_id"))
    ids: list[int] = []
    if args.get("deficiency_id") is not None:
        ids.append(int(args["deficiency_id"]))
    for key in ("ids", "deficiency_ids"):
        if args.get(key) is not None:
            ids.extend(int(i) for i in args[key])
    with ctx.db.session() as session:
        if campaign_id is not None and not _in_rectification_scope(session, actor, int(campaign_id), None):
            raise _not_your_rectification(session, f"评查活动 {campaign_id} 的问题", int(campaign_id))
        for start in range(0, len(ids), 500):
            rows = session.execute(select(Deficiency.id, Deficiency.campaign_id, Deficiency.unit_id)
                                   .where(Deficiency.id.in_(ids[start:start + 500]))).all()
            for did, cid, uid in sorted(rows):
                if not _in_rectification_scope(session, actor, cid, uid):
                    raise _not_your_rectification(session, f"问题 #{did}", cid)


def notice_rectification_scope(actor: Actor) -> Any:
    """``rectification_scope`` for notices (None: all). A notice of one campaign follows its
    campaign; one without a single campaign (daily reviews, or several campaigns) is in scope
    when every finding it lists is, and one that lists none (voided) when it went to the
    lead's own unit."""
    cond = rectification_scope(actor, Deficiency.campaign_id, Deficiency.unit_id)
    if cond is None:
        return None
    led = select(Campaign.id).where(Campaign.lead_account_id.is_not(None),
                                    Campaign.lead_account_id == actor.account_id)
    listed = select(Deficiency.notice_id).where(Deficiency.notice_id.is_not(None))
    mine = listed.where(cond)
    foreign = listed.where(~func.coalesce(cond, False))
    own_unit = Notice.unit_id == actor.unit_id if actor.unit_id is not None else false()
    return or_(
        Notice.campaign_id.in_(led),
        and_(Notice.campaign_id.is_(None),
             or_(and_(Notice.id.in_(mine), Notice.id.not_in(foreign)),
                 and_(Notice.id.not_in(listed), own_unit))),
    )


def notice_scope(ctx: ServiceContext, args: dict[str, Any]) -> None:
    """The call names a notice (``ref``: id or 文号): it must be in the actor's rectification
    scope (``notice_rectification_scope``)."""
    actor = ctx.account
    ref = args.get("ref")
    if actor.system or actor.has_role(Role.ADMIN) or ref is None:
        return
    text = str(ref).strip()
    with ctx.db.session() as session:
        notice: Notice | None = None
        if isinstance(ref, int) or text.isdigit():
            notice = session.get(Notice, int(text))
        if notice is None:
            notice = session.scalar(select(Notice).where(Notice.number == text))
        if notice is None:
            return  # the service says "not found"
        if notice.campaign_id is not None:
            allowed = _in_rectification_scope(session, actor, notice.campaign_id, notice.unit_id)
        else:
            listed = session.execute(select(Deficiency.campaign_id, Deficiency.unit_id)
                                     .where(Deficiency.notice_id == notice.id)).all()
            allowed = (all(_in_rectification_scope(session, actor, c, u) for c, u in listed) if listed
                       else _in_rectification_scope(session, actor, None, notice.unit_id))
        if not allowed and notice.campaign_id is None and listed:
            raise _deny(f"整改通知书 {notice.number} 列有不属于您的问题（其他组长的评查活动或其他单位的日常评查），"
                        "您不能查看或办理；请由管理员办理。", code="not_campaign_lead")
        if not allowed:
            raise _not_your_rectification(session, f"整改通知书 {notice.number}", notice.campaign_id)


def attachment_scope(ctx: ServiceContext, args: dict[str, Any]) -> None:
    """A feedback attachment (``sha256``) is opened only through a notice in the actor's
    rectification scope (or a finding in it)."""
    actor = ctx.account
    sha = str(args.get("sha256") or "")
    if actor.system or actor.has_role(Role.ADMIN) or not sha:
        return
    notice_cond = notice_rectification_scope(actor)
    finding_cond = rectification_scope(actor, Deficiency.campaign_id, Deficiency.unit_id)
    with ctx.db.session() as session:
        query = select(Feedback.attachments).where(or_(
            Feedback.notice_id.in_(select(Notice.id).where(notice_cond)),
            Feedback.deficiency_id.in_(select(Deficiency.id).where(finding_cond)),
        ))
        for attachments in session.scalars(query):
            if any(isinstance(a, dict) and a.get("sha256") == sha for a in attachments or []):
                return
    raise _deny("该整改反馈附件不属于您可查看的整改通知书（其他组长的评查活动或其他单位的日常评查），不能打开。",
                code="not_campaign_lead")


def reconcile_party(session: Session, actor: Actor, campaign_id: int, case_id: int) -> PermissionDenied | None:
    """一人审查、一人复核: the reconciliation (合议) decides between the first reviewer and the
    re-checker, so it is held by someone who is neither of them on this case (the campaign's
    lead, else an administrator), and only by one who manages the campaign. None: allowed."""
    if actor.system:
        return None
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return None  # the service says "not found"
    if not manages_campaign(actor, campaign.lead_account_id):
        return _not_campaign_lead(campaign.name, campaign.id)
    a = session.scalar(select(Assignment).where(Assignment.campaign_id == campaign_id, Assignment.case_id == case_id))
    me = actor.reviewer_id
    if a is not None and me is not None and me in (a.first_reviewer_id, a.rechecker_id):
        role = "初评人" if me == a.first_reviewer_id else "复核人"
        return _deny(f"您是本案的{role}：按“一人审查、一人复核”，不能主持本案的合议；"
                     "请由未参与本案评查的组长或管理员合议（管理员可把本活动交给其他组长）。",
                     code="reconcile_party", case_id=case_id)
    return None


def reconcile_scope(ctx: ServiceContext, args: dict[str, Any]) -> None:
    with ctx.db.session() as session:
        refusal = reconcile_party(session, ctx.account, int(args["campaign_id"]), int(args["case_id"]))
    if refusal is not None:
        raise refusal


def as_self(argument: str) -> Callable[[ServiceContext, dict[str, Any]], None]:
    """The call names a roster person (``argument``): it must be the actor's own entry
    (None means "me"); only leads may act on behalf of others' assignments."""

    def check(ctx: ServiceContext, args: dict[str, Any]) -> None:
        actor = ctx.account
        value = args.get(argument)
        if actor.system or value is None or value == actor.reviewer_id:
            return
        if actor.can(Cap.CAMPAIGNS) and argument in ("reviewer_id", "viewer_id") and "stage" not in args:
            return
        raise _deny("只能以本人身份评查或查看本人的任务。", code="not_self")

    return check


def open_review_scope(ctx: ServiceContext, args: dict[str, Any]) -> None:
    as_self("reviewer_id")(ctx, {"reviewer_id": args.get("reviewer_id"), "stage": True})
    actor = ctx.account
    if actor.system:
        return
    with ctx.db.session() as session:
        _check_assigned(session, args.get("campaign_id"), args["case_id"], args.get("stage") or "first", actor)


def first_review_view(ctx: ServiceContext, args: dict[str, Any]) -> None:
    as_self("viewer_id")(ctx, args)


def roster_choose(ctx: ServiceContext, args: dict[str, Any]) -> None:
    if ctx.account.system:
        return
    chosen = str(args.get("reviewer_id")).strip()
    if ctx.account.reviewer_id is None or chosen not in (str(ctx.account.reviewer_id), ctx.account.display_name):
        raise _deny("只能以本人登录的身份评查；请用对方的账号登录。", code="not_self")


def officer_editor(ctx: ServiceContext, args: dict[str, Any]) -> None:
    """Officers' certificates are corrected by whoever reads the case file (reviewers, leads)
    or imports the registry (administrators)."""
    actor = ctx.account
    if actor.system or actor.can(Cap.SCORE) or actor.can(Cap.IMPORT):
        return
    raise _deny(f"账号“{actor.name}”（{actor.role_labels}）无权修改执法人员信息。", code="role")


def _compose(*checks: Callable[[ServiceContext, dict[str, Any]], None]) -> Callable[[ServiceContext, dict[str, Any]], None]:
    def run(ctx: ServiceContext, args: dict[str, Any]) -> None:
        for check in checks:
            check(ctx, args)

    return run


R = Rule
PUBLIC = R(Cap.PUBLIC, writes=False)
READ = R(Cap.READ, writes=False)
# Practice reviews are reviews too: the base capability is PRACTICE, the scope checks
# demand READ / SCORE for every review that is not a practice one.
REVIEW_READ = R(Cap.PRACTICE, review_read, writes=False)
REVIEW_WRITE = R(Cap.PRACTICE, review_write)
CAMPAIGNS = R(Cap.CAMPAIGNS)
CAMPAIGNS_READ = R(Cap.CAMPAIGNS, writes=False)
# managing one campaign: its lead or an administrator (``own_campaign``)
MANAGE = R(Cap.CAMPAIGNS, own_campaign("ref"))
MANAGE_READ = R(Cap.CAMPAIGNS, own_campaign("ref"), writes=False)
MANAGE_ID = R(Cap.CAMPAIGNS, own_campaign("campaign_id"))
MANAGE_ID_READ = R(Cap.CAMPAIGNS, own_campaign("campaign_id"), writes=False)
RECONCILE = R(Cap.CAMPAIGNS, reconcile_scope)
NOTICES = R(Cap.NOTICES)
# The deficiency register and notices list the deductions of submitted reviews: lead only,
# so nothing of a first scoring reaches a blind re-checker through them.
NOTICES_READ = R(Cap.NOTICES, writes=False)
# one lead's deficiencies and notices: the campaigns they lead and their unit's daily reviews
# (lists are filtered in the services by ``rectification_scope``)
DEFICIENCY = R(Cap.NOTICES, deficiency_scope)
DEFICIENCY_READ = R(Cap.NOTICES, deficiency_scope, writes=False)
NOTICE = R(Cap.NOTICES, notice_scope)
NOTICE_READ = R(Cap.NOTICES, notice_scope, writes=False)
STATS = R(Cap.STATISTICS, writes=False)
IMPORT = R(Cap.IMPORT)
STANDARDS = R(Cap.STANDARDS)
ACCOUNTS = R(Cap.ACCOUNTS)
ACCOUNTS_READ = R(Cap.ACCOUNTS, writes=False)
TRAINING = R(Cap.TRAINING)
TRAINING_READ = R(Cap.TRAINING, writes=False)
PRACTICE = R(Cap.PRACTICE)
PRACTICE_READ = R(Cap.PRACTICE, writes=False)
SELF = R(Cap.PUBLIC)  # acts on the caller's own session / account; checks inside

# Every public method of every area. A method missing here cannot be called.
POLICY: dict[str, dict[str, Rule]] = {
    "accounts": {
        "needs_admin": PUBLIC, "init_admin": SELF, "sign_in": SELF, "sign_in_token": SELF, "sign_out": SELF,
        "current": SELF, "issue_token": SELF, "revoke_token": SELF, "change_password": SELF,
        "revoke_all_tokens": ACCOUNTS, "list_accounts": ACCOUNTS_READ, "get": ACCOUNTS_READ, "create": ACCOUNTS,
        "update": ACCOUNTS, "reset_password": ACCOUNTS,
    },
    "audit": {
        "verify": READ, "head_code": READ, "check_head_code": READ, "verify_review": READ,
        "verify_reviews": READ,
        "verify_code": PUBLIC, "entries": ACCOUNTS_READ,
    },
    "maintenance": {
        "threshold_tables": PUBLIC, "domains": PUBLIC, "thresholds": READ, "set_threshold": STANDARDS,
        "delete_threshold": STANDARDS,
        "db_check": R(Cap.STANDARDS),
    },
    "cases": {
        "query_ids": PUBLIC, "fetch_rows": PUBLIC, "list_rows": PUBLIC, "count": PUBLIC, "units": PUBLIC,
        "case_id": PUBLIC, "detail": PUBLIC, "detail_by_case_no": PUBLIC, "find_unit_id": PUBLIC, "unit_id": IMPORT, "apply_record": IMPORT, "set_officers": IMPORT,
        "set_officer": R(Cap.READ, officer_editor), "remove_officer": R(Cap.READ, officer_editor),
    },
    "checks": {
        "context": PUBLIC, "reload": PUBLIC, "run_case": PUBLIC, "run_many": PUBLIC,
        "campaign_case_ids": READ, "proposals": REVIEW_READ, "accept": REVIEW_WRITE, "dismiss": REVIEW_WRITE,
        "withdraw": REVIEW_WRITE,
    },
    "reviews": {
        "open_review": R(Cap.SCORE, open_review_scope), "state": REVIEW_READ, "reviews_of_case": READ,
        "save_answer": REVIEW_WRITE, "set_note": REVIEW_WRITE, "clear_answer": REVIEW_WRITE,
        "add_evidence": REVIEW_WRITE, "remove_evidence": REVIEW_WRITE, "submit": REVIEW_WRITE,
        "restore_item": REVIEW_WRITE, "version_of": REVIEW_READ, "reopen": R(Cap.REOPEN, not_blind), "history": REVIEW_READ,
        "applicable_standards": PUBLIC, "switch_standard": REVIEW_WRITE,
    },
    "standards": {
        "import_file": STANDARDS, "sync_shipped": STANDARDS, "list_versions": PUBLIC,
        "resolve": PUBLIC, "definition": PUBLIC, "definition_for": PUBLIC, "export_xlsx": PUBLIC,
    },
    "documents": {"open_info": PUBLIC, "file_path": PUBLIC, "docx_paragraphs": PUBLIC},
    "documents_import": {
        "doc_types": PUBLIC, "import_folder": IMPORT, "verify": READ, "set_type": IMPORT, "split": IMPORT,
        "page_count": PUBLIC,
    },
    "intake": {
        "fields": PUBLIC, "profiles": READ, "save_profile": IMPORT, "delete_profile": IMPORT,
        "load_profile": READ, "sheets": PUBLIC, "preview": READ, "run": IMPORT, "batches": READ,
    },
    "deficiencies": {
        "settings": READ, "update_settings": R(Cap.STANDARDS), "list_deficiencies": NOTICES_READ,
        "register_ids": NOTICES_READ, "fetch": NOTICES_READ,
        "get": DEFICIENCY_READ, "overdue": NOTICES_READ, "summary": NOTICES_READ, "units": NOTICES_READ,
        "campaigns": NOTICES_READ, "taxonomies": PUBLIC, "recategorise": DEFICIENCY, "set_wording": DEFICIENCY,
        "delete": DEFICIENCY, "timeline": DEFICIENCY_READ, "phrases": READ, "add_phrase": R(Cap.SCORE),
        "use_phrase": R(Cap.SCORE), "remove_phrase": R(Cap.SCORE), "export_xlsx": R(Cap.NOTICES, writes=False),
    },
    "notices": {
        "list_notices": NOTICES_READ, "get": NOTICE_READ, "detail": NOTICE_READ, "next_number": NOTICES_READ,
        "draft": DEFICIENCY, "issue": DEFICIENCY, "issue_for_campaign": R(Cap.NOTICES, deficiency_scope),
        "issue_all": R(Cap.NOTICES, deficiency_scope),
        "set_deadline": NOTICE, "record_feedback": NOTICE, "verify": NOTICE, "close": NOTICE, "void": NOTICE,
        "delete": NOTICE, "timeline": NOTICE_READ, "feedback": NOTICE_READ, "due_summary": READ,
        "document": NOTICE_READ, "draft_pdf": DEFICIENCY_READ, "export_pdf": NOTICE_READ,
        "export_docx": NOTICE_READ, "attachment_path": R(Cap.NOTICES, attachment_scope, writes=False),
    },
    "training": {
        "library": READ, "resolve_key": READ, "anonymizer_for_cases": TRAINING_READ, "examples": TRAINING_READ,
        "page_cache_dir": PUBLIC, "evidence_page_image": TRAINING_READ, "entries": READ, "entry": READ,
        "curate": TRAINING, "delete_entry": TRAINING, "handout": TRAINING_READ,
        "export_handout_pdf": TRAINING_READ, "export_handout_docx": TRAINING_READ,
        "export_slides_pdf": TRAINING_READ, "publishable_reviews": TRAINING_READ, "publish_practice": TRAINING,
        "set_explanation": TRAINING, "set_practice_active": TRAINING, "practice_cases": PRACTICE_READ,
        "practice_case": PRACTICE_READ, "practice_sets": PRACTICE_READ, "trainees": TRAINING_READ,
        "start_practice": R(Cap.PRACTICE, as_self("reviewer_id")), "practice_case_view": PRACTICE_READ,
        "practice_text": PRACTICE_READ, "practice_page_image": PRACTICE_READ, "practice_document": PRACTICE_READ,
        "practice_docx_paragraphs": PRACTICE_READ, "compare_practice": R(Cap.PRACTICE, review_read, writes=False),
        "practice_results": TRAINING_READ,
    },
    "stats": {"statistics": STATS, "filter_options": STATS, "campaign_name": READ, "load_input": STATS,
              "counted_review_ids": STATS},
    "exports": {
        "counted_review_id": READ, "campaign_review_ids": MANAGE_ID_READ, "review_form": REVIEW_READ,
        "iter_forms": REVIEW_READ, "export_review_pdf": REVIEW_READ,
        "export_campaign_reviews": MANAGE_ID_READ, "report_examples": STATS, "export_report_pdf": STATS,
        "export_report_docx": STATS, "export_stats_xlsx": STATS,
    },
    "campaigns": {
        "resolve": READ, "list_campaigns": READ, "get": READ, "create": CAMPAIGNS, "update": MANAGE,
        "close": MANAGE, "scope_count": MANAGE_READ, "sample": MANAGE, "verify_sample": READ,
        "export_sample": MANAGE_READ, "cases": READ, "add_case": MANAGE, "remove_case": MANAGE,
        "assign": MANAGE, "reassign": MANAGE, "assignments": READ, "lead_choices": CAMPAIGNS_READ,
        "my_cases": R(Cap.READ, as_self("reviewer_id"), writes=False), "progress": READ,
        "agreement": MANAGE_READ,
        "review_for": R(Cap.READ, as_self("reviewer_id"), writes=False),
        "open_for": R(Cap.SCORE, as_self("reviewer_id")),
        "visible_first_review": R(Cap.READ, first_review_view, writes=False),
        "reconciliation": R(Cap.CAMPAIGNS, reconcile_scope, writes=False), "resolve_item": RECONCILE,
        "finalize": RECONCILE, "confirm_agreement": RECONCILE,
    },
    "calendar": {
        "calendar": PUBLIC, "overview": PUBLIC, "add_year": STANDARDS,
    },
    "docintel": {
        # page text read from the scans is derived data: any signed-in account may have it read
        "resolve_cases": PUBLIC, "queue": R(Cap.PRACTICE), "read_cases": R(Cap.PRACTICE), "status": PUBLIC,
        "page": PUBLIC, "search": PUBLIC, "propose_split": PUBLIC, "facts": PUBLIC,
        "accept_fact": R(Cap.SCORE), "confirm_fact": R(Cap.SCORE), "withdraw_confirmation": R(Cap.SCORE),
    },
    "exchange": {
        # the lead sends a reviewer's assignment out and merges the results that come back
        "server_fingerprint": PUBLIC, "export_assignment": MANAGE_ID, "import_assignment": R(Cap.SCORE),
        "export_results": R(Cap.SCORE), "preview_results": CAMPAIGNS_READ, "import_results": CAMPAIGNS,
    },
    "roster": {
        "list": READ, "get": READ, "add": ACCOUNTS, "edit": ACCOUNTS,
        "choose": R(Cap.PUBLIC, _compose(roster_choose)), "current": SELF,
    },
}


def _refuse(ctx: ServiceContext, area: str, method: str, message: str, code: str) -> PermissionDenied:
    """The typed error, with the refusal written to the audit chain first."""
    actor = ctx.account
    try:
        with ctx.db.session() as session:
            audit_chain.record(
                session, actor=ctx.actor_name if actor.account_id else (actor.display_name or "未登录"),
                entity="permission", action="refused", after={"call": f"{area}.{method}", "code": code},
                reason=message,
            )
    except Exception:
        pass
    return PermissionDenied(message, code=code, action=f"{area}.{method}", account=actor.name)


def check_call(ctx: ServiceContext, area: str, method: str, args: dict[str, Any]) -> None:
    rule = POLICY.get(area, {}).get(method)
    if rule is None:
        raise _refuse(ctx, area, method, f"操作 {area}.{method} 未登记权限规则，已拒绝。", "no_rule")
    actor = ctx.account
    if not actor.can(rule.cap):
        if actor.account_id is None and not actor.system:
            what = "查看" if not rule.writes else "修改"
            raise _refuse(ctx, area, method, f"未登录：请先登录后再{what}（casereview login 或 --user 账号）。",
                          "not_signed_in")
        need = CAP_LABELS.get(rule.cap, str(rule.cap))
        raise _refuse(ctx, area, method, f"账号“{actor.name}”（{actor.role_labels}）无权{need}。", "role")
    if rule.scope is not None:
        try:
            rule.scope(ctx, args)
        except PermissionDenied as exc:
            raise _refuse(ctx, area, method, exc.message, exc.code) from None


# Services that other services hold as attributes (``exports.stats``), by class name.
_SUBSERVICE_AREAS = {
    "StatsService": "stats", "StandardService": "standards", "ReviewService": "reviews",
    "CaseService": "cases", "DocumentService": "documents", "CheckService": "checks",
}


class Guarded:
    """A service object whose public methods check ``POLICY`` before they run."""

    def __init__(self, area: str, target: Any, ctx: ServiceContext) -> None:
        object.__setattr__(self, "_area", area)
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_ctx", ctx)

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        if name.startswith("_") or name == "ctx":
            return getattr(target, name)
        area = object.__getattribute__(self, "_area")
        ctx: ServiceContext = object.__getattribute__(self, "_ctx")
        attr = inspect.getattr_static(target, name, None)
        if isinstance(attr, property | functools.cached_property):
            check_call(ctx, area, name, {})
            return getattr(target, name)
        value = getattr(target, name)
        if not callable(value):
            inner = _SUBSERVICE_AREAS.get(type(value).__name__)
            if inner is not None:  # a service held by another service: guarded by its own rules
                return Guarded(inner, value, ctx)
            check_call(ctx, area, name, {})
            return value
        signature = inspect.signature(value)

        @functools.wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                bound = signature.bind(*args, **kwargs)
                bound.apply_defaults()
                arguments = dict(bound.arguments)
            except TypeError:
                arguments = {}
            check_call(ctx, area, name, arguments)
            return value(*args, **kwargs)

        return call

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(object.__getattribute__(self, "_target"), name, value)

    def __dir__(self) -> list[str]:
        return dir(object.__getattribute__(self, "_target"))
