"""Small helpers from the core, imported lazily.

The UI modules import the core's services, scoring engine and standard model only for type
checking: at start-up SQLAlchemy, Alembic and pydantic load in the DB worker thread while the
UI thread shows the window (they are in ``sys.modules`` by the time these helpers run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casereview.services.types import Item


def fmt_points(value: float) -> str:
    from casereview.services.types import fmt_points as _fmt

    return _fmt(value)


def allowed_deduction(item: Item) -> str:
    from casereview.services.types import allowed_deduction as _allowed
    from casereview.services.types import display

    return display(_allowed(item))
