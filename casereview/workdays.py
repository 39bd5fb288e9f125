"""PRC working-day calendar (法定节假日与调休) for statutory time limits.

Data: resources/calendar/cn_workdays.yaml (bundled, 2004 through the latest published
year) plus optional extra year files (the user's calendar_extra.yaml). A year block in
an extra file replaces the bundled block of the same year, so an admin can add or
correct a year without a program update.

Counting convention (民事诉讼法 第八十五条 applied to 行政处罚法 第八十五条、行政强制法
第六十九条、行政许可法 第八十二条): the day on which a period starts is not counted;
"within N working days from X" therefore means the deadline is the N-th working day
*after* X, and ``count_workdays_between(X, Y)`` counts the working days in the
half-open interval (X, Y].

A date in a year the data does not cover is treated as Monday-Friday workday; every
result touching such a year lists it in ``uncertain_years`` so callers never guess
silently.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from casereview.errors import ValidationError
from casereview.paths import resources_dir
from casereview.safe_yaml import refuse_aliases

BUNDLED_FILE = "cn_workdays.yaml"
EXTRA_FILE_NAME = "calendar_extra.yaml"

# The span for which the O(1) prefix-sum table is built; dates outside it are
# counted day by day (rare: only absurd or mistyped dates).
_SPAN_FIRST = dt.date(1990, 1, 1)
_SPAN_LAST = dt.date(2100, 12, 31)
# A year block may hold dates this close to the year boundary in the adjacent year
# (e.g. 2023-12-30 announced with the 2024 New Year holiday).
_SPILLOVER_DAYS = 15
_MIN_YEAR, _MAX_YEAR = 1949, 2200


class DayEntry(NamedTuple):
    date: dt.date
    name: str


@dataclass(frozen=True, slots=True)
class YearData:
    year: int
    holidays: tuple[DayEntry, ...]
    makeup_workdays: tuple[DayEntry, ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """Working days in (start, end]; negative when end < start."""

    start: dt.date
    end: dt.date
    count: int
    uncertain_years: tuple[int, ...]
    holidays_skipped: tuple[DayEntry, ...]
    makeup_days: tuple[DayEntry, ...]

    @property
    def uncertain(self) -> bool:
        return bool(self.uncertain_years)


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    """The date ``n`` working days after ``start``."""

    start: dt.date
    n: int
    date: dt.date
    uncertain_years: tuple[int, ...]
    holidays_skipped: tuple[DayEntry, ...]
    makeup_days: tuple[DayEntry, ...]

    @property
    def uncertain(self) -> bool:
        return bool(self.uncertain_years)


class WorkdayCalendar:
    """Immutable calendar with precomputed prefix sums; build with :meth:`load`."""

    def __init__(self, years: dict[int, YearData]) -> None:
        self._years = dict(years)
        holidays: dict[dt.date, str] = {}
        makeup: dict[dt.date, str] = {}
        for year in sorted(self._years):
            for entry in self._years[year].holidays:
                holidays[entry.date] = entry.name
                makeup.pop(entry.date, None)
            for entry in self._years[year].makeup_workdays:
                makeup[entry.date] = entry.name
                holidays.pop(entry.date, None)
        self._holidays = holidays
        self._makeup = makeup
        self._covered = frozenset(self._years)
        # fast path for uncertain_years_between: the contiguous run of covered years
        first_cov = min(self._covered) if self._covered else 0
        run_end = first_cov
        while run_end + 1 in self._covered:
            run_end += 1
        self._run = (first_cov, run_end) if self._covered else (1, 0)
        self._holiday_ords = sorted(d.toordinal() for d in holidays)
        self._holiday_list = [DayEntry(dt.date.fromordinal(o), holidays[dt.date.fromordinal(o)])
                              for o in self._holiday_ords]
        self._makeup_ords = sorted(d.toordinal() for d in makeup)
        self._makeup_list = [DayEntry(dt.date.fromordinal(o), makeup[dt.date.fromordinal(o)])
                             for o in self._makeup_ords]
        # cum[i] = number of workdays among the first i days of the span, so the workdays
        # in (a, b] are cum[b - base + 1] - cum[a - base + 1].
        self._base = _SPAN_FIRST.toordinal()
        last = _SPAN_LAST.toordinal()
        cum = array("i", [0])
        total = 0
        holiday_set = {d.toordinal() for d in holidays}
        makeup_set = {d.toordinal() for d in makeup}
        for ordinal in range(self._base, last + 1):
            # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday.
            if ordinal in makeup_set or ((ordinal - 1) % 7 < 5 and ordinal not in holiday_set):
                total += 1
            cum.append(total)
        self._cum = cum
        self._last = last

    # -- construction ---------------------------------------------------------------
    @classmethod
    def load(cls, extra_paths: Sequence[Path] = ()) -> WorkdayCalendar:
        """The bundled calendar plus the given extra year files (missing files ignored).

        Cached by file paths and modification times, so repeated loads are free.
        """
        files = [resources_dir() / "calendar" / BUNDLED_FILE, *(Path(p) for p in extra_paths)]
        key = tuple((str(p), _mtime(p)) for p in files)
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        years: dict[int, YearData] = {}
        for path in files:
            if not path.exists():
                continue
            for data in parse_year_file(path):
                years[data.year] = data  # later files replace whole year blocks
        calendar = cls(years)
        _CACHE.clear()  # one live calendar is enough; avoids unbounded growth
        _CACHE[key] = calendar
        return calendar

    @classmethod
    def from_years(cls, years: Iterable[YearData]) -> WorkdayCalendar:
        return cls({y.year: y for y in years})

    # -- queries --------------------------------------------------------------------
    def covered_years(self) -> set[int]:
        return set(self._covered)

    def year_data(self, year: int) -> YearData | None:
        return self._years.get(year)

    def holiday_name(self, day: dt.date) -> str | None:
        return self._holidays.get(day)

    def makeup_name(self, day: dt.date) -> str | None:
        return self._makeup.get(day)

    def is_covered(self, day: dt.date) -> bool:
        return day.year in self._covered

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day; Mon-Fri fallback for uncovered years
        (check :meth:`is_covered` or use the counting methods, which report it)."""
        if day in self._makeup:
            return True
        if day in self._holidays:
            return False
        return day.weekday() < 5

    def uncertain_years_between(self, start: dt.date, end: dt.date) -> tuple[int, ...]:
        """Uncovered years touched by the interval (start, end] (or (end, start])."""
        lo, hi = (start, end) if start <= end else (end, start)
        if lo == hi:
            return ()
        first = lo.year if (lo.month, lo.day) != (12, 31) else lo.year + 1
        if self._run[0] <= first and hi.year <= self._run[1]:
            return ()
        covered = self._covered
        return tuple(y for y in range(first, hi.year + 1) if y not in covered)

    def count_workdays_between(self, start: dt.date, end: dt.date) -> WorkdayCount:
        """Working days after ``start`` up to and including ``end`` (see module doc)."""
        a, b = start.toordinal(), end.toordinal()
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        count = self._count(a, b)
        return WorkdayCount(
            start=start,
            end=end,
            count=sign * count,
            uncertain_years=self.uncertain_years_between(start, end),
            holidays_skipped=self._slice(self._holiday_ords, self._holiday_list, a, b),
            makeup_days=self._slice(self._makeup_ords, self._makeup_list, a, b),
        )

    def add_workdays(self, start: dt.date, n: int) -> WorkdayResult:
        """The date that is the ``n``-th working day after ``start`` (n >= 0; n == 0 → start)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        a = start.toordinal()
        if n == 0:
            target_ord = a
        elif self._base <= a and a + 3 * n + 60 < self._last:
            wanted = self._cum[a - self._base + 1] + n
            target_ord = bisect_left(self._cum, wanted) - 1 + self._base
        else:
            target_ord, remaining = a, n
            while remaining:
                target_ord += 1
                if self.is_workday(dt.date.fromordinal(target_ord)):
                    remaining -= 1
        target = dt.date.fromordinal(target_ord)
        return WorkdayResult(
            start=start,
            n=n,
            date=target,
            uncertain_years=self.uncertain_years_between(start, target),
            holidays_skipped=self._slice(self._holiday_ords, self._holiday_list, a, target_ord),
            makeup_days=self._slice(self._makeup_ords, self._makeup_list, a, target_ord),
        )

    def next_workday_on_or_after(self, day: dt.date) -> dt.date:
        """Where a calendar-day period ends on a rest day, it runs to the next working day
        (民事诉讼法 第八十五条 期间届满的最后一日是法定休假日的，以休假日后的第一日为期间届满日)."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    # -- internals ------------------------------------------------------------------
    def _count(self, a: int, b: int) -> int:
        """Workdays in (a, b] for ordinals a <= b."""
        base, last = self._base, self._last
        if base <= a and b <= last:
            return self._cum[b - base + 1] - self._cum[a - base + 1]
        # Outside the table there is no holiday data: count Monday-Friday arithmetically
        # (mistyped dates such as 0202-01-01 must not make a check slow).
        total = 0
        if a < base - 1:
            total += _weekdays(a, min(b, base - 1))
        lo, hi = max(a, base - 1), min(b, last)
        if lo < hi:
            total += self._cum[hi - base + 1] - self._cum[lo - base + 1]
        if b > last:
            total += _weekdays(max(a, last), b)
        return total

    @staticmethod
    def _slice(ords: list[int], items: list[DayEntry], a: int, b: int) -> tuple[DayEntry, ...]:
        return tuple(items[bisect_right(ords, a):bisect_right(ords, b)])


