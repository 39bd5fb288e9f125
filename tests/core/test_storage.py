"""Storage and the review services on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from casereview.domain.enums import Answer, CaseType
from casereview.errors import ConflictError, StorageError, ValidationError
from casereview.scoring.engine import score
from casereview.services.app import Services
from casereview.services.queries.reviews import answers_of
from casereview.standards.loader import load_standard_file, shipped_standard_paths
from casereview.storage.db import Database
from casereview.storage.models import AuditEntry, Case, ItemResult, Review, Unit


def _services(url: str) -> Services:
    services = Services.open(url, actor="测试员", as_system=True)
    services.standards.sync_shipped()
    return services


def _add_case(services: Services, case_no: str = "粤交执罚〔2024〕1号") -> int:
    with services.ctx.db.session() as session:
        unit = Unit(name="测试执法支队")
        session.add(unit)
        session.flush()
        case = Case(
            case_no=case_no,
            unit_id=unit.id,
            case_type=CaseType.PENALTY.value,
            procedure="general",
            party_name="张三",
            cause="未随车携带道路运输证",
            fine_amount=Decimal("200.00"),
            filing_date=date(2024, 3, 5),
            decision_date=date(2024, 4, 1),
        )
        session.add(case)
        session.flush()
        return case.id


def test_schema_created_and_standards_loaded_once(any_db: str) -> None:
    services = _services(any_db)
    assert services.ctx.db.schema_state() == "current"
    first = services.standards.list_versions()
    again = services.standards.sync_shipped()
    assert not any(s.created for s in again)
    assert len(services.standards.list_versions()) == len(first) == len(shipped_standard_paths())


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "x.sqlite3")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_answer_saved_scored_and_audited(any_db: str) -> None:
    services = _services(any_db)
    case_id = _add_case(services)
    state = services.reviews.open_review(case_id)
    std = state.definition
    _cat, item = next((c, i) for c, i in std.iter_items() if not c.veto_tier)
    kwargs = {}
    if item.deduction.mode.value == "per_occurrence":
        kwargs = {"occurrences": 1}
    elif item.deduction.mode.value in ("range", "fixed"):
        kwargs = {"deduction": float(item.deduction.min or item.deduction.amount or item.max_points)}
    saved = services.reviews.save_answer(state.review.id, item.code, Answer.DEDUCT, note="未写明", **kwargs)
    assert saved.score.total < std.total_points
    with services.ctx.db.session() as session:
        review = session.get(Review, state.review.id)
        assert review is not None
        results = session.scalars(select(ItemResult).where(ItemResult.review_id == review.id)).all()
        assert review.total_score == score(std, answers_of(results)).total == saved.score.total
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.review_id == review.id)).all()
        assert actions == ["create", "answer"]
        case = session.get(Case, case_id)
        assert case is not None and case.review_state == "in_progress"
        assert case.review_score == saved.score.total


def test_submit_requires_every_item_then_locks_and_reopen_needs_reason(any_db: str) -> None:
    services = _services(any_db)
    case_id = _add_case(services)
    review_id = services.reviews.open_review(case_id).review.id
    with pytest.raises(ValidationError, match="未作答"):
        services.reviews.submit(review_id)
    for _cat, item in services.reviews.state(review_id).definition.iter_items():
        services.reviews.save_answer(review_id, item.code, Answer.PASS)
    state = services.reviews.submit(review_id)
    assert state.review.locked and state.score.total == state.definition.total_points
    first_code = state.definition.item_codes()[0]
    with pytest.raises(ConflictError):
        services.reviews.save_answer(review_id, first_code, Answer.PASS)
    with pytest.raises(ValidationError):
        services.reviews.reopen(review_id, " ")
    reopened = services.reviews.reopen(review_id, "复核发现漏扣分")
    assert not reopened.review.locked
    history = services.reviews.history(review_id)
    assert history[-1].action == "reopen" and history[-1].reason == "复核发现漏扣分"


def test_review_keeps_its_pinned_standard_version(any_db: str, tmp_path: Path) -> None:
    services = _services(any_db)
    case_id = _add_case(services)
    state = services.reviews.open_review(case_id)
    pinned = state.standard.version_id
    # A province publishes a new edition: same id, changed wording -> a new version.
    std = load_standard_file(next(p for p in shipped_standard_paths() if "penalty" in p.name))
    changed = std.model_copy(update={"version": std.version + "-修订", "name": std.name + "（修订）"})
    from casereview.standards.loader import dump_yaml

    path = tmp_path / "edition2.yaml"
    path.write_text(dump_yaml(changed), encoding="utf-8")
    imported = services.standards.import_file(path)
    assert imported.created and imported.info.version_id != pinned
    assert services.reviews.open_review(case_id).standard.version_id == pinned
    # importing the same content again changes nothing
    assert not services.standards.import_file(path).created


def test_database_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Database.open(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    with pytest.raises(StorageError, match="较新版本") as info:
        Database.open(path)
    assert info.value.code == "db_newer"
    assert path.read_bytes() == before


def test_unreachable_postgresql_gives_one_clear_message() -> None:
    with pytest.raises(StorageError, match="无法连接数据库服务器") as info:
        Database.open("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert info.value.code == "db_unreachable"


def test_locked_sqlite_file_gives_one_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    services = _services(f"sqlite:///{path}")
    blocker = sqlite3.connect(path, timeout=0.1)
    blocker.execute("BEGIN EXCLUSIVE")
    services.ctx.db.engine.dispose()
    with services.ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout=100")
    try:
        with pytest.raises(StorageError, match="锁定") as info, services.ctx.db.session() as session:
            session.execute(text("PRAGMA busy_timeout=100"))
            session.add(Unit(name="不会保存"))
        assert info.value.code == "db_locked"
    finally:
        blocker.rollback()
        blocker.close()
    with services.ctx.db.session() as session:
        assert session.scalar(select(func.count(Unit.id)).where(Unit.name == "不会保存")) == 0


def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(StorageError):
        Database.open(path)
    assert path.read_text(encoding="utf-8").startswith("这不是数据库")


def test_backup_copies_the_file(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    db = Database.open(path)
    copy = db.backup("test")
    assert copy is not None and copy.exists() and copy.stat().st_size > 0


def test_revision_list_matches_the_migrations_folder() -> None:
    """Opening a database compares against storage.db.REVISIONS without loading Alembic;
    that list must be exactly the migration chain, oldest first."""
    from alembic.script import ScriptDirectory

    from casereview.storage.db import HEAD_REVISION, REVISIONS, _alembic_config

    script = ScriptDirectory.from_config(_alembic_config("sqlite://"))
    chain = [rev.revision for rev in script.walk_revisions()][::-1]  # walk_revisions goes newest first
    assert list(REVISIONS) == chain
    assert script.get_current_head() == HEAD_REVISION
