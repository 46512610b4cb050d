"""One data row of an export, checked: ids, dates, time of day, position, count."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from landscape.problems import RowProblems, quote
from landscape.wildlife.smart.columns import KEPT, NO_FIX, YEARS

# SMART writes X and Y 1.00E-10 for a waypoint recorded without a GPS fix: no position.
_NO_FIX = re.compile(r"\+?1(?:[.,]0*)?[eE]-0?10")
_DATE_FORMS = "a date such as 19-Jun-22, 19-Jun-2022, 19-июн-22, 19.06.2022 or 2022-06-19"
_TIME_FORMS = "a time such as 8:49:33 AM, 2:15 PM, 08:49:33 or 14:15"
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
    "januari februari maret april mei juni juli agustus september oktober november desember",
)
# Month abbreviations that are no prefix of a month's name (Java's Indonesian "Agt").
_MONTH_ABBREVIATIONS = {"agt": 8, "ags": 8}


def _month_prefixes() -> dict[str, int]:
    """Every prefix of 3+ letters of a month name -> its month, ambiguous prefixes left out."""
    found: dict[str, set[int]] = {}
    for line in _MONTH_NAMES:
        for month, name in enumerate(line.split(), start=1):
            for end in range(3, len(name) + 1):
                found.setdefault(name[:end], set()).add(month)
    unique = {prefix: months.pop() for prefix, months in found.items() if len(months) == 1}
    return unique | _MONTH_ABBREVIATIONS


_MONTHS = _month_prefixes()
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_NAMED = re.compile(r"(\d{1,2})[- ]([^\W\d_]{3,})\.?[- ](\d{4}|\d{2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\.?)?", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_COUNT = re.compile(r"\+?(\d{1,9})(?:[.,]0*)?")


@dataclass(frozen=True)
class Columns:
    """Field index of each kept fixed column, and of the species and count attributes."""

    fixed: dict[str, int]
    species: int | None  # None: an export without species (logging, fire): patrol effort only
    count: int | None
    names: list[str]  # the header cells as exported (for messages)


@dataclass(frozen=True)
class Row:
    number: int
    patrol: str
    leg: str | None
    waypoint: str
    type: str
    transport: str
    station: str
    start: date
    end: date
    time: datetime  # UTC
    lon: float  # NaN: no GPS fix (X and Y 1.00E-10)
    lat: float
    species: str
    count: int


def read_row(
    number: int, cells: list[str], columns: Columns, zone: ZoneInfo, report: RowProblems
) -> Row | None:
    """One data record, checked; None when any kept field is wrong (each reported)."""
    ok = True
    size = len(cells)
    values = dict.fromkeys(KEPT, "")  # only the kept fields are ever looked at
    values.update({n: cells[i].strip() for n, i in columns.fixed.items() if i < size})
    field = values.__getitem__

    def fail(name: str, message: str) -> None:
        nonlocal ok
        ok = False
        report.row(name, number, f"field '{name}': {message}")

    width = len(columns.names)
    if any(c.strip() for c in cells[width:]):
        ok = False
        report.row(
            "(fields)",
            number,
            f"has {len(cells)} fields but the header has {width}; "
            "quote values that hold the delimiter, or export the query again",
        )
    for name in ("Patrol ID", "Waypoint ID"):
        if not field(name):
            fail(name, "is empty; every row needs it (export the query again from SMART)")
    dates, clock = _dates(field, fail), _clock(field, fail)
    position = _position(field, fail)
    raw, count = _species_count(cells, columns, fail)
    if not ok or clock is None:
        return None
    local = datetime.combine(dates["Waypoint Date"], clock).replace(tzinfo=zone)
    return Row(
        number=number,
        patrol=field("Patrol ID"),
        leg=field("Patrol Leg ID") or None,
        waypoint=field("Waypoint ID"),
        type=field("Type"),
        transport=field("Patrol Transport Type"),
        station=field("Station"),
        start=dates["Patrol Start Date"],
        end=dates["Patrol End Date"],
        time=local.astimezone(UTC),
        lon=position["X"],
        lat=position["Y"],
        species=raw,
        count=count,
    )


Field = Callable[[str], str]  # a kept field's value by its column name
Fail = Callable[[str, str], None]  # reports a row problem of one field


def _dates(field: Field, fail: Fail) -> dict[str, date]:
    """The patrol's and the waypoint's dates that are dates (the others reported)."""
    dates: dict[str, date] = {}
    for name in ("Patrol Start Date", "Patrol End Date", "Waypoint Date"):
        parsed = parse_date(field(name))
        if parsed is None:
            fail(name, f"value {quote(field(name))} is not a date; expected {_DATE_FORMS}")
        else:
            dates[name] = parsed
    return dates


def _clock(field: Field, fail: Fail) -> time | None:
    """The waypoint's time of day (midnight when blank); None (reported) when it is none."""
    clock = parse_time(field("Waypoint Time")) if field("Waypoint Time") else time(0)
    if clock is None:
        fail(
            "Waypoint Time",
            f"value {quote(field('Waypoint Time'))} is not a time of day; expected {_TIME_FORMS}",
        )
    return clock


