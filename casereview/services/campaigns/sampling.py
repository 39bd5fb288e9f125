"""The seeded sample (抽样): cases in scope, drawing, re-drawing to verify, exporting the list."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import delete, func, select

from casereview.campaigns.sampling import SampleSpec, draw_sample
from casereview.errors import ConflictError, ValidationError
from casereview.services.campaigns.base import CampaignBase
from casereview.services.campaigns.queries import (
    campaign_by_ref,
    campaign_info,
    case_infos,
    population_hash,
    scope_keys,
    unit_names,
)
from casereview.services.campaigns.types import SampleResult
from casereview.storage.models import Assignment, CampaignCase, utcnow


class SamplingMixin(CampaignBase):
    def scope_count(self, ref: int | str) -> dict[str, int]:
        """Cases in scope per unit name (what the sampling dialog shows before drawing)."""
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            names = unit_names(session)
            out: dict[str, int] = {}
            for key in scope_keys(session, c):
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
            c = campaign_by_ref(session, ref)
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
            keys = scope_keys(session, c)
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
                "population": {"count": len(keys), "sha256": population_hash(keys)},
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
            cases = case_infos(session, c.id, include_removed=False, source="sample")
            return SampleResult(c.id, seed, spec_json, len(keys), cases)

    def verify_sample(self, ref: int | str) -> tuple[bool, str]:
        """Redraw with the stored seed and specification and compare with the stored draw."""
        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            if c.sample_seed is None or not c.sample_spec:
                return False, "本活动尚未抽样。"
            keys = scope_keys(session, c)
            population = (c.sample_spec or {}).get("population") or {}
            if population.get("sha256") and population["sha256"] != population_hash(keys):
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

    def export_sample(self, ref: int | str, path: str | os.PathLike[str]) -> Path:
        """Write the drawn list (with seed, rule and population fingerprint) to CSV or XLSX."""
        from casereview.services.campaigns.export import export_sample

        with self.ctx.db.session() as session:
            c = campaign_by_ref(session, ref)
            info = campaign_info(session, c)
            cases = case_infos(session, c.id, include_removed=True)
        return export_sample(info, cases, Path(path))

