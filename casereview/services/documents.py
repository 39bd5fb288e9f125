"""Documents of a case as the viewer needs them: the stored file and the page range.

Several documents may share one stored PDF (a whole case file scanned at once and split
into documents by page ranges); a document's page ``i`` (1-based) is page
``page_start + i - 1`` of the stored file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from casereview.errors import NotFoundError, StorageError, ValidationError
from casereview.services.context import ServiceContext
from casereview.storage.models import Blob, Document


@dataclass(frozen=True)
class DocumentFile:
    document_id: int
    case_id: int
    title: str
    doc_type: str
    kind: str  # pdf | image | docx
    path: Path
    page_start: int  # 1-based page of the stored file where the document begins
    page_count: int

    @property
    def page_end(self) -> int:
        return self.page_start + self.page_count - 1

    def blob_page(self, page: int) -> int:
        """0-based page index in the stored file of the document's 1-based ``page``."""
        if not 1 <= page <= max(self.page_count, 1):
            raise ValidationError(f"页码 {page} 超出文书“{self.title}”的页数 {self.page_count}。", page=page)
        return self.page_start + page - 2


def blob_path(root: Path, sha256: str, ext: str) -> Path:
    """Where the content-addressed store keeps a blob: ``<root>/<sha[:2]>/<sha><ext>``."""
    suffix = ext if not ext or ext.startswith(".") else f".{ext}"
    return root / sha256[:2] / f"{sha256}{suffix.lower()}"


class DocumentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def open_info(self, document_id: int) -> DocumentFile:
        """The stored file and page range of a document (raises when the file is missing)."""
        with self.ctx.db.session() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"文书 {document_id} 不存在。", document_id=document_id)
            if not doc.blob_sha256:
                raise NotFoundError(f"文书“{doc.title}”没有关联的文件。", document_id=document_id)
            ext = session.scalar(select(Blob.ext).where(Blob.sha256 == doc.blob_sha256)) or ""
            sha = doc.blob_sha256
            info = DocumentFile(
                document_id=doc.id,
                case_id=doc.case_id,
                title=doc.title,
                doc_type=doc.doc_type,
                kind=doc.kind,
                path=blob_path(self.ctx.documents_root, doc.blob_sha256, ext),
                page_start=doc.page_start or 1,
                page_count=max(doc.page_count or 1, 1),
            )
        if self.ctx.db.path is None:  # team server: the file comes from the database via the cache
            local = self.ctx.blob_store.find(sha)
            if local is None:
                raise StorageError(f"文书“{info.title}”的文件不在服务器文档库中，请运行 casereview docs verify。",
                                   code="blob_missing", document_id=document_id)
            return replace(info, path=local)
        if not info.path.exists():
            raise StorageError(
                f"文书“{info.title}”的文件 {info.path} 不存在：文档库可能被移动或删除。",
                code="blob_missing",
                document_id=document_id,
            )
        return info

    def file_path(self, document_id: int) -> Path:
        return self.open_info(document_id).path

    def docx_paragraphs(self, document_id: int) -> list[str]:
        """The paragraphs (and table rows, cells joined by tabs) of a .docx document, in order."""
        info = self.open_info(document_id)
        if info.kind != "docx":
            raise ValidationError(f"文书“{info.title}”不是 Word 文档。", document_id=document_id)
        return read_docx_paragraphs(info.path)


def read_docx_paragraphs(path: Path) -> list[str]:
    import docx  # python-docx; imported lazily, only the viewer of a .docx needs it

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a bad file
        raise ValidationError(f"无法读取 Word 文档 {path.name}：{exc}", file=path.name) from exc
    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row.iterchildren()
                        if cell.tag.endswith("}tc")
                    ]
                    out.append("\t".join(cells))
    return out
