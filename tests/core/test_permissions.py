"""Roles enforced in the services: every public method has a rule, each role meets it."""

from __future__ import annotations

import inspect
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD, DEMO_TRAINEE
from casereview.errors import PermissionDenied
from casereview.services.app import Services
from casereview.services.policy import POLICY


def _areas() -> list[str]:
    return [name for name, value in vars(Services).items() if isinstance(value, cached_property)]


def _public_members(cls: type) -> set[str]:
    names = set()
    for name in dir(cls):
        if name.startswith("_"):
            continue
        attr = inspect.getattr_static(cls, name)
        if callable(attr) or isinstance(attr, property | cached_property | staticmethod | classmethod):
            names.add(name)
    return names


def test_every_public_service_method_is_permission_checked(tmp_path: Path) -> None:
    """A method added later without a rule fails here (and cannot be called at all)."""
    services = Services.open(tmp_path / "p.sqlite3")
    try:
        assert set(_areas()) == set(POLICY), "every service area has a policy table"
        for area in _areas():
            guarded = getattr(services, area)
            target = object.__getattribute__(guarded, "_target")
            members = _public_members(type(target))
            missing = members - set(POLICY[area])
            assert not missing, f"{area}: no permission rule for {sorted(missing)}"
            stale = set(POLICY[area]) - members
            assert not stale, f"{area}: rules for methods that do not exist: {sorted(stale)}"
    finally:
        services.close()


def test_a_method_without_a_rule_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from casereview.services.cases import CaseService

    monkeypatch.setattr(CaseService, "sneaky", lambda self: "done", raising=False)
    services = Services.open(tmp_path / "p.sqlite3", as_system=True)
    try:
        with pytest.raises(PermissionDenied, match="未登记权限"):
            services.cases.sneaky()  # type: ignore[attr-defined]
    finally:
        services.close()


@pytest.fixture
def demo(demo_db_path: Path) -> Path:
    return demo_db_path


def _as(path: Path, name: str | None) -> Services:
    services = Services.open(path)
    if name is not None:
        services.sign_in(name, DEMO_PASSWORD)
    return services


def _roster(path: Path) -> dict[str, Any]:
    s = Services.open(path, as_system=True)
    try:
        people = s.roster.list()
        campaign = s.campaigns.list_campaigns()[0]
        assignments = s.campaigns.assignments(campaign.id)
        return {"people": people, "campaign": campaign, "assignments": assignments}
    finally:
        s.close()


def test_unauthenticated_reads_public_data_and_refuses_every_change(demo: Path) -> None:
    s = _as(demo, None)
    try:
        assert s.cases.count() > 0
        assert s.standards.list_versions()
        with pytest.raises(PermissionDenied, match="未登录"):
            s.reviews.open_review(s.cases.query_ids()[0])
        with pytest.raises(PermissionDenied, match="未登录"):
            s.roster.edit(1, role="lead")
        with pytest.raises(PermissionDenied, match="未登录"):
            s.reviews.history(1)
    finally:
        s.close()


