"""campaigns.lead_account_id: the team lead whose campaign it is (statistics are scoped to it)

Revision ID: 0008
Revises: 0007

Existing campaigns get the account that created them (from the audit chain) when that
account is a team lead; otherwise none, and only administrators see their statistics
until a lead is set (``casereview campaigns edit CAMPAIGN --lead ACCOUNT``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (rebuilding ``campaigns`` on SQLite would trip the foreign keys of
    # everything pointing at it, as in 0005); SQLite cannot add the constraint in place.
    op.add_column("campaigns", sa.Column("lead_account_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(op.f("fk_campaigns_lead_account_id_accounts"), "campaigns", "accounts",
                              ["lead_account_id"], ["id"])
    op.create_index(op.f("ix_campaigns_lead_account_id"), "campaigns", ["lead_account_id"], unique=False)
    conn = op.get_bind()
    log = sa.table("audit_log", sa.column("entity"), sa.column("entity_id"), sa.column("action"),
                   sa.column("account_id"), sa.column("id"))
    accounts = sa.table("accounts", sa.column("id"), sa.column("roles", sa.JSON()))
    campaigns = sa.table("campaigns", sa.column("id"), sa.column("lead_account_id"))
    creators = conn.execute(
        sa.select(log.c.entity_id, log.c.account_id)
        .where(log.c.entity == "campaign", log.c.action == "create", log.c.account_id.is_not(None))
        .order_by(log.c.id)
    ).all()
    roles = {row.id: row.roles or [] for row in conn.execute(sa.select(accounts.c.id, accounts.c.roles))}
    for campaign_id, account_id in creators:
        if campaign_id is not None and "lead" in roles.get(account_id, []):
            conn.execute(sa.update(campaigns).where(campaigns.c.id == campaign_id)
                         .values(lead_account_id=account_id))


def downgrade() -> None:
    op.drop_index(op.f("ix_campaigns_lead_account_id"), table_name="campaigns")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_campaigns_lead_account_id_accounts"), "campaigns", type_="foreignkey")
    op.drop_column("campaigns", "lead_account_id")
