"""Formatting of numbers, dates and date ranges for display: one place, so languages can follow."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def fmt_number(value: Any, decimals: int = 0) -> str:
    """1234.5 -> '1,234.5'; blanks and NaN give ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):,.{decimals}f}"


def fmt_int(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(int(value))


def fmt_date(value: dt.date | None, lang: str = "en") -> str:
    """'13 August 1997'. Localised month names come with the languages issue."""
    if not isinstance(value, dt.date):
        return ""
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"


def fmt_range(start: dt.date | None, end: dt.date | None, lang: str = "en") -> str:
    """'12–17 February 2024', '12 February 2024', or '' when there is no start."""
    if not isinstance(start, dt.date):
        return ""
    if not isinstance(end, dt.date) or end == start:
        return fmt_date(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{fmt_date(end, lang)}"
    return f"{fmt_date(start, lang)} – {fmt_date(end, lang)}"
