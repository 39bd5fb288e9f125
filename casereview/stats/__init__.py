"""Statistics of reviewed files: pure functions over plain rows (no database, no Qt)."""

from __future__ import annotations

from casereview.stats.compute import compute_statistics, is_final, pick_counted, split_counted
from casereview.stats.model import (
    DATE_BASIS_DECISION,
    DATE_BASIS_REVIEW,
    DeductionRow,
    DeficiencyRow,
    NoticeRow,
    ReviewRow,
    Statistics,
    StatsFilter,
    StatsInput,
)

__all__ = [
    "DATE_BASIS_DECISION",
    "DATE_BASIS_REVIEW",
    "DeductionRow",
    "DeficiencyRow",
    "NoticeRow",
    "ReviewRow",
    "Statistics",
    "StatsFilter",
    "StatsInput",
    "compute_statistics",
    "is_final",
    "pick_counted",
    "split_counted",
]
