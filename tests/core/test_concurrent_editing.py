"""Two PCs editing one review: a stale screen is refused with who/when, and cached
aggregates (answered count, score, case-list columns) never go stale, even when one
writer pauses between reading and writing. Both engines."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select
from test_storage import _add_case, _services

from casereview.domain.enums import Answer
from casereview.errors import StaleEditError
from casereview.scoring.engine import score
from casereview.services.app import Services
from casereview.services.queries import reviews as reviews_module
from casereview.services.queries.reviews import answers_of, definition_of
from casereview.storage.models import Case, ItemResult, Review


def _fresh_aggregates(services: Services, review_id: int) -> tuple[tuple[int, float | None], tuple[int, float]]:
    """(cached answered/score on the rows, recomputed from the answers)."""
    with services.ctx.db.session() as session:
        review = session.get(Review, review_id)
        assert review is not None
        results = session.scalars(select(ItemResult).where(ItemResult.review_id == review_id)).all()
        real = score(definition_of(session, review), answers_of(results))
        case = session.get(Case, review.case_id)
        assert case is not None and case.review_score == review.total_score
        return (review.answered, review.total_score), (real.answered_count, real.total)


def test_stale_screen_gets_who_and_when_and_overwrites_nothing(any_db: str) -> None:
    pc_a = _services(any_db)
    pc_b = Services.open(any_db, actor="李四", as_system=True)
    try:
        case_id = _add_case(pc_a)
        opened = pc_a.reviews.open_review(case_id)
        review_id, version = opened.review.id, opened.review.version
        codes = opened.definition.item_codes()
        seen_by_b = pc_b.reviews.state(review_id).review.version
        assert seen_by_b == version
        saved = pc_a.reviews.save_answer(review_id, codes[0], Answer.PASS, expected_version=version)
        assert saved.version == version + 1
        with pytest.raises(StaleEditError) as err:
            pc_b.reviews.save_answer(review_id, codes[0], Answer.NOT_APPLICABLE, expected_version=seen_by_b)
        assert err.value.params["by"] == "测试员"
        assert "已被 测试员 于" in err.value.message and "修改" in err.value.message
        state = pc_b.reviews.state(review_id)  # the reload the UI does
        assert state.results[codes[0]].answer == Answer.PASS.value and state.review.version == saved.version
        again = pc_b.reviews.save_answer(review_id, codes[0], Answer.NOT_APPLICABLE, expected_version=state.review.version)
        assert again.version == saved.version + 1
        with pytest.raises(StaleEditError, match="已被 李四 于"):
            pc_a.reviews.set_note(review_id, codes[0], "说明", expected_version=saved.version)
    finally:
        pc_a.close()
        pc_b.close()


def test_pausing_writer_leaves_no_stale_aggregates(any_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pc_a = _services(any_db)
    pc_b = Services.open(any_db, actor="李四", as_system=True)
    try:
        case_id = _add_case(pc_a)
        review_id = pc_a.reviews.open_review(case_id).review.id
        codes = pc_a.reviews.state(review_id).definition.item_codes()
        real_validate = reviews_module.validate_answer

        def slow_validate(*args: object, **kwargs: object) -> None:
            # Writer A pauses after reading the review and before writing its answer.
            if threading.current_thread().name == "writer-a":
                time.sleep(0.6)
            real_validate(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(reviews_module, "validate_answer", slow_validate)
        errors: list[BaseException] = []

        def write(services: Services, code: str) -> None:
            try:
                services.reviews.save_answer(review_id, code, Answer.PASS)
            except BaseException as exc:
                errors.append(exc)

        a = threading.Thread(target=write, args=(pc_a, codes[0]), name="writer-a")
        a.start()
        time.sleep(0.2)  # A has read the review and is paused
        b = threading.Thread(target=write, args=(pc_b, codes[1]), name="writer-b")
        b.start()
        a.join(10)
        b.join(10)
        assert not errors, errors
        cached, real = _fresh_aggregates(pc_a, review_id)
        assert cached == real and real[0] == 2
    finally:
        pc_a.close()
        pc_b.close()


def test_notice_changes_check_the_version(any_db: str) -> None:
    from rectification_fixtures import UNITS, add_reviewed_cases, open_services

    lead = open_services(any_db)
    other = Services.open(any_db, actor="王五", as_system=True)
    try:
        add_reviewed_cases(lead, per_unit=1, deductions=1)
        first = lead.notices.issue(UNITS[0], issue_date=dt.date(2025, 9, 26))
        other.notices.set_deadline(first.id, first.deadline + dt.timedelta(days=30), "延期",
                                   expected_version=first.version)
        with pytest.raises(StaleEditError, match="已被 王五 于"):
            lead.notices.void(first.id, "重复下发", expected_version=first.version)
        now = lead.notices.get(first.id)
        assert now.status == first.status and now.version == first.version + 1
        assert lead.notices.void(first.id, "重复下发", expected_version=now.version).status == "void"
    finally:
        lead.close()
        other.close()
