"""Standards in the database: versions pinned by content hash.

A standard family (``Standard``) is identified by the slug in its file. Each distinct
content becomes one immutable ``StandardVersion`` (canonical JSON + sha256); loading
the same content twice changes nothing, changing anything makes a new version, and a
review keeps the version it was started with.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from casereview.services.context import ServiceContext
from casereview.services.dto import ImportedStandard, StandardVersionInfo
from casereview.services.queries.standards import (
    get_standard_version,
    latest_version_ids,
    parse_standard_content,
    resolve_standard_version,
    standard_version_info,
    store_standard_version,
)
from casereview.standards.loader import load_standard_file, shipped_standard_paths
from casereview.standards.model import StandardDef
from casereview.storage.models import StandardVersion

__all__ = ["ImportedStandard", "StandardService", "StandardVersionInfo"]


class StandardService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- writing --------------------------------------------------------------------

    def import_file(self, path: Path) -> ImportedStandard:
        """Validate a YAML/TOML/XLSX standard file and store it as a version."""
        if path.suffix.lower() == ".xlsx":
            from casereview.standards.excel import import_standard_xlsx

            std = import_standard_xlsx(path)
        else:
            std = load_standard_file(path)
        with self.ctx.db.session() as session:
            version, created = store_standard_version(session, std, str(path))
            return ImportedStandard(standard_version_info(session, version), created)

    def sync_shipped(self) -> list[ImportedStandard]:
        """Load every standard shipped in resources/standards (idempotent)."""
        out = []
        with self.ctx.db.session() as session:
            for path in shipped_standard_paths():
                std = load_standard_file(path)
                version, created = store_standard_version(session, std, f"resources/standards/{path.name}")
                out.append(ImportedStandard(standard_version_info(session, version), created))
        return out

    # -- reading --------------------------------------------------------------------

    def list_versions(self, *, latest_only: bool = False) -> list[StandardVersionInfo]:
        with self.ctx.db.session() as session:
            latest = latest_version_ids(session)
            versions = session.scalars(select(StandardVersion).order_by(StandardVersion.id)).all()
            infos = [standard_version_info(session, v, latest) for v in versions]
        return [i for i in infos if i.is_latest] if latest_only else infos

    def resolve(self, ref: str | int) -> StandardVersionInfo:
        """Find a version by numeric id, content-hash prefix (≥ 8 chars) or family code (latest)."""
        with self.ctx.db.session() as session:
            return standard_version_info(session, resolve_standard_version(session, ref))

    def definition(self, version_id: int) -> StandardDef:
        """The parsed standard of one version (cached by content)."""
        with self.ctx.db.session() as session:
            content = get_standard_version(session, version_id).content
        return parse_standard_content(content)

    def definition_for(self, ref: str | int) -> tuple[StandardVersionInfo, StandardDef]:
        """A version's description and its parsed standard, read in one transaction."""
        with self.ctx.db.session() as session:
            version = resolve_standard_version(session, ref)
            return standard_version_info(session, version), parse_standard_content(version.content)

    def export_xlsx(self, ref: str | int, stream: BinaryIO) -> StandardVersionInfo:
        from casereview.standards.excel import export_standard_xlsx

        info, std = self.definition_for(ref)
        export_standard_xlsx(std, stream)
        return info
