"""SMART Desktop observation-query exports (CSV): read, de-personalise, write back.

An export has the fixed columns (Patrol ID, Type, Patrol Start Date, Patrol End Date, Station,
Team, Objective, Mandate, Armed, Patrol Leg ID, Leader, Patrol Transport Type, Waypoint ID,
Waypoint Date, Waypoint Time, X, Y, sometimes Last Modified, Last Modified By, Comment), then
`Observation Category 0..n`, then one column per attribute of the park's data model, named in
the park's language. A mapping file (MAPPING_FILE) says which attribute columns hold the
species and the count, aliases of species names and the time zone of the local times.

Patrol data names people (Leader, Team, Last Modified By, free text, suspects such as "Nama
pelaku indikatif"). Only the columns in KEPT and the species and count attributes are read;
every other value is dropped as soon as a row is split and never reaches a frame, a message or
the written file. A column whose name says it names people (_PERSONAL) is refused as the
species or count column even when the mapping names it.

As exports come: X and Y 1.00E-10 (SMART's mark of a waypoint without a GPS fix) is a waypoint
with no position, kept; a Patrol ID whose rows give two date ranges is kept as two patrols,
with a warning; a species written "Vernacular - Scientific" is matched by its halves; an export
without a species column (logging, fires, encroachment) is patrol effort only, with a warning.

Bad input never raises: it becomes `Problem`s ("row N" as a spreadsheet numbers rows, the
header being row 1), and any error means the caller rejects the export.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from landscape.atomic import replace_file
from landscape.problems import Problem, Severity
from landscape.readers import MAX_TABLE_BYTES, read_toml, too_large
from landscape.region import Region, outside, position_message
from landscape.wildlife.model import (
    DatasetMeta,
    Parsed,
    binomial,
    empty_deployments,
    empty_observations,
    empty_patrols,
    empty_waypoints,
)

MAPPING_FILE = "smart-mapping.toml"
CANONICAL_SPECIES = "Species"  # always accepted as the species column, and written so
CANONICAL_COUNT = "Count"  # always accepted as the count column, and written so
BASIS = "patrol observation"
COUNTING = (
    "one record per SMART observation row with a species; count from the count attribute "
    "(1 when blank)"
)
CAP = 20  # row problems of one kind reported before "... and N more rows"
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
YEARS = (1900, 2199)  # years accepted in dates; two-digit years are 2000-2099


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split(", "))


FIXED = _names(
    "Patrol ID, Type, Patrol Start Date, Patrol End Date, Station, Team, Objective, "
    "Mandate, Armed, Patrol Leg ID, Leader, Patrol Transport Type, Waypoint ID, "
    "Waypoint Date, Waypoint Time, X, Y, Last Modified, Last Modified By, Comment"
)
REQUIRED = _names("Patrol ID, Patrol Start Date, Patrol End Date, Waypoint ID, Waypoint Date, X, Y")
# The only fixed columns read (and written); the rest may name people or hold free text.
KEPT = _names(
    "Patrol ID, Type, Patrol Start Date, Patrol End Date, Station, Patrol Leg ID, "
    "Patrol Transport Type, Waypoint ID, Waypoint Date, Waypoint Time, X, Y"
)
_CATEGORY = re.compile(r"observation category \d+")
# SMART writes X and Y 1.00E-10 for a waypoint recorded without a GPS fix: no position.
_NO_FIX = re.compile(r"\+?1(?:[.,]0*)?[eE]-0?10")
NO_FIX = "1.00E-10"  # as SMART writes it, and as the stored copy keeps it
# Attribute columns that name people: never read, and never accepted as the species or count
# column (a mapping naming one is an error). Matched as words of the column's name, in the
# languages of the exports seen: English, Russian, Kyrgyz, Kazakh, Indonesian.
_PERSONAL = re.compile(
    r"\b(?:leader|team|suspects?|offenders?|violators?|perpetrators?|informants?|observers?|"
    r"pelaku|tersangka|pelanggar|ketua|anggota|informan|"
    r"подозреваем\w*|нарушител\w*|наблюдател\w*|фио|лидер|команда)\b",
    re.IGNORECASE,
)
# A species written "Vernacular - Scientific" (or the other way round): its two halves.
_HALVES = re.compile(r"\s+[-\u2013\u2014]\s+")
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
class Mapping:
    """Which attribute columns hold species and count, species aliases, the export's zone."""

    species_columns: tuple[str, ...]
    count_columns: tuple[str, ...]
    aliases: dict[str, str]  # normalised SMART name (see _key) -> scientific name
    timezone: str  # IANA zone of the export's local dates and times


