"""CaseWriter: the bulk writes of one registry import (units, officers, new cases and their
investigator links), inside the import's one transaction.

Two paths store the same rows:
- the portable path (any database; PostgreSQL uses ``INSERT … RETURNING``): SQLAlchemy
  executemany, the reference;
- on SQLite, ``casereview.storage.bulk_sqlite.SqliteBulkWriter``: rows built here as plain
  tuples go to the driver on a background thread (ids allocated in order under the write lock).
``tests/core/test_bulk_writer.py`` checks both produce identical rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from casereview.intake.mapping import FIELD_BY_NAME, FIELDS
from casereview.intake.registry import FieldLimits
from casereview.storage.bulk_sqlite import SqliteBulkWriter, sql_literal
from casereview.storage.models import Case, CaseOfficer, Officer, Unit, table_of, utcnow

NOT_COLUMNS = frozenset({"unit_name", "officers", "officer_certs", "officer_cert_validity",
                         "officer_cert_valid_from"})  # record keys that are not Case columns
_RENAMED = {"violation_date": "violation_start"}  # import field → Case column
LIST_SEP = "、"
# Field kinds whose validated value is not stored as is: enums, Decimal, lists.
# Dates become ISO text here too, so the writer thread binds without calling Python
# adapters (which would hand the GIL back and forth).
_CONVERTED_KINDS = frozenset({"amount", "list", "case_type", "procedure", "party_type", "date"})

RowBuilder = Callable[[dict[str, Any], int, int | None], tuple[Any, ...]]


def column(name: str) -> str:
    """The Case column an import field is stored in."""
    return _RENAMED.get(name, name)


def db_value(name: str, value: Any) -> Any:
    """A record value in the form stored in the Case column (or kept for unit/officers)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list) and name != "officers":
        return LIST_SEP.join(value) or None
    return value


def field_limits() -> FieldLimits:
    """The limits of the storage schema, read from the models (the single source of truth)."""
    from sqlalchemy import Numeric, String

    case_table = table_of(Case)
    lengths: dict[str, int] = {}
    max_amount = Decimal("999999999999.99")
    for spec in FIELDS:
        if spec.name == "unit_name":
            col = table_of(Unit).c.name
        elif spec.name in NOT_COLUMNS:
            continue
        else:
            col = case_table.c[column(spec.name)]
        if isinstance(col.type, String) and col.type.length:
            lengths[spec.name] = col.type.length
        if isinstance(col.type, Numeric) and col.type.precision:
            scale = col.type.scale or 0
            max_amount = min(max_amount, Decimal(10) ** (col.type.precision - scale) - Decimal(1).scaleb(-scale))
    officer = table_of(Officer)
    name_len = officer.c.name.type.length if isinstance(officer.c.name.type, String) else None
    cert_len = officer.c.cert_no.type.length if isinstance(officer.c.cert_no.type, String) else None
    return FieldLimits(lengths, officer_name=name_len or 60, officer_cert=cert_len or 60, max_amount=max_amount)


# -- converters of the SQLite path (one per field kind; None stays None unless said) --------


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _amount(value: Any) -> Any:
    return float(value) if value is not None else None  # as SQLAlchemy's Numeric stores it on SQLite


def _joined(value: Any) -> Any:
    return LIST_SEP.join(value) or None if value else None


def _code(value: Any) -> Any:
    return value.value if value is not None else None


def _procedure(value: Any) -> Any:
    return value.value if value is not None else "general"


def _converter(name: str, kind: str) -> Callable[[Any], Any]:
    if kind == "date":
        return _iso
    if kind == "amount":
        return _amount
    if kind == "list":
        return _joined
    return _procedure if name == "procedure" else _code


def row_builder(plain: Sequence[str], special: Sequence[tuple[str, str]], tail: tuple[Any, ...]) -> RowBuilder:
    """A function turning a validated record into the row tuple of the SQLite path:
    ``(case id, unit id, *plain values, *converted values, *tail)``. Plain fields are
    fetched with one ``itemgetter`` call; the few converted ones through their converter."""
    get_plain: Callable[[dict[str, Any]], tuple[Any, ...]]
    if len(plain) > 1:
        get_plain = itemgetter(*plain)
    elif plain:
        key = plain[0]

        def get_plain(record: dict[str, Any]) -> tuple[Any, ...]:
            return (record[key],)
    else:

        def get_plain(record: dict[str, Any]) -> tuple[Any, ...]:
            return ()

    converters = tuple((name, _converter(name, kind)) for name, kind in special)

    def build(record: dict[str, Any], case_id: int, unit_id: int | None) -> tuple[Any, ...]:
        return (case_id, unit_id, *get_plain(record), *[convert(record[name]) for name, convert in converters], *tail)

    return build


