"""The reviewer roster (评查人员名册) and the choice of the current user.

Until accounts exist, "who am I" is picked from the roster at start (GUI) or given with
``--as`` (CLI); ``RosterService.choose`` records it on the ``ServiceContext`` so every
audit entry and every new review carries that person. ``Reviewer.username`` and
``password_hash`` are already in the table, so logging in can later replace the choice
without reshaping the roster.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.campaigns.labels import ROLES, ReviewerRole, role_code, role_label
from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.services.context import ServiceContext
from casereview.services.queries.lookups import find_unit
from casereview.storage import audit_chain
from casereview.storage.models import Reviewer, Unit


@dataclass(frozen=True)
class ReviewerInfo:
    id: int
    name: str
    unit_id: int | None
    unit_name: str
    role: ReviewerRole
    role_label: str
    active: bool
    username: str | None = None

    @property
    def display(self) -> str:
        return f"{self.name}（{self.unit_name or '无单位'}，{self.role_label}）"


def reviewer_info(r: Reviewer, unit_name: str | None) -> ReviewerInfo:
    return ReviewerInfo(
        r.id, r.name, r.unit_id, unit_name or "", ReviewerRole(r.role), role_label(r.role), r.active, r.username
    )


def _check_role(role: str) -> str:
    code = role_code(role)
    if code is None:
        choices = "、".join(f"{k}（{v}）" for k, v in ROLES.items())
        raise ValidationError(f"角色“{role}”无效，可选：{choices}。", role=role)
    return code


def reviewer_by_ref(session: Session, ref: int | str) -> Reviewer:
    """The roster person with this id or (unique) name."""
    text = str(ref).strip()
    person = session.get(Reviewer, int(text)) if text.isdigit() else None
    if person is None:
        found = session.scalars(select(Reviewer).where(Reviewer.name == text)).all()
        if len(found) > 1:
            raise ValidationError(f"名册中有 {len(found)} 位“{text}”，请用编号指定。", reviewer=text)
        person = found[0] if found else None
    if person is None:
        raise NotFoundError(f"评查人员名册中没有“{text}”。", reviewer=text)
    return person


class RosterService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _unit_names(self, session: Session) -> dict[int, str]:
        return {
            uid: short or name
            for uid, name, short in session.execute(select(Unit.id, Unit.name, Unit.short_name))
        }

    def list(self, *, include_inactive: bool = True, role: str | None = None) -> list[ReviewerInfo]:
        with self.ctx.db.session() as session:
            names = self._unit_names(session)
            query = select(Reviewer).order_by(Reviewer.unit_id, Reviewer.id)
            if not include_inactive:
                query = query.where(Reviewer.active.is_(True))
            if role:
                query = query.where(Reviewer.role == _check_role(role))
            return [reviewer_info(r, names.get(r.unit_id or 0)) for r in session.scalars(query)]

    def get(self, ref: int | str) -> ReviewerInfo:
        with self.ctx.db.session() as session:
            person = reviewer_by_ref(session, ref)
            return reviewer_info(person, self._unit_names(session).get(person.unit_id or 0))

    def add(
        self, name: str, *, unit: int | str | None = None, role: str = "reviewer", active: bool = True
    ) -> ReviewerInfo:
        name = name.strip()
        if not name:
            raise ValidationError("评查人员姓名不能为空。")
        with self.ctx.db.session() as session:
            person = Reviewer(
                name=name, unit_id=find_unit(session, unit), role=_check_role(role), active=active
            )
            session.add(person)
            session.flush()
            from casereview.services.accounts import create_roster_account

            create_roster_account(session, person)  # signs in once an administrator sets a password
            self._audit(session, person, "add", None)
            return reviewer_info(person, self._unit_names(session).get(person.unit_id or 0))

    def edit(
        self,
        ref: int | str,
        *,
        name: str | None = None,
        unit: int | str | None = None,
        clear_unit: bool = False,
        role: str | None = None,
        active: bool | None = None,
    ) -> ReviewerInfo:
        with self.ctx.db.session() as session:
            person = reviewer_by_ref(session, ref)
            before = self._snapshot(person)
            if name is not None:
                if not name.strip():
                    raise ValidationError("评查人员姓名不能为空。")
                person.name = name.strip()
            if clear_unit:
                person.unit_id = None
            elif unit is not None:
                person.unit_id = find_unit(session, unit)
            if role is not None:
                person.role = _check_role(role)
            if active is not None:
                person.active = active
            session.flush()
            self._audit(session, person, "edit", before)
            return reviewer_info(person, self._unit_names(session).get(person.unit_id or 0))

    def choose(self, reviewer_id: int | str) -> ReviewerInfo:
        """Make this roster person the current user of this program session."""
        info = self.get(reviewer_id)
        if not info.active:
            raise ConflictError(f"{info.name} 已停用，不能作为当前用户。", reviewer_id=info.id)
        self.ctx.actor = info.name
        self.ctx.actor_id = info.id
        return info

    def current(self) -> ReviewerInfo | None:
        if self.ctx.actor_id is None:
            return None
        try:
            return self.get(self.ctx.actor_id)
        except NotFoundError:
            return None

    @staticmethod
    def _snapshot(person: Reviewer) -> dict[str, object]:
        return {"name": person.name, "unit_id": person.unit_id, "role": person.role, "active": person.active}

    def _audit(
        self, session: Session, person: Reviewer, action: str, before: dict[str, object] | None
    ) -> None:
        audit_chain.record(
            session,
            actor=self.ctx.actor_name,
            entity="reviewer",
            entity_id=person.id,
            action=action,
            before=before,
            after=self._snapshot(person),
        )
