"""Changes of a review the server has not confirmed yet, and the local journal that keeps them.

A change the workspace makes (an answer, a note, an undo, a page link) is a ``ReviewChange``:
plain data, so the same change can be sent, sent again after a conflict ("keep my change")
or written to disk. When the team server cannot be reached, the change goes into the
``UnsavedJournal`` — a small JSON file in the user's data folder, written to a temporary
file and then renamed, so a crash or a power cut never leaves half a journal — and the
reviewer sees it marked as unsaved. When the server answers again every journalled change
is sent with the review version it was made on (``expected_version``): a review that
someone else changed meanwhile is refused with ``StaleEditError`` and shown to the
reviewer, never overwritten silently. Nothing leaves the journal until the server has
confirmed it or the reviewer has discarded it; it can always be copied out as text.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from casereview.errors import CaseReviewError, StaleEditError, StorageError
from casereview.paths import user_data_dir

if TYPE_CHECKING:
    from casereview.services.app import Services

__all__ = [
    "OFFLINE_CODES", "JournalEntry", "ReplayResult", "ReviewChange", "UnsavedJournal", "apply_change",
    "database_key", "is_offline", "replay",
]

# StorageError codes that mean "the server is not there", not "the change was refused".
OFFLINE_CODES = frozenset({"db_unreachable", "db_connection_lost"})
KINDS = ("answer", "note", "restore", "link", "unlink")


@dataclass(frozen=True)
class ReviewChange:
    """One change of one checklist item, as data. ``text`` says it the reviewer's way."""

    kind: str
    item_code: str
    params: dict[str, Any] = field(default_factory=dict)
    text: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown change kind {self.kind!r}")


def apply_change(services: Services, review_id: int, change: ReviewChange, expected_version: int | None) -> Any:
    """Send ``change`` to the core (one transaction); returns what the service returns."""
    reviews, p, code = services.reviews, change.params, change.item_code
    if change.kind == "answer":
        return reviews.save_answer(
            review_id, code, p["answer"], deduction=p.get("deduction"), occurrences=p.get("occurrences"),
            note=p.get("note"), keep_note=p.get("keep_note", True), expected_version=expected_version,
        )
    if change.kind == "note":
        return reviews.set_note(review_id, code, p.get("note"), expected_version=expected_version)
    if change.kind == "restore":
        from casereview.services.dto import ItemSnapshot

        raw = p.get("snapshot")
        snapshot = None if raw is None else ItemSnapshot(
            raw["answer"], raw.get("deduction"), raw.get("occurrences"), raw.get("note"),
            tuple((int(d), int(pg)) for d, pg in raw.get("evidence", ())),
        )
        return reviews.restore_item(review_id, code, snapshot, p.get("action", "undo"),
                                    expected_version=expected_version)
    if change.kind == "link":
        return reviews.add_evidence(review_id, code, int(p["document_id"]), int(p["page"]),
                                    expected_version=expected_version)
    return reviews.remove_evidence(review_id, int(p["evidence_id"]), expected_version=expected_version)


def is_offline(exc: BaseException) -> bool:
    """The server did not answer (as opposed to: it answered and refused the change)."""
    return isinstance(exc, StorageError) and exc.code in OFFLINE_CODES


