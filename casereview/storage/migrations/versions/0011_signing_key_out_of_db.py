"""the package signing key leaves the database: only public keys stay

Revision ID: 0011
Revises: 0010

Versions before kept the Ed25519 private key that signs assignment packages in
``settings['exchange.server_key']``, where the application role could read it. Each lead's
PC now keeps its own key in the OS user's settings folder (casereview/exchange/keys.py);
the database lists the public keys. The old private key is deleted here; its public key
stays listed (retired) so packages it signed are still recognised.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

KEY = "exchange.server_key"


def upgrade() -> None:
    conn = op.get_bind()
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON))
    value = conn.execute(sa.select(settings.c.value).where(settings.c.key == KEY)).scalar()
    if not isinstance(value, dict) or "private" not in value:
        return
    public = value.get("public")
    signers = dict(value.get("signers") or {})
    if isinstance(public, str):
        signers.setdefault(public, {"by": None, "since": None, "retired": True})
    conn.execute(sa.update(settings).where(settings.c.key == KEY).values(value={"signers": signers}))


def downgrade() -> None:
    pass  # a deleted private key cannot come back; a new one is made on the next export
