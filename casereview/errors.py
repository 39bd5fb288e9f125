"""Typed errors of the core.

Every error carries a stable ``code`` and keyword ``params`` so a caller (CLI, UI,
tests) can react to the kind of failure, plus a ready Chinese message for display.
The core never prints; the CLI and the UI decide how to show ``str(error)``.
"""

from __future__ import annotations

import errno
from typing import Any


class CaseReviewError(Exception):
    """Base class: ``code`` identifies the failure, ``message`` is Chinese text."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params = params

    def __str__(self) -> str:
        return self.message


class ValidationError(CaseReviewError):
    """Input data (a file, a row, a field) is malformed. ``params`` say where."""

    code = "validation"


class NotFoundError(CaseReviewError):
    code = "not_found"


class ConflictError(CaseReviewError):
    """The action contradicts the current state (locked review, invalid transition...)."""

    code = "conflict"


class StaleEditError(ConflictError):
    """Someone else changed the record since this screen read it (optimistic concurrency).
    ``params``: ``by`` (who), ``at`` (when, local time), ``version`` (the current one). The
    UI reloads the screen; nothing of the other person's change was overwritten."""

    code = "stale_edit"


class StorageError(CaseReviewError):
    """The database cannot be opened, is locked, newer than this program, unreachable..."""

    code = "storage"


class PermissionDenied(CaseReviewError):
    """The acting account may not do this (role, assignment, blind re-check, not signed in).
    ``params``: ``action`` (what was attempted) and ``account``."""

    code = "permission"


class AuthError(CaseReviewError):
    """Signing in failed: wrong password, unknown or inactive account, locked, expired token."""

    code = "auth"


def os_reason(exc: OSError) -> str:
    """The cause of an operating-system error in Chinese (disk full first: it is the one
    users can fix themselves)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足，请清理磁盘或换一个位置后重试"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限（文件可能正被其他程序打开，或文件夹只读）"
    if exc.errno == errno.ENOENT:
        return "文件或文件夹不存在"
    if exc.errno == errno.EISDIR:
        return "这是一个文件夹"
    return exc.strerror or str(exc)
