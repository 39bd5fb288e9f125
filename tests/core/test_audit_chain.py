"""The tamper-evident audit chain on SQLite and PostgreSQL, and the accounts behind it."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from casereview.errors import AuthError, ConflictError, ValidationError
from casereview.services.app import Services
from casereview.storage.models import utcnow


def _scored(url: str) -> tuple[Services, int]:
    services = Services.open(url, as_system=True)
    services.standards.sync_shipped()
    from casereview.demo.build import build_dataset
    from casereview.demo.generator import DatasetSpec

    build_dataset(services, DatasetSpec(cases=2, seed=3), documents=False)
    case_id = services.cases.query_ids()[0]
    state = services.reviews.open_review(case_id)
    for _cat, item in list(state.definition.iter_items())[:3]:
        services.reviews.save_answer(state.review.id, item.code, "pass")
    services.reviews.set_note(state.review.id, item.code, "备注")
    return services, state.review.id


def test_chain_verifies_and_the_database_refuses_rewrites(any_db: str) -> None:
    services, review_id = _scored(any_db)
    try:
        report = services.audit.verify()
        assert report.ok and report.entries >= 5
        code = report.head_code
        assert services.audit.check_head_code(code).ok
        services.audit.verify_review(review_id)
        with services.ctx.db.engine.connect() as conn:
            for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
                with pytest.raises(Exception, match="append-only"):
                    conn.execute(text(sql))
                conn.rollback()
        # appending keeps verifying; the old head code still matches
        first_item = next(iter(services.reviews.state(review_id).results))
        services.reviews.set_note(review_id, first_item, "再改")
        assert services.audit.verify().ok and services.audit.check_head_code(code).ok
    finally:
        services.close()


def _raw(path: Path, *sql: str) -> None:
    """What someone with the file and sqlite3 does: drop the guard triggers, then edit."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_sqlite3_edits_behind_the_app_are_named_and_block_the_export(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    services, review_id = _scored(f"sqlite:///{path}")
    head = services.audit.verify().head_code
    services.close()

    # 1. a deduction added to the answers, no audit row: the review no longer matches
    _raw(path, f"UPDATE item_results SET answer='deduct', deduction=2 WHERE review_id={review_id} "
               f"AND id=(SELECT min(id) FROM item_results WHERE review_id={review_id})")
    services = Services.open(path, as_system=True)
    try:
        assert services.audit.verify().ok  # the log itself is intact...
        with pytest.raises(ConflictError, match="不能导出评查表") as err:
            services.exports.review_form(review_id)  # ...but the review does not match it
        assert err.value.code == "audit_broken"
        # the refusal is audited, and that entry does not bless the tampered content
        refused = [e for e in services.audit.entries(limit=20) if e.entity == "export" and e.action == "refused"]
        assert refused and refused[0].entity_id == review_id and "不一致" in (refused[0].reason or "")
        assert not services.audit.verify_reviews().ok
        with pytest.raises(ConflictError, match="不能导出评查表"):
            services.exports.review_form(review_id)
    finally:
        services.close()

    # 2. an audit entry's actor renamed: verify names that entry
    _raw(path, "UPDATE audit_log SET actor='别人' WHERE id=3")
    services = Services.open(path, as_system=True)
    try:
        report = services.audit.verify()
        assert not report.ok and report.problem is not None and report.problem.entry_id == 3
        assert "第 3 条" in report.problem.message
        assert not services.audit.check_head_code(head).ok
        with pytest.raises(ConflictError, match="操作日志校验失败"):
            services.exports.review_form(review_id)
    finally:
        services.close()


def test_a_deleted_entry_is_named_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    services, _review_id = _scored(f"sqlite:///{path}")
    services.close()
    _raw(path, "DELETE FROM audit_log WHERE id=4")
    services = Services.open(path, as_system=True)
    try:
        problem = services.audit.verify().problem
        assert problem is not None and problem.kind == "missing" and problem.entry_id == 5
        assert "第 3 条与第 5 条之间" in problem.message
    finally:
        services.close()


