"""Numbers, dates and date ranges for display, in each language's conventions (CLDR via Babel).

One place, so every panel, popup, chart label and handout formats the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal

from landscape.text import DEFAULT_LANG, LANGS

# English follows British usage ("13 August 1997"), as the sources do.
_LOCALES = {"en": "en_GB", "ru": "ru", "ky": "ky", "kk": "kk"}


@cache
def locale(lang: str) -> Locale:
    """The Babel locale of a supported language code; English for anything else."""
    code = lang if lang in LANGS else DEFAULT_LANG
    return Locale.parse(_LOCALES[code])


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: Any, decimals: int = 0, lang: str = DEFAULT_LANG) -> str:
    """1234.5 -> '1,234.5' (en) or '1 234,5' (ru, ky, kk); blanks and NaN give ''."""
    if _blank(value):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return _decimal(float(value), pattern, lang)


def fmt_step(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A grid step in degrees and other short decimals: up to 3 decimals, no trailing zeros,
    the language's decimal sign: 0.1 -> '0.1' (en), '0,1' (ru, ky, kk); 1.0 -> '1'."""
    if _blank(value):
        return ""
    return _decimal(float(value), "#,##0.###", lang)


def fmt_int(value: Any, lang: str = DEFAULT_LANG) -> str:
    """An integer with the language's digit grouping; blanks give ''."""
    if _blank(value):
        return ""
    return _decimal(int(value), "#,##0", lang)


@lru_cache(maxsize=65536)
def _decimal(value: float, pattern: str, lang: str) -> str:
    """Babel's formatting, remembered: maps and tables format the same few numbers again and
    again, and each call costs about 30 µs."""
    return format_decimal(value, format=pattern, locale=locale(lang))


def fmt_plain(value: Any) -> str:
    """A whole number shown as is, never grouped: a year or an id such as 555577555."""
    return "" if _blank(value) else str(int(value))


def fmt_date(value: dt.date | None, lang: str = DEFAULT_LANG) -> str:
    """'13 August 1997', '13 августа 1997 г.', '1997-ж., 13-август', '1997 ж. 13 тамыз'."""
    if not isinstance(value, dt.date):
        return ""
    return format_date(value, format="long", locale=locale(lang))


def fmt_range(start: dt.date | None, end: dt.date | None, lang: str = DEFAULT_LANG) -> str:
    """'12–17 Feb 2024', '12 February 2024', or '' when there is no start."""
    if not isinstance(start, dt.date):
        return ""
    if not isinstance(end, dt.date) or end == start:
        return fmt_date(start, lang)
    return format_interval(start, end, skeleton="yMMMd", locale=locale(lang))


def fmt_month(value: dt.date, lang: str = DEFAULT_LANG) -> str:
    """'Feb 2024' in the language: for chart axes and effort tables."""
    return format_date(value, format="LLL y", locale=locale(lang))
