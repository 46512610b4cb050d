"""Small Camtrap DP packages and Darwin Core files written for tests, in the standards' layout."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from landscape.wildlife.synthetic import DEPLOYMENT_FIELDS, MEDIA_FIELDS, OBSERVATION_FIELDS

# A snow leopard camera at a precise position inside the Chon Kemin outline. Neither number
# may reach a public viewer at 3 decimals or finer.
# Chosen so that no other content (basemap outlines, the sample's cameras) holds these digits.
SECRET_LAT, SECRET_LON = 42.82931, 76.71846
# The position at 3 decimals, rounded and cut: neither may appear in anything public.
SECRET_FORMS = ("42.829", "76.718", "42.82931", "76.71846")
# Where the public view puts it: the centre of its 0.1° cell.
PUBLIC_LAT, PUBLIC_LON = 42.85, 76.75


def write_package(
    folder: Path,
    name: str = "test-leopards",
    deployments: list[dict[str, str]] | None = None,
    observations: list[dict[str, str]] | None = None,
) -> Path:
    """A valid Camtrap DP 1.0 package; rows override the defaults field by field."""
    folder.mkdir(parents=True, exist_ok=True)
    deployments = deployments or [
        {
            "deploymentID": "dep-1",
            "locationName": "Secret ridge camera",
            "latitude": f"{SECRET_LAT}",
            "longitude": f"{SECRET_LON}",
            "deploymentStart": "2023-06-01T10:00:00+06:00",
            "deploymentEnd": "2023-07-01T10:00:00+06:00",
        }
    ]
    observations = observations or [
        {
            "observationID": "obs-1",
            "deploymentID": "dep-1",
            "eventID": "ev-1",
            "eventStart": "2023-06-10T03:14:15+06:00",
            "eventEnd": "2023-06-10T03:15:00+06:00",
            "observationLevel": "event",
            "observationType": "animal",
            "scientificName": "Panthera uncia",
            "count": "2",
        }
    ]
    media = [
        {
            "mediaID": f"m-{row['observationID']}",
            "deploymentID": row["deploymentID"],
            "captureMethod": "activityDetection",
            "timestamp": row["eventStart"],
            "filePath": f"media/{row['observationID']}.jpg",
            "filePublic": "false",
            "fileMediatype": "image/jpeg",
        }
        for row in observations
    ]
    for table, columns, rows in (
        ("deployments", DEPLOYMENT_FIELDS, deployments),
        ("media", MEDIA_FIELDS, media),
        ("observations", OBSERVATION_FIELDS, observations),
    ):
        with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, restval="", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    descriptor = {
        "name": name,
        "title": f"Test package {name}",
        "profile": "https://raw.githubusercontent.com/tdwg/camtrap-dp/1.0.2/camtrap-dp-profile.json",
        "created": "2024-01-01T00:00:00Z",
        "bibliographicCitation": f"Test citation for {name}",
        "licenses": [{"name": "CC-BY-4.0", "scope": "data"}],
        "resources": [
            {"name": table, "path": f"{table}.csv", "profile": "tabular-data-resource"}
            for table in ("deployments", "media", "observations")
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    return folder
