"""Stored instants are naive UTC (``storage.models.utcnow``); people read local time.

Every screen, export and CLI listing that shows when something happened (audit entries,
transitions, sign-ins, the dates printed on a 评查表) goes through here, so a review
submitted at 01:30 in Beijing is not printed with yesterday's date. The zone is the
PC's own; ``CASEREVIEW_TIMEZONE`` (an IANA name such as ``Asia/Shanghai``) overrides it,
e.g. on a team server whose clock runs in UTC.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache

ENV = "CASEREVIEW_TIMEZONE"


@lru_cache(maxsize=4)
def _zone(name: str) -> dt.tzinfo | None:
    if not name:
        return None
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # unknown name or no tz database: the PC's zone
        return None


def zone() -> dt.tzinfo | None:
    """The configured zone, or None for the PC's own."""
    return _zone(os.environ.get(ENV, "").strip())


def to_local(at: dt.datetime) -> dt.datetime:
    """A stored instant (naive = UTC) as an aware local time."""
    aware = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
    return aware.astimezone(zone())


def local_text(at: dt.datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return to_local(at).strftime(pattern) if at is not None else ""


def local_date(value: dt.datetime | dt.date | None) -> dt.date | None:
    """The local calendar day of an instant (a plain date is already a day)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return to_local(value).date()
    return value


def zone_label(at: dt.datetime | None = None) -> str:
    """``UTC+08:00``: which zone the shown times are in (headers of exported logs)."""
    offset = to_local(at or dt.datetime.now(dt.UTC)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
