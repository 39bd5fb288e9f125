"""The text of the case file: reading pages (text layer / OCR), search, facts taken from the
documents, content checks. The core lives in ``casereview.docintel``; this is its use-case
face for the CLI and the UI (plain frozen dataclasses out, one transaction per call)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.checks.registry import CheckResult
from casereview.docintel.best import Chosen, Confirmation, best_values
from casereview.docintel.casetext import load_case_text, load_cases_text
from casereview.docintel.content_checks import Comparison, compare, content_results, registry_text
from casereview.docintel.facts import ACCEPTABLE, FIELD_LABELS, DocFact, case_facts
from casereview.docintel.pages import Line
from casereview.docintel.search import SearchHit, search
from casereview.docintel.store import case_pages, done_pages, latest_pages
from casereview.docintel.worker import OcrProgress, OcrQueue, current_engines
from casereview.errors import NotFoundError, ValidationError
from casereview.services.context import ServiceContext
from casereview.storage import audit_chain
from casereview.storage.models import (
    Campaign,
    CampaignCase,
    Case,
    CaseOfficer,
    ConfirmedFact,
    Document,
    Officer,
    PageText,
)

if TYPE_CHECKING:
    from casereview.anonymize import Anonymizer

REGISTRY_FIELDS = tuple(f for f in FIELD_LABELS if f in ACCEPTABLE)
HEARING_FIELDS = ("hearing_requested_date", "hearing_notified_date", "hearing_held_date")


def registry_values(case: Case) -> dict[str, Any]:
    return {f: getattr(case, f) for f in REGISTRY_FIELDS}


def case_officers(session: Session, case_id: int) -> list[tuple[str, str | None]]:
    return [(name, cert) for name, cert in session.execute(
        select(Officer.name, Officer.cert_no).join(CaseOfficer, CaseOfficer.officer_id == Officer.id)
        .where(CaseOfficer.case_id == case_id).order_by(CaseOfficer.id))]


def case_content_results(session: Session, case_id: int) -> list[CheckResult]:
    """The content checks of one case on its read pages (empty when none is read): the
    checks service adds these to the registry checks."""
    return case_document_checks(session, case_id)[0]


def case_document_checks(session: Session, case_id: int) -> tuple[list[CheckResult], dict[str, Chosen]]:
    """The content checks of one case and the best-supported value of each fact the
    documents can state (empty when no page is read and nothing is confirmed): one reading
    of the case's pages serves both."""
    return cases_document_checks(session, [case_id]).get(case_id, ([], {}))


# A bulk run reads at most this many pages per case: the content checks' time per file is
# bounded (they are linear in the pages), and a result past the bound says it covers only
# the pages taken. 400 pages is twice the thickest file the domain notes describe.
BULK_MAX_PAGES = 400


def cases_document_checks(session: Session, case_ids: Sequence[int], *, max_pages: int | None = None
                          ) -> dict[int, tuple[list[CheckResult], dict[str, Chosen]]]:
    """``case_document_checks`` for many cases; cases with no read page and no confirmed
    fact are left out (a few queries per 500 cases, whatever the number of pages)."""
    out: dict[int, tuple[list[CheckResult], dict[str, Chosen]]] = {}
    for start in range(0, len(case_ids), 500):
        chunk = list(case_ids[start:start + 500])
        read = set(session.scalars(
            select(Document.case_id).distinct().join(PageText, PageText.blob_sha256 == Document.blob_sha256)
            .where(Document.case_id.in_(chunk))))
        confirmed: dict[int, list[Confirmation]] = {}
        for case_id, c in _confirmations(session, chunk):
            confirmed.setdefault(case_id, []).append(c)
        wanted = [c for c in chunk if c in read or c in confirmed]
        if not wanted:
            continue
        texts = load_cases_text(session, [c for c in wanted if c in read], max_pages=max_pages)
        cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(wanted)))}
        officers = _officers_of(session, wanted)
        for case_id in wanted:
            case = cases[case_id]
            text = texts.get(case_id)
            registry = registry_values(case)
            best = best_values(registry, case_facts(text) if text else [], confirmed.get(case_id, []))
            if text is None or not text.pages:
                out[case_id] = ([], best)
                continue
            hearing = any(getattr(case, f) for f in HEARING_FIELDS) or bool(text.of_types("听证"))
            out[case_id] = (content_results(text, registry, officers.get(case_id, []), hearing_applicable=hearing),
                            best)
    return out


