"""Standards in the database: versions pinned by content hash.

A standard family (``Standard``) is identified by the slug in its file. Each distinct
content becomes one immutable ``StandardVersion`` (canonical JSON + sha256); loading
the same content twice changes nothing, changing anything makes a new version, and a
review keeps the version it was started with.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereview.errors import NotFoundError
from casereview.services.context import ServiceContext
from casereview.standards.loader import (
    canonical_json,
    content_hash,
    load_standard_file,
    shipped_standard_paths,
    standard_from_json,
)
from casereview.standards.model import StandardDef
from casereview.storage.models import Standard, StandardVersion


@dataclass(frozen=True)
class StandardVersionInfo:
    version_id: int
    code: str
    name: str
    version: str
    case_type: str
    procedure: str
    province: str | None
    content_hash: str
    item_count: int
    is_latest: bool
    source: str | None


@dataclass(frozen=True)
class ImportedStandard:
    info: StandardVersionInfo
    created: bool  # False when identical content was already stored


@functools.lru_cache(maxsize=64)
def parse_standard_content(content: str) -> StandardDef:
    """The stored JSON content of a standard version as a ``StandardDef`` (cached: versions never change)."""
    return standard_from_json(content)


def _item_count(std: StandardDef) -> int:
    return sum(len(cat.items) for cat in std.categories)


class StandardService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- writing --------------------------------------------------------------------

    def store(self, session: Session, std: StandardDef, source: str | None) -> tuple[StandardVersion, bool]:
        digest = content_hash(std)
        existing = session.scalar(select(StandardVersion).where(StandardVersion.content_hash == digest))
        if existing is not None:
            return existing, False
        family = session.scalar(select(Standard).where(Standard.code == std.id))
        if family is None:
            family = Standard(
                code=std.id,
                name=std.name,
                case_type=str(std.case_type),
                procedure=str(std.procedure),
                province=std.province,
            )
            session.add(family)
            session.flush()
        else:
            family.name = std.name
        version = StandardVersion(
            standard_id=family.id,
            version=std.version,
            content_hash=digest,
            content=canonical_json(std),
            item_count=_item_count(std),
            source=source,
        )
        session.add(version)
        session.flush()
        return version, True

    def import_file(self, path: Path) -> ImportedStandard:
        """Validate a YAML/TOML/XLSX standard file and store it as a version."""
        if path.suffix.lower() == ".xlsx":
            from casereview.standards.excel import import_standard_xlsx

            std = import_standard_xlsx(path)
        else:
            std = load_standard_file(path)
        with self.ctx.db.session() as session:
            version, created = self.store(session, std, str(path))
            info = self._info(session, version)
        return ImportedStandard(info, created)

    def sync_shipped(self) -> list[ImportedStandard]:
        """Load every standard shipped in resources/standards (idempotent)."""
        out = []
        with self.ctx.db.session() as session:
            for path in shipped_standard_paths():
                std = load_standard_file(path)
                version, created = self.store(session, std, f"resources/standards/{path.name}")
                out.append(ImportedStandard(self._info(session, version), created))
        return out

    # -- reading --------------------------------------------------------------------

    def _latest_ids(self, session: Session) -> set[int]:
        rows = session.execute(select(func.max(StandardVersion.id)).group_by(StandardVersion.standard_id))
        return {r[0] for r in rows}

    def _info(
        self, session: Session, v: StandardVersion, latest: set[int] | None = None
    ) -> StandardVersionInfo:
        latest = latest if latest is not None else self._latest_ids(session)
        fam = v.standard
        return StandardVersionInfo(
            version_id=v.id,
            code=fam.code,
            name=fam.name,
            version=v.version,
            case_type=fam.case_type,
            procedure=fam.procedure,
            province=fam.province,
            content_hash=v.content_hash,
            item_count=v.item_count,
            is_latest=v.id in latest,
            source=v.source,
        )

    def list_versions(self, *, latest_only: bool = False) -> list[StandardVersionInfo]:
        with self.ctx.db.session() as session:
            latest = self._latest_ids(session)
            versions = session.scalars(select(StandardVersion).order_by(StandardVersion.id)).all()
            infos = [self._info(session, v, latest) for v in versions]
        return [i for i in infos if i.is_latest] if latest_only else infos

    def resolve(self, ref: str | int) -> StandardVersionInfo:
        """Find a version by numeric id, content-hash prefix (≥ 8 chars) or family code (latest)."""
        with self.ctx.db.session() as session:
            version = self._resolve(session, ref)
            return self._info(session, version)

    def _resolve(self, session: Session, ref: str | int) -> StandardVersion:
        text = str(ref).strip()
        version: StandardVersion | None = None
        if text.isdigit():
            version = session.get(StandardVersion, int(text))
        if version is None and len(text) >= 8:
            version = session.scalar(
                select(StandardVersion).where(StandardVersion.content_hash.startswith(text))
            )
        if version is None:
            version = session.scalar(
                select(StandardVersion)
                .join(Standard)
                .where(Standard.code == text)
                .order_by(StandardVersion.id.desc())
                .limit(1)
            )
        if version is None:
            raise NotFoundError(f"找不到评查标准“{text}”（可用编号、标准代码或内容哈希前缀）。", ref=text)
        return version

    def definition(self, version_id: int) -> StandardDef:
        """The parsed standard of one version (cached by content)."""
        with self.ctx.db.session() as session:
            version = session.get(StandardVersion, version_id)
            if version is None:
                raise NotFoundError(f"评查标准版本 {version_id} 不存在。", version_id=version_id)
            content = version.content
        return parse_standard_content(content)

    def definition_for(self, ref: str | int) -> tuple[StandardVersionInfo, StandardDef]:
        info = self.resolve(ref)
        return info, self.definition(info.version_id)

    def latest_for_case_type(
        self, session: Session, case_type: str, procedure: str | None = None
    ) -> StandardVersion:
        query = select(StandardVersion).join(Standard).where(Standard.case_type == case_type)
        if procedure and procedure != "none":
            preferred = session.scalar(
                query.where(Standard.procedure == procedure).order_by(StandardVersion.id.desc()).limit(1)
            )
            if preferred is not None:
                return preferred
        version = session.scalar(query.order_by(StandardVersion.id.desc()).limit(1))
        if version is None:
            raise NotFoundError(f"没有适用于“{case_type}”案件的评查标准，请先导入标准。", case_type=case_type)
        return version

    def export_xlsx(self, ref: str | int, stream: BinaryIO) -> StandardVersionInfo:
        from casereview.standards.excel import export_standard_xlsx

        info, std = self.definition_for(ref)
        export_standard_xlsx(std, stream)
        return info
