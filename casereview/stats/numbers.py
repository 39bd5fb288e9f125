"""Numbers as people read them in Chinese reports: 四舍五入 (half up) on Decimal values,
never Python's round-half-even on binary floats (93.625 → 93.63, not 93.62), and "—"
for a rate with nothing to divide by (never "0.00%").

Every figure the statistics core produces goes through ``round_half_up``; every text
(report, notice, workbook labels) formats through ``fmt_num`` / ``fmt_pct``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

DASH = "—"


def to_decimal(value: float | int | Decimal) -> Decimal:
    """The decimal a person would write for ``value`` (93.625 stays 93.625, not 93.62499…)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


@lru_cache(maxsize=8192)  # statistics round the same few point values tens of thousands of times
def round_half_up(value: float | int | Decimal, places: int = 2) -> float:
    """``value`` rounded 四舍五入 to ``places`` decimals (returned as float for storage)."""
    exp = Decimal(1).scaleb(-places)
    return float(to_decimal(value).quantize(exp, rounding=ROUND_HALF_UP)) + 0.0


def rate(part: int | float, whole: int | float, places: int = 4) -> float | None:
    """``part / whole`` as a fraction rounded half up, or None when ``whole`` is 0."""
    if not whole:
        return None
    return round_half_up(to_decimal(part) / to_decimal(whole), places)


def fmt_num(value: float | int | Decimal | None, places: int = 2, *, strip: bool = True) -> str:
    """'93.63', '90' (trailing zeros stripped unless ``strip`` is False), '—' for None."""
    if value is None:
        return DASH
    exp = Decimal(1).scaleb(-places)
    text = f"{to_decimal(value).quantize(exp, rounding=ROUND_HALF_UP):f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_pct(value: float | None, places: int = 2) -> str:
    """A fraction as '62.50%' (half up), '—' when there was nothing to divide by."""
    if value is None:
        return DASH
    return fmt_num(to_decimal(value) * 100, places, strip=False) + "%"


def fmt_amount(value: float | int | Decimal | None) -> str:
    """Money in tables: '2,000.00元'."""
    if value is None:
        return DASH
    q = to_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{q:,.2f}元"
