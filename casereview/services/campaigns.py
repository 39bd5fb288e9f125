"""Review campaigns (评查活动): scope, seeded sampling, cross-review assignment, progress,
agreement statistics and the stage each person opens.

Re-check access and reconciliation live in ``campaigns_recheck`` (mixed in here), the
sample export in ``campaigns_export``; the pure rules are in ``casereview.campaigns``.
Every change is one transaction with an append-only audit entry.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from casereview.campaigns.agreement import ScoredPair, campaign_agreement
from casereview.campaigns.assignment import (
    CaseSlot,
    Pair,
    Person,
    conflict_reason,
    edges_of,
    plan_assignments,
)
from casereview.campaigns.labels import CAMPAIGN_STATUSES, REVIEW_ROLES, SOURCES, status_code, status_label
from casereview.campaigns.progress import CaseProgress, summarise
from casereview.campaigns.sampling import CaseKey, SampleSpec, draw_sample
from casereview.domain.enums import CaseType, ReviewStage, ReviewStatus
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.services.campaigns_recheck import RecheckMixin
from casereview.services.campaigns_types import (
    AgreementReport,
    AssignmentInfo,
    AssignReport,
    CampaignCaseInfo,
    CampaignInfo,
    CampaignScope,
    CampaignStandardInfo,
    ProgressReport,
    SampleResult,
)
from casereview.services.cases import where_case_scope
from casereview.services.context import ServiceContext
from casereview.services.queries.lookups import find_unit
from casereview.services.queries.standards import (
    latest_for_case_type,
    parse_standard_content,
    resolve_standard_version,
)
from casereview.storage import audit_chain
from casereview.storage.case_numbers import find_case_id
from casereview.storage.models import (
    Assignment,
    Campaign,
    CampaignCase,
    CampaignStandard,
    Case,
    ItemResult,
    Review,
    Reviewer,
    Standard,
    StandardVersion,
    Unit,
    utcnow,
)

_UNSET: Any = object()


def case_type_label(code: str) -> str:
    try:
        return CaseType(code).label
    except ValueError:
        return code


def _population_hash(keys: Iterable[CaseKey]) -> str:
    """Fingerprint of the cases in scope at draw time (sorted case numbers), so a later
    re-draw can show it ran over the same population."""
    text = "\n".join(sorted(k.case_no for k in keys))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CampaignService(RecheckMixin):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- small helpers ----------------------------------------------------------------

    def _campaign(self, session: Session, ref: int | str) -> Campaign:
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

    def resolve(self, ref: int | str) -> int:
        with self.ctx.db.session() as session:
            return self._campaign(session, ref).id

    def _case(self, session: Session, ref: int | str) -> Case:
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

    def _unit_names(self, session: Session) -> dict[int, str]:
        return {
            uid: short or name
            for uid, name, short in session.execute(select(Unit.id, Unit.name, Unit.short_name))
        }

    def _audit(
        self,
        session: Session,
        entity: str,
        entity_id: int | None,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reason: str | None = None,
    ) -> None:
        audit_chain.record(
            session,
            actor=self.ctx.actor_name,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
            reason=reason,
        )

    def _info(self, session: Session, c: Campaign) -> CampaignInfo:
        names = self._unit_names(session)
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
            status=c.status,
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
        )

    # -- campaigns ----------------------------------------------------------------------

    def list_campaigns(self, *, include_practice: bool = False) -> list[CampaignInfo]:
        with self.ctx.db.session() as session:
            query = select(Campaign).order_by(Campaign.id.desc())
            if not include_practice:
                query = query.where(Campaign.is_practice.is_(False))
            return [self._info(session, c) for c in session.scalars(query)]

    def get(self, ref: int | str) -> CampaignInfo:
        with self.ctx.db.session() as session:
            return self._info(session, self._campaign(session, ref))

    def _scope_from(
        self,
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

    def _set_standards(
        self, session: Session, c: Campaign, standards: Mapping[str, int | str] | None
    ) -> None:
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

    @staticmethod
    def _snapshot(c: Campaign) -> dict[str, Any]:
        return {
            "name": c.name,
            "organiser": c.organiser,
            "period_start": c.period_start.isoformat() if c.period_start else None,
            "period_end": c.period_end.isoformat() if c.period_end else None,
            "scope": c.scope,
            "status": c.status,
            "blind_recheck": c.blind_recheck,
            "strict_conflict": c.strict_conflict,
        }

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
    ) -> CampaignInfo:
        name = name.strip()
        if not name:
            raise ValidationError("评查活动名称不能为空。")
        if period_start and period_end and period_start > period_end:
            raise ValidationError(f"活动期间无效：开始 {period_start} 晚于结束 {period_end}。")
        with self.ctx.db.session() as session:
            scope = self._scope_from(session, units, case_types, decision_from, decision_to)
            c = Campaign(
                name=name,
                organiser=(organiser or "").strip() or None,
                period_start=period_start,
                period_end=period_end,
                scope=scope.to_json(),
                status="preparing",
                blind_recheck=blind_recheck,
                strict_conflict=strict_conflict,
            )
            session.add(c)
            session.flush()
            self._set_standards(session, c, standards)
            self._audit(session, "campaign", c.id, "create", None, self._snapshot(c))
            session.flush()
            return self._info(session, c)

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
    ) -> CampaignInfo:
        """Edit a campaign; only the given fields change (``None`` clears a date or organiser)."""
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            before = self._snapshot(c)
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
                new = self._scope_from(
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
                    problems = self._strict_problems(session, c)
                    if problems:
                        raise ConflictError(
                            "现有分配不符合严格回避规则，不能开启：" + "；".join(problems[:3]),
                            campaign_id=c.id,
                        )
                c.strict_conflict = strict_conflict
            if standards is not None or scope_changed:
                self._set_standards(session, c, standards)
            if status is not None:
                code = status_code(status)
                if code is None:
                    choices = "、".join(f"{k}（{v}）" for k, v in CAMPAIGN_STATUSES.items())
                    raise ValidationError(f"状态“{status}”无效，可选：{choices}。", status=status)
                c.status = code
                c.closed_at = utcnow() if code == "done" else None
            self._audit(session, "campaign", c.id, "edit", before, self._snapshot(c))
            session.flush()
            return self._info(session, c)

    def close(self, ref: int | str, *, force: bool = False, reason: str | None = None) -> CampaignInfo:
        """Mark the campaign done (已完成). Refused while cases are not finalised, unless forced with a reason."""
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            info = self._info(session, c)
            open_cases = info.case_count - info.final_count
            if open_cases > 0 and not force:
                raise ConflictError(
                    f"还有 {open_cases} 件案卷尚未合议定稿，不能结束活动“{c.name}”；确需结束请选择强制结束并写明理由。",
                    campaign_id=c.id,
                    open_cases=open_cases,
                )
            if open_cases > 0 and not (reason or "").strip():
                raise ValidationError("强制结束评查活动必须写明理由。")
            before = self._snapshot(c)
            c.status = "done"
            c.closed_at = utcnow()
            self._audit(session, "campaign", c.id, "close", before, self._snapshot(c), reason=reason)
            session.flush()
            return self._info(session, c)

    # -- cases in scope and sampling -------------------------------------------------------

    def _scope_keys(self, session: Session, c: Campaign) -> list[CaseKey]:
        scope = CampaignScope.from_json(c.scope)
        query = where_case_scope(
            select(Case.id, Case.case_no, Case.unit_id, Case.case_type),
            scope.unit_ids, scope.case_types, scope.decision_from, scope.decision_to,
        )
        return [CaseKey(r[0], r[1], r[2], r[3]) for r in session.execute(query)]

    def scope_count(self, ref: int | str) -> dict[str, int]:
        """Cases in scope per unit name (what the sampling dialog shows before drawing)."""
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            names = self._unit_names(session)
            out: dict[str, int] = {}
            for key in self._scope_keys(session, c):
                label = names.get(key.unit_id or 0, "（无单位）")
                out[label] = out.get(label, 0) + 1
            return dict(sorted(out.items()))

    def sample(
        self, ref: int | str, spec: SampleSpec, *, seed: int | None = None, replace: bool = False
    ) -> SampleResult:
        """Draw the campaign's sample with ``seed`` (a fresh random seed when omitted) and store it."""
        if seed is None:
            seed = secrets.randbelow(2**31 - 1) + 1
        if not 0 <= seed < 2**31:
            raise ValidationError(f"随机种子 {seed} 无效，应为 0～{2**31 - 1} 之间的整数。", seed=seed)
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            if c.status == "done":
                raise ConflictError(f"评查活动“{c.name}”已完成，不能再抽样。", campaign_id=c.id)
            existing = session.scalars(
                select(CampaignCase).where(CampaignCase.campaign_id == c.id, CampaignCase.source == "sample")
            ).all()
            if existing:
                if not replace:
                    raise ConflictError(
                        f"评查活动“{c.name}”已抽样（种子 {c.sample_seed}）。重新抽样会替换原抽样结果，请确认后选择重新抽样。",
                        campaign_id=c.id,
                    )
                started = session.scalar(
                    select(func.count(Assignment.id)).where(Assignment.campaign_id == c.id)
                )
                if started:
                    raise ConflictError(
                        "本活动已分配评查人员，不能重新抽样；请手工增减案件并写明理由。", campaign_id=c.id
                    )
                session.execute(
                    delete(CampaignCase).where(
                        CampaignCase.campaign_id == c.id, CampaignCase.source == "sample"
                    )
                )
            keys = self._scope_keys(session, c)
            if not keys:
                raise ValidationError(
                    f"评查活动“{c.name}”的范围内没有案件，无法抽样；请检查单位、案件类型和决定日期范围。"
                )
            manual = set(
                session.scalars(select(CampaignCase.case_id).where(CampaignCase.campaign_id == c.id))
            )
            drawn = draw_sample(keys, spec, seed)
            for d in drawn:
                if d.case_id in manual:
                    continue  # already added by hand: keep that row and its reason
                session.add(
                    CampaignCase(
                        campaign_id=c.id, case_id=d.case_id, source="sample", draw_order=d.draw_order
                    )
                )
            spec_json = spec.to_json() | {
                "population": {"count": len(keys), "sha256": _population_hash(keys)},
                "drawn": len(drawn),
                "drawn_at": utcnow().isoformat(),
                "drawn_by": self.ctx.actor_name,
            }
            before = {"seed": c.sample_seed, "spec": c.sample_spec}
            c.sample_seed = seed
            c.sample_spec = spec_json
            self._audit(
                session,
                "campaign",
                c.id,
                "sample",
                before,
                {"seed": seed, "spec": spec_json, "drawn": len(drawn)},
            )
            session.flush()
            cases = self._case_infos(session, c.id, include_removed=False, source="sample")
            return SampleResult(c.id, seed, spec_json, len(keys), cases)

    def verify_sample(self, ref: int | str) -> tuple[bool, str]:
        """Redraw with the stored seed and specification and compare with the stored draw."""
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            if c.sample_seed is None or not c.sample_spec:
                return False, "本活动尚未抽样。"
            keys = self._scope_keys(session, c)
            population = (c.sample_spec or {}).get("population") or {}
            if population.get("sha256") and population["sha256"] != _population_hash(keys):
                return False, (
                    f"抽样范围内的案件已变化（抽样时 {population.get('count')} 件，现在 {len(keys)} 件），"
                    "无法按种子复现。"
                )
            redrawn = [
                d.case_id for d in draw_sample(keys, SampleSpec.from_json(c.sample_spec), c.sample_seed)
            ]
            stored = [
                cc.case_id
                for cc in session.scalars(
                    select(CampaignCase)
                    .where(CampaignCase.campaign_id == c.id, CampaignCase.draw_order.is_not(None))
                    .order_by(CampaignCase.draw_order)
                )
            ]
            if redrawn == stored:
                return True, f"按种子 {c.sample_seed} 重新抽取，结果与保存的 {len(stored)} 件完全一致。"
            return False, f"按种子 {c.sample_seed} 重新抽取的结果与保存的抽样清单不一致。"

    def _case_infos(
        self, session: Session, campaign_id: int, *, include_removed: bool, source: str | None = None
    ) -> list[CampaignCaseInfo]:
        names = self._unit_names(session)
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
                source=cc.source,
                source_label=SOURCES.get(cc.source, cc.source),
                draw_order=cc.draw_order,
                removed=cc.removed,
                reason=cc.reason,
            )
            for cc, case_no, unit_id, case_type, decision_date in rows
        ]

    def export_sample(self, ref: int | str, path: str | os.PathLike[str]) -> Path:
        """Write the drawn list (with seed, rule and population fingerprint) to CSV or XLSX."""
        from casereview.services.campaigns_export import export_sample

        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            info = self._info(session, c)
            cases = self._case_infos(session, c.id, include_removed=True)
        return export_sample(info, cases, Path(path))

    def cases(self, ref: int | str, *, include_removed: bool = False) -> list[CampaignCaseInfo]:
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            return self._case_infos(session, c.id, include_removed=include_removed)

    def add_case(self, ref: int | str, case_ref: int | str, reason: str) -> CampaignCaseInfo:
        """Add a case by hand (手工添加), with a reason kept on the row and in the audit log."""
        if not (reason or "").strip():
            raise ValidationError("手工添加案件必须写明理由。")
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            if c.status == "done":
                raise ConflictError(f"评查活动“{c.name}”已完成，不能再添加案件。", campaign_id=c.id)
            case = self._case(session, case_ref)
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
                i for i in self._case_infos(session, c.id, include_removed=True) if i.case_id == case.id
            )

    def remove_case(self, ref: int | str, case_ref: int | str, reason: str) -> CampaignCaseInfo:
        """Take a case out (kept as removed, with the reason); refused once scoring has started."""
        if not (reason or "").strip():
            raise ValidationError("移除案件必须写明理由。")
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            case = self._case(session, case_ref)
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
                i for i in self._case_infos(session, c.id, include_removed=True) if i.case_id == case.id
            )

    # -- assignment ---------------------------------------------------------------------

    def _people(self, session: Session, *, active_only: bool = True) -> dict[int, Person]:
        query = select(Reviewer).where(Reviewer.role.in_(REVIEW_ROLES))
        if active_only:
            query = query.where(Reviewer.active.is_(True))
        return {
            r.id: Person(r.id, r.unit_id, r.role, r.name)
            for r in session.scalars(query.order_by(Reviewer.id))
        }

    def _active_case_units(self, session: Session, campaign_id: int) -> dict[int, int | None]:
        return dict(
            session.execute(
                select(CampaignCase.case_id, Case.unit_id)
                .join(Case, Case.id == CampaignCase.case_id)
                .where(CampaignCase.campaign_id == campaign_id, CampaignCase.removed.is_(False))
            ).all()
        )

    def _pairs(self, session: Session, campaign_id: int) -> list[Pair]:
        return [
            Pair(a.case_id, a.first_reviewer_id, a.rechecker_id)
            for a in session.scalars(select(Assignment).where(Assignment.campaign_id == campaign_id))
        ]

    def _strict_problems(self, session: Session, c: Campaign) -> list[str]:
        from casereview.campaigns.assignment import violations

        person_units = {r.id: r.unit_id for r in session.scalars(select(Reviewer))}
        names = self._unit_names(session)
        out = []
        for text in violations(
            self._pairs(session, c.id), self._active_case_units(session, c.id), person_units, strict=True
        ):
            out.append(text)
        _ = names
        return out

    def assign(self, ref: int | str, *, seed: int | None = None) -> AssignReport:
        """Give every campaign case without one a first reviewer and a re-checker (balanced,
        conflict rules enforced). Existing assignments are kept. Moves 准备 → 评查中."""
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            if c.status == "done":
                raise ConflictError(f"评查活动“{c.name}”已完成，不能再分配。", campaign_id=c.id)
            case_units = self._active_case_units(session, c.id)
            if not case_units:
                raise ValidationError(f"评查活动“{c.name}”还没有案件，请先抽样或手工添加。")
            people = self._people(session)
            if len(people) < 2:
                raise ValidationError("评查人员名册中在用的评查人员不足 2 人，无法安排“一人评查、一人复核”。")
            existing = [p for p in self._pairs(session, c.id) if p.case_id in case_units]
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
                self._assignment_infos(session, c),
            )

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
        from casereview.services.campaigns_roster import RosterService

        if first is None and rechecker is None:
            raise ValidationError("请指定新的初评人或复核人。")
        roster = RosterService(self.ctx)
        first_id = roster.get(first).id if first is not None else None
        recheck_id = roster.get(rechecker).id if rechecker is not None else None
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            if c.status == "done":
                raise ConflictError(f"评查活动“{c.name}”已完成，不能再调整分配。", campaign_id=c.id)
            case = self._case(session, case_ref)
            case_units = self._active_case_units(session, c.id)
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
            names = self._unit_names(session)
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
            if new_first is not None and new_first == new_recheck:
                raise ValidationError(
                    f"初评人和复核人不能是同一人（{people[new_first].name}）：本活动实行“一人评查、一人复核”。",
                    case=case.case_no,
                )
            others = [
                p for p in self._pairs(session, c.id) if p.case_id != case.id and p.case_id in case_units
            ]
            person_units = {pid: r.unit_id for pid, r in people.items()}
            edges = edges_of(others, case_units, person_units)
            for pid, label in ((new_first, "初评人"), (new_recheck, "复核人")):
                if pid is None:
                    continue
                person = people[pid]
                if not person.active:
                    raise ValidationError(f"{person.name} 已停用，不能分配为{label}。", reviewer_id=pid)
                why = conflict_reason(
                    Person(pid, person.unit_id, person.role, person.name),
                    case.unit_id,
                    edges,
                    strict=c.strict_conflict,
                    unit_names=names,
                )
                if why:
                    raise ValidationError(
                        f"不能把案件 {case.case_no} 的{label}改为{person.name}：{why}。", case=case.case_no
                    )
            if c.strict_conflict:
                # The two people of this case must not create a reciprocal pair between themselves either.
                mine = edges_of([Pair(case.id, new_first, new_recheck)], case_units, person_units)
                for a, b in mine:
                    if (b, a) in edges or (b, a) in mine:
                        raise ValidationError(
                            f"不能这样分配案件 {case.case_no}：严格回避规则下“{names.get(a, a)}”与“{names.get(b, b)}”不得互相评查。",
                            case=case.case_no,
                        )
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
            return next(a for a in self._assignment_infos(session, c) if a.case_id == case.id)

    def _review_status(self, session: Session, campaign_id: int) -> dict[tuple[int, str, int | None], str]:
        """(case id, stage, reviewer id) → status of the latest review, plus (case, 'final', None)."""
        out: dict[tuple[int, str, int | None], str] = {}
        for case_id, stage, reviewer_id, status in session.execute(
            select(Review.case_id, Review.stage, Review.reviewer_id, Review.status)
            .where(Review.campaign_id == campaign_id)
            .order_by(Review.id)
        ):
            key = (case_id, stage, None if stage == ReviewStage.FINAL.value else reviewer_id)
            out[key] = status
        return out

    def _assignment_infos(self, session: Session, c: Campaign) -> list[AssignmentInfo]:
        names = self._unit_names(session)
        people = {r.id: (r.name, names.get(r.unit_id or 0, "")) for r in session.scalars(select(Reviewer))}
        statuses = self._review_status(session, c.id)
        assignments = {
            a.case_id: a for a in session.scalars(select(Assignment).where(Assignment.campaign_id == c.id))
        }
        out = []
        for info in self._case_infos(session, c.id, include_removed=False):
            a = assignments.get(info.case_id)
            first_id = a.first_reviewer_id if a else None
            recheck_id = a.rechecker_id if a else None
            fs = statuses.get((info.case_id, "first", first_id), "none") if first_id else "none"
            rs = statuses.get((info.case_id, "recheck", recheck_id), "none") if recheck_id else "none"
            final = statuses.get((info.case_id, "final", None), "none")
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
                    stage_label=_stage_label(first_id, recheck_id, fs, rs, final),
                )
            )
        return out

    def assignments(self, ref: int | str) -> list[AssignmentInfo]:
        with self.ctx.db.session() as session:
            return self._assignment_infos(session, self._campaign(session, ref))

    def my_cases(
        self, reviewer_id: int, *, campaign: int | str | None = None
    ) -> list[tuple[int, AssignmentInfo, str]]:
        """The cases a person has to score or re-check: (campaign id, assignment, stage to open)."""
        with self.ctx.db.session() as session:
            query = select(Campaign).where(Campaign.status != "done", Campaign.is_practice.is_(False))
            if campaign is not None:
                query = query.where(Campaign.id == self._campaign(session, campaign).id)
            out = []
            for c in session.scalars(query.order_by(Campaign.id)):
                for a in self._assignment_infos(session, c):
                    if a.first_id == reviewer_id:
                        out.append((c.id, a, ReviewStage.FIRST.value))
                    elif a.rechecker_id == reviewer_id:
                        out.append((c.id, a, ReviewStage.RECHECK.value))
            return out

    # -- progress and agreement ------------------------------------------------------------

    def progress(self, ref: int | str, *, today: date | None = None) -> ProgressReport:
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
            infos = self._assignment_infos(session, c)
            names = self._unit_names(session)
            people = {
                r.id: (r.name, names.get(r.unit_id or 0, "")) for r in session.scalars(select(Reviewer))
            }
            rows = [
                CaseProgress(
                    a.case_id,
                    a.unit_id,
                    a.first_id,
                    a.rechecker_id,
                    a.first_status == "submitted",
                    a.recheck_status == "submitted",
                    a.final_status == "submitted",
                )
                for a in infos
            ]
            total, units, reviewers = summarise(rows, names, people, period_end=c.period_end, today=today)
            unassigned = sum(1 for a in infos if a.first_id is None or a.rechecker_id is None)
            return ProgressReport(c.id, total, units, reviewers, unassigned)

    def agreement(self, ref: int | str) -> AgreementReport:
        """Agreement between first review and re-check over the cases where both are submitted."""
        with self.ctx.db.session() as session:
            c = self._campaign(session, ref)
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
            active = self._active_case_units(session, c.id)
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


def _stage_label(first_id: int | None, recheck_id: int | None, fs: str, rs: str, final: str) -> str:
    if final == "submitted":
        return "已定稿"
    if first_id is None or recheck_id is None:
        return "待分配"
    if final == "draft":
        return "合议中"
    if fs == "submitted" and rs == "submitted":
        return "待合议"
    if fs != "submitted":
        return "初评中" if fs == "draft" else "待初评"
    return "复核中" if rs == "draft" else "待复核"
