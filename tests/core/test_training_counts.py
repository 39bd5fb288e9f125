"""The training library (常见问题库) counts the same findings as 统计分析: the findings of the
review the statistics count for each file, for the same scope. Before, the library counted
every register row of every authoritative review (284 problems in 41 files) while the
dashboard counted final results (339 in 49 when it still mixed in unfinished re-checks):
two definitions of one figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rectification_fixtures import UNITS, reviewed_services

from casereview.domain.enums import Answer
from casereview.services.app import Services
from casereview.stats import StatsFilter
from casereview.training.library import LibraryScope


def _same(services: Services, scope: LibraryScope, flt: StatsFilter) -> tuple[int, int]:
    library = services.training.library(scope)
    stats = services.stats.statistics(flt)
    assert (library.total, library.case_count) == (stats.problems, stats.problem_files)
    by_item = {(g.standard_code, g.item_code): g.count for g in library.items}
    assert by_item == {(i.standard_code, i.item_code): i.times for i in stats.items}
    return library.total, library.case_count


def test_library_counts_are_the_dashboard_counts_on_the_demo(demo_services: Services) -> None:
    total, files = _same(demo_services, LibraryScope(), StatsFilter())
    assert total > 0 and files > 0
    campaign = demo_services.stats.filter_options().campaigns[0].value
    _same(demo_services, LibraryScope(campaign_id=int(campaign)), StatsFilter(campaign_id=int(campaign)))
    unit = next(r.unit_id for r in demo_services.stats.statistics().ledger if r.unit_id is not None)
    _same(demo_services, LibraryScope(unit_id=unit), StatsFilter(unit_ids=(unit,)))
    _same(demo_services, LibraryScope(case_type="penalty"), StatsFilter(case_types=("penalty",)))


def test_an_issued_finding_whose_review_changed_is_not_counted_twice(tmp_path: Path) -> None:
    services, cases = reviewed_services(tmp_path / "r.sqlite3", per_unit=2, deductions=2)
    before = _same(services, LibraryScope(), StatsFilter())
    services.notices.issue(UNITS[0], issue_date=dt.date(2025, 9, 26), deadline_days=10)
    # the unit objects; the review is reopened and one deduction withdrawn after the notice
    review_id = services.reviews.reviews_of_case(cases[UNITS[0]][0])[0].id
    withdrawn = next(d.item_code for d in services.deficiencies.list_deficiencies() if d.review_id == review_id)
    services.reviews.reopen(review_id, "复核后撤回一项扣分")
    services.reviews.save_answer(review_id, withdrawn, Answer.PASS)
    services.reviews.submit(review_id)
    # the register keeps the issued finding (the unit received it) ...
    assert any(d.item_code == withdrawn and d.review_id == review_id
               for d in services.deficiencies.list_deficiencies())
    # ... but neither the dashboard nor the library counts it any more
    after = _same(services, LibraryScope(), StatsFilter())
    assert after[0] == before[0] - 1


@pytest.mark.parametrize("basis_day", [dt.date(2025, 4, 1)])
def test_period_is_by_decision_date_in_both(tmp_path: Path, basis_day: dt.date) -> None:
    services, _ = reviewed_services(tmp_path / "r.sqlite3", per_unit=1, deductions=2)
    from casereview.stats.model import DATE_BASIS_DECISION

    inside = _same(services, LibraryScope(date_from=basis_day, date_to=basis_day),
                   StatsFilter(date_from=basis_day, date_to=basis_day, date_basis=DATE_BASIS_DECISION))
    outside = _same(services, LibraryScope(date_from=basis_day + dt.timedelta(days=1)),
                    StatsFilter(date_from=basis_day + dt.timedelta(days=1), date_basis=DATE_BASIS_DECISION))
    assert inside[0] > 0 and outside == (0, 0)
