"""Pure scoring engine: answers + standard -> score, grade, veto hits, explanation."""

from __future__ import annotations

from casereview.scoring.engine import (
    CategoryScore,
    ItemAnswer,
    ScoreResult,
    VetoHit,
    allowed_deduction,
    score,
    validate_answer,
)

__all__ = [
    "CategoryScore",
    "ItemAnswer",
    "ScoreResult",
    "VetoHit",
    "allowed_deduction",
    "score",
    "validate_answer",
]
