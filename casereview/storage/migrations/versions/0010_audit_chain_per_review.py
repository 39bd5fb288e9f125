"""audit chain per review: each review's entries chain on their own, the rest in the team chain

Revision ID: 0010
Revises: 0009

A single chain made every save of the team wait for every other PC's commit. From here on
an entry links to the previous entry of its own review (entries without a review: the team
chain), and the team chain anchors the review chains' heads (see storage/audit_chain.py).

An existing log keeps its single chain: a ``chain_partition`` entry is appended to it, and
entries up to that one verify as before. Two indexes find a chain's head at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_review_chain", "audit_log", ["review_id", "id"], unique=False)
    op.create_index("ix_audit_log_team_chain", "audit_log", ["id"], unique=False,
                    postgresql_where=sa.text("review_id IS NULL"), sqlite_where=sa.text("review_id IS NULL"))
    from casereview.storage.audit_chain import ANCHOR_ENTITY, PARTITION_ACTION, compute_hash
    from casereview.storage.models import utcnow

    conn = op.get_bind()
    log = sa.table(
        "audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("actor", sa.String),
        sa.column("entity", sa.String), sa.column("action", sa.String), sa.column("after", sa.JSON),
        sa.column("prev_hash", sa.String), sa.column("entry_hash", sa.String),
    )
    head = conn.execute(sa.select(log.c.entry_hash).order_by(log.c.id.desc()).limit(1)).first()
    if head is None:  # an empty log: chains per review from its first entry
        return
    values = {"at": utcnow(), "actor": "系统", "entity": ANCHOR_ENTITY, "action": PARTITION_ACTION,
              "after": {"schema": "0010"}}
    digest = compute_hash(head[0] or "", account_id=None, entity_id=None, review_id=None, before=None,
                          reason=None, state_digest=None, **values)  # type: ignore[arg-type]
    conn.execute(sa.insert(log).values(prev_hash=head[0] or "", entry_hash=digest, **values))


def downgrade() -> None:
    op.drop_index("ix_audit_log_team_chain", table_name="audit_log")
    op.drop_index("ix_audit_log_review_chain", table_name="audit_log")
