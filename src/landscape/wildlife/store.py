"""Where imported wildlife data lives in a data directory, and how it is loaded.

    observations/<dataset-id>/dataset.toml     citation, licence, synthetic flag, provenance
    observations/<dataset-id>/datapackage.json + deployments.csv, media.csv, observations.csv
                                                (a Camtrap DP package, as imported), or
    observations/<dataset-id>/occurrence.txt   (Darwin Core occurrences, normalised), or
    observations/<dataset-id>/patrols.csv      (a SMART patrol export without personal columns)
    observations/<dataset-id>/normalised/      a columnar copy as parsed (normalised.py)

Each dataset stays in its own standard format, so the data manager can open it with the tools
partners already use. Loading re-validates it with the same reader the importer used. Folders
whose names start with "." are importers' work in progress and are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd
import shapely

from landscape.problems import Problem
from landscape.readers import read_toml
from landscape.region import Region
from landscape.schema import DATASET
from landscape.settings import check_settings, unknown_keys
from landscape.wildlife import normalised
from landscape.wildlife.formats import BY_KIND, Names
from landscape.wildlife.formats import CAMTRAP_FILE as CAMTRAP_FILE
from landscape.wildlife.formats import DWC_FILE as DWC_FILE
from landscape.wildlife.formats import SMART_FILE as SMART_FILE
from landscape.wildlife.model import (
    KINDS,
    DatasetMeta,
    Parsed,
    empty_deployments,
    empty_observations,
    empty_patrols,
    empty_waypoints,
)

FOLDER = "observations"
META_FILE = "dataset.toml"
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

DATASET_COLUMNS = (
    "id",
    "kind",
    "title",
    "citation",
    "licence",
    "url",
    "synthetic",
    "records",
    "counting",
)


@dataclass(frozen=True)
class Record:
    """dataset.toml: what the dashboard shows about a dataset. The data manager may edit it."""

    id: str
    kind: str
    title: str
    citation: str = ""
    licence: str = ""
    url: str = ""
    # How the records were obtained when they were fetched rather than imported from a file:
    # the query, its date and the client (`landscape fetch gbif`); written only when set.
    query: str = ""
    synthetic: bool = False
    imported_from: str = ""  # the file or folder name, never a full path
    sha256: str = ""  # of the imported input, to recognise a repeated import
    imported: str = ""  # ISO date
    timezone: str = ""  # SMART only: the IANA time zone of the export's local dates and times
    # Imported with --allow-outside: its positions may lie outside the landscape (region.py)
    outside_landscape: bool = False


# The Record fields holding true or false; every other field holds text (schema.DATASET).
BOOL_FIELDS = tuple(f.name for f in DATASET.table("").fields if f.kind == "bool")
# Written only when true (or not empty), so that the files of other datasets stay as they were.
WRITTEN_WHEN_TRUE = ("outside_landscape", "query")
DATASET_THEN = "the dataset is left out until it is corrected"


def slug(text: str) -> str:
    """A dataset id from a name or title: lowercase ASCII words joined by '-'."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:48].strip("-")


def valid_id(value: str) -> bool:
    return bool(_ID.match(value))


def record_toml(record: Record) -> str:
    """dataset.toml text, with a header saying what may be edited."""
    lines = [
        "# Metadata of one imported dataset, written by `landscape import`. You may edit",
        "# title, citation, licence and url; they are shown wherever this data is shown.",
    ]
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name in WRITTEN_WHEN_TRUE and not value:
            continue
        if isinstance(value, bool):
            lines.append(f"{f.name} = {'true' if value else 'false'}")
        else:
            escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            lines.append(f'{f.name} = "{escaped}"')
    return "\n".join(lines) + "\n"


def read_record(folder: Path, shown: str) -> tuple[Record | None, list[Problem]]:
    path = folder / META_FILE
    where = f"{shown}/{META_FILE}"
    if not path.exists():
        return None, [Problem(where, "", "error", "file is missing; re-import the dataset")]
    doc, unreadable = read_toml(path, where)
    if doc is None:
        return None, unreadable
    known = {f.name for f in fields(Record)}
    problems = unknown_keys(doc, DATASET.table(""), where)
    values = {k: v for k, v in doc.items() if k in known}
    if values.get("id") != folder.name:
        problems.append(
            Problem(
                where,
                "id",
                "error",
                f"id {values.get('id')!r} differs from the folder name {folder.name!r}; "
                "make them equal",
            )
        )
        return None, problems
    if values.get("kind") not in KINDS:
        problems.append(
            Problem(
                where,
                "kind",
                "error",
                f"value {values.get('kind')!r} is not a known kind; expected one of "
                f"{', '.join(KINDS)}",
            )
        )
        return None, problems
    _, wrong = check_settings(DATASET.table(""), values, where, DATASET_THEN)
    if wrong:
        return None, [*problems, *wrong]
    try:
        record = Record(**values)
    except TypeError as exc:
        return None, [*problems, Problem(where, "", "error", f"{exc}; expected id, kind, title")]
    return record, problems


