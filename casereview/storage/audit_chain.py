"""The audit log as a tamper-evident hash chain — one chain per review, one for the team.

Every entry stores ``prev_hash`` (the previous entry's hash *in its chain*) and
``entry_hash`` = SHA-256 over ``prev_hash`` and the entry's own content (time, actor,
account, entity, action, before, after, reason, review state digest). The entries of one
review form that review's chain; every other entry (campaigns, accounts, notices, imports
…) is in the team chain. Changing, inserting or deleting an entry behind the program's back
breaks its chain at that point, and ``verify_chain`` names it. The team chain regularly
records an ``anchor``: the head (entry id and hash) of every review chain changed since
the last one, so a review chain cannot be cut short or rebuilt either once anchored.
Someone with the raw file *and* this source could rebuild every chain; the short head
code (``head_code``) printed or exported earlier proves that nothing up to that entry
changed since.

Why per review: an entry is linked to its chain's head, so appenders of one chain must
take turns (on PostgreSQL they hold a lock until their commit). A single chain made every
save of the whole team wait for every other PC's commit (its disk flush included); per
review, only writers of the same review wait — and those already wait for the review row.

Databases chained before (migration 0010): their entries up to the ``chain_partition``
entry form one chain in id order, as they were written; the review chains continue from
each review's last entry there.

Services never ``session.add(AuditEntry(...))`` themselves: they call ``record`` which
queues the entry; at commit (``before_commit``) the queued entries get their time,
chain links and, for review entries, the digest of the review's content as committed,
so an answer edited with sqlite3 no longer matches the review's last entry.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from casereview.localtime import local_text
from casereview.storage.models import AuditEntry, EvidenceRef, ItemResult, Review, utcnow

GENESIS = "0" * 64
_PENDING = "audit_pending"
_ACTOR = "audit_actor"  # session.info: (account id, display name) of the signed-in account
_PG_LOCK_KEY = 7_263_015  # any constant: the advisory lock of the team chain
_PG_REVIEW_LOCK_KEY = 7_263_016  # with a review id: the chain of a review whose row is gone
_LOCKED_REVIEWS = "audit_locked_reviews"  # session.info: review rows this transaction locked
WRITTEN_IDS = "audit_written_ids"  # session.info: ids of the entries this transaction appended
PARTITION_ACTION = "chain_partition"  # the entry of migration 0010 after which chains are per review
ANCHOR_ACTION = "anchor"
ANCHOR_ENTITY = "audit_log"
ANCHOR_LOOKBACK = 1000


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
    """The last entry of the whole log (any chain): (id, hash)."""
    row = conn.execute(select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    if row is None:
        return None
    return int(row[0]), str(row[1] or GENESIS)


def chain_head(conn: Session | Connection, review_id: int | None) -> str:
    """The hash of the last entry of a review's chain (``None``: the team chain)."""
    key = AuditEntry.review_id.is_(None) if review_id is None else AuditEntry.review_id == review_id
    found = conn.execute(select(AuditEntry.entry_hash).where(key).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    return str(found or GENESIS)


def _is_pg(conn: Session | Connection) -> bool:
    dialect = conn.get_bind().dialect if isinstance(conn, Session) else conn.dialect
    return dialect.name == "postgresql"


def lock_chain(conn: Session | Connection, review_id: int | None = None) -> None:
    """Take the append lock of one chain until the transaction ends (PostgreSQL; SQLite
    has one writer at a time anyway). A review chain's lock is its review row, which every
    service changing the review takes first (``claim_review``)."""
    if not _is_pg(conn):
        return
    if review_id is None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        return
    locked = conn.execute(text("SELECT id FROM reviews WHERE id = :r FOR UPDATE"), {"r": review_id}).first()
    if locked is None:  # a review removed since: its entries still chain, under a lock of their own
        conn.execute(text("SELECT pg_advisory_xact_lock(:k, :r)"), {"k": _PG_REVIEW_LOCK_KEY, "r": review_id})


def mark_review_locked(session: Session, review_id: int) -> None:
    """This transaction holds the review's row lock (``claim_review``): its chain needs no other."""
    session.info.setdefault(_LOCKED_REVIEWS, set()).add(review_id)


def _write_pending(session: Session) -> None:
    pending: list[PendingEntry] = session.info.pop(_PENDING, [])
    if not pending:
        return
    session.flush()
    chains: dict[int | None, list[PendingEntry]] = {}
    for p in pending:
        chains.setdefault(p.review_id, []).append(p)
    # Digests are read under the review row locks the services took first (claim_review),
    # before any chain lock, so nothing waits for them.
    digests = {rid: review_digest(session, rid) for rid in chains if rid is not None}
    locked: set[int] = session.info.get(_LOCKED_REVIEWS, set())
    order = sorted(rid for rid in chains if rid is not None)  # one order for everyone: no deadlock
    anchor = None not in chains and _anchor_due(session)
    if anchor and _is_pg(session):
        anchor = bool(session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY}).scalar())
    now = utcnow()
    for rid in order:
        if rid not in locked:
            lock_chain(session, rid)
        _append(session, rid, chains[rid], now, digests[rid])
    if None in chains or anchor:
        if not anchor:
            lock_chain(session, None)
        team = chains.get(None, [])
        mark = _anchor_entry(session, team[0].actor if team else None, team[0].account_id if team else None)
        _append(session, None, [*team, *([mark] if mark else [])], now, None)
        _last_anchor[_engine_key(session)] = time.monotonic()


