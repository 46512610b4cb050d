"""Camera Trap Data Packages (Camtrap DP 1.0, TDWG): validated and normalised.

`read_camtrap_dp(folder)` reads `datapackage.json` and the three tables it names
(deployments, media, observations), checks them against the Camtrap DP 1.0 table schemas and
returns a `Parsed` (see model.py). It never raises for bad input: every fault becomes a
`Problem`, and any problem of severity "error" means the caller rejects the package. Only a
fault in a field the dashboard reads (USED) is an error; a fault in any other field of the
standard is a warning, and the package is kept as written.

Versions, from the profile's URL: 1.0, 1.0.1 and 1.0.2 as they are; 1.0-rc.1 with its
captureMethod "motionDetection" read as "activityDetection"; 0.1.x (Agouti, camtraptor and
TRAPPER exports until 2023) converted from the 0.1.6 layout to 1.0 (LEGACY_NAMES,
LEGACY_VALUES), with one warning saying so, or refused in one line when its tables are not in
that layout. A package may be given as its folder, its datapackage.json or its zip
(`package_folder`).

The checks are vectorised (pandas), so a package of a million observations is checked in
seconds; Python only loops to format the few messages that are shown (at most `CAP` per field
of a table, then one "... and N more rows" summary).

Counting rule (also in `DatasetMeta.counting`): only animal observations are counted (never
humans, blanks, vehicles or unknowns): one record per event-level observation when the package
has any, otherwise one record per event and species from the media-level observations, with
the largest count seen on one image. So the same animals, classified once per event and again
on each image, are never counted twice. In detail, for media-level packages: the observations
of one image are summed per species first (an image may hold "1 adult female" and "9
juveniles"), the record takes the largest of these per-image totals and the earliest
eventStart, and its record_id is "eventID:scientificName" (prefixed with the deploymentID if
two deployments share an eventID). Media-level observations without an eventID are one record
each. A blank count is 1.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import numpy as np
import pandas as pd

from landscape.problems import Problem, Severity, errors
from landscape.readers import MAX_TABLE_BYTES, too_large
from landscape.region import Region, outside, position_message
from landscape.wildlife.dwc import BOMB_MIN_BYTES, BOMB_RATIO, MAX_ARCHIVE_BYTES
from landscape.wildlife.model import (
    DEPLOYMENT_COLUMNS,
    OBSERVATION_COLUMNS,
    DatasetMeta,
    Parsed,
    binomial,
    empty_deployments,
    empty_observations,
)

DESCRIPTOR = "datapackage.json"
TABLES = ("deployments", "media", "observations")
MISSING_VALUES: tuple[str, ...] = ("", "NA", "NaN", "nan")
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
CAP = 20  # messages per (file, field); the rest are summed up in one more problem
BASIS = "camera trap"
COUNTING = (
    "Only observations of type animal are counted (never humans, vehicles, blanks or unknowns): "
    "one record per event-level observation when the package has any, otherwise one record per "
    "event and species from the media-level observations, with the largest count seen on one "
    "image."
)

Kind = Literal["string", "number", "integer", "boolean", "datetime"]

# ISO 8601 as the standard writes it (%Y-%m-%dT%H:%M:%S%z), fractions of a second allowed.
_DATETIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})"
# A date or date and time without an offset: said so, because that is the usual mistake.
_NO_OFFSET = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_INTEGER = r"[+-]?\d+"
_EXAMPLE_TIME = "2020-05-30T04:57:37+06:00"
# pandas keeps times in nanoseconds: the years it can hold.
_EARLIEST = pd.Timestamp("1678-01-01", tz="UTC")
_LATEST = pd.Timestamp("2261-12-31", tz="UTC")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_JUNK = re.compile(r"(^|/)(__MACOSX/|\._)")  # what macOS adds to the zips it makes


@dataclass(frozen=True)
class Rule:
    """How one field of a Camtrap DP table is checked (after the Camtrap DP 1.0 schemas)."""

    name: str
    kind: Kind = "string"
    required: bool = False
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    above_minimum: bool = False  # the minimum itself is not allowed (exclusiveMinimum)
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_hint: str = ""  # what the pattern means, for the message


FEATURE_TYPES = (
    "roadPaved",
    "roadDirt",
    "trailHiking",
    "trailGame",
    "roadUnderpass",
    "roadOverpass",
    "roadBridge",
    "culvert",
    "burrow",
    "nestSite",
    "carcass",
    "waterSource",
    "fruitingTree",
)
OBSERVATION_TYPES = ("animal", "human", "vehicle", "blank", "unknown", "unclassified")

RULES: dict[str, tuple[Rule, ...]] = {
    "deployments": (
        Rule("deploymentID", required=True, unique=True),
        Rule("latitude", "number", required=True, minimum=-90, maximum=90),
        Rule("longitude", "number", required=True, minimum=-180, maximum=180),
        Rule("coordinateUncertainty", "integer", minimum=1),
        Rule("deploymentStart", "datetime", required=True),
        Rule("deploymentEnd", "datetime", required=True),
        Rule("cameraDelay", "integer", minimum=0),
        Rule("cameraHeight", "number", minimum=0),
        Rule("cameraDepth", "number", minimum=0),
        Rule("cameraTilt", "integer", minimum=-90, maximum=90),
        Rule("cameraHeading", "integer", minimum=0, maximum=360),
        Rule("detectionDistance", "number", minimum=0),
        Rule("timestampIssues", "boolean"),
        Rule("baitUse", "boolean"),
        Rule("featureType", enum=FEATURE_TYPES),
    ),
    "media": (
        Rule("mediaID", required=True, unique=True),
        Rule("deploymentID", required=True),
        Rule("captureMethod", enum=("activityDetection", "timeLapse")),
        Rule("timestamp", "datetime", required=True),
        Rule("filePath", required=True),
        Rule("filePublic", "boolean", required=True),
        Rule(
            "fileMediatype",
            required=True,
            pattern=r"(?:image|video|audio)/.*",
            pattern_hint="a media type starting with image/, video/ or audio/, like image/jpeg",
        ),
        Rule("favorite", "boolean"),
    ),
    "observations": (
        Rule("observationID", required=True, unique=True),
        Rule("deploymentID", required=True),
        Rule("mediaID"),
        Rule("eventStart", "datetime", required=True),
        Rule("eventEnd", "datetime", required=True),
        Rule("observationLevel", required=True, enum=("media", "event")),
        Rule("observationType", required=True, enum=OBSERVATION_TYPES),
        Rule("cameraSetupType", enum=("setup", "calibration")),
        Rule("count", "integer", minimum=1),
        Rule("lifeStage", enum=("adult", "subadult", "juvenile")),
        Rule("sex", enum=("female", "male")),
        Rule("individualPositionRadius", "number", minimum=0),
        Rule("individualPositionAngle", "number", minimum=-90, maximum=90),
        Rule("individualSpeed", "number", minimum=0),
        Rule("bboxX", "number", minimum=0, maximum=1),
        Rule("bboxY", "number", minimum=0, maximum=1),
        Rule("bboxWidth", "number", minimum=0, maximum=1, above_minimum=True),
        Rule("bboxHeight", "number", minimum=0, maximum=1, above_minimum=True),
        Rule("classificationMethod", enum=("human", "machine")),
        Rule("classificationTimestamp", "datetime"),
        Rule("classificationProbability", "number", minimum=0, maximum=1),
    ),
}
# (table, earlier field, later field): the later one may not be before the earlier one.
ORDERS = (
    ("deployments", "deploymentStart", "deploymentEnd"),
    ("observations", "eventStart", "eventEnd"),
)
# (table, field, referenced table, referenced field); an empty value refers to nothing.
REFERENCES = (
    ("media", "deploymentID", "deployments", "deploymentID"),
    ("observations", "deploymentID", "deployments", "deploymentID"),
    ("observations", "mediaID", "media", "mediaID"),
)
# Columns without rules that the normalisation reads; other columns are kept as written only.
TEXT_COLUMNS = ("locationID", "locationName", "eventID", "scientificName")
# The checked fields the dashboard reads: a fault in one of them rejects the package. A fault in
# any other field of the standard (a bounding box of 1.25, a heading of 361) is a warning: the
# package is stored as written and nothing the dashboard shows depends on the value.
USED: dict[str, frozenset[str]] = {
    "deployments": frozenset(
        {"deploymentID", "latitude", "longitude", "deploymentStart", "deploymentEnd"}
    ),
    "media": frozenset({"mediaID", "deploymentID"}),
    "observations": frozenset(
        {
            "observationID",
            "deploymentID",
            "mediaID",
            "eventStart",
            "observationLevel",
            "observationType",
            "count",
        }
    ),
}
UNUSED = "the dashboard does not use this field: imported with a warning"

# The version of the standard, from the profile's URL (".../camtrap-dp/1.0.2/camtrap-dp-
# profile.json", ".../camtrap-dp/1.0-rc.1/...", ".../camtrap-dp/0.1.6/...").
_VERSION = re.compile(r"camtrap-dp/v?(\d+(?:\.\d+)*(?:-rc\.?\d+)?)(?=/|$)")
_LEGACY = re.compile(r"0\.1(?:\.\d+)?")  # 0.1 to 0.1.6: converted to 1.0 when read
_RELEASE_CANDIDATE = re.compile(r"1\.0-rc\.?\d+")
Era = Literal["1.0", "rc", "legacy"]

# Camtrap DP 0.1.x, as Agouti, camtraptor and TRAPPER exported until 2023: each table's 0.1.6
# column -> its Camtrap DP 1.0 name (the standard's changelog and camtraptor's conversion
# between the two). A column is renamed only when the table lacks the 1.0 name.
LEGACY_NAMES: dict[str, dict[str, str]] = {
    "deployments": {
        "start": "deploymentStart",
        "end": "deploymentEnd",
        "cameraInterval": "cameraDelay",
        "tags": "deploymentTags",
        "comments": "deploymentComments",
    },
    "media": {"favourite": "favorite", "comments": "mediaComments"},
    "observations": {
        "sequenceID": "eventID",
        "timestamp": "eventStart",
        "cameraSetup": "cameraSetupType",
        "behaviour": "behavior",
        "classificationConfidence": "classificationProbability",
        "comments": "observationComments",
        "speed": "individualSpeed",
        "radius": "individualPositionRadius",
        "angle": "individualPositionAngle",
    },
}
_TRUE = dict.fromkeys(TRUE_VALUES, "setup")
_FALSE = dict.fromkeys(FALSE_VALUES, "")
# (table, 1.0 field) -> {0.1.x value: 1.0 value}; other values are read as written.
LEGACY_VALUES: dict[tuple[str, str], dict[str, str]] = {
    ("deployments", "baitUse"): {
        "none": "false",
        **dict.fromkeys(("scent", "food", "visual", "acoustic", "other"), "true"),
    },
    ("deployments", "featureType"): {
        "none": "",
        **{re.sub(r"([A-Z])", lambda m: " " + m[1].lower(), t): t for t in FEATURE_TYPES},
    },
    ("media", "captureMethod"): {
        "motion detection": "activityDetection",
        "motionDetection": "activityDetection",
        "time lapse": "timeLapse",
    },
    ("observations", "cameraSetupType"): {**_TRUE, **_FALSE},
    ("observations", "observationType"): {"empty": "blank", "undefined": "unclassified"},
    ("observations", "sex"): {"unknown": ""},
    ("observations", "lifeStage"): {"unknown": ""},
}
# 1.0-rc.1 differs from 1.0 in one value the tables hold (the changelog of 1.0).
RC_VALUES: dict[tuple[str, str], dict[str, str]] = {
    ("media", "captureMethod"): {"motionDetection": "activityDetection"},
}


@dataclass(frozen=True)
class Resource:
    """A table named in datapackage.json: where it is and what marks a missing value."""

    name: str
    path: Path
    shown: str  # the path used in problems
    missing_values: tuple[str, ...] = MISSING_VALUES


@dataclass
class Table:
    """One table as read: text values (missing values as NaN) and the parsed typed columns."""

    resource: Resource
    raw: pd.DataFrame  # every cell as written (a 0.1.x table: renamed and converted to 1.0)
    values: pd.DataFrame  # the checked and used columns as text, NaN where a value is missing
    typed: dict[str, pd.Series] = field(default_factory=dict)  # numbers, times (NaN/NaT if bad)
    complete: bool = True  # every required column the dashboard uses is present
    written: dict[str, str] = field(default_factory=dict)  # 1.0 name -> the file's 0.1.x name
    missing: list[str] = field(default_factory=list)  # required columns the dashboard uses

    def label(self, name: str) -> str:
        """A field as the file names it."""
        return self.written.get(name, name)


Message = Callable[[int], str]  # the message for the row at a position
Group = tuple[np.ndarray, Message, Severity]  # rows of one field with one kind of problem


@dataclass
class Findings:
    """The problems of one file, row problems grouped by field so that each field is capped."""

    where: str
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, list[Group]] = field(default_factory=dict)

    def whole(self, locator: str, message: str, severity: Severity = "error") -> None:
        """A problem of the whole file or of a whole column."""
        self.problems.append(Problem(self.where, locator, severity, message))

    def add(
        self,
        name: str,
        mask: pd.Series | np.ndarray,
        message: Message,
        severity: Severity = "error",
    ) -> None:
        """A problem for every row where `mask` holds, in field `name`."""
        self.add_rows(name, np.flatnonzero(np.asarray(mask, dtype=bool)), message, severity)

    def add_rows(
        self, name: str, positions: np.ndarray, message: Message, severity: Severity = "error"
    ) -> None:
        """A problem for every row at `positions` (0 is the first data row), in field `name`."""
        if positions.size:
            self.rows.setdefault(name, []).append((positions, message, severity))

    def result(self) -> list[Problem]:
        out = list(self.problems)
        for name, groups in self.rows.items():
            out += _capped(self.where, name, groups)
        return out


def _capped(where: str, name: str, groups: list[Group]) -> list[Problem]:
    """The first CAP row problems of one field, in row order, and a summary of the rest."""
    positions = np.concatenate([g[0] for g in groups])
    which = np.concatenate([np.full(len(g[0]), k) for k, g in enumerate(groups)])
    order = np.lexsort((which, positions))
    out = [
        Problem(
            where,
            f"row {positions[i] + 2}",
            groups[which[i]][2],
            groups[which[i]][1](int(positions[i])),
        )
        for i in order[:CAP]
    ]
    rest = order[CAP:]
    if rest.size:
        same = "with the same problem" if len(groups) == 1 else "with problems in this field"
        prefix = f"field {name!r}: " if name else ""
        kinds = {groups[k][2] for k in set(which[rest].tolist())}
        worst: Severity = "error" if "error" in kinds else "warning"
        out.append(Problem(where, name, worst, f"{prefix}... and {rest.size} more rows {same}"))
    return out


# --- the entry point -------------------------------------------------------------------------


def read_camtrap_dp(
    package_dir: Path, shown: str | None = None, region: Region | None = None
) -> Parsed:
    """The Camtrap DP package at `package_dir`, checked and normalised.

    `package_dir` is the package's folder, the path of its datapackage.json or its zip (see
    `package_folder`). `shown` prefixes the paths in problems (default: the path as given). The
    result holds what could be read even when there are errors; any error means the package is
    rejected. With a `region`, a deployment outside it is an error (see landscape.region).
    """
    package_dir = Path(package_dir)
    shown = str(package_dir) if shown is None else shown
    with package_folder(package_dir, shown) as (folder, at, problems):
        if folder is None:
            return _parsed(DatasetMeta(kind="camtrap-dp", title=""), problems)
        parsed = _read_folder(folder, at, region)
    parsed.problems[:0] = problems
    return parsed


@contextmanager
def package_folder(source: Path, shown: str) -> Iterator[tuple[Path | None, str, list[Problem]]]:
    """The folder of the package at `source`, how to show it in problems, and any problems.

    `source` is the package's folder, the path of its datapackage.json, or a zip holding the
    package (as it is downloaded from Agouti or the GBIF IPT), with datapackage.json at the
    zip's root or in one folder of it. A zip is unpacked into a temporary folder that is
    removed on leaving the context: only datapackage.json and the files its resources name,
    with the refusals of a Darwin Core archive (a name leaving the folder, a zip bomb, more than
    MAX_ARCHIVE_BYTES in all). The folder is None when there is no package to read.
    """
    source = Path(source)
    if source.is_dir():
        yield source, shown, []
        return
    if source.is_file() and source.name == DESCRIPTOR:
        parent = shown[: -len(DESCRIPTOR)].rstrip("/\\") if shown.endswith(DESCRIPTOR) else shown
        yield source.parent, parent or ".", []
        return
    if source.is_file() and _is_zip(source):
        with tempfile.TemporaryDirectory(prefix="landscape-camtrap-") as tmp:
            folder, base, problems = _unzip(source, Path(tmp), shown)
            yield folder, f"{shown}/{base}" if base else shown, problems
        return
    if source.is_file():
        message = (
            "is a file, but neither a package's datapackage.json nor a zip; expected a Camtrap "
            "DP package: its folder, its datapackage.json, or the zip it was downloaded as"
        )
    else:
        message = (
            "folder is missing; expected a Camtrap DP package folder holding "
            "datapackage.json, deployments.csv, media.csv and observations.csv (or the "
            "package's datapackage.json, or its zip)"
        )
    yield None, shown, [Problem(shown, "", "error", message)]


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def _unzip(archive: Path, target: Path, shown: str) -> tuple[Path | None, str, list[Problem]]:
    """Unpack a zipped package into `target`: (the folder, its folder in the zip, problems)."""

    def refused(locator: str, message: str) -> tuple[None, str, list[Problem]]:
        return None, "", [Problem(shown, locator, "error", message)]

    try:
        with zipfile.ZipFile(archive) as opened:
            members = [m for m in opened.infolist() if not m.is_dir()]
            for member in members:
                fault = _unsafe_member(member)
                if fault:
                    return refused(member.filename, fault)
            by_name = {m.filename: m for m in members if not _JUNK.search(m.filename)}
            found = sorted(n for n in by_name if PurePosixPath(n).name == DESCRIPTOR)
            found = [DESCRIPTOR] if DESCRIPTOR in by_name else found
            if len(found) != 1:
                what = "no datapackage.json" if not found else f"{len(found)} datapackage.json"
                return refused(
                    "",
                    f"the zip holds {what}; expected one Camtrap DP package (datapackage.json "
                    "and its tables) at the zip's root or in one folder",
                )
            base = found[0][: -len(DESCRIPTOR)]
            descriptor = by_name[found[0]]
            with opened.open(descriptor) as handle:
                text = handle.read(MAX_TABLE_BYTES)
            wanted = [descriptor] + [
                by_name[base + path] for path in _resource_paths(text) if base + path in by_name
            ]
            total = sum(m.file_size for m in wanted)
            if total > MAX_ARCHIVE_BYTES:
                return refused(
                    "",
                    f"the package's files declare {total} bytes uncompressed; the zip is "
                    f"refused: expected at most {MAX_ARCHIVE_BYTES} bytes in all",
                )
            for member in wanted:
                path = target.joinpath(*PurePosixPath(member.filename[len(base) :]).parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                with opened.open(member) as source, open(path, "wb") as out:
                    shutil.copyfileobj(source, out)  # zipfile checks the declared size and CRC
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as exc:
        return refused("", f"cannot be read as a zip ({exc}); download the package again")
    return target, base.rstrip("/"), []


def _unsafe_member(member: zipfile.ZipInfo) -> str:
    """Why a zip member may not be unpacked ("" when it may)."""
    name = member.filename
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
        return (
            f"member name {name!r} is absolute or climbs out with '..' (a zip slip); the zip "
            "is refused: expected names relative to the zip"
        )
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > BOMB_MIN_BYTES and ratio > BOMB_RATIO:
        return (
            f"member {name!r} expands {ratio:.0f} times to {member.file_size} bytes (a zip "
            f"bomb); the zip is refused: expected at most {BOMB_RATIO} times for members over "
            f"{BOMB_MIN_BYTES} bytes"
        )
    return ""


def _resource_paths(data: bytes) -> list[str]:
    """The relative paths of the tables a descriptor names (none when it cannot be read)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return []
    listed = doc.get("resources") if isinstance(doc, dict) else None
    paths = (
        [r.get("path") for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []
    )
    out = []
    for path in paths:
        if isinstance(path, str):
            path = path.replace("\\", "/")
            while path.startswith("./"):
                path = path[2:]
            out.append(path)
    return out


def _read_folder(package_dir: Path, shown: str, region: Region | None) -> Parsed:
    """The package in the folder `package_dir` (see read_camtrap_dp)."""
    where = f"{shown}/{DESCRIPTOR}"
    descriptor, problems = _read_descriptor(package_dir / DESCRIPTOR, where)
    if descriptor is None:
        return _parsed(DatasetMeta(kind="camtrap-dp", title=""), problems)
    meta, found = _meta(descriptor, where)
    era, version, checked = _check_profile(descriptor, where)
    problems += found + checked
    resources, found = _resources(descriptor, package_dir, shown, where)
    problems += found
    tables: dict[str, Table] = {}
    findings: dict[str, Findings] = {}
    for name, resource in resources.items():
        findings[name] = Findings(resource.shown)
        table = _read_table(resource, findings[name], era)
        if table is not None:
            tables[name] = table
    if era == "legacy":
        said = _legacy_problems(version, tables, where)
        problems += said
        if errors(said):  # not the layout converted: its field-by-field faults say nothing
            return _parsed(meta, problems)
    for table, earlier, later in ORDERS:
        if table in tables:
            _check_order(tables[table], earlier, later, findings[table])
    for table, name, target, target_field in REFERENCES:
        if table in tables and target in tables:
            _check_reference(tables[table], name, tables[target], target_field, findings[table])
    if region is not None and "deployments" in tables:
        _check_region(tables["deployments"], region, findings["deployments"])
    for name in TABLES:
        if name in findings:
            problems += findings[name].result()
    deployments = _deployments_frame(tables.get("deployments"))
    observations = _observations_frame(
        tables.get("observations"), deployments, meta.coordinate_precision
    )
    return Parsed(meta=meta, observations=observations, deployments=deployments, problems=problems)


def _parsed(meta: DatasetMeta, problems: list[Problem]) -> Parsed:
    return Parsed(meta, empty_observations(), empty_deployments(), problems)


# --- datapackage.json --------------------------------------------------------------------------


def _read_descriptor(path: Path, where: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """datapackage.json as a dict, or None and the reason."""

    def error(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(where, "", "error", message)]

    if not path.is_file():
        return error("file is missing; expected the Camtrap DP descriptor datapackage.json")
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return error(f"not valid UTF-8 (byte {exc.start}); expected a UTF-8 JSON file")
    except RecursionError:
        return error("nested too deeply to be read; expected a Camtrap DP descriptor")
    except json.JSONDecodeError as exc:
        return error(
            f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
            "expected a JSON object"
        )
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        return error(f"cannot be read as JSON ({exc}); expected a Camtrap DP descriptor")
    except OSError as exc:
        return error(f"cannot be read ({exc.strerror}); expected a readable file")
    if not isinstance(doc, dict):
        return error(f"holds a JSON {type(doc).__name__}; expected a JSON object")
    return doc, []


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _meta(doc: dict[str, Any], where: str) -> tuple[DatasetMeta, list[Problem]]:
    """What the descriptor says of the dataset as a whole."""
    problems: list[Problem] = []
    licence = ""
    licenses = doc.get("licenses")
    for entry in licenses if isinstance(licenses, list) else []:
        if isinstance(entry, dict) and entry.get("scope") == "data":
            licence = _text(entry.get("name")) or _text(entry.get("path"))
            break
    precision = doc.get("coordinatePrecision")
    if precision is not None and (
        isinstance(precision, bool)
        or not isinstance(precision, int | float)
        or not math.isfinite(precision)
        or precision <= 0
    ):
        problems.append(
            Problem(
                where,
                "coordinatePrecision",
                "warning",
                f"value {precision!r} is not a positive number; expected a number like 0.001; "
                "it is ignored",
            )
        )
        precision = None
    name = _text(doc.get("name")) or _text(doc.get("id"))
    project = doc.get("project")
    project_title = _text(project.get("title")) if isinstance(project, dict) else ""
    meta = DatasetMeta(
        kind="camtrap-dp",
        title=_text(doc.get("title")) or project_title or name,
        citation=_text(doc.get("bibliographicCitation")),
        licence=licence,
        url=_text(doc.get("homepage")),
        name=name,
        coordinate_precision=None if precision is None else float(precision),
        counting=COUNTING,
    )
    return meta, problems


def _check_profile(doc: dict[str, Any], where: str) -> tuple[Era, str, list[Problem]]:
    """How to read the package, from the version its profile names: 1.0 and its patches as
    they are, 1.0-rc.1 with its one old value converted, 0.1.x converted to 1.0 (see
    LEGACY_NAMES); a warning when the profile names no Camtrap DP or another version."""
    profile = doc.get("profile")
    text = profile if isinstance(profile, str) else ""
    example = "https://raw.githubusercontent.com/tdwg/camtrap-dp/1.0.2/camtrap-dp-profile.json"
    if "camtrap-dp" not in text:
        message = (
            f"value {profile!r} does not name Camtrap DP; expected the Camtrap DP 1.x "
            f"profile, like {example}; the package is read as Camtrap DP 1.0"
        )
        return "1.0", "", [Problem(where, "profile", "warning", message)]
    found = _VERSION.search(text)
    version = found.group(1) if found else ""
    if _LEGACY.fullmatch(version):
        return "legacy", version, []
    if _RELEASE_CANDIDATE.fullmatch(version):
        return "rc", version, []
    if version and version.split(".")[0] != "1":
        message = (
            f"value {profile!r} is Camtrap DP {version}, which this reader does not know; "
            "expected a 1.x profile (0.1.x and 1.0-rc.1 are converted); the package is read as "
            "Camtrap DP 1.0"
        )
        return "1.0", version, [Problem(where, "profile", "warning", message)]
    return "1.0", version, []


def _legacy_problems(version: str, tables: dict[str, Table], where: str) -> list[Problem]:
    """One line about a converted 0.1.x package: a warning that it was converted, or the one
    error saying its tables are not in the 0.1.6 layout and what to do."""
    missing = [
        f"{PurePosixPath(t.resource.shown).name} has no "
        + ", ".join(repr(_legacy_name(name, c)) for c in t.missing)
        for name, t in tables.items()
        if t.missing
    ]
    if missing:
        message = (
            f"the package is Camtrap DP {version}, but its tables are not in the 0.1.6 layout "
            f"that is converted to 1.0 ({'; '.join(missing)}); export it again as Camtrap DP "
            "1.0 (Agouti, TRAPPER and the R package camtrapdp write 1.0) and import that"
        )
        return [Problem(where, "profile", "error", message)]
    read = set(TEXT_COLUMNS).union(*USED.values())
    renamed = sorted(
        {(new not in read, old, new) for t in tables.values() for new, old in t.written.items()}
    )
    shown = ", ".join(f"{old} -> {new}" for _, old, new in renamed[:4])
    more = f" and {len(renamed) - 4} more" if len(renamed) > 4 else ""
    message = (
        f"the package is Camtrap DP {version}: read after converting its tables to Camtrap DP "
        f"1.0 (columns {shown or 'none'}{more} renamed; 0.1.x values such as 'motion "
        "detection' read as their 1.0 equivalents); it is stored as exported. To store it as "
        "1.0, export it again as Camtrap DP 1.0"
    )
    return [Problem(where, "profile", "warning", message)]


def _legacy_name(table: str, name: str) -> str:
    """A 1.0 column as a 0.1.6 table names it."""
    return next((old for old, new in LEGACY_NAMES[table].items() if new == name), name)


def _resources(
    doc: dict[str, Any], package_dir: Path, shown: str, where: str
) -> tuple[dict[str, Resource], list[Problem]]:
    """The deployments, media and observations resources whose files exist in the package."""
    listed = doc.get("resources")
    if not isinstance(listed, list):
        return {}, [
            Problem(
                where,
                "resources",
                "error",
                f"value {listed!r} is not a list; expected a list of resources named "
                "deployments, media and observations",
            )
        ]
    problems: list[Problem] = []
    by_name = {
        r["name"]: r for r in listed if isinstance(r, dict) and isinstance(r.get("name"), str)
    }
    out: dict[str, Resource] = {}
    for name in TABLES:
        if name not in by_name:
            problems.append(
                Problem(
                    where,
                    "resources",
                    "error",
                    f"no resource named {name!r}; expected resources named deployments, media "
                    "and observations",
                )
            )
            continue
        resource, found = _resource(name, by_name[name], package_dir, shown, where)
        problems += found
        if resource is not None:
            out[name] = resource
    return out, problems


def _resource(
    name: str, entry: dict[str, Any], package_dir: Path, shown: str, where: str
) -> tuple[Resource | None, list[Problem]]:
    """One table resource: its file, checked to lie inside the package, and its markers."""
    value = entry.get("path")
    locator = f"resources/{name}/path"

    def error(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(where, locator, "error", message)]

    expected = "expected a relative path to a CSV file inside the package folder"
    if not isinstance(value, str) or not value.strip():
        return error(f"value {value!r} is not one path; {expected}, like {name}.csv")
    if value.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", value):
        return error(f"value {value!r} is an absolute path; {expected}")
    if "://" in value or _SCHEME.match(value):
        return error(f"value {value!r} is a URL; {expected}")
    parts = re.split(r"[\\/]", value)
    if ".." in parts:
        return error(f"value {value!r} leads out of the package with '..'; {expected}")
    if "\x00" in value or any(len(part.encode("utf-8", "replace")) > 255 for part in parts):
        return error(
            f"value {_shown(value)} cannot be a file name here (a NUL character, or a name "
            f"over 255 bytes); {expected}, like {name}.csv"
        )
    path = package_dir / PurePosixPath(value.replace("\\", "/"))
    try:
        inside = path.resolve().is_relative_to(package_dir.resolve())
        found = inside and path.is_file()
    except (OSError, ValueError):  # a path the system cannot use (too long, too deep)
        return error(f"value {_shown(value)} cannot be used as a path here; {expected}")
    if not inside:
        return error(f"value {value!r} leads out of the package folder; {expected}")
    if not found:
        return None, [
            Problem(
                f"{shown}/{value}",
                "",
                "error",
                f"file is missing; datapackage.json names it as the {name} table; expected "
                f"the Camtrap DP {name} table here",
            )
        ]
    missing, problems = _missing_values(entry.get("schema"), name, where)
    return Resource(name, path, f"{shown}/{value}", missing), problems


def _shown(value: str) -> str:
    """A value for a message: quoted, at most 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _missing_values(schema: object, name: str, where: str) -> tuple[tuple[str, ...], list[Problem]]:
    """The missing-value markers of an inline schema, else the defaults ("", NA, NaN, nan)."""
    if not isinstance(schema, dict) or "missingValues" not in schema:
        return MISSING_VALUES, []
    markers = schema["missingValues"]
    if isinstance(markers, list) and all(isinstance(m, str) for m in markers):
        return tuple(markers), []
    return MISSING_VALUES, [
        Problem(
            where,
            f"resources/{name}/schema/missingValues",
            "warning",
            f"value {markers!r} is not a list of texts; expected a list like "
            '["", "NA"]; the defaults "", "NA", "NaN", "nan" are used',
        )
    ]


# --- the tables --------------------------------------------------------------------------------


def _read_csv(resource: Resource, findings: Findings) -> pd.DataFrame | None:
    """The CSV file as text cells, or None (and an error) when it cannot be read as a table.

    pyarrow parses a million rows in about a second, pandas' own parser in several; when
    pyarrow fails (or is absent) pandas' parser reads the file again and names the fault.
    Both keep every cell as written: nothing becomes NaN here.
    """
    refused = too_large(resource.path, MAX_TABLE_BYTES)
    if refused:
        findings.whole("", refused)
        return None
    try:
        return _parse_csv(resource.path, "pyarrow")
    except pd.errors.ParserError:
        if _ragged_rows(resource.path, findings):
            return None
    except Exception:  # pyarrow is absent, or the file has a fault pandas' parser will name
        pass
    try:
        return _parse_csv(resource.path, "c")
    except UnicodeDecodeError as exc:
        findings.whole("", f"not valid UTF-8 (byte {exc.start}); expected a UTF-8 CSV file")
    except pd.errors.EmptyDataError:
        findings.whole("", "file is empty; expected a header row naming the columns")
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        findings.whole(
            f"row {line.group(1)}" if line else "",
            f"not a valid CSV table ({str(exc).strip()}); expected as many fields in every "
            "row as the header has columns, with values holding commas or quotes quoted",
        )
    except OSError as exc:
        findings.whole("", f"cannot be read ({exc.strerror}); expected a readable CSV file")
    return None


def _parse_csv(path: Path, engine: Literal["pyarrow", "c"]) -> pd.DataFrame:
    """Every cell as text, "" and "NA" included (missing-value markers are applied later)."""
    if engine == "pyarrow":  # pyarrow never turns a value into NaN with keep_default_na=False
        return pd.read_csv(
            path, engine="pyarrow", dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    return pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
    )


def _ragged_rows(path: Path, findings: Findings) -> bool:
    """Report the rows whose number of fields differs from the header's; False if none."""
    try:
        from pyarrow import csv as arrow_csv
    except ImportError:
        return False
    found: list[tuple[int, int, int]] = []  # (position, fields, expected)

    def note(row: Any) -> str:
        found.append((int(row.number or 0) - 2, row.actual_columns, row.expected_columns))
        return "skip"

    options = arrow_csv.ParseOptions(invalid_row_handler=note, newlines_in_values=True)
    try:
        arrow_csv.read_csv(
            path,
            read_options=arrow_csv.ReadOptions(use_threads=False),
            parse_options=options,
            convert_options=arrow_csv.ConvertOptions(strings_can_be_null=False),
        )
    except Exception:  # any other fault: the caller reports pandas' message
        return False
    if not found:
        return False
    detail = {position: (fields, expected) for position, fields, expected in found}

    def message(i: int) -> str:
        fields, expected = detail[i]
        return (
            f"the row has {fields} fields; expected {expected} as in the header (values "
            "holding commas or quotes must be in double quotes)"
        )

    findings.add_rows("", np.array(sorted(detail), dtype="int64"), message)
    return True


def _repeated_columns(path: Path) -> list[str]:
    """Header names written more than once (pandas renames the second one "name.1")."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    seen: set[str] = set()
    repeated = [name for name in header if name in seen or seen.add(name)]
    return sorted(set(repeated))


def _upgrade(
    name: str, raw: pd.DataFrame, era: Era, missing: tuple[str, ...]
) -> tuple[pd.DataFrame, dict[str, str], set[str]]:
    """A 0.1.x or 1.0-rc.1 table as a 1.0 table: (the table, 1.0 name -> the file's name of
    each renamed column, the columns made from others)."""
    if era == "1.0":
        return raw, {}, set()
    written: dict[str, str] = {}
    derived: set[str] = set()
    changes = RC_VALUES
    if era == "legacy":
        renames = {
            old: new
            for old, new in LEGACY_NAMES[name].items()
            if old in raw.columns and new not in raw.columns
        }
        raw = raw.rename(columns=renames)
        written = {new: old for old, new in renames.items()}
        if name == "observations":
            # 0.1.x has one timestamp per observation, and a sequence-level observation (an
            # event, in 1.0) is one without a mediaID
            if "eventEnd" not in raw.columns and "eventStart" in raw.columns:
                raw["eventEnd"] = raw["eventStart"]
                derived.add("eventEnd")
            if "observationLevel" not in raw.columns:
                media = raw["mediaID"] if "mediaID" in raw.columns else None
                given = media.notna() & ~media.isin(missing) if media is not None else False
                raw["observationLevel"] = np.where(given, "media", "event")
                derived.add("observationLevel")
        changes = LEGACY_VALUES
    for (table, column), change in changes.items():
        if table == name and column in raw.columns:
            raw[column] = raw[column].replace(change)
    return raw, written, derived


def _read_table(resource: Resource, findings: Findings, era: Era = "1.0") -> Table | None:
    """A table, read and checked field by field against its rules (a 0.1.x or 1.0-rc.1 table
    after converting it to 1.0). A fault in a field the dashboard does not use is a warning."""
    raw = _read_csv(resource, findings)
    if raw is None:
        return None
    for name in _repeated_columns(resource.path):
        findings.whole(name, f"column {name!r} appears more than once in the header; expected once")
    raw, written, derived = _upgrade(resource.name, raw, era, resource.missing_values)
    rules = RULES[resource.name]
    used_here = USED[resource.name]
    used = [c for c in raw.columns if c in TEXT_COLUMNS or c in {r.name for r in rules}]
    values = raw[used].where(~raw[used].isin(resource.missing_values))
    table = Table(resource, raw, values, written=written)
    required = [r.name for r in rules if r.required]
    for rule in rules:
        if rule.name in derived:
            continue
        used_field = rule.name in used_here
        if rule.name in raw.columns:
            parsed = _check_field(
                rule,
                raw[rule.name],
                values[rule.name],
                findings,
                table.label(rule.name),
                "error" if used_field else "warning",
            )
            if parsed is not None:
                table.typed[rule.name] = parsed
        elif rule.required and used_field:
            table.complete = False
            table.missing.append(rule.name)
            if era != "legacy":  # a 0.1.x package says it once (_legacy_problems)
                findings.whole(
                    rule.name,
                    f"column {rule.name!r} is missing; expected the columns "
                    f"{', '.join(required)} (the required ones of a Camtrap DP "
                    f"{resource.name} table)",
                )
        elif rule.required and era != "legacy":  # 0.1.x tables lack some: not worth a word
            findings.whole(
                rule.name,
                f"column {rule.name!r} is missing; Camtrap DP 1.0 requires it in the "
                f"{resource.name} table, but {UNUSED}",
                "warning",
            )
    return table


def _expected(rule: Rule) -> str:
    """What a valid value of the field looks like, in words."""
    if rule.enum:
        return "one of " + ", ".join(rule.enum)
    if rule.pattern:
        return rule.pattern_hint
    if rule.kind == "boolean":
        return "true or false"
    if rule.kind == "datetime":
        return f"a date and time with a UTC offset, like {_EXAMPLE_TIME} or ending in Z"
    if rule.kind in ("number", "integer"):
        noun = "a number" if rule.kind == "number" else "an integer"
        low, high = _number_text(rule.minimum), _number_text(rule.maximum)
        if low is not None and high is not None and not rule.above_minimum:
            return f"{noun} from {low} to {high}"
        if low is not None and high is not None:
            return f"{noun} above {low} and at most {high}"
        if low is not None:
            return f"{noun} {'above' if rule.above_minimum else 'of at least'} {low}"
        return noun
    return "a value"


def _number_text(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _check_field(
    rule: Rule,
    raw: pd.Series,
    values: pd.Series,
    findings: Findings,
    label: str | None = None,
    severity: Severity = "error",
) -> pd.Series | None:
    """Check one column; the parsed values (numbers or UTC times) for typed fields. `label` is
    the field as the file names it; a `severity` "warning" says the dashboard does not use it."""
    name, expected = label or rule.name, _expected(rule)
    present = values.notna()
    note = f" ({UNUSED})" if severity == "warning" else ""

    def says(text: str) -> Message:
        return lambda i: f"field {name!r}: value {raw.iat[i]!r} {text}; expected {expected}{note}"

    def add(mask: pd.Series | np.ndarray, message: Message) -> None:
        findings.add(name, mask, message, severity)

    if rule.required:
        add(~present, says("is missing (the field is required)"))
    parsed: pd.Series | None = None
    if rule.kind in ("number", "integer"):
        syntax = values.str.fullmatch(_NUMBER if rule.kind == "number" else _INTEGER)
        parsed = values.where(syntax).astype("float64")
        parsed = parsed.where(np.isfinite(parsed))  # "1e999" is too large to be a number
        add(
            present & parsed.isna(),
            says(f"is not {'a number' if rule.kind == 'number' else 'an integer'}"),
        )
        add(_out_of_range(rule, parsed), says("is out of range"))
    elif rule.kind == "boolean":
        add(present & ~values.isin(TRUE_VALUES + FALSE_VALUES), says("is not true or false"))
    elif rule.kind == "datetime":
        parsed = _check_datetime(values, present, add, says)
    if rule.enum:
        add(present & ~values.isin(rule.enum), says("is not allowed"))
    if rule.pattern:
        add(present & ~values.str.fullmatch(rule.pattern), says("does not fit"))
    if rule.unique:
        _check_unique(values, present, findings, name, raw)
    return parsed


def _out_of_range(rule: Rule, numbers: pd.Series) -> pd.Series:
    """True where a parsed number lies outside the rule's bounds."""
    outside = pd.Series(False, index=numbers.index)
    if rule.minimum is not None:
        outside |= numbers <= rule.minimum if rule.above_minimum else numbers < rule.minimum
    if rule.maximum is not None:
        outside |= numbers > rule.maximum
    return outside


def _check_datetime(
    values: pd.Series,
    present: pd.Series,
    add: Callable[[pd.Series | np.ndarray, Message], None],
    says: Callable[[str], Message],
) -> pd.Series:
    """UTC times of a column of ISO 8601 times with offsets (mixed offsets are fine)."""
    shaped = values.str.fullmatch(_DATETIME)
    no_offset = present & ~shaped & values.str.fullmatch(_NO_OFFSET)
    add(no_offset, says("has no UTC offset"))
    add(present & ~shaped & ~no_offset, says("is not a date and time"))
    times = pd.to_datetime(values.where(shaped), utc=True, format="ISO8601", errors="coerce")
    invalid = shaped & (times.isna() | (times < _EARLIEST) | (times > _LATEST))
    add(invalid, says("is not a valid date and time"))
    return times.where(~invalid).astype("datetime64[ns, UTC]")


def _check_unique(
    values: pd.Series, present: pd.Series, findings: Findings, name: str, raw: pd.Series
) -> None:
    """An error for every repeat of a value already seen in an earlier row."""
    repeated = present & values.duplicated(keep="first")
    if not repeated.any():
        return
    firsts = values[present & ~repeated]
    first_row = pd.Series(np.flatnonzero(present & ~repeated), index=firsts.to_numpy())

    def message(i: int) -> str:
        first = int(first_row.get(values.iat[i], -2)) + 2
        return (
            f"field {name!r}: value {raw.iat[i]!r} is repeated (first in row {first}); "
            "expected each value once"
        )

    findings.add(name, repeated, message)


def _check_order(table: Table, earlier: str, later: str, findings: Findings) -> None:
    """An error where `later` is before `earlier` (both parsed)."""
    if earlier not in table.typed or later not in table.typed:
        return
    start, end = table.typed[earlier], table.typed[later]
    raw_start, raw_end = table.raw[earlier], table.raw[later]
    first, then = table.label(earlier), table.label(later)
    used = later in USED[table.resource.name]
    note = "" if used else f" ({UNUSED})"

    def message(i: int) -> str:
        return (
            f"field {then!r}: value {raw_end.iat[i]!r} is before {first} "
            f"{raw_start.iat[i]!r}; expected a time at or after {first}{note}"
        )

    before = (end < start).to_numpy(dtype=bool)
    findings.add(then, before, message, "error" if used else "warning")


def _check_reference(
    table: Table, name: str, target: Table, target_field: str, findings: Findings
) -> None:
    """An error for every value of `name` that is not a `target_field` of the target table."""
    if name not in table.values or target_field not in target.values:
        return
    values, raw = table.values[name], table.raw[name]
    # as objects: pandas' isin on Arrow strings converts each target value one by one, which
    # takes seconds for a million media ids; on objects it is one hash table
    known = target.values[target_field].dropna().astype(object).unique()
    unknown = values.notna() & ~values.astype(object).isin(known)
    file = PurePosixPath(target.resource.shown).name

    def message(i: int) -> str:
        return (
            f"field {name!r}: value {raw.iat[i]!r} is not a {target_field} in {file}; "
            f"expected the {target_field} of a row of {file}"
        )

    findings.add(name, unknown, message)


def _check_region(table: Table, region: Region, findings: Findings) -> None:
    """An error for every deployment whose position lies outside `region`."""
    if "latitude" not in table.typed or "longitude" not in table.typed:
        return
    lat, lon = table.typed["latitude"], table.typed["longitude"]
    raw_lat, raw_lon = table.raw["latitude"], table.raw["longitude"]

    def message(i: int) -> str:
        return position_message(
            repr(raw_lon.iat[i]),
            repr(raw_lat.iat[i]),
            float(lon.iat[i]),
            float(lat.iat[i]),
            region,
            ("longitude", "latitude"),
        )

    findings.add("position", outside(lon, lat, region), message)


# --- normalisation -----------------------------------------------------------------------------


def _conform(frame: pd.DataFrame, template: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the template's columns and dtypes; None for missing text."""
    out = pd.DataFrame(index=frame.index)
    for column in template.columns:
        dtype = template[column].dtype
        values = frame[column] if column in frame else pd.Series(None, index=frame.index)
        if pd.api.types.is_object_dtype(dtype):
            values = values.astype(object)
            values = values.where(values.notna(), None)
        out[column] = values.astype(dtype)
    return out.reset_index(drop=True)


def _column(values: pd.DataFrame, name: str) -> pd.Series:
    """A text column, all NaN when the table lacks it."""
    if name in values:
        return values[name]
    return pd.Series(np.nan, index=values.index, dtype=object)


def _deployments_frame(table: Table | None) -> pd.DataFrame:
    """The deployments in DEPLOYMENT_COLUMNS (empty when the table is unusable)."""
    if table is None or not table.complete:
        return empty_deployments()
    values, typed = table.values, table.typed
    start, end = typed["deploymentStart"], typed["deploymentEnd"]
    frame = pd.DataFrame(
        {
            "dataset": "",
            "deployment": values["deploymentID"],
            "location": _column(values, "locationName").fillna(_column(values, "locationID")),
            "lat": typed["latitude"],
            "lon": typed["longitude"],
            "start": start,
            "end": end,
            "camera_days": (end - start).dt.total_seconds() / 86400,
        }
    )
    return _conform(frame[list(DEPLOYMENT_COLUMNS)], empty_deployments())


def _observations_frame(
    table: Table | None, deployments: pd.DataFrame, precision: float | None
) -> pd.DataFrame:
    """The counted animal records in OBSERVATION_COLUMNS (see COUNTING)."""
    if table is None or not table.complete:
        return empty_observations()
    values, typed = table.values, table.typed
    count = typed.get("count", pd.Series(np.nan, index=values.index))
    rows = pd.DataFrame(
        {
            "record_id": values["observationID"],
            "event": _column(values, "eventID"),
            "level": values["observationLevel"],
            "scientific_name": _column(values, "scientificName"),
            "time": typed["eventStart"],
            "deployment": values["deploymentID"],
            "image": _column(values, "mediaID").fillna(values["observationID"]),
            "count": count.where(count >= 1).fillna(1).clip(upper=2**53).astype("int64"),
        }
    )[values["observationType"].eq("animal")]
    events = rows["level"].eq("event")
    records = rows[events] if events.any() else _merge_media(rows)
    located = deployments.drop_duplicates("deployment").set_index("deployment")
    names = records["scientific_name"]
    frame = records.assign(
        dataset="",
        species=names.map({n: binomial(n) for n in names.dropna().unique()}),
        lat=records["deployment"].map(located["lat"]),
        lon=records["deployment"].map(located["lon"]),
        basis=BASIS,
        country=None,
        licence=None,
        withheld=None
        if precision is None
        else f"coordinates rounded to {precision:g}° by the publisher",
    )
    return _conform(frame[list(OBSERVATION_COLUMNS)], empty_observations())


def _merge_media(rows: pd.DataFrame) -> pd.DataFrame:
    """Media-level records merged per (deployment, event, species): the largest number of the
    species seen on one image (the sum over that image's observations, which may split the
    animals by sex or life stage), at the earliest time. Rows without an eventID stay one
    record each."""
    single = rows[rows["event"].isna()]
    grouped = rows[rows["event"].notna()]
    if grouped.empty:
        return single
    grouped = grouped.assign(name=grouped["scientific_name"].fillna(""))
    keys = ["deployment", "event", "name"]
    per_image = (
        grouped.groupby([*keys, "image"], sort=False, dropna=False)
        .agg(
            count=("count", "sum"),
            time=("time", "min"),
            scientific_name=("scientific_name", "first"),
        )
        .reset_index()
    )
    merged = (
        per_image.groupby(keys, sort=False, dropna=False)
        .agg(
            count=("count", "max"),
            time=("time", "min"),
            scientific_name=("scientific_name", "first"),
        )
        .reset_index()
    )
    merged["record_id"] = merged["event"].astype(str) + ":" + merged["name"].astype(str)
    clash = merged["record_id"].duplicated(keep=False)  # one eventID in two deployments
    merged.loc[clash, "record_id"] = (
        merged.loc[clash, "deployment"].astype(str) + ":" + merged.loc[clash, "record_id"]
    )
    out = pd.concat([single, merged], ignore_index=True)
    return out.assign(record_id=_unique(out["record_id"]))


def _unique(ids: pd.Series) -> pd.Series:
    """The ids, each repeat of an earlier one given a suffix "~2", "~3"... that is not taken:
    an observationID kept as a record id may equal a merged "eventID:scientificName"."""
    repeated = ids.duplicated(keep="first") & ids.notna()
    if not repeated.any():
        return ids
    taken = set(ids.astype(str))
    out = ids.astype(object).copy()
    for position in np.flatnonzero(repeated.to_numpy()):
        base, number = str(ids.iat[position]), 2
        while f"{base}~{number}" in taken:
            number += 1
        out.iat[position] = f"{base}~{number}"
        taken.add(out.iat[position])
    return out