def _position(field: Field, fail: Fail) -> dict[str, float]:
    """X and Y in degrees, NaN for SMART's mark of no GPS fix; a wrong one is left out."""
    position: dict[str, float] = {}
    no_fix = [bool(_NO_FIX.fullmatch(field(name))) for name in ("X", "Y")]
    if all(no_fix):  # SMART's mark of a waypoint without a GPS fix: no position
        return {"X": math.nan, "Y": math.nan}
    if any(no_fix):
        marked, other = ("X", "Y") if no_fix[0] else ("Y", "X")
        fail(
            marked,
            f"value {quote(field(marked))} is SMART's mark of a waypoint without a GPS fix, "
            f"but {other} is {quote(field(other))}; expected both X and Y {NO_FIX} (no "
            "position) or both in decimal degrees: correct the waypoint in SMART",
        )
        return position
    for name, what, limit in (("X", "longitude", 180.0), ("Y", "latitude", 90.0)):
        value = parse_number(field(name))
        if value is None or abs(value) > limit:
            problem = "is not a number" if value is None else f"is outside -{limit:g} to {limit:g}"
            fail(
                name,
                f"value {quote(field(name))} {problem}; expected the {what} in decimal "
                "degrees (WGS84), e.g. 76.55 for X and 42.81 for Y",
            )
        else:
            position[name] = value
    return position


def _species_count(cells: list[str], columns: Columns, fail: Fail) -> tuple[str, int]:
    """The species as exported ("" when none) and its count (1 when blank or no species)."""
    at = columns.species
    raw = cells[at].strip() if at is not None and at < len(cells) else ""
    count = 1
    if raw and columns.count is not None and columns.count < len(cells):
        text = cells[columns.count].strip()
        match = _COUNT.fullmatch(text)
        if text and (match is None or int(match.group(1)) < 1):
            name = columns.names[columns.count]
            fail(
                name,
                f"value {quote(text)} is not a positive whole number; expected the "
                "number of individuals (1, 2, ...), or leave it blank for 1",
            )
        elif text and match is not None:
            count = int(match.group(1))
    return raw, count


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> date | None:
    """A SMART date: 19-Jun-22, 19-июн-22, 19-мая-22, 19.06.2022, 2022-06-19 (yy = 20yy);
    None if it is none or its year is outside YEARS."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DOTTED.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _NAMED.fullmatch(text):
        name = match.group(2).casefold().replace("ё", "е")
        if name not in _MONTHS:
            return None
        day, month, year = int(match.group(1)), _MONTHS[name], int(match.group(3))
    else:
        return None
    if len(match.group(1 if match.re is _ISO else 3)) == 2:
        year += 2000
    if not YEARS[0] <= year <= YEARS[1]:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def parse_time(text: str) -> time | None:
    """A time of day: 8:49:33 AM, 12:05 PM, 08:49:33, 8:49; None if it is none."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[4].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_number(text: str) -> float | None:
    """A decimal number, with '.' or ',' as decimal separator; None if it is none."""
    text = text.strip()
    return float(text.replace(",", ".")) if _NUMBER.fullmatch(text) else None
