"""PRC working-day calendar: bundled data, counting convention, uncovered years, year files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casereview.errors import ValidationError
from casereview.workdays import (
    WorkdayCalendar,
    add_year,
    describe_interval,
    interval_details,
    parse_year_file,
    validate_year_file,
)

D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return WorkdayCalendar.load()


def test_covered_years_are_2004_to_2026(cal: WorkdayCalendar) -> None:
    assert cal.covered_years() == set(range(2004, 2027))


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2024, 1, 1), False),  # 元旦
        (D(2024, 2, 4), True),  # Sunday make-up day for 春节
        (D(2024, 2, 9), True),  # 除夕 2024 was not a statutory holiday
        (D(2024, 2, 10), False),
        (D(2024, 2, 17), False),
        (D(2024, 2, 18), True),  # Sunday make-up day
        (D(2024, 10, 7), False),
        (D(2024, 10, 12), True),  # Saturday make-up day
        (D(2025, 1, 26), True),
        (D(2025, 1, 28), False),
        (D(2025, 2, 4), False),
        (D(2025, 2, 8), True),
        (D(2025, 9, 28), True),
        (D(2025, 10, 1), False),
        (D(2025, 10, 8), False),
        (D(2025, 10, 11), True),
        (D(2025, 10, 12), False),  # plain Sunday
        (D(2025, 10, 13), True),
        (D(2031, 1, 1), True),  # uncovered: Mon-Fri fallback (Wednesday)
        (D(2031, 1, 4), False),  # uncovered Saturday
    ],
)
def test_is_workday(cal: WorkdayCalendar, day: dt.date, workday: bool) -> None:
    assert cal.is_workday(day) is workday


def test_october_2025_has_18_workdays(cal: WorkdayCalendar) -> None:
    count = cal.count_workdays_between(D(2025, 9, 30), D(2025, 10, 31))
    assert count.count == 18
    assert count.uncertain_years == ()
    assert [e.date for e in count.makeup_days] == [D(2025, 10, 11)]


def test_count_is_half_open_and_signed(cal: WorkdayCalendar) -> None:
    assert cal.count_workdays_between(D(2024, 3, 4), D(2024, 3, 4)).count == 0
    assert cal.count_workdays_between(D(2024, 3, 4), D(2024, 3, 5)).count == 1  # Mon -> Tue
    assert cal.count_workdays_between(D(2024, 3, 8), D(2024, 3, 10)).count == 0  # Fri -> Sun
    assert cal.count_workdays_between(D(2024, 3, 5), D(2024, 3, 4)).count == -1


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 9, 26), 10, D(2025, 10, 16)),
        (D(2024, 1, 30), 11, D(2024, 2, 19)),
        (D(2024, 2, 8), 2, D(2024, 2, 18)),  # the make-up Sunday is the 2nd working day
        (D(2024, 9, 27), 7, D(2024, 10, 12)),  # ends on the make-up Saturday
        (D(2024, 3, 4), 0, D(2024, 3, 4)),
        (D(2031, 3, 7), 1, D(2031, 3, 10)),  # uncovered year: Fri -> Mon
    ],
)
def test_add_workdays(cal: WorkdayCalendar, start: dt.date, n: int, expected: dt.date) -> None:
    result = cal.add_workdays(start, n)
    assert result.date == expected
    assert cal.count_workdays_between(start, expected).count == n


def test_add_workdays_rejects_negative(cal: WorkdayCalendar) -> None:
    with pytest.raises(ValueError):
        cal.add_workdays(D(2024, 1, 1), -1)


def test_describe_interval_spring_festival(cal: WorkdayCalendar) -> None:
    text = describe_interval(cal, D(2024, 1, 30), D(2024, 2, 19), "决定日期", "送达日期")
    assert text == ("决定日期 2024-01-30，送达日期 2024-02-19，间隔 11 个工作日"
                    "（春节假期 2 月 10 日至 17 日不计，2 月 4 日、18 日调休上班计入）")


def test_describe_interval_merges_adjacent_holidays(cal: WorkdayCalendar) -> None:
    text = describe_interval(cal, D(2025, 9, 26), D(2025, 10, 16))
    assert "国庆节、中秋节假期 10 月 1 日至 8 日不计" in text
    assert "9 月 28 日、10 月 11 日调休上班计入" in text


def test_describe_interval_across_years_names_years(cal: WorkdayCalendar) -> None:
    text = describe_interval(cal, D(2023, 12, 27), D(2024, 1, 3))
    assert "元旦假期 2023 年 12 月 30 日至 2024 年 1 月 1 日不计" in text


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (D(2031, 3, 3), D(2031, 3, 10), (2031,)),
        (D(2026, 12, 28), D(2027, 1, 5), (2027,)),
        (D(2026, 12, 31), D(2027, 1, 1), (2027,)),
        (D(2026, 12, 30), D(2026, 12, 31), ()),
        (D(2027, 1, 5), D(2026, 12, 28), (2027,)),
    ],
)
def test_uncovered_years_are_reported(cal: WorkdayCalendar, start: dt.date, end: dt.date,
                                      years: tuple[int, ...]) -> None:
    count = cal.count_workdays_between(start, end)
    assert count.uncertain_years == years
    if years:
        assert f"{years[0]} 年节假日安排未收录" in interval_details(count)


def test_bundled_data_matches_chinesecalendar(cal: WorkdayCalendar) -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_load_is_cached() -> None:
    assert WorkdayCalendar.load() is WorkdayCalendar.load()


YEAR_2027 = """\
# test data only: a fictitious 2027 schedule
years:
  2027:
    holidays:
      - {date: 2027-01-01, name: 元旦}
      - {date: 2027-02-08, name: 春节}
      - {date: 2027-02-09, name: 春节}
    makeup_workdays:
      - {date: 2027-02-06, name: 春节}
