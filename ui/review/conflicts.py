"""Two PCs on one review: the version this screen has seen, and what the reviewer is told when
another person saved first.

Every change the workspace sends carries ``expected_version`` (the review version this
screen knows). Saves queue one after another in the DB worker, so the tracker is read and
advanced inside the worker jobs themselves: the second of two quick answers expects the
version the first one produced, not the one the screen showed before either. Versions only
grow, so ``saw`` keeps the highest one and the order in which results arrive does not matter.

When the core refuses a save with ``StaleEditError`` (someone else changed the review), the
workspace loads the review as it is now and shows ``conflict_text``: who changed it and
when, what they changed (item by item, compared with what this screen showed) and the
change that was not saved. The reviewer then loads the other version or keeps theirs (the
change is sent again on top of the other person's version); nothing is overwritten
without the reviewer having seen it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from casereview.services.types import Answer
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.reviews import ItemResultInfo, ReviewState
    from casereview.services.types import StandardDef

tr = translator("EditConflict")
T = TypeVar("T")
MAX_LISTED = 8  # changed items listed in the message; the rest are counted


class VersionTracker:
    """The version of the review on screen (``review_id`` 0: nothing saved yet)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.review_id = 0
        self.version: int | None = None

    def show(self, review_id: int, version: int | None) -> None:
        """The screen now shows this review (a case was opened or reloaded)."""
        with self._lock:
            if review_id != self.review_id:
                self.review_id, self.version = review_id, version or None
            elif version:
                self.version = max(self.version or 0, version)

    def saw(self, review_id: int, version: int | None) -> None:
        """A save of this screen produced ``version`` (the first save also creates the review)."""
        with self._lock:
            if not version:
                return
            if self.review_id == 0:
                self.review_id = review_id
            if review_id == self.review_id:
                self.version = max(self.version or 0, version)

    def expected(self, review_id: int) -> int | None:
        with self._lock:
            return self.version if review_id == self.review_id else None

    def run(self, services: Services, review_id: int, call: Callable[[int, int | None], T]) -> T:
        """In the worker: ``call(review_id, expected_version)``, then remember the new version."""
        result = call(review_id, self.expected(review_id))
        self.saw(review_id, version_of_result(result))
        return result


def version_of_result(result: Any) -> int | None:
    """The review version a service call returned (SaveResult, ReviewState, ItemResultInfo)."""
    for path in (("version",), ("review_version",), ("review", "version")):
        value: Any = result
        for name in path:
            value = getattr(value, name, None)
        if isinstance(value, int) and value > 0:
            return value
    return None


def describe_result(result: ItemResultInfo | None) -> str:
    """One item's answer as the reviewer says it: 符合 / 扣 2 分（2 处）/ 未作答, with a note mark."""
    if result is None:
        return tr("unanswered")
    answer = Answer(result.answer)
    text = answer.label
    if answer is Answer.DEDUCT and result.deduction is not None:
        text = fmt(tr("%1 %2 points"), text, f"{result.deduction:g}")
        if result.occurrences:
            text += fmt(tr(" (%1 times)"), result.occurrences)
    if result.note:
        note = result.note if len(result.note) <= 30 else result.note[:30] + "…"
        text += fmt(tr("; note “%1”"), note)
    if result.evidence:
        text += fmt(tr("; %1 linked pages"), len(result.evidence))
    return text


def _same(a: ItemResultInfo | None, b: ItemResultInfo | None) -> bool:
    if a is None or b is None:
        return a is b
    pages = lambda r: sorted((e.document_id, e.page) for e in r.evidence)  # noqa: E731
    return (a.answer, a.deduction, a.occurrences, a.note, pages(a)) == (
        b.answer, b.deduction, b.occurrences, b.note, pages(b))


def changed_items(
    definition: StandardDef, shown: Mapping[str, ItemResultInfo], now: Mapping[str, ItemResultInfo]
) -> list[str]:
    """"A1：符合 → 扣 2 分" for every item that differs between the screen and the database."""
    lines = []
    for code in definition.item_codes():
        before, after = shown.get(code), now.get(code)
        if not _same(before, after):
            lines.append(fmt(tr("%1: %2 → %3"), code, describe_result(before), describe_result(after)))
    return lines


def conflict_text(params: Mapping[str, Any], changes: list[str], mine: str, status_changed: str = "") -> str:
    """The message of the conflict dialog (the StaleEditError's who/when, their changes, mine)."""
    by, at = params.get("by") or tr("another user"), params.get("at") or ""
    parts = [fmt(tr("This review was changed by %1 at %2 after you opened it. Your change was NOT saved "
                    "and nothing of theirs was overwritten."), by, at)]
    if status_changed:
        parts.append(status_changed)
    if changes:
        listed = changes[:MAX_LISTED]
        more = len(changes) - len(listed)
        parts.append(tr("Their change:") + "\n" + "\n".join("  • " + line for line in listed)
                     + (("\n  " + fmt(tr("… and %1 more items"), more)) if more > 0 else ""))
    else:
        parts.append(tr("Their change did not alter any answer you see (for example a page link or the status)."))
    if mine:
        parts.append(fmt(tr("Your unsaved change: %1"), mine))
    parts.append(tr("Load their version (your change is dropped), or keep your change "
                    "(it is saved on top of their version)?"))
    return "\n\n".join(parts)


def conflict_choices() -> list[str]:
    return [tr("Load their version"), tr("Keep my change")]


def state_changes(shown: ReviewState | None, fresh: ReviewState) -> tuple[list[str], str]:
    """(item changes, a line when the review was submitted or reopened meanwhile)."""
    if shown is None:
        return [], ""
    changes = changed_items(fresh.definition, shown.results, fresh.results)
    status = ""
    if shown.review.status != fresh.review.status:
        status = fmt(tr("The review is now “%1”."), fresh.review.status.label)
    return changes, status
