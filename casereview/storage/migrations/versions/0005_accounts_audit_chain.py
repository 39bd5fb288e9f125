"""accounts, sign-in tokens, audit hash chain

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 02:40:00

- ``accounts`` and ``account_tokens``; every roster person gets an account (no password
  yet: an administrator sets one) and ``reviewers.account_id`` links them;
- ``audit_log`` gets the chain columns; existing entries are chained in id order, each
  existing review gets a ``chain_start`` entry with the digest of its current content;
- triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on ``audit_log``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The same SQL is what a server administrator runs (docs: team server): it is here so
# that a fresh PostgreSQL database has it from the start.
PG_TRIGGERS = """
CREATE OR REPLACE FUNCTION casereview_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = 'audit_log is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION casereview_audit_append_only();
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION casereview_audit_append_only();
"""

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END",
)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=60), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_accounts_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_accounts_name")),
    )
    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_account_tokens_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_account_tokens_token_sha256")),
    )
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_tokens_account_id"), ["account_id"], unique=False)

    # Plain ADD COLUMN (no table rebuild: rebuilding ``reviewers`` on SQLite would trip the
    # foreign keys of every review pointing at it); uniqueness by unique indexes.
    op.add_column("reviewers", sa.Column("account_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot add a constraint in place
        op.create_foreign_key(
            op.f("fk_reviewers_account_id_accounts"), "reviewers", "accounts", ["account_id"], ["id"]
        )
    op.create_index(op.f("uq_reviewers_account_id"), "reviewers", ["account_id"], unique=True)
    op.add_column("audit_log", sa.Column("account_id", sa.Integer(), nullable=True))
    op.add_column("audit_log", sa.Column("state_digest", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("entry_hash", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_audit_log_account_id"), "audit_log", ["account_id"], unique=False)
    op.create_index(op.f("uq_audit_log_entry_hash"), "audit_log", ["entry_hash"], unique=True)

    conn = op.get_bind()
    _link_roster(conn)
    _chain_existing(conn)

    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(PG_TRIGGERS)
    else:
        for sql in SQLITE_TRIGGERS:
            conn.exec_driver_sql(sql)


def _link_roster(conn: sa.Connection) -> None:
    """Each roster person becomes an account (login name: the roster name, or the name
    with its roster number when two people share a name); no password until an
    administrator sets one."""
    reviewers = sa.table(
        "reviewers", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("unit_id", sa.Integer),
        sa.column("role", sa.String), sa.column("active", sa.Boolean), sa.column("account_id", sa.Integer),
    )
    accounts = sa.table(
        "accounts", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("display_name", sa.String),
        sa.column("unit_id", sa.Integer), sa.column("roles", sa.JSON), sa.column("active", sa.Boolean),
        sa.column("must_change_password", sa.Boolean), sa.column("failed_attempts", sa.Integer),
        sa.column("created_at", sa.DateTime),
    )
    from casereview.storage.models import utcnow

    rows = conn.execute(sa.select(reviewers.c.id, reviewers.c.name, reviewers.c.unit_id, reviewers.c.role,
                                  reviewers.c.active).order_by(reviewers.c.id)).all()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.name] = counts.get(row.name, 0) + 1
    for row in rows:
        login = row.name if counts[row.name] == 1 else f"{row.name}{row.id}"
        account_id = conn.execute(
            sa.insert(accounts).values(
                name=login, display_name=row.name, unit_id=row.unit_id, roles=[row.role or "reviewer"],
                active=bool(row.active), must_change_password=True, failed_attempts=0, created_at=utcnow(),
            ).returning(accounts.c.id)
        ).scalar_one()
        conn.execute(sa.update(reviewers).where(reviewers.c.id == row.id).values(account_id=account_id))


def _chain_existing(conn: sa.Connection) -> None:
    from casereview.storage.audit_chain import GENESIS, compute_hash, review_digest
    from casereview.storage.models import utcnow

    log = sa.table(
        "audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("actor", sa.String),
        sa.column("entity", sa.String), sa.column("entity_id", sa.Integer), sa.column("review_id", sa.Integer),
        sa.column("action", sa.String), sa.column("before", sa.JSON), sa.column("after", sa.JSON),
        sa.column("reason", sa.Text), sa.column("account_id", sa.Integer), sa.column("state_digest", sa.String),
        sa.column("prev_hash", sa.String), sa.column("entry_hash", sa.String),
    )
    prev = GENESIS
    for row in conn.execute(sa.select(log).order_by(log.c.id)).all():
        digest = compute_hash(
            prev, at=row.at, actor=row.actor, account_id=None, entity=row.entity, entity_id=row.entity_id,
            review_id=row.review_id, action=row.action, before=row.before, after=row.after, reason=row.reason,
            state_digest=None,
        )
        conn.execute(sa.update(log).where(log.c.id == row.id).values(prev_hash=prev, entry_hash=digest))
        prev = digest
    now = utcnow()
    for (review_id,) in conn.execute(sa.text("SELECT id FROM reviews ORDER BY id")).all():
        state = review_digest(conn, review_id)
        values = dict(
            at=now, actor="系统升级", account_id=None, entity="review", entity_id=review_id, review_id=review_id,
            action="chain_start", before=None, after=None, reason="开始记录操作日志哈希链", state_digest=state,
        )
        digest = compute_hash(prev, **values)  # type: ignore[arg-type]
        conn.execute(sa.insert(log).values(prev_hash=prev, entry_hash=digest, **values))
        prev = digest


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    else:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.drop_index(op.f("uq_audit_log_entry_hash"), table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_account_id"), table_name="audit_log")
    for column in ("entry_hash", "prev_hash", "state_digest", "account_id"):
        op.drop_column("audit_log", column)
    op.drop_index(op.f("uq_reviewers_account_id"), table_name="reviewers")
    with op.batch_alter_table("reviewers", schema=None) as batch_op:
        batch_op.drop_column("account_id")
    op.drop_table("account_tokens")
    op.drop_table("accounts")