def read_dataset(
    folder: Path, record: Record, shown: str, names: Names, region: Region | None = None
) -> Parsed:
    """The dataset in `folder`: its normalised copy when that is current (normalised.py),
    else read with its format's reader. With a `region`, positions outside it are errors,
    unless dataset.toml says outside_landscape = true."""
    where = None if record.outside_landscape else region
    made_from = normalised.key(folder, record.kind, where)
    copy = normalised.read(folder, made_from) if made_from is not None else None
    return copy if copy is not None else read_files(folder, record, shown, names, where)


def read_files(
    folder: Path, record: Record, shown: str, names: Names, where: Region | None
) -> Parsed:
    """The dataset's own files, read and checked with its format's reader."""
    fmt = BY_KIND[record.kind]
    path, at = fmt.stored_at(folder, shown)
    return fmt.read(path, at, names, record.timezone or None, where)


def dataset_folders(data_dir: Path) -> list[Path]:
    root = data_dir / FOLDER
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


@dataclass(frozen=True)
class Wildlife:
    """Every dataset of a data directory: metadata, observations and deployments."""

    datasets: pd.DataFrame
    observations: pd.DataFrame
    deployments: pd.DataFrame
    waypoints: pd.DataFrame
    patrols: pd.DataFrame
    problems: tuple[Problem, ...] = ()


def empty_datasets() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in DATASET_COLUMNS})


def dataset_row(record: Record, meta: DatasetMeta, records: int) -> dict[str, Any]:
    """What the dashboard shows about a dataset: dataset.toml first, the file's own metadata
    where dataset.toml leaves a field empty."""
    return {
        "id": record.id,
        "kind": record.kind,
        "title": record.title or meta.title,
        "citation": record.citation or meta.citation,
        "licence": record.licence or meta.licence,
        "url": record.url or meta.url,
        "synthetic": record.synthetic,
        "records": records,
        "counting": meta.counting,
    }


def load_wildlife(data_dir: Path, names: Names, region: Region | None = None) -> Wildlife:
    """Every dataset below observations/. A dataset with errors is left out, with its problems;
    the others load as usual. With a `region`, positions outside it are errors (see
    read_dataset)."""
    rows: list[dict[str, Any]] = []
    observations: list[pd.DataFrame] = []
    deployments: list[pd.DataFrame] = []
    waypoints: list[pd.DataFrame] = []
    patrols: list[pd.DataFrame] = []
    problems: list[Problem] = []
    for folder in dataset_folders(data_dir):
        shown = f"{FOLDER}/{folder.name}"
        record, found = read_record(folder, shown)
        problems += found
        if record is None:
            continue
        parsed = read_dataset(folder, record, shown, names, region)
        problems += parsed.problems
        if any(p.severity == "error" for p in parsed.problems):
            problems.append(
                Problem(shown, "", "error", "dataset left out until the errors above are fixed")
            )
            continue
        obs = parsed.observations.assign(dataset=record.id)
        rows.append(dataset_row(record, parsed.meta, len(obs)))
        observations.append(obs)
        deployments.append(parsed.deployments.assign(dataset=record.id))
        waypoints.append(parsed.waypoints.assign(dataset=record.id))
        patrols.append(parsed.patrols.assign(dataset=record.id))
    return Wildlife(
        datasets=pd.DataFrame(rows, columns=list(DATASET_COLUMNS)) if rows else empty_datasets(),
        observations=_concat(observations, empty_observations()),
        deployments=_concat(deployments, empty_deployments()),
        waypoints=_concat(waypoints, empty_waypoints()),
        patrols=_concat(patrols, empty_patrols()),
        problems=tuple(problems),
    )


def _concat(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else empty


def assign_parks(lat: pd.Series, lon: pd.Series, parks: pd.DataFrame) -> pd.Series:
    """The id of the park holding each position, or None (outside every park, or unknown)."""
    out = pd.Series([None] * len(lat), index=lat.index, dtype=object)
    x, y = lon.to_numpy(dtype="float64"), lat.to_numpy(dtype="float64")
    for park_id, geom in zip(parks["id"], parks.geometry, strict=True):
        inside = shapely.contains_xy(geom, x, y)
        out[inside & out.isna().to_numpy()] = park_id
    return out
