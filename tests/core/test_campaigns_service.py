"""Campaign service on a small generated database: sampling, assignment rules, blind
re-check, reconciliation keeping both originals, agreement, progress, export, CLI."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from casereview.campaigns.sampling import SampleSpec, UnitQuota
from casereview.demo.build import build_dataset, ensure_roster
from casereview.demo.generator import DatasetSpec
from casereview.errors import ConflictError, ValidationError
from casereview.services.app import Services
from casereview.storage.models import AuditEntry, Deficiency, ItemResult, Review


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("campaigns") / "template.sqlite3"
    services = Services.open(path, as_system=True)
    try:
        services.standards.sync_shipped()
        build_dataset(services, DatasetSpec(cases=80, seed=11), documents=False)
        ensure_roster(services)
    finally:
        services.close()
    return path


@pytest.fixture
def services(template_db: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "db.sqlite3"
    shutil.copy(template_db, path)
    s = Services.open(path, as_system=True)
    yield s
    s.close()


def _campaign(services: Services, **kw: object) -> int:
    units = [u.id for u in services.cases.units()][:4]
    c = services.campaigns.create("测试评查活动", organiser="法制处", units=units, **kw)  # type: ignore[arg-type]
    services.campaigns.sample(c.id, SampleSpec(UnitQuota("percent", 20)), seed=777)
    services.campaigns.assign(c.id, seed=5)
    return c.id


def _answer_all(services: Services, review_id: int, deduct: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    state = services.reviews.state(review_id)
    for _cat, item in state.definition.iter_items():
        if item.code in deduct:
            services.reviews.save_answer(review_id, item.code, "deduct", note=f"{item.code} 有问题")
        else:
            services.reviews.save_answer(review_id, item.code, "pass")


def _scorable(services: Services, review_id: int, n: int) -> list[str]:
    state = services.reviews.state(review_id)
    codes = [
        item.code
        for cat, item in state.definition.iter_items()
        if not cat.veto_tier and item.max_points > 0 and item.deduction.mode.value == "full"
    ]
    return codes[:n]


def test_sample_is_stored_reproducible_and_exported(services: Services, tmp_path: Path) -> None:
    units = [u.id for u in services.cases.units()][:3]
    c = services.campaigns.create("抽样", units=units)
    result = services.campaigns.sample(c.id, SampleSpec(UnitQuota("percent", 20)), seed=99)
    assert result.seed == 99 and result.drawn
    info = services.campaigns.get(c.id)
    assert (
        info.sample_seed == 99
        and info.sample_spec
        and info.sample_spec["population"]["count"] == result.population
    )
    ok, text = services.campaigns.verify_sample(c.id)
    assert ok, text
    # Another campaign over the same scope and seed draws exactly the same files.
    c2 = services.campaigns.create("抽样二", units=units)
    again = services.campaigns.sample(c2.id, SampleSpec(UnitQuota("percent", 20)), seed=99)
    assert [d.case_id for d in again.drawn] == [d.case_id for d in result.drawn]
    with pytest.raises(ConflictError, match="已抽样"):
        services.campaigns.sample(c.id, SampleSpec(), seed=1)
    out = services.campaigns.export_sample(c.id, tmp_path / "sample.csv")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert ["随机种子", "99"] in rows
    assert sum(1 for r in rows if r and r[0].isdigit()) == len(result.drawn)
    xlsx = services.campaigns.export_sample(c.id, tmp_path / "sample.xlsx")
    assert xlsx.stat().st_size > 0


def test_manual_add_and_remove_need_a_reason_and_are_logged(services: Services) -> None:
    cid = _campaign(services)
    outside = next(
        r.case_no
        for r in services.cases.list_rows()
        if r.case_no not in {c.case_no for c in services.campaigns.cases(cid)}
    )
    with pytest.raises(ValidationError, match="理由"):
        services.campaigns.add_case(cid, outside, " ")
    added = services.campaigns.add_case(cid, outside, "群众举报线索，补充抽查")
    assert added.source == "manual" and added.reason == "群众举报线索，补充抽查"
    removed = services.campaigns.remove_case(cid, outside, "案卷已移送司法机关")
    assert removed.removed
    with services.ctx.db.session() as session:
        actions = [
            (a.action, a.reason)
            for a in session.scalars(select(AuditEntry).where(AuditEntry.entity == "campaign_case"))
        ]
    assert ("add", "群众举报线索，补充抽查") in actions and ("remove", "案卷已移送司法机关") in actions


def test_assignment_respects_rules_and_reassign_explains_in_chinese(services: Services) -> None:
    cid = _campaign(services, strict_conflict=True)
    rows = services.campaigns.assignments(cid)
    assert rows and all(a.first_id and a.rechecker_id for a in rows)
    for a in rows:
        assert a.first_id != a.rechecker_id
        assert a.first_unit != a.unit_name and a.rechecker_unit != a.unit_name
    target = rows[0]
    own = next(p for p in services.roster.list() if p.unit_id == target.unit_id and p.role == "reviewer")
    with pytest.raises(ValidationError, match="不能评查本单位案件"):
        services.campaigns.reassign(cid, target.case_no, first=own.id)
    with pytest.raises(ValidationError, match="同一人"):
        services.campaigns.reassign(cid, target.case_no, first=target.rechecker_id)
    # Strict rule: someone of a unit whose files the target's unit reviews cannot take it.
    reviewed_by_target_unit = {
        a.unit_id for a in rows if target.unit_name in (a.first_unit, a.rechecker_unit)
    }
    blocked = next(
        (p for p in services.roster.list() if p.unit_id in reviewed_by_target_unit and p.role == "reviewer"),
        None,
    )
    if blocked is not None:
        with pytest.raises(ValidationError, match="严格回避规则"):
            services.campaigns.reassign(cid, target.case_no, first=blocked.id)


def test_blind_recheck_hides_first_scores_until_submitted(services: Services) -> None:
    cid = _campaign(services)
    a = services.campaigns.assignments(cid)[0]
    access = services.campaigns.review_for(a.case_id, cid, a.rechecker_id)
    assert access.stage == "recheck" and access.blind
    assert services.campaigns.review_for(a.case_id, cid, a.first_id).stage == "first"
    _, first = services.campaigns.open_for(a.case_id, cid, a.first_id)
    assert first is not None
    _answer_all(services, first.review.id)
    services.reviews.submit(first.review.id)
    with pytest.raises(ConflictError, match="盲评复核") as err:
        services.campaigns.visible_first_review(a.case_id, cid, a.rechecker_id)
    assert err.value.code == "blind_recheck"
    assert services.campaigns.visible_first_review(a.case_id, cid, a.first_id) is not None
    _, recheck = services.campaigns.open_for(a.case_id, cid, a.rechecker_id)
    assert recheck is not None and not recheck.results  # blind: starts empty
    _answer_all(services, recheck.review.id)
    services.reviews.submit(recheck.review.id)
    shown = services.campaigns.visible_first_review(a.case_id, cid, a.rechecker_id)
    assert shown is not None and shown.review.id == first.review.id


def test_open_recheck_is_prefilled_and_waits_for_the_first(services: Services) -> None:
    cid = _campaign(services, blind_recheck=False)
    a = services.campaigns.assignments(cid)[0]
    waiting = services.campaigns.review_for(a.case_id, cid, a.rechecker_id)
    assert waiting.stage is None and "初评人提交后" in waiting.message
    _, first = services.campaigns.open_for(a.case_id, cid, a.first_id)
    assert first is not None
    _answer_all(services, first.review.id, set(_scorable(services, first.review.id, 1)))
    services.reviews.submit(first.review.id)
    access, recheck = services.campaigns.open_for(a.case_id, cid, a.rechecker_id)
    assert access.prefill and not access.blind and recheck is not None
    submitted = services.reviews.state(first.review.id)
    assert {k: v.answer for k, v in recheck.results.items()} == {
        k: v.answer for k, v in submitted.results.items()
    }
    assert "deduct" in {v.answer for v in recheck.results.values()}


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_reconciliation_keeps_both_originals_and_final_makes_deficiencies(services: Services) -> None:
    cid = _campaign(services)
    a = services.campaigns.assignments(cid)[0]
    _, first = services.campaigns.open_for(a.case_id, cid, a.first_id)
    assert first is not None
    codes = _scorable(services, first.review.id, 3)
    _answer_all(services, first.review.id, {codes[0]})
    services.reviews.submit(first.review.id)
    _, recheck = services.campaigns.open_for(a.case_id, cid, a.rechecker_id)
    assert recheck is not None
    _answer_all(services, recheck.review.id, {codes[1], codes[2]})
    services.reviews.submit(recheck.review.id)
    with services.ctx.db.session() as session:
        before = {
            (r.review_id, r.item_code, r.answer, r.note)
            for r in session.scalars(
                select(ItemResult).where(ItemResult.review_id.in_([first.review.id, recheck.review.id]))
            )
        }
    recon = services.campaigns.reconciliation(a.case_id, cid)
    assert {i.item_code for i in recon.disagreements} == set(codes)
    assert recon.items[0].differs  # disagreements listed first
    with pytest.raises(ConflictError, match="不一致"):
        services.campaigns.confirm_agreement(a.case_id, cid)
    with pytest.raises(ValidationError, match="理由"):
        services.campaigns.resolve_item(a.case_id, cid, codes[0], reason="", take="first")
    services.campaigns.resolve_item(a.case_id, cid, codes[0], reason="初评意见成立", take="first")
    with pytest.raises(ValidationError, match="未合议"):
        services.campaigns.finalize(a.case_id, cid)
    services.campaigns.resolve_item(a.case_id, cid, codes[1], reason="复核意见成立", take="recheck")
    services.campaigns.resolve_item(a.case_id, cid, codes[2], reason="经合议不扣分", answer="pass")
    final = services.campaigns.finalize(a.case_id, cid)
    assert final.review.stage == "final" and final.review.locked
    assert (
        final.results[codes[0]].answer == "deduct"
        and final.results[codes[0]].reconcile_reason == "初评意见成立"
    )
    assert final.results[codes[2]].answer == "pass"
    with services.ctx.db.session() as session:
        after = {
            (r.review_id, r.item_code, r.answer, r.note)
            for r in session.scalars(
                select(ItemResult).where(ItemResult.review_id.in_([first.review.id, recheck.review.id]))
            )
        }
        statuses = {r.id: r.status for r in session.scalars(select(Review).where(Review.campaign_id == cid))}
        found = {
            d.item_code
            for d in session.scalars(select(Deficiency).where(Deficiency.review_id == final.review.id))
        }
        first_defs = session.scalars(select(Deficiency).where(Deficiency.review_id == first.review.id)).all()
    assert after == before  # both original scorings unchanged
    assert statuses[first.review.id] == statuses[recheck.review.id] == "submitted"
    assert found == {codes[0], codes[1]}
    assert not first_defs  # campaign first reviews are not authoritative
    report = services.campaigns.agreement(cid)
    assert report.stats.cases == 1 and report.reconciled_cases == 1
    assert report.stats.overall.agreed == report.stats.overall.n - 3
    progress = services.campaigns.progress(cid)
    assert progress.total.reconciled == 1


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_full_agreement_is_confirmed_in_one_action(services: Services) -> None:
    cid = _campaign(services)
    a = services.campaigns.assignments(cid)[1]
    for person in (a.first_id, a.rechecker_id):
        _, state = services.campaigns.open_for(a.case_id, cid, person)
        assert state is not None
        _answer_all(services, state.review.id)
        services.reviews.submit(state.review.id)
    assert services.campaigns.reconciliation(a.case_id, cid).all_agree
    lead = next(p for p in services.roster.list() if p.role == "lead")
    assert services.campaigns.review_for(a.case_id, cid, lead.id).stage == "final"
    final = services.campaigns.confirm_agreement(a.case_id, cid)
    assert final.review.locked and final.review.stage == "final"
    assert services.campaigns.review_for(a.case_id, cid, lead.id).read_only


def test_close_refuses_open_cases_without_force(services: Services) -> None:
    cid = _campaign(services)
    with pytest.raises(ConflictError, match="尚未合议定稿"):
        services.campaigns.close(cid)
    with pytest.raises(ValidationError, match="理由"):
        services.campaigns.close(cid, force=True)
    done = services.campaigns.close(cid, force=True, reason="年度评查截止")
    assert done.status == "done" and done.status_label == "已完成"


def test_roster_choose_sets_the_current_user(services: Services) -> None:
    person = services.roster.add("测试员", unit=services.cases.units()[0].name, role="复核人")
    assert person.role == "rechecker"
    chosen = services.roster.choose(person.id)
    assert services.ctx.actor_id == chosen.id and services.ctx.actor == "测试员"
    services.roster.edit(person.id, active=False)
    with pytest.raises(ConflictError, match="停用"):
        services.roster.choose(person.id)
    with pytest.raises(ValidationError, match="角色"):
        services.roster.add("某人", role="boss")


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_cli_done_when_scenario(
    template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lead creates a campaign over several units, draws 20 %, assigns; two people score and
    re-check a case; the disagreement is reconciled; agreement statistics show it."""
    from casereview.cli.main import main
    from casereview.standards.loader import load_standard_file, shipped_standard_paths

    db = tmp_path / "cli.sqlite3"
    shutil.copy(template_db, db)
    path = next(p for p in shipped_standard_paths() if "penalty" in p.name)
    std = load_standard_file(path)
    answers = {item.code: "pass" for _c, item in std.iter_items()}
    deduct_code = next(
        i.code for c, i in std.iter_items() if not c.veto_tier and i.deduction.mode.value == "full"
    )
    (tmp_path / "pass.json").write_text(json.dumps({"answers": answers}), encoding="utf-8")
    (tmp_path / "deduct.json").write_text(
        json.dumps({"answers": answers | {deduct_code: {"answer": "deduct", "note": "询问笔录早于立案"}}}),
        encoding="utf-8",
    )

    def run(*argv: str) -> str:
        code = main([*argv, "--db", str(db)])
        out = capsys.readouterr()
        assert code == 0, out.err
        return out.out

    run("campaigns", "create", "CLI 活动", "--units", "广州,深圳,佛山", "--case-types", "penalty")
    drawn = json.loads(run("campaigns", "sample", "1", "--per-unit", "20%", "--seed", "4242", "--json"))
    assert drawn["seed"] == 4242 and drawn["drawn"]
    run("campaigns", "assign", "1")
    assignments = json.loads(run("campaigns", "show", "1", "--json"))["assignments"]
    a = assignments[0]
    run(
        "campaigns",
        "score",
        "1",
        a["case_no"],
        "--as",
        str(a["first_id"]),
        "--answers",
        str(tmp_path / "pass.json"),
        "--submit",
    )
    run(
        "campaigns", "score", "1", a["case_no"], "--as", str(a["rechecker_id"]),
        "--answers", str(tmp_path / "deduct.json"), "--submit",
    )  # fmt: skip
    shown = run("campaigns", "reconcile", "1", a["case_no"])
    assert deduct_code in shown
    run(
        "campaigns",
        "reconcile",
        "1",
        a["case_no"],
        "--item",
        deduct_code,
        "--take",
        "recheck",
        "--reason",
        "复核意见成立",
    )
    run("campaigns", "reconcile", "1", a["case_no"], "--finalize")
    stats = json.loads(run("campaigns", "agreement", "1", "--json"))
    assert stats["stats"]["cases"] == 1 and stats["reconciled_cases"] == 1
    assert stats["stats"]["lowest"][0]["item_code"].endswith(deduct_code)
    assert "一致率" in run("campaigns", "agreement", "1")
    progress = json.loads(run("campaigns", "progress", "1", "--json"))
    assert progress["total"]["reconciled"] == 1
    run("campaigns", "export-sample", "1", "--out", str(tmp_path / "s.xlsx"))
    assert "陈组长" in run("roster", "list")


