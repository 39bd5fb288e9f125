"""The audit log as a tamper-evident hash chain.

Every entry stores ``prev_hash`` (the previous entry's hash) and ``entry_hash`` =
SHA-256 over ``prev_hash`` and the entry's own content (time, actor, account, entity,
action, before, after, reason, review state digest). Changing, inserting or deleting an
entry behind the program's back breaks the chain at that point, and ``verify_chain``
names it. Someone with the raw file *and* this source could rebuild the whole chain;
the short head code (``head_code``) printed or exported earlier proves that nothing up
to that entry changed since.

Services never ``session.add(AuditEntry(...))`` themselves: they call ``record`` which
queues the entry; at commit (``before_commit``) the queued entries get their time,
chain links and, for review entries, the digest of the review's content as committed,
so an answer edited with sqlite3 no longer matches the review's last entry. On
PostgreSQL an advisory lock serialises appenders so two writers cannot fork the chain.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, event, select, text
from sqlalchemy.orm import Session, sessionmaker

from casereview.localtime import local_text
from casereview.storage.models import AuditEntry, EvidenceRef, ItemResult, Review, utcnow

GENESIS = "0" * 64
_PENDING = "audit_pending"
_ACTOR = "audit_actor"  # session.info: (account id, display name) of the signed-in account
_PG_LOCK_KEY = 7_263_015  # any constant: the advisory lock of the audit chain


@dataclass(frozen=True)
class PendingEntry:
    actor: str | None
    entity: str
    action: str
    entity_id: int | None
    review_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    account_id: int | None
    state_digest: str | None = None


def content_digest(value: Any) -> str:
    """SHA-256 of a JSON-able value (a notice's snapshot) for ``record(state_digest=...)``."""
    return hashlib.sha256(_canonical(value).encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def compute_hash(
    prev_hash: str,
    *,
    at: datetime,
    actor: str | None,
    account_id: int | None,
    entity: str,
    entity_id: int | None,
    review_id: int | None,
    action: str,
    before: Any,
    after: Any,
    reason: str | None,
    state_digest: str | None,
) -> str:
    content = {
        "at": at.replace(microsecond=0).isoformat(),
        "actor": actor,
        "account_id": account_id,
        "entity": entity,
        "entity_id": entity_id,
        "review_id": review_id,
        "action": action,
        "before": before,
        "after": after,
        "reason": reason,
        "state_digest": state_digest,
    }
    return hashlib.sha256((prev_hash + "\n" + _canonical(content)).encode("utf-8")).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    """The hash ``entry`` must carry given its stored content and ``prev_hash``."""
    return compute_hash(
        entry.prev_hash or "",
        at=entry.at,
        actor=entry.actor,
        account_id=entry.account_id,
        entity=entry.entity,
        entity_id=entry.entity_id,
        review_id=entry.review_id,
        action=entry.action,
        before=entry.before,
        after=entry.after,
        reason=entry.reason,
        state_digest=entry.state_digest,
    )


# --------------------------------------------------------------------------- writing


def record(
    session: Session,
    *,
    actor: str | None,
    entity: str,
    action: str,
    entity_id: int | None = None,
    review_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    state_digest: str | None = None,
) -> None:
    """Queue one audit entry; it is chained and written when ``session`` commits.
    Review entries get the review's content digest at commit; others may pass one."""
    account = session.info.get(_ACTOR)
    session.info.setdefault(_PENDING, []).append(
        PendingEntry(
            actor=actor if actor is not None else (account[1] if account else None),
            entity=entity,
            action=action,
            entity_id=entity_id,
            review_id=review_id,
            before=before,
            after=after,
            reason=reason,
            account_id=account[0] if account else None,
            state_digest=state_digest,
        )
    )


def set_session_actor(session: Session, account_id: int | None, display_name: str | None) -> None:
    """Who the entries of this session are by (set by ``Database.session``)."""
    if account_id is not None or display_name is not None:
        session.info[_ACTOR] = (account_id, display_name)


def _head(conn: Session | Connection) -> tuple[int, str] | None:
    row = conn.execute(select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    if row is None:
        return None
    return int(row[0]), str(row[1] or GENESIS)


def lock_chain(conn: Session | Connection) -> None:
    dialect = conn.get_bind().dialect if isinstance(conn, Session) else conn.dialect
    if dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def _write_pending(session: Session) -> None:
    pending: list[PendingEntry] = session.info.pop(_PENDING, [])
    if not pending:
        return
    session.flush()
    # The reviews' digests are read before the chain lock: the services locked those review
    # rows first (claim_review), so they cannot change meanwhile, and the lock — which every
    # writer of the team waits for — is held only for reading the head and appending.
    digests: dict[int, str | None] = {}
    for p in pending:
        if p.review_id is not None and p.review_id not in digests:
            digests[p.review_id] = review_digest(session, p.review_id)
    lock_chain(session)
    head = _head(session)
    prev = head[1] if head else GENESIS
    now = utcnow()
    for p in pending:
        digest = p.state_digest
        if p.review_id is not None:
            digest = digests[p.review_id]
        entry = AuditEntry(
            at=now,
            actor=p.actor,
            account_id=p.account_id,
            entity=p.entity,
            entity_id=p.entity_id,
            review_id=p.review_id,
            action=p.action,
            before=p.before,
            after=p.after,
            reason=p.reason,
            state_digest=digest,
            prev_hash=prev,
        )
        entry.entry_hash = hash_of(entry)
        prev = entry.entry_hash
        session.add(entry)
        session.flush()  # one by one: ids follow chain order


def _refuse_unchained(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in session.new:
        if isinstance(obj, AuditEntry) and not obj.entry_hash:
            raise RuntimeError("audit entries must be written through audit_chain.record()")


def install(factory: sessionmaker[Session]) -> None:
    """Hook the chain into every session the factory makes."""
    event.listen(factory, "before_commit", _write_pending)
    event.listen(factory, "before_flush", _refuse_unchained)
    event.listen(factory, "after_rollback", lambda s: s.info.pop(_PENDING, None))


# --------------------------------------------------------------------------- review digest


def review_digest(conn: Session | Connection, review_id: int) -> str | None:
    """SHA-256 of everything that makes a review's result: status, answers, deductions,
    notes, evidence links and the cached score. Core queries with named columns, so the
    migration that starts the chain can use it too."""
    review = conn.execute(
        select(
            Review.case_id, Review.campaign_id, Review.standard_version_id, Review.reviewer_id, Review.stage,
            Review.status, Review.practice_case_id, Review.total_score, Review.grade, Review.veto,
        ).where(Review.id == review_id)
    ).first()
    if review is None:
        return None
    results = conn.execute(
        select(
            ItemResult.id, ItemResult.item_code, ItemResult.answer, ItemResult.deduction, ItemResult.occurrences,
            ItemResult.note, ItemResult.check_id, ItemResult.reconcile_reason,
        ).where(ItemResult.review_id == review_id).order_by(ItemResult.item_code)
    ).all()
    evidence: dict[int, list[list[Any]]] = {}
    if results:
        for item_id, doc, page, quote in conn.execute(
            select(EvidenceRef.item_result_id, EvidenceRef.document_id, EvidenceRef.page, EvidenceRef.quote)
            .join(ItemResult, ItemResult.id == EvidenceRef.item_result_id)
            .where(ItemResult.review_id == review_id)
        ):
            evidence.setdefault(item_id, []).append([doc, page, quote])
    return digest_of_review(
        dict(review._mapping),
        [{**r._mapping, "evidence": evidence.get(r.id, [])} for r in results],
        in_order=True,  # the database's own order of item codes, as the chain was written with
    )


REVIEW_DIGEST_FIELDS = ("case_id", "campaign_id", "standard_version_id", "reviewer_id", "stage", "status",
                        "practice_case_id", "total_score", "grade", "veto")
ITEM_DIGEST_FIELDS = ("item_code", "answer", "deduction", "occurrences", "note", "check_id", "reconcile_reason")


def digest_of_review(review: dict[str, Any], items: list[dict[str, Any]], *, in_order: bool = False) -> str:
    """The review digest from plain values (``REVIEW_DIGEST_FIELDS``; items with
    ``ITEM_DIGEST_FIELDS`` and ``evidence`` as [document id, page, quote]) — the same digest
    ``review_digest`` takes from the database, so a results package can be checked against
    the audit chain it brings. Items are sorted by code point (SQLite's order, a laptop's
    database) unless ``in_order``."""
    ordered = items if in_order else sorted(items, key=lambda r: str(r["item_code"]))
    score = review.get("total_score")
    content = {
        "review": [
            review.get("case_id"), review.get("campaign_id"), review.get("standard_version_id"),
            review.get("reviewer_id"), review.get("stage"), review.get("status"), review.get("practice_case_id"),
            None if score is None else round(float(score), 4), review.get("grade"), bool(review.get("veto")),
        ],
        "items": [
            [
                r["item_code"], r.get("answer"), None if r.get("deduction") is None else round(float(r["deduction"]), 4),
                r.get("occurrences"), r.get("note") or "", r.get("check_id"), r.get("reconcile_reason") or "",
                sorted(([e[0], e[1], e[2] or ""] for e in r.get("evidence", [])), key=lambda e: (e[0], e[1], e[2])),
            ]
            for r in ordered
        ],
    }
    return hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- chain records

_RECORD_FIELDS = ("actor", "account_id", "entity", "entity_id", "review_id", "action", "before", "after",
                  "reason", "state_digest", "prev_hash", "entry_hash")


def chain_records(session: Session) -> list[dict[str, Any]]:
    """The whole chain as plain records (a results package carries the laptop's chain)."""
    return [{"id": e.id, "at": e.at.isoformat(), **{f: getattr(e, f) for f in _RECORD_FIELDS}}
            for e in _rows(session)]


def verify_records(records: Any) -> tuple[str | None, dict[int, str]]:
    """Check a chain given as ``chain_records``: (the first problem or None, the last state
    digest per review id). Every link and every hash is recomputed from GENESIS."""
    if not isinstance(records, list):
        return "操作日志缺失或格式不正确", {}
    prev = GENESIS
    last_digest: dict[int, str] = {}
    for number, rec in enumerate(records, start=1):
        try:
            at = datetime.fromisoformat(rec["at"])
            if rec["prev_hash"] != prev:
                return f"操作日志第 {number} 条与前一条断链（有记录被删除、插入或改写）", {}
            expected = compute_hash(
                prev, at=at, actor=rec["actor"], account_id=rec["account_id"], entity=rec["entity"],
                entity_id=rec["entity_id"], review_id=rec["review_id"], action=rec["action"],
                before=rec["before"], after=rec["after"], reason=rec["reason"], state_digest=rec["state_digest"],
            )
        except (KeyError, TypeError, ValueError):
            return f"操作日志第 {number} 条格式不正确", {}
        if expected != rec["entry_hash"]:
            return f"操作日志第 {number} 条（{rec['action']}）的内容与其哈希不符，已被改动", {}
        prev = expected
        if isinstance(rec["review_id"], int) and rec["state_digest"]:
            last_digest[rec["review_id"]] = str(rec["state_digest"])
    return None, last_digest


# --------------------------------------------------------------------------- verifying


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    kind: str  # altered | missing | unchained
    message: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head_id: int | None
    head_hash: str
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def head_code(self) -> str:
        return head_code(self.head_id, self.head_hash)


def _rows(session: Session) -> Iterator[AuditEntry]:
    yield from session.scalars(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000))


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole chain; the report names the first broken or missing entry."""
    prev = GENESIS
    count = 0
    last_id: int | None = None
    problem: ChainProblem | None = None
    for entry in _rows(session):
        count += 1
        if problem is None:
            if not entry.entry_hash:
                problem = ChainProblem(entry.id, "unchained", f"第 {entry.id} 条操作日志没有链哈希：它是绕过本程序写入的。")
            elif entry.prev_hash != prev:
                where = f"第 {last_id} 条与第 {entry.id} 条之间" if last_id is not None else f"第 {entry.id} 条之前"
                problem = ChainProblem(
                    entry.id, "missing",
                    f"操作日志在{where}断链：有记录被删除、插入或改写（第 {entry.id} 条记录的前一哈希对不上）。",
                )
            elif hash_of(entry) != entry.entry_hash:
                problem = ChainProblem(
                    entry.id, "altered",
                    f"第 {entry.id} 条操作日志（{local_text(entry.at)}，{entry.actor or '—'}，{entry.action}）"
                    "的内容已被改动，与其哈希不符。",
                )
        prev = entry.entry_hash or prev
        last_id = entry.id
    return ChainReport(entries=count, head_id=last_id, head_hash=prev, problem=problem)


def review_problem(session: Session, review_id: int) -> str | None:
    """Why this review's stored content does not match its audit trail (None when it does)."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.state_digest)
        .where(AuditEntry.review_id == review_id, AuditEntry.state_digest.is_not(None))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return f"评查 {review_id} 没有任何带内容摘要的操作日志，无法证明其内容未被改动。"
    if review_digest(session, review_id) != last.state_digest:
        return (
            f"评查 {review_id} 的现有内容（作答、扣分、备注、证据或得分）与其最后一条操作日志"
            f"（第 {last.id} 条）记录的不一致：有人绕过本程序改动了数据库。"
        )
    return None


# --------------------------------------------------------------------------- head codes


def _b32(hexdigest: str, chars: int) -> str:
    return base64.b32encode(bytes.fromhex(hexdigest)).decode("ascii")[:chars]


def head_code(entry_id: int | None, entry_hash: str) -> str:
    """A short printable code of a chain position: ``<entry id>-XXXX-XXXX-XXXX-XXXX``
    (80 bits of the entry's hash; enough that nobody can forge a chain to match it)."""
    body = _b32(entry_hash, 16)
    return f"{entry_id or 0}-" + "-".join(body[i : i + 4] for i in range(0, 16, 4))


def parse_head_code(code: str) -> tuple[int, str] | None:
    parts = code.strip().upper().replace(" ", "").split("-", 1)
    if len(parts) != 2 or not parts[0].isdigit():
        return None
    body = parts[1].replace("-", "")
    if len(body) != 16:
        return None
    return int(parts[0]), body


def check_head_code(session: Session, code: str) -> tuple[bool, str]:
    """Whether the chain still contains the position an earlier head code named."""
    parsed = parse_head_code(code)
    if parsed is None:
        return False, f"“{code}”不是有效的日志链校验码（格式：编号-XXXX-XXXX-XXXX-XXXX）。"
    entry_id, body = parsed
    if entry_id == 0:
        return True, "校验码对应空日志。"
    stored = session.scalar(select(AuditEntry.entry_hash).where(AuditEntry.id == entry_id))
    if stored is None:
        return False, f"第 {entry_id} 条操作日志已不存在：校验码之前的记录被删除了。"
    if _b32(stored, 16) != body:
        return False, f"第 {entry_id} 条操作日志的哈希与校验码不符：此前的记录被改写过。"
    report = verify_chain(session)
    if report.problem is not None and report.problem.entry_id <= entry_id:
        return False, report.problem.message
    return True, f"截至第 {entry_id} 条，操作日志与校验码一致，此前没有任何改动。"
