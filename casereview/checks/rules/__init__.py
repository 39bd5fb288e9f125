"""Rule modules; importing this package registers every rule (see registry.rule).

The import order is the order in which rules are listed and run (date order of a case).
"""
# isort: skip_file

from casereview.checks.rules import penalty_time  # noqa: F401
from casereview.checks.rules import hearing  # noqa: F401
from casereview.checks.rules import review  # noqa: F401
from casereview.checks.rules import officers  # noqa: F401
from casereview.checks.rules import payment  # noqa: F401
from casereview.checks.rules import simple  # noqa: F401
from casereview.checks.rules import coercion  # noqa: F401
from casereview.checks.rules import licensing  # noqa: F401
from casereview.checks.rules import documents  # noqa: F401
