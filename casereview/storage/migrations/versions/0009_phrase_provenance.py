"""finding_phrases: who coined a wording, when, and from which review

Revision ID: 0009
Revises: 0008

A blind re-checker must not be offered a wording taken from the first scoring hidden from
them (casereview.services.deficiencies.phrases). Existing wordings have no provenance and
stay visible to everyone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: nullable, no constraint, so SQLite needs no table rebuild.
    op.add_column("finding_phrases", sa.Column("account_id", sa.Integer(), nullable=True))
    op.add_column("finding_phrases", sa.Column("source_review_id", sa.Integer(), nullable=True))
    op.add_column("finding_phrases", sa.Column("created_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("finding_phrases") as batch:
        batch.drop_column("created_at")
        batch.drop_column("source_review_id")
        batch.drop_column("account_id")