def _key(text: str) -> str:
    """A name as compared: whitespace collapsed, case folded, 'ё' read as 'е'."""
    return " ".join(text.replace("\ufeff", "").split()).casefold().replace("ё", "е")


def _quote(text: str) -> str:
    """A value for a message: quoted, line breaks shown as \\n, at most 60 characters."""
    flat = text.replace("\r", "").replace("\n", "\\n")
    return "'" + (flat if len(flat) <= 60 else flat[:57] + "...") + "'"


def _zone(name: object) -> ZoneInfo | None:
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


# -- the mapping file ------------------------------------------------------------------------


def read_mapping(path: Path, shown: str) -> tuple[Mapping | None, list[Problem]]:
    """Read a mapping file; None (with errors) when it cannot be used."""
    problems: list[Problem] = []

    def add(locator: str, severity: Severity, message: str) -> None:
        problems.append(Problem(shown, locator, severity, message))

    doc, unreadable = read_toml(path, shown)
    if doc is None:
        return None, unreadable
    for name in sorted(set(doc) - {"timezone", "columns", "species"}):
        add(
            name,
            "warning",
            f"unknown key '{name}' is ignored; expected timezone, [columns], [species]",
        )
    zone = doc.get("timezone")
    if _zone(zone) is None:
        shown_zone = "missing" if zone is None else f"{zone!r}, not a known IANA time zone"
        add(
            "timezone",
            "error",
            f"timezone is {shown_zone}; set it to the zone of the "
            'export\'s local times, e.g. timezone = "Asia/Bishkek" or "Asia/Almaty"',
        )
    columns = doc.get("columns")
    lists: dict[str, tuple[str, ...]] = {}
    if not isinstance(columns, dict):
        add(
            "columns",
            "error",
            "[columns] is missing; add [columns] with species = [...] "
            "and count = [...] (the attribute column names)",
        )
    else:
        for name in sorted(set(columns) - {"species", "count"}):
            add(
                f"columns.{name}",
                "warning",
                f"unknown key '{name}' in [columns] is ignored; expected species and count",
            )
        for name in ("species", "count"):
            value = columns.get(name)
            ok = (
                isinstance(value, list)
                and value
                and all(isinstance(v, str) and v.strip() for v in value)
            )
            if ok:
                lists[name] = tuple(v.strip() for v in value)
            else:
                add(
                    f"columns.{name}",
                    "error",
                    f"[columns] {name} is {value!r}; expected a "
                    'non-empty list of column names in quotes, e.g. ["Species", "Вид"]',
                )
    aliases = _aliases(doc.get("species", {}), add)
    if any(p.severity == "error" for p in problems) or aliases is None:
        return None, problems
    mapping = Mapping(lists["species"], lists["count"], aliases, str(zone).strip())
    return mapping, problems


def _aliases(table: object, add: Callable[[str, Severity, str], None]) -> dict[str, str] | None:
    """[species]: SMART name -> scientific name, keys normalised; None after an error."""
    if not isinstance(table, dict):
        add(
            "species",
            "error",
            '[species] must be a table of "SMART name" = "Scientific name" lines',
        )
        return None
    aliases: dict[str, str] = {}
    ok = True
    for name, target in table.items():
        if not isinstance(target, str) or binomial(target.strip()) is None:
            add(
                f"species.{name}",
                "error",
                f"alias {name!r} = {target!r} is not a scientific "
                'name; expected e.g. "Panthera uncia"',
            )
            ok = False
            continue
        key = _key(name)
        if key in aliases and aliases[key] != target.strip():
            add(
                f"species.{name}",
                "error",
                f"alias {name!r} differs only in case or spaces "
                f"from another alias with another species ({aliases[key]!r}); keep one",
            )
            ok = False
        aliases[key] = target.strip()
    return aliases if ok else None


