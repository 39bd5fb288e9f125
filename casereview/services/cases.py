"""Cases: listing (lazily, for 100,000-row lists), detail, and writing case records."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, func, null, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, selectinload

from casereview.domain.enums import CaseReviewState, CaseType, PartyType, Procedure
from casereview.errors import NotFoundError, ValidationError
from casereview.services.context import ServiceContext
from casereview.services.queries.lookups import resolve_unit
from casereview.storage import audit_chain
from casereview.storage.case_numbers import case_no_matches, find_case_id
from casereview.storage.models import Case, CaseOfficer, Officer, Unit

_Ts = TypeVarTuple("_Ts")

# Fields of a case record that map 1:1 to Case columns (importers and the demo use them).
CASE_COLUMNS: tuple[str, ...] = tuple(
    c.key
    for c in Case.__table__.columns
    if c.key
    not in {"id", "unit_id", "imported_at", "updated_at", "review_state", "review_score", "review_grade"}
)

class Keep:
    """``set_officer``'s "leave as stored"."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Keep()


# (column, Chinese label) of the dates shown in the case timeline, in procedural order.
TIMELINE_FIELDS: tuple[tuple[str, str], ...] = (
    ("violation_start", "违法行为发生"),
    ("discovery_date", "发现违法行为"),
    ("application_date", "许可申请"),
    ("supplement_notice_date", "补正告知"),
    ("acceptance_date", "受理"),
    ("filing_date", "立案"),
    ("investigation_date", "调查取证"),
    ("preservation_start", "先行登记保存"),
    ("preservation_disposal", "保存物品处理"),
    ("seizure_start", "查封扣押"),
    ("seizure_end", "解除查封扣押"),
    ("notice_date", "违法行为通知（告知）"),
    ("notice_served_date", "告知书送达"),
    ("defence_received_date", "收到陈述申辩"),
    ("hearing_requested_date", "申请听证"),
    ("hearing_notified_date", "听证通知"),
    ("hearing_held_date", "举行听证"),
    ("legal_review_date", "法制审核"),
    ("collective_discussion_date", "集体讨论"),
    ("decision_date", "作出决定"),
    ("service_date", "决定书送达"),
    ("licence_delivered_date", "颁发送达许可证件"),
    ("simple_filed_date", "简易程序备案"),
    ("payment_due_date", "缴款期限"),
    ("paid_date", "缴纳罚款"),
    ("enforcement_date", "强制执行"),
    ("publication_date", "公示"),
    ("closing_date", "结案"),
    ("archiving_date", "归档"),
)

# Labels of the other case columns (dates use the timeline's words plus 日期).
_OTHER_LABELS = {
    "violation_end": "违法行为终了日期", "extension_days": "延长办案天数", "seizure_extension_days": "查封扣押延长天数",
    "continuing_violation": "连续或继续状态的违法行为", "harm_to_life_health": "危害生命健康安全",
    "legal_review_required": "需法制审核", "collective_discussion_required": "需集体讨论", "hearing_waived": "放弃听证",
    "notice_waived": "放弃陈述申辩", "coercive_measure": "采取行政强制措施", "preservation": "先行登记保存",
    "criminal_transfer": "移送司法机关", "surcharge_amount": "加处罚款金额", "discretion_band": "裁量阶次",
    "violation_code": "违法行为代码", "decision_no": "决定书文号", "extra": "其他登记信息",
}


def case_field_label(key: str) -> str:
    """The Chinese label of a case column, for every text a user reads (never the raw key)."""
    from casereview.checks.snapshot import FIELD_LABELS
    from casereview.intake.mapping import FIELD_BY_NAME
    from casereview.storage.dberrors import COLUMN_LABELS

    spec = FIELD_BY_NAME.get(key)
    if spec is not None:
        return spec.label
    if key in _OTHER_LABELS:
        return _OTHER_LABELS[key]
    timeline = dict(TIMELINE_FIELDS)
    if key in timeline:
        return timeline[key] + ("日期" if not timeline[key].endswith(("期限", "日期")) else "")
    short = key.removesuffix("_date")
    return FIELD_LABELS.get(short) or FIELD_LABELS.get(key) or COLUMN_LABELS.get(key) or "其他信息"


