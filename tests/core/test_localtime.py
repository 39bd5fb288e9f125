"""Audit times: stored UTC, shown in local time (the PC's zone or CASEREVIEW_TIMEZONE)."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.localtime import local_date, local_text, zone_label


def test_stored_utc_is_shown_in_the_configured_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEREVIEW_TIMEZONE", "Asia/Shanghai")
    late_utc = dt.datetime(2026, 3, 31, 17, 30)  # naive UTC, as stored
    assert local_text(late_utc) == "2026-04-01 01:30"
    assert local_date(late_utc) == dt.date(2026, 4, 1)  # the day printed on a 评查表
    assert zone_label(late_utc) == "UTC+08:00"
    assert local_text(None) == ""
    assert local_date(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)


def test_an_unknown_zone_name_falls_back_to_the_pcs_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEREVIEW_TIMEZONE", "Mars/Olympus")
    at = dt.datetime(2026, 3, 31, 17, 30)
    assert local_text(at) == at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def test_the_review_form_prints_the_local_submission_day(monkeypatch: pytest.MonkeyPatch) -> None:
    from casereview.services.exports import _fmt_date

    monkeypatch.setenv("CASEREVIEW_TIMEZONE", "Asia/Shanghai")
    assert _fmt_date(dt.datetime(2026, 3, 31, 16, 5)) == "2026-04-01"
    monkeypatch.setenv("CASEREVIEW_TIMEZONE", "UTC")
    assert _fmt_date(dt.datetime(2026, 3, 31, 16, 5)) == "2026-03-31"
