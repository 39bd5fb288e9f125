"""The deficiency register: creation from reviews, the state machine, categories, wordings,
working-day deadlines and the register export."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rectification_fixtures import UNITS, open_services, reviewed_services

from casereview.domain.enums import Answer
from casereview.errors import ConflictError, ValidationError
from casereview.rectification.deadlines import DueState, deadline_after, due_info
from casereview.rectification.numbering import DEFAULT_PATTERN, format_number, validate_pattern
from casereview.rectification.states import RectStatus, can_move, check_move, notice_status_from
from casereview.rectification.taxonomy import taxonomies, taxonomy
from casereview.services.deficiencies import DeficiencyFilter

# --------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("pending", "responded"),
        ("pending", "verified"),
        ("pending", "closed"),
        ("issued", "verified"),
        ("issued", "closed"),
        ("responded", "closed"),
        ("rejected", "verified"),
        ("rejected", "closed"),
        ("verified", "rejected"),
        ("verified", "pending"),
        ("closed", "issued"),
        ("closed", "pending"),
    ],
)
def test_state_machine_rejects_invalid_transitions(current: str, target: str) -> None:
    assert not can_move(current, target)
    with pytest.raises(ConflictError) as err:
        check_move(current, target)
    assert RectStatus(current).label in err.value.message and err.value.code == "invalid_transition"


def test_state_machine_allows_the_documented_path() -> None:
    path = ["pending", "issued", "responded", "rejected", "responded", "verified", "closed"]
    for a, b in itertools.pairwise(path):
        assert check_move(a, b) is RectStatus(b)


def test_notice_status_is_the_slowest_finding() -> None:
    assert notice_status_from(["issued", "responded"]) is RectStatus.ISSUED
    assert notice_status_from(["responded", "verified"]) is RectStatus.RESPONDED
    assert notice_status_from(["rejected", "verified"]) is RectStatus.REJECTED
    assert notice_status_from(["verified", "closed"]) is RectStatus.VERIFIED
    assert notice_status_from(["closed", "closed"]) is RectStatus.CLOSED


def test_deadline_crosses_national_day_with_makeup_days() -> None:
    # 2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are make-up workdays.
    assert deadline_after(dt.date(2025, 9, 26), 10) == dt.date(2025, 10, 16)
    # Without the holiday it would be plain weekdays: 10 weekdays after Fri 09-26 is Fri 10-10.
    assert deadline_after(dt.date(2025, 9, 26), 3) == dt.date(2025, 9, 30)
    assert deadline_after(dt.date(2025, 9, 26), 4) == dt.date(2025, 10, 9)


def test_due_states_count_working_days() -> None:
    deadline = dt.date(2025, 10, 16)
    assert due_info(deadline, dt.date(2025, 9, 30)).state is DueState.ON_TIME
    soon = due_info(deadline, dt.date(2025, 10, 13), soon_days=3)
    assert soon.state is DueState.DUE_SOON and soon.workdays_left == 3
    # From 10-01 (15 calendar days ahead): 10-09, 10-10, Saturday 10-11 (make-up), 10-13..10-16.
    assert due_info(deadline, dt.date(2025, 10, 1), soon_days=3).workdays_left == 7
    assert due_info(deadline, deadline).state is DueState.DUE_SOON
    late = due_info(deadline, dt.date(2025, 10, 20))
    assert late.state is DueState.OVERDUE and late.workdays_left == -2 and "超期 2" in late.text


def test_number_pattern() -> None:
    assert format_number(DEFAULT_PATTERN, 2025, 7) == "评查整改〔2025〕7号"
    assert format_number("{unit}整改〔{year}〕{seq:03d}号", 2025, 7, "甲支队") == "甲支队整改〔2025〕007号"
    with pytest.raises(ValidationError, match="seq"):
        validate_pattern("〔{year}〕评查整改号")
    with pytest.raises(ValidationError, match="未知占位符"):
        validate_pattern("〔{year}〕第{seq}号{month}")


def test_taxonomies_ship_default_and_alternatives() -> None:
    keys = [t.key for t in taxonomies()]
    assert keys[0] == "default"
    assert {"hebei-six", "transport-special-five", "sichuan-2025-three"} <= set(keys)
    assert taxonomy("default").category_names == ("立卷", "实体", "程序")
    hebei = taxonomy("hebei-six")
    assert not hebei.verified and len(hebei.categories) == 6 and "未核实" in hebei.display_name
    assert len(taxonomy("transport-special-five").categories) == 5
    assert taxonomy("sichuan-2025-three").category_names == ("乱收费", "乱罚款", "乱检查")


# --------------------------------------------------------------------------- with a database


def test_submitted_review_creates_deficiencies_with_context(tmp_path: Path) -> None:
    services, _cases = reviewed_services(tmp_path / 'r.sqlite3', per_unit=1, deductions=2)
    rows = services.deficiencies.list_deficiencies()
    assert len(rows) == 4
    first = rows[0]
    assert first.status == "pending" and first.status_label == "待下发"
    assert first.unit_name in UNITS and first.case_no.startswith("粤交执罚")
    assert first.wording and first.item_text and first.points > 0 and first.category in ("立卷", "实体", "程序")
    with_evidence = [d for d in rows if d.evidence]
    assert len(with_evidence) == 2 and with_evidence[0].evidence_text == "询问笔录 第3页"
    timeline = services.deficiencies.timeline(first.id)
    assert timeline[0].action == "生成问题" and timeline[0].to_status == "pending"
    # filters
    assert len(services.deficiencies.list_deficiencies(DeficiencyFilter(unit=UNITS[0]))) == 2
    assert len(services.deficiencies.list_deficiencies(DeficiencyFilter(status="待下发"))) == 4
    assert services.deficiencies.list_deficiencies(DeficiencyFilter(status="issued")) == []
    units = services.deficiencies.units()
    assert sorted((u.unit_name, u.pending) for u in units) == sorted([(UNITS[0], 2), (UNITS[1], 2)])


def test_recategorise_is_checked_and_audited(tmp_path: Path) -> None:
    services, _cases = reviewed_services(tmp_path / 'r.sqlite3', per_unit=1, deductions=2)
    ids = [d.id for d in services.deficiencies.list_deficiencies()][:2]
    with pytest.raises(ValidationError, match="不属于"):
        services.deficiencies.recategorise(ids, "乱收费")  # not in the default taxonomy
    moved = services.deficiencies.recategorise(ids, "乱罚款", "sichuan-2025-three", reason="专项行动口径")
    assert {(d.taxonomy, d.category) for d in moved} == {("sichuan-2025-three", "乱罚款")}
    assert len(services.deficiencies.list_deficiencies(DeficiencyFilter(category="乱罚款"))) == 2
    entries = services.deficiencies.timeline(ids[0])
    assert any("调整分类" in e.action and e.comment == "专项行动口径" for e in entries)
    # back into the default taxonomy
    back = services.deficiencies.recategorise(ids[:1], "程序", "default")
    assert back[0].category == "程序" and back[0].taxonomy == "default"


def test_phrase_library(tmp_path: Path) -> None:
    services = open_services(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    d = services.deficiencies
    standard = d.phrases("C03", "gd-transport-penalty-general")
    assert standard and all(p.source == "standard" for p in standard)
    added = d.add_phrase("C03", "  未说明从轻处罚的理由  ", "gd-transport-penalty-general")
    assert added.id is not None and added.text == "未说明从轻处罚的理由"
    assert d.add_phrase("C03", "未说明从轻处罚的理由").id == added.id  # no duplicates
    d.use_phrase(added.id)
    listed = d.phrases("C03", "gd-transport-penalty-general")
    assert listed[-1].text == "未说明从轻处罚的理由" and listed[-1].uses == 1
    with pytest.raises(ValidationError):
        d.add_phrase("C03", "   ")


def test_pending_deficiency_cannot_be_deleted_by_hand(tmp_path: Path) -> None:
    services, _cases = reviewed_services(tmp_path / 'r.sqlite3', per_unit=1, deductions=1)
    first = services.deficiencies.list_deficiencies()[0]
    with pytest.raises(ConflictError, match="重新打开"):
        services.deficiencies.delete(first.id)


def test_register_exports_to_xlsx(tmp_path: Path) -> None:
    services, _cases = reviewed_services(tmp_path / 'r.sqlite3', per_unit=1, deductions=2)
    notice = services.notices.issue(UNITS[0], issue_date=dt.date(2025, 9, 26), deadline_days=10)
    out = tmp_path / "register.xlsx"
    count = services.deficiencies.export_xlsx(out, today=dt.date(2025, 10, 20))
    assert count == 4
    wb = load_workbook(out)
    ws = wb["问题清单"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["编号", "评查活动", "执法单位", "案号"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    notice_col, due_col = header.index("整改通知书"), header.index("期限情况")
    issued = [v for v in values if v[notice_col] == notice.number]
    assert len(issued) == 2 and all(v[due_col].startswith("超期") for v in issued)
    for row in ws.iter_rows(min_row=2):
        red = row[0].fill.fgColor.rgb.endswith("F8CBAD")
        assert red == (row[notice_col].value == notice.number)
    assert wb["按单位统计"].max_row >= 3


# --------------------------------------------------------------------------- points lost after caps


def test_points_lost_follow_the_category_cap_in_item_order() -> None:
    from casereview.rectification.points import points_lost
    from casereview.standards.model import Category, Item, StandardDef

    def item(code: str) -> Item:
        return Item(code=code, text=code, max_points=10)

    std = StandardDef.model_construct(categories=[
        Category(code="A", name="立卷", max_points=25, items=[item("A01"), item("A02"), item("A03")]),
        Category(code="B", name="实体", items=[item("B01")]),
    ])
    # given out of order: allocation follows the standard (A01, A02 fill the cap, A03 gets 5)
    lost = points_lost(std, [("A03", 10), ("B01", 4), ("A02", 10), ("A01", 10), ("Z99", 2)])
    assert lost == {"A01": 10, "A02": 10, "A03": 5, "B01": 4, "Z99": 2}


def test_register_stores_points_lost_as_the_statistics_count_them(tmp_path: Path) -> None:
    services, cases = reviewed_services(tmp_path / "r.sqlite3", per_unit=1, deductions=2)
    # one file loses every point of 调查取证 (D: items worth 28, category capped at 25)
    case_id = cases[UNITS[0]][0]
    review_id = services.reviews.reviews_of_case(case_id)[0].id
    state = services.reviews.reopen(review_id, "补充扣分")
    for cat, item in state.definition.iter_items():
        if cat.code == "D":
            rule = item.deduction.mode.value
            extra = ({"occurrences": 9} if rule == "per_occurrence" else
                     {"deduction": item.max_points} if rule in ("range", "fixed") else {})
            services.reviews.save_answer(review_id, item.code, Answer.DEDUCT, note=item.text, **extra)
    services.reviews.submit(review_id)
    rows = services.deficiencies.list_deficiencies()
    d_rows = [d for d in rows if d.review_id == review_id and d.item_code.startswith("D")]
    assert sum(d.points for d in d_rows) == 28 and sum(d.points_lost for d in d_rows) == 25
    capped = [d for d in rows if d.capped]
    assert capped, "no category cap was reached"
    assert all(d.points_lost < d.points and d.points_lost_text.endswith("（封顶）") for d in capped)
    # the same numbers as the statistics' allocation (one function: allocate_caps)
    stats_in = services.stats.load_input()
    lost_in_stats = {(r.review_id, r.item_code): r.lost for r in stats_in.deductions}
    assert {(d.review_id, d.item_code): d.points_lost for d in rows} == lost_in_stats
    # and per file they add up to the points the scoring engine deducted
    scores = {r.review_id: r.score for r in stats_in.reviews}
    for review_id, score in scores.items():
        lost = sum(d.points_lost for d in rows if d.review_id == review_id and not d.is_veto)
        assert abs((100 - lost) - score) < 1e-6
    # the register workbook shows both
    out = tmp_path / "register.xlsx"
    services.deficiencies.export_xlsx(out, today=dt.date(2025, 10, 20))
    ws = load_workbook(out)["问题清单"]
    header = [c.value for c in ws[1]]
    nominal, actual = header.index("扣分"), header.index("实际扣分")
    by_id = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    for d in capped:
        row = by_id[d.id]
        assert (row[nominal].value, row[actual].value) == (d.points, d.points_lost)
        assert row[actual].comment is not None and "上限" in row[actual].comment.text


# --------------------------------------------------------------------------- the register as a paged list


def _python_key(sort: str) -> Any:
    """What the register's column showed sorted by before it was paged (the proxy's sort roles),
    written in Python: ``register_ids`` must give the same order from the database."""
    ranks = {s: i for i, s in enumerate(["pending", "issued", "responded", "rejected", "verified", "closed"])}
    keys: dict[str, Any] = {
        "id": lambda d: (),
        "unit": lambda d: (d.unit_name,),
        "case_no": lambda d: (d.case_no,),
        "item": lambda d: (d.item_code,),
        "points": lambda d: (1000.0 if d.is_veto else d.points,),
        "points_lost": lambda d: (1000.0 if d.is_veto else d.points_lost,),
        "wording": lambda d: (d.wording,),
        "category": lambda d: (d.category,),
        "status": lambda d: (ranks.get(d.status, 99),),
        "notice": lambda d: (d.notice_number,),
        "deadline": lambda d: (d.due_date is not None, d.due_date or dt.date.min),
        "due": lambda d: (d.due is None, d.due_date is not None, d.due_date or dt.date.min),
    }
    return lambda d: (*keys[sort](d), d.id)


def test_register_ids_sort_in_the_database_like_the_columns(tmp_path: Path) -> None:
    from casereview.services.deficiencies import REGISTER_SORTS

    services, _cases = reviewed_services(tmp_path / "r.sqlite3", per_unit=3, deductions=2)
    today = dt.date(2025, 10, 20)
    first = services.deficiencies.list_deficiencies(DeficiencyFilter(unit=UNITS[0]))
    services.notices.issue(UNITS[0], [d.id for d in first[:3]], issue_date=dt.date(2025, 9, 26), deadline_days=10)
    rows = services.deficiencies.list_deficiencies(today=today)
    assert len(rows) == 12 and {d.status for d in rows} == {"pending", "issued"}
    for sort in REGISTER_SORTS:
        for descending in (False, True):
            found = services.deficiencies.register_ids(sort=sort, descending=descending, today=today)
            expected = [d.id for d in sorted(rows, key=_python_key(sort), reverse=descending)]
            assert found.ids == expected, (sort, descending)
    # the deadline counts and the overdue filter come with the ids
    everything = services.deficiencies.register_ids(today=today)
    assert everything.overdue == sum(d.overdue for d in rows) == 3 and everything.due_soon == 0
    overdue = services.deficiencies.register_ids(DeficiencyFilter(overdue=True), today=today)
    assert sorted(overdue.ids) == sorted(d.id for d in rows if d.overdue)
    # the same filters as the full list
    by_unit = services.deficiencies.register_ids(DeficiencyFilter(unit=UNITS[1], text="粤交执罚"))
    assert sorted(by_unit.ids) == sorted(d.id for d in services.deficiencies.list_deficiencies(DeficiencyFilter(unit=UNITS[1])))
    # rows of one page, in the order asked for
    page = services.deficiencies.fetch([*reversed(everything.ids[:5]), 999_999], today=today)
    assert [d.id for d in page] == list(reversed(everything.ids[:5]))
    assert page[0] == next(d for d in rows if d.id == page[0].id)
    with pytest.raises(ValidationError):
        services.deficiencies.register_ids(sort="party")
