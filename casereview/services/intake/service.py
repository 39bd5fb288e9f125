"""RegistryImportService: mapping profiles, preview, and the import itself (one transaction;
a dry run or a rejected row rolls it back)."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from casereview.errors import NotFoundError, ValidationError
from casereview.intake.isolated import probe_file
from casereview.intake.mapping import FIELD_BY_NAME, FIELDS, Mapping, MappingProfile
from casereview.intake.readers import CSV_SUFFIXES, HTML_SHEET, Table, forget_preloaded, list_sheets
from casereview.intake.registry import missing_columns_error, open_registry
from casereview.services.context import ServiceContext
from casereview.services.intake.run import ImportRun
from casereview.services.intake.types import (
    CancelCheck,
    FieldChoice,
    ProfileInfo,
    Progress,
    RegistryImportOptions,
    RegistryImportResult,
    RegistryPreview,
    proposals,
)
from casereview.storage.models import ImportBatch, ImportProfile, utcnow


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def cell_text(value: object) -> str:
    """A cell as the preview shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class RegistryImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- fields and profiles -----------------------------------------------------

    @staticmethod
    def fields() -> list[FieldChoice]:
        return [FieldChoice(s.name, s.label, s.required) for s in FIELDS]

    def profiles(self) -> list[ProfileInfo]:
        with self.ctx.db.session() as session:
            return [profile_info(p) for p in session.scalars(select(ImportProfile).order_by(ImportProfile.name))]

    def save_profile(self, name: str, mapping: dict[str, str | None], *, sheet: str | None = None,
                     header_row: int | None = None, header_rows: int = 1, auto: bool = False) -> ProfileInfo:
        """Save (or replace) a named mapping profile. A mapping confirmed in the wizard or
        used by an import is complete (``auto`` False: columns it leaves out stay out)."""
        name = name.strip()
        if not name:
            raise ValidationError("映射方案名称不能为空", code="profile_name_empty")
        profile = MappingProfile.from_dict(
            {"name": name, "columns": mapping, "sheet": sheet, "header_row": header_row, "header_rows": header_rows,
             "auto": auto},
            source=f"映射方案“{name}”",
        )
        with self.ctx.db.session() as session:
            row = session.scalar(select(ImportProfile).where(ImportProfile.name == name))
            if row is None:
                row = ImportProfile(name=name, mapping=profile.to_dict())
                session.add(row)
            else:
                row.mapping = profile.to_dict()
                row.updated_at = utcnow()
            session.flush()
            return profile_info(row)

    def delete_profile(self, name: str) -> None:
        with self.ctx.db.session() as session:
            result = session.execute(delete(ImportProfile).where(ImportProfile.name == name))
            if not getattr(result, "rowcount", 0):
                raise NotFoundError(f"没有名为“{name}”的映射方案", code="profile_not_found", name=name)

    def load_profile(self, name_or_file: str | Path) -> MappingProfile:
        """A saved profile by name, else a JSON profile file."""
        with self.ctx.db.session() as session:
            row = session.scalar(select(ImportProfile).where(ImportProfile.name == str(name_or_file)))
            if row is not None:
                data = dict(row.mapping or {})
                data.setdefault("auto", False)  # saved before "auto" existed: a complete mapping
                profile = MappingProfile.from_dict(data, source=f"映射方案“{row.name}”")
                profile.name = row.name
                return profile
        path = Path(name_or_file)
        if path.suffix.lower() == ".json" or path.exists():
            return MappingProfile.load(path)
        names = "、".join(p.name for p in self.profiles()) or "（无）"
        raise NotFoundError(f"找不到映射方案“{name_or_file}”：既不是已保存的方案（现有：{names}），也不是 JSON 文件",
                            code="profile_not_found", name=str(name_or_file))

    # -- opening -------------------------------------------------------------------

    @staticmethod
    def sheets(path: str | Path) -> list[str]:
        path = Path(path)
        if path.suffix.lower() in CSV_SUFFIXES:
            return ["CSV"]
        return list_sheets(path)

    def _open(self, path: Path, options: RegistryImportOptions) -> tuple[Table, Mapping, MappingProfile | None]:
        profile = self.load_profile(options.profile) if options.profile else None
        if options.mapping is not None:
            # The wizard's confirmed mapping is complete: nothing else is mapped automatically.
            profile = MappingProfile(name=options.save_profile_as or "", columns=dict(options.mapping),
                                     sheet=options.sheet or (profile.sheet if profile else None), auto=False)
        table, mapping = open_registry(path, profile=profile, sheet=options.sheet, header_row=options.header_row,
                                       header_rows=options.header_rows, require=False)
        return table, mapping, profile

    def preview(self, path: str | Path, *, sheet: str | None = None, header_row: int | None = None,
                header_rows: int | None = None, profile: str | None = None, n: int = 20,
                isolated: bool = False) -> RegistryPreview:
        """Sheets, the header found (or given), the first ``n`` rows and the proposed mapping.
        ``isolated`` (the app): the file is first read to its end in a child process with time
        and memory limits (casereview.intake.isolated); a hang or crash there is one message."""
        path = Path(path)
        if isolated:
            probe_file(path, sheet=sheet)
        options = RegistryImportOptions(sheet=sheet, header_row=header_row, header_rows=header_rows, profile=profile)
        table, mapping, used = self._open(path, options)
        rows = tuple((number, tuple(cell_text(v) for v in cells[: len(table.headers)])) for number, cells in table.preview(n))
        columns = proposals(table, mapping)
        return RegistryPreview(
            path=path, sheets=tuple(table.sheets), sheet=table.sheet, header_row=table.header_row,
            header_rows=table.header_rows, headers=tuple(table.headers), rows=rows, columns=columns,
            missing_required=tuple(FIELD_BY_NAME[f].label for f in mapping.missing_required),
            encoding=table.encoding, data_rows_hint=table.data_rows_hint, profile=used.name if used else None,
        )

    # -- importing ---------------------------------------------------------------

    def run(self, path: str | Path, options: RegistryImportOptions = RegistryImportOptions(), *,
            progress: Progress | None = None, cancel: CancelCheck | None = None,
            isolated: bool = False, read_once: bool = False) -> RegistryImportResult:
        """Import (or with ``dry_run`` rehearse) a registry file. Raises ``ImportCancelled``
        when ``cancel()`` turns true (everything rolled back) and ``ValidationError`` for a
        file that cannot be read or mapped. Rejected rows do not raise: see ``saved``.
        ``isolated``: read the file in a child process first (see ``preview``); ``read_once``
        (the CLI): the rows the child read are used here instead of reading the file again."""
        started = time.perf_counter()
        path = Path(path)
        if isolated:
            probe_file(path, sheet=options.sheet, keep_rows=read_once)
        try:
            return self._run(path, options, progress, cancel, started)
        finally:
            if isolated and read_once:
                forget_preloaded(path)

    def _run(self, path: Path, options: RegistryImportOptions, progress: Progress | None, cancel: CancelCheck | None,
             started: float) -> RegistryImportResult:
        if options.partial and options.rejects_path is None and not options.dry_run:
            raise ValidationError("选择“只导入有效行”时，须指定未导入行的保存文件（.xlsx）", code="rejects_path_missing")
        table, mapping, _profile = self._open(path, options)
        if mapping.missing_required:
            raise missing_columns_error(path, table, mapping)
        run = ImportRun(self.ctx.actor_name, path, table, mapping, options, progress, cancel)
        try:
            with self.ctx.db.session() as session:
                run.execute(session)
                if options.dry_run or not run.committable:
                    raise _DryRun
        except _DryRun:
            run.saved = False
        else:
            run.saved = True
        saved_profile = None
        if options.save_profile_as:
            # Saved on a dry run too: it is configuration, and the dry run is where a mapping is tried.
            # Only a header row the user gave is kept: the profile finds its header by the texts.
            saved_profile = self.save_profile(
                options.save_profile_as, mapping.as_dict(),
                sheet=table.sheet if table.sheet not in ("CSV", HTML_SHEET) else None,
                header_row=options.header_row, header_rows=options.header_rows or 1).name
        return run.result(time.perf_counter() - started, saved_profile)

    # -- what is stored ------------------------------------------------------------

    def batches(self, limit: int = 50) -> list[dict[str, Any]]:
        with self.ctx.db.session() as session:
            rows = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit))
            return [{"id": b.id, "kind": b.kind, "source": b.source, "created": b.created, "updated": b.updated,
                     "skipped": b.skipped, "actor": b.actor, "at": b.at} for b in rows]


def profile_info(row: ImportProfile) -> ProfileInfo:
    data = row.mapping or {}
    return ProfileInfo(
        id=row.id, name=row.name, columns=dict(data.get("columns") or {}), sheet=data.get("sheet"),
        header_row=data.get("header_row"), header_rows=int(data.get("header_rows") or 1), updated_at=row.updated_at,
    )