def _append(session: Session, review_id: int | None, entries: list[PendingEntry], now: datetime,
            digest: str | None) -> None:
    prev = chain_head(session, review_id)
    if prev == GENESIS and review_id is not None:  # a review's first entry links to the team chain
        prev = chain_head(session, None)
    for p in entries:
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
            state_digest=digest if review_id is not None else p.state_digest,
            prev_hash=prev,
        )
        entry.entry_hash = hash_of(entry)
        prev = entry.entry_hash
        session.add(entry)
        session.flush()  # one by one: ids follow chain order
        session.info.setdefault(WRITTEN_IDS, []).append(entry.id)


# --------------------------------------------------------------------------- anchors

ANCHOR_SECONDS = 60.0  # a PC that only saves answers anchors the review chains about once a minute
_last_anchor: dict[str, float] = {}


def _engine_key(session: Session) -> str:
    return str(session.get_bind().engine.url)


def _anchor_due(session: Session) -> bool:
    """An anchor is due a minute after this program's previous one (or its first write)."""
    last = _last_anchor.setdefault(_engine_key(session), time.monotonic())
    return time.monotonic() - last >= ANCHOR_SECONDS


def _anchor_entry(session: Session, actor: str | None, account_id: int | None) -> PendingEntry | None:
    """An ``anchor`` of the team chain: the heads of the review chains changed since the
    last anchor (none changed: no anchor)."""
    last = session.execute(
        select(AuditEntry.id).where(AuditEntry.review_id.is_(None), AuditEntry.action == ANCHOR_ACTION)
        .order_by(AuditEntry.id.desc()).limit(1)
    ).scalar()
    # Entries with ids just below the last anchor may have committed after it: look back a little.
    since = max((last or 0) - ANCHOR_LOOKBACK, 0)
    heads = session.execute(
        select(AuditEntry.review_id, func.max(AuditEntry.id))
        .where(AuditEntry.id > since, AuditEntry.review_id.is_not(None))
        .group_by(AuditEntry.review_id)
    ).all()
    if not heads:
        return None
    ids = sorted(int(h[1]) for h in heads)
    hashes: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        for eid, rid, h in session.execute(
            select(AuditEntry.id, AuditEntry.review_id, AuditEntry.entry_hash).where(AuditEntry.id.in_(ids[start:start + 500]))
        ):
            hashes[int(eid)] = (int(rid or 0), str(h))
    claimed = [[hashes[i][0], i, hashes[i][1]] for i in ids if i in hashes]
    return PendingEntry(actor=actor or "系统", entity=ANCHOR_ENTITY, action=ANCHOR_ACTION, entity_id=None,
                        review_id=None, before=None, after={"heads": claimed}, reason=None, account_id=account_id)


def _refuse_unchained(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in session.new:
        if isinstance(obj, AuditEntry) and not obj.entry_hash:
            raise RuntimeError("audit entries must be written through audit_chain.record()")


def install(factory: sessionmaker[Session]) -> None:
    """Hook the chain into every session the factory makes."""
    event.listen(factory, "before_commit", _write_pending)
    event.listen(factory, "before_flush", _refuse_unchained)
    event.listen(factory, "after_rollback", _forget)
    event.listen(factory, "after_commit", _forget)


def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_LOCKED_REVIEWS, None)
    session.info.pop(WRITTEN_IDS, None)


