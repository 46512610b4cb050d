"""`read_smart`: an export read, its header matched and its rows checked, to `Parsed`."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from landscape.problems import RowProblems
from landscape.readers import MAX_TABLE_BYTES, too_large
from landscape.region import Region
from landscape.wildlife.model import (
    DatasetMeta,
    Parsed,
    empty_deployments,
    empty_observations,
    empty_patrols,
    empty_waypoints,
)
from landscape.wildlife.smart.columns import (
    CANONICAL_COUNT,
    CANONICAL_SPECIES,
    COUNTING,
    FIXED,
    KEPT,
    MAPPING_FILE,
    REQUIRED,
    name_key,
    zone_of,
)
from landscape.wildlife.smart.mapping import Mapping
from landscape.wildlife.smart.observations import observation_frame
from landscape.wildlife.smart.patrols import (
    check_patrols,
    check_region,
    first_rows,
    patrol_frame,
    say_no_fix,
    waypoint_frame,
)
from landscape.wildlife.smart.rows import Columns, Row, read_row

_CATEGORY = re.compile(r"observation category \d+")
# Attribute columns that name people: never read, and never accepted as the species or count
# column (a mapping naming one is an error). Matched as words of the column's name, in the
# languages of the exports seen: English, Russian, Kyrgyz, Kazakh, Indonesian.
_PERSONAL = re.compile(
    r"\b(?:leader|team|suspects?|offenders?|violators?|perpetrators?|informants?|observers?|"
    r"pelaku|tersangka|pelanggar|ketua|anggota|informan|"
    r"подозреваем\w*|нарушител\w*|наблюдател\w*|фио|лидер|команда)\b",
    re.IGNORECASE,
)


def read_smart(
    path: Path,
    shown: str,
    mapping: Mapping,
    species: pd.DataFrame,
    timezone: str | None = None,
    region: Region | None = None,
) -> Parsed:
    """Read a SMART observation-query export; see the package docstring. With a `region`, a
    waypoint outside it is an error (see landscape.region)."""
    meta = DatasetMeta(
        kind="smart",
        title=f"SMART patrol observations: {path.stem}",
        name=path.stem,
        counting=COUNTING,
    )
    report = RowProblems(shown)
    zone = _export_zone(timezone if timezone is not None else mapping.timezone, report)
    table = _table(path, report)
    if table is None or zone is None:
        return _result(meta, report)
    columns = _header(table[0], mapping, report)
    if columns is None:
        return _result(meta, report)
    rows = check_patrols(_rows(table, columns, zone, report), report)
    if region is not None:
        check_region(rows, region, report)
    if report.failed():
        return _result(meta, report)
    firsts = first_rows(rows, report)
    say_no_fix(list(firsts.values()), report)
    observations = observation_frame(rows, firsts, mapping, species, columns, report)
    patrols = patrol_frame(rows, firsts, "Patrol Leg ID" in columns.fixed)
    waypoints = waypoint_frame(list(firsts.values()))
    return _result(meta, report, observations, waypoints, patrols)


def _export_zone(name: str, report: RowProblems) -> ZoneInfo | None:
    """The zone of the export's local times; None (with an error) when it is not known."""
    zone = zone_of(name)
    if zone is None:
        report.add(
            "",
            "error",
            f"time zone {name!r} is not a known IANA time zone; give a zone such as "
            f'"Asia/Bishkek" or "Asia/Almaty" (timezone in {MAPPING_FILE})',
        )
    return zone


def _rows(
    table: list[list[str]], columns: Columns, zone: ZoneInfo, report: RowProblems
) -> list[Row]:
    """The checked data rows (blank lines skipped); an error when there are none at all."""
    rows = [
        row
        for number, cells in enumerate(table[1:], start=2)
        if any(c.strip() for c in cells)
        and (row := read_row(number, cells, columns, zone, report)) is not None
    ]
    if not rows and not report.failed():
        report.add(
            "",
            "error",
            "holds no data rows; export the observation query with its patrols selected",
        )
    return rows


def _result(meta: DatasetMeta, report: RowProblems, *frames: pd.DataFrame) -> Parsed:
    if not frames or report.failed():
        frames = (empty_observations(), empty_waypoints(), empty_patrols())
    observations, waypoints, patrols = frames
    return Parsed(meta, observations, empty_deployments(), report.finish(), waypoints, patrols)


def _table(path: Path, report: RowProblems) -> list[list[str]] | None:
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


def _header(cells: list[str], mapping: Mapping, report: RowProblems) -> Columns | None:
    """The header row's columns; None (with errors) when required ones are missing."""
    names = [c.replace("\ufeff", "").strip() for c in cells]
    fixed, attributes = _indices(names, report)
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
    picks = _picks(names, attributes, mapping, report)
    if missing or report.failed():
        return None
    kept = {name: index for name, index in fixed.items() if name in KEPT}
    return Columns(kept, picks["species"], picks["count"], names)


def _indices(names: list[str], report: RowProblems) -> tuple[dict[str, int], dict[str, int]]:
    """Field index of each fixed column (by its canonical name) and of each attribute column
    (by its compared name); a repeated column is warned about and its first field read."""
    by_key = {name_key(name): name for name in FIXED}
    fixed: dict[str, int] = {}
    attributes: dict[str, int] = {}
    for index, name in enumerate(names):
        canonical, key = by_key.get(name_key(name)), name_key(name)
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
    return fixed, attributes


def _picks(
    names: list[str], attributes: dict[str, int], mapping: Mapping, report: RowProblems
) -> dict[str, int | None]:
    """The field index of the species and of the count attribute (None: not found)."""
    found = ", ".join(names[i] for i in attributes.values()) or "none"
    picks: dict[str, int | None] = {}
    for what, wanted, canonical in (
        ("species", mapping.species_columns, CANONICAL_SPECIES),
        ("count", mapping.count_columns, CANONICAL_COUNT),
    ):
        picks[what] = next(
            (attributes[name_key(n)] for n in (*wanted, canonical) if name_key(n) in attributes),
            None,
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
    return picks