def test_roles_against_services(demo: Path) -> None:
    info = _roster(demo)
    people = {p.id: p for p in info["people"]}
    campaign = info["campaign"]
    a = next(x for x in info["assignments"] if x.first_id and x.rechecker_id)
    first, rechecker = people[a.first_id], people[a.rechecker_id]
    lead = next(p for p in info["people"] if p.role == "lead")

    # 评查人: cannot promote himself, cannot issue notices or create campaigns.
    s = _as(demo, first.name)
    try:
        with pytest.raises(PermissionDenied, match="无权"):
            s.roster.edit(first.id, role="lead")
        with pytest.raises(PermissionDenied, match="无权"):
            s.notices.issue_all()
        with pytest.raises(PermissionDenied, match="无权"):
            s.campaigns.create("私自活动")
        with pytest.raises(PermissionDenied):
            s.roster.choose(lead.id)  # acting as someone else
        with pytest.raises(PermissionDenied, match="无权"):
            s.reviews.reopen(1, "想改")
        with pytest.raises(PermissionDenied, match="无权"):
            s.standards.sync_shipped()
        # his own assignment opens at his stage; the re-check stage of the case is not his
        access, _state = s.campaigns.open_for(a.case_id, campaign.id)
        assert access.stage == "first" or access.read_only
        with pytest.raises(PermissionDenied):
            s.reviews.open_review(a.case_id, stage="recheck", campaign_id=campaign.id)
        with pytest.raises(PermissionDenied):
            s.reviews.open_review(a.case_id, campaign_id=campaign.id, reviewer_id=a.rechecker_id)
    finally:
        s.close()

    # 学员: practice only.
    s = _as(demo, DEMO_TRAINEE)
    try:
        assert isinstance(s.training.practice_sets(), list)
        with pytest.raises(PermissionDenied, match="无权"):
            s.reviews.reviews_of_case(1)
        with pytest.raises(PermissionDenied, match="无权"):
            s.stats.filter_options()
    finally:
        s.close()

    # 管理员: accounts and standards, but no scoring or notices.
    s = _as(demo, DEMO_ADMIN)
    try:
        assert any(acc.name == first.name for acc in s.accounts.list_accounts())
        s.standards.sync_shipped()
        with pytest.raises(PermissionDenied, match="无权"):
            s.notices.issue_all()
        with pytest.raises(PermissionDenied, match="无权"):
            s.reviews.open_review(1)
    finally:
        s.close()

    # 组长: campaigns and statistics; a reviewer's account list is not theirs.
    s = _as(demo, lead.name)
    try:
        assert s.campaigns.progress(campaign.id) is not None
        assert s.stats.filter_options() is not None
        with pytest.raises(PermissionDenied, match="无权"):
            s.accounts.list_accounts()
    finally:
        s.close()

    # every refusal above is in the audit chain, and the chain is intact
    s = Services.open(demo, as_system=True)
    try:
        refused = [e for e in s.audit.entries(limit=500) if e.action == "refused"]
        assert len(refused) >= 10
        assert s.audit.verify().ok
        del rechecker
    finally:
        s.close()


def test_blind_recheck_hides_the_first_scoring_from_the_rechecker(demo: Path) -> None:
    info = _roster(demo)
    people = {p.id: p for p in info["people"]}
    campaign = info["campaign"]
    sys_s = Services.open(demo, as_system=True)
    try:
        pending = None
        for a in info["assignments"]:
            access = sys_s.campaigns.review_for(a.case_id, campaign.id, a.rechecker_id)
            first = sys_s.campaigns.review_for(a.case_id, campaign.id, a.first_id)
            if access.blind and first.review_id is not None:
                pending = a, first.review_id
                break
    finally:
        sys_s.close()
    if pending is None:
        pytest.skip("demo campaign has no case waiting for a blind re-check")
    a, first_review_id = pending
    s = _as(demo, people[a.rechecker_id].name)
    try:
        with pytest.raises(PermissionDenied, match="盲评复核"):
            s.reviews.state(first_review_id)
        with pytest.raises(PermissionDenied, match="盲评复核"):
            s.reviews.history(first_review_id)
        with pytest.raises(PermissionDenied):
            s.exports.review_form(first_review_id)
        with pytest.raises(PermissionDenied):
            s.campaigns.visible_first_review(a.case_id, campaign.id, a.first_id)
    finally:
        s.close()


def _hidden_scored_case(demo: Path) -> tuple[str, int, str, float] | None:
    """A case waiting for a blind re-check whose case-list score is the first scoring:
    (re-checker's account, case id, the first grade, the first score)."""
    from sqlalchemy import select

    from casereview.services.policy import hidden_case_scores
    from casereview.storage.models import Case

    info = _roster(demo)
    people = {p.id: p for p in info["people"]}
    for a in info["assignments"]:
        if not a.rechecker_id:
            continue
        s = _as(demo, people[a.rechecker_id].name)
        try:
            with s.ctx.db.session() as session:
                hidden = hidden_case_scores(session, s.ctx.account) or set()
                row = session.execute(select(Case.review_grade, Case.review_score).where(Case.id == a.case_id)).first()
            if a.case_id in hidden and row is not None and row.review_grade:
                return people[a.rechecker_id].name, a.case_id, row.review_grade, float(row.review_score)
        finally:
            s.close()
    return None


