"""Rule modules; importing this package registers every rule (see registry.rule)."""

from casereview.checks.rules import (  # noqa: F401
    coercion,
    documents,
    hearing,
    licensing,
    officers,
    payment,
    penalty_time,
    review,
    simple,
)