def _counts(services: Services) -> tuple[int, int, int]:
    from sqlalchemy import func

    with services.ctx.db.session() as session:
        return (
            session.scalar(select(func.count(Review.id))) or 0,
            session.scalar(select(func.count(AuditEntry.id))) or 0,
            session.scalar(select(func.count(Deficiency.id))) or 0,
        )


def test_opening_an_open_recheck_is_one_transaction(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating the re-check review and pre-filling it happen together: a failure after the
    prefill leaves no half-made (empty) re-check behind."""
    import casereview.services.campaigns.recheck as recheck_module

    cid = _campaign(services, blind_recheck=False)
    a = services.campaigns.assignments(cid)[0]
    _, first = services.campaigns.open_for(a.case_id, cid, a.first_id)
    assert first is not None
    _answer_all(services, first.review.id)
    services.reviews.submit(first.review.id)
    before = _counts(services)

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk gone mid-way")

    with monkeypatch.context() as patch:
        patch.setattr(recheck_module, "rescore", broken)
        with pytest.raises(RuntimeError):
            services.campaigns.open_for(a.case_id, cid, a.rechecker_id)
    assert _counts(services) == before  # no review, no audit entry
    _, recheck = services.campaigns.open_for(a.case_id, cid, a.rechecker_id)
    assert recheck is not None and len(recheck.results) == len(list(first.definition.iter_items()))


def test_confirming_agreement_is_one_transaction(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """The final review, its submission and the campaign's status change commit together."""
    cid = _campaign(services)
    a = services.campaigns.assignments(cid)[0]
    for person in (a.first_id, a.rechecker_id):
        _, state = services.campaigns.open_for(a.case_id, cid, person)
        assert state is not None
        _answer_all(services, state.review.id)
        services.reviews.submit(state.review.id)
    before = _counts(services)

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("fails after the submission")

    from casereview.services.campaigns.recheck import RecheckMixin

    with monkeypatch.context() as patch:
        patch.setattr(RecheckMixin, "_maybe_advance", broken)
        with pytest.raises(RuntimeError):
            services.campaigns.confirm_agreement(a.case_id, cid)
    assert _counts(services) == before  # no final review, no audit entry, no deficiency
    final = services.campaigns.confirm_agreement(a.case_id, cid)
    assert final.review.stage == "final" and final.review.status == "submitted"


def test_campaign_dtos_carry_enums(services: Services) -> None:
    """What the UI and CLI compare against are enum members, not free strings."""
    from casereview.campaigns.labels import CampaignStatus, CaseSource, ReviewerRole, StageRole
    from casereview.domain.enums import ReviewStage, ReviewStatus

    cid = _campaign(services)
    info = services.campaigns.get(cid)
    assert info.status is CampaignStatus.REVIEWING and info.status.label == info.status_label == "评查中"
    assert {c.source for c in services.campaigns.cases(cid)} == {CaseSource.SAMPLE}
    a = services.campaigns.assignments(cid)[0]
    assert a.first_status is None and a.stage_label == "待初评"
    access = services.campaigns.review_for(a.case_id, cid, a.first_id)
    assert access.stage is ReviewStage.FIRST and access.role is StageRole.FIRST
    _, first = services.campaigns.open_for(a.case_id, cid, a.first_id)
    assert first is not None
    assert services.campaigns.assignments(cid)[0].first_status is ReviewStatus.DRAFT
    assert all(isinstance(p.role, ReviewerRole) for p in services.roster.list())
