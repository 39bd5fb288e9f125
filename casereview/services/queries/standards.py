"""Standard versions in a session: store by content hash, resolve, pick the latest for a case."""

from __future__ import annotations

import functools

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casereview.errors import NotFoundError
from casereview.services.dto import StandardVersionInfo
from casereview.standards.loader import canonical_json, content_hash, standard_from_json
from casereview.standards.model import StandardDef
from casereview.storage import audit_chain
from casereview.storage.models import Standard, StandardVersion


@functools.lru_cache(maxsize=64)
def parse_standard_content(content: str) -> StandardDef:
    """The stored JSON content of a standard version as a ``StandardDef`` (cached: versions never change)."""
    return standard_from_json(content)


def item_count(std: StandardDef) -> int:
    return sum(len(cat.items) for cat in std.categories)


def store_standard_version(session: Session, std: StandardDef, source: str | None) -> tuple[StandardVersion, bool]:
    """The version with this content, created when new (``True``); identical content is stored once."""
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
        item_count=item_count(std),
        source=source,
    )
    session.add(version)
    session.flush()
    audit_chain.record(
        session, actor=None, entity="standard_version", entity_id=version.id, action="import",
        after={"code": std.id, "version": std.version, "content_hash": digest, "source": source},
    )
    return version, True


def latest_version_ids(session: Session) -> set[int]:
    rows = session.execute(select(func.max(StandardVersion.id)).group_by(StandardVersion.standard_id))
    return {r[0] for r in rows}


def standard_version_info(
    session: Session, v: StandardVersion, latest: set[int] | None = None
) -> StandardVersionInfo:
    latest = latest if latest is not None else latest_version_ids(session)
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


def get_standard_version(session: Session, version_id: int) -> StandardVersion:
    version = session.get(StandardVersion, version_id)
    if version is None:
        raise NotFoundError(f"评查标准版本 {version_id} 不存在。", version_id=version_id)
    return version


def resolve_standard_version(session: Session, ref: str | int) -> StandardVersion:
    """A version by numeric id, content-hash prefix (≥ 8 chars) or family code (latest)."""
    text = str(ref).strip()
    version: StandardVersion | None = None
    if text.isdigit():
        version = session.get(StandardVersion, int(text))
    if version is None and len(text) >= 8:
        version = session.scalar(select(StandardVersion).where(StandardVersion.content_hash.startswith(text)))
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


def latest_for_case_type(session: Session, case_type: str, procedure: str | None = None) -> StandardVersion:
    """The newest version for this case type, preferring one written for this procedure."""
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
