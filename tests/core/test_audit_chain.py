"""The tamper-evident audit chain on SQLite and PostgreSQL, and the accounts behind it."""

from __future__ import annotations

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
