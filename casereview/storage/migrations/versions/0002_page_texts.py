"""page texts (text layer and OCR) with their full-text index

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blob_sha256", sa.String(length=64), nullable=False),
        sa.Column("page_index", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("engine", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("red_seal", sa.Boolean(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("marks", sa.JSON(), nullable=True),
        sa.Column("grams", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_texts")),
        sa.UniqueConstraint("blob_sha256", "page_index", "engine", name="uq_page_texts_reading"),
    )
    with op.batch_alter_table("page_texts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_page_texts_blob_sha256"), ["blob_sha256"], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # Contentless FTS5 over the page's character bigrams ("送达 达回 回证"): a query of
        # n >= 2 characters is the phrase of its n-1 bigrams; rowid = page_texts.id.
        op.execute("CREATE VIRTUAL TABLE page_text_fts USING fts5(grams, content='', tokenize='unicode61')")
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_page_texts_grams ON page_texts USING gin (to_tsvector('simple', coalesce(grams, '')))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS page_text_fts")
    op.drop_table("page_texts")
