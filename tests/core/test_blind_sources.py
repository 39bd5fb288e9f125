"""What a scorer must not be shown before their own submission, through the shared
libraries: a blind re-checker is not offered wordings (常用语) coined from the first
scoring, and an account practising a case does not find that case's findings (the
answer key) in the training library."""

from __future__ import annotations

from pathlib import Path

from casereview.demo.build import DEMO_PASSWORD
from casereview.domain.enums import Answer
from casereview.services.app import Services

ITEM = "C03"


def _as(path: Path, name: str) -> Services:
    services = Services.open(path)
    services.sign_in(name, DEMO_PASSWORD)
    return services


def test_a_blind_rechecker_is_not_offered_the_first_reviewers_wordings(demo_db_path: Path) -> None:
    system = Services.open(demo_db_path, as_system=True)
    try:
        people = {p.id: p for p in system.roster.list()}
        campaign = system.campaigns.list_campaigns()[0]
        a = next(x for x in system.campaigns.assignments(campaign.id) if x.stage_label == "待复核")
        first_review = system.campaigns.review_for(a.case_id, campaign.id, a.first_id).review_id
        assert first_review is not None and system.campaigns.get(campaign.id).blind_recheck
        system.deficiencies.add_phrase(ITEM, "早已有之的表述")  # no provenance: everyone's
        outsider = next(p.name for p in people.values() if p.role == "reviewer"
                        and p.id not in (a.first_id, a.rechecker_id) and p.unit_id != people[a.rechecker_id].unit_id)
    finally:
        system.close()
    first = _as(demo_db_path, people[a.first_id].name)
    try:
        first.deficiencies.add_phrase(ITEM, "初评人从本案记下的表述", review_id=first_review)
        first.deficiencies.add_phrase(ITEM, "初评人评查期间新添的表述")  # no source named: still his, after he began
    finally:
        first.close()
    lead = _as(demo_db_path, "陈组长")
    try:
        lead.deficiencies.add_phrase(ITEM, "组长摘自初评的表述", review_id=first_review)
        assert {p.text for p in lead.deficiencies.phrases(ITEM)} >= {"初评人从本案记下的表述", "组长摘自初评的表述"}
    finally:
        lead.close()
    coined = {"初评人从本案记下的表述", "初评人评查期间新添的表述", "组长摘自初评的表述"}

    rechecker = _as(demo_db_path, people[a.rechecker_id].name)
    try:
        offered = {p.text for p in rechecker.deficiencies.phrases(ITEM)}
        assert "早已有之的表述" in offered
        assert not offered & coined
    finally:
        rechecker.close()
    other = _as(demo_db_path, outsider)
    try:
        assert coined <= {p.text for p in other.deficiencies.phrases(ITEM)}
    finally:
        other.close()
    # the wordings' coining is in the audit chain
    system = Services.open(demo_db_path, as_system=True)
    try:
        assert len([e for e in system.audit.entries(limit=200, entity="phrase") if e.action == "add"]) == 4
        assert system.audit.verify().ok
    finally:
        system.close()


def test_a_practice_cases_findings_stay_out_of_the_library_until_submitted(demo_db_path: Path) -> None:
    system = Services.open(demo_db_path, as_system=True)
    try:
        keys = system.training.publishable_reviews()
        source_in_library = {r.case_id for r in system.training.library().records.values()}
        key = next(k for k in keys if k["case_id"] in source_in_library)
        pc = system.training.publish_practice(key["review_id"])
        source = pc.case_id
        ids = [d for d, r in system.training.library().records.items() if r.case_id == source]
        system.training.curate(next(g.key for g in system.training.library().items if set(g.example_ids) & set(ids)),
                               title="示例", example_ids=ids[:1])
        reviewer = next(p.name for p in system.roster.list() if p.role == "reviewer")
    finally:
        system.close()

    s = _as(demo_db_path, reviewer)
    try:
        assert source not in {r.case_id for r in s.training.library().records.values()}
        assert all(not set(e.example_ids) & set(ids) for e in s.training.entries())
        state = s.training.start_practice(pc.id)
        assert source not in {r.case_id for r in s.training.library().records.values()}  # started is not enough
        for _cat, item in state.definition.iter_items():
            s.reviews.save_answer(state.review.id, item.code, Answer.PASS)
        s.reviews.submit(state.review.id)
        assert source in {r.case_id for r in s.training.library().records.values()}
        assert any(set(e.example_ids) & set(ids) for e in s.training.entries())
    finally:
        s.close()

    trainer = _as(demo_db_path, "林培训")
    try:
        assert source in {r.case_id for r in trainer.training.library().records.values()}
    finally:
        trainer.close()
