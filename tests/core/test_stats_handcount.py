"""The demo campaign's figures against a count made straight from the database tables:
only finalised (合议) reviews count, items are (standard, code), rounding is half up, and
the points actually lost add up to what the scores say."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from casereview.services.app import Services
from casereview.stats import StatsFilter
from casereview.storage.models import Campaign, ItemResult, Review, Standard, StandardVersion


def test_campaign_figures_match_a_hand_count(demo_services: Services) -> None:
    with demo_services.ctx.db.session() as session:
        campaign_id = session.scalar(select(Campaign.id).where(Campaign.is_practice.is_(False)).order_by(Campaign.id))
        finals = session.execute(
            select(Review.id, Review.case_id, Review.total_score, Standard.code)
            .join(StandardVersion, StandardVersion.id == Review.standard_version_id)
            .join(Standard, Standard.id == StandardVersion.standard_id)
            .where(Review.campaign_id == campaign_id, Review.stage == "final", Review.status == "submitted")
        ).all()
        scored = set(session.scalars(
            select(Review.case_id).where(Review.campaign_id == campaign_id, Review.status == "submitted",
                                         Review.stage != "practice")
        ))
        std_of = {rid: code for rid, _, _, code in finals}
        findings = session.execute(
            select(ItemResult.review_id, ItemResult.item_code)
            .where(ItemResult.review_id.in_(std_of), ItemResult.answer.in_(("deduct", "veto")))
        ).all()
    stats = demo_services.stats.statistics(StatsFilter(campaign_id=campaign_id))
    assert stats.files == len({case for _, case, _, _ in finals}) > 0
    assert len(stats.unfinished) == len(scored) - stats.files > 0  # scored but not finalised: listed apart
    assert "尚未完成复核合议" in stats.scope_text()
    mean = sum(Decimal(repr(float(s))) for _, _, s, _ in finals) / len(finals)
    assert stats.mean_score == float(mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    by_item = Counter((std_of[rid], code) for rid, code in findings)
    assert stats.problems == sum(by_item.values())
    assert {(i.standard_code, i.item_code): i.times for i in stats.items} == dict(by_item)
    # several standards in scope: every item row names its standard
    assert all(i.standard_code and i.standard_name for i in stats.items)
    assert stats.points_deducted <= stats.points_nominal
    # the dashboard, the workbook and the report read the same Statistics
    again = demo_services.exports.stats.statistics(StatsFilter(campaign_id=campaign_id))
    assert again.figures() == stats.figures()
