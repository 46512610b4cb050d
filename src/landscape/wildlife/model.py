"""The normalised shape of wildlife data, shared by every reader, the store and the panels.

Each reader (Camtrap DP, Darwin Core) turns its format into a `Parsed`: one dataset's
metadata, its observation records and, for camera traps, its deployments, all in the columns
below. Everything downstream (privacy, filters, figures, the map) works on these columns only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from landscape.problems import Problem

KINDS = ("camtrap-dp", "dwc", "smart")

# One row per counted record (a detection for camera traps, an occurrence for Darwin Core).
# time: pandas datetime64[ns, UTC] (NaT when unknown); lat/lon: float64, NaN when the record
# has no coordinates; count: int64 >= 1 (individuals in the record).
OBSERVATION_COLUMNS: tuple[str, ...] = (
    "dataset",  # dataset id
    "record_id",  # observationID / occurrenceID, unique within the dataset
    "species",  # binomial without authorship ("Panthera uncia"), or a genus; None if unknown
    "scientific_name",  # as the source wrote it
    "time",
    "lat",
    "lon",
    "count",
    "deployment",  # Camtrap DP deploymentID; None for occurrences
    "basis",  # "camera trap" or the Darwin Core basisOfRecord
    "country",  # ISO 3166-1 alpha-2 code when the source gives one ("NA" is Namibia), else None
    "licence",  # the record's own licence when the source gives one per record, else None
    "withheld",  # what the source already withheld or generalised, or None
)

# Text columns of the records that repeat a few values over many rows: held as pandas
# categories once loaded (a million records filter, group and count several times faster, in
# a fraction of the memory). Never written that way: files keep plain text.
CATEGORICAL_OBSERVATIONS: tuple[str, ...] = (
    "dataset",
    "species",
    "scientific_name",
    "deployment",
    "basis",
    "country",
    "licence",
    "withheld",
    "park",
)


def categorical(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """`frame` with `columns` (those it has) as categories of their values."""
    present = [c for c in columns if c in frame]
    return frame.astype({c: "category" for c in present}) if present else frame


# One row per camera deployment. start/end: datetime64[ns, UTC]; camera_days: float64.
DEPLOYMENT_COLUMNS: tuple[str, ...] = (
    "dataset",
    "deployment",
    "location",
    "lat",
    "lon",
    "start",
    "end",
    "camera_days",
)


# SMART patrol data: one row per waypoint a patrol recorded (an observation's place), with
# time (datetime64[ns, UTC]) and lat/lon (float64). Never shown as points in the public view.
WAYPOINT_COLUMNS: tuple[str, ...] = (
    "dataset",
    "patrol",  # SMART Patrol ID
    "leg",  # SMART Patrol Leg ID, None when the export has none
    "waypoint",  # SMART Waypoint ID
    "time",
    "lat",
    "lon",
)

# One row per patrol. start/end: datetime64[ns, UTC] at midnight of the first and last day;
# days: float64 patrol-days (calendar days from start to end, both included);
# distance_km: float64, straight lines between the successive waypoints of each leg (a lower
# bound of the distance walked), NaN when the export gives no legs.
PATROL_COLUMNS: tuple[str, ...] = (
    "dataset",
    "patrol",
    "type",  # SMART patrol type (Ground, Vehicle, ...), as exported
    "transport",  # Patrol Transport Type, as exported
    "station",
    "start",
    "end",
    "days",
    "distance_km",
)


@dataclass(frozen=True)
class DatasetMeta:
    """What is known of a dataset as a whole: shown wherever its data is shown."""

    kind: str  # one of KINDS
    title: str
    citation: str = ""
    licence: str = ""
    url: str = ""
    name: str = ""  # the source's own id or name, used to derive a stable dataset id
    coordinate_precision: float | None = None
    counting: str = ""  # the counting rule applied, in one sentence


@dataclass
class Parsed:
    """A reader's result. `problems` holding any error means the input is rejected."""

    meta: DatasetMeta
    observations: pd.DataFrame
    deployments: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    waypoints: pd.DataFrame = field(default_factory=lambda: empty_waypoints())
    patrols: pd.DataFrame = field(default_factory=lambda: empty_patrols())
    # Darwin Core only: the source's own identifiers kept per record (dwc.KEPT_TERMS, as text,
    # one row per observation, in the same order), written back beside the records. None
    # when the source has none of them, or the reader keeps none.
    terms: pd.DataFrame | None = None


def empty_observations() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in OBSERVATION_COLUMNS})
    frame["time"] = pd.Series(dtype="datetime64[ns, UTC]")
    for column in ("lat", "lon"):
        frame[column] = pd.Series(dtype="float64")
    frame["count"] = pd.Series(dtype="int64")
    return frame


def empty_deployments() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in DEPLOYMENT_COLUMNS})
    for column in ("start", "end"):
        frame[column] = pd.Series(dtype="datetime64[ns, UTC]")
    for column in ("lat", "lon", "camera_days"):
        frame[column] = pd.Series(dtype="float64")
    return frame


def empty_waypoints() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in WAYPOINT_COLUMNS})
    frame["time"] = pd.Series(dtype="datetime64[ns, UTC]")
    for column in ("lat", "lon"):
        frame[column] = pd.Series(dtype="float64")
    return frame


def empty_patrols() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in PATROL_COLUMNS})
    for column in ("start", "end"):
        frame[column] = pd.Series(dtype="datetime64[ns, UTC]")
    for column in ("days", "distance_km"):
        frame[column] = pd.Series(dtype="float64")
    return frame


_EPITHET = re.compile(r"^[a-z][a-z-]+$")
_NOT_EPITHETS = {"sp", "spp", "cf", "aff", "var", "subsp", "ssp", "indet", "x"}


def binomial(name: object) -> str | None:
    """The binomial of a scientific name without authorship or infraspecific parts.

    "Panthera leo (Linnaeus, 1758)" -> "Panthera leo"; "Panthera leo melanochaita" ->
    "Panthera leo"; "Ardea" -> "Ardea"; "Ardea sp." -> "Ardea"; "" or None -> None.
    """
    if not isinstance(name, str):
        return None
    words = name.split()
    if not words or not words[0][:1].isupper():
        return None
    genus = words[0]
    if len(words) > 1:
        epithet = words[1].rstrip(".")
        if _EPITHET.match(epithet) and epithet not in _NOT_EPITHETS:
            return f"{genus} {epithet}"
    return genus
