"""confirmed facts from the documents; page-type examples for the classifier

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "confirmed_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("read_value", sa.String(length=200), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=60), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_confirmed_facts_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_confirmed_facts_document_id_documents"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confirmed_facts")),
        sa.UniqueConstraint("case_id", "field", name="uq_confirmed_facts_field"),
    )
    with op.batch_alter_table("confirmed_facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_confirmed_facts_case_id"), ["case_id"], unique=False)
    op.create_table(
        "page_type_examples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blob_sha256", sa.String(length=64), nullable=False),
        sa.Column("page_index", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_type_examples")),
        sa.UniqueConstraint("blob_sha256", "page_index", name="uq_page_type_examples_page"),
    )


def downgrade() -> None:
    op.drop_table("page_type_examples")
    with op.batch_alter_table("confirmed_facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_confirmed_facts_case_id"))
    op.drop_table("confirmed_facts")
