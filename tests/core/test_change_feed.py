"""Other PCs learn of a commit: NOTIFY/LISTEN on PostgreSQL, PRAGMA data_version polling on
SQLite; own commits and rolled-back transactions are not reported; a server that is not
there is reported offline. Two connections (two Services) on one database, both engines."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from test_storage import _add_case, _services

from casereview.domain.enums import Answer
from casereview.services.app import Services
from casereview.storage.changes import Change, parse, payload
from casereview.storage.db import Database


def _wait(predicate: Callable[[], bool], timeout: float = 8.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


class Inbox:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.status: list[bool] = []
        self.lock = threading.Lock()

    def change(self, change: Change) -> None:
        with self.lock:
            self.changes.append(change)

    def online(self, ok: bool) -> None:
        self.status.append(ok)


def test_other_pc_commits_are_reported_own_ones_are_not(any_db: str) -> None:
    pc_a = _services(any_db)
    pc_b = Services.open(any_db, actor="李四", as_system=True)
    inbox = Inbox()
    watcher = pc_b.watch_changes(inbox.change, inbox.online, interval=0.2)
    try:
        assert _wait(lambda: inbox.status == [True])
        case_id = _add_case(pc_a)
        review_id = pc_a.reviews.open_review(case_id).review.id
        assert _wait(lambda: bool(inbox.changes)), "A's commit never reached B"
        codes = pc_a.reviews.state(review_id).definition.item_codes()
        inbox.changes.clear()
        pc_a.reviews.save_answer(review_id, codes[0], Answer.PASS)
        assert _wait(lambda: bool(inbox.changes))
        change = inbox.changes[-1]
        assert change.touches_review(review_id)
        if not any_db.startswith("sqlite"):  # the payload says what and who
            assert not change.everything and review_id in change.review_ids and case_id in change.case_ids
            assert "item_results" in change.tables and change.by == "测试员"
        # B's own saves are not news to B.
        time.sleep(0.5)
        inbox.changes.clear()
        pc_b.reviews.save_answer(review_id, codes[1], Answer.PASS)
        time.sleep(1.0)
        assert inbox.changes == []
        # A failed transaction tells nobody anything.
        with pytest.raises(RuntimeError), pc_a.ctx.db.session() as session:
            from casereview.storage.models import Unit

            session.add(Unit(name="回滚的单位"))
            session.flush()
            raise RuntimeError("abort")
        time.sleep(1.0)
        assert inbox.changes == []
    finally:
        watcher.stop()
        pc_a.close()
        pc_b.close()


def test_unreachable_server_is_reported_offline() -> None:
    database = Database("postgresql+psycopg://casereview@127.0.0.1:9/none")  # nothing listens on port 9
    inbox = Inbox()
    watcher = database.watch_changes(inbox.change, inbox.online)
    try:
        assert _wait(lambda: inbox.status == [False], timeout=15)
    finally:
        watcher.stop()
        database.dispose()


def test_payload_round_trip_and_foreign_payloads() -> None:
    from casereview.storage.changes import _Seen

    seen = _Seen({"reviews", "item_results"}, {3}, {7})
    origin, change = parse(payload(seen, "abc", "张三"))
    assert origin == "abc" and change.review_ids == {7} and change.case_ids == {3} and change.by == "张三"
    many = _Seen({"cases"}, set(range(1, 200)), set())
    assert parse(payload(many, "x", None))[1].everything  # too many ids: refresh everything
    assert parse("not json")[1].everything


def test_sqlite_another_programs_commit_next_to_ours_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """data_version moves by one however many commits there were: a commit of another
    program in the same poll interval as ours is still reported (by its audit entries)."""
    url = f"sqlite:///{tmp_path / 'feed.sqlite3'}"
    pc_a = _services(url)
    pc_b = Services.open(url, actor="李四", as_system=True)
    inbox = Inbox()
    try:
        case_id = _add_case(pc_a)
        review_id = pc_a.reviews.open_review(case_id).review.id
        codes = pc_a.reviews.state(review_id).definition.item_codes()
        watcher = pc_b.watch_changes(inbox.change, inbox.online, interval=3.0)
        try:
            assert _wait(lambda: inbox.status == [True])
            time.sleep(0.5)
            pc_b.reviews.save_answer(review_id, codes[1], Answer.PASS)  # ours,
            pc_a.reviews.save_answer(review_id, codes[0], Answer.PASS)  # theirs,
            pc_b.reviews.save_answer(review_id, codes[2], Answer.PASS)  # ours again: one poll sees all three
            assert _wait(lambda: bool(inbox.changes), timeout=8.0), "A's commit next to B's own was not reported"
            # and B's own commits alone are still no news
            time.sleep(3.5)
            inbox.changes.clear()
            pc_b.reviews.save_answer(review_id, codes[3], Answer.PASS)
            time.sleep(4.0)
            assert inbox.changes == []
        finally:
            watcher.stop()
    finally:
        pc_a.close()
        pc_b.close()
