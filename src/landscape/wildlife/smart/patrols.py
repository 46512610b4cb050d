"""Patrols and waypoints: dates checked, positions, patrol-days and distances."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from landscape.problems import RowProblems, quote
from landscape.region import Region, outside, position_message
from landscape.wildlife.model import (
    empty_patrols,
    empty_waypoints,
)
from landscape.wildlife.smart.columns import EARTH_RADIUS_KM, NO_FIX
from landscape.wildlife.smart.rows import Row


def check_patrols(rows: list[Row], report: RowProblems) -> list[Row]:
    """The rows, each patrol's end not before its start (else an error). A Patrol ID whose rows
    give other dates than its first row (two patrols under one id, or an id reused) is kept as
    two patrols, the later dates' one named "ID (start to end)", with a warning."""
    first: dict[str, Row] = {}
    named: dict[tuple[str, date, date], str] = {}
    out: list[Row] = []
    for row in rows:
        seen = first.setdefault(row.patrol, row)
        if (seen.start, seen.end) != (row.start, row.end):
            key = (row.patrol, row.start, row.end)
            if key not in named:
                named[key] = f"{row.patrol} ({row.start} to {row.end})"
                report.row(
                    "patrol dates",
                    row.number,
                    f"fields 'Patrol Start Date', 'Patrol End Date': patrol {quote(row.patrol)} "
                    f"runs {row.start} to {row.end} here but {seen.start} to {seen.end} in row "
                    f"{seen.number}; both are kept, as two patrols ({quote(row.patrol)} and "
                    f"{quote(named[key])}); if they are one patrol, give all its rows the same "
                    "dates in SMART and export again",
                    "warning",
                )
            row = replace(row, patrol=named[key])
        out.append(row)
    starts: dict[str, Row] = {}
    for row in out:
        starts.setdefault(row.patrol, row)
    for row in starts.values():
        if row.end < row.start:
            report.row(
                "Patrol End Date",
                row.number,
                f"field 'Patrol End Date': value "
                f"{row.end} of patrol {quote(row.patrol)} is before its Patrol Start "
                f"Date {row.start}; correct the dates in SMART and export again",
            )
    return out


def say_no_fix(waypoints: list[Row], report: RowProblems) -> None:
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


Key = tuple[str, str | None, str]  # (patrol, leg, waypoint)


def check_region(rows: list[Row], region: Region, report: RowProblems) -> None:
    """An error for every row whose waypoint lies outside `region`."""
    lon = np.fromiter((r.lon for r in rows), dtype="float64", count=len(rows))
    lat = np.fromiter((r.lat for r in rows), dtype="float64", count=len(rows))
    for position in np.flatnonzero(outside(lon, lat, region)):
        row = rows[position]
        text = position_message(
            f"{row.lon:g}", f"{row.lat:g}", row.lon, row.lat, region, ("X", "Y")
        )
        report.row("X, Y", row.number, text)


def first_rows(rows: list[Row], report: RowProblems) -> dict[Key, Row]:
    """The first row of each waypoint, in file order: its date, time and X/Y hold for all its
    rows (a waypoint whose rows disagree is warned about)."""
    firsts: dict[Key, Row] = {}
    for row in rows:
        seen = firsts.setdefault((row.patrol, row.leg, row.waypoint), row)
        if seen.time != row.time or not _same_place(seen, row):
            report.row(
                "waypoint",
                row.number,
                f"waypoint {quote(row.waypoint)} of patrol "
                f"{quote(row.patrol)} has another date, time or X/Y here than in row "
                f"{seen.number}; the values of row {seen.number} are used",
                "warning",
            )
    return firsts


def _same_place(a: Row, b: Row) -> bool:
    """Both at one position, or both without one."""
    if math.isnan(a.lat) or math.isnan(b.lat):
        return math.isnan(a.lat) and math.isnan(b.lat)
    return (a.lat, a.lon) == (b.lat, b.lon)


def typed_frame(columns: dict[str, list[Any]], empty: pd.DataFrame) -> pd.DataFrame:
    """A frame of `columns` (lists of equal length) in the columns and dtypes of `empty`;
    text columns are objects holding None, never NaN."""
    if not next(iter(columns.values())):
        return empty
    return pd.DataFrame(
        {name: pd.Series(columns[name], dtype=t) for name, t in empty.dtypes.items()}
    )


def waypoint_frame(firsts: list[Row]) -> pd.DataFrame:
    return typed_frame(
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


def patrol_frame(rows: list[Row], firsts: dict[Key, Row], has_legs: bool) -> pd.DataFrame:
    """One row per patrol: dates, patrol-days and the straight-line distance of its legs."""
    legs: dict[tuple[str, str | None], list[Row]] = {}
    for row in firsts.values():
        legs.setdefault((row.patrol, row.leg), []).append(row)
    distance: Counter[str] = Counter()
    for (patrol, _), points in legs.items():
        points = [r for r in points if not math.isnan(r.lat)]  # without a GPS fix: no place
        points.sort(key=lambda r: (r.time, _id_order(r.waypoint)))
        distance[patrol] += sum(
            haversine_km(a.lat, a.lon, b.lat, b.lon) for a, b in itertools.pairwise(points)
        )
    by_patrol: dict[str, list[Row]] = {}
    for row in rows:
        by_patrol.setdefault(row.patrol, []).append(row)
    members = list(by_patrol.values())
    starts, ends = [m[0].start for m in members], [m[0].end for m in members]
    return typed_frame(
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