# -- reading an export -----------------------------------------------------------------------


class _Report:
    """The problems of one export; row problems capped at CAP per kind."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self._seen: Counter[str] = Counter()
        self._more: dict[str, tuple[int, Severity]] = {}

    def add(self, locator: str, severity: Severity, message: str) -> None:
        self.problems.append(Problem(self.shown, locator, severity, message))

    def row(self, kind: str, number: int, message: str, severity: Severity = "error") -> None:
        self._seen[kind] += 1
        if self._seen[kind] <= CAP:
            self.add(f"row {number}", severity, message)
        else:
            count, _ = self._more.get(kind, (0, severity))
            self._more[kind] = (count + 1, severity)

    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def finish(self) -> list[Problem]:
        for kind, (count, severity) in self._more.items():
            self.add(kind, severity, f"... and {count} more rows with the same problem ({kind})")
        self._more = {}
        return self.problems


@dataclass(frozen=True)
class _Columns:
    """Field index of each kept fixed column, and of the species and count attributes."""

    fixed: dict[str, int]
    species: int | None  # None: an export without species (logging, fire): patrol effort only
    count: int | None
    names: list[str]  # the header cells as exported (for messages)


@dataclass(frozen=True)
class _Row:
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


def read_smart(
    path: Path,
    shown: str,
    mapping: Mapping,
    species: pd.DataFrame,
    timezone: str | None = None,
    region: Region | None = None,
) -> Parsed:
    """Read a SMART observation-query export; see the module docstring. With a `region`, a
    waypoint outside it is an error (see landscape.region)."""
    meta = DatasetMeta(
        kind="smart",
        title=f"SMART patrol observations: {path.stem}",
        name=path.stem,
        counting=COUNTING,
    )
    report = _Report(shown)
    zone_name = timezone if timezone is not None else mapping.timezone
    zone = _zone(zone_name)
    if zone is None:
        report.add(
            "",
            "error",
            f"time zone {zone_name!r} is not a known IANA time zone; give a zone such as "
            f'"Asia/Bishkek" or "Asia/Almaty" (timezone in {MAPPING_FILE})',
        )
    table = _table(path, report)
    if table is None or zone is None:
        return _result(meta, report)
    columns = _header(table[0], mapping, report)
    if columns is None:
        return _result(meta, report)
    rows = [
        row
        for number, cells in enumerate(table[1:], start=2)
        if any(c.strip() for c in cells)
        and (row := _row(number, cells, columns, zone, report)) is not None
    ]
    if not rows and not report.failed():
        report.add(
            "",
            "error",
            "holds no data rows; export the observation query with its patrols selected",
        )
    rows = _check_patrols(rows, report)
    if region is not None:
        _check_region(rows, region, report)
    if report.failed():
        return _result(meta, report)
    firsts = _first_rows(rows, report)
    _say_no_fix(list(firsts.values()), report)
    observations = _observations(rows, firsts, mapping, species, columns, report)
    patrols = _patrols(rows, firsts, "Patrol Leg ID" in columns.fixed)
    waypoints = _waypoint_frame(list(firsts.values()))
    return _result(meta, report, observations, waypoints, patrols)


def _result(meta: DatasetMeta, report: _Report, *frames: pd.DataFrame) -> Parsed:
    if not frames or report.failed():
        frames = (empty_observations(), empty_waypoints(), empty_patrols())
    observations, waypoints, patrols = frames
    return Parsed(meta, observations, empty_deployments(), report.finish(), waypoints, patrols)


def _table(path: Path, report: _Report) -> list[list[str]] | None:
    """Every record of the file, split with the delimiter sniffed from the header line."""
    refused = too_large(path, MAX_TABLE_BYTES)
    if refused:
        report.add("", "error", refused)
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add("", "error", f"cannot be read ({exc.strerror or exc}); check the path")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.add(
            "",
            "error",
            f"is not UTF-8 text (byte {exc.start}, line {line}); save the "
            "export as UTF-8 (in a spreadsheet: CSV UTF-8)",
        )
        return None
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        report.add(
            f"line {reader.line_num}",
            "error",
            f'cannot be split into fields ({exc}); a value opens a quote (") that never '
            "closes, or has text after its closing quote: correct the quotes",
        )
        return None
    if not records or not any(c.strip() for c in records[0]):
        report.add(
            "",
            "error",
            "is empty; expected a SMART observation query export with a "
            "header row (Patrol ID, ..., X, Y, Observation Category 0, ...)",
        )
        return None
    return records


def _header(cells: list[str], mapping: Mapping, report: _Report) -> _Columns | None:
    names = [c.replace("\ufeff", "").strip() for c in cells]
    by_key = {_key(name): name for name in FIXED}
    fixed: dict[str, int] = {}
    attributes: dict[str, int] = {}
    for index, name in enumerate(names):
        canonical, key = by_key.get(_key(name)), _key(name)
        target, label = (fixed, canonical) if canonical else (attributes, key)
        if not name or _CATEGORY.fullmatch(key):
            continue
        if label in target:
            report.add(
                name,
                "warning",
                f"column '{name}' appears twice (fields "
                f"{target[label] + 1} and {index + 1}); the first is read",
            )
            continue
        target[label] = index
    missing = [c for c in REQUIRED if c not in fixed]
    if missing:
        report.add(
            "",
            "error",
            "missing required columns: "
            + ", ".join(missing)
            + "; found: "
            + ", ".join(n for n in names if n)
            + "; export the observation query with "
            "its patrol and waypoint columns, or correct the header row",
        )
    found = ", ".join(names[i] for i in attributes.values()) or "none"
    picks: dict[str, int | None] = {}
    for what, wanted, canonical in (
        ("species", mapping.species_columns, CANONICAL_SPECIES),
        ("count", mapping.count_columns, CANONICAL_COUNT),
    ):
        picks[what] = next(
            (attributes[_key(n)] for n in (*wanted, canonical) if _key(n) in attributes), None
        )
        index = picks[what]
        if index is not None and _PERSONAL.search(names[index]):
            report.add(
                names[index],
                "error",
                f"column '{names[index]}' names people, so it is never read; it cannot be the "
                f"{what} column: remove it from [columns] {what} in {MAPPING_FILE}",
            )
    if picks["species"] is None:
        report.add(
            "",
            "warning",
            f"no species column: no attribute column ({found}) is named as in [columns] species "
            f"of {MAPPING_FILE}; the export is read as patrol effort only (patrols, "
            "patrol-days, distance, coverage), with no wildlife records. If a column holds "
            f"species, add its name to [columns] species in {MAPPING_FILE} and import again",
        )
    elif picks["count"] is None:
        report.add(
            "",
            "warning",
            f"no count column: no attribute column ({found}) is named as in [columns] count of "
            f"{MAPPING_FILE}; every observation counts as 1; add the column name to [columns] "
            f"count in {MAPPING_FILE}",
        )
    species = picks["species"]
    if missing or report.failed():
        return None
    kept = {name: index for name, index in fixed.items() if name in KEPT}
    return _Columns(kept, species, picks["count"], names)


def _row(
    number: int, cells: list[str], columns: _Columns, zone: ZoneInfo, report: _Report
) -> _Row | None:
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
    dates: dict[str, date] = {}
    for name in ("Patrol Start Date", "Patrol End Date", "Waypoint Date"):
        parsed = parse_date(field(name))
        if parsed is None:
            fail(name, f"value {_quote(field(name))} is not a date; expected {_DATE_FORMS}")
        else:
            dates[name] = parsed
    clock = parse_time(field("Waypoint Time")) if field("Waypoint Time") else time(0)
    if clock is None:
        fail(
            "Waypoint Time",
            f"value {_quote(field('Waypoint Time'))} is not a time of day; expected {_TIME_FORMS}",
        )
    position: dict[str, float] = {}
    no_fix = [bool(_NO_FIX.fullmatch(field(name))) for name in ("X", "Y")]
    if all(no_fix):  # SMART's mark of a waypoint without a GPS fix: no position
        position = {"X": math.nan, "Y": math.nan}
    elif any(no_fix):
        marked, other = ("X", "Y") if no_fix[0] else ("Y", "X")
        fail(
            marked,
            f"value {_quote(field(marked))} is SMART's mark of a waypoint without a GPS fix, "
            f"but {other} is {_quote(field(other))}; expected both X and Y {NO_FIX} (no "
            "position) or both in decimal degrees: correct the waypoint in SMART",
        )
    for name, what, limit in (("X", "longitude", 180.0), ("Y", "latitude", 90.0)):
        if any(no_fix):
            break
        value = parse_number(field(name))
        if value is None or abs(value) > limit:
            problem = "is not a number" if value is None else f"is outside -{limit:g} to {limit:g}"
            fail(
                name,
                f"value {_quote(field(name))} {problem}; expected the {what} in decimal "
                "degrees (WGS84), e.g. 76.55 for X and 42.81 for Y",
            )
        else:
            position[name] = value
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
                f"value {_quote(text)} is not a positive whole number; expected the "
                "number of individuals (1, 2, ...), or leave it blank for 1",
            )
        elif text and match is not None:
            count = int(match.group(1))
    if not ok or clock is None:
        return None
    local = datetime.combine(dates["Waypoint Date"], clock).replace(tzinfo=zone)
    return _Row(
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


def _check_patrols(rows: list[_Row], report: _Report) -> list[_Row]:
    """The rows, each patrol's end not before its start (else an error). A Patrol ID whose rows
    give other dates than its first row (two patrols under one id, or an id reused) is kept as
    two patrols, the later dates' one named "ID (start to end)", with a warning."""
    first: dict[str, _Row] = {}
    named: dict[tuple[str, date, date], str] = {}
    out: list[_Row] = []
    for row in rows:
        seen = first.setdefault(row.patrol, row)
        if (seen.start, seen.end) != (row.start, row.end):
            key = (row.patrol, row.start, row.end)
            if key not in named:
                named[key] = f"{row.patrol} ({row.start} to {row.end})"
                report.row(
                    "patrol dates",
                    row.number,
                    f"fields 'Patrol Start Date', 'Patrol End Date': patrol {_quote(row.patrol)} "
                    f"runs {row.start} to {row.end} here but {seen.start} to {seen.end} in row "
                    f"{seen.number}; both are kept, as two patrols ({_quote(row.patrol)} and "
                    f"{_quote(named[key])}); if they are one patrol, give all its rows the same "
                    "dates in SMART and export again",
                    "warning",
                )
            row = replace(row, patrol=named[key])
        out.append(row)
    starts: dict[str, _Row] = {}
    for row in out:
        starts.setdefault(row.patrol, row)
    for row in starts.values():
        if row.end < row.start:
            report.row(
                "Patrol End Date",
                row.number,
                f"field 'Patrol End Date': value "
                f"{row.end} of patrol {_quote(row.patrol)} is before its Patrol Start "
                f"Date {row.start}; correct the dates in SMART and export again",
            )
    return out