def _officers_of(session: Session, case_ids: Sequence[int]) -> dict[int, list[tuple[str, str | None]]]:
    out: dict[int, list[tuple[str, str | None]]] = {}
    for case_id, name, cert in session.execute(
        select(CaseOfficer.case_id, Officer.name, Officer.cert_no).join(Officer, CaseOfficer.officer_id == Officer.id)
        .where(CaseOfficer.case_id.in_(list(case_ids))).order_by(CaseOfficer.id)
    ):
        out.setdefault(case_id, []).append((name, cert))
    return out


def confirmations(session: Session, case_id: int) -> list[Confirmation]:
    return [c for _, c in _confirmations(session, [case_id])]


def _confirmations(session: Session, case_ids: Sequence[int]) -> list[tuple[int, Confirmation]]:
    rows = session.execute(
        select(ConfirmedFact, Document.title).outerjoin(Document, Document.id == ConfirmedFact.document_id)
        .where(ConfirmedFact.case_id.in_(list(case_ids))).order_by(ConfirmedFact.id))
    return [
        (c.case_id, Confirmation(c.field, c.value, c.read_value, c.document_id, c.page,
                                 f"{title}第 {c.page} 页" if title and c.page else "", c.actor))
        for c, title in rows
    ]


@dataclass(frozen=True)
class CaseFacts:
    """What the documents of a case say, beside the registry."""

    case_id: int
    comparisons: tuple[Comparison, ...]
    officers: tuple[DocFact, ...]
    pages_read: int
    pages_unread: int
    confirmed: tuple[Confirmation, ...] = ()
    best: tuple[Chosen, ...] = ()  # the value the checks use per field, with its source

    @property
    def confirmed_by_field(self) -> dict[str, Confirmation]:
        return {c.field: c for c in self.confirmed}

    @property
    def disagreements(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if c.agrees is False)


@dataclass(frozen=True)
class ReadStatus:
    case_id: int
    pages: int
    read: int  # pages with a reading by the current engines
    ocr: int  # of which recognised from the image
    text_layer: int

    @property
    def complete(self) -> bool:
        return self.read >= self.pages