"""


def test_add_year_from_file(tmp_path: Path) -> None:
    source = tmp_path / "y2027.yaml"
    source.write_text(YEAR_2027, encoding="utf-8")
    target = tmp_path / "user" / "calendar_extra.yaml"
    assert validate_year_file(source) == [2027]
    assert add_year(source, target) == [2027]
    cal = WorkdayCalendar.load([target])
    assert 2027 in cal.covered_years()
    assert cal.is_workday(D(2027, 2, 6))  # Saturday make-up day from the file
    assert not cal.is_workday(D(2027, 2, 8))  # Monday holiday from the file
    count = cal.count_workdays_between(D(2026, 12, 28), D(2027, 1, 5))
    assert count.uncertain_years == ()
    # re-adding replaces the year block instead of duplicating it
    add_year(source, target)
    assert [y.year for y in parse_year_file(target)] == [2027]


def test_extra_file_replaces_bundled_year(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("years:\n  2024:\n    holidays:\n      - {date: 2024-03-05, name: 测试假日}\n"
                     "    makeup_workdays: []\n", encoding="utf-8")
    cal = WorkdayCalendar.load([extra])
    assert not cal.is_workday(D(2024, 3, 5))
    assert cal.is_workday(D(2024, 2, 12))  # the bundled 2024 block is replaced wholesale


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("years:\n  2027:\n    holidays:\n      - {date: 2027-13-01, name: 元旦}\n", ["第 4 行", "2027-13-01", "无效"]),
        ("years:\n  2027:\n    holidays:\n      - {date: 2027-01-01, name: 元旦}\n    makeup_workdays:\n"
         "      - {date: 2027-01-04, name: 元旦}\n", ["第 6 行", "不是周六或周日"]),
        ("years:\n  2027:\n    holidays:\n      - {date: 2027-01-01, name: 元旦}\n"
         "      - {date: 2027-01-01, name: 元旦}\n", ["第 5 行", "重复"]),
        ("years:\n  2027:\n    holidays:\n      - {date: 2026-06-01, name: 元旦}\n", ["不属于 2027 年"]),
        ("years:\n  2027:\n    holidays:\n      - {date: 2027-01-01}\n", ["缺少节日名称"]),
        ("years:\n  twenty:\n    holidays: []\n", ["不是整数"]),
        ("years:\n  2027:\n    holidays: []\n", ["没有任何放假日期"]),
        ("- 2027-01-01\n", ["顶层应为"]),
        ("years: [\n", ["YAML 格式错误"]),
        ("years:\n  2027:\n    holiday:\n      - {date: 2027-01-01, name: 元旦}\n", ["未知字段"]),
    ],
)
def test_bad_year_file_messages(tmp_path: Path, content: str, fragments: list[str]) -> None:
    path = tmp_path / "bad_year.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        validate_year_file(path)
    message = str(info.value)
    assert "bad_year.yaml" in message
    for fragment in fragments:
        assert fragment in message
    assert info.value.params["file"] == str(path)


def test_missing_year_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="不存在"):
        add_year(tmp_path / "nope.yaml", tmp_path / "extra.yaml")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(1985, 3, 1), D(1991, 2, 1)),  # crosses the start of the precomputed table
        (D(2098, 6, 1), D(2103, 2, 1)),  # crosses its end
        (D(1201, 1, 1), D(1201, 3, 1)),  # entirely outside (mistyped year)
    ],
)
def test_count_outside_precomputed_span(cal: WorkdayCalendar, start: dt.date, end: dt.date) -> None:
    brute = sum(1 for o in range(start.toordinal() + 1, end.toordinal() + 1)
                if cal.is_workday(dt.date.fromordinal(o)))
    count = cal.count_workdays_between(start, end)
    assert count.count == brute
    assert count.uncertain_years


@pytest.mark.parametrize(
    ("years", "text"),
    [((2027,), "2027"), ((2027, 2028), "2027、2028"), ((1990, 1991, 1992, 2031), "1990–1992、2031")],
)
def test_format_years(years: tuple[int, ...], text: str) -> None:
    from casereview.workdays import format_years

    assert format_years(years) == text