def _say_no_fix(waypoints: list[_Row], report: _Report) -> None:
    """One warning for the waypoints recorded without a GPS fix (kept, with no position)."""
    unplaced = [r for r in waypoints if math.isnan(r.lat)]
    if unplaced:
        count = len(unplaced)
        report.add(
            "X, Y",
            "warning",
            f"{count} waypoint{'s' * (count != 1)} (first in row {unplaced[0].number}) "
            f"{'have' if count != 1 else 'has'} X and Y {NO_FIX}, SMART's mark of a waypoint "
            "recorded without a GPS fix: kept with no position (their patrols count, their "
            "observations are counted but not mapped, and they add nothing to distance or "
            "coverage)",
        )


_Key = tuple[str, str | None, str]  # (patrol, leg, waypoint)


def _check_region(rows: list[_Row], region: Region, report: _Report) -> None:
    """An error for every row whose waypoint lies outside `region`."""
    lon = np.fromiter((r.lon for r in rows), dtype="float64", count=len(rows))
    lat = np.fromiter((r.lat for r in rows), dtype="float64", count=len(rows))
    for position in np.flatnonzero(outside(lon, lat, region)):
        row = rows[position]
        text = position_message(
            f"{row.lon:g}", f"{row.lat:g}", row.lon, row.lat, region, ("X", "Y")
        )
        report.row("X, Y", row.number, text)


