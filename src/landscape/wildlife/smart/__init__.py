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

    columns.py       the fixed columns, KEPT, the shared helpers (names compared, zones)
    mapping.py       `read_mapping` (MAPPING_FILE) and `species_resolver`
    read.py          `read_smart`: the file split, the header matched, the steps below
    rows.py          one data row checked; `parse_date`, `parse_time`, `parse_number`
    patrols.py       patrol dates, waypoints, positions, patrol-days and distances
    observations.py  the wildlife records: rows with a species, names resolved
    write.py         `write_smart`: the de-personalised export
"""

from __future__ import annotations

from landscape.wildlife.smart.columns import (
    BASIS,
    CANONICAL_COUNT,
    CANONICAL_SPECIES,
    CAP,
    COUNTING,
    EARTH_RADIUS_KM,
    FIXED,
    KEPT,
    MAPPING_FILE,
    NO_FIX,
    REQUIRED,
    YEARS,
)
from landscape.wildlife.smart.mapping import Mapping, read_mapping, species_resolver
from landscape.wildlife.smart.patrols import haversine_km
from landscape.wildlife.smart.read import read_smart
from landscape.wildlife.smart.rows import parse_date, parse_number, parse_time
from landscape.wildlife.smart.write import WRITTEN, write_smart

__all__ = [
    "BASIS",
    "CANONICAL_COUNT",
    "CANONICAL_SPECIES",
    "CAP",
    "COUNTING",
    "EARTH_RADIUS_KM",
    "FIXED",
    "KEPT",
    "MAPPING_FILE",
    "NO_FIX",
    "REQUIRED",
    "WRITTEN",
    "YEARS",
    "Mapping",
    "haversine_km",
    "parse_date",
    "parse_number",
    "parse_time",
    "read_mapping",
    "read_smart",
    "species_resolver",
    "write_smart",
]
