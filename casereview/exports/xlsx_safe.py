"""Safe cells for every workbook the program writes (statistics, register, rejects,
standard export, training, samples …).

Text that came from a user or an imported file must never become a live formula:
openpyxl turns any string beginning with "=" into a formula (``=HYPERLINK(…)``,
``=cmd|' /C calc'!A0`` DDE forms included). ``safe_row`` turns every string into an
explicit text cell; a string whose first character is one of the spreadsheet trigger
characters (= + - @, tab, CR — OWASP "CSV injection") also gets Excel's own
"quote prefix" flag, exactly what Excel stores when a user types ``'=1+1``: the cell
shows the original text and stays text when someone edits it later. Control characters
that XML cannot hold (openpyxl raises on them) are dropped instead of failing the export.

For CSV files (which have no cell types) ``csv_safe`` prefixes such strings with an
apostrophe, as OWASP recommends.

``print_setup`` gives a sheet A4 paper, fit-to-width, repeated header rows and frozen
panes in one call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

# Leading characters that make Excel, LibreOffice or WPS read a cell as a formula or a
# command (OWASP CSV injection list; the full-width forms are what a Chinese IME types).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# XML 1.0 forbids these; openpyxl raises IllegalCharacterError on them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would treat ``text`` as a formula if it were typed in."""
    return text.startswith(FORMULA_TRIGGERS)


def clean_text(text: str) -> str:
    """``text`` without characters a workbook cannot store."""
    return _ILLEGAL.sub("", text)


def text_cell(ws: Any, text: str) -> Cell:
    """A cell holding ``text`` as text (never a formula), for normal and write-only sheets."""
    cell = Cell(ws, row=1, column=1)  # placed by append; a coordinate is needed even before
    cell.value = clean_text(text)
    cell.data_type = "s"  # openpyxl would have chosen "f" for a leading "="
    if is_formula_like(cell.value):
        cell.quotePrefix = True
    return cell


def safe_value(ws: Any, value: Any) -> Any:
    """``value`` ready for ``ws.append``: formula-like strings become text cells, strings
    with unstorable characters are cleaned, everything else is returned as is (a plain
    string is already stored as text, and skipping the cell object keeps big sheets fast)."""
    if isinstance(value, str) and (is_formula_like(value) or _ILLEGAL.search(value)):
        return text_cell(ws, value)
    return value


def safe_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``ws.append`` with every string written as text (see the module docstring)."""
    return [safe_value(ws, v) for v in values]


def append_safe(ws: Any, values: Iterable[Any]) -> None:
    """``ws.append(safe_row(ws, values))``."""
    ws.append(safe_row(ws, values))


def csv_safe(value: Any) -> Any:
    """A CSV field that no spreadsheet will run: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def print_setup(
    ws: Any,
    *,
    landscape: bool = False,
    header_rows: int = 1,
    freeze: str | None = "A2",
) -> None:
    """A4, fit all columns to the page width, repeat the header rows on every printed
    page, freeze the header (``freeze=None`` leaves panes alone)."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    if freeze:
        ws.freeze_panes = freeze
