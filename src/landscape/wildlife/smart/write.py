"""`write_smart`: the de-personalised export written back in the SMART layout."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from landscape.atomic import replace_file
from landscape.wildlife.model import (
    Parsed,
)
from landscape.wildlife.smart.columns import CANONICAL_COUNT, CANONICAL_SPECIES, KEPT, NO_FIX


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