def case_value_text(key: str, value: object) -> str:
    """A case column's value in words: codes of domains and payment methods become Chinese."""
    from casereview.checks.snapshot import PAYMENT_LABELS
    from casereview.checks.thresholds import DOMAIN_LABELS

    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "domain":
        return DOMAIN_LABELS.get(str(value), str(value))
    if key == "payment_method":
        return PAYMENT_LABELS.get(str(value), str(value))
    if key == "extra" and isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items() if v not in (None, ""))
    return str(value)


SORTABLE = {
    "case_no": Case.case_no,
    "unit": Unit.name,
    "case_type": Case.case_type,
    "party_name": Case.party_name,
    "cause": Case.cause,
    "decision_date": Case.decision_date,
    "filing_date": Case.filing_date,
    "fine_amount": Case.fine_amount,
    "review_state": Case.review_state,
    "score": Case.review_score,
    "grade": Case.review_grade,
}


@dataclass(frozen=True)
class CaseFilter:
    text: str = ""  # matches 案号 / 当事人 / 案由
    unit_ids: tuple[int, ...] = ()
    case_types: tuple[str, ...] = ()
    review_states: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    decision_from: date | None = None
    decision_to: date | None = None
    case_ids: tuple[int, ...] | None = None  # restrict to a set (e.g. a campaign's cases)


@dataclass(frozen=True)
class CaseRow:
    id: int
    case_no: str
    unit_name: str
    case_type: str
    case_type_label: str
    party_name: str
    cause: str
    filing_date: date | None
    decision_date: date | None
    fine_amount: Decimal | None
    review_state: str
    review_state_label: str
    score: float | None
    grade: str | None


@dataclass(frozen=True)
class OfficerInfo:
    id: int
    name: str
    cert_no: str | None
    cert_valid_from: date | None
    cert_valid_to: date | None
    role: str
    unit_name: str | None = None


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    doc_type: str
    title: str
    kind: str
    page_count: int
    page_start: int | None
    page_end: int | None
    blob_sha256: str | None
    original_name: str | None
    type_confirmed: bool
    ext: str | None = None


@dataclass(frozen=True)
class CaseDetail:
    id: int
    case_no: str
    unit_id: int | None
    unit_name: str
    case_type: str
    procedure: str
    fields: dict[str, Any]  # every Case column by name
    officers: tuple[OfficerInfo, ...]
    documents: tuple[DocumentInfo, ...]
    timeline: tuple[tuple[str, date], ...] = field(default=())

    @property
    def case_type_label(self) -> str:
        return CaseType(self.case_type).label


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    case_count: int = 0


def _row_from(case: Case, unit_name: str | None) -> CaseRow:
    try:
        ct_label = CaseType(case.case_type).label
    except ValueError:
        ct_label = case.case_type
    return CaseRow(
        id=case.id,
        case_no=case.case_no,
        unit_name=unit_name or "",
        case_type=case.case_type,
        case_type_label=ct_label,
        party_name=case.party_name or "",
        cause=case.cause or "",
        filing_date=case.filing_date,
        decision_date=case.decision_date,
        fine_amount=case.fine_amount,
        review_state=case.review_state,
        review_state_label=CaseReviewState(case.review_state).label,
        score=case.review_score,
        grade=case.review_grade,
    )


def _like_escape(text: str) -> str:
    return re.sub(r"([%_\\])", r"\\\1", text)


def split_names(text: str | None) -> list[str]:
    """'张三、李四, 王五' -> ['张三', '李四', '王五']"""
    if not text:
        return []
    return [p for p in re.split(r"[、,，;；/\s]+", text) if p]


