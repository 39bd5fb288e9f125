"""Registry import: a platform's case list (.xlsx/.xls/.csv) into the case tables.

The parsing, header mapping and row validation live in ``casereview.intake``; this
service streams the validated rows into ONE transaction:

* new cases are inserted in batches with bulk executemany (on SQLite straight through
  the driver, the ids taken in order after the write lock is held; on PostgreSQL with
  ``INSERT … RETURNING``), units are created by name, officers linked as investigators;
* a case number already stored (compared with ``case_no_key``, so 〔2024〕 and [2024]
  match) is skipped or updated, updates listed field by field (``record_diff``);
* all-or-nothing by default: one rejected row and nothing is saved, with the full report;
  ``partial`` saves the valid rows and writes the rejected ones to an .xlsx;
* ``dry_run`` performs the same work and rolls it back, so what it reports is exactly
  what an import would do; a ``cancel`` callback checked between batches rolls back too.

Re-importing the same file changes nothing (no updates, no batch record).
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from casereview.errors import CaseReviewError, NotFoundError, ValidationError
from casereview.intake.mapping import (
    FIELD_BY_NAME,
    FIELDS,
    Mapping,
    MappingProfile,
    column_letter,
)
from casereview.intake.readers import CSV_SUFFIXES, HTML_SHEET, Table, list_sheets
from casereview.intake.registry import (
    FieldChange,
    FieldLimits,
    ImportStats,
    RowIssue,
    RowResult,
    format_report,
    missing_columns_error,
    open_registry,
    record_diff,
    validate_rows,
    write_rejects_xlsx,
)
from casereview.intake.values import case_no_key, readable_name
from casereview.services.context import ServiceContext
from casereview.storage import audit_chain
from casereview.storage.db import explain_db_error
from casereview.storage.models import (
    Case,
    CaseOfficer,
    ImportBatch,
    ImportProfile,
    Officer,
    Unit,
    table_of,
    utcnow,
)

__all__ = [
    "ColumnProposal",
    "FieldChange",
    "FieldChoice",
    "ImportCancelled",
    "ProfileInfo",
    "RegistryImportOptions",
    "RegistryImportResult",
    "RegistryImportService",
    "RegistryPreview",
    "RowIssue",
    "UpdatedCase",
]

Progress = Callable[[int, int], None]  # (rows done, rows expected)
CancelCheck = Callable[[], bool]

BATCH_ROWS = 1000  # rows per writer job: small enough that the last job (not overlapped) is short
_NOT_COLUMNS = {"unit_name", "officers", "officer_certs"}
_RENAMED = {"violation_date": "violation_start"}  # import field → Case column
_LIST_SEP = "、"
_MAX_SQL_VARIABLES = 32_000  # per multi-row INSERT statement
# Field kinds whose validated value is not stored as is: enums, Decimal, lists.
# Dates become ISO text here too, so the writer thread binds without calling Python
# adapters (which would hand the GIL back and forth).
_CONVERTED_KINDS = frozenset({"amount", "list", "case_type", "procedure", "party_type", "date"})


class ImportCancelled(CaseReviewError):
    """The user cancelled; the transaction was rolled back (nothing changed)."""

    code = "cancelled"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


# --------------------------------------------------------------------------- results


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


def _proposals(table: Table, mapping: Mapping) -> tuple[ColumnProposal, ...]:
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


# --------------------------------------------------------------------------- helpers


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _db_value(name: str, value: Any) -> Any:
    """A record value in the form stored in the Case column (or kept for unit/officers)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list) and name != "officers":
        return _LIST_SEP.join(value) or None
    return value


