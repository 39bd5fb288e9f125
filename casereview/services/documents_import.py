"""Document import: a folder of scanned case files into the content-addressed store.

``DocumentImportService.import_folder`` scans the folder against the case numbers in the
database (``casereview.intake.scan``), copies each good file into the store under the
database (identical content stored once, sources only read), and creates one
``Document`` per file in one transaction. Bad files are listed with their reason and
the rest still loads. ``verify`` re-hashes the store against the ``Blob`` table;
``set_type`` records a reviewer's correction of the guessed type; ``split`` divides
a PDF into documents by page ranges without rewriting it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update

from casereview.docintel.examples import learn
from casereview.errors import NotFoundError, ValidationError
from casereview.intake.classify import check_page_ranges, parse_page_ranges, uncovered_pages
from casereview.intake.doc_types import DOC_TYPES, OTHER, doc_type_from_text
from casereview.intake.scan import DEFAULT_MAX_BYTES, ScannedFile, readable_name, scan_folder
from casereview.intake.store import ContentStore
from casereview.services.context import ServiceContext
from casereview.services.intake.types import CancelCheck, ImportCancelled
from casereview.storage import audit_chain
from casereview.storage.models import Blob, Case, Document, EvidenceRef, ImportBatch

__all__ = [
    "DocTypeChoice",
    "DocumentImportResult",
    "DocumentImportService",
    "ImportedDocument",
    "SkippedDocument",
    "SplitPart",
    "SplitResult",
    "StoreDamage",
    "VerifyResult",
]

FileProgress = Callable[[int, int, str], None]  # (files done, files found, current file)


@dataclass(frozen=True)
class ImportedDocument:
    document_id: int
    case_no: str
    relative: str  # path inside the imported folder
    doc_type: str  # Chinese name
    type_reason: str
    kind: str
    page_count: int
    sha256: str
    stored_once: bool  # True when identical content was already in the store
    matched_by: str  # mapping | name | folder


@dataclass(frozen=True)
class SkippedDocument:
    relative: str
    code: str
    reason: str


@dataclass(frozen=True)
class DocumentImportResult:
    folder: Path
    imported: tuple[ImportedDocument, ...]
    skipped: tuple[SkippedDocument, ...]
    cases: int
    blobs_new: int
    bytes_new: int
    batch_id: int | None
    seconds: float

    def summary(self) -> str:
        return (f"导入文书 {len(self.imported)} 个（{self.cases} 个案件，新存入文件 {self.blobs_new} 个），"
                f"跳过 {len(self.skipped)} 个。")

    def report(self) -> str:
        lines = [f"文件夹：{self.folder}", self.summary()]
        if self.skipped:
            lines.append("")
            lines.append("跳过的文件：")
            lines += [f"  {s.relative}：{s.reason}" for s in self.skipped]
        return "\n".join(lines)


@dataclass(frozen=True)
class StoreDamage:
    sha256: str
    path: Path | None
    code: str  # missing | corrupt
    reason: str
    documents: tuple[int, ...]  # ids of the documents showing this file


@dataclass(frozen=True)
class VerifyResult:
    root: Path
    checked: int
    damaged: tuple[StoreDamage, ...]
    orphans: tuple[Path, ...] = ()  # files in the store that no document record names
    where: str = ""  # "服务器" when the server copy (not a local folder) was checked

    @property
    def ok(self) -> bool:
        return not self.damaged

    def summary(self) -> str:
        orphans = (f"另有 {len(self.orphans)} 个文件不属于任何文书记录（孤立文件，可能是中断的导入留下的）。"
                   if self.orphans else "")
        if self.ok:
            return f"{self.where}文档库完好：已校验 {self.checked} 个文件。" + orphans
        return f"{self.where}文档库有 {len(self.damaged)} 个文件缺失或损坏（共校验 {self.checked} 个）。" + orphans


@dataclass(frozen=True)
class DocTypeChoice:
    code: str
    name: str


@dataclass(frozen=True)
class SplitPart:
    document_id: int
    title: str
    doc_type: str
    page_start: int  # in the stored file
    page_end: int


@dataclass(frozen=True)
class SplitResult:
    case_id: int
    removed_document_id: int
    parts: tuple[SplitPart, ...]
    notes: tuple[str, ...]  # e.g. pages no range named, kept as 其他


class DocumentImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @staticmethod
    def doc_types() -> list[DocTypeChoice]:
        return [DocTypeChoice(t.code, t.name) for t in DOC_TYPES]

    # -- folder import -------------------------------------------------------------

    def import_folder(
        self,
        folder: str | Path,
        *,
        mapping_file: str | Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: FileProgress | None = None,
        cancel: CancelCheck | None = None,
    ) -> DocumentImportResult:
        """Import every document of known cases found in ``folder``; bad files are skipped
        with a reason. Raises ``ImportCancelled`` (nothing recorded) when ``cancel()``."""
        started = time.perf_counter()
        folder = Path(folder)
        with self.ctx.db.session() as session:
            case_ids = {no: cid for cid, no in session.execute(select(Case.id, Case.case_no))}
        seen = 0

        def scanned(path: Path) -> None:
            nonlocal seen
            seen += 1
            if cancel is not None and cancel():
                raise ImportCancelled("导入已取消，数据库未作任何修改", path=str(folder))
            if progress is not None:
                progress(seen, 0, readable_name(path.name))

        scan = scan_folder(folder, case_ids, mapping_file=mapping_file, max_bytes=max_bytes, progress=scanned)
        skipped = [SkippedDocument(s.relative, s.code, s.reason) for s in scan.skipped]
        store = self.ctx.blob_store
        stored: list[tuple[ScannedFile, str, int, str, bool]] = []  # file, sha, size, ext, existed
        total = len(scan.files)
        try:
            for index, file in enumerate(scan.files, start=1):
                if cancel is not None and cancel():
                    raise ImportCancelled("导入已取消，数据库未作任何修改", path=str(folder))
                if progress is not None:
                    progress(index, total, file.relative)
                try:
                    put = store.put(file.path)
                except Exception as exc:  # one unreadable file must not stop the others
                    skipped.append(SkippedDocument(file.relative, "copy_failed", f"复制到文档库失败：{exc}"))
                    continue
                stored.append((file, put.sha256, put.size, put.path.suffix.lower(), put.existed))
        finally:
            scan.cleanup()  # the files of unpacked zips are in the store now (or not wanted)

        imported: list[ImportedDocument] = []
        blobs_new = bytes_new = 0
        batch_id: int | None = None
        with self.ctx.db.session() as session:
            known_blobs = set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_({s[1] for s in stored}))))
            present = {
                (cid, sha) for cid, sha in session.execute(
                    select(Document.case_id, Document.blob_sha256).where(Document.blob_sha256.in_({s[1] for s in stored}))
                )
            }
            orders: dict[int, int] = dict(
                session.execute(select(Document.case_id, func.max(Document.sort_order)).group_by(Document.case_id)).all()
            )
            for file, sha, size, ext, existed in stored:
                case_id = case_ids[file.case_no]
                if (case_id, sha) in present:
                    skipped.append(SkippedDocument(file.relative, "already_imported", "该案件中已有内容完全相同的文书，未重复导入"))
                    continue
                if sha not in known_blobs:
                    session.add(Blob(sha256=sha, size=size, ext=ext))
                    known_blobs.add(sha)
                    blobs_new += 1
                    bytes_new += size
                present.add((case_id, sha))
                order = orders.get(case_id, -1) + 1
                orders[case_id] = order
                info = file.info
                doc_type = file.classification.doc_type
                pages = info.page_count or 1
                doc = Document(
                    case_id=case_id, blob_sha256=sha, doc_type=doc_type.name, type_confirmed=False,
                    title=_title(file, doc_type.name), original_name=file.relative[:500], kind=info.kind,
                    page_count=pages, first_page_text=info.first_page_text, sort_order=order,
                )
                session.add(doc)
                session.flush()
                imported.append(ImportedDocument(
                    doc.id, file.case_no, file.relative, doc_type.name, file.classification.reason, info.kind, pages,
                    sha, existed, file.matched_by,
                ))
            if imported:
                batch = ImportBatch(
                    kind="documents", source=readable_name(str(folder))[:500], created=len(imported), updated=0, skipped=len(skipped),
                    report={"skipped": [{"file": s.relative, "code": s.code, "reason": s.reason} for s in skipped[:500]],
                            "blobs_new": blobs_new, "bytes_new": bytes_new},
                    actor=self.ctx.actor_name,
                )
                session.add(batch)
                session.flush()
                batch_id = batch.id
                audit_chain.record(
                    session, actor=self.ctx.actor_name, entity="import_batch", entity_id=batch.id,
                    action="import_documents",
                    after={"source": batch.source, "created": len(imported), "skipped": len(skipped)},
                )
        return DocumentImportResult(
            folder=folder, imported=tuple(imported), skipped=tuple(skipped),
            cases=len({d.case_no for d in imported}), blobs_new=blobs_new, bytes_new=bytes_new, batch_id=batch_id,
            seconds=time.perf_counter() - started,
        )

    # -- store verification ----------------------------------------------------------

    def verify(self) -> VerifyResult:
        """Re-hash every stored file against the ``Blob`` table."""
        with self.ctx.db.session() as session:
            expected = [(sha, size) for sha, size in session.execute(select(Blob.sha256, Blob.size))]
        root = self.ctx.documents_root
        damage = self.ctx.blob_store.verify(expected)
        users: dict[str, list[int]] = {}
        if damage:
            with self.ctx.db.session() as session:
                for doc_id, sha in session.execute(
                    select(Document.id, Document.blob_sha256).where(Document.blob_sha256.in_([d.sha256 for d in damage]))
                ):
                    users.setdefault(sha or "", []).append(doc_id)
        # A server keeps documents in the database: no folder of its own can hold orphans.
        orphans = tuple(ContentStore(root).orphans(sha for sha, _size in expected)) if self.ctx.db.path else ()
        where = "" if self.ctx.db.path is not None else "服务器"
        return VerifyResult(root, len(expected), where=where, orphans=orphans, damaged=tuple(
            StoreDamage(d.sha256, d.path, d.code, d.reason, tuple(users.get(d.sha256, ()))) for d in damage
        ))

    # -- reviewer corrections -------------------------------------------------------

    def set_type(self, document_id: int, doc_type: str) -> str:
        """Correct a document's type (code, name or alias); returns the Chinese name stored."""
        found = doc_type_from_text(doc_type)
        if found is None:
            names = "、".join(t.name for t in DOC_TYPES)
            raise ValidationError(f"未知的文书类型“{doc_type}”（可用：{names}）", code="doc_type_unknown", doc_type=doc_type)
        with self.ctx.db.session() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"文书 {document_id} 不存在", document_id=document_id)
            if doc.title == doc.doc_type:
                doc.title = found.name
            doc.doc_type = found.name
            doc.type_confirmed = True
            if doc.kind in ("pdf", "image") and doc.blob_sha256:  # a corrected first page teaches the classifier
                learn(session, [(doc.blob_sha256, (doc.page_start or 1) - 1, found)], self.ctx.actor_name)
        return found.name

    def split(self, document_id: int, ranges_text: str) -> SplitResult:
        """Divide a PDF document into documents by page ranges (``"1-2 立案登记表; 3-6 询问笔录"``,
        pages counted within the document). The parts point at the same stored file with
        page ranges; the original document is replaced by them. Pages no range names are
        kept as 其他 so nothing disappears; evidence links move to the part holding their page."""
        try:
            ranges = parse_page_ranges(ranges_text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="page_ranges_invalid", document_id=document_id) from exc
        if not ranges:
            raise ValidationError("请填写页码范围，例如“1-2 立案登记表; 3-6 询问笔录”", code="page_ranges_empty")
        with self.ctx.db.session() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"文书 {document_id} 不存在", document_id=document_id)
            if doc.kind != "pdf":
                raise ValidationError(f"文书“{doc.title}”不是 PDF，无法按页码拆分", code="split_not_pdf",
                                      document_id=document_id)
            pages = max(doc.page_count or 1, 1)
            problems = check_page_ranges(ranges, pages)
            if problems:
                raise ValidationError("无法拆分：" + "；".join(problems), code="page_ranges_conflict",
                                      document_id=document_id, problems=problems)
            if len(ranges) == 1 and ranges[0].start == 1 and ranges[0].end == pages:
                raise ValidationError("页码范围覆盖了整个文件，无需拆分；如需更正类型请用“更正文书类型”",
                                      code="split_whole")
            offset = (doc.page_start or 1) - 1
            notes: list[str] = []
            parts = [(r.start, r.end, r.title, r.doc_type.name) for r in ranges]
            for start, end in uncovered_pages(ranges, pages):
                parts.append((start, end, OTHER.name, OTHER.name))
                notes.append(f"第{start}–{end}页未指定文书，已作为“{OTHER.name}”保留")
            parts.sort()
            # Make room in the case's order for the extra parts.
            session.execute(
                update(Document).where(Document.case_id == doc.case_id, Document.sort_order > doc.sort_order)
                .values(sort_order=Document.sort_order + len(parts) - 1)
            )
            created: list[tuple[Document, int, int]] = []
            for index, (start, end, title, type_name) in enumerate(parts):
                part = Document(
                    case_id=doc.case_id, blob_sha256=doc.blob_sha256, doc_type=type_name, type_confirmed=True,
                    title=title[:300], original_name=doc.original_name, kind="pdf", page_count=end - start + 1,
                    page_start=offset + start, page_end=offset + end, doc_date=doc.doc_date,
                    first_page_text=doc.first_page_text if start == 1 else None, sort_order=doc.sort_order + index,
                )
                session.add(part)
                created.append((part, start, end))
            session.flush()
            if doc.blob_sha256:  # the reviewer's ranges are confirmed page types: corrections teach the classifier
                learn(session, [(doc.blob_sha256, offset + r.start - 1, r.doc_type) for r in ranges],
                      self.ctx.actor_name)
            for ref in session.scalars(select(EvidenceRef).where(EvidenceRef.document_id == doc.id)):
                for part, start, end in created:
                    if start <= ref.page <= end:
                        ref.document_id = part.id
                        ref.page = ref.page - start + 1
                        break
            session.flush()
            case_id = doc.case_id
            session.delete(doc)
            return SplitResult(case_id, document_id, tuple(
                SplitPart(p.id, p.title, p.doc_type, p.page_start or 1, p.page_end or 1) for p, _s, _e in created
            ), tuple(notes))

    def page_count(self, document_id: int) -> int:
        with self.ctx.db.session() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"文书 {document_id} 不存在", document_id=document_id)
            return max(doc.page_count or 1, 1)


def _title(file: ScannedFile, type_name: str) -> str:
    """The file name without extension, or the type when the name is only a case number."""
    stem = readable_name(file.path.stem).strip()
    return (stem or type_name)[:300]