def test_accounts_passwords_lockout_tokens(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    services = Services.open(path)
    try:
        assert services.accounts.needs_admin()
        with pytest.raises(ValidationError, match="至少 8 个字符"):
            services.accounts.init_admin("boss", "局长", "short1")
        services.accounts.init_admin("boss", "局长", "Secret2026")
        with pytest.raises(ConflictError):
            services.accounts.init_admin("boss2", "局长", "Secret2026")
        services.sign_in("boss", "Secret2026")
        services.accounts.create("wang", "王评查", ["评查人"], "Initial2026")
        services.accounts.sign_out()
        # five wrong passwords lock the account; the right one is then refused too
        for _ in range(5):
            with pytest.raises(AuthError):
                services.sign_in("wang", "wrong-password1")
        with pytest.raises(AuthError, match="锁定"):
            services.sign_in("wang", "Initial2026")
        services.sign_in("boss", "Secret2026")
        services.accounts.reset_password("wang", "Reset20261")  # lifts the lock
        services.accounts.update("wang", active=False)
        with pytest.raises(ConflictError):
            services.accounts.update("boss", active=False)  # not yourself
        services.accounts.sign_out()
        with pytest.raises(AuthError, match="停用"):
            services.sign_in("wang", "Reset20261")
        # tokens: work, can be revoked, expire
        info = services.sign_in("boss", "Secret2026")
        token = services.accounts.issue_token(days=1)
        services.accounts.sign_out()
        assert services.accounts.sign_in_token(token).name == info.name
        assert services.accounts.revoke_token(token)
        with pytest.raises(AuthError, match="撤销"):
            services.accounts.sign_in_token(token)
        services.sign_in("boss", "Secret2026")
        old = services.accounts.issue_token(days=1)
        with services.ctx.db.session() as session:
            session.execute(text("UPDATE account_tokens SET expires_at = :t"), {"t": utcnow() - timedelta(days=1)})
        with pytest.raises(AuthError, match="过期"):
            services.accounts.sign_in_token(old)
        with pytest.raises(AuthError, match="无效"):
            services.accounts.sign_in_token("not-a-token")
        # each token refusal is audited too, with its reason
        token_refusals = [e.reason for e in services.audit.entries(limit=100)
                          if e.action == "sign_in_refused" and (e.reason or "").startswith("token_")]
        assert token_refusals == ["token_invalid", "token_expired", "token_revoked"]
        # passwords are never stored in clear; refusals are in the audit chain
        with services.ctx.db.session() as session:
            hashes = [h for (h,) in session.execute(text("SELECT password_hash FROM accounts"))]
        assert all(h.startswith("$argon2id$") for h in hashes)
        actions = [e.action for e in services.audit.entries(limit=100)]
        assert actions.count("sign_in_refused") >= 7
        assert services.audit.verify().ok
    finally:
        services.close()


def test_chains_per_review_are_anchored_and_a_cut_tail_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from casereview.storage import audit_chain

    monkeypatch.setattr(audit_chain, "ANCHOR_SECONDS", 0.0)  # every save also anchors
    path = tmp_path / "c.sqlite3"
    services, review_id = _scored(f"sqlite:///{path}")
    try:
        assert services.audit.verify().ok
        with services.ctx.db.session() as session:
            rows = session.execute(
                text("SELECT id, review_id, action, prev_hash, entry_hash FROM audit_log ORDER BY id")).all()
    finally:
        services.close()
    review_rows = [r for r in rows if r.review_id == review_id]
    anchors = [r for r in rows if r.action == "anchor"]
    assert anchors and all(r.review_id is None for r in anchors)
    # the review's entries link to each other, not to the anchors written between them
    for before, after in itertools.pairwise(review_rows):
        assert after.prev_hash == before.entry_hash
    last = review_rows[-1].id
    _raw(path, f"DELETE FROM audit_log WHERE id={last}")  # the review chain's newest entry
    services = Services.open(path, as_system=True)
    try:
        problem = services.audit.verify().problem
        assert problem is not None and problem.entry_id == last and "锚点" in problem.message
    finally:
        services.close()


def test_a_log_chained_before_0010_keeps_verifying_and_its_old_entries_stay_protected(tmp_path: Path) -> None:
    import shutil

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "migrations" / "rev-0001.sqlite3"
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(fixture, path)
    services = Services.open(path, as_system=True)
    try:
        report = services.audit.verify()
        assert report.ok, report.problem
        with services.ctx.db.session() as session:
            marker = session.execute(text("SELECT id FROM audit_log WHERE action = 'chain_partition'")).scalar()
            review_id = session.execute(text("SELECT id FROM reviews WHERE status = 'draft' ORDER BY id")).scalar()
        assert marker is not None and review_id is not None
        code = services.reviews.state(review_id).definition.item_codes()[0]
        services.reviews.save_answer(review_id, code, "na")
        assert services.audit.verify().ok
        services.audit.verify_review(review_id)
    finally:
        services.close()
    _raw(path, f"UPDATE audit_log SET actor = '别人' WHERE id = {marker - 2}")
    services = Services.open(path, as_system=True)
    try:
        problem = services.audit.verify().problem
        assert problem is not None and problem.entry_id == marker - 2
    finally:
        services.close()


@pytest.mark.postgres
def test_a_review_save_does_not_wait_for_the_team_chain(pg_url: str) -> None:
    """Another PC holding the team chain (a long import, say) does not hold up answers;
    writers of many reviews at once leave every chain verifying."""
    import threading

    from sqlalchemy import create_engine

    from casereview.storage import audit_chain
    from casereview.storage.audit_chain import _PG_LOCK_KEY

    services, review_id = _scored(pg_url)
    other = create_engine(pg_url)
    try:
        code = services.reviews.state(review_id).definition.item_codes()[5]
        with other.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            done = threading.Event()
            worker = threading.Thread(target=lambda: (services.reviews.save_answer(review_id, code, "pass"),
                                                      done.set()))
            worker.start()
            assert done.wait(20), "a review save waited for the team chain's lock"
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
        reviews = [services.reviews.open_review(cid).review.id for cid in services.cases.query_ids()[:2]]
        codes = services.reviews.state(reviews[0]).definition.item_codes()
        errors: list[BaseException] = []

        def writer(n: int) -> None:
            mine = Services.open(pg_url, actor=f"评查员{n}", as_system=True)
            try:
                for i in range(8):
                    mine.reviews.save_answer(reviews[n % 2], codes[(n + 2 * i) % len(codes)], "pass")
                    if i % 4 == 0:  # a team-chain entry now and then
                        with mine.ctx.db.session() as session:
                            audit_chain.record(session, actor="测试", entity="test", action="ping")
                        mine.reviews.set_note(reviews[n % 2], codes[n % len(codes)], f"说明{n}-{i}")
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                mine.close()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors, errors
        assert services.audit.verify().ok
        for rid in reviews:
            services.audit.verify_review(rid)
    finally:
        other.dispose()
        services.close()


def test_records_of_a_laptop_on_the_single_chain_version_still_verify() -> None:
    """A results package from a laptop not yet on schema 0010 carries one chain for all."""
    from datetime import datetime

    from casereview.storage.audit_chain import GENESIS, compute_hash, verify_records

    prev, records = GENESIS, []
    for n, review_id in enumerate([None, 4, 4, None, 5], start=1):
        rec = {"id": n, "at": datetime(2026, 12, 1, 9, n).isoformat(), "actor": "曹波", "account_id": None,
               "entity": "item", "entity_id": n, "review_id": review_id, "action": "answer", "before": None,
               "after": {"n": n}, "reason": None, "state_digest": f"{n:064x}" if review_id else None}
        rec["prev_hash"] = prev
        rec["entry_hash"] = prev = compute_hash(
            prev, at=datetime.fromisoformat(rec["at"]), **{k: rec[k] for k in (
                "actor", "account_id", "entity", "entity_id", "review_id", "action", "before", "after", "reason",
                "state_digest")})
        records.append(rec)
    problem, digests = verify_records(records)
    assert problem is None and digests == {4: f"{3:064x}", 5: f"{5:064x}"}
    records[2]["after"] = {"n": 99}
    assert verify_records(records)[0] is not None
