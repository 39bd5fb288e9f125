"""The core's user-visible texts have an English wording (casereview.i18n): check titles, sign-in
and permission refusals met for real; English mode shows no Chinese but the data."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from casereview.checks.registry import all_rules
from casereview.domain.display import label_language, set_label_language
from casereview.errors import CaseReviewError
from casereview.i18n import CATALOGUE, catalogued, display, english
from casereview.services.app import Services

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def test_every_check_title_has_an_english_wording() -> None:
    missing = sorted({rule.title for rule in all_rules() if not catalogued(rule.title)})
    assert not missing, f"check titles without an English wording in casereview.i18n: {missing}"


def _refusals(services: Services) -> list[str]:
    """The sign-in and permission messages a user meets most, raised by the services."""
    messages = []
    attempts = [
        lambda: services.sign_in("nobody", "x"),
        lambda: services.sign_in("admin", "wrong password"),
        lambda: services.accounts.issue_token(),
    ]
    for attempt in attempts:
        with pytest.raises(CaseReviewError) as caught:
            attempt()
        messages.append(caught.value.message)
    services.sign_in("admin", "demo2026")
    for attempt in [lambda: services.reviews.open_review(services.cases.query_ids()[0])]:
        with pytest.raises(CaseReviewError) as caught:
            attempt()
        messages.append(caught.value.message)
    return messages


def test_refusals_read_in_english(demo_db_path: Path) -> None:
    services = Services.open(demo_db_path)
    try:
        messages = _refusals(services)
    finally:
        services.close()
    assert any("admin" in m and "无权" in m for m in messages)  # zh-data: the permission refusal
    untranslated = [m for m in messages if not catalogued(m)]
    assert not untranslated, f"core messages without an English wording: {untranslated}"
    set_label_language("en")
    try:
        shown = [display(m) for m in messages]
    finally:
        set_label_language("zh")
    assert all(not CJK.search(text) for text in shown), shown  # the account name is ASCII here
    assert "Account “admin” (administrator) may not do this: score reviews." in shown
    assert [display(m) for m in messages] == messages  # Chinese mode: unchanged


def test_templates_keep_data_and_translate_terms() -> None:
    text = "账号“张三”（组长、复核人）无权统计与报告。"  # zh-data: a refusal with a Chinese name
    assert english(text) == "Account “张三” (lead, re-checker) may not do this: statistics and reports."
    assert english("something the catalogue does not know") is None
    assert all(english(chinese) is not None for chinese in CATALOGUE)


def test_language_is_per_thread() -> None:
    """The UI thread shows English while the worker writes Chinese documents."""
    set_label_language("en")
    try:
        seen: list[str] = []
        worker = threading.Thread(target=lambda: seen.append(display("请先用密码登录。")))  # zh-data
        worker.start()
        worker.join()
        assert seen == ["请先用密码登录。"]  # zh-data
        assert display("请先用密码登录。") == "Sign in with your password first."  # zh-data
    finally:
        set_label_language("zh")
    assert label_language() == "zh"


def test_deduction_rules_and_role_lists_read_in_english(demo_services: Services) -> None:
    """Every standard item's deduction rule, as shown beside the item, has an English wording."""
    from casereview.services.types import allowed_deduction

    texts = {allowed_deduction(item) for version in demo_services.standards.list_versions()
             for _c, item in demo_services.standards.definition(version.version_id).iter_items()}
    assert texts and not [t for t in texts if not catalogued(t)]
    assert english("管理员、组长") == "administrator, lead"  # zh-data: a role list