def _first_rows(rows: list[_Row], report: _Report) -> dict[_Key, _Row]:
    """The first row of each waypoint, in file order: its date, time and X/Y hold for all its
    rows (a waypoint whose rows disagree is warned about)."""
    firsts: dict[_Key, _Row] = {}
    for row in rows:
        seen = firsts.setdefault((row.patrol, row.leg, row.waypoint), row)
        if seen.time != row.time or not _same_place(seen, row):
            report.row(
                "waypoint",
                row.number,
                f"waypoint {_quote(row.waypoint)} of patrol "
                f"{_quote(row.patrol)} has another date, time or X/Y here than in row "
                f"{seen.number}; the values of row {seen.number} are used",
                "warning",
            )
    return firsts


def _same_place(a: _Row, b: _Row) -> bool:
    """Both at one position, or both without one."""
    if math.isnan(a.lat) or math.isnan(b.lat):
        return math.isnan(a.lat) and math.isnan(b.lat)
    return (a.lat, a.lon) == (b.lat, b.lon)


def _frame(columns: dict[str, list[Any]], empty: pd.DataFrame) -> pd.DataFrame:
    """A frame of `columns` (lists of equal length) in the columns and dtypes of `empty`;
    text columns are objects holding None, never NaN."""
    if not next(iter(columns.values())):
        return empty
    return pd.DataFrame(
        {name: pd.Series(columns[name], dtype=t) for name, t in empty.dtypes.items()}
    )