# --------------------------------------------------------------------------- review digest


def review_digest(conn: Session | Connection, review_id: int) -> str | None:
    """SHA-256 of everything that makes a review's result: status, answers, deductions,
    notes, evidence links and the cached score. One core query with named columns (the
    review, its answers and their evidence joined), so the migration that starts the chain
    can use it too."""
    rows = conn.execute(
        select(
            *(getattr(Review, f).label(f) for f in REVIEW_DIGEST_FIELDS),
            ItemResult.id.label("item_id"), *(getattr(ItemResult, f).label(f"i_{f}") for f in _ITEM_COLUMNS),
            EvidenceRef.document_id.label("e_doc"), EvidenceRef.page.label("e_page"), EvidenceRef.quote.label("e_quote"),
        )
        .select_from(Review)
        .outerjoin(ItemResult, ItemResult.review_id == Review.id)
        .outerjoin(EvidenceRef, EvidenceRef.item_result_id == ItemResult.id)
        .where(Review.id == review_id)
        .order_by(ItemResult.item_code, ItemResult.id)
    ).all()
    if not rows:
        return None
    items: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row.item_id is None:
            continue
        item = items.get(row.item_id)
        if item is None:
            item = items[row.item_id] = {f: getattr(row, f"i_{f}") for f in _ITEM_COLUMNS}
            item["evidence"] = []
        if row.e_doc is not None:
            item["evidence"].append([row.e_doc, row.e_page, row.e_quote])
    return digest_of_review(
        {f: getattr(rows[0], f) for f in REVIEW_DIGEST_FIELDS},
        list(items.values()),  # in the database's own order of item codes, as the chain was written with
        in_order=True,
    )


