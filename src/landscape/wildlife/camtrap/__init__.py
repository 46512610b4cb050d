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

    schema.py      the tables' fields and rules, USED, the legacy names and values
    findings.py    the resources and tables as read, and the problems found in them
    read.py        `read_camtrap_dp`: the steps below in order
    package.py     `package_folder`: a folder, a datapackage.json or a zip (read safely)
    descriptor.py  datapackage.json: profile and version, metadata, resources
    tables.py      the CSV tables: read as text, legacy layouts upgraded, columns checked
    check.py       field checks: types, ranges, dates, keys, order, references, region
    frames.py      the normalised deployments and observations (the counting rule)
"""

from __future__ import annotations

from landscape.wildlife.camtrap.findings import Message, Resource, Table
from landscape.wildlife.camtrap.package import package_folder
from landscape.wildlife.camtrap.read import read_camtrap_dp
from landscape.wildlife.camtrap.schema import (
    BASIS,
    CAP,
    COUNTING,
    DESCRIPTOR,
    FALSE_VALUES,
    FEATURE_TYPES,
    LEGACY_NAMES,
    LEGACY_VALUES,
    MISSING_VALUES,
    OBSERVATION_TYPES,
    ORDERS,
    RC_VALUES,
    REFERENCES,
    RULES,
    TABLES,
    TEXT_COLUMNS,
    TRUE_VALUES,
    UNUSED,
    USED,
    Era,
    Kind,
    Rule,
)

__all__ = [
    "BASIS",
    "CAP",
    "COUNTING",
    "DESCRIPTOR",
    "FALSE_VALUES",
    "FEATURE_TYPES",
    "LEGACY_NAMES",
    "LEGACY_VALUES",
    "MISSING_VALUES",
    "OBSERVATION_TYPES",
    "ORDERS",
    "RC_VALUES",
    "REFERENCES",
    "RULES",
    "TABLES",
    "TEXT_COLUMNS",
    "TRUE_VALUES",
    "UNUSED",
    "USED",
    "Era",
    "Kind",
    "Message",
    "Resource",
    "Rule",
    "Table",
    "package_folder",
    "read_camtrap_dp",
]
