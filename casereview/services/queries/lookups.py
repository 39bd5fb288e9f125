"""Find units by what a user or a file names them."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from casereview.errors import NotFoundError, ValidationError
from casereview.storage.models import Unit


def find_unit(session: Session, ref: int | str | None) -> int | None:
    """``resolve_unit``'s id, for an optional reference (None or blank stays None); never creates one."""
    if ref is None or (isinstance(ref, str) and not ref.strip()):
        return None
    return resolve_unit(session, ref).id


def resolve_unit(session: Session, unit: int | str) -> Unit:
    """A unit by id, full or short name, or an unambiguous part of its name."""
    if isinstance(unit, int) or (isinstance(unit, str) and unit.strip().isdigit()):
        found = session.get(Unit, int(unit))
        if found is not None:
            return found
    text = str(unit).strip()
    found = session.scalar(select(Unit).where(or_(Unit.name == text, Unit.short_name == text)))
    if found is None:
        candidates = session.scalars(select(Unit).where(Unit.name.contains(text))).all()
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            names = "、".join(c.name for c in candidates[:5])
            raise ValidationError(f"单位“{text}”不唯一，匹配到：{names}。请写全称。", unit=text)
        raise NotFoundError(f"找不到执法单位“{text}”。", unit=text)
    return found
