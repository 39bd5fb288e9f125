"""Creating, editing and closing campaigns (scope, pinned standard versions, status)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereview.campaigns.labels import CAMPAIGN_STATUSES, status_code
from casereview.domain.enums import CaseType, ReviewStage
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.services.campaigns.base import CampaignBase
from casereview.services.campaigns.queries import (
    campaign_by_ref,
    campaign_info,
    case_type_label,
    strict_problems,
)
from casereview.services.campaigns.types import CampaignInfo, CampaignScope
from casereview.services.queries.lookups import find_unit
from casereview.services.queries.standards import latest_for_case_type, resolve_standard_version
from casereview.storage.models import Account, Campaign, CampaignStandard, Case, Review, utcnow

_UNSET: Any = object()  # "not given" (None means "clear")


def scope_from(
    session: Session,
    units: Iterable[int | str] | None,
    case_types: Iterable[str] | None,
    decision_from: date | None,
    decision_to: date | None,
) -> CampaignScope:
    unit_ids = tuple(
        sorted({u for u in (find_unit(session, ref) for ref in units or ()) if u is not None})
    )
    types: list[str] = []
    for t in case_types or ():
        found = CaseType.from_label(t)
        if not isinstance(found, CaseType):
            choices = "、".join(f"{c.value}（{c.label}）" for c in CaseType)
            raise ValidationError(f"案件类型“{t}”无效，可选：{choices}。", case_type=t)
        types.append(found.value)
    if decision_from and decision_to and decision_from > decision_to:
        raise ValidationError(
            f"决定日期范围无效：起始 {decision_from} 晚于截止 {decision_to}。",
            decision_from=str(decision_from),
            decision_to=str(decision_to),
        )
    return CampaignScope(unit_ids, tuple(sorted(set(types))), decision_from, decision_to)


def set_standards(session: Session, c: Campaign, standards: Mapping[str, int | str] | None) -> None:
    """Pin one standard version per case type: the given ones, else the latest for each type in scope."""
    scope = CampaignScope.from_json(c.scope)
    wanted: dict[str, int] = {}
    for case_type, ref in (standards or {}).items():
        found = CaseType.from_label(case_type)
        if not isinstance(found, CaseType):
            raise ValidationError(f"案件类型“{case_type}”无效。", case_type=case_type)
        version = resolve_standard_version(session, ref)
        if version.standard.case_type != found.value:
            raise ValidationError(
                f"评查标准“{version.standard.name}”适用于{case_type_label(version.standard.case_type)}案件，"
                f"不能用于{found.label}案件。",
                case_type=found.value,
            )
        wanted[found.value] = version.id
    current = {
        cs.case_type: cs
        for cs in session.scalars(select(CampaignStandard).where(CampaignStandard.campaign_id == c.id))
    }
    for case_type in scope.case_types or tuple(t.value for t in CaseType):
        if case_type in wanted or case_type in current:
            continue
        try:
            wanted[case_type] = latest_for_case_type(session, case_type, "general").id
        except NotFoundError:
            continue  # no standard for that type yet: reviews fall back to the latest when one exists
    for case_type, version_id in wanted.items():
        row = current.get(case_type)
        if row is not None and row.standard_version_id == version_id:
            continue
        used = session.scalar(
            select(func.count(Review.id))
            .join(Case, Case.id == Review.case_id)
            .where(Review.campaign_id == c.id, Case.case_type == case_type)
        )
        if row is not None and used:
            raise ConflictError(
                f"本活动已有{case_type_label(case_type)}案件开始评查，不能再更换该类案件的评查标准。",
                case_type=case_type,
            )
        if row is None:
            session.add(
                CampaignStandard(campaign_id=c.id, case_type=case_type, standard_version_id=version_id)
            )
        else:
            row.standard_version_id = version_id


def snapshot(c: Campaign) -> dict[str, Any]:
    return {
        "name": c.name,
        "organiser": c.organiser,
        "period_start": c.period_start.isoformat() if c.period_start else None,
        "period_end": c.period_end.isoformat() if c.period_end else None,
        "scope": c.scope,
        "status": c.status,
        "blind_recheck": c.blind_recheck,
        "strict_conflict": c.strict_conflict,
        "lead_account_id": c.lead_account_id,
    }


def lead_account(session: Session, name: str | int) -> int:
    """The id of the active team-lead account ``name`` (a campaign's lead)."""
    text = str(name).strip()
    account = session.scalar(select(Account).where(Account.name == text))
    if account is None and text.isdigit():
        account = session.get(Account, int(text))
    if account is None or not account.active:
        raise ValidationError(f"没有名为“{text}”的有效账号，不能设为活动组长。", account=text)
    if "lead" not in (account.roles or []):
        raise ValidationError(f"账号“{account.name}”不是组长，不能设为活动组长。", account=text)
    return account.id



class CampaignCrud(CampaignBase):
    def _mine(self, info: CampaignInfo) -> CampaignInfo:
        """``may_manage``: may the acting account manage this campaign (its lead, an
        administrator)? For the UI, which disables what the core would refuse."""
        from casereview.services.policy import manages_campaign

        return replace(info, may_manage=manages_campaign(self.ctx.account, info.lead_account_id))

    def list_campaigns(self, *, include_practice: bool = False) -> list[CampaignInfo]:
        with self.ctx.db.session() as session:
            query = select(Campaign).order_by(Campaign.id.desc())
            if not include_practice:
                query = query.where(Campaign.is_practice.is_(False))
            return [self._mine(campaign_info(session, c)) for c in session.scalars(query)]

    def lead_choices(self) -> list[tuple[int, str]]:
        """The active team-lead accounts a campaign can be given to: (account id, "display name（name）")."""
        with self.ctx.db.session() as session:
            rows = session.scalars(select(Account).where(Account.active.is_(True)).order_by(Account.name))
            return [(a.id, a.display_name if a.display_name == a.name else f"{a.display_name}（{a.name}）")
                    for a in rows if "lead" in (a.roles or [])]

    def get(self, ref: int | str) -> CampaignInfo:
        with self.ctx.db.session() as session:
            return self._mine(campaign_info(session, campaign_by_ref(session, ref)))

    def create(
        self,
        name: str,
        *,
        organiser: str | None = None,
        period_start: date | None = None,
        period_end: date | None = None,
        units: Iterable[int | str] | None = None,
        case_types: Iterable[str] | None = None,
        decision_from: date | None = None,
        decision_to: date | None = None,
        blind_recheck: bool = True,
        strict_conflict: bool = False,
        standards: Mapping[str, int | str] | None = None,
        lead: str | int | None = None,
    ) -> CampaignInfo:
        """A new campaign; its lead (whose statistics include it) is ``lead`` (an account
        name) or, when a team lead creates it, that lead."""
        name = name.strip()
        if not name:
            raise ValidationError("评查活动名称不能为空。")
        if period_start and period_end and period_start > period_end:
            raise ValidationError(f"活动期间无效：开始 {period_start} 晚于结束 {period_end}。")
        with self.ctx.db.session() as session:
            scope = scope_from(session, units, case_types, decision_from, decision_to)
            c = Campaign(
                name=name,
                organiser=(organiser or "").strip() or None,
                period_start=period_start,
                period_end=period_end,
                scope=scope.to_json(),
                status="preparing",
                blind_recheck=blind_recheck,
                strict_conflict=strict_conflict,
                lead_account_id=(
                    lead_account(session, lead) if lead is not None
                    else self.ctx.account.account_id if "lead" in self.ctx.account.roles else None
                ),
            )
            session.add(c)
            session.flush()
            set_standards(session, c, standards)
            self._audit(session, "campaign", c.id, "create", None, snapshot(c))
            session.flush()
            return self._mine(campaign_info(session, c))

    def update(
        self,
        ref: int | str,
        *,
        name: str | None = None,
        organiser: str | None = _UNSET,
        period_start: date | None = _UNSET,
        period_end: date | None = _UNSET,
        units: Iterable[int | str] | None = None,
        case_types: Iterable[str] | None = None,
        decision_from: date | None = _UNSET,
        decision_to: date | None = _UNSET,
        blind_recheck: bool | None = None,
        strict_conflict: bool | None = None,
        standards: Mapping[str, int | str] | None = None,
        status: str | None = None,
        lead: str | int | None = None,
    ) -> CampaignInfo:
        """Edit a campaign; only the given fields change (``None`` clears a date or organiser).
        ``lead``: hand the campaign (and its statistics) to another team lead's account."""
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            before = snapshot(c)
            if c.status == "done" and (status is None or status == "done"):
                raise ConflictError(
                    f"评查活动“{c.name}”已完成，如需修改请先把状态改回“复核中”。", campaign_id=c.id
                )
            if name is not None:
                if not name.strip():
                    raise ValidationError("评查活动名称不能为空。")
                c.name = name.strip()
            if organiser is not _UNSET:
                c.organiser = (organiser or "").strip() or None
            if period_start is not _UNSET:
                c.period_start = period_start
            if period_end is not _UNSET:
                c.period_end = period_end
            if c.period_start and c.period_end and c.period_start > c.period_end:
                raise ValidationError(f"活动期间无效：开始 {c.period_start} 晚于结束 {c.period_end}。")
            scope_changed = (
                units is not None
                or case_types is not None
                or decision_from is not _UNSET
                or decision_to is not _UNSET
            )
            if scope_changed:
                old = CampaignScope.from_json(c.scope)
                new = scope_from(
                    session,
                    units if units is not None else old.unit_ids,
                    case_types if case_types is not None else old.case_types,
                    old.decision_from if decision_from is _UNSET else decision_from,
                    old.decision_to if decision_to is _UNSET else decision_to,
                )
                if new != old and c.sample_seed is not None:
                    raise ConflictError(
                        "本活动已经抽样，不能再改变抽样范围（否则抽样结果无法复验）；如确需调整，请手工增减案件并写明理由。",
                        campaign_id=c.id,
                    )
                c.scope = new.to_json()
            if blind_recheck is not None and blind_recheck != c.blind_recheck:
                started = session.scalar(
                    select(func.count(Review.id)).where(
                        Review.campaign_id == c.id, Review.stage == ReviewStage.RECHECK.value
                    )
                )
                if started:
                    raise ConflictError("已有复核开始，不能再切换盲评/公开复核方式。", campaign_id=c.id)
                c.blind_recheck = blind_recheck
            if strict_conflict is not None:
                if strict_conflict and not c.strict_conflict:
                    problems = strict_problems(session, c)
                    if problems:
                        raise ConflictError(
                            "现有分配不符合严格回避规则，不能开启：" + "；".join(problems[:3]),
                            campaign_id=c.id,
                        )
                c.strict_conflict = strict_conflict
            if lead is not None:
                c.lead_account_id = lead_account(session, lead)
            if standards is not None or scope_changed:
                set_standards(session, c, standards)
            if status is not None:
                code = status_code(status)
                if code is None:
                    choices = "、".join(f"{k}（{v}）" for k, v in CAMPAIGN_STATUSES.items())
                    raise ValidationError(f"状态“{status}”无效，可选：{choices}。", status=status)
                c.status = code
                c.closed_at = utcnow() if code == "done" else None
            self._audit(session, "campaign", c.id, "edit", before, snapshot(c))
            session.flush()
            return self._mine(campaign_info(session, c))

    def close(self, ref: int | str, *, force: bool = False, reason: str | None = None) -> CampaignInfo:
        """Mark the campaign done (已完成). Refused while cases are not finalised, unless forced with a reason."""
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            info = campaign_info(session, c)
            open_cases = info.case_count - info.final_count
            if open_cases > 0 and not force:
                raise ConflictError(
                    f"还有 {open_cases} 件案卷尚未合议定稿，不能结束活动“{c.name}”；确需结束请选择强制结束并写明理由。",
                    campaign_id=c.id,
                    open_cases=open_cases,
                )
            if open_cases > 0 and not (reason or "").strip():
                raise ValidationError("强制结束评查活动必须写明理由。")
            before = snapshot(c)
            c.status = "done"
            c.closed_at = utcnow()
            self._audit(session, "campaign", c.id, "close", before, snapshot(c), reason=reason)
            session.flush()
            return self._mine(campaign_info(session, c))
