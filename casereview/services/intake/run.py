"""One registry import while it streams: validate rows, write new cases in batches, compare
and update existing ones, record the batch, all in the caller's one transaction.

All-or-nothing by default: after the first rejected row nothing more is written (the rest
is still validated for the report) and the service rolls the transaction back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from casereview.intake.mapping import Mapping
from casereview.intake.readers import Table
from casereview.intake.registry import (
    ImportStats,
    RowIssue,
    RowResult,
    record_diff,
    validate_rows,
    write_rejects_xlsx,
)
from casereview.intake.values import case_no_key, readable_name
from casereview.services.intake.report import import_result
from casereview.services.intake.types import (
    CancelCheck,
    ImportCancelled,
    Progress,
    RegistryImportOptions,
    RegistryImportResult,
    UpdatedCase,
)
from casereview.services.intake.writer import NOT_COLUMNS, CaseWriter, column, db_value, field_limits
from casereview.storage import audit_chain
from casereview.storage.models import Case, CaseOfficer, ImportBatch, Officer, Unit, table_of

BATCH_ROWS = 1000  # rows per writer job: small enough that the last job (not overlapped) is short


class ImportRun:
    """State of one import while it streams."""

    def __init__(self, actor: str, path: Path, table: Table, mapping: Mapping,
                 options: RegistryImportOptions, progress: Progress | None, cancel: CancelCheck | None) -> None:
        self.actor = actor
        self.path = path
        self.table = table
        self.mapping = mapping
        self.options = options
        self.progress = progress
        self.cancel = cancel
        self.stats = ImportStats()
        self.problems: list[RowIssue] = []
        self.warnings: list[RowIssue] = []
        self.rejected_rows: list[RowResult] = []
        self.updates: list[UpdatedCase] = []
        self.new_case_nos: list[str] = []
        self.created = self.updated = self.unchanged = self.skipped_existing = 0
        self.rejects_written = 0
        self.batch_id: int | None = None
        self.saved = False
        self.committable = True
        self.units_created = self.officers_created = 0

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel():
            raise ImportCancelled("导入已取消，数据库未作任何修改", path=str(self.path))

    def execute(self, session: Session) -> None:
        writer = CaseWriter(session, self.actor)
        try:
            self._execute(session, writer)
        finally:
            writer.close()  # the transaction must not end while an insert still runs

    def _execute(self, session: Session, writer: CaseWriter) -> None:
        options = self.options
        existing: dict[str, tuple[int, str]] = {}
        for case_id, case_no in session.execute(select(Case.id, Case.case_no)):
            existing.setdefault(case_no_key(case_no), (case_id, case_no))
        keep_rejects = options.partial or options.rejects_path is not None
        columns: list[str] | None = None
        new_batch: list[dict[str, Any]] = []
        old_batch: list[tuple[int, dict[str, Any], int, str]] = []
        total = max(self.table.data_rows_hint, 1)
        done = 0
        # All-or-nothing: after the first rejected row nothing more is written (the rest
        # is still validated for the report) and the transaction is rolled back.
        writing = True

        def flush() -> None:
            nonlocal new_batch, old_batch
            if writing and new_batch:
                assert columns is not None
                ids = writer.insert_cases(new_batch, columns)
                writer.link_officers(
                    (case_id, writer.unit_id(r.get("unit_name")), r.get("officers") or (), r.get("officer_certs") or {},
                     r.get("officer_cert_validity") or {})
                    for case_id, r in zip(ids, new_batch, strict=True)
                    if r.get("officers")
                )
                writer.submit()
            if old_batch:
                self._existing(session, writer, old_batch, write=writing)
            new_batch, old_batch = [], []

        for result in validate_rows(self.table.rows(), self.mapping, stats=self.stats, limits=field_limits()):
            done += 1
            if result.warnings:
                self.warnings.extend(result.warnings)
            record = result.record
            if record is None:
                self.problems.extend(result.issues)
                if keep_rejects:
                    self.rejected_rows.append(result)
                if not options.partial:
                    writing = False
                    new_batch = []
                continue
            if columns is None:
                columns = [c for c in record if c not in NOT_COLUMNS]
            found = existing.get(case_no_key(record["case_no"])) if existing else None
            if found is not None:
                old_batch.append((result.row, record, found[0], found[1]))
            else:
                self.created += 1
                if len(self.new_case_nos) < 200:
                    self.new_case_nos.append(record["case_no"])
                if writing:
                    new_batch.append(record)
            if len(new_batch) + len(old_batch) >= BATCH_ROWS:
                flush()
                if self.cancel is not None and self.cancel():
                    writer.sync()
                    self._check_cancel()
                if self.progress is not None:
                    self.progress(done, max(total, done))
        flush()
        writer.sync()
        self._check_cancel()
        if self.progress is not None:
            self.progress(done, done)
        self.units_created, self.officers_created = writer.units_created, writer.officers_created
        if writer.validity_filled:
            self.stats.notes.append(f"{writer.validity_filled} 名执法人员的执法证有效期"
                                    + ("将从登记表录入" if options.dry_run else "已从登记表录入")
                                    + "（已录入有效期的执法人员保持不变）")
        self.committable = writing
        if self.rejected_rows and options.rejects_path is not None and not options.dry_run:
            self.rejects_written = write_rejects_xlsx(self.rejected_rows, options.rejects_path, self.table.headers)
        if writing and not options.dry_run and (self.created or self.updated):
            batch = ImportBatch(
                kind="registry", source=readable_name(self.path)[:500], created=self.created, updated=self.updated,
                skipped=self.skipped_existing + self.stats.rejected + self.unchanged,
                report={"sheet": self.table.sheet, "header_row": self.table.header_row, "rows": self.stats.rows_read,
                        "rejected": self.stats.rejected, "unchanged": self.unchanged,
                        "units_created": writer.units_created, "officers_created": writer.officers_created},
                actor=self.actor,
            )
            session.add(batch)
            session.flush()
            self.batch_id = batch.id
            audit_chain.record(
                session, actor=self.actor, entity="import_batch", entity_id=batch.id,
                action="import_registry",
                after={"source": batch.source, "created": self.created, "updated": self.updated},
            )

    def _existing(self, session: Session, writer: CaseWriter, batch: list[tuple[int, dict[str, Any], int, str]],
                  *, write: bool) -> None:
        """Cases already stored: skip, or compare and update."""
        if not self.options.update_existing:
            self.skipped_existing += len(batch)
            return
        writer.sync()
        ids = [case_id for _row, _rec, case_id, _no in batch]
        table = table_of(Case)
        wanted = sorted({column(n) for n in batch[0][1] if n not in NOT_COLUMNS} | {"id", "unit_id"})
        stored: dict[int, dict[str, Any]] = {}
        for found in session.execute(select(*(table.c[n] for n in wanted)).where(table.c.id.in_(ids))):
            as_dict = found._asdict()
            stored[as_dict["id"]] = as_dict
        unit_names = dict(session.execute(select(Unit.id, Unit.name)).all())
        officers: dict[int, list[str]] = {}
        officer_ids: dict[tuple[int, str], int] = {}
        for case_id, name, officer_id in session.execute(
            select(CaseOfficer.case_id, Officer.name, Officer.id).join(Officer, Officer.id == CaseOfficer.officer_id)
            .where(CaseOfficer.case_id.in_(ids), CaseOfficer.role == "investigator").order_by(CaseOfficer.id)
        ):
            officers.setdefault(case_id, []).append(name)
            officer_ids.setdefault((case_id, name), officer_id)
        for row, record, case_id, case_no in batch:
            current = stored[case_id]
            old = {name: current.get(column(name)) for name in record if name not in NOT_COLUMNS}
            old["unit_name"] = unit_names.get(current["unit_id"]) if current.get("unit_id") else None
            old_officers = officers.get(case_id, [])
            old["officers"] = old_officers
            new = {name: db_value(name, value) for name, value in record.items()
                   if name not in ("officer_certs", "officer_cert_validity")}
            if new.get("procedure") is None:
                new.pop("procedure", None)
            # The file listing the same officers in another order is not a change.
            if new.get("officers") and set(new["officers"]) <= set(old_officers):
                new.pop("officers")
            changes = record_diff(old, new)
            validity = record.get("officer_cert_validity")
            if write and validity:  # officers already on the case get the validity they lack
                for name, period in validity.items():
                    if (case_id, name) in officer_ids:
                        writer.fill_validity(officer_ids[(case_id, name)], period)
            if not changes:
                self.unchanged += 1
                continue
            self.updated += 1
            self.updates.append(UpdatedCase(row, case_no, tuple(changes)))
            if not write:
                continue
            values: dict[str, Any] = {}
            for change in changes:
                if change.field == "officers":
                    continue
                if change.field == "unit_name":
                    values["unit_id"] = writer.unit_id(change.new if isinstance(change.new, str) else None)
                else:
                    values[column(change.field)] = change.new
            unit_id = values.get("unit_id", current.get("unit_id"))
            if values:
                values["updated_at"] = writer.now
                session.execute(update(table_of(Case)).where(table_of(Case).c.id == case_id).values(**values))
            added = [n for n in (record.get("officers") or []) if n not in old_officers]
            if added:
                writer.link_officers([(case_id, unit_id, added, record.get("officer_certs") or {},
                                       record.get("officer_cert_validity") or {})])

    def result(self, seconds: float, profile_saved: str | None = None) -> RegistryImportResult:
        return import_result(self, seconds, profile_saved)