@dataclass(frozen=True)
class PageView:
    """A page's reading as the viewer shows it (for highlighting and selecting text)."""

    document_id: int
    page: int
    source: str | None  # text | ocr | None (not read yet)
    engine: str | None
    lines: tuple[Line, ...]
    confidence: float | None
    red_seal: bool | None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class DocIntelService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- which cases ---------------------------------------------------------------------

    def resolve_cases(self, ref: int | str | None = None, *, campaign_id: int | None = None,
                      all_cases: bool = False) -> list[int]:
        """Case ids of one case (id or 案号), one campaign, or every case."""
        with self.ctx.db.session() as session:
            if all_cases:
                return list(session.scalars(select(Case.id).order_by(Case.id)))
            if campaign_id is not None:
                if session.get(Campaign, campaign_id) is None:
                    raise NotFoundError(f"评查活动 {campaign_id} 不存在。", campaign_id=campaign_id)
                return list(session.scalars(
                    select(CampaignCase.case_id).where(CampaignCase.campaign_id == campaign_id,
                                                       CampaignCase.removed.is_(False))
                    .order_by(CampaignCase.draw_order, CampaignCase.id)
                ))
            if ref is None:
                raise NotFoundError("请指定案号、评查活动（--campaign）或全部案件（--all）。")
            case_id = ref if isinstance(ref, int) else session.scalar(select(Case.id).where(Case.case_no == ref))
            if case_id is None and isinstance(ref, str) and ref.isdigit():
                case_id = session.scalar(select(Case.id).where(Case.id == int(ref)))
            if case_id is None or session.get(Case, case_id) is None:
                raise NotFoundError(f"找不到案件“{ref}”。", case=str(ref))
            return [case_id]

    # -- reading -------------------------------------------------------------------------

    def queue(self, *, workers: int | None = None) -> OcrQueue:
        """A background reader for the UI: add cases, prioritise the open one, pause/cancel."""
        find = self.ctx.blob_store.find if self.ctx.db.path is None else None
        return OcrQueue(self.ctx.db, self.ctx.documents_root, workers=workers, find_blob=find)

    def read_cases(self, case_ids: Sequence[int], *, workers: int | None = None,
                   progress: Callable[[OcrProgress], None] | None = None) -> OcrProgress:
        """Read every unread page of these cases and wait (the CLI's ``docs ocr``)."""
        q = self.queue(workers=workers)
        q.add_cases(case_ids)
        q.start()
        try:
            while not q.wait(timeout=1.0):
                if progress is not None:
                    progress(q.progress())
        finally:
            q.stop()
        final = q.progress()
        if progress is not None:
            progress(final)
        return final

    def status(self, case_id: int) -> ReadStatus:
        with self.ctx.db.session() as session:
            pages = case_pages(session, [case_id])
            blobs = {p.blob_sha256 for p in pages}
            done = done_pages(session, blobs, current_engines())
            readings = latest_pages(session, blobs)
        keys = {(p.blob_sha256, p.page_index) for p in pages}
        read = keys & done
        sources = [readings[k].source for k in read if k in readings]
        return ReadStatus(case_id, len(keys), len(read), sources.count("ocr"), sources.count("text"))

    def page(self, document_id: int, page: int) -> PageView:
        """The newest reading of a document's page (empty lines when not read yet)."""
        with self.ctx.db.session() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"文书 {document_id} 不存在。", document_id=document_id)
            if not doc.blob_sha256:
                return PageView(document_id, page, None, None, (), None, None)
            index = (doc.page_start or 1) + page - 2
            reading = latest_pages(session, [doc.blob_sha256]).get((doc.blob_sha256, index))
        if reading is None:
            return PageView(document_id, page, None, None, (), None, None)
        return PageView(document_id, page, reading.source, reading.engine, reading.lines, reading.confidence,
                        reading.red_seal)

    # -- search --------------------------------------------------------------------------

    def search(self, term: str, *, case_id: int | None = None, limit: int = 200) -> list[SearchHit]:
        with self.ctx.db.session() as session:
            return search(session, term, case_id=case_id, limit=limit)

    def propose_split(self, document_id: int) -> SplitProposal:
        """Page types from the pages' titles and the proposed ranges (the reviewer confirms
        with ``documents_import.split``)."""
        return propose_split(self, document_id)

    # -- facts ---------------------------------------------------------------------------

    def facts(self, case_id: int) -> CaseFacts:
        with self.ctx.db.session() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"案件 {case_id} 不存在。", case_id=case_id)
            text = load_case_text(session, case_id)
            registry = registry_values(case)
            confirmed = confirmations(session, case_id)
        facts = case_facts(text)
        return CaseFacts(case_id, tuple(compare(registry, facts)), tuple(f for f in facts if f.field == "officer"),
                         len(text.pages), text.unread, tuple(confirmed),
                         tuple(best_values(registry, facts, confirmed).values()))

    def confirm_fact(self, case_id: int, field: str, value: str, *, document_id: int | None, page: int | None,
                     read_value: str | None = None) -> Confirmation:
        """The reviewer confirms a fact as read on its page, or corrects a misreading
        (``value`` differs from ``read_value``): the checks use it from now on. One
        transaction, audited; a later confirmation of the same field replaces this one."""
        if field not in ACCEPTABLE:
            raise ValidationError(f"“{FIELD_LABELS.get(field, field)}”不能在此确认。", field=field)
        canonical = registry_text(field, _parse_value(field, value)) or ""
        if not canonical:
            raise ValidationError(f"请填写{FIELD_LABELS.get(field, field)}。", field=field)
        with self.ctx.db.session() as session:
            if session.get(Case, case_id) is None:
                raise NotFoundError(f"案件 {case_id} 不存在。", case_id=case_id)
            title = ""
            if document_id is not None:
                doc = session.get(Document, document_id)
                if doc is None or doc.case_id != case_id:
                    raise NotFoundError(f"文书 {document_id} 不属于本案。", document_id=document_id)
                title = doc.title
            row = session.scalar(select(ConfirmedFact).where(ConfirmedFact.case_id == case_id,
                                                             ConfirmedFact.field == field))
            before = {"value": row.value, "document_id": row.document_id, "page": row.page} if row else None
            if row is None:
                row = ConfirmedFact(case_id=case_id, field=field)
                session.add(row)
            row.value, row.read_value, row.document_id, row.page = canonical, read_value, document_id, page
            row.actor = self.ctx.actor_name
            corrected = read_value is not None and read_value != canonical
            label = FIELD_LABELS.get(field, field)
            where = f"{title}第 {page} 页" if title and page else "案卷文书"
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="case", entity_id=case_id,
                action="correct_document_value" if corrected else "confirm_document_value",
                before=before,
                after={"field": field, "value": canonical, "read": read_value, "document_id": document_id,
                       "page": page},
                reason=(f"更正{where}所载{label}（识别为 {read_value}）" if corrected else f"确认{where}所载{label}"),
            )
        return Confirmation(field, canonical, read_value, document_id, page, where if title else "",
                            self.ctx.actor_name)

    def withdraw_confirmation(self, case_id: int, field: str) -> None:
        """Take back a confirmation: the checks use the read or registry value again (audited)."""
        with self.ctx.db.session() as session:
            row = session.scalar(select(ConfirmedFact).where(ConfirmedFact.case_id == case_id,
                                                             ConfirmedFact.field == field))
            if row is None:
                raise NotFoundError(f"“{FIELD_LABELS.get(field, field)}”没有已确认的值。", field=field)
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="case", entity_id=case_id,
                action="withdraw_document_value", before={"field": field, "value": row.value}, after=None,
                reason=f"撤销对{FIELD_LABELS.get(field, field)}的确认",
            )
            session.delete(row)

    def accept_fact(self, case_id: int, field: str, value: str, *, document_id: int, page: int) -> None:
        """Take a document's value into the case (one transaction, audited with its page)."""
        if field not in ACCEPTABLE:
            raise ValidationError(f"“{FIELD_LABELS.get(field, field)}”不能从文书采用。", field=field)
        parsed = _parse_value(field, value)
        with self.ctx.db.session() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"案件 {case_id} 不存在。", case_id=case_id)
            doc = session.get(Document, document_id)
            if doc is None or doc.case_id != case_id:
                raise NotFoundError(f"文书 {document_id} 不属于本案。", document_id=document_id)
            before = getattr(case, field)
            setattr(case, field, parsed)
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="case", entity_id=case_id, action="accept_document_value",
                before={field: _jsonable(before)},
                after={field: _jsonable(parsed), "document_id": document_id, "page": page},
                reason=f"采用{doc.title}第 {page} 页所载{FIELD_LABELS.get(field, field)}",
            )


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _parse_value(field: str, value: str) -> object:
    try:
        if field.endswith("_date"):
            return date.fromisoformat(value)
        if field == "fine_amount":
            return Decimal(value)
    except (ValueError, InvalidOperation) as exc:
        raise ValidationError(f"“{value}”不是有效的{FIELD_LABELS.get(field, field)}。", field=field) from exc
    return value.strip()


