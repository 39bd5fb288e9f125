"""Training service on the demo data: library counts, curation, anonymised handouts, practice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import cached_sqlite, copy_db
from sqlalchemy import func, select

from casereview.domain.enums import Answer, ReviewStage
from casereview.errors import NotFoundError, ValidationError
from casereview.services.app import Services
from casereview.storage.models import Case, Deficiency, ItemResult, Officer, Reviewer, Unit
from casereview.training.library import LibraryScope

PENALTY = "gd-transport-penalty-general"


def _score(services: Services, case_id: int, deduct: dict[str, str], *, evidence: bool = True) -> int:
    """Score a case outside any campaign: 符合 everywhere except ``deduct`` (item -> note)."""
    state = services.reviews.open_review(case_id)
    detail = services.cases.detail(case_id)
    pdf_docs = [d for d in detail.documents if d.kind == "pdf"]
    for _cat, item in state.definition.iter_items():
        if item.code in deduct:
            mode = item.deduction.mode.value
            kwargs: dict[str, object] = {"note": deduct[item.code]}
            if mode == "range":
                kwargs["deduction"] = float(item.deduction.min or 1)
            elif mode == "per_occurrence":
                kwargs["occurrences"] = 1
            answer = Answer.VETO if item.veto else Answer.DEDUCT
            if answer is Answer.VETO:
                kwargs = {"note": deduct[item.code]}
            services.reviews.save_answer(state.review.id, item.code, answer, **kwargs)  # type: ignore[arg-type]
            if evidence and pdf_docs:
                services.reviews.add_evidence(state.review.id, item.code, pdf_docs[0].id, 1)
        else:
            services.reviews.save_answer(state.review.id, item.code, Answer.PASS)
    services.reviews.submit(state.review.id)
    return state.review.id


def _penalty_cases(services: Services, n: int) -> list[int]:
    with services.ctx.db.session() as s:
        from casereview.storage.models import Review

        reviewed = set(s.scalars(select(Review.case_id)))
        ids = [
            c.id
            for c in s.scalars(select(Case).where(Case.case_type == "penalty", Case.procedure == "general").order_by(Case.id))
            if c.id not in reviewed
        ]
    if len(ids) < n:
        pytest.skip("demo data has too few unreviewed general-procedure penalty cases")
    return ids[:n]


@pytest.fixture
def trained(tmp_path: Path, demo_db_template: Path) -> Iterator[tuple[Services, list[int]]]:
    """The demo data plus two scored cases; built once per session, copied per test."""

    def build(path: Path) -> list[int]:
        copy_db(demo_db_template, path)
        services = Services.open(path, as_system=True)
        try:
            cases = _penalty_cases(services, 2)
            r1 = _score(services, cases[0], {"L04": "询问笔录制作时间早于立案时间", "A05": "页码漏编或重号"})
            r2 = _score(services, cases[1], {"L04": "先取证后立案且无先行调查记录", "D05": "照片未注明拍摄时间地点和拍摄人"})
            return [r1, r2]
        finally:
            services.close()

    ids = cached_sqlite("trained", tmp_path / "trained.sqlite3", build)
    services = Services.open(tmp_path / "trained.sqlite3", as_system=True)
    try:
        yield services, ids
    finally:
        services.close()


def test_library_counts_match_the_deficiency_register(trained: tuple[Services, list[int]]) -> None:
    services, _ = trained
    lib = services.training.library()
    # The library counts what 统计分析 counts: register rows of the one counted review per file
    # whose answer is still a deduction or veto (counted straight from the tables here).
    counted = services.stats.counted_review_ids()
    live = (
        select(Deficiency.id)
        .join(ItemResult, (ItemResult.review_id == Deficiency.review_id) & (ItemResult.item_code == Deficiency.item_code))
        .where(Deficiency.review_id.in_(counted), ItemResult.answer.in_((Answer.DEDUCT.value, Answer.VETO.value)))
    )
    with services.ctx.db.session() as s:
        live_ids = set(s.scalars(live))
        assert live_ids, "the trained database has counted findings"
        rows = s.execute(select(Deficiency.item_code, Deficiency.category).where(Deficiency.id.in_(live_ids))).all()
    total = len(rows)
    by_item: dict[str, int] = {}
    by_cat: dict[str | None, int] = {}
    for code, category in rows:
        by_item[code] = by_item.get(code, 0) + 1
        by_cat[category] = by_cat.get(category, 0) + 1
    assert lib.total == total
    summed: dict[str, int] = {}
    for g in lib.items:
        summed[g.item_code] = summed.get(g.item_code, 0) + g.count
        assert sum(c for _, c in g.trend) == g.count
    assert summed == by_item
    assert {c.category: c.count for c in lib.categories} == {k or "未分类": v for k, v in by_cat.items()}
    l04 = lib.item(f"{PENALTY}:L04")
    assert l04 is not None and l04.count >= 2
    # scope: a unit that has no findings gives an empty library
    assert services.training.library(LibraryScope(unit_id=-1)).total == 0


def test_curate_export_handout_without_real_identifiers(trained: tuple[Services, list[int]], tmp_path: Path) -> None:
    services, _ = trained
    t = services.training
    lib = t.library()
    t.curate(f"{PENALTY}:L04", title="先调查后立案", explanation="调查取证早于立案。", correct_practice="先立案后调查。",
             legal_basis="《中华人民共和国行政处罚法》第五十四条")
    t.curate(t.resolve_key("A05", lib), title="页码编写不规范", explanation="页码漏编、重号。")
    t.curate("category:程序", title="程序类问题概览")
    assert len(t.entries()) == 3
    # kept on update; None leaves a field alone
    t.curate(f"{PENALTY}:L04", explanation="调查取证（询问笔录）早于立案。")
    entry = t.entry(f"{PENALTY}:L04")
    assert entry is not None and entry.title == "先调查后立案" and entry.correct_practice == "先立案后调查。"
    with pytest.raises(ValidationError):
        t.curate("category:新键", explanation="no title")

    pdf, slides, docx_path = tmp_path / "h.pdf", tmp_path / "s.pdf", tmp_path / "h.docx"
    handout = t.export_handout_pdf(pdf)
    t.export_slides_pdf(slides)
    t.export_handout_docx(docx_path)
    assert [e.title for e in handout.entries] == ["先调查后立案", "页码编写不规范", "程序类问题概览"]
    assert sum(len(e.examples) for e in handout.entries) >= 3

    import docx
    from pypdf import PdfReader

    text = "".join(p.extract_text() for f in (pdf, slides) for p in PdfReader(str(f)).pages)
    text += "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert "先调查后立案" in text and "当事人" in text
    with services.ctx.db.session() as s:
        real: set[str] = set()
        for row in s.execute(
            select(Case.party_name, Case.party_id_no, Case.party_phone, Case.party_address, Case.vehicle_plate, Case.case_no)
        ):
            real |= {v for v in row if v}
        real |= set(s.scalars(select(Officer.name))) | set(s.scalars(select(Unit.name)))
    leaks = sorted(v for v in real if v in text)
    assert not leaks, leaks


def test_example_page_image_is_redacted(trained: tuple[Services, list[int]]) -> None:
    pytest.importorskip("pypdfium2")
    services, _ = trained
    lib = services.training.library()
    group = lib.item(f"{PENALTY}:L04")
    assert group is not None
    examples = services.training.examples(group.example_ids)
    with_image = [e for e in examples if e.image_path is not None]
    assert with_image, [e.image_note for e in examples]
    assert Path(with_image[0].image_path or "").stat().st_size > 1000


def test_publish_practice_compare_and_cohort(trained: tuple[Services, list[int]]) -> None:
    services, (key_id, _other) = trained
    t = services.training
    with pytest.raises(NotFoundError):
        t.publish_practice(999999)
    pc = t.publish_practice(key_id, practice_set="新人培训")
    assert pc.explanations["L04"] == "询问笔录制作时间早于立案时间"
    view = t.practice_case_view(pc.id)
    detail = services.cases.detail(pc.case_id)
    assert view.fields["party_name"] != detail.fields["party_name"]
    assert view.case_no != detail.case_no and detail.fields["party_id_no"] not in str(view.fields)
    t.set_explanation(pc.id, "A05", "注意封面和目录不编页码。")

    with services.ctx.db.session() as s:
        trainee = Reviewer(name="赵学员", role="trainee")
        s.add(trainee)
        s.flush()
        trainee_id = trainee.id
        deficiencies_before = s.scalar(select(func.count(Deficiency.id)))
        state_before = s.get(Case, pc.case_id).review_state  # type: ignore[union-attr]
    state = t.start_practice(pc.id, trainee_id)
    assert state.review.stage == ReviewStage.PRACTICE.value and state.review.practice_case_id == pc.id
    assert state.review.standard_version_id == pc.standard_version_id
    rid = state.review.id
    for _cat, item in state.definition.iter_items():
        if item.code == "D05":
            services.reviews.save_answer(rid, "D05", Answer.DEDUCT, deduction=1.0, note="照片无说明")
        else:
            services.reviews.save_answer(rid, item.code, Answer.PASS)
    services.reviews.submit(rid)
    with services.ctx.db.session() as s:
        assert s.scalar(select(func.count(Deficiency.id))) == deficiencies_before  # practice never counts
        assert s.get(Case, pc.case_id).review_state == state_before  # type: ignore[union-attr]

    comp = t.compare_practice(rid)
    assert set(comp.missed) == {"L04", "A05"} and comp.extra == ("D05",)
    a05 = next(i for i in comp.items if i.item_code == "A05")
    assert a05.explanation == "注意封面和目录不编页码。"
    results = t.practice_results("新人培训")
    assert [a.reviewer_name for a in results.attempts] == ["赵学员"]
    assert {i.item_code for i in results.most_missed} == {"L04", "A05"}
    assert t.practice_cases("新人培训")[0].submitted == 1
    # the same key cannot be published twice in one set
    with pytest.raises(Exception, match="已发布"):
        t.publish_practice(key_id, practice_set="新人培训")


def test_start_practice_is_one_transaction(trained: tuple[Services, list[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking the practice case and creating the trainee's review commit together: a
    failure after the review is made leaves neither the review nor its audit entry."""
    import casereview.services.queries.reviews as review_queries
    from casereview.storage.models import AuditEntry, Review

    services, (key_id, _other) = trained
    pc = services.training.publish_practice(key_id)

    def counts() -> tuple[int, int]:
        with services.ctx.db.session() as s:
            return s.scalar(select(func.count(Review.id))) or 0, s.scalar(select(func.count(AuditEntry.id))) or 0

    before = counts()

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("fails after the review is created")

    with monkeypatch.context() as patch:
        patch.setattr(review_queries, "rescore", broken)
        with pytest.raises(RuntimeError):
            services.training.start_practice(pc.id)
    assert counts() == before
    state = services.training.start_practice(pc.id)
    assert state.review.practice_case_id == pc.id and counts()[0] == before[0] + 1
    services.training.set_practice_active(pc.id, False)
    with pytest.raises(Exception, match="已停用"):
        services.training.start_practice(pc.id)


def test_training_changes_are_in_the_audit_chain(trained: tuple[Services, list[int]]) -> None:
    from sqlalchemy import select

    from casereview.storage.models import AuditEntry

    services, (key_id, _other) = trained
    t = services.training
    pc = t.publish_practice(key_id, practice_set="审计")
    t.set_explanation(pc.id, "A05", "注意页码")
    t.set_practice_active(pc.id, False)
    key = t.library().items[0].key
    t.curate(key, title="常见问题：测试")
    t.delete_entry(key)
    with services.ctx.db.session() as session:
        actions = session.execute(
            select(AuditEntry.entity, AuditEntry.action)
            .where(AuditEntry.entity.in_(("practice_case", "training_entry"))).order_by(AuditEntry.id)
        ).all()
    assert [tuple(a) for a in actions] == [
        ("practice_case", "publish"), ("practice_case", "explanation"), ("practice_case", "deactivate"),
        ("training_entry", "curate"), ("training_entry", "delete"),
    ]
    assert services.audit.verify().ok
