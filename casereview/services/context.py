"""The service context: which database, who is acting, where documents live.

Every service object takes a ``ServiceContext``; each public method opens one
transaction (``ctx.db.session()``), does one use case and returns plain frozen
dataclasses, never live ORM objects, so callers (CLI, UI worker thread) cannot
trigger lazy loads or detached-instance errors.

``account`` is the signed-in account (casereview.accounts.roles.Actor): anonymous until
someone signs in, or the program itself (``system_actor``) for the demo build and tests.
``actor`` / ``actor_id`` are the display name and roster entry the scoring acts as.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from casereview.accounts.roles import ANONYMOUS, Actor
from casereview.paths import user_data_dir
from casereview.storage.db import Database

if TYPE_CHECKING:
    from casereview.storage.blobstore import BlobStore


@dataclass
class ServiceContext:
    db: Database
    actor: str | None = None  # display name of the current user (reviewer)
    actor_id: int | None = None  # Reviewer.id of the current user, when chosen
    account: Actor = ANONYMOUS
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        # every audit entry written through this database names the acting account
        self.db.identity = lambda: (self.account.account_id, self.actor_name)

    def act_as(self, account: Actor) -> None:
        """Make ``account`` the one acting; its roster entry becomes the scoring person."""
        self.account = account
        if not account.system:
            self.actor = account.display_name
            self.actor_id = account.reviewer_id

    @property
    def documents_root(self) -> Path:
        """The content-addressed document store sits beside a SQLite file, so a database
        copied with its folder stays complete. A server database keeps documents in the
        database (``blob_store``); this folder is then only used by older code paths."""
        if self.db.path is not None:
            root = self.db.path.with_name(self.db.path.stem + "_documents")
        else:
            root = user_data_dir() / "documents"
        root.mkdir(parents=True, exist_ok=True)
        return root

    @cached_property
    def blob_store(self) -> BlobStore:
        """Where document content lives: the folder beside a SQLite file, or (team server)
        the database itself, read through this PC's cache."""
        from casereview.storage.blobstore import blob_store_for

        return blob_store_for(self.db, self.documents_root if self.db.path is not None else Path())

    @property
    def actor_name(self) -> str:
        if self.actor:
            return self.actor
        if self.account.account_id is not None or self.account.system:
            return self.account.display_name
        return "本机用户"