class CaseWriter:
    """Bulk writes of one import, inside one session (transaction).

    ``portable=True`` forces the SQLAlchemy path on SQLite too (the reference the
    identical-rows test compares the fast path with)."""

    def __init__(self, session: Session, actor: str, *, portable: bool = False) -> None:
        self.session = session
        self.conn = session.connection()
        self.actor = actor
        self.now = utcnow()
        self.units: dict[str, int] = {}
        self.officers: dict[tuple[int | None, str], int] = {}
        self.officer_certs: dict[int, str | None] = {}  # officer id → certificate number stored
        self.officer_validity: dict[int, bool] = {}  # officer id → a validity period is stored
        self.validity_filled = 0
        self.units_created = 0
        self.officers_created = 0
        self._next_id: int | None = None
        self._keys: list[str] | None = None
        self._defaults: tuple[Any, ...] = ()
        self._plain: list[str] = []
        self._special: list[tuple[str, str]] = []
        self._builder: RowBuilder | None = None
        self._tail_sql: tuple[str, ...] | None = None
        self._table = table_of(Case)
        self.bulk: SqliteBulkWriter | None = None
        if self.conn.dialect.name == "sqlite" and not portable:
            self.bulk = SqliteBulkWriter(self.conn)
            # Take the write lock now so the ids read below stay ours until commit.
            self.bulk.take_write_lock("cases")
        for unit_row in self.conn.execute(select(Unit.id, Unit.name)):
            self.units[unit_row.name] = unit_row.id
        self.by_cert: dict[tuple[int | None, str, str], int] = {}
        for officer_id, unit_id, name, cert_no, valid_from, valid_to in self.conn.execute(
            select(Officer.id, Officer.unit_id, Officer.name, Officer.cert_no, Officer.cert_valid_from,
                   Officer.cert_valid_to).order_by(Officer.id)
        ):
            self.officers.setdefault((unit_id, name), officer_id)
            self.officer_certs[officer_id] = cert_no
            self.officer_validity[officer_id] = valid_from is not None or valid_to is not None
            if cert_no:
                self.by_cert.setdefault((unit_id, name, cert_no), officer_id)

    # -- the background insert (SQLite) -------------------------------------------

    def submit(self) -> None:
        """Start writing what is queued (SQLite); the caller goes on validating."""
        if self.bulk is not None:
            self.bulk.submit()

    def sync(self) -> None:
        """Wait until everything queued is written: the connection is then free."""
        if self.bulk is not None:
            self.bulk.sync()

    def close(self) -> None:
        """Finish (or, after an error, at least wait for) the background work."""
        if self.bulk is not None:
            self.bulk.close()

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
        given = {column(c) for c in columns} | {"id", "unit_id", "imported_at", "updated_at"}
        defaults: dict[str, Any] = {}
        for col in table.columns:
            if col.key in given:
                continue
            default: Any = col.default
            if default is not None and default.is_scalar:
                defaults[col.key] = default.arg
            elif not col.nullable and default is not None and default.is_callable:
                defaults[col.key] = self.now
        self._keys = ["id", "unit_id", *(column(c) for c in ordered), "imported_at", "updated_at", *defaults]
        self._defaults = tuple(defaults.values())
        now = self.now.isoformat(" ")
        literals = [sql_literal(v) for v in (now, now, *self._defaults)]
        self._tail_sql = None if None in literals else tuple(s for s in literals if s is not None)

    def insert_cases(self, records: list[dict[str, Any]], columns: Sequence[str]) -> list[int]:
        """Insert new cases (one key set); returns their ids in order."""
        if not records:
            return []
        if self._keys is None:
            self._prepare(columns)
        units = self.units
        unit_ids = [units.get(r.get("unit_name") or "") or self.unit_id(r.get("unit_name")) for r in records]
        if self.bulk is None:
            rows = []
            for record, unit_id in zip(records, unit_ids, strict=True):
                row = {column(c): db_value(c, record.get(c)) for c in columns}
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
        if self._builder is None:
            now = self.now.isoformat(" ")
            # Constant columns go in the SQL as literals when they can (see SqliteBulkWriter.submit).
            tail = () if self._tail_sql is not None else (now, now, *self._defaults)
            self._builder = row_builder(self._plain, self._special, tail)
        build = self._builder
        data = [build(record, case_id, unit_id)
                for case_id, record, unit_id in zip(range(first, first + len(records)), records, unit_ids, strict=True)]
        case_id = first + len(records)
        self._next_id = case_id
        assert self._keys is not None
        self.bulk.queue("cases", self._keys, data, consts=self._tail_sql or ())
        return list(range(first, case_id))

    def fill_validity(self, officer_id: int, period: tuple[date | None, date | None] | None) -> None:
        """Store the certificate's validity on an officer who has none stored (a period
        already stored, perhaps entered by hand, is kept)."""
        if period is None or self.officer_validity.get(officer_id) or (period[0] is None and period[1] is None):
            return
        self.sync()
        table = table_of(Officer)
        self.conn.execute(update(table).where(table.c.id == officer_id)
                          .values(cert_valid_from=period[0], cert_valid_to=period[1]))
        self.officer_validity[officer_id] = True
        self.validity_filled += 1

    def link_officers(self, pairs: Iterable[tuple[int, int | None, Sequence[str], dict[str, str],
                                                  dict[str, tuple[date | None, date | None]]]]) -> int:
        """(case id, unit id, names, {name: certificate number}, {name: validity}) → investigator links."""
        known = self.officers
        rows: list[tuple[int, int, str]] = []
        for case_id, unit_id, names, certs, validity in pairs:
            for name in names:
                cert = certs.get(name)
                officer = known.get((unit_id, name)) if not cert else None
                if officer is None:
                    officer = self.officer_id(unit_id, name, cert)
                if validity:
                    self.fill_validity(officer, validity.get(name))
                rows.append((case_id, officer, "investigator"))
        if rows:
            if self.bulk is not None:
                # Plain VALUES (no constant folding): the links' ids must follow the names' order.
                self.bulk.queue("case_officers", ["case_id", "officer_id", "role"], rows)
            else:
                self.session.execute(insert(table_of(CaseOfficer)),
                                     [{"case_id": c, "officer_id": o, "role": r} for c, o, r in rows])
        return len(rows)