_CACHE: dict[tuple[tuple[str, float], ...], WorkdayCalendar] = {}


def _weekdays(a: int, b: int) -> int:
    """Monday-Friday days in the ordinal interval (a, b]."""
    if b <= a:
        return 0
    full_weeks, rest = divmod(b - a, 7)
    count = full_weeks * 5
    for ordinal in range(a + 1, a + 1 + rest):
        if (ordinal - 1) % 7 < 5:
            count += 1
    return count


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


# ---------------------------------------------------------------------------------
# Year files: parsing with line numbers for Chinese validation messages
# ---------------------------------------------------------------------------------

def _loader() -> Any:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _err(path: Path, node: yaml.Node | None, what: str, **params: Any) -> ValidationError:
    line = node.start_mark.line + 1 if node is not None else None
    where = f"{path.name} 第 {line} 行" if line else path.name
    return ValidationError(f"工作日日历文件 {where}：{what}", code="calendar_file", file=str(path),
                           line=line, **params)


def parse_year_file(path: Path) -> list[YearData]:
    """Parse and validate a calendar YAML file; raises ValidationError in Chinese."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError(f"工作日日历文件不存在：{path}", code="calendar_file", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"无法读取工作日日历文件 {path}：{exc}", code="calendar_file",
                              file=str(path)) from exc
    try:
        refuse_aliases(text)  # a shared node would be walked once per reference
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ValidationError(f"工作日日历文件 {path.name} 第 {line} 行：YAML 格式错误（{exc}）",
                              code="calendar_file", file=str(path), line=line) from exc
    if not isinstance(root, yaml.MappingNode):
        raise _err(path, root, "顶层应为包含 years 的映射（例如 “years:” 开头）")
    top = {k.value: v for k, v in root.value}
    years_node = top.get("years")
    source = top["source"].value if isinstance(top.get("source"), yaml.ScalarNode) else ""
    if not isinstance(years_node, yaml.MappingNode) or not years_node.value:
        raise _err(path, years_node or root, "缺少 years 条目，或 years 下没有任何年份")
    result: list[YearData] = []
    seen: set[int] = set()
    for key_node, block in years_node.value:
        try:
            year = int(key_node.value)
        except (TypeError, ValueError):
            raise _err(path, key_node, f"年份“{key_node.value}”不是整数") from None
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            raise _err(path, key_node, f"年份 {year} 超出范围 {_MIN_YEAR}–{_MAX_YEAR}", year=year)
        if year in seen:
            raise _err(path, key_node, f"年份 {year} 重复出现", year=year)
        seen.add(year)
        if not isinstance(block, yaml.MappingNode):
            raise _err(path, block, f"{year} 年条目应包含 holidays 和 makeup_workdays 两个列表", year=year)
        fields = {k.value: v for k, v in block.value}
        unknown = set(fields) - {"holidays", "makeup_workdays", "source"}
        if unknown:
            raise _err(path, block, f"{year} 年条目含未知字段：{'、'.join(sorted(unknown))}", year=year)
        holidays = _entries(path, year, fields.get("holidays"), "holidays", "放假日")
        makeup = _entries(path, year, fields.get("makeup_workdays"), "makeup_workdays", "调休上班日")
        if not holidays:
            raise _err(path, block, f"{year} 年没有任何放假日期（holidays 为空）", year=year)
        for entry, node in makeup:
            if entry.date.weekday() < 5:
                raise _err(path, node, f"{year} 年调休上班日 {entry.date.isoformat()} 不是周六或周日，"
                           "调休上班日只应列出原本休息的周末", year=year, date=entry.date.isoformat())
        holiday_dates = {e.date: n for e, n in holidays}
        for entry, node in makeup:
            if entry.date in holiday_dates:
                raise _err(path, node, f"{entry.date.isoformat()} 同时列为放假日和调休上班日", year=year)
        block_source = fields["source"].value if isinstance(fields.get("source"), yaml.ScalarNode) else source
        result.append(YearData(year, tuple(e for e, _ in holidays), tuple(e for e, _ in makeup),
                               block_source))
    return result


def _entries(path: Path, year: int, node: yaml.Node | None, key: str,
             label: str) -> list[tuple[DayEntry, yaml.Node]]:
    if node is None:
        return []
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise _err(path, node, f"{year} 年的 {key}（{label}）应为列表", year=year)
    out: list[tuple[DayEntry, yaml.Node]] = []
    seen: set[dt.date] = set()
    for index, item in enumerate(node.value, start=1):
        where = f"{year} 年 {key} 第 {index} 项"
        if not isinstance(item, yaml.MappingNode):
            raise _err(path, item, f"{where} 应写成 {{date: YYYY-MM-DD, name: 节日名称}}", year=year,
                       entry=index)
        fields = {k.value: v for k, v in item.value}
        date_node, name_node = fields.get("date"), fields.get("name")
        if not isinstance(date_node, yaml.ScalarNode):
            raise _err(path, item, f"{where} 缺少日期 date", year=year, entry=index)
        try:
            day = dt.date.fromisoformat(str(date_node.value).strip())
        except ValueError:
            raise _err(path, date_node, f"{where} 的日期“{date_node.value}”无效，应为 YYYY-MM-DD",
                       year=year, entry=index) from None
        if not isinstance(name_node, yaml.ScalarNode) or not str(name_node.value).strip():
            raise _err(path, item, f"{where}（{day.isoformat()}）缺少节日名称 name", year=year, entry=index)
        lo = dt.date(year, 1, 1) - dt.timedelta(days=_SPILLOVER_DAYS)
        hi = dt.date(year, 12, 31) + dt.timedelta(days=_SPILLOVER_DAYS)
        if not lo <= day <= hi:
            raise _err(path, date_node, f"{where} 的日期 {day.isoformat()} 不属于 {year} 年", year=year,
                       entry=index)
        if day in seen:
            raise _err(path, date_node, f"{where} 的日期 {day.isoformat()} 重复", year=year, entry=index)
        seen.add(day)
        out.append((DayEntry(day, str(name_node.value).strip()), item))
    return out


def validate_year_file(path: Path) -> list[int]:
    """Validate a year file; returns the years it contains (raises ValidationError)."""
    return [y.year for y in parse_year_file(Path(path))]


def add_year(year_file: Path, target_extra_path: Path) -> list[int]:
    """Validate ``year_file`` and merge its years into ``target_extra_path`` (created if
    absent; years already there are replaced). Returns the years written."""
    new = parse_year_file(Path(year_file))
    target = Path(target_extra_path)
    existing = {y.year: y for y in parse_year_file(target)} if target.exists() else {}
    for data in new:
        existing[data.year] = data
    _write_years(target, [existing[y] for y in sorted(existing)])
    return [y.year for y in new]


def dump_years(years: Sequence[YearData], header: str = "") -> str:
    lines = [header.rstrip("\n")] if header else []
    lines.append("years:")
    for data in years:
        lines.append(f"  {data.year}:")
        if data.source:
            lines.append(f"    source: {_quote(data.source)}")
        for key, entries in (("holidays", data.holidays), ("makeup_workdays", data.makeup_workdays)):
            if not entries:
                lines.append(f"    {key}: []")
                continue
            lines.append(f"    {key}:")
            for entry in sorted(entries):
                lines.append(f"      - {{date: {entry.date.isoformat()}, name: {_quote(entry.name)}}}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=10_000).strip()


def _write_years(target: Path, years: Sequence[YearData]) -> None:
    header = ("# 用户补充的工作日日历年份（由 casereview calendar add-year 写入），覆盖内置数据中的同一年份。\n"
              "# 格式同 resources/calendar/cn_workdays.yaml。\n")
    text = dump_years(years, header)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename so a crash never leaves a half-written calendar behind.
    fd, tmp = tempfile.mkstemp(prefix=".calendar_", suffix=".yaml", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------------
# Chinese explanation of an interval
# ---------------------------------------------------------------------------------

def _md(day: dt.date, with_year: bool, with_month: bool = True) -> str:
    text = f"{day.day} 日"
    if with_month:
        text = f"{day.month} 月 " + text
    if with_year:
        text = f"{day.year} 年 " + text
    return text


def _holiday_groups(entries: Sequence[DayEntry], with_year: bool) -> list[str]:
    groups: list[list[DayEntry]] = []
    for entry in entries:
        if groups and (entry.date - groups[-1][-1].date).days <= (1 if groups[-1][-1].name != entry.name
                                                                   else 3):
            # adjacent holidays (中秋 + 国庆) form one period; a plain weekend gap inside one
            # holiday keeps it together
            groups[-1].append(entry)
        else:
            groups.append([entry])
    parts = []
    for group in groups:
        first, last = group[0].date, group[-1].date
        names = list(dict.fromkeys(e.name for e in group))
        name = "、".join(names)
        label = name if name.endswith("假期") or len(names[-1]) > 6 else f"{name}假期"
        if first == last:
            parts.append(f"{label} {_md(first, with_year)}")
        else:
            same_month = first.year == last.year and first.month == last.month
            tail = _md(last, with_year and first.year != last.year, not same_month)
            parts.append(f"{label} {_md(first, with_year)}至 {tail}")
    return parts


def _makeup_text(entries: Sequence[DayEntry], with_year: bool) -> str:
    parts: list[str] = []
    previous: dt.date | None = None
    for entry in entries:
        same_month = previous is not None and (previous.year, previous.month) == (
            entry.date.year, entry.date.month)
        parts.append(_md(entry.date, with_year and not same_month, not same_month))
        previous = entry.date
    return "、".join(parts)


def format_years(years: Sequence[int]) -> str:
    """"2027", "2027、2029", "1990–2003" (runs of consecutive years are compressed)."""
    parts: list[str] = []
    ordered = sorted(set(years))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{ordered[i]}–{ordered[j]}")
        else:
            parts.extend(str(y) for y in ordered[i:j + 1])
        i = j + 1
    return "、".join(parts)


def interval_details(count: WorkdayCount | WorkdayResult) -> str:
    """The parenthesised part: holidays not counted, make-up days counted, missing years."""
    start = count.start
    end = count.end if isinstance(count, WorkdayCount) else count.date
    with_year = start.year != end.year
    notes: list[str] = []
    if count.holidays_skipped:
        notes.append("、".join(_holiday_groups(count.holidays_skipped, with_year)) + "不计")
    if count.makeup_days:
        notes.append(_makeup_text(count.makeup_days, with_year) + "调休上班计入")
    if count.uncertain_years:
        years = format_years(count.uncertain_years)
        notes.append(f"{years} 年节假日安排未收录，按周一至周五推算，结果待核实")
    return "（" + "，".join(notes) + "）" if notes else ""


def describe_interval(calendar: WorkdayCalendar, start: dt.date, end: dt.date,
                      start_label: str = "起算日期", end_label: str = "截止日期",
                      count: WorkdayCount | None = None) -> str:
    """E.g. "决定日期 2024-01-30，送达日期 2024-02-19，间隔 11 个工作日（春节假期 2 月 10 日至
    17 日不计，2 月 4 日、18 日调休上班计入）"."""
    count = count or calendar.count_workdays_between(start, end)
    return (f"{start_label} {start.isoformat()}，{end_label} {end.isoformat()}，"
            f"间隔 {count.count} 个工作日{interval_details(count)}")


def default_extra_path() -> Path:
    """Where the lead's code keeps the user's extra years (documented here for callers)."""
    from casereview.paths import user_data_dir

    return user_data_dir() / EXTRA_FILE_NAME
