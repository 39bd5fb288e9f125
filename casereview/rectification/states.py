"""The rectification state machine of deficiencies (问题) and notices (整改通知书).

A deficiency moves pending → issued → responded → verified | rejected → closed; a
rejected fix waits for new feedback (rejected → responded). Voiding a notice sends its
open deficiencies back to pending. A notice's status is derived from its deficiencies
(see :func:`notice_status_from`), except ``void``, which only the void action sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from casereview.errors import ConflictError


class RectStatus(StrEnum):
    PENDING = "pending"
    ISSUED = "issued"
    RESPONDED = "responded"
    VERIFIED = "verified"
    REJECTED = "rejected"
    CLOSED = "closed"
    VOID = "void"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> RectStatus:
        """A status from its code or Chinese label ('issued' or '已下发')."""
        text = text.strip()
        for member in cls:
            if text in (member.value, member.label):
                return member
        known = "、".join(f"{m.value}（{m.label}）" for m in cls)
        raise ConflictError(f"未知的整改状态“{text}”，可用：{known}。", status=text)


STATUS_LABELS: dict[RectStatus, str] = {
    RectStatus.PENDING: "待下发",
    RectStatus.ISSUED: "已下发",
    RectStatus.RESPONDED: "已反馈",
    RectStatus.VERIFIED: "已核验",
    RectStatus.REJECTED: "退回",
    RectStatus.CLOSED: "已销号",
    RectStatus.VOID: "已作废",
}

# Deficiency states from which the unit still owes a fix (deadline applies).
AWAITING_UNIT = frozenset({RectStatus.ISSUED, RectStatus.REJECTED})
# Deficiencies that are "open": not yet closed.
OPEN = frozenset({RectStatus.PENDING, RectStatus.ISSUED, RectStatus.RESPONDED, RectStatus.VERIFIED,
                  RectStatus.REJECTED})

DEFICIENCY_TRANSITIONS: dict[RectStatus, frozenset[RectStatus]] = {
    RectStatus.PENDING: frozenset({RectStatus.ISSUED}),
    RectStatus.ISSUED: frozenset({RectStatus.RESPONDED, RectStatus.PENDING}),
    RectStatus.RESPONDED: frozenset({RectStatus.VERIFIED, RectStatus.REJECTED, RectStatus.PENDING}),
    RectStatus.REJECTED: frozenset({RectStatus.RESPONDED, RectStatus.PENDING}),
    RectStatus.VERIFIED: frozenset({RectStatus.CLOSED}),
    RectStatus.CLOSED: frozenset(),
}

# Why a transition is refused, keyed by the target state (the action the user tried).
_HINTS: dict[RectStatus, str] = {
    RectStatus.ISSUED: "只有待下发的问题才能列入整改通知书",
    RectStatus.RESPONDED: "只有已下发或被退回的问题才能登记整改反馈",
    RectStatus.VERIFIED: "只有已反馈的问题才能核验",
    RectStatus.REJECTED: "只有已反馈的问题才能退回",
    RectStatus.CLOSED: "只有核验通过的问题才能销号",
    RectStatus.PENDING: "已核验或已销号的问题不能退回待下发",
}


def can_move(current: str | RectStatus, target: str | RectStatus) -> bool:
    return RectStatus(target) in DEFICIENCY_TRANSITIONS.get(RectStatus(current), frozenset())


def check_move(current: str | RectStatus, target: str | RectStatus, *, what: str = "问题") -> RectStatus:
    """Raise ConflictError (Chinese, naming the item) when ``current → target`` is not allowed."""
    cur, tgt = RectStatus(current), RectStatus(target)
    if not can_move(cur, tgt):
        hint = _HINTS.get(tgt, "")
        raise ConflictError(
            f"{what}当前状态为“{cur.label}”，不能改为“{tgt.label}”：{hint}。",
            code="invalid_transition",
            current=cur.value,
            target=tgt.value,
        )
    return tgt


def notice_status_from(statuses: Iterable[str | RectStatus]) -> RectStatus:
    """A notice's status from its deficiencies' (the slowest one decides)."""
    values = [RectStatus(s) for s in statuses]
    if not values:
        return RectStatus.ISSUED
    if all(s is RectStatus.CLOSED for s in values):
        return RectStatus.CLOSED
    if all(s in (RectStatus.VERIFIED, RectStatus.CLOSED) for s in values):
        return RectStatus.VERIFIED
    if any(s is RectStatus.REJECTED for s in values):
        return RectStatus.REJECTED
    if any(s is RectStatus.ISSUED for s in values):
        return RectStatus.ISSUED
    return RectStatus.RESPONDED


def check_notice_voidable(current: str | RectStatus, number: str) -> None:
    cur = RectStatus(current)
    if cur is RectStatus.VOID:
        raise ConflictError(f"整改通知书 {number} 已作废。", code="invalid_transition", number=number)
    if cur in (RectStatus.VERIFIED, RectStatus.CLOSED):
        raise ConflictError(
            f"整改通知书 {number} 当前为“{cur.label}”，不能作废。", code="invalid_transition", number=number
        )
