"""What the registry import service takes and returns (plain DTOs), and its callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from casereview.errors import CaseReviewError
from casereview.intake.mapping import Mapping, column_letter
from casereview.intake.readers import Table
from casereview.intake.registry import FieldChange, RowIssue

Progress = Callable[[int, int], None]  # (rows done, rows expected)
CancelCheck = Callable[[], bool]


class ImportCancelled(CaseReviewError):
    """The user cancelled; the transaction was rolled back (nothing changed)."""

    code = "cancelled"



@dataclass(frozen=True)
class FieldChoice:
    name: str
    label: str
    required: bool


@dataclass(frozen=True)
class ColumnProposal:
    index: int
    letter: str
    header: str
    field: str | None  # None: not imported
    label: str  # the field's Chinese label ("" when not imported)
    confidence: float
    warning: str = ""  # set when the column looks like a field but is not imported (the wizard highlights it)


def proposals(table: Table, mapping: Mapping) -> tuple[ColumnProposal, ...]:
    """Every header column with the field chosen for it (or why it is left out)."""
    by_index = {c.index: c for c in mapping.columns}
    doubts = {d.index: d.describe() for d in mapping.doubtful}
    return tuple(
        ColumnProposal(i, column_letter(i), h, by_index[i].field if i in by_index else None,
                       by_index[i].label if i in by_index else "", by_index[i].confidence if i in by_index else 0.0,
                       doubts.get(i, ""))
        for i, h in enumerate(table.headers)
    )


@dataclass(frozen=True)
class RegistryPreview:
    """What the wizard shows before importing: sheets, header row, first rows, mapping."""

    path: Path
    sheets: tuple[str, ...]
    sheet: str
    header_row: int
    header_rows: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (Excel row number, cells as text)
    columns: tuple[ColumnProposal, ...]
    missing_required: tuple[str, ...]  # Chinese labels
    encoding: str | None
    data_rows_hint: int
    profile: str | None = None

    @property
    def mapping(self) -> dict[str, str]:
        return {c.header: c.field for c in self.columns if c.field}


@dataclass(frozen=True)
class ProfileInfo:
    id: int
    name: str
    columns: dict[str, str | None]
    sheet: str | None
    header_row: int | None
    header_rows: int
    updated_at: datetime | None


@dataclass(frozen=True)
class UpdatedCase:
    row: int
    case_no: str  # as stored
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class RegistryImportOptions:
    sheet: str | None = None
    header_row: int | None = None  # 1-based; None: detect
    header_rows: int | None = None  # 1 or 2 (group row above sub-headers)
    mapping: dict[str, str] | None = None  # header → field, as confirmed in the wizard
    profile: str | None = None  # a saved profile's name, or a JSON profile file
    save_profile_as: str | None = None
    update_existing: bool = False  # False: skip case numbers already stored
    partial: bool = False  # import the valid rows, write the rejected ones to ``rejects_path``
    rejects_path: Path | None = None
    dry_run: bool = False


@dataclass(frozen=True)
class RegistryImportResult:
    source: Path
    sheet: str
    header_row: int
    dry_run: bool
    partial: bool
    update_existing: bool
    saved: bool  # True when the transaction was committed (something may still be 0)
    batch_id: int | None
    rows_read: int
    created: int
    updated: int
    unchanged: int
    skipped_existing: int
    rejected: int
    units_created: int
    officers_created: int
    problems: tuple[RowIssue, ...]  # rejected rows' problems
    warnings: tuple[RowIssue, ...]  # remarks that did not block the import (``warning`` set)
    updates: tuple[UpdatedCase, ...]
    new_case_nos: tuple[str, ...]  # the first 200 new case numbers (the count is ``created``)
    rejects_path: Path | None
    rejects_written: int
    notes: tuple[str, ...]
    report: str  # the whole report in Chinese
    seconds: float
    columns: tuple[ColumnProposal, ...] = ()  # the mapping used: every header column, mapped or not
    mapping_warnings: tuple[str, ...] = ()  # columns that look like a field but were not imported
    profile_saved: str | None = None  # name of the mapping profile saved by this run

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def summary(self) -> str:
        return self.report.split("\n", 1)[0]
