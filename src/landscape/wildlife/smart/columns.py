"""An export's columns: the fixed ones, those kept, those naming people; dates and names."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from landscape.problems import ROW_CAP

MAPPING_FILE = "smart-mapping.toml"
CANONICAL_SPECIES = "Species"  # always accepted as the species column, and written so
CANONICAL_COUNT = "Count"  # always accepted as the count column, and written so
BASIS = "patrol observation"
COUNTING = (
    "one record per SMART observation row with a species; count from the count attribute "
    "(1 when blank)"
)
CAP = ROW_CAP  # row problems of one kind reported before "... and N more rows"
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
NO_FIX = "1.00E-10"  # as SMART writes it, and as the stored copy keeps it


def name_key(text: str) -> str:
    """A name as compared: whitespace collapsed, case folded, 'ё' read as 'е'."""
    return " ".join(text.replace("\ufeff", "").split()).casefold().replace("ё", "е")


def zone_of(name: object) -> ZoneInfo | None:
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
