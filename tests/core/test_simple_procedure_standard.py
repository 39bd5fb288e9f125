"""A 简易程序 case is scored against the shipped simple-procedure standard, not the 77-item
general one: outside a campaign, and inside a campaign whose penalty standard is the general
one; a general-procedure case keeps the general standard."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from casereview.services.app import Services
from casereview.standards import shipped_standard
from casereview.storage.models import Case, Standard, StandardVersion

GENERAL, SIMPLE = "gd-transport-penalty-general", "gd-transport-penalty-simple"


def _standard_of(services: Services, version_id: int) -> str:
    with services.ctx.db.session() as session:
        return str(session.scalar(select(Standard.code).join(StandardVersion, StandardVersion.standard_id == Standard.id)
                                  .where(StandardVersion.id == version_id)))


@pytest.fixture
def services(demo_db_path: Path) -> Services:
    s = Services.open(demo_db_path, as_system=True)
    s.standards.sync_shipped()
    yield s  # type: ignore[misc]
    s.close()


def _cases(services: Services) -> tuple[int, int]:
    """Two new, unreviewed penalty cases: one general procedure, one 简易程序 (200 yuan)."""
    with services.ctx.db.session() as session:
        made = [Case(case_no=f"粤交执罚〔2024〕测{n}号", case_type="penalty", procedure=procedure, party_name="王五",
                     party_type="individual", fine_amount=200, penalty_types="罚款")
                for n, procedure in enumerate(("general", "simple"))]
        session.add_all(made)
        session.flush()
        return made[0].id, made[1].id


def test_the_simple_standard_is_shipped_and_small() -> None:
    std = shipped_standard(SIMPLE)
    assert std.procedure.value == "simple" and std.case_type.value == "penalty"
    items = [i for _c, i in std.iter_items()]
    assert 15 <= len(items) <= 30 < len(list(shipped_standard(GENERAL).iter_items()))
    linked = {c for i in items for c in i.check_ids}
    assert {"penalty.simple_procedure_limits", "penalty.simple_procedure_filing_5_days",
            "penalty.fine_collection_separation"} <= linked


def test_new_reviews_choose_by_case_type_and_procedure(services: Services) -> None:
    general, simple = _cases(services)
    # opening to look writes nothing and shows the standard that would be used
    peek = services.reviews.open_review(simple, create=False)
    assert peek.review.id == 0 and peek.definition.id == SIMPLE
    assert services.reviews.open_review(general, create=False).definition.id == GENERAL
    started = services.reviews.open_review(simple)
    assert _standard_of(services, started.review.standard_version_id) == SIMPLE


def test_a_campaigns_general_standard_gives_way_for_simple_cases(services: Services) -> None:
    general, simple = _cases(services)
    with services.ctx.db.session() as session:
        general_version = session.scalar(select(StandardVersion.id).join(Standard).where(Standard.code == GENERAL)
                                         .order_by(StandardVersion.id.desc()))
    campaign = services.campaigns.create("简易程序测试", standards={"penalty": int(general_version or 0)})
    simple_state = services.reviews.open_review(simple, campaign_id=campaign.id, create=False)
    general_state = services.reviews.open_review(general, campaign_id=campaign.id, create=False)
    assert simple_state.definition.id == SIMPLE and general_state.definition.id == GENERAL


def test_an_empty_review_switches_standard_and_one_with_an_answer_does_not(services: Services) -> None:
    from casereview.domain.enums import Answer
    from casereview.errors import ConflictError, ValidationError

    _general, simple = _cases(services)
    options = services.reviews.applicable_standards(simple)
    codes = [o.code for o in options]
    assert codes[0] == SIMPLE and GENERAL in codes  # the case's own procedure first
    assert all(o.case_type == "penalty" for o in options)
    review = services.reviews.open_review(simple)
    to_general = next(o for o in options if o.code == GENERAL)
    switched = services.reviews.switch_standard(review.review.id, to_general.version_id)
    assert switched.definition.id == GENERAL and switched.score.item_count > 50
    entry = services.audit.entries(review_id=review.review.id)[0]
    assert entry.action == "switch_standard"
    back = services.reviews.switch_standard(review.review.id, options[0].version_id)
    assert back.definition.id == SIMPLE
    licensing = next(o for o in services.standards.list_versions() if o.case_type != "penalty")
    with pytest.raises(ValidationError, match="不适用于本案的案件类型"):
        services.reviews.switch_standard(review.review.id, licensing.version_id)
    item = next(code for code, _i in [(i.code, i) for _c, i in back.definition.iter_items()])
    services.reviews.save_answer(review.review.id, item, Answer.PASS)
    with pytest.raises(ConflictError, match="已有 1 项作答"):
        services.reviews.switch_standard(review.review.id, to_general.version_id)
    assert services.reviews.state(review.review.id).definition.id == SIMPLE
