"""The audit chain as a use case: verify it, print its head code, check a review before
its form is printed, and check the verification code printed on a form."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereview.errors import ConflictError
from casereview.localtime import local_text
from casereview.services.context import ServiceContext
from casereview.storage import audit_chain
from casereview.storage.audit_chain import ChainReport
from casereview.storage.models import AuditEntry, Notice, Review


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str | None
    account_id: int | None
    entity: str
    entity_id: int | None
    review_id: int | None
    action: str
    reason: str | None


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    message: str


def _code_body(entry_hash: str, state_digest: str | None) -> str:
    raw = hashlib.sha256(f"{entry_hash}:{state_digest or ''}".encode()).digest()
    body = base64.b32encode(raw).decode("ascii")[:8]
    return f"{body[:4]}-{body[4:]}"


def review_code(session: Session, review_id: int) -> str | None:
    """The verification code printed on a review's 评查表: review, its latest audit entry
    and 40 bits of a hash over that entry and the review's content digest."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.entry_hash, AuditEntry.state_digest)
        .where(AuditEntry.review_id == review_id, AuditEntry.state_digest.is_not(None))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None or last.entry_hash is None:
        return None
    return f"R{review_id}-{last.id}-{_code_body(last.entry_hash, last.state_digest)}"


def notice_code(session: Session, notice_id: int) -> str | None:
    """The verification code printed on a 整改通知书: its issue entry and content digest."""
    entry = session.execute(
        select(AuditEntry.id, AuditEntry.entry_hash, AuditEntry.state_digest)
        .where(AuditEntry.entity == "notice", AuditEntry.entity_id == notice_id, AuditEntry.action == "issue")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if entry is None or entry.entry_hash is None:
        return None
    return f"N{notice_id}-{entry.id}-{_code_body(entry.entry_hash, entry.state_digest)}"


ChainCache = dict[str, tuple[float, int | None, str, ChainReport]]
_REUSE_SECONDS = 30.0


def _chain_report(session: Session, cache: ChainCache | None) -> ChainReport:
    """The chain's verification, reused for a few seconds while its head is unchanged, so
    a batch export of hundreds of forms walks the chain once, not once per form."""
    import time

    url = str(session.get_bind().engine.url)
    head = session.execute(select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    head_id, head_hash = (head[0], head[1] or "") if head else (None, "")
    if cache is None:
        return audit_chain.verify_chain(session)
    cached = cache.get(url)
    now = time.monotonic()
    if cached and cached[1] == head_id and cached[2] == head_hash and now - cached[0] < _REUSE_SECONDS:
        return cached[3]
    report = audit_chain.verify_chain(session)
    cache[url] = (now, head_id, head_hash, report)
    return report


def ensure_review_intact(session: Session, review_id: int, cache: ChainCache | None = None) -> None:
    """Refuse (ConflictError ``audit_broken``) when the chain or this review's content
    does not match its audit trail: nothing is printed from tampered data. ``cache`` (kept
    by the caller for one batch) reuses a verification while the chain head is unchanged."""
    report = _chain_report(session, cache)
    if report.problem is not None:
        raise ConflictError(
            "操作日志校验失败，不能导出评查表：" + report.problem.message + "请管理员运行“casereview audit verify”核查。",
            code="audit_broken", entry_id=report.problem.entry_id,
        )
    problem = audit_chain.review_problem(session, review_id)
    if problem is not None:
        raise ConflictError(f"不能导出评查表：{problem}", code="audit_broken", review_id=review_id)


@dataclass(frozen=True)
class ReviewsReport:
    """``verify_reviews``: how many reviews were compared with their audit trail, and
    (review id, why) for each one that does not match."""

    reviews: int
    problems: tuple[tuple[int, str], ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def verify(self) -> ChainReport:
        """Walk the whole chain (names the first broken or missing entry)."""
        with self.ctx.db.session() as session:
            return audit_chain.verify_chain(session)

    def head_code(self) -> str:
        return self.verify().head_code

    def check_head_code(self, code: str) -> CodeCheck:
        with self.ctx.db.session() as session:
            ok, message = audit_chain.check_head_code(session, code)
            return CodeCheck(ok, message)

    def verify_reviews(self) -> ReviewsReport:
        """Compare every review's stored content with the digest of its last audit entry:
        an answer, deduction, note or score edited behind the program's back (sqlite3)
        leaves the chain intact but no longer matches. Names the reviews that differ, and
        those without any audit entry (inserted behind the program's back)."""
        with self.ctx.db.session() as session:
            last = (
                select(AuditEntry.review_id, func.max(AuditEntry.id).label("last_id"))
                .where(AuditEntry.review_id.is_not(None), AuditEntry.state_digest.is_not(None))
                .group_by(AuditEntry.review_id)
                .subquery()
            )
            digests = {
                int(rid): (int(entry_id), digest)
                for rid, entry_id, digest in session.execute(
                    select(last.c.review_id, AuditEntry.id, AuditEntry.state_digest)
                    .join(AuditEntry, AuditEntry.id == last.c.last_id)
                )
            }
            review_ids = list(session.scalars(select(Review.id).order_by(Review.id)))
            problems: list[tuple[int, str]] = []
            for rid in review_ids:
                if rid not in digests:
                    problems.append((rid, f"评查 {rid} 没有任何带内容摘要的操作日志：它不是经本程序写入的。"))
                    continue
                entry_id, digest = digests[rid]
                if audit_chain.review_digest(session, rid) != digest:
                    problems.append((rid, f"评查 {rid} 的现有内容（作答、扣分、备注、证据或得分）与其最后一条操作日志"
                                          f"（第 {entry_id} 条）记录的不一致：有人绕过本程序改动了数据库。"))
            return ReviewsReport(len(review_ids), tuple(problems))

    def verify_review(self, review_id: int) -> None:
        with self.ctx.db.session() as session:
            ensure_review_intact(session, review_id)

    def verify_code(self, code: str) -> CodeCheck:
        """Does a paper form with this printed code match the database?"""
        text = code.strip().upper().replace(" ", "")
        parts = text.split("-")
        if len(parts) != 4 or not parts[0][1:].isdigit() or not parts[1].isdigit() or parts[0][:1] not in ("R", "N"):
            return CodeCheck(False, f"“{code}”不是有效的核验码（格式如 R12-345-ABCD-EFGH）。")
        kind, ref, entry_id, body = parts[0][0], int(parts[0][1:]), int(parts[1]), f"{parts[2]}-{parts[3]}"
        with self.ctx.db.session() as session:
            entry = session.get(AuditEntry, entry_id)
            if entry is None or entry.entry_hash is None:
                return CodeCheck(False, f"数据库中没有核验码所指的第 {entry_id} 条操作日志：此表格不是本数据库打印的，或日志被删除。")
            if kind == "R":
                if entry.review_id != ref or _code_body(entry.entry_hash, entry.state_digest) != body:
                    return CodeCheck(False, "核验码与数据库记录不符：表格内容或核验码被改动过。")
                report = audit_chain.verify_chain(session)
                if report.problem is not None and report.problem.entry_id <= entry_id + 1:
                    return CodeCheck(False, "数据库操作日志已被改动：" + report.problem.message)
                current = review_code(session, ref)
                review = session.get(Review, ref)
                if current != text:
                    return CodeCheck(
                        False,
                        f"此评查表打印后，评查 {ref} 又有修改（最新为 {current}）：纸面结论已不是最终结论。",
                    )
                problem = audit_chain.review_problem(session, ref)
                if problem is not None:
                    return CodeCheck(False, problem)
                score = f"，得分 {review.total_score:g}" if review and review.total_score is not None else ""
                return CodeCheck(True, f"核验通过：评查 {ref} 的评查表与数据库一致（{local_text(entry.at)} 记录{score}）。")
            if entry.entity != "notice" or entry.entity_id != ref or _code_body(
                entry.entry_hash, entry.state_digest
            ) != body:
                return CodeCheck(False, "核验码与数据库记录不符：通知书内容或核验码被改动过。")
            report = audit_chain.verify_chain(session)
            if report.problem is not None and report.problem.entry_id <= entry_id + 1:
                return CodeCheck(False, "数据库操作日志已被改动：" + report.problem.message)
            notice = session.get(Notice, ref)
            if notice is None or audit_chain.content_digest(notice.snapshot) != entry.state_digest:
                return CodeCheck(False, "数据库中该整改通知书的内容与签发时记录的不一致：有人绕过本程序改动了数据。")
            void = f"（注意：该通知书已作废：{notice.void_reason}）" if notice.void_reason else ""
            return CodeCheck(
                True, f"核验通过：整改通知书 {notice.number} 与数据库签发记录一致（{local_text(entry.at)}）。{void}"
            )

    def entries(self, *, limit: int = 200, review_id: int | None = None, entity: str | None = None,
                entity_id: int | None = None) -> list[AuditRow]:
        """The latest entries, newest first; optionally of one review or one object
        (``entity="account", entity_id=7``: what was done to account 7)."""
        with self.ctx.db.session() as session:
            query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
            if review_id is not None:
                query = query.where(AuditEntry.review_id == review_id)
            if entity is not None:
                query = query.where(AuditEntry.entity == entity)
            if entity_id is not None:
                query = query.where(AuditEntry.entity_id == entity_id)
            return [
                AuditRow(a.id, a.at, a.actor, a.account_id, a.entity, a.entity_id, a.review_id, a.action, a.reason)
                for a in session.scalars(query)
            ]
