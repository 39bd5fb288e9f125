"""Registry import: a platform's case list (.xlsx/.xls/.csv) into the case tables.

The parsing, header mapping and row validation live in ``casereview.intake``; this
service streams the validated rows into ONE transaction:

* new cases are inserted in batches (``writer.CaseWriter``: on SQLite through the
  background ``storage.bulk_sqlite.SqliteBulkWriter``, ids taken in order after the write
  lock is held; elsewhere with ``INSERT … RETURNING``), units are created by name,
  officers linked as investigators;
* a case number already stored (compared with ``case_no_key``, so 〔2024〕 and [2024]
  match) is skipped or updated, updates listed field by field (``record_diff``);
* all-or-nothing by default: one rejected row and nothing is saved, with the full report;
  ``partial`` saves the valid rows and writes the rejected ones to an .xlsx;
* ``dry_run`` performs the same work and rolls it back, so what it reports is exactly
  what an import would do; a ``cancel`` callback checked between batches rolls back too.

Re-importing the same file changes nothing (no updates, no batch record).

Modules: ``types`` (DTOs), ``service``, ``run`` (one import), ``writer``, ``report``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casereview.services.lazy_exports import lazy_getattr

# Loaded on first use: the DTOs stay cheap to import for the UI and the CLI.
_SOURCES = {
    "RegistryImportService": "casereview.services.intake.service",
    "FieldChange": "casereview.intake.registry",
    "RowIssue": "casereview.intake.registry",
    **{
        name: "casereview.services.intake.types"
        for name in (
            "CancelCheck",
            "ColumnProposal",
            "FieldChoice",
            "ImportCancelled",
            "ProfileInfo",
            "Progress",
            "RegistryImportOptions",
            "RegistryImportResult",
            "RegistryPreview",
            "UpdatedCase",
        )
    },
}
__getattr__ = lazy_getattr(globals(), _SOURCES)
# Kept in step with _SOURCES (tests/quality/test_lazy_exports.py checks every name resolves).
__all__ = [
    "CancelCheck",
    "ColumnProposal",
    "FieldChange",
    "FieldChoice",
    "ImportCancelled",
    "ProfileInfo",
    "Progress",
    "RegistryImportOptions",
    "RegistryImportResult",
    "RegistryImportService",
    "RegistryPreview",
    "RowIssue",
    "UpdatedCase",
]

if TYPE_CHECKING:
    from casereview.intake.registry import FieldChange, RowIssue
    from casereview.services.intake.service import RegistryImportService
    from casereview.services.intake.types import (
        CancelCheck,
        ColumnProposal,
        FieldChoice,
        ImportCancelled,
        ProfileInfo,
        Progress,
        RegistryImportOptions,
        RegistryImportResult,
        RegistryPreview,
        UpdatedCase,
    )