def test_blind_recheck_case_list_sort_and_filter_do_not_reveal_the_first_score(demo: Path) -> None:
    """Sorting by score or grade and filtering by grade treat a hidden case like an unscored one."""
    from casereview.services.cases import CaseFilter

    found = _hidden_scored_case(demo)
    if found is None:
        pytest.skip("demo campaign has no scored case waiting for a blind re-check")
    name, case_id, grade, _score = found
    system = Services.open(demo, as_system=True)
    s = _as(demo, name)
    try:
        assert case_id in system.cases.query_ids(CaseFilter(grades=(grade,)))
        assert case_id not in s.cases.query_ids(CaseFilter(grades=(grade,)))
        for sort in ("score", "grade"):
            for descending in (False, True):
                ids = s.cases.query_ids(sort=sort, descending=descending)
                rows = s.cases.fetch_rows(ids)
                assert [r.id for r in rows] == ids
                blank = [i for i, r in enumerate(rows) if (r.score if sort == "score" else r.grade) is None]
                assert case_id in [rows[i].id for i in blank]
                # the unscored cases (the hidden one among them) form one block ordered by id:
                # nothing in the order sets the hidden case apart
                assert blank == list(range(blank[0], blank[0] + len(blank)))
                assert [rows[i].id for i in blank] == sorted(rows[i].id for i in blank)
                # and the system's order does set it apart (the test would see a leak)
                sys_ids = system.cases.query_ids(sort=sort, descending=descending)
                sys_rows = system.cases.fetch_rows(sys_ids)
                assert next(r for r in sys_rows if r.id == case_id).grade == grade
        # not signed in: no scores, so sorting by them orders by case only, and no grade matches
        anon = Services.open(demo)
        try:
            assert anon.cases.query_ids(CaseFilter(grades=(grade,))) == []
            assert anon.cases.query_ids(sort="score") == sorted(anon.cases.query_ids(sort="score"))
        finally:
            anon.close()
    finally:
        s.close()
        system.close()


def test_practice_answer_keys_do_not_leak_before_submission(demo: Path) -> None:
    """A practice case's source case carries the key's score; the trainer's explanations name
    the key's findings; another trainee's comparison is theirs alone."""
    from casereview.errors import ConflictError

    system = Services.open(demo, as_system=True)
    try:
        key = system.training.publishable_reviews()[0]
        first_item = next(iter(system.reviews.state(key["review_id"]).results))
        pc = system.training.publish_practice(key["review_id"], explanations={first_item: "此项是关键"})
        source = pc.case_id
        other = next(i for i in system.cases.query_ids() if i != source)
        assert system.cases.fetch_rows([source])[0].score is not None
        reviewer = next(p.name for p in system.roster.list() if p.role == "reviewer")
    finally:
        system.close()

    trainee = _as(demo, DEMO_TRAINEE)
    try:
        info = trainee.training.practice_cases()[0]
        assert info.explanations == {}
        view = trainee.training.practice_case_view(info.id)
        assert view.fields.get("review_score") is None and view.fields.get("review_grade") is None
        assert {r.score for r in trainee.cases.fetch_rows([source, other])} == {None}  # practice only
        state = trainee.training.start_practice(info.id)
        with pytest.raises(ConflictError, match="提交后"):
            trainee.training.compare_practice(state.review.id)
        mine = state.review.id
    finally:
        trainee.close()

    s = _as(demo, reviewer)
    try:
        rows = {r.id: r for r in s.cases.fetch_rows([source, other])}
        assert rows[source].score is None and rows[source].grade is None
        assert key["review_id"] not in [r.id for r in s.reviews.reviews_of_case(source)]
        assert s.training.practice_cases()[0].explanations == {}
        with pytest.raises(PermissionDenied):
            s.training.compare_practice(mine)  # another trainee's practice
        with pytest.raises(PermissionDenied):
            s.reviews.state(key["review_id"])
    finally:
        s.close()

    trainer = _as(demo, "林培训")
    try:
        # (the trainer's text plus the key's own notes: every finding of the key, by item)
        assert trainer.training.practice_cases()[0].explanations[first_item] == "此项是关键"
        assert trainer.cases.fetch_rows([source])[0].score is not None
    finally:
        trainer.close()
