"""The working-day calendar as a use case: what it covers, and adding a year (one place for the
dialog and the CLI). Added years go to the user's extra file, which replaces a bundled year of
the same number; the checks' cached calendar is dropped so they count with the new year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casereview.errors import ValidationError
from casereview.services.context import ServiceContext
from casereview.workdays import WorkdayCalendar, add_year, default_extra_path, parse_year_file


@dataclass(frozen=True)
class YearRow:
    year: int
    added: bool  # from the admin's extra file (replaces a bundled year of the same number)
    holidays: int
    makeup_days: int


@dataclass(frozen=True)
class CalendarOverview:
    calendar: WorkdayCalendar
    rows: tuple[YearRow, ...]
    extra_path: Path


class CalendarService:
    """Needs no database (the calendar lives in files), hence the optional context: the CLI's
    ``calendar`` commands run without ``--db``."""

    def __init__(self, ctx: ServiceContext | None = None) -> None:
        self.ctx = ctx

    def calendar(self) -> WorkdayCalendar:
        """The bundled calendar with the user's added years."""
        extra = default_extra_path()
        return WorkdayCalendar.load((extra,) if extra.exists() else ())

    def overview(self) -> CalendarOverview:
        extra = default_extra_path()
        added = {y.year for y in parse_year_file(extra)} if extra.exists() else set()
        calendar = self.calendar()
        rows = []
        for year in sorted(calendar.covered_years(), reverse=True):
            data = calendar.year_data(year)
            rows.append(
                YearRow(year, year in added, len(data.holidays) if data else 0, len(data.makeup_workdays) if data else 0)
            )
        return CalendarOverview(calendar, tuple(rows), extra)

    def add_year(self, path: Path) -> list[int]:
        """Validate and store the years of ``path``; the checks then count with them."""
        if not path.exists():
            raise ValidationError(f"找不到文件 {path}。", file=str(path))
        years = add_year(path, default_extra_path())
        # the calendar lives in a file, but the deadlines it changes are the database's business
        from casereview.storage import audit_chain

        if self.ctx is not None:  # the CLI without --db has no database to record it in
            with self.ctx.db.session() as session:
                audit_chain.record(session, actor=self.ctx.actor_name, entity="calendar", action="add_year",
                                   after={"years": years, "file": path.name})
        from casereview.services.checks import forget_check_context

        forget_check_context()
        return years