def database_key(url: str) -> str:
    """The database a journal entry belongs to, without any password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a plain path
        return url


@dataclass(frozen=True)
class JournalEntry:
    id: str
    database: str
    case_id: int
    case_no: str
    stage: str
    campaign_id: int | None
    review_id: int  # 0: the review did not exist yet (the first answer creates it)
    base_version: int | None  # the review version the change was made on
    change: ReviewChange
    at: str  # local time the reviewer made the change (ISO)

    def describe(self) -> str:
        return f"{self.at[:16].replace('T', ' ')}  案件 {self.case_no}  {self.change.text or self.change.item_code}"


class UnsavedJournal:
    """The journal file (default ``<user data>/unsaved-changes.json``). The UI thread adds,
    the DB worker removes: one lock per process around every read-modify-write."""

    _lock = threading.RLock()

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or user_data_dir() / "unsaved-changes.json"

    def _read(self) -> list[JournalEntry]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            # A damaged journal is kept aside, never overwritten: its text can still be read.
            aside = self.path.with_name(self.path.name + f".damaged-{datetime.now():%Y%m%d-%H%M%S}")
            os.replace(self.path, aside)
            return []
        out = []
        for item in raw if isinstance(raw, list) else []:
            try:
                change = ReviewChange(**item.pop("change"))
                out.append(JournalEntry(change=change, **item))
            except (TypeError, ValueError, KeyError, AttributeError):
                continue  # an entry of another program version: skipped, the rest stays usable
        return out

    def _write(self, entries: list[JournalEntry]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not entries:
            self.path.unlink(missing_ok=True)
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump([asdict(e) for e in entries], out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)

    def entries(self, database: str | None = None) -> list[JournalEntry]:
        with self._lock:
            return [e for e in self._read() if database is None or e.database == database]

    def add(
        self, database: str, *, case_id: int, case_no: str, stage: str, campaign_id: int | None,
        review_id: int, base_version: int | None, change: ReviewChange,
    ) -> JournalEntry:
        entry = JournalEntry(
            uuid.uuid4().hex, database, case_id, case_no, stage, campaign_id, review_id, base_version, change,
            datetime.now().isoformat(timespec="seconds"),
        )
        with self._lock:
            self._write([*self._read(), entry])
        return entry

    def remove(self, *entry_ids: str) -> None:
        with self._lock:
            entries = self._read()
            kept = [e for e in entries if e.id not in entry_ids]
            if len(kept) != len(entries):
                self._write(kept)

    def rebase(self, entry_ids: list[str], base_version: int | None) -> None:
        """The reviewer keeps these changes after a conflict: replay them on ``base_version``."""
        from dataclasses import replace

        with self._lock:
            self._write([replace(e, base_version=base_version) if e.id in entry_ids else e for e in self._read()])

    def as_text(self, database: str | None = None) -> str:
        """Every unsaved change as lines a reviewer can paste into a mail or a document."""
        return "\n".join(e.describe() for e in self.entries(database))


@dataclass
class ReplayResult:
    saved: list[JournalEntry] = field(default_factory=list)
    # entries of a review someone else changed meanwhile (their StaleEditError), still journalled
    conflicts: list[tuple[JournalEntry, StaleEditError]] = field(default_factory=list)
    # refused for another reason (the review was submitted meanwhile…), still journalled
    refused: list[tuple[JournalEntry, str]] = field(default_factory=list)
    offline: bool = False  # the server is still not there; nothing more was tried


def replay(services: Services, journal: UnsavedJournal, database: str) -> ReplayResult:
    """Send the journalled changes of ``database`` in the order they were made (in the DB
    worker). Each review's first change expects the version it was made on; the following
    ones of the same review expect the version the previous replayed change produced. A
    review changed meanwhile by someone else stops at its first change (conflict): none of
    its later changes is tried, so they are never applied out of order."""
    result = ReplayResult()
    chain: dict[tuple[int, int | None], int] = {}  # (review, base version) -> version reached
    stopped: set[int] = set()
    for entry in journal.entries(database):
        review_id = entry.review_id
        try:
            if not review_id:
                review_id = services.reviews.open_review(
                    entry.case_id, stage=entry.stage, campaign_id=entry.campaign_id).review.id
            if review_id in stopped:
                continue
            expected = chain.get((review_id, entry.base_version), entry.base_version)
            saved = apply_change(services, review_id, entry.change, expected)
        except StaleEditError as exc:
            result.conflicts.append((entry, exc))
            stopped.add(review_id)
            continue
        except CaseReviewError as exc:
            if is_offline(exc):
                result.offline = True
                return result
            result.refused.append((entry, exc.message))
            stopped.add(review_id)
            continue
        version = getattr(saved, "version", None) or getattr(saved, "review_version", None)
        if version:
            chain[(review_id, entry.base_version)] = int(version)
        journal.remove(entry.id)
        result.saved.append(entry)
    return result