def where_case_scope(
    query: Select[*_Ts],
    unit_ids: Collection[int] | None,
    case_types: Collection[str] | None,
    decided_from: date | None,
    decided_to: date | None,
) -> Select[*_Ts]:
    """Narrow a query over cases to these units and case types (empty: all) decided in the period."""
    if unit_ids:
        query = query.where(Case.unit_id.in_(unit_ids))
    if case_types:
        query = query.where(Case.case_type.in_(case_types))
    if decided_from:
        query = query.where(Case.decision_date >= decided_from)
    if decided_to:
        query = query.where(Case.decision_date <= decided_to)
    return query


def _masked(column: Any, hidden: Collection[int] | None) -> Any:
    """``column`` as the account may see it: NULL (not scored) for the cases in ``hidden``,
    for every case when ``hidden`` is None (not signed in: no scores at all)."""
    if hidden is None:
        return null()
    if not hidden:
        return column
    return sql_case((Case.id.in_(sorted(hidden)), null()), else_=column)


class CaseService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- lists ----------------------------------------------------------------------

    def _filtered(self, query: Select[Any], flt: CaseFilter, hidden: Collection[int] | None = ()) -> Select[Any]:
        if flt.text.strip():
            pattern = f"%{_like_escape(flt.text.strip())}%"
            conditions: list[ColumnElement[bool]] = [
                Case.case_no.like(pattern, escape="\\"),
                Case.party_name.like(pattern, escape="\\"),
                Case.cause.like(pattern, escape="\\"),
            ]
            # "粤云交执罚[2024]0101号" finds 粤云交执罚〔2024〕0101号 (brackets, width, spaces, 第)
            by_key = case_no_matches(Case.case_no, flt.text)
            if by_key is not None:
                conditions.append(by_key)
            query = query.where(or_(*conditions))
        query = where_case_scope(query, flt.unit_ids, flt.case_types, flt.decision_from, flt.decision_to)
        if flt.review_states:
            query = query.where(Case.review_state.in_(flt.review_states))
        if flt.grades:
            query = query.where(_masked(Case.review_grade, hidden).in_(flt.grades))
        if flt.case_ids is not None:
            query = query.where(Case.id.in_(flt.case_ids))
        return query

    def query_ids(
        self, flt: CaseFilter = CaseFilter(), sort: str = "case_no", descending: bool = False
    ) -> list[int]:
        """Ids of all matching cases in display order: the list model holds only these and
        fetches rows for the visible part with ``fetch_rows``."""
        from casereview.services.policy import hidden_case_scores

        with self.ctx.db.session() as session:
            # The score and grade of a case under a blind re-check are hidden from the
            # re-checker (fetch_rows blanks them); sorting or filtering on the stored ones
            # would still tell them apart, so both see those cases as not scored.
            hidden: set[int] | None = set()
            if sort in ("score", "grade") or flt.grades:
                hidden = hidden_case_scores(session, self.ctx.account)
            column: Any = SORTABLE.get(sort, Case.case_no)
            if sort in ("score", "grade"):
                column = _masked(column, hidden)
            order = column.desc() if descending else column.asc()
            query = select(Case.id)
            if sort == "unit":
                query = query.outerjoin(Unit, Case.unit_id == Unit.id)
            query = self._filtered(query, flt, hidden).order_by(order, Case.id)
            return list(session.scalars(query))

    def fetch_rows(self, ids: Sequence[int]) -> list[CaseRow]:
        """Rows for the given ids, in the same order (missing ids are left out)."""
        if not ids:
            return []
        out: dict[int, CaseRow] = {}
        from casereview.services.policy import hidden_case_scores

        with self.ctx.db.session() as session:
            hidden = hidden_case_scores(session, self.ctx.account)
            for chunk_start in range(0, len(ids), 500):
                chunk = list(ids[chunk_start : chunk_start + 500])
                rows = session.execute(
                    select(Case, Unit.name).outerjoin(Unit, Case.unit_id == Unit.id).where(Case.id.in_(chunk))
                )
                for case, unit_name in rows:
                    row = _row_from(case, unit_name)
                    if hidden is None or case.id in hidden:  # blind re-check / not signed in
                        row = replace(row, score=None, grade=None)
                    out[case.id] = row
        return [out[i] for i in ids if i in out]

    def list_rows(self, flt: CaseFilter = CaseFilter(), limit: int | None = None) -> list[CaseRow]:
        ids = self.query_ids(flt)
        return self.fetch_rows(ids[:limit] if limit else ids)

    def count(self) -> int:
        with self.ctx.db.session() as session:
            return session.scalar(select(func.count(Case.id))) or 0

    def units(self) -> list[UnitInfo]:
        with self.ctx.db.session() as session:
            rows = session.execute(
                select(Unit.id, Unit.name, func.count(Case.id))
                .outerjoin(Case, Case.unit_id == Unit.id)
                .group_by(Unit.id, Unit.name)
                .order_by(Unit.name)
            )
            return [UnitInfo(r[0], r[1], r[2]) for r in rows]

    # -- detail ---------------------------------------------------------------------

    def _get(self, session: Session, ref: int | str) -> Case:
        query = select(Case).options(
            selectinload(Case.officers).selectinload(CaseOfficer.officer).selectinload(Officer.unit),
            selectinload(Case.documents),
            selectinload(Case.unit),
        )
        case_id = ref if isinstance(ref, int) else find_case_id(session, ref)
        case = session.scalar(query.where(Case.id == case_id)) if case_id is not None else None
        if case is None:
            raise NotFoundError(f"找不到案件“{ref}”。", case=str(ref))
        return case

    def case_id(self, case_no: str) -> int:
        with self.ctx.db.session() as session:
            found = find_case_id(session, case_no)
            if found is None:
                raise NotFoundError(f"找不到案号为“{case_no}”的案件。", case=case_no)
            return found

    def find_unit_id(self, ref: int | str) -> int:
        """A unit by id, full or short name, or an unambiguous part of its name."""
        with self.ctx.db.session() as session:
            return resolve_unit(session, ref).id

    def detail_by_case_no(self, case_no: str) -> CaseDetail:
        """A case by its number, also when typed with other brackets (粤交执罚[2024]1号)."""
        with self.ctx.db.session() as session:
            found = find_case_id(session, case_no)
            if found is None:
                raise NotFoundError(f"找不到案号为“{case_no}”的案件", case=case_no)
            return self._masked(session, detail_from(self._get(session, found), session))

    def detail(self, ref: int | str) -> CaseDetail:
        with self.ctx.db.session() as session:
            return self._masked(session, detail_from(self._get(session, ref), session))

    def _masked(self, session: Session, found: CaseDetail) -> CaseDetail:
        """Without the review score when the account may not see it (blind re-check, not signed in)."""
        from casereview.services.policy import hidden_case_scores

        hidden = hidden_case_scores(session, self.ctx.account)
        if hidden is None or found.id in hidden:
            found = replace(found, fields={**found.fields, "review_score": None, "review_grade": None})
        return found

    # -- writing (importers, demo, editing) -------------------------------------------

    def unit_id(self, session: Session, name: str | None, cache: dict[str, int] | None = None) -> int | None:
        if not name:
            return None
        name = name.strip()
        if cache is not None and name in cache:
            return cache[name]
        unit_id = session.scalar(select(Unit.id).where(Unit.name == name))
        if unit_id is None:
            unit = Unit(name=name)
            session.add(unit)
            session.flush()
            unit_id = unit.id
        if cache is not None:
            cache[name] = unit_id
        return unit_id

    def apply_record(
        self, session: Session, case: Case, record: Mapping[str, Any]
    ) -> dict[str, tuple[Any, Any]]:
        """Set the fields of ``record`` on ``case``; returns {field: (before, after)} of changes."""
        changes: dict[str, tuple[Any, Any]] = {}
        for key, value in record.items():
            if key in ("unit_name", "officers", "unit_id"):
                continue
            if key not in CASE_COLUMNS:
                raise ValidationError(f"未知的案件字段“{key}”。", field=key)
            before = getattr(case, key)
            if isinstance(value, CaseType | Procedure | PartyType):
                value = value.value
            if before != value and not (before is None and value in ("", None)):
                changes[key] = (before, value)
                setattr(case, key, value)
        return changes

    def set_officers(
        self, session: Session, case: Case, names: Iterable[str], role: str = "investigator"
    ) -> None:
        for name in names:
            officer = session.scalar(
                select(Officer).where(Officer.name == name, Officer.unit_id == case.unit_id).limit(1)
            )
            if officer is None:
                officer = Officer(name=name, unit_id=case.unit_id)
                session.add(officer)
                session.flush()
            if not any(co.officer_id == officer.id and co.role == role for co in case.officers):
                case.officers.append(CaseOfficer(officer_id=officer.id, role=role))


    # -- officers: certificate numbers and validity (case facts, CLI) ------------------

    def set_officer(
        self, case: int | str, name: str, *, role: str = "investigator", cert_no: str | Keep | None = KEEP,
        valid_from: date | str | Keep | None = KEEP, valid_to: date | str | Keep | None = KEEP,
    ) -> OfficerInfo:
        """Add an officer to a case (in ``role``) or correct one: the enforcement certificate
        number and its validity, as read in the case file. The officer is one person of the
        case's unit across cases, so a correction holds for their other cases too. ``KEEP``
        leaves a value as stored, ``None`` clears it. One transaction, audited."""
        from casereview.checks.snapshot import ROLE_LABELS, ROLES
        from casereview.intake.values import parse_date

        name = " ".join((name or "").split())
        if not name:
            raise ValidationError("请填写执法人员姓名。", field="name")
        if len(name) > 60:
            raise ValidationError(f"执法人员姓名过长：{len(name)} 个字符，最多 60 个。", field="name")
        if role not in ROLES:
            raise ValidationError(f"未知的人员角色“{role}”，可用：" + "、".join(f"{r}（{ROLE_LABELS[r]}）" for r in ROLES),
                                  field="role")
        changes: dict[str, Any] = {}
        if not isinstance(cert_no, Keep):
            cert_no = " ".join((cert_no or "").split()) or None
            if cert_no is not None and len(cert_no) > 60:
                raise ValidationError(f"执法证号过长：{len(cert_no)} 个字符，最多 60 个。", field="cert_no")
            changes["cert_no"] = cert_no
        for key, value, label in (("cert_valid_from", valid_from, "有效期起"), ("cert_valid_to", valid_to, "有效期至")):
            if isinstance(value, Keep):
                continue
            try:
                changes[key] = parse_date(value) if isinstance(value, str) else value
            except ValueError as exc:
                raise ValidationError(f"执法证{label}：{exc}", field=key) from None
        with self.ctx.db.session() as session:
            found = self._get(session, case)
            link = next((co for co in found.officers if co.officer.name == name and co.role == role), None)
            if link is None:
                link = next((co for co in found.officers if co.officer.name == name), None)
            officer = link.officer if link is not None else session.scalar(
                select(Officer).where(Officer.name == name, Officer.unit_id == found.unit_id).order_by(Officer.id)
                .limit(1))
            created = officer is None
            if officer is None:
                officer = Officer(name=name, unit_id=found.unit_id)
                session.add(officer)
                session.flush()
            before = {"name": officer.name, "cert_no": officer.cert_no,
                      "cert_valid_from": officer.cert_valid_from, "cert_valid_to": officer.cert_valid_to}
            after = {**before, **changes}
            start, end = after["cert_valid_from"], after["cert_valid_to"]
            if start is not None and end is not None and end < start:
                raise ValidationError(f"执法证有效期至 {end.isoformat()} 早于有效期起 {start.isoformat()}，请核对。",
                                      field="cert_valid_to")
            for key, value in changes.items():
                setattr(officer, key, value)
            linked = not any(co.officer_id == officer.id and co.role == role for co in found.officers)
            if linked:
                found.officers.append(CaseOfficer(officer_id=officer.id, role=role))
            if not linked and after == before:
                return _officer_info(officer, role)
            session.flush()
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="officer", entity_id=officer.id,
                action="officer_added" if linked else "officer_edited",
                before=None if created else _json_dates(before),
                after={**_json_dates(after), "case_id": found.id, "role": role},
                reason=(f"{found.case_no}：" + ("添加" if linked else "修改") + f"{ROLE_LABELS[role]}{name}"
                        + ("的执法证信息" if changes else "")),
            )
            return _officer_info(officer, role)

    def remove_officer(self, case: int | str, name: str, *, role: str | None = None) -> int:
        """Take an officer off a case (all roles, or ``role``); the officer record stays for
        their other cases. Returns the number of links removed. Audited."""
        with self.ctx.db.session() as session:
            found = self._get(session, case)
            gone = [co for co in found.officers if co.officer.name == name.strip() and role in (None, co.role)]
            if not gone:
                raise NotFoundError(f"案件“{found.case_no}”没有执法人员“{name}”" + (f"（{role}）" if role else "") + "。",
                                    name=name)
            for co in gone:
                found.officers.remove(co)
            session.flush()
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="officer", entity_id=gone[0].officer_id,
                action="officer_removed", before={"case_id": found.id, "name": name, "roles": [co.role for co in gone]},
                after=None, reason=f"{found.case_no}：移除执法人员{name}",
            )
            return len(gone)