@dataclass(frozen=True)
class SplitProposal:
    document_id: int
    pages: int
    unread: int
    ranges: str  # "1-2 立案登记表; 3-4 询问笔录" (the syntax of docs split)
    page_types: tuple[tuple[int, str, str], ...]  # (page, type name or "", title as read)


def propose_split(service: DocIntelService, document_id: int) -> SplitProposal:
    """Document types of the pages of one (combined) document and its proposed ranges."""
    from casereview.docintel.classify import page_type, propose_ranges, ranges_text
    from casereview.docintel.examples import load_examples

    with service.ctx.db.session() as session:
        doc = session.get(Document, document_id)
        if doc is None:
            raise NotFoundError(f"文书 {document_id} 不存在。", document_id=document_id)
        count = max(doc.page_count or 1, 1)
        first = doc.page_start or 1
        readings = latest_pages(session, [doc.blob_sha256]) if doc.blob_sha256 else {}
        examples = load_examples(session)  # pages reviewers corrected earlier
    typed = []
    for page in range(1, count + 1):
        reading = readings.get((doc.blob_sha256 or "", first + page - 2))
        if reading is not None:
            typed.append(page_type(page, reading.lines, examples))
    if not typed:
        raise ValidationError(f"文书“{doc.title}”的页面尚未读取，请先运行文字识别。", document_id=document_id)
    return SplitProposal(
        document_id, count, count - len(typed), ranges_text(propose_ranges(typed)),
        tuple((t.page, t.doc_type.name if t.doc_type else "", t.title) for t in typed),
    )


def register_read_identities(session: Session, anonymizer: Anonymizer, case_ids: Sequence[int]) -> int:
    """Teach an anonymiser the names and identifiers read from these cases' pages, scans
    included: a party name the registry spells differently (or not at all), the ID number
    printed on the page, the officers a 笔录 names. Every anonymised export calls this after
    registering the case's registry values, so what the documents say is hidden too.
    Returns how many values it registered."""
    if not case_ids:
        return 0
    party_types = dict(session.execute(select(Case.id, Case.party_type).where(Case.id.in_(list(case_ids)))).all())
    count = 0
    for case_id, text in load_cases_text(session, list(case_ids), max_pages=BULK_MAX_PAGES).items():
        for f in case_facts(text):
            if f.field == "party_name":
                anonymizer.register_case({"party_name": f.value, "party_type": party_types.get(case_id)})
            elif f.field == "party_id_no":
                anonymizer.register_case({"party_id_no": f.value})
            elif f.field == "officer":
                anonymizer.register_case({"officers": [f.value]})
            else:
                continue
            count += 1
    return count