_ITEM_COLUMNS = ("item_code", "answer", "deduction", "occurrences", "note", "check_id", "reconcile_reason")
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
    digest per review id). Every link and every hash is recomputed from GENESIS, chain by chain."""
    if not isinstance(records, list):
        return "操作日志缺失或格式不正确", {}
    partition = _partition_from([(r.get("id"), r.get("action"), r.get("entity"), r.get("review_id"))
                                 for r in records if isinstance(r, dict)])
    problem, digests = _verify_records(records, partition)
    if problem is not None and partition is None:
        # a laptop still on a version before schema 0010 writes one chain for everything
        legacy, legacy_digests = _verify_records(records, 2**62)
        if legacy is None:
            return None, legacy_digests
    return problem, digests


def _verify_records(records: list[Any], partition: int | None) -> tuple[str | None, dict[int, str]]:
    walk = _Walk(partition)
    last_digest: dict[int, str] = {}
    hashes: dict[int, tuple[int | None, str]] = {}
    for number, rec in enumerate(records, start=1):
        try:
            at = datetime.fromisoformat(rec["at"])
            review_id = rec["review_id"]
            expected = compute_hash(
                rec["prev_hash"], at=at, actor=rec["actor"], account_id=rec["account_id"], entity=rec["entity"],
                entity_id=rec["entity_id"], review_id=review_id, action=rec["action"],
                before=rec["before"], after=rec["after"], reason=rec["reason"], state_digest=rec["state_digest"],
            )
            entry_id = int(rec["id"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return f"操作日志第 {number} 条格式不正确", {}
        link = walk.link(entry_id, review_id, rec["prev_hash"])
        if link is not None:
            return f"操作日志第 {number} 条与其链上的前一条断链（有记录被删除、插入或改写）", {}
        if expected != rec["entry_hash"]:
            return f"操作日志第 {number} 条（{rec['action']}）的内容与其哈希不符，已被改动", {}
        walk.advance(entry_id, review_id, expected, rec["action"], rec["entity"], rec["after"])
        hashes[entry_id] = (review_id, expected)
        if isinstance(review_id, int) and rec["state_digest"]:
            last_digest[review_id] = str(rec["state_digest"])
    for anchor_id, rid, eid, h in walk.claims:
        if hashes.get(eid) != (rid, h):
            return f"操作日志第 {eid} 条（评查 {rid} 的日志，由第 {anchor_id} 条锚定）已被删除或改动", {}
    return None, last_digest


def _partition_from(rows: list[tuple[Any, Any, Any, Any]]) -> int | None:
    """The id of the ``chain_partition`` entry (None: chains per review from the start)."""
    marks = [int(i) for i, action, entity, rid in rows
             if action == PARTITION_ACTION and entity == ANCHOR_ENTITY and rid is None and isinstance(i, int)]
    return min(marks) if marks else None


class _Walk:
    """The links of the log walked in id order: up to the ``chain_partition`` entry one
    chain, after it one chain per review plus the team chain; anchors' claims collected."""

    def __init__(self, partition: int | None) -> None:
        self.partition = partition
        self.prev = GENESIS  # the whole log's last hash (before the partition)
        self.heads: dict[int | None, tuple[int, str]] = {}  # chain -> (last entry id, hash)
        self.last_id: int | None = None
        self.claims: list[tuple[int, int, int, str]] = []  # (anchor id, review id, entry id, hash)
        self.team_hashes: set[str] = {GENESIS}

    def expected_prev(self, entry_id: int, review_id: int | None) -> tuple[int | None, str]:
        """(id of the entry this one must link to, its hash)."""
        if self.partition is not None and entry_id <= self.partition:
            return self.last_id, self.prev
        head = self.heads.get(review_id)
        return (head[0], head[1]) if head else (None, GENESIS)

    def link(self, entry_id: int, review_id: int | None, prev_hash: str | None) -> int | None:
        """None when the link holds, else the id of the entry it should have linked to (0: none).
        A review chain's first entry links to the team chain as it was then (any earlier
        team entry: a team entry with a lower id may have committed later)."""
        before, expected = self.expected_prev(entry_id, review_id)
        if prev_hash == expected:
            return None
        if review_id is not None and before is None and prev_hash in self.team_hashes:
            return None
        team = self.heads.get(None)
        return (team[0] if team and review_id is not None and before is None else before) or 0

    def advance(self, entry_id: int, review_id: int | None, entry_hash: str, action: str | None = None,
                entity: str | None = None, after: Any = None) -> None:
        self.prev, self.last_id = entry_hash, entry_id
        self.heads[review_id] = (entry_id, entry_hash)
        if review_id is None:
            self.team_hashes.add(entry_hash)
        if action == ANCHOR_ACTION and entity == ANCHOR_ENTITY and review_id is None and isinstance(after, dict):
            for claim in after.get("heads") or ():
                if isinstance(claim, list) and len(claim) == 3:
                    self.claims.append((entry_id, claim[0], claim[1], str(claim[2])))


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
    """Walk every chain; the report names the first broken or missing entry."""
    partition = session.scalar(
        select(func.min(AuditEntry.id)).where(AuditEntry.action == PARTITION_ACTION,
                                              AuditEntry.entity == ANCHOR_ENTITY, AuditEntry.review_id.is_(None))
    )
    walk = _Walk(partition)
    count = 0
    problem: ChainProblem | None = None
    for entry in _rows(session):
        count += 1
        if problem is None:
            if not entry.entry_hash:
                problem = ChainProblem(entry.id, "unchained", f"第 {entry.id} 条操作日志没有链哈希：它是绕过本程序写入的。")
            elif (before := walk.link(entry.id, entry.review_id, entry.prev_hash)) is not None:
                where = f"第 {before} 条与第 {entry.id} 条之间" if before else f"第 {entry.id} 条之前"
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
        if entry.entry_hash:
            walk.advance(entry.id, entry.review_id, entry.entry_hash, entry.action, entry.entity, entry.after)
    if problem is None:
        problem = _check_claims(session, walk.claims)
    return ChainReport(entries=count, head_id=walk.last_id, head_hash=walk.prev, problem=problem)


def _check_claims(session: Session, claims: list[tuple[int, int, int, str]]) -> ChainProblem | None:
    """Every review-chain head an anchor recorded must still be there, unchanged."""
    wanted = sorted({c[2] for c in claims if isinstance(c[2], int)})
    found: dict[int, tuple[int | None, str | None]] = {}
    for start in range(0, len(wanted), 500):
        for eid, rid, h in session.execute(
            select(AuditEntry.id, AuditEntry.review_id, AuditEntry.entry_hash).where(AuditEntry.id.in_(wanted[start:start + 500]))
        ):
            found[int(eid)] = (rid, h)
    for anchor_id, rid, eid, h in claims:
        if found.get(eid) != (rid, h):
            return ChainProblem(
                eid, "missing",
                f"第 {anchor_id} 条操作日志（锚点）记录的评查 {rid} 的第 {eid} 条操作日志已被删除或改动。",
            )
    return None


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