def _json_dates(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _officer_info(officer: Officer, role: str) -> OfficerInfo:
    return OfficerInfo(id=officer.id, name=officer.name, cert_no=officer.cert_no,
                       cert_valid_from=officer.cert_valid_from, cert_valid_to=officer.cert_valid_to, role=role,
                       unit_name=officer.unit.name if officer.unit else None)


def detail_from(case: Case, session: Session) -> CaseDetail:
    from casereview.storage.models import Blob

    exts = dict(
        session.execute(
            select(Blob.sha256, Blob.ext).where(
                Blob.sha256.in_([d.blob_sha256 for d in case.documents if d.blob_sha256])
            )
        ).all()
    )
    fields = {key: getattr(case, key) for key in CASE_COLUMNS}
    officers = tuple(
        OfficerInfo(
            id=co.officer.id,
            name=co.officer.name,
            cert_no=co.officer.cert_no,
            cert_valid_from=co.officer.cert_valid_from,
            cert_valid_to=co.officer.cert_valid_to,
            role=co.role,
            unit_name=co.officer.unit.name if co.officer.unit else None,
        )
        for co in case.officers
    )
    documents = tuple(
        DocumentInfo(
            id=d.id,
            doc_type=d.doc_type,
            title=d.title,
            kind=d.kind,
            page_count=d.page_count,
            page_start=d.page_start,
            page_end=d.page_end,
            blob_sha256=d.blob_sha256,
            original_name=d.original_name,
            type_confirmed=d.type_confirmed,
            ext=exts.get(d.blob_sha256 or ""),
        )
        for d in case.documents
    )
    timeline = tuple(
        sorted(
            ((label, fields[key]) for key, label in TIMELINE_FIELDS if fields.get(key)), key=lambda t: t[1]
        )
    )
    return CaseDetail(
        id=case.id,
        case_no=case.case_no,
        unit_id=case.unit_id,
        unit_name=case.unit.name if case.unit else "",
        case_type=case.case_type,
        procedure=case.procedure,
        fields=fields,
        officers=officers,
        documents=documents,
        timeline=timeline,
    )
