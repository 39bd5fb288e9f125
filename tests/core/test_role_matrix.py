"""Each role against each service area, on the demo database: one representative call per
area (and per capability), made as every demo role and as nobody. Allowed: the call is not
refused (it may still fail for its own reasons, e.g. a missing file). Not allowed: the core
raises ``PermissionDenied``. The table below is the issue's role list, written out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD, DEMO_TRAINEE
from casereview.errors import PermissionDenied
from casereview.services.app import Services

ADMIN, LEAD, REVIEWER, RECHECKER, TRAINER, TRAINEE, NOBODY = (
    "admin", "lead", "reviewer", "rechecker", "trainer", "trainee", "nobody")
SIGNED_IN = {ADMIN, LEAD, REVIEWER, RECHECKER, TRAINER, TRAINEE}
READERS = SIGNED_IN - {TRAINEE}  # 学员: practice only
EVERYONE = SIGNED_IN | {NOBODY}

Call = Callable[[Services, Path], Any]

MATRIX: list[tuple[str, Call, set[str]]] = [
    ("cases.count", lambda s, t: s.cases.count(), EVERYONE),
    ("standards.list_versions", lambda s, t: s.standards.list_versions(), EVERYONE),
    ("standards.sync_shipped", lambda s, t: s.standards.sync_shipped(), {ADMIN}),
    ("calendar.add_year", lambda s, t: s.calendar.add_year(t / "missing.yaml"), {ADMIN}),
    ("accounts.list_accounts", lambda s, t: s.accounts.list_accounts(), {ADMIN}),
    ("roster.edit", lambda s, t: s.roster.edit(1, unit=None), {ADMIN}),
    ("roster.list", lambda s, t: s.roster.list(), READERS),
    ("audit.verify", lambda s, t: s.audit.verify(), READERS),
    ("audit.entries", lambda s, t: s.audit.entries(limit=1), {ADMIN}),
    ("reviews.reviews_of_case", lambda s, t: s.reviews.reviews_of_case(1), READERS),
    ("reviews.reopen", lambda s, t: s.reviews.reopen(10**6, "核对"), {ADMIN, LEAD}),
    ("checks.campaign_case_ids", lambda s, t: s.checks.campaign_case_ids(1), READERS),
    ("intake.batches", lambda s, t: s.intake.batches(), READERS),
    ("intake.delete_profile", lambda s, t: s.intake.delete_profile("没有这个方案"), {ADMIN, LEAD}),
    ("campaigns.list_campaigns", lambda s, t: s.campaigns.list_campaigns(), READERS),
    ("campaigns.create", lambda s, t: s.campaigns.create(""), {ADMIN, LEAD}),  # "" fails validation after the check
    ("campaigns.agreement", lambda s, t: s.campaigns.agreement(1), {ADMIN, LEAD}),  # the demo campaign is 陈组长's
    ("exchange.preview_results", lambda s, t: s.exchange.preview_results(t / "none.crpkg"), {ADMIN, LEAD}),
    ("deficiencies.list_deficiencies", lambda s, t: s.deficiencies.list_deficiencies(), {LEAD}),
    ("notices.list_notices", lambda s, t: s.notices.list_notices(), {LEAD}),
    ("stats.filter_options", lambda s, t: s.stats.filter_options(), {ADMIN, LEAD}),
    ("exports.campaign_review_ids", lambda s, t: s.exports.campaign_review_ids(1), {ADMIN, LEAD}),
    ("training.entries", lambda s, t: s.training.entries(), READERS),
    ("training.trainees", lambda s, t: s.training.trainees(), {TRAINER}),
    ("training.delete_entry", lambda s, t: s.training.delete_entry("没有:这条"), {TRAINER}),
    ("training.practice_sets", lambda s, t: s.training.practice_sets(), SIGNED_IN),
    ("docintel.status", lambda s, t: s.docintel.status(1), EVERYONE),
    ("documents_import.doc_types", lambda s, t: s.documents_import.doc_types(), EVERYONE),
]


@pytest.fixture(scope="module")
def accounts(demo_db_template: Path) -> dict[str, str | None]:
    s = Services.open(demo_db_template, as_system=True)
    try:
        people = s.roster.list()
        return {
            ADMIN: DEMO_ADMIN, LEAD: "陈组长", TRAINER: "林培训", TRAINEE: DEMO_TRAINEE, NOBODY: None,
            REVIEWER: next(p.name for p in people if p.role == "reviewer"),
            RECHECKER: next(p.name for p in people if p.role == "rechecker"),
        }
    finally:
        s.close()


@pytest.mark.parametrize("role", [ADMIN, LEAD, REVIEWER, RECHECKER, TRAINER, TRAINEE, NOBODY])
def test_each_role_against_each_service(role: str, accounts: dict[str, str | None], demo_db_path: Path,
                                        tmp_path: Path) -> None:
    s = Services.open(demo_db_path)
    wrong: list[str] = []
    try:
        name = accounts[role]
        if name is not None:
            s.sign_in(name, DEMO_PASSWORD)
        for label, call, allowed in MATRIX:
            try:
                call(s, tmp_path)
                refused = False
            except PermissionDenied:
                refused = True
            except Exception:  # allowed: it failed for its own reason
                refused = False
            if refused == (role in allowed):
                wrong.append(f"{label}: {'refused' if refused else 'allowed'}")
    finally:
        s.close()
    assert not wrong, f"{role}: " + "; ".join(wrong)