def _waypoint_frame(firsts: list[_Row]) -> pd.DataFrame:
    return _frame(
        {
            "dataset": [""] * len(firsts),
            "patrol": [r.patrol for r in firsts],
            "leg": [r.leg for r in firsts],
            "waypoint": [r.waypoint for r in firsts],
            "time": [r.time for r in firsts],
            "lat": [r.lat for r in firsts],
            "lon": [r.lon for r in firsts],
        },
        empty_waypoints(),
    )


def species_resolver(
    aliases: dict[str, str], table: pd.DataFrame
) -> Callable[[str], tuple[str | None, bool]]:
    """SMART species name -> (binomial, guessed): the aliases, then species.toml's scientific
    and common names, then the name itself when it is a binomial ("guessed" when species.toml
    does not know that binomial: it may be a common name such as "Red fox"); None when nothing
    matches. A name written "Vernacular - Scientific" (some data models label their species so)
    is matched by its halves, the last (the scientific name) first: matched whole, "Beruang
    madu - Helarctos malayanus" would be read as the binomial "Beruang madu"."""
    lookup: dict[str, str] = {}
    for record in table.to_dict("records"):
        scientific = binomial(record.get("scientific_name"))
        if scientific is None:
            continue
        lookup.setdefault(_key(scientific), scientific)
        for column in ("scientific_name", "name_en", "name_ru", "name_ky", "name_kk"):
            value = record.get(column)
            if isinstance(value, str) and value.strip():
                lookup.setdefault(_key(value), scientific)
    lookup.update({key: binomial(value) or value for key, value in aliases.items()})

    def guess(name: str) -> tuple[str | None, bool]:
        found = binomial(" ".join(name.split()))
        if found is None or " " not in found:
            return None, False
        return lookup.get(_key(found), found), _key(found) not in lookup

    def resolve(name: str) -> tuple[str | None, bool]:
        found = lookup.get(_key(name))
        if found is not None:
            return found, False
        halves = [h for h in _HALVES.split(name.strip()) if h.strip()]
        if len(halves) < 2:
            return guess(name)
        for half in reversed(halves):
            found = lookup.get(_key(half))
            if found is not None:
                return found, False
        for half in reversed(halves):
            result = guess(half)
            if result[0] is not None:
                return result
        return None, False

    return resolve


