"""Session-level campaign lookups shared by the campaign use cases: each takes the open
session, so a use case composes them inside its one transaction. They return ORM rows or
the package's DTOs; the UI never sees them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereview.campaigns.assignment import Pair, Person, violations
from casereview.campaigns.labels import REVIEW_ROLES, SOURCES, CampaignStatus, CaseSource, status_label
from casereview.campaigns.progress import stage_label
from casereview.campaigns.sampling import CaseKey, SampleSpec
from casereview.domain.enums import CaseType, ReviewStage, ReviewStatus
from casereview.errors import NotFoundError, ValidationError
from casereview.services.campaigns.types import (
    AssignmentInfo,
    CampaignCaseInfo,
    CampaignInfo,
    CampaignScope,
    CampaignStandardInfo,
)
from casereview.services.cases import where_case_scope
from casereview.storage.case_numbers import find_case_id
from casereview.storage.models import (
    Account,
    Assignment,
    Campaign,
    CampaignCase,
    CampaignStandard,
    Case,
    Review,
    Reviewer,
    Standard,
    StandardVersion,
    Unit,
)


def case_type_label(code: str) -> str:
    try:
        return CaseType(code).label
    except ValueError:
        return code


def population_hash(keys: Iterable[CaseKey]) -> str:
    """Fingerprint of the cases in scope at draw time (sorted case numbers), so a later
    re-draw can show it ran over the same population."""
    text = "\n".join(sorted(k.case_no for k in keys))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def campaign_by_ref(session: Session, ref: int | str) -> Campaign:
    text = str(ref).strip()
    campaign = session.get(Campaign, int(text)) if text.isdigit() else None
    if campaign is None:
        found = session.scalars(select(Campaign).where(Campaign.name == text)).all()
        if len(found) > 1:
            raise ValidationError(
                f"有 {len(found)} 个名为“{text}”的评查活动，请用编号指定。", campaign=text
            )
        campaign = found[0] if found else None
    if campaign is None:
        raise NotFoundError(f"评查活动“{text}”不存在。", campaign=text)
    return campaign


def case_by_ref(session: Session, ref: int | str) -> Case:
    case: Case | None = None
    if isinstance(ref, int):
        case = session.get(Case, ref)
    else:
        text = ref.strip()
        found = find_case_id(session, text)
        case = session.get(Case, found) if found is not None else None
        if case is None and text.isdigit():
            case = session.get(Case, int(text))
    if case is None:
        raise NotFoundError(f"找不到案件“{ref}”。", case=str(ref))
    return case


def unit_names(session: Session) -> dict[int, str]:
    return {
        uid: short or name
        for uid, name, short in session.execute(select(Unit.id, Unit.name, Unit.short_name))
    }


def campaign_info(session: Session, c: Campaign) -> CampaignInfo:
    names = unit_names(session)
    scope = CampaignScope.from_json(c.scope)
    stds = []
    for cs, std_name, version in session.execute(
        select(CampaignStandard, Standard.name, StandardVersion.version)
        .join(StandardVersion, StandardVersion.id == CampaignStandard.standard_version_id)
        .join(Standard, Standard.id == StandardVersion.standard_id)
        .where(CampaignStandard.campaign_id == c.id)
        .order_by(CampaignStandard.case_type)
    ):
        stds.append(
            CampaignStandardInfo(
                cs.case_type,
                case_type_label(cs.case_type),
                cs.standard_version_id,
                f"{std_name} v{version}",
            )
        )
    case_count = (
        session.scalar(
            select(func.count(CampaignCase.id)).where(
                CampaignCase.campaign_id == c.id, CampaignCase.removed.is_(False)
            )
        )
        or 0
    )
    assigned = (
        session.scalar(
            select(func.count(Assignment.id))
            .join(
                CampaignCase,
                (CampaignCase.campaign_id == Assignment.campaign_id)
                & (CampaignCase.case_id == Assignment.case_id),
            )
            .where(
                Assignment.campaign_id == c.id,
                CampaignCase.removed.is_(False),
                Assignment.first_reviewer_id.is_not(None),
                Assignment.rechecker_id.is_not(None),
            )
        )
        or 0
    )
    final = (
        session.scalar(
            select(func.count(func.distinct(Review.case_id))).where(
                Review.campaign_id == c.id,
                Review.stage == ReviewStage.FINAL.value,
                Review.status == ReviewStatus.SUBMITTED.value,
            )
        )
        or 0
    )
    spec = SampleSpec.from_json(c.sample_spec) if c.sample_spec else None
    return CampaignInfo(
        id=c.id,
        name=c.name,
        organiser=c.organiser,
        period_start=c.period_start,
        period_end=c.period_end,
        scope=scope,
        scope_unit_names=tuple(names.get(u, f"单位 {u}") for u in scope.unit_ids),
        status=CampaignStatus(c.status),
        status_label=status_label(c.status),
        blind_recheck=c.blind_recheck,
        strict_conflict=c.strict_conflict,
        sample_seed=c.sample_seed,
        sample_spec=c.sample_spec,
        sample_description=spec.describe() if spec else "尚未抽样",
        standards=tuple(stds),
        case_count=case_count,
        assigned_count=assigned,
        final_count=final,
        created_at=c.created_at,
        closed_at=c.closed_at,
        lead_account_id=c.lead_account_id,
        lead_name=(session.scalar(select(Account.display_name).where(Account.id == c.lead_account_id)) or ""
                   if c.lead_account_id is not None else ""),
    )


def scope_keys(session: Session, c: Campaign) -> list[CaseKey]:
    scope = CampaignScope.from_json(c.scope)
    query = where_case_scope(
        select(Case.id, Case.case_no, Case.unit_id, Case.case_type),
        scope.unit_ids, scope.case_types, scope.decision_from, scope.decision_to,
    )
    return [CaseKey(r[0], r[1], r[2], r[3]) for r in session.execute(query)]


def case_infos(session: Session, campaign_id: int, *, include_removed: bool, source: str | None = None
) -> list[CampaignCaseInfo]:
    names = unit_names(session)
    query = (
        select(CampaignCase, Case.case_no, Case.unit_id, Case.case_type, Case.decision_date)
        .join(Case, Case.id == CampaignCase.case_id)
        .where(CampaignCase.campaign_id == campaign_id)
    )
    if not include_removed:
        query = query.where(CampaignCase.removed.is_(False))
    if source:
        query = query.where(CampaignCase.source == source)
    rows = list(session.execute(query).all())
    rows.sort(key=lambda r: (r[0].draw_order is None, r[0].draw_order or 0, r[1]))
    return [
        CampaignCaseInfo(
            case_id=cc.case_id,
            case_no=case_no,
            unit_id=unit_id,
            unit_name=names.get(unit_id or 0, ""),
            case_type=case_type,
            case_type_label=case_type_label(case_type),
            decision_date=decision_date,
            source=CaseSource(cc.source),
            source_label=SOURCES.get(cc.source, cc.source),
            draw_order=cc.draw_order,
            removed=cc.removed,
            reason=cc.reason,
        )
        for cc, case_no, unit_id, case_type, decision_date in rows
    ]


def people_of(session: Session, *, active_only: bool = True) -> dict[int, Person]:
    query = select(Reviewer).where(Reviewer.role.in_(REVIEW_ROLES))
    if active_only:
        query = query.where(Reviewer.active.is_(True))
    return {
        r.id: Person(r.id, r.unit_id, r.role, r.name)
        for r in session.scalars(query.order_by(Reviewer.id))
    }


def active_case_units(session: Session, campaign_id: int) -> dict[int, int | None]:
    return dict(
        session.execute(
            select(CampaignCase.case_id, Case.unit_id)
            .join(Case, Case.id == CampaignCase.case_id)
            .where(CampaignCase.campaign_id == campaign_id, CampaignCase.removed.is_(False))
        ).all()
    )


def pairs_of(session: Session, campaign_id: int) -> list[Pair]:
    return [
        Pair(a.case_id, a.first_reviewer_id, a.rechecker_id)
        for a in session.scalars(select(Assignment).where(Assignment.campaign_id == campaign_id))
    ]


def strict_problems(session: Session, c: Campaign) -> list[str]:
    """Every way the campaign's current assignments break the strict (no reciprocal units) rule."""
    person_units = {r.id: r.unit_id for r in session.scalars(select(Reviewer))}
    return violations(pairs_of(session, c.id), active_case_units(session, c.id), person_units, strict=True)


