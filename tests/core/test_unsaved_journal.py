"""The team server goes away while an officer is answering: the answers are kept in a local
journal (never lost, never half-written), and saved when the server is back — or shown as a
conflict when someone else changed the review meanwhile. The server "goes away" for real:
the program talks to PostgreSQL through a TCP relay that the test stops and starts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from netrelay import Relay, relayed_url
from test_storage import _add_case

from casereview.domain.enums import Answer
from casereview.errors import CaseReviewError
from casereview.services.app import Services
from casereview.services.unsaved import ReviewChange, UnsavedJournal, is_offline, replay


@pytest.fixture
def relayed(pg_url: str) -> Iterator[tuple[str, Relay]]:
    with relayed_url(pg_url) as pair:
        yield pair


def _change(code: str, answer: Answer) -> ReviewChange:
    return ReviewChange("answer", code, {"answer": answer.value, "keep_note": True}, f"作答 {code}")


def test_answers_made_while_the_server_is_gone_are_saved_when_it_returns(
    relayed: tuple[str, Relay], pg_url: str, tmp_path: Path
) -> None:
    url, relay = relayed
    pc = Services.open(url, actor="测试员", as_system=True)
    pc.standards.sync_shipped()
    journal = UnsavedJournal(tmp_path / "unsaved.json")
    try:
        case_id = _add_case(pc)
        state = pc.reviews.open_review(case_id)
        review_id, version = state.review.id, state.review.version
        codes = state.definition.item_codes()

        relay.stop()  # the network cable is pulled
        with pytest.raises(CaseReviewError) as gone:
            pc.reviews.save_answer(review_id, codes[0], Answer.PASS, expected_version=version)
        assert is_offline(gone.value) and "连接" in gone.value.message
        for code, answer in ((codes[0], Answer.PASS), (codes[1], Answer.NOT_APPLICABLE)):
            journal.add("db", case_id=case_id, case_no="粤交执罚〔2024〕1号", stage="first", campaign_id=None,
                        review_id=review_id, base_version=version, change=_change(code, answer))
        assert os.stat(journal.path).st_size > 0 and len(journal.entries("db")) == 2
        assert "作答" in journal.as_text("db")  # can always be copied out

        still_gone = replay(pc, journal, "db")
        assert still_gone.offline and not still_gone.saved and len(journal.entries("db")) == 2

        relay.start()  # the server is back
        back = replay(pc, journal, "db")
        assert not back.offline and len(back.saved) == 2 and not back.conflicts
        assert journal.entries("db") == [] and not journal.path.exists()
        results = pc.reviews.state(review_id).results
        assert results[codes[0]].answer == Answer.PASS.value
        assert results[codes[1]].answer == Answer.NOT_APPLICABLE.value

        # Meanwhile someone else changed the review: the journalled answer is a conflict, kept.
        seen = pc.reviews.state(review_id).review.version
        journal.add("db", case_id=case_id, case_no="粤交执罚〔2024〕1号", stage="first", campaign_id=None,
                    review_id=review_id, base_version=seen, change=_change(codes[2], Answer.PASS))
        other = Services.open(pg_url, actor="李四", as_system=True)
        try:
            other.reviews.save_answer(review_id, codes[2], Answer.NOT_APPLICABLE)
        finally:
            other.close()
        clash = replay(pc, journal, "db")
        assert not clash.saved and len(clash.conflicts) == 1
        assert clash.conflicts[0][1].params["by"] == "李四"
        assert len(journal.entries("db")) == 1  # nothing silently dropped
        assert pc.reviews.state(review_id).results[codes[2]].answer == Answer.NOT_APPLICABLE.value
    finally:
        pc.close()


def test_journal_is_per_database_and_survives_damage(tmp_path: Path) -> None:
    journal = UnsavedJournal(tmp_path / "j.json")
    journal.add("a", case_id=1, case_no="甲", stage="first", campaign_id=None, review_id=0, base_version=None,
                change=_change("A1", Answer.PASS))
    journal.add("b", case_id=2, case_no="乙", stage="first", campaign_id=None, review_id=5, base_version=3,
                change=_change("B1", Answer.VETO))
    assert [e.case_no for e in journal.entries("a")] == ["甲"] and len(journal.entries()) == 2
    again = UnsavedJournal(tmp_path / "j.json").entries("b")[0]  # read back from disk as written
    assert again.change.params["answer"] == "veto" and again.base_version == 3
    (tmp_path / "j.json").write_text("{not json", encoding="utf-8")
    assert journal.entries() == []  # a damaged journal is set aside, not overwritten
    assert any(p.name.startswith("j.json.damaged-") for p in tmp_path.iterdir())