def _observations(
    rows: list[_Row],
    firsts: dict[_Key, _Row],
    mapping: Mapping,
    table: pd.DataFrame,
    columns: _Columns,
    report: _Report,
) -> pd.DataFrame:
    """Rows with a species, grouped by waypoint (file order within one), at its time and X/Y."""
    order = {key: position for position, key in enumerate(firsts)}
    picked = sorted(
        (r for r in rows if r.species), key=lambda r: order[(r.patrol, r.leg, r.waypoint)]
    )
    resolve = species_resolver(mapping.aliases, table)
    numbers: Counter[tuple[str, str]] = Counter()
    doubtful: dict[tuple[str, str | None], list[int]] = {}  # unknown or guessed -> rows
    ids, found, places = [], [], []
    for row in picked:
        numbers[(row.patrol, row.waypoint)] += 1
        ids.append(f"{row.patrol}/{row.waypoint}/{numbers[(row.patrol, row.waypoint)]}")
        name, guessed = resolve(row.species)
        found.append(name)
        if name is None or guessed:
            doubtful.setdefault((row.species, name), []).append(row.number)
        places.append(firsts[(row.patrol, row.leg, row.waypoint)])
    for (raw, name), rows_of in doubtful.items():
        what = (
            "matches no species in species.toml"
            if name is None
            else f"is not in species.toml and is read as the scientific name {_quote(name)}"
        )
        report.add(
            columns.names[columns.species],
            "warning",
            f"SMART species {_quote(raw)} ({len(rows_of)} row{'s' * (len(rows_of) != 1)}, "
            f"first row {rows_of[0]}) {what}; add an alias under [species] in {MAPPING_FILE} "
            "or a [[species]] entry",
        )
    none = [None] * len(picked)
    return _frame(
        {
            "dataset": [""] * len(picked),
            "record_id": ids,
            "species": found,
            "scientific_name": [r.species for r in picked],
            "time": [p.time for p in places],
            "lat": [p.lat for p in places],
            "lon": [p.lon for p in places],
            "count": [r.count for r in picked],
            "deployment": none,
            "basis": [BASIS] * len(picked),
            "country": none,
            "licence": none,
            "withheld": none,
        },
        empty_observations(),
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of radius EARTH_RADIUS_KM."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _id_order(text: str) -> tuple[int, int, str]:
    """Waypoint IDs in numeric order when they are numbers ("2" before "10")."""
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _joined(values: list[str]) -> str | None:
    """The distinct non-blank values in order, joined with ", "; None if none."""
    distinct = list(dict.fromkeys(v for v in values if v))
    return ", ".join(distinct) if distinct else None


def _patrols(rows: list[_Row], firsts: dict[_Key, _Row], has_legs: bool) -> pd.DataFrame:
    """One row per patrol: dates, patrol-days and the straight-line distance of its legs."""
    legs: dict[tuple[str, str | None], list[_Row]] = {}
    for row in firsts.values():
        legs.setdefault((row.patrol, row.leg), []).append(row)
    distance: Counter[str] = Counter()
    for (patrol, _), points in legs.items():
        points = [r for r in points if not math.isnan(r.lat)]  # without a GPS fix: no place
        points.sort(key=lambda r: (r.time, _id_order(r.waypoint)))
        distance[patrol] += sum(
            haversine_km(a.lat, a.lon, b.lat, b.lon) for a, b in itertools.pairwise(points)
        )
    by_patrol: dict[str, list[_Row]] = {}
    for row in rows:
        by_patrol.setdefault(row.patrol, []).append(row)
    members = list(by_patrol.values())
    starts, ends = [m[0].start for m in members], [m[0].end for m in members]
    return _frame(
        {
            "dataset": [""] * len(members),
            "patrol": list(by_patrol),
            "type": [_joined([r.type for r in m]) for m in members],
            "transport": [_joined([r.transport for r in m]) for m in members],
            "station": [_joined([r.station for r in m]) for m in members],
            "start": [pd.Timestamp(d.isoformat(), tz="UTC") for d in starts],
            "end": [pd.Timestamp(d.isoformat(), tz="UTC") for d in ends],
            "days": [float((e - s).days + 1) for s, e in zip(starts, ends, strict=True)],
            "distance_km": [distance[p] if has_legs else math.nan for p in by_patrol],
        },
        empty_patrols(),
    )


# -- writing ---------------------------------------------------------------------------------


def _coordinate(value: float) -> str:
    """X or Y as written back: the float's repr, or SMART's 1.00E-10 for no position."""
    number = float(value)
    return NO_FIX if math.isnan(number) else repr(number)


WRITTEN = (*KEPT, CANONICAL_SPECIES, CANONICAL_COUNT)


def write_smart(parsed: Parsed, path: Path, timezone: str) -> None:
    """Write the de-personalised export: the SMART layout with only the columns in WRITTEN.

    Dates are ISO (2022-06-19), Waypoint Time is HH:MM:SS local time in `timezone` (an IANA
    zone: read the file back with the same one), X/Y the float's repr, Species the SMART name
    as exported and Count the individuals. A waypoint without observations is one row with an
    empty Species, so `read_smart` gives the same observations, waypoints and patrols back.
    Patrol Leg ID is left out when no patrol has a distance (the export had no legs).
    """
    zone = ZoneInfo(timezone)
    has_legs = bool(parsed.patrols["distance_km"].notna().any())
    header = [c for c in WRITTEN if has_legs or c != "Patrol Leg ID"]
    patrols = {p["patrol"]: p for p in parsed.patrols.to_dict("records")}
    at: dict[str, list[dict[str, Any]]] = {}
    for record in parsed.observations.to_dict("records"):
        at.setdefault(str(record["record_id"]).rsplit("/", 1)[0], []).append(record)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for waypoint in parsed.waypoints.to_dict("records"):
        patrol = patrols[waypoint["patrol"]]
        local = waypoint["time"].tz_convert(zone)
        values = {
            "Patrol ID": waypoint["patrol"],
            "Type": patrol["type"] or "",
            "Patrol Start Date": patrol["start"].date().isoformat(),
            "Patrol End Date": patrol["end"].date().isoformat(),
            "Station": patrol["station"] or "",
            "Patrol Leg ID": waypoint["leg"] or "",
            "Patrol Transport Type": patrol["transport"] or "",
            "Waypoint ID": waypoint["waypoint"],
            "Waypoint Date": local.date().isoformat(),
            "Waypoint Time": local.strftime("%H:%M:%S"),
            "X": _coordinate(waypoint["lon"]),
            "Y": _coordinate(waypoint["lat"]),
        }
        found = at.pop(f"{waypoint['patrol']}/{waypoint['waypoint']}", [])
        for record in found or [None]:
            species = {
                CANONICAL_SPECIES: "" if record is None else record["scientific_name"],
                CANONICAL_COUNT: "" if record is None else str(int(record["count"])),
            }
            writer.writerow([{**values, **species}[c] for c in header])
    data = buffer.getvalue().encode("utf-8")
    replace_file(path, lambda tmp: tmp.write_bytes(data))