def _sql_literal(value: object) -> str | None:
    """``value`` as an SQLite literal, stored exactly as the bound value would be
    (None when it has no safe literal form: it is then bound)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, datetime):  # as sqlite3's default adapter writes them
        value = value.isoformat(" ")
    elif isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def _column(name: str) -> str:
    return _RENAMED.get(name, name)


def field_limits() -> FieldLimits:
    """The limits of the storage schema, read from the models (the single source of truth)."""
    from sqlalchemy import Numeric, String

    case_table = table_of(Case)
    lengths: dict[str, int] = {}
    max_amount = Decimal("999999999999.99")
    for spec in FIELDS:
        if spec.name == "unit_name":
            column = table_of(Unit).c.name
        elif spec.name in _NOT_COLUMNS:
            continue
        else:
            column = case_table.c[_column(spec.name)]
        if isinstance(column.type, String) and column.type.length:
            lengths[spec.name] = column.type.length
        if isinstance(column.type, Numeric) and column.type.precision:
            scale = column.type.scale or 0
            max_amount = min(max_amount, Decimal(10) ** (column.type.precision - scale) - Decimal(1).scaleb(-scale))
    officer = table_of(Officer)
    name_len = officer.c.name.type.length if isinstance(officer.c.name.type, String) else None
    cert_len = officer.c.cert_no.type.length if isinstance(officer.c.cert_no.type, String) else None
    return FieldLimits(lengths, officer_name=name_len or 60, officer_cert=cert_len or 60, max_amount=max_amount)


# --------------------------------------------------------------------------- the writer


class _Writer:
    """Bulk writes of one import, inside one session (transaction)."""

    def __init__(self, session: Session, actor: str) -> None:
        self.session = session
        self.conn = session.connection()
        self.sqlite = self.conn.dialect.name == "sqlite"
        self.actor = actor
        self.now = utcnow()
        self.units: dict[str, int] = {}
        self.officers: dict[tuple[int | None, str], int] = {}
        self.officer_certs: dict[int, str | None] = {}  # officer id → certificate number stored
        self.units_created = 0
        self.officers_created = 0
        self._next_id: int | None = None
        self._keys: list[str] | None = None
        self._defaults: tuple[Any, ...] = ()
        self._plain: list[str] = []
        self._builder: Callable[[dict[str, Any], int, int | None], tuple[Any, ...]] | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None
        self._queued: list[tuple[str, list[str], list[tuple[Any, ...]], tuple[str, ...]]] = []
        self._tail_sql: tuple[str, ...] | None = None
        self._special: list[tuple[str, str]] = []
        self._sql = ""
        self._table = table_of(Case)
        if self.sqlite:
            # Take the write lock now so the ids read below stay ours until commit.
            self.conn.exec_driver_sql("UPDATE cases SET id = id WHERE 0")
        for unit_row in self.conn.execute(select(Unit.id, Unit.name)):
            self.units[unit_row.name] = unit_row.id
        self.by_cert: dict[tuple[int | None, str, str], int] = {}
        for officer_id, unit_id, name, cert_no in self.conn.execute(
            select(Officer.id, Officer.unit_id, Officer.name, Officer.cert_no).order_by(Officer.id)
        ):
            self.officers.setdefault((unit_id, name), officer_id)
            self.officer_certs[officer_id] = cert_no
            if cert_no:
                self.by_cert.setdefault((unit_id, name, cert_no), officer_id)

    # -- the background insert (SQLite) -------------------------------------------

    def _queue(self, keys: Sequence[str], rows: list[tuple[Any, ...]], *, table: str = "cases",
               consts: tuple[str, ...] = ()) -> None:
        """Rows for ``keys``; ``consts`` are SQL literals for the last ``len(consts)`` keys,
        the same in every row, written once per statement instead of bound per row."""
        self._queued.append((table, list(keys), rows, consts))

    def submit(self) -> None:
        """Insert the queued rows on the writer thread while the caller validates the next batch.

        Multi-row VALUES statements: sqlite3 releases the GIL for each statement's
        step, so one statement per few hundred rows lets SQLite's B-tree work run on
        the other core (executemany would hand the GIL back and forth on every row).
        Values equal in every new case (timestamps, column defaults: 13 of 34 columns) are
        written once per statement as SQL literals, ``INSERT … SELECT column1, …, <literals>
        FROM (VALUES …)``, rather than bound and evaluated per row (a quarter less writer work).
        The caller never touches the connection while a job runs (``sync`` first)."""
        self._wait()
        queued, self._queued = self._queued, []
        if not queued:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casereview-import")
        raw = self.conn.connection.dbapi_connection
        assert raw is not None
        limit = min(_MAX_SQL_VARIABLES, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))

        def job() -> None:
            cursor = raw.cursor()
            try:
                for table, keys, rows, consts in queued:
                    bound = len(keys) - len(consts)
                    per = max(1, limit // bound)
                    row_marks = "(" + ",".join("?" * bound) + ")"
                    head = f"INSERT INTO {table} ({','.join(keys)}) "
                    if consts:
                        picked = [f"column{i}" for i in range(1, bound + 1)]
                        head += f"SELECT {','.join([*picked, *consts])} FROM (VALUES "
                        end = ")"
                    else:
                        head += "VALUES "
                        end = ""
                    for start in range(0, len(rows), per):
                        chunk = rows[start:start + per]
                        cursor.execute(head + ",".join([row_marks] * len(chunk)) + end,
                                       list(chain.from_iterable(chunk)))
            finally:
                cursor.close()

        self._pending = self._pool.submit(job)

    def sync(self) -> None:
        """Write everything queued and wait for it: the connection is then free."""
        if self._queued:
            self.submit()
        self._wait()

    def _wait(self) -> None:
        """Wait for the background insert; its error (if any) is raised here."""
        pending, self._pending = self._pending, None
        if pending is not None:
            try:
                pending.result()
            except sqlite3.Error as exc:
                raise explain_db_error(exc, str(self.conn.engine.url)) from exc

    def close(self) -> None:
        """Finish (or, after an error, at least wait for) the background work."""
        try:
            self.sync()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    # -- units and officers ------------------------------------------------------

    def unit_id(self, name: str | None) -> int | None:
        if not name:
            return None
        found = self.units.get(name)
        if found is None:
            self.sync()
            found = int(self.conn.execute(insert(table_of(Unit)).values(name=name).returning(table_of(Unit).c.id))
                        .scalar_one())
            self.units[name] = found
            self.units_created += 1
        return found

    def officer_id(self, unit_id: int | None, name: str, cert_no: str | None = None) -> int:
        """The officer of that unit and name (and certificate number, when the file gives one):
        an officer stored without a number gets it; one stored with another number is a
        different person (same name), created."""
        key = (unit_id, name)
        found = self.officers.get(key)
        if cert_no:
            by_cert = self.by_cert.get((unit_id, name, cert_no))
            if by_cert is not None:
                return by_cert
            if found is not None and not self.officer_certs.get(found):
                self.sync()
                table = table_of(Officer)
                self.conn.execute(update(table).where(table.c.id == found).values(cert_no=cert_no))
                self.officer_certs[found] = cert_no
                self.by_cert[(unit_id, name, cert_no)] = found
                return found
            found = None
        if found is None:
            table = table_of(Officer)
            self.sync()
            found = int(self.conn.execute(
                insert(table).values(name=name, unit_id=unit_id, cert_no=cert_no or None, legal_qualified=False)
                .returning(table.c.id)
            ).scalar_one())
            self.officers.setdefault(key, found)
            self.officer_certs[found] = cert_no or None
            if cert_no:
                self.by_cert[(unit_id, name, cert_no)] = found
            self.officers_created += 1
        return found

    # -- new cases ---------------------------------------------------------------

    def _prepare(self, columns: Sequence[str]) -> None:
        """Column order (plain values first, then those needing conversion) and the scalar
        defaults of the columns a record does not carry."""
        table = self._table
        self._plain = [c for c in columns if FIELD_BY_NAME[c].kind not in _CONVERTED_KINDS]
        self._special = [(c, FIELD_BY_NAME[c].kind) for c in columns if FIELD_BY_NAME[c].kind in _CONVERTED_KINDS]
        ordered = [*self._plain, *(c for c, _k in self._special)]
        given = {_column(c) for c in columns} | {"id", "unit_id", "imported_at", "updated_at"}
        defaults: dict[str, Any] = {}
        for column in table.columns:
            if column.key in given:
                continue
            default: Any = column.default
            if default is not None and default.is_scalar:
                defaults[column.key] = default.arg
            elif not column.nullable and default is not None and default.is_callable:
                defaults[column.key] = self.now
        self._keys = ["id", "unit_id", *(_column(c) for c in ordered), "imported_at", "updated_at", *defaults]
        self._defaults = tuple(defaults.values())
        now = self.now.isoformat(" ")
        literals = [_sql_literal(v) for v in (now, now, *self._defaults)]
        self._tail_sql = None if None in literals else tuple(s for s in literals if s is not None)
        marks = ",".join("?" * len(self._keys))
        self._sql = f"INSERT INTO cases ({','.join(self._keys)}) VALUES ({marks})"

    def _row_builder(self, tail: tuple[Any, ...]) -> Callable[[dict[str, Any], int, int | None], tuple[Any, ...]]:
        """One compiled expression per row instead of a loop over columns (a third of the
        per-row cost). Names come from ``FIELDS`` (identifiers), never from the file."""
        if self._builder is None:
            parts = ["cid", "uid"] + [f"r[{n!r}]" for n in self._plain]
            for index, (name, kind) in enumerate(self._special):
                value, var = f"r[{name!r}]", f"v{index}"
                if kind == "date":
                    parts.append(f"({var}.isoformat() if ({var} := {value}) is not None else None)")
                elif kind == "amount":
                    parts.append(f"(float({var}) if ({var} := {value}) is not None else None)")
                elif kind == "list":
                    parts.append(f"(SEP.join({var}) or None if ({var} := {value}) else None)")
                else:
                    fallback = "'general'" if name == "procedure" else "None"
                    parts.append(f"({var}.value if ({var} := {value}) is not None else {fallback})")
            source = f"lambda r, cid, uid: ({', '.join(parts)}, *TAIL)"
            self._builder = eval(source, {"SEP": _LIST_SEP, "TAIL": tail})
        return self._builder

    def insert_cases(self, records: list[dict[str, Any]], columns: Sequence[str]) -> list[int]:
        """Insert new cases (one key set); returns their ids in order."""
        if not records:
            return []
        if self._keys is None:
            self._prepare(columns)
        units = self.units
        unit_ids = [units.get(r.get("unit_name") or "") or self.unit_id(r.get("unit_name")) for r in records]
        if not self.sqlite:
            rows = []
            for record, unit_id in zip(records, unit_ids, strict=True):
                row = {_column(c): _db_value(c, record.get(c)) for c in columns}
                row["procedure"] = row.get("procedure") or "general"
                row["party_type"] = row.get("party_type") or "unknown"
                rows.append(row | {"unit_id": unit_id, "imported_at": self.now, "updated_at": self.now})
            table = self._table
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            return [int(i) for i in self.session.execute(stmt, rows).scalars()]
        # SQLite: straight through the driver (sqlite3 adapts date/datetime; Decimal is
        # stored as REAL, as SQLAlchemy's Numeric does on SQLite). Text and date values go
        # in as they are; dates become ISO text, enums their code, amounts float.
        if self._next_id is None:
            self._next_id = (self.conn.execute(select(func.max(Case.id))).scalar() or 0) + 1
        first = self._next_id
        now = self.now.isoformat(" ")
        # Constant columns go in the SQL as literals when they can (see ``submit``).
        tail = () if self._tail_sql is not None else (now, now, *self._defaults)
        build = self._row_builder(tail)
        data = [build(record, case_id, unit_id)
                for case_id, record, unit_id in zip(range(first, first + len(records)), records, unit_ids, strict=True)]
        case_id = first + len(records)
        self._next_id = case_id
        assert self._keys is not None
        self._queue(self._keys, data, consts=self._tail_sql or ())
        return list(range(first, case_id))

    def link_officers(self, pairs: Iterable[tuple[int, int | None, Sequence[str], dict[str, str]]]) -> int:
        """(case id, unit id, names, {name: certificate number}) → investigator links."""
        known = self.officers
        rows: list[tuple[int, int, str]] = []
        for case_id, unit_id, names, certs in pairs:
            for name in names:
                cert = certs.get(name)
                officer = known.get((unit_id, name)) if not cert else None
                rows.append((case_id, officer if officer is not None else self.officer_id(unit_id, name, cert),
                             "investigator"))
        if rows:
            if self.sqlite:
                # Plain VALUES (no constant folding): the links' ids must follow the names' order.
                self._queue(["case_id", "officer_id", "role"], rows, table="case_officers")
            else:
                self.session.execute(insert(table_of(CaseOfficer)),
                                     [{"case_id": c, "officer_id": o, "role": r} for c, o, r in rows])
        return len(rows)


# --------------------------------------------------------------------------- the service


class RegistryImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- fields and profiles -----------------------------------------------------

    @staticmethod
    def fields() -> list[FieldChoice]:
        return [FieldChoice(s.name, s.label, s.required) for s in FIELDS]

    def profiles(self) -> list[ProfileInfo]:
        with self.ctx.db.session() as session:
            return [_profile_info(p) for p in session.scalars(select(ImportProfile).order_by(ImportProfile.name))]

    def save_profile(self, name: str, mapping: dict[str, str | None], *, sheet: str | None = None,
                     header_row: int | None = None, header_rows: int = 1, auto: bool = False) -> ProfileInfo:
        """Save (or replace) a named mapping profile. A mapping confirmed in the wizard or
        used by an import is complete (``auto`` False: columns it leaves out stay out)."""
        name = name.strip()
        if not name:
            raise ValidationError("映射方案名称不能为空", code="profile_name_empty")
        profile = MappingProfile.from_dict(
            {"name": name, "columns": mapping, "sheet": sheet, "header_row": header_row, "header_rows": header_rows,
             "auto": auto},
            source=f"映射方案“{name}”",
        )
        with self.ctx.db.session() as session:
            row = session.scalar(select(ImportProfile).where(ImportProfile.name == name))
            if row is None:
                row = ImportProfile(name=name, mapping=profile.to_dict())
                session.add(row)
            else:
                row.mapping = profile.to_dict()
                row.updated_at = utcnow()
            session.flush()
            return _profile_info(row)

    def delete_profile(self, name: str) -> None:
        with self.ctx.db.session() as session:
            result = session.execute(delete(ImportProfile).where(ImportProfile.name == name))
            if not getattr(result, "rowcount", 0):
                raise NotFoundError(f"没有名为“{name}”的映射方案", code="profile_not_found", name=name)

    def load_profile(self, name_or_file: str | Path) -> MappingProfile:
        """A saved profile by name, else a JSON profile file."""
        with self.ctx.db.session() as session:
            row = session.scalar(select(ImportProfile).where(ImportProfile.name == str(name_or_file)))
            if row is not None:
                data = dict(row.mapping or {})
                data.setdefault("auto", False)  # saved before "auto" existed: a complete mapping
                profile = MappingProfile.from_dict(data, source=f"映射方案“{row.name}”")
                profile.name = row.name
                return profile
        path = Path(name_or_file)
        if path.suffix.lower() == ".json" or path.exists():
            return MappingProfile.load(path)
        names = "、".join(p.name for p in self.profiles()) or "（无）"
        raise NotFoundError(f"找不到映射方案“{name_or_file}”：既不是已保存的方案（现有：{names}），也不是 JSON 文件",
                            code="profile_not_found", name=str(name_or_file))

    # -- opening -------------------------------------------------------------------

    @staticmethod
    def sheets(path: str | Path) -> list[str]:
        path = Path(path)
        if path.suffix.lower() in CSV_SUFFIXES:
            return ["CSV"]
        return list_sheets(path)

    def _open(self, path: Path, options: RegistryImportOptions) -> tuple[Table, Mapping, MappingProfile | None]:
        profile = self.load_profile(options.profile) if options.profile else None
        if options.mapping is not None:
            # The wizard's confirmed mapping is complete: nothing else is mapped automatically.
            profile = MappingProfile(name=options.save_profile_as or "", columns=dict(options.mapping),
                                     sheet=options.sheet or (profile.sheet if profile else None), auto=False)
        table, mapping = open_registry(path, profile=profile, sheet=options.sheet, header_row=options.header_row,
                                       header_rows=options.header_rows, require=False)
        return table, mapping, profile

    def preview(self, path: str | Path, *, sheet: str | None = None, header_row: int | None = None,
                header_rows: int | None = None, profile: str | None = None, n: int = 20) -> RegistryPreview:
        """Sheets, the header found (or given), the first ``n`` rows and the proposed mapping."""
        path = Path(path)
        options = RegistryImportOptions(sheet=sheet, header_row=header_row, header_rows=header_rows, profile=profile)
        table, mapping, used = self._open(path, options)
        rows = tuple((number, tuple(_text(v) for v in cells[: len(table.headers)])) for number, cells in table.preview(n))
        columns = _proposals(table, mapping)
        return RegistryPreview(
            path=path, sheets=tuple(table.sheets), sheet=table.sheet, header_row=table.header_row,
            header_rows=table.header_rows, headers=tuple(table.headers), rows=rows, columns=columns,
            missing_required=tuple(FIELD_BY_NAME[f].label for f in mapping.missing_required),
            encoding=table.encoding, data_rows_hint=table.data_rows_hint, profile=used.name if used else None,
        )

    # -- importing ---------------------------------------------------------------

    def run(self, path: str | Path, options: RegistryImportOptions = RegistryImportOptions(), *,
            progress: Progress | None = None, cancel: CancelCheck | None = None) -> RegistryImportResult:
        """Import (or with ``dry_run`` rehearse) a registry file. Raises ``ImportCancelled``
        when ``cancel()`` turns true (everything rolled back) and ``ValidationError`` for a
        file that cannot be read or mapped. Rejected rows do not raise: see ``saved``."""
        started = time.perf_counter()
        path = Path(path)
        if options.partial and options.rejects_path is None and not options.dry_run:
            raise ValidationError("选择“只导入有效行”时，须指定未导入行的保存文件（.xlsx）", code="rejects_path_missing")
        table, mapping, _profile = self._open(path, options)
        if mapping.missing_required:
            raise missing_columns_error(path, table, mapping)
        run = _Run(self, path, table, mapping, options, progress, cancel)
        try:
            with self.ctx.db.session() as session:
                run.execute(session)
                if options.dry_run or not run.committable:
                    raise _DryRun
        except _DryRun:
            run.saved = False
        else:
            run.saved = True
        saved_profile = None
        if options.save_profile_as:
            # Saved on a dry run too: it is configuration, and the dry run is where a mapping is tried.
            # Only a header row the user gave is kept: the profile finds its header by the texts.
            saved_profile = self.save_profile(
                options.save_profile_as, mapping.as_dict(),
                sheet=table.sheet if table.sheet not in ("CSV", HTML_SHEET) else None,
                header_row=options.header_row, header_rows=options.header_rows or 1).name
        return run.result(time.perf_counter() - started, saved_profile)

    # -- what is stored ------------------------------------------------------------

    def batches(self, limit: int = 50) -> list[dict[str, Any]]:
        with self.ctx.db.session() as session:
            rows = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit))
            return [{"id": b.id, "kind": b.kind, "source": b.source, "created": b.created, "updated": b.updated,
                     "skipped": b.skipped, "actor": b.actor, "at": b.at} for b in rows]


def _profile_info(row: ImportProfile) -> ProfileInfo:
    data = row.mapping or {}
    return ProfileInfo(
        id=row.id, name=row.name, columns=dict(data.get("columns") or {}), sheet=data.get("sheet"),
        header_row=data.get("header_row"), header_rows=int(data.get("header_rows") or 1), updated_at=row.updated_at,
    )


class _Run:
    """State of one import while it streams."""

    def __init__(self, service: RegistryImportService, path: Path, table: Table, mapping: Mapping,
                 options: RegistryImportOptions, progress: Progress | None, cancel: CancelCheck | None) -> None:
        self.service = service
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
        writer = _Writer(session, self.service.ctx.actor_name)
        try:
            self._execute(session, writer)
        finally:
            writer.close()  # the transaction must not end while an insert still runs

    def _execute(self, session: Session, writer: _Writer) -> None:
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
                    (case_id, writer.unit_id(r.get("unit_name")), r.get("officers") or (), r.get("officer_certs") or {})
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
                columns = [c for c in record if c not in _NOT_COLUMNS]
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
                actor=self.service.ctx.actor_name,
            )
            session.add(batch)
            session.flush()
            self.batch_id = batch.id
            audit_chain.record(
                session, actor=self.service.ctx.actor_name, entity="import_batch", entity_id=batch.id,
                action="import_registry",
                after={"source": batch.source, "created": self.created, "updated": self.updated},
            )

    def _existing(self, session: Session, writer: _Writer, batch: list[tuple[int, dict[str, Any], int, str]],
                  *, write: bool) -> None:
        """Cases already stored: skip, or compare and update."""
        if not self.options.update_existing:
            self.skipped_existing += len(batch)
            return
        writer.sync()
        ids = [case_id for _row, _rec, case_id, _no in batch]
        table = table_of(Case)
        wanted = sorted({_column(n) for n in batch[0][1] if n not in _NOT_COLUMNS} | {"id", "unit_id"})
        stored: dict[int, dict[str, Any]] = {}
        for found in session.execute(select(*(table.c[n] for n in wanted)).where(table.c.id.in_(ids))):
            as_dict = found._asdict()
            stored[as_dict["id"]] = as_dict
        unit_names = dict(session.execute(select(Unit.id, Unit.name)).all())
        officers: dict[int, list[str]] = {}
        for case_id, name in session.execute(
            select(CaseOfficer.case_id, Officer.name).join(Officer, Officer.id == CaseOfficer.officer_id)
            .where(CaseOfficer.case_id.in_(ids), CaseOfficer.role == "investigator").order_by(CaseOfficer.id)
        ):
            officers.setdefault(case_id, []).append(name)
        for row, record, case_id, case_no in batch:
            current = stored[case_id]
            old = {name: current.get(_column(name)) for name in record if name not in _NOT_COLUMNS}
            old["unit_name"] = unit_names.get(current["unit_id"]) if current.get("unit_id") else None
            old_officers = officers.get(case_id, [])
            old["officers"] = old_officers
            new = {name: _db_value(name, value) for name, value in record.items() if name != "officer_certs"}
            if new.get("procedure") is None:
                new.pop("procedure", None)
            # The file listing the same officers in another order is not a change.
            if new.get("officers") and set(new["officers"]) <= set(old_officers):
                new.pop("officers")
            changes = record_diff(old, new)
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
                    values[_column(change.field)] = change.new
            unit_id = values.get("unit_id", current.get("unit_id"))
            if values:
                values["updated_at"] = writer.now
                session.execute(update(table_of(Case)).where(table_of(Case).c.id == case_id).values(**values))
            added = [n for n in (record.get("officers") or []) if n not in old_officers]
            if added:
                writer.link_officers([(case_id, unit_id, added, record.get("officer_certs") or {})])

    def result(self, seconds: float, profile_saved: str | None = None) -> RegistryImportResult:
        stats = self.stats
        body = format_report(stats, self.problems, source=readable_name(self.path.name), warnings=self.warnings)
        options = self.options
        lines = [self.summary_line(), body, "", "表头对应（第{}行{}）：".format(
            self.table.header_row, f"起 {self.table.header_rows} 行" if self.table.header_rows > 1 else "")]
        lines += ["  " + line for line in self.mapping.describe()]
        if profile_saved:
            lines.append(f"映射方案“{profile_saved}”已保存" + ("（试运行也保存映射方案）" if options.dry_run else "") + "。")
        if self.updates:
            lines.append("")
            lines.append("将更新的案件：" if options.dry_run or not self.saved else "已更新的案件：")
            for change in self.updates[:500]:
                lines.append(f"  第{change.row}行 {change.case_no}：" + "；".join(d.describe() for d in change.changes))
        if self.rejects_written:
            lines.append(f"未导入的 {self.rejects_written} 行已写入 {options.rejects_path}（含“错误原因”列）。")
        return RegistryImportResult(
            source=self.path, sheet=self.table.sheet, header_row=self.table.header_row, dry_run=options.dry_run,
            partial=options.partial, update_existing=options.update_existing, saved=self.saved,
            batch_id=self.batch_id if self.saved else None, rows_read=stats.rows_read,
            created=self.created, updated=self.updated, unchanged=self.unchanged,
            skipped_existing=self.skipped_existing, rejected=stats.rejected,
            units_created=self.units_created, officers_created=self.officers_created,
            problems=tuple(self.problems), warnings=tuple(self.warnings), updates=tuple(self.updates),
            new_case_nos=tuple(self.new_case_nos), rejects_path=options.rejects_path if self.rejects_written else None,
            rejects_written=self.rejects_written, notes=tuple(stats.notes), report="\n".join(lines), seconds=seconds,
            columns=_proposals(self.table, self.mapping), mapping_warnings=tuple(self.mapping.warnings()),
            profile_saved=profile_saved,
        )

    def summary_line(self) -> str:
        options = self.options
        if options.dry_run:
            head = "试运行（未写入数据库）："
        elif not self.saved and self.stats.rejected:
            head = ("未导入：有问题的行，按“全部或全不”规则数据库未作任何修改"
                    "（如要先导入有效的行，请选择“只导入有效行”，命令行加 --partial --rejects 未导入行.xlsx）。")
        else:
            head = "导入完成："
        verb = "将" if not self.saved else "已"
        existing = (f"更新 {self.updated} 件、未变化 {self.unchanged} 件" if options.update_existing
                    else f"跳过已有案件 {self.skipped_existing} 件")
        return f"{head}读取 {self.stats.rows_read} 行，{verb}新增 {self.created} 件，{existing}，有问题 {self.stats.rejected} 行。"

