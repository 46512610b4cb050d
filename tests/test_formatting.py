"""Dates and numbers follow each language's conventions (CLDR through Babel)."""

from __future__ import annotations

import datetime as dt

import pytest

from landscape.formatting import fmt_date, fmt_int, fmt_month, fmt_number, fmt_plain, fmt_range


def plain(text: str) -> str:
    """Any kind of space as one plain space: CLDR uses no-break and narrow spaces."""
    return " ".join(text.split())


START, END = dt.date(2024, 2, 12), dt.date(2024, 2, 17)


@pytest.mark.parametrize(
    ("lang", "number", "date"),
    [
        ("en", "1,234.50", "12 February 2024"),
        ("ru", "1\xa0234,50", "12 февраля 2024\xa0г."),
        ("ky", "1\xa0234,50", "2024-ж., 12-февраль"),
        ("kk", "1\xa0234,50", "2024\xa0ж. 12 ақпан"),
    ],
)
def test_each_language_has_its_own_number_and_date_conventions(lang, number, date):
    assert plain(fmt_number(1234.5, 2, lang)) == plain(number)
    assert plain(fmt_date(START, lang)) == plain(date)


def test_ranges_share_the_month_and_year_once():
    assert fmt_range(START, END, "en") == "12–17 Feb 2024"
    assert fmt_range(START, END, "ru").startswith("12–17 февр.")
    assert "ақп" in fmt_range(START, END, "kk")
    assert fmt_range(START, None, "en") == "12 February 2024"
    assert fmt_range(None, END, "en") == ""


def test_blanks_give_empty_text_and_ids_are_never_grouped():
    assert fmt_number(float("nan")) == "" and fmt_int(None) == "" and fmt_plain(None) == ""
    assert fmt_int(555577555, "en") == "555,577,555"
    assert fmt_plain(555577555) == "555577555"


def test_unknown_language_falls_back_to_english():
    assert fmt_number(1234.5, 1, "xx") == "1,234.5"
    assert fmt_month(START, "ru").startswith("февр") and fmt_month(START, "en") == "Feb 2024"


def test_a_grid_step_takes_the_languages_decimal_sign():
    from landscape.formatting import fmt_step

    assert fmt_step(0.1, "en") == "0.1" and fmt_step(0.02, "en") == "0.02"
    assert fmt_step(0.1, "ru") == fmt_step(0.1, "ky") == fmt_step(0.1, "kk") == "0,1"
    assert fmt_step(1.0, "ru") == "1" and fmt_step(None, "ru") == ""
