"""The case list's search finds a case number however it is typed: brackets 〔〕 [] 【】 ()
of either width, full- or half-width digits, spaces and 第, on SQLite and PostgreSQL, in the
service and in ``cases list --search``; names and causes are still matched as typed."""

from __future__ import annotations

import pytest

from casereview.services.app import Services
from casereview.services.cases import CaseFilter
from casereview.storage.models import Case

STORED = ["粤云交执罚〔2024〕0101号", "粤交执罚[2024]第0102号", "粤交执罚（２０２４）０１０３号", "穗交执罚 2023 0101 号"]


def _seed(services: Services) -> dict[str, int]:
    with services.ctx.db.session() as session:
        for n, case_no in enumerate(STORED):
            session.add(Case(case_no=case_no, case_type="penalty", party_name=f"当事人{n}", cause="超限运输"))
    with services.ctx.db.session() as session:
        return {c.case_no: c.id for c in session.query(Case)}


@pytest.mark.parametrize(("typed", "expected"), [
    ("粤云交执罚[2024]0101号", ["粤云交执罚〔2024〕0101号"]),
    ("粤云交执罚【2024】0101号", ["粤云交执罚〔2024〕0101号"]),
    ("粤云交执罚(2024)0101号", ["粤云交执罚〔2024〕0101号"]),
    ("粤云交执罚 〔2024〕 0101 号", ["粤云交执罚〔2024〕0101号"]),
    ("粤云交执罚［２０２４］０１０１号", ["粤云交执罚〔2024〕0101号"]),
    ("粤交执罚〔2024〕0102号", ["粤交执罚[2024]第0102号"]),
    ("2024]第0102", ["粤交执罚[2024]第0102号"]),
    ("粤交执罚[2024]0103号", ["粤交执罚（２０２４）０１０３号"]),
    ("2024〕0103", ["粤交执罚（２０２４）０１０３号"]),
    ("穗交执罚〔2023〕0101号", ["穗交执罚 2023 0101 号"]),
    ("0101号", ["粤云交执罚〔2024〕0101号", "穗交执罚 2023 0101 号"]),
    ("当事人2", ["粤交执罚（２０２４）０１０３号"]),
    ("超限运输", STORED),
    ("粤交执罚[2025]0101号", []),
])
def test_search_by_case_number_however_typed(any_db: str, typed: str, expected: list[str]) -> None:
    services = Services.open(any_db, as_system=True)
    try:
        ids = _seed(services)
        found = services.cases.query_ids(CaseFilter(text=typed))
        assert sorted(found) == sorted(ids[c] for c in expected)
    finally:
        services.close()


def test_cli_list_search(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from casereview.cli.main import main

    db = tmp_path / "s.sqlite3"
    services = Services.open(db, as_system=True)
    try:
        _seed(services)
    finally:
        services.close()
    assert main(["cases", "list", "--db", str(db), "--search", "粤云交执罚[2024]0101号"]) == 0
    out = capsys.readouterr().out
    assert "粤云交执罚〔2024〕0101号" in out and "共 1 件" in out  # shown as written
