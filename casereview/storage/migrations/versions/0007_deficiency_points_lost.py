"""deficiencies.points_lost: the points a finding really cost after its category's cap

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deficiencies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("points_lost", sa.Float(), nullable=True))
    _backfill(op.get_bind())


def _backfill(bind: sa.Connection) -> None:
    """Existing findings: allocate each review's nominal points to its category caps in the
    standard's item order (the rule the statistics and new findings use)."""
    from casereview.rectification.points import points_lost
    from casereview.standards.loader import standard_from_json
    from casereview.standards.model import StandardDef

    rows = bind.execute(sa.text(
        "SELECT d.id, d.review_id, d.item_code, d.points, r.standard_version_id "
        "FROM deficiencies d JOIN reviews r ON r.id = d.review_id"
    )).all()
    per_review: dict[tuple[int, int], list[tuple[int, str, float]]] = defaultdict(list)
    for deficiency_id, review_id, code, points, version_id in rows:
        per_review[(review_id, version_id)].append((deficiency_id, code, float(points or 0)))
    standards: dict[int, StandardDef] = {}
    update = sa.text("UPDATE deficiencies SET points_lost = :lost WHERE id = :id")
    for (_review_id, version_id), findings in per_review.items():
        std = standards.get(version_id)
        if std is None:
            content = bind.execute(sa.text("SELECT content FROM standard_versions WHERE id = :id"),
                                   {"id": version_id}).scalar_one()
            std = standards[version_id] = standard_from_json(content)
        lost = points_lost(std, [(code, points) for _, code, points in findings])
        bind.execute(update, [{"id": did, "lost": lost[code]} for did, code, _ in findings])


def downgrade() -> None:
    with op.batch_alter_table("deficiencies", schema=None) as batch_op:
        batch_op.drop_column("points_lost")
