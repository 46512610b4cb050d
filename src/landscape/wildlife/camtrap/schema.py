"""The Camtrap DP 1.0 tables as the dashboard checks them: fields, rules, legacy names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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
