"""Points a review's findings actually cost after category caps, for the register.

A finding's nominal deduction is what its item deducts; a category's cap (e.g. 案卷材料
最多扣 25 分) can limit what the file really loses. The register keeps both: the nominal
points and the points lost, allocated in the standard's item order by the same rule the
statistics use (``casereview.stats.compute.allocate_caps``), so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from casereview.standards.model import StandardDef
from casereview.stats.compute import allocate_caps


def points_lost(std: StandardDef, findings: Iterable[tuple[str, float]]) -> dict[str, float]:
    """item code → points lost after its category's cap, for one review's findings given as
    (item code, nominal points). Items unknown to the standard lose their nominal points."""
    order: dict[str, int] = {}
    category: dict[str, str] = {}
    for n, (cat, item) in enumerate(std.iter_items()):
        order[item.code] = n
        category[item.code] = cat.code
    caps = {cat.code: (cat.max_points, cat.veto_tier) for cat in std.categories}
    ordered = sorted(findings, key=lambda f: order.get(f[0], len(order)))
    known = [(code, nominal) for code, nominal in ordered if code in category]
    lost = allocate_caps(((category[code], nominal) for code, nominal in known), caps)
    out = {code: lost_points for (code, _), lost_points in zip(known, lost, strict=True)}
    out.update({code: nominal for code, nominal in ordered if code not in category})
    return out
