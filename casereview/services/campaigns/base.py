"""What every campaign use case shares: the service context and the audit entry."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from casereview.services.campaigns.queries import campaign_by_ref
from casereview.services.context import ServiceContext
from casereview.storage import audit_chain


class CampaignBase:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def resolve(self, ref: int | str) -> int:
        with self.ctx.db.session() as session:
            return campaign_by_ref(session, ref).id

    def _audit(
        self,
        session: Session,
        entity: str,
        entity_id: int | None,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reason: str | None = None,
    ) -> None:
        audit_chain.record(
            session,
            actor=self.ctx.actor_name,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
            reason=reason,
        )