def review_status(session: Session, campaign_id: int) -> dict[tuple[int, str, int | None], ReviewStatus]:
    """(case id, stage, reviewer id) → status of the latest review, plus (case, 'final', None)."""
    out: dict[tuple[int, str, int | None], ReviewStatus] = {}
    for case_id, stage, reviewer_id, status in session.execute(
        select(Review.case_id, Review.stage, Review.reviewer_id, Review.status)
        .where(Review.campaign_id == campaign_id)
        .order_by(Review.id)
    ):
        key = (case_id, stage, None if stage == ReviewStage.FINAL.value else reviewer_id)
        out[key] = ReviewStatus(status)
    return out


def assignment_infos(session: Session, c: Campaign) -> list[AssignmentInfo]:
    names = unit_names(session)
    people = {r.id: (r.name, names.get(r.unit_id or 0, "")) for r in session.scalars(select(Reviewer))}
    statuses = review_status(session, c.id)
    assignments = {
        a.case_id: a for a in session.scalars(select(Assignment).where(Assignment.campaign_id == c.id))
    }
    out = []
    for info in case_infos(session, c.id, include_removed=False):
        a = assignments.get(info.case_id)
        first_id = a.first_reviewer_id if a else None
        recheck_id = a.rechecker_id if a else None
        fs = statuses.get((info.case_id, ReviewStage.FIRST, first_id)) if first_id else None
        rs = statuses.get((info.case_id, ReviewStage.RECHECK, recheck_id)) if recheck_id else None
        final = statuses.get((info.case_id, ReviewStage.FINAL, None))
        out.append(
            AssignmentInfo(
                case_id=info.case_id,
                case_no=info.case_no,
                unit_id=info.unit_id,
                unit_name=info.unit_name,
                case_type=info.case_type,
                first_id=first_id,
                first_name=people.get(first_id, ("", ""))[0] if first_id else "",
                first_unit=people.get(first_id, ("", ""))[1] if first_id else "",
                rechecker_id=recheck_id,
                rechecker_name=people.get(recheck_id, ("", ""))[0] if recheck_id else "",
                rechecker_unit=people.get(recheck_id, ("", ""))[1] if recheck_id else "",
                first_status=fs,
                recheck_status=rs,
                final_status=final,
                stage_label=stage_label(first_id, recheck_id, fs, rs, final),
            )
        )
    return out

