"""Texts a user reads name things in words: every case column has a Chinese label in
``cases show``, and coded values (domain, payment method) are shown in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casereview.services.cases import CASE_COLUMNS, case_field_label, case_value_text

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("column", CASE_COLUMNS)
def test_every_case_column_has_a_chinese_label(column: str) -> None:
    label = case_field_label(column)
    assert CJK.search(label) and column not in label and label != "其他信息"


def test_coded_values_in_words() -> None:
    assert case_value_text("domain", "transport") == "交通运输"
    assert case_value_text("payment_method", "e-payment") == "电子支付系统"
    assert case_value_text("hearing_waived", True) == "是"


def test_cases_show_prints_no_raw_key(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casereview.cli.main import main

    assert main(["cases", "show", "1", "--db", str(demo_db_path)]) == 0
    out = capsys.readouterr().out
    keys = [line.split("：", 1)[0] for line in out.splitlines() if "：" in line and not line.startswith(" ")]
    assert keys and all(CJK.search(k) for k in keys), keys
    assert not re.search(r"\b(transport|e-payment|bank|on_the_spot)\b", out)
