"""Rectification notices (整改通知书): issue, feedback, verification, closure, voiding.

A notice lists open findings of one unit with a number from the configured pattern and a
deadline in working days. Every action is one transaction that moves the deficiencies
through the checked state machine (casereview/rectification/states.py), writes a
transition (who, when, comment) for each deficiency and for the notice, and refreshes the
notice's derived status. Issued notices are never deleted: voiding keeps them visible with
the reason and sends their open findings back to pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereview.errors import ConflictError, NotFoundError, ValidationError
from casereview.rectification import deadlines
from casereview.rectification.deadlines import DueInfo
from casereview.rectification.document import NoticeDocument, NoticeFinding, evidence_text
from casereview.rectification.numbering import format_number
from casereview.rectification.states import (
    AWAITING_UNIT,
    RectStatus,
    check_notice_voidable,
    notice_status_from,
)
from casereview.services.concurrency import claim_notice
from casereview.services.context import ServiceContext
from casereview.services.deficiencies import (
    ACTION_LABELS,
    DeficiencyFilter,
    DeficiencyInfo,
    DeficiencyService,
    DueTracked,
    RectificationSettings,
    TimelineEntry,
    load_settings,
    move,
    scoped,
)
from casereview.services.policy import notice_rectification_scope
from casereview.services.queries.lookups import resolve_unit
from casereview.storage import audit_chain
from casereview.storage.models import (
    Blob,
    Campaign,
    Case,
    Deficiency,
    Feedback,
    Notice,
    Review,
    StandardVersion,
    Transition,
    Unit,
)


@dataclass(frozen=True)
class NoticeInfo(DueTracked):
    id: int
    number: str
    year: int
    seq: int
    unit_id: int
    unit_name: str
    campaign_id: int | None
    campaign_name: str
    issue_date: dt.date
    deadline: dt.date
    requirements: str
    issuer: str
    status: str
    void_reason: str | None
    created_at: dt.datetime
    finding_count: int
    open_count: int
    due: DueInfo | None
    version: int = 1  # pass back as expected_version (optimistic concurrency)


@dataclass(frozen=True)
class AttachmentInfo:
    name: str
    sha256: str
    size: int
    stored: bool  # True when the file is in the document store


@dataclass(frozen=True)
class FeedbackInfo:
    id: int
    notice_id: int | None
    deficiency_id: int | None  # set when the feedback answers one finding only
    measures: str
    attachments: tuple[AttachmentInfo, ...]
    received_date: dt.date | None
    actor: str
    at: dt.datetime


@dataclass(frozen=True)
class NoticeDetail:
    notice: NoticeInfo
    document: NoticeDocument
    deficiencies: tuple[DeficiencyInfo, ...]
    feedback: tuple[FeedbackInfo, ...]


@dataclass(frozen=True)
class DueItem:
    kind: str  # "notice" | "deficiency"
    id: int
    label: str  # notice number or case no + item
    unit_name: str
    deadline: dt.date
    due: DueInfo


@dataclass(frozen=True)
class DueSummary:
    today: dt.date
    overdue_notices: tuple[DueItem, ...]
    due_soon_notices: tuple[DueItem, ...]
    overdue_deficiencies: int
    due_soon_deficiencies: int

    @property
    def empty(self) -> bool:
        return not (self.overdue_notices or self.due_soon_notices or self.overdue_deficiencies
                    or self.due_soon_deficiencies)

    @property
    def text(self) -> str:
        """One line for a status bar, in Chinese."""
        if self.empty:
            return "整改：没有超期或即将到期的事项。"
        return (
            f"整改：{len(self.overdue_notices)} 份通知书已超期（{self.overdue_deficiencies} 项问题），"
            f"{len(self.due_soon_notices)} 份即将到期（{self.due_soon_deficiencies} 项问题）。"
        )


class NoticeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.deficiencies = DeficiencyService(ctx)

    # -- lookup ---------------------------------------------------------------------

    def _load(self, session: Session, ref: int | str) -> Notice:
        notice: Notice | None = None
        text = str(ref).strip()
        if isinstance(ref, int) or text.isdigit():
            notice = session.get(Notice, int(text))
        if notice is None:
            notice = session.scalar(select(Notice).where(Notice.number == text))
        if notice is None:
            raise NotFoundError(f"找不到整改通知书“{text}”（可写编号 id 或文号）。", notice=text)
        return notice

    def _claim(self, session: Session, ref: int | str, expected_version: int | None) -> Notice:
        """The notice, locked and re-read (another PC may have just changed it); a screen
        showing an older version gets StaleEditError."""
        notice = self._load(session, ref)
        claim_notice(session, notice.id, self.ctx.actor_name, expected_version)
        session.refresh(notice)
        return notice

    def _info(self, session: Session, n: Notice, today: dt.date, soon_days: int) -> NoticeInfo:
        unit = session.get(Unit, n.unit_id)
        campaign = session.get(Campaign, n.campaign_id) if n.campaign_id else None
        statuses = session.scalars(select(Deficiency.status).where(Deficiency.notice_id == n.id)).all()
        snapshot_count = len((n.snapshot or {}).get("findings") or [])
        due = None
        if n.status in (RectStatus.ISSUED.value, RectStatus.REJECTED.value):
            due = deadlines.due_info(n.deadline, today, soon_days)
        return NoticeInfo(
            id=n.id,
            number=n.number,
            year=n.year,
            seq=n.seq,
            unit_id=n.unit_id,
            unit_name=unit.name if unit else "",
            campaign_id=n.campaign_id,
            campaign_name=campaign.name if campaign else "",
            issue_date=n.issue_date,
            deadline=n.deadline,
            requirements=n.requirements or "",
            issuer=n.issuer or "",
            status=n.status,
            void_reason=n.void_reason,
            created_at=n.created_at,
            finding_count=len(statuses) or snapshot_count,
            open_count=sum(s != RectStatus.CLOSED.value for s in statuses),
            due=due,
            version=n.version or 1,
        )

    def list_notices(
        self,
        *,
        unit: int | str | None = None,
        campaign_id: int | None = None,
        status: str | None = None,
        include_void: bool = True,
        today: dt.date | None = None,
    ) -> list[NoticeInfo]:
        today = today or dt.date.today()
        with self.ctx.db.session() as session:
            settings = load_settings(session)
            query = select(Notice)
            scope = notice_rectification_scope(self.ctx.account)
            if scope is not None:
                query = query.where(scope)
            if unit not in (None, ""):
                assert unit is not None
                query = query.where(Notice.unit_id == resolve_unit(session, unit).id)
            if campaign_id is not None:
                query = query.where(Notice.campaign_id == campaign_id)
            if status:
                query = query.where(Notice.status == RectStatus.parse(status).value)
            if not include_void:
                query = query.where(Notice.status != RectStatus.VOID.value)
            notices = session.scalars(query.order_by(Notice.year.desc(), Notice.seq.desc())).all()
            return [self._info(session, n, today, settings.due_soon_days) for n in notices]

    def get(self, ref: int | str, *, today: dt.date | None = None) -> NoticeInfo:
        today = today or dt.date.today()
        with self.ctx.db.session() as session:
            return self._info(session, self._load(session, ref), today, load_settings(session).due_soon_days)

    def detail(self, ref: int | str, *, today: dt.date | None = None) -> NoticeDetail:
        info = self.get(ref, today=today)
        defs = self.deficiencies.list_deficiencies(DeficiencyFilter(notice_id=info.id), today=today)
        with self.ctx.db.session() as session:
            notice = self._load(session, info.id)
            document = self._document(notice, info)
            feedback = tuple(
                _feedback_info(f)
                for f in session.scalars(
                    select(Feedback).where(Feedback.notice_id == notice.id).order_by(Feedback.at, Feedback.id)
                )
            )
        return NoticeDetail(info, document, tuple(defs), feedback)

    def _document(self, notice: Notice, info: NoticeInfo) -> NoticeDocument:
        # The snapshot is what was sent; deadline and void state may have changed since.
        return NoticeDocument.from_snapshot(
            notice.snapshot or {}, number=notice.number, deadline=notice.deadline,
            void_reason=notice.void_reason, issue_date=notice.issue_date,
            unit_name=info.unit_name or (notice.snapshot or {}).get("unit_name", ""),
        )

    # -- drafting and issuing -------------------------------------------------------

    def next_number(self, year: int) -> tuple[str, int]:
        with self.ctx.db.session() as session:
            return self._next_number(session, year, load_settings(session), "")

    def _next_number(self, session: Session, year: int, settings: RectificationSettings, unit: str) -> tuple[str, int]:
        seq = int(session.scalar(select(func.max(Notice.seq)).where(Notice.year == year)) or 0) + 1
        while True:
            number = format_number(settings.number_pattern, year, seq, unit, settings.agency_code)
            if session.scalar(select(Notice.id).where(Notice.number == number)) is None:
                return number, seq
            seq += 1

    def _select_pending(
        self, session: Session, unit: Unit, deficiency_ids: Sequence[int] | None, campaign_id: int | None
    ) -> list[Deficiency]:
        query = scoped(self.ctx, select(Deficiency).where(Deficiency.unit_id == unit.id))
        if deficiency_ids is not None:
            query = query.where(Deficiency.id.in_(list(deficiency_ids)))
        else:
            query = query.where(Deficiency.status == RectStatus.PENDING.value)
            if campaign_id is not None:
                query = query.where(Deficiency.campaign_id == campaign_id)
        rows = list(session.scalars(query.order_by(Deficiency.case_id, Deficiency.item_code, Deficiency.id)))
        if deficiency_ids is not None:
            missing = set(deficiency_ids) - {d.id for d in rows}
            if missing:
                raise ValidationError(
                    f"问题 #{min(missing)} 不存在或不属于单位“{unit.name}”；一份通知书只能发给一个单位。",
                    deficiency_id=min(missing),
                )
            for d in rows:
                if d.status != RectStatus.PENDING.value:
                    raise ConflictError(
                        f"问题 #{d.id}（{d.item_code}）当前状态为“{RectStatus(d.status).label}”，"
                        "只有待下发的问题才能列入整改通知书。",
                        code="invalid_transition",
                        deficiency_id=d.id,
                    )
        if not rows:
            scope = "本次评查活动中" if campaign_id is not None else ""
            raise ValidationError(f"单位“{unit.name}”{scope}没有待下发的问题。", unit=unit.name)
        return rows

    def draft_pdf(
        self, unit: int | str, deficiency_ids: Sequence[int] | None = None, **options: Any
    ) -> tuple[NoticeDocument, bytes]:
        """``draft`` and its PDF rendering, for the issue dialog's live preview."""
        from casereview.exports.notice_pdf import render_notice_pdf

        doc = self.draft(unit, deficiency_ids, **options)
        return doc, render_notice_pdf(doc)

    def draft(
        self,
        unit: int | str,
        deficiency_ids: Sequence[int] | None = None,
        *,
        campaign_id: int | None = None,
        issue_date: dt.date | None = None,
        deadline_days: int | None = None,
        deadline: dt.date | None = None,
        requirements: str | None = None,
        issuer: str | None = None,
    ) -> NoticeDocument:
        """The notice as it would be issued now (number reserved only on issue): for preview."""
        with self.ctx.db.session() as session:
            return self._build(session, unit, deficiency_ids, campaign_id, issue_date, deadline_days, deadline,
                               requirements, issuer)[0]

    def _build(
        self,
        session: Session,
        unit_ref: int | str,
        deficiency_ids: Sequence[int] | None,
        campaign_id: int | None,
        issue_date: dt.date | None,
        deadline_days: int | None,
        deadline: dt.date | None,
        requirements: str | None,
        issuer: str | None,
    ) -> tuple[NoticeDocument, Unit, list[Deficiency], int]:
        settings = load_settings(session)
        unit = resolve_unit(session, unit_ref)
        rows = self._select_pending(session, unit, deficiency_ids, campaign_id)
        issue_date = issue_date or dt.date.today()
        if deadline is None:
            deadline_days = deadline_days or settings.deadline_days
            deadline = deadlines.deadline_after(issue_date, deadline_days)
        elif deadline <= issue_date:
            raise ValidationError(
                f"整改期限 {deadline.isoformat()} 必须晚于下发日期 {issue_date.isoformat()}。", deadline=str(deadline)
            )
        else:
            deadline_days = deadlines.calendar().count_workdays_between(issue_date, deadline).count
        campaigns = {d.campaign_id for d in rows}
        if campaign_id is None and len(campaigns) == 1:
            campaign_id = next(iter(campaigns))
        campaign = session.get(Campaign, campaign_id) if campaign_id is not None else None
        case_nos = dict(
            session.execute(select(Case.id, Case.case_no).where(Case.id.in_({d.case_id for d in rows}))).all()
        )
        number, seq = self._next_number(session, issue_date.year, settings, unit.short_name or unit.name)
        basis = self._bases(session, rows)
        findings = tuple(
            NoticeFinding(
                case_no=case_nos.get(d.case_id, ""),
                item_code=d.item_code,
                item_text=d.item_text or "",
                wording=d.wording or "",
                evidence=evidence_text(d.evidence),
                points=float(d.points or 0),
                is_veto=bool(d.is_veto),
                category=d.category or "",
                officers=d.officers or "",
                deficiency_id=d.id,
                legal_basis=basis.get(d.id, ("", ""))[0],
                standard_name=basis.get(d.id, ("", ""))[1],
            )
            for d in rows
        )
        doc = NoticeDocument(
            number=number,
            unit_name=unit.name,
            issue_date=issue_date,
            deadline=deadline,
            findings=findings,
            requirements=(requirements if requirements is not None else settings.requirements).strip(),
            issuer=(issuer or settings.issuer).strip(),
            campaign_name=campaign.name if campaign else "",
            deadline_days=deadline_days,
            agency_code=settings.agency_code,
            contact=settings.contact,
            phone=settings.phone,
            copy_to=settings.copy_to,
            seal=settings.seal,
        )
        return doc, unit, rows, seq

    @staticmethod
    def _bases(session: Session, rows: Sequence[Deficiency]) -> dict[int, tuple[str, str]]:
        """(legal basis, standard name) of each deficiency's item, from the standard version
        its review was scored under."""
        from casereview.services.standards import parse_standard_content

        version_of = dict(
            session.execute(
                select(Review.id, Review.standard_version_id).where(Review.id.in_({d.review_id for d in rows}))
            ).all()
        )
        parsed: dict[int, Any] = {}
        out: dict[int, tuple[str, str]] = {}
        for d in rows:
            vid = version_of.get(d.review_id)
            if vid is None:
                continue
            if vid not in parsed:
                version = session.get(StandardVersion, vid)
                parsed[vid] = parse_standard_content(version.content) if version is not None else None
            std = parsed[vid]
            item = std.item(d.item_code) if std is not None else None
            out[d.id] = ((item.legal_basis or "") if item is not None else "", std.name if std is not None else "")
        return out

    def issue(
        self,
        unit: int | str,
        deficiency_ids: Sequence[int] | None = None,
        *,
        campaign_id: int | None = None,
        issue_date: dt.date | None = None,
        deadline_days: int | None = None,
        deadline: dt.date | None = None,
        requirements: str | None = None,
        issuer: str | None = None,
        comment: str | None = None,
    ) -> NoticeInfo:
        """Issue one notice to ``unit`` for the given pending deficiencies (default: all the
        unit's pending ones, within ``campaign_id`` when given)."""
        with self.ctx.db.session() as session:
            doc, unit_row, rows, seq = self._build(
                session, unit, deficiency_ids, campaign_id, issue_date, deadline_days, deadline, requirements, issuer
            )
            notice = Notice(
                number=doc.number,
                seq=seq,
                year=doc.issue_date.year,
                unit_id=unit_row.id,
                campaign_id=campaign_id if campaign_id is not None else _single(d.campaign_id for d in rows),
                issue_date=doc.issue_date,
                deadline=doc.deadline,
                requirements=doc.requirements,
                issuer=doc.issuer,
                status=RectStatus.ISSUED.value,
                snapshot=doc.to_snapshot(),
            )
            session.add(notice)
            session.flush()
            self._notice_transition(session, notice, None, RectStatus.ISSUED, comment or f"下发，整改期限 {doc.deadline}")
            for d in rows:
                move(session, d, RectStatus.ISSUED, self.ctx.actor_name, f"列入整改通知书 {notice.number}")
                d.notice_id = notice.id
                d.due_date = doc.deadline
            session.flush()
            # The issued text's digest goes into the chain: the printed verification code
            # (services.audit.notice_code) proves a paper notice matches this entry.
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="notice", entity_id=notice.id, action="issue",
                after={"number": notice.number, "unit_id": notice.unit_id, "deficiencies": [d.id for d in rows],
                       "deadline": str(notice.deadline)},
                state_digest=audit_chain.content_digest(notice.snapshot),
            )
            return self._info(session, notice, dt.date.today(), load_settings(session).due_soon_days)

    def issue_for_campaign(self, campaign_id: int, **kwargs: Any) -> list[NoticeInfo]:
        """One notice per unit with pending deficiencies in the campaign."""
        return self.issue_all(campaign_id=campaign_id, **kwargs)

    def issue_all(self, *, campaign_id: int | None = None, **kwargs: Any) -> list[NoticeInfo]:
        """One notice per unit that has pending deficiencies (optionally within a campaign)."""
        units = [u for u in self.deficiencies.units(campaign_id) if u.pending and u.unit_id is not None]
        if not units:
            raise ValidationError("没有待下发的问题。")
        out: list[NoticeInfo] = []
        for u in units:
            assert u.unit_id is not None
            out.append(self.issue(u.unit_id, campaign_id=campaign_id, **kwargs))
        return out

    def set_deadline(
        self, ref: int | str, deadline: dt.date, reason: str, *, expected_version: int | None = None
    ) -> NoticeInfo:
        if not reason.strip():
            raise ValidationError("调整整改期限必须填写理由。")
        with self.ctx.db.session() as session:
            notice = self._claim(session, ref, expected_version)
            self._require_live(notice, "调整期限")
            if deadline <= notice.issue_date:
                raise ValidationError(f"整改期限必须晚于下发日期 {notice.issue_date.isoformat()}。")
            old = notice.deadline
            notice.deadline = deadline
            for d in session.scalars(select(Deficiency).where(Deficiency.notice_id == notice.id)):
                d.due_date = deadline
            session.add(
                Transition(entity="notice", entity_id=notice.id, from_status=notice.status, to_status=notice.status,
                           actor=self.ctx.actor_name, comment=f"整改期限由 {old} 调整为 {deadline}：{reason.strip()}")
            )
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="notice", entity_id=notice.id, action="deadline",
                before={"deadline": str(old)}, after={"deadline": str(deadline), "number": notice.number},
                reason=reason.strip(),
            )
        return self.get(ref)

    # -- feedback, verification, closure -------------------------------------------

    def record_feedback(
        self,
        ref: int | str,
        measures: str,
        *,
        attachments: Sequence[str | Path] = (),
        received_date: dt.date | None = None,
        deficiency_ids: Sequence[int] | None = None,
        expected_version: int | None = None,
    ) -> NoticeInfo:
        """The unit's rectification report: measures taken and supporting files."""
        measures = measures.strip()
        if not measures:
            raise ValidationError("请填写整改措施（整改反馈内容）。")
        with self.ctx.db.session() as session:
            notice = self._claim(session, ref, expected_version)
            self._require_live(notice, "登记整改反馈")
            rows = self._targets(session, notice, deficiency_ids, AWAITING_UNIT, "登记整改反馈",
                                 "没有等待整改反馈的问题（须为已下发或被退回）")
            stored = [self._store_attachment(session, Path(p)) for p in attachments]
            session.add(
                Feedback(
                    notice_id=notice.id,
                    deficiency_id=rows[0].id if len(rows) == 1 and deficiency_ids else None,
                    measures=measures,
                    attachments=[
                        {"name": a.name, "sha256": a.sha256, "size": a.size, "stored": a.stored} for a in stored
                    ],
                    received_date=received_date or dt.date.today(),
                    actor=self.ctx.actor_name,
                )
            )
            for d in rows:
                move(session, d, RectStatus.RESPONDED, self.ctx.actor_name, _shorten(measures))
            self._refresh(session, notice, _shorten(measures))
        return self.get(ref)

    def verify(
        self, ref: int | str, accept: bool, comment: str, *, deficiency_ids: Sequence[int] | None = None,
        expected_version: int | None = None,
    ) -> NoticeInfo:
        """A reviewer checks the feedback against the original finding and its evidence."""
        comment = (comment or "").strip()
        if not accept and not comment:
            raise ValidationError("退回整改必须写明理由。")
        target = RectStatus.VERIFIED if accept else RectStatus.REJECTED
        with self.ctx.db.session() as session:
            notice = self._claim(session, ref, expected_version)
            self._require_live(notice, "核验")
            rows = self._targets(session, notice, deficiency_ids, {RectStatus.RESPONDED}, "核验",
                                 "没有等待核验的问题（须先登记整改反馈）")
            for d in rows:
                move(session, d, target, self.ctx.actor_name, comment or "核验通过")
            self._refresh(session, notice, comment or "核验通过")
        return self.get(ref)

    def close(
        self, ref: int | str, comment: str | None = None, *, deficiency_ids: Sequence[int] | None = None,
        expected_version: int | None = None,
    ) -> NoticeInfo:
        """销号: close the verified findings; the notice closes when all of them are."""
        with self.ctx.db.session() as session:
            notice = self._claim(session, ref, expected_version)
            self._require_live(notice, "销号")
            rows = list(session.scalars(select(Deficiency).where(Deficiency.notice_id == notice.id)))
            if deficiency_ids is None:
                waiting = [d for d in rows if d.status not in (RectStatus.VERIFIED.value, RectStatus.CLOSED.value)]
                if waiting:
                    raise ConflictError(
                        f"整改通知书 {notice.number} 还有 {len(waiting)} 项问题未核验通过"
                        f"（如问题 #{waiting[0].id} 为“{RectStatus(waiting[0].status).label}”），不能销号。",
                        code="invalid_transition",
                        number=notice.number,
                    )
            targets = self._targets(session, notice, deficiency_ids, {RectStatus.VERIFIED}, "销号",
                                    "没有可销号的问题（须先核验通过）")
            for d in targets:
                move(session, d, RectStatus.CLOSED, self.ctx.actor_name, comment or "整改到位，予以销号")
            self._refresh(session, notice, comment or "销号")
        return self.get(ref)

    def void(self, ref: int | str, reason: str, *, expected_version: int | None = None) -> NoticeInfo:
        """Withdraw a notice: it stays listed as 已作废 with the reason; its open findings
        return to pending so they can be issued again."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("作废整改通知书必须填写理由。")
        with self.ctx.db.session() as session:
            notice = self._claim(session, ref, expected_version)
            check_notice_voidable(notice.status, notice.number)
            for d in session.scalars(select(Deficiency).where(Deficiency.notice_id == notice.id)):
                move(session, d, RectStatus.PENDING, self.ctx.actor_name, f"通知书 {notice.number} 作废：{reason}")
                d.notice_id = None
                d.due_date = None
            self._notice_transition(session, notice, RectStatus(notice.status), RectStatus.VOID, reason)
            notice.status = RectStatus.VOID.value
            notice.void_reason = reason
        return self.get(ref)

    def delete(self, ref: int | str) -> None:
        """Never allowed: an issued notice is part of the record (void it instead)."""
        with self.ctx.db.session() as session:
            notice = self._load(session, ref)
            raise ConflictError(
                f"整改通知书 {notice.number} 已下发，不能删除；如需撤销，请填写理由作废（作废后仍保留可查）。",
                code="not_deletable",
                number=notice.number,
            )

    # -- history and deadlines ------------------------------------------------------

    def timeline(self, ref: int | str) -> list[TimelineEntry]:
        with self.ctx.db.session() as session:
            notice = self._load(session, ref)
            out = [
                TimelineEntry(t.at, t.actor or "", _notice_action(t), t.from_status, t.to_status, t.comment or "",
                              entity="notice")
                for t in session.scalars(
                    select(Transition)
                    .where(Transition.entity == "notice", Transition.entity_id == notice.id)
                    .order_by(Transition.at, Transition.id)
                )
            ]
        return out

    def feedback(self, ref: int | str) -> list[FeedbackInfo]:
        return list(self.detail(ref).feedback)

    def due_summary(self, today: dt.date | None = None) -> DueSummary:
        """Overdue and due-soon notices (and their findings) for the start-up reminder."""
        today = today or dt.date.today()
        notices = [n for n in self.list_notices(include_void=False, today=today) if n.due is not None]
        overdue = tuple(_due_item(n) for n in notices if n.overdue)
        soon = tuple(_due_item(n) for n in notices if n.due_soon)
        # counts only: the ids query, not every finding's full row (thousands on a large register)
        due = self.deficiencies.register_ids(DeficiencyFilter(overdue=True, due_soon=True), today=today)
        return DueSummary(
            today=today,
            overdue_notices=tuple(sorted(overdue, key=lambda i: i.deadline)),
            due_soon_notices=tuple(sorted(soon, key=lambda i: i.deadline)),
            overdue_deficiencies=due.overdue,
            due_soon_deficiencies=due.due_soon,
        )

    # -- export ---------------------------------------------------------------------

    def document(self, ref: int | str) -> NoticeDocument:
        from dataclasses import replace

        from casereview.services.audit import notice_code

        document = self.detail(ref).document
        with self.ctx.db.session() as session:
            notice_id = session.scalar(select(Notice.id).where(Notice.number == document.number))
            code = notice_code(session, notice_id) if notice_id is not None else None
        # printed as 附注 by the official notice layout; casereview verify-code checks it
        return replace(document, extra={**document.extra, "verification_code": code}) if code else document

    def export_pdf(self, ref: int | str, path: str | Path) -> Path:
        from casereview.exports.notice_pdf import write_notice_pdf

        return write_notice_pdf(self.document(ref), Path(path))

    def export_docx(self, ref: int | str, path: str | Path) -> Path:
        from casereview.exports.notice_docx import write_notice_docx

        return write_notice_docx(self.document(ref), Path(path))

    # -- internals ------------------------------------------------------------------

    def _require_live(self, notice: Notice, action: str) -> None:
        if notice.status == RectStatus.VOID.value:
            raise ConflictError(f"整改通知书 {notice.number} 已作废，不能{action}。", code="invalid_transition",
                                number=notice.number)

    def _targets(
        self,
        session: Session,
        notice: Notice,
        deficiency_ids: Sequence[int] | None,
        allowed: Iterable[RectStatus],
        action: str,
        none_message: str,
    ) -> list[Deficiency]:
        allowed_values = {s.value for s in allowed}
        rows = list(session.scalars(
            select(Deficiency).where(Deficiency.notice_id == notice.id).order_by(Deficiency.id)
        ))
        if deficiency_ids is not None:
            wanted = set(deficiency_ids)
            missing = wanted - {d.id for d in rows}
            if missing:
                raise ValidationError(f"问题 #{min(missing)} 不在整改通知书 {notice.number} 中。",
                                      deficiency_id=min(missing), number=notice.number)
            chosen = [d for d in rows if d.id in wanted]
            for d in chosen:
                if d.status not in allowed_values:
                    # Let the state machine word the refusal.
                    move(session, d, next(iter(_TARGET_OF[action])), self.ctx.actor_name)
            return chosen
        chosen = [d for d in rows if d.status in allowed_values]
        if not chosen:
            raise ConflictError(
                f"整改通知书 {notice.number}（{RectStatus(notice.status).label}）{none_message}，不能{action}。",
                code="invalid_transition",
                number=notice.number,
            )
        return chosen

    def _refresh(self, session: Session, notice: Notice, comment: str) -> None:
        session.flush()
        statuses = session.scalars(select(Deficiency.status).where(Deficiency.notice_id == notice.id)).all()
        new = notice_status_from(statuses)
        if new.value != notice.status:
            self._notice_transition(session, notice, RectStatus(notice.status), new, comment)
            notice.status = new.value

    def _notice_transition(
        self, session: Session, notice: Notice, old: RectStatus | None, new: RectStatus, comment: str | None
    ) -> None:
        session.add(
            Transition(entity="notice", entity_id=notice.id, from_status=old.value if old else None,
                       to_status=new.value, actor=self.ctx.actor_name, comment=comment)
        )
        audit_chain.record(
            session, actor=self.ctx.actor_name, entity="notice", entity_id=notice.id, action=f"status_{new.value}",
            before={"status": old.value if old else None}, after={"status": new.value, "number": notice.number},
            reason=comment,
        )

    def _store_attachment(self, session: Session, path: Path) -> AttachmentInfo:
        if not path.is_file():
            raise ValidationError(f"附件文件不存在：{path}", path=str(path))
        stored = self.ctx.blob_store.put(path)
        if session.get(Blob, stored.sha256) is None:
            session.add(Blob(sha256=stored.sha256, size=stored.size, ext=path.suffix.lower()[:10]))
        return AttachmentInfo(path.name, stored.sha256, stored.size, True)

    def attachment_path(self, sha256: str) -> Path | None:
        """Where a stored feedback attachment lives (to open it), or None."""
        return self.ctx.blob_store.find(sha256)


_TARGET_OF: dict[str, set[RectStatus]] = {
    "登记整改反馈": {RectStatus.RESPONDED},
    "核验": {RectStatus.VERIFIED},
    "销号": {RectStatus.CLOSED},
}


def _single(values: Iterable[int | None]) -> int | None:
    distinct = set(values)
    return next(iter(distinct)) if len(distinct) == 1 else None


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _notice_action(t: Transition) -> str:
    if t.from_status is None:
        return "下发整改通知书"
    if t.from_status == t.to_status:
        return "调整整改期限"
    return ACTION_LABELS.get(RectStatus(t.to_status), t.to_status)


def _due_item(n: NoticeInfo) -> DueItem:
    assert n.due is not None
    return DueItem("notice", n.id, n.number, n.unit_name, n.deadline, n.due)


def _feedback_info(f: Feedback) -> FeedbackInfo:
    files = tuple(
        AttachmentInfo(str(a["name"]), str(a["sha256"]), int(a.get("size") or 0), bool(a.get("stored")))
        for a in (f.attachments or [])
        if a.get("sha256")
    )
    return FeedbackInfo(f.id, f.notice_id, f.deficiency_id, f.measures, files, f.received_date, f.actor or "", f.at)

