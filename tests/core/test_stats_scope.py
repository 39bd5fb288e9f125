"""Statistics are scoped to the account: an administrator sees every campaign, a team lead
only the campaigns they lead, nobody a first scoring hidden by a blind re-check, and the
scoring roles, trainers, trainees and anonymous users none at all."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD, DEMO_TRAINEE
from casereview.errors import PermissionDenied
from casereview.services.app import Services
from casereview.stats.model import StatsFilter

LEAD = "陈组长"


def _as(path: Path, name: str | None) -> Services:
    services = Services.open(path)
    if name is not None:
        services.sign_in(name, DEMO_PASSWORD)
    return services


def test_statistics_per_role(demo_db_path: Path) -> None:
    system = Services.open(demo_db_path, as_system=True)
    try:
        campaign = system.campaigns.list_campaigns()[0]
        assert campaign.lead_account_id == system.accounts.get(LEAD).id  # the demo campaign is hers
        every = system.stats.load_input(StatsFilter(include_unfinished=True))
        outside = [r for r in every.reviews if r.campaign_id is None]
        assert outside and any(r.campaign_id == campaign.id for r in every.reviews)
        system.accounts.create("李组长", "李组长", ["lead"], DEMO_PASSWORD)
        people = system.roster.list()
        reviewer = next(p.name for p in people if p.role == "reviewer")
        rechecker = next(p.name for p in people if p.role == "rechecker")
        all_files = system.stats.statistics().files
    finally:
        system.close()

    admin = _as(demo_db_path, DEMO_ADMIN)
    try:
        assert admin.stats.statistics().files == all_files
        assert [c.value for c in admin.stats.filter_options().campaigns] == [campaign.id]
    finally:
        admin.close()

    lead = _as(demo_db_path, LEAD)
    try:
        mine = lead.stats.load_input(StatsFilter(include_unfinished=True))
        assert mine.reviews and {r.campaign_id for r in mine.reviews} == {campaign.id}
        assert lead.stats.statistics().files == lead.stats.statistics(StatsFilter(campaign_id=campaign.id)).files
        assert [c.value for c in lead.stats.filter_options().campaigns] == [campaign.id]
        # nothing of a first scoring hidden from her unit by a blind re-check is counted
        from casereview.services.policy import hidden_first_reviews

        with lead.ctx.db.session() as session:
            hidden = hidden_first_reviews(session, lead.ctx.account)
        assert not hidden & {r.review_id for r in mine.reviews}
        counted_ids = {r.review_id for r in every.reviews if r.campaign_id == campaign.id}
        assert {r.review_id for r in mine.reviews} == counted_ids - hidden
    finally:
        lead.close()

    other = _as(demo_db_path, "李组长")
    try:
        assert other.stats.load_input(StatsFilter(include_unfinished=True)).reviews == []
        assert other.stats.filter_options().campaigns == []
        with pytest.raises(PermissionDenied, match="本人担任组长"):
            other.stats.statistics(StatsFilter(campaign_id=campaign.id))
        with pytest.raises(PermissionDenied, match="本人担任组长"):
            other.exports.export_stats_xlsx(StatsFilter(campaign_id=campaign.id), io.BytesIO())
    finally:
        other.close()

    for name in (reviewer, rechecker, "林培训", DEMO_TRAINEE, None):
        s = _as(demo_db_path, name)
        try:
            with pytest.raises(PermissionDenied):
                s.stats.statistics()
            with pytest.raises(PermissionDenied):
                s.exports.export_report_pdf(StatsFilter(), io.BytesIO())
        finally:
            s.close()


def test_a_campaign_changes_lead_only_to_a_lead(demo_db_path: Path) -> None:
    from casereview.errors import ValidationError

    system = Services.open(demo_db_path, as_system=True)
    try:
        campaign = system.campaigns.list_campaigns()[0]
        with pytest.raises(ValidationError, match="不是组长"):
            system.campaigns.update(campaign.id, lead="林培训")
        system.accounts.create("李组长", "李组长", ["lead"], DEMO_PASSWORD)
        assert system.campaigns.update(campaign.id, lead="李组长").lead_account_id == system.accounts.get("李组长").id
    finally:
        system.close()
    lead = _as(demo_db_path, "李组长")
    try:
        assert [c.value for c in lead.stats.filter_options().campaigns] == [campaign.id]
        created = lead.campaigns.create("李组长的活动")
        assert created.lead_account_id == lead.accounts.current().id  # type: ignore[union-attr]
    finally:
        lead.close()


def test_a_leads_statistics_cover_what_her_register_shows(demo_db_path: Path) -> None:
    """问题整改 and 统计分析 have one scope: a lead counts the daily reviews (no campaign) of her
    own unit besides her campaigns, as her register lists their findings; another unit's not."""
    from sqlalchemy import select

    from casereview.storage.models import Case, Review

    system = Services.open(demo_db_path, as_system=True)
    try:
        every = system.stats.load_input(StatsFilter(include_unfinished=True))
        daily = [r.review_id for r in every.reviews if r.campaign_id is None]
        with system.ctx.db.session() as session:
            unit_of = dict(session.execute(select(Review.id, Case.unit_id).join(Case, Case.id == Review.case_id)
                                           .where(Review.id.in_(daily))).all())
        unit = next(u for u in unit_of.values() if u is not None)
        system.accounts.create("周组长", "周组长", ["lead"], DEMO_PASSWORD, unit=unit)
    finally:
        system.close()

    lead = _as(demo_db_path, "周组长")
    try:
        counted = {r.review_id for r in lead.stats.load_input(StatsFilter(include_unfinished=True)).reviews}
        assert counted == {rid for rid, u in unit_of.items() if u == unit}
        register_units = {d.unit_id for d in lead.deficiencies.fetch(lead.deficiencies.register_ids().ids)}
        assert register_units <= {unit}
    finally:
        lead.close()
