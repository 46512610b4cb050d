"""The Camtrap DP reader: the real TDWG example package and small packages built in tmp_path."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from landscape.problems import Problem, errors, warnings
from landscape.wildlife.camtrap import COUNTING, read_camtrap_dp
from landscape.wildlife.model import empty_deployments, empty_observations
from tests.realdata import realdata

Rows = list[dict[str, str]]
CAP = 20  # messages shown per field of a file, before one "... and N more rows" summary

# --- the real example package -------------------------------------------------------------------


def _csv_rows(path: Path) -> Rows:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def example() -> Path:
    return realdata("camtrap-dp-example")


def test_real_example_has_no_errors_and_four_deployments(example: Path) -> None:
    parsed = read_camtrap_dp(example, "camtrap-dp-example")
    assert errors(parsed.problems) == []
    assert sorted(parsed.deployments["deployment"]) == [
        "00a2c20d",
        "29b7d356",
        "577b543a",
        "62c200a9",
    ]


def test_real_example_counts_event_level_animals_only(example: Path) -> None:
    rows = _csv_rows(example / "observations.csv")
    event_animals = {
        r["observationID"]
        for r in rows
        if r["observationLevel"] == "event" and r["observationType"] == "animal"
    }
    media_level = {r["observationID"] for r in rows if r["observationLevel"] == "media"}
    assert len(event_animals) > 0 and len(media_level) > 0  # the file has both levels

    observations = read_camtrap_dp(example).observations
    assert len(observations) == len(event_animals)
    assert set(observations["record_id"]) == event_animals
    assert not set(observations["record_id"]) & media_level


def test_real_example_times_are_utc(example: Path) -> None:
    parsed = read_camtrap_dp(example)
    observations = parsed.observations.set_index("record_id")
    # eventStart "2020-05-30T02:57:37Z" in observations.csv
    assert observations.loc["705e6036", "time"] == pd.Timestamp("2020-05-30T02:57:37Z")
    deployments = parsed.deployments.set_index("deployment")
    # deploymentStart "2020-05-30T04:57:37+02:00" and "2021-03-27T21:38:18+01:00"
    assert deployments.loc["00a2c20d", "start"] == pd.Timestamp("2020-05-30T02:57:37Z")
    assert deployments.loc["62c200a9", "start"] == pd.Timestamp("2021-03-27T20:38:18Z")
    assert str(parsed.observations["time"].dtype) == "datetime64[ns, UTC]"


def test_real_example_camera_days(example: Path) -> None:
    deployments = read_camtrap_dp(example).deployments.set_index("deployment")
    # 2020-05-30T04:57:37+02:00 to 2020-07-01T11:41:41+02:00: 32 days 6 h 44 min 4 s
    by_hand = 32 + (6 * 3600 + 44 * 60 + 4) / 86400
    assert deployments.loc["00a2c20d", "camera_days"] == pytest.approx(by_hand)
    assert deployments.loc["00a2c20d", "location"] == "B_HS_val 2_processiepark"


def test_real_example_metadata(example: Path) -> None:
    meta = read_camtrap_dp(example).meta
    assert meta.kind == "camtrap-dp"
    assert meta.title.startswith("Sample from: MICA - Muskrat and coypu")
    assert meta.citation.startswith("Desmet P, Neukermans A")
    assert meta.licence == "CC0-1.0"  # the "data" licence, not the media one
    assert meta.url == "https://camtrap-dp.tdwg.org/example/"
    assert meta.name == "camtrap-dp-example-dataset"
    assert meta.coordinate_precision == 0.001
    assert meta.counting == COUNTING


def test_real_example_records_carry_deployment_positions(example: Path) -> None:
    observations = read_camtrap_dp(example).observations
    first = observations.set_index("record_id").loc["705e6036"]
    assert (first["lat"], first["lon"]) == (51.496, 4.774)
    assert first["species"] == "Anas platyrhynchos"
    assert first["withheld"] == "coordinates rounded to 0.001° by the publisher"
    assert "Homo sapiens" not in set(observations["scientific_name"])


# --- small packages -----------------------------------------------------------------------------

DEPLOYMENT = {
    "deploymentID": "d1",
    "locationID": "loc-1",
    "locationName": "Upper meadow",
    "latitude": "42.75",
    "longitude": "76.25",
    "deploymentStart": "2024-06-01T12:00:00+06:00",
    "deploymentEnd": "2024-06-11T00:00:00+06:00",
    "cameraHeight": "0.5",
    "baitUse": "false",
    "featureType": "trailGame",
}
MEDIUM = {
    "mediaID": "m1",
    "deploymentID": "d1",
    "captureMethod": "activityDetection",
    "timestamp": "2024-06-02T20:00:00+06:00",
    "filePath": "media/m1.jpg",
    "filePublic": "true",
    "fileMediatype": "image/jpeg",
}
OBSERVATION = {
    "observationID": "o1",
    "deploymentID": "d1",
    "mediaID": "",
    "eventID": "e1",
    "eventStart": "2024-06-02T20:00:00+06:00",
    "eventEnd": "2024-06-02T20:00:30+06:00",
    "observationLevel": "event",
    "observationType": "animal",
    "scientificName": "Uncia uncia",
    "count": "1",
    "lifeStage": "adult",
    "classificationProbability": "0.9",
}


def descriptor(**extra: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "profile": "https://raw.githubusercontent.com/tdwg/camtrap-dp/1.0.2/camtrap-dp-profile.json",
        "name": "test-package",
        "title": "Test package",
        "resources": [
            {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource"}
            for name in ("deployments", "media", "observations")
        ],
    }
    doc.update(extra)
    return doc


def write_csv(path: Path, rows: Rows, columns: list[str] | None = None) -> None:
    """Rows as CSV; the columns are every key, in the order first seen, unless given."""
    if columns is None:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def write_package(
    folder: Path,
    deployments: Rows | None = None,
    media: Rows | None = None,
    observations: Rows | None = None,
    doc: dict[str, object] | None = None,
) -> Path:
    """A minimal valid package (one deployment, one image, one event) unless told otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(doc or descriptor()), encoding="utf-8")
    write_csv(folder / "deployments.csv", deployments or [dict(DEPLOYMENT)])
    write_csv(folder / "media.csv", media or [dict(MEDIUM)])
    write_csv(folder / "observations.csv", observations or [dict(OBSERVATION)])
    return folder


def obs(**values: str) -> dict[str, str]:
    return {**OBSERVATION, **values}


def read(folder: Path) -> tuple[list[Problem], pd.DataFrame]:
    parsed = read_camtrap_dp(folder, "pkg")
    return parsed.problems, parsed.observations


def lines(problems: list[Problem]) -> list[str]:
    return [p.line() for p in problems]


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return write_package(tmp_path / "pkg")


def test_minimal_package_is_valid_and_normalised(package: Path) -> None:
    parsed = read_camtrap_dp(package, "pkg")
    assert parsed.problems == []
    obs_frame, dep_frame = parsed.observations, parsed.deployments
    assert obs_frame.columns.tolist() == empty_observations().columns.tolist()
    assert obs_frame.dtypes.tolist() == empty_observations().dtypes.tolist()
    assert dep_frame.dtypes.tolist() == empty_deployments().dtypes.tolist()
    record = obs_frame.iloc[0].to_dict()
    assert record == {
        "dataset": "",
        "record_id": "o1",
        "species": "Uncia uncia",
        "scientific_name": "Uncia uncia",
        "time": pd.Timestamp("2024-06-02T14:00:00Z"),
        "lat": 42.75,
        "lon": 76.25,
        "count": 1,
        "deployment": "d1",
        "basis": "camera trap",
        "country": None,
        "licence": None,
        "withheld": None,
    }
    deployment = dep_frame.iloc[0]
    assert deployment["location"] == "Upper meadow"
    assert deployment["camera_days"] == pytest.approx(9.5)
    assert parsed.meta.title == "Test package" and parsed.meta.licence == ""


def test_media_only_package_counts_each_event_once(tmp_path: Path) -> None:
    media = [{**MEDIUM, "mediaID": f"m{i}"} for i in range(1, 5)]
    times = ["20:00:02", "20:00:01", "20:00:03"]
    observations = [
        obs(
            observationID=f"m{i}_1",
            mediaID=f"m{i}",
            observationLevel="media",
            count=str(count),
            eventStart=f"2024-06-02T{t}+06:00",
            eventEnd=f"2024-06-02T{t}+06:00",
        )
        for i, count, t in zip((1, 2, 3), (1, 2, 2), times, strict=True)
    ]
    observations.append(  # a lone image of another species, without an event
        obs(observationID="m4_1", mediaID="m4", observationLevel="media", eventID="")
    )
    observations.append(  # a fox in the same event: a record of its own
        obs(
            observationID="m3_2",
            mediaID="m3",
            observationLevel="media",
            scientificName="Vulpes vulpes",
            count="",
        )
    )
    problems, records = read(write_package(tmp_path / "p", media=media, observations=observations))
    assert problems == []
    by_id = records.set_index("record_id")
    assert sorted(by_id.index) == ["e1:Uncia uncia", "e1:Vulpes vulpes", "m4_1"]
    assert by_id.loc["e1:Uncia uncia", "count"] == 2  # the most seen on one image, not 5
    assert by_id.loc["e1:Uncia uncia", "time"] == pd.Timestamp("2024-06-02T14:00:01Z")
    assert by_id.loc["e1:Vulpes vulpes", "count"] == 1  # a blank count is 1
    assert by_id.loc["m4_1", "count"] == 1


def test_event_level_rows_win_over_media_level_rows(tmp_path: Path) -> None:
    observations = [
        obs(count="3"),
        obs(observationID="m1_1", mediaID="m1", observationLevel="media", count="2"),
    ]
    problems, records = read(write_package(tmp_path / "p", observations=observations))
    assert problems == []
    assert records["record_id"].tolist() == ["o1"]
    assert records["count"].tolist() == [3]


@pytest.mark.parametrize("kind", ["human", "blank", "vehicle", "unknown", "unclassified"])
def test_only_animals_are_counted(tmp_path: Path, kind: str) -> None:
    observations = [
        obs(),
        obs(observationID="o2", observationType=kind, scientificName="Homo sapiens"),
    ]
    problems, records = read(write_package(tmp_path / "p", observations=observations))
    assert problems == []
    assert records["record_id"].tolist() == ["o1"]


def test_a_package_of_humans_only_yields_no_records(tmp_path: Path) -> None:
    observations = [obs(observationType="human", scientificName="")]
    problems, records = read(write_package(tmp_path / "p", observations=observations))
    assert problems == []
    assert records.empty
    assert records.dtypes.tolist() == empty_observations().dtypes.tolist()


@pytest.mark.parametrize("marker", ["", "NA", "NaN", "nan"])
def test_missing_markers_in_an_optional_field_are_fine(tmp_path: Path, marker: str) -> None:
    observation = obs(count=marker, lifeStage=marker, classificationProbability=marker)
    problems, records = read(write_package(tmp_path / "p", observations=[observation]))
    assert problems == []
    assert records["count"].tolist() == [1]


@pytest.mark.parametrize("marker", ["", "NA", "NaN", "nan"])
def test_missing_markers_in_a_required_field_are_errors(tmp_path: Path, marker: str) -> None:
    deployment = {**DEPLOYMENT, "latitude": marker}
    problems, _ = read(write_package(tmp_path / "p", deployments=[deployment]))
    assert lines(problems) == [
        f"pkg/deployments.csv:row 2: error: field 'latitude': value {marker!r} is missing "
        "(the field is required); expected a number from -90 to 90"
    ]


def test_inline_schema_missing_values_are_honoured(tmp_path: Path) -> None:
    doc = descriptor()
    doc["resources"][2]["schema"] = {"missingValues": [""]}  # type: ignore[index]
    observation = obs(count="NA")  # now a value, not a missing one
    problems, _ = read(write_package(tmp_path / "p", observations=[observation], doc=doc))
    assert lines(problems) == [
        "pkg/observations.csv:row 2: error: field 'count': value 'NA' is not an integer; "
        "expected an integer of at least 1"
    ]


def test_mixed_utc_offsets_parse(tmp_path: Path) -> None:
    starts = ["2024-06-02T20:00:00+06:00", "2024-06-02T14:00:00Z", "2024-06-02T10:30:00-03:30"]
    observations = [
        obs(observationID=f"o{i}", eventStart=start, eventEnd="2024-06-03T00:00:00Z")
        for i, start in enumerate(starts)
    ]
    problems, records = read(write_package(tmp_path / "p", observations=observations))
    assert problems == []
    assert records["time"].tolist() == [
        pd.Timestamp("2024-06-02T14:00:00Z"),
        pd.Timestamp("2024-06-02T14:00:00Z"),
        pd.Timestamp("2024-06-02T14:00:00Z"),
    ]
    assert records["time"].iloc[0].to_pydatetime() == datetime(2024, 6, 2, 14, tzinfo=UTC)


def test_a_time_without_offset_is_an_error(tmp_path: Path) -> None:
    deployment = {**DEPLOYMENT, "deploymentStart": "2024-06-01T12:00:00"}
    problems, _ = read(write_package(tmp_path / "p", deployments=[deployment]))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.locator, problem.severity) == (
        "pkg/deployments.csv",
        "row 2",
        "error",
    )
    assert "field 'deploymentStart': value '2024-06-01T12:00:00' has no UTC offset" in (
        problem.message
    )
    assert "+06:00" in problem.message


def test_a_time_without_offset_in_an_unused_field_is_a_warning(tmp_path: Path) -> None:
    medium = {**MEDIUM, "timestamp": "2024-06-02T20:00:00"}
    problems, records = read(write_package(tmp_path / "p", media=[medium]))
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/media.csv", "row 2", "warning")
    ]
    assert "field 'timestamp': value '2024-06-02T20:00:00' has no UTC offset" in (
        problems[0].message
    )
    assert problems[0].message.endswith(
        "(the dashboard does not use this field: imported with a warning)"
    )
    assert len(records) == 1


@pytest.mark.parametrize("value", ["yesterday", "2024-13-02T20:00:00Z", "02/06/2024 20:00"])
def test_a_time_that_is_not_a_time_is_an_error(tmp_path: Path, value: str) -> None:
    problems, _ = read(write_package(tmp_path / "p", observations=[obs(eventStart=value)]))
    assert [(p.locator, p.severity) for p in problems] == [("row 2", "error")]
    assert problems[0].message.startswith(f"field 'eventStart': value {value!r} is not a")


def test_an_unknown_deployment_is_an_error(tmp_path: Path) -> None:
    observations = [obs(), obs(observationID="o2", deploymentID="nowhere")]
    problems, _ = read(write_package(tmp_path / "p", observations=observations))
    assert lines(problems) == [
        "pkg/observations.csv:row 3: error: field 'deploymentID': value 'nowhere' is not a "
        "deploymentID in deployments.csv; expected the deploymentID of a row of deployments.csv"
    ]


def test_an_unknown_media_id_is_an_error(tmp_path: Path) -> None:
    observations = [obs(observationLevel="media", mediaID="m404")]
    problems, _ = read(write_package(tmp_path / "p", observations=observations))
    assert [(p.path, p.locator) for p in problems] == [("pkg/observations.csv", "row 2")]
    assert "field 'mediaID': value 'm404' is not a mediaID in media.csv" in problems[0].message


def test_media_of_an_unknown_deployment_is_an_error(tmp_path: Path) -> None:
    problems, _ = read(write_package(tmp_path / "p", media=[{**MEDIUM, "deploymentID": "d9"}]))
    assert [(p.path, p.locator) for p in problems] == [("pkg/media.csv", "row 2")]
    assert "value 'd9' is not a deploymentID in deployments.csv" in problems[0].message


def test_a_duplicate_observation_id_is_an_error(tmp_path: Path) -> None:
    observations = [obs(), obs(observationID="o2"), obs()]
    problems, _ = read(write_package(tmp_path / "p", observations=observations))
    assert lines(problems) == [
        "pkg/observations.csv:row 4: error: field 'observationID': value 'o1' is repeated "
        "(first in row 2); expected each value once"
    ]


def test_a_latitude_out_of_range_is_an_error(tmp_path: Path) -> None:
    deployments = [DEPLOYMENT, *({**DEPLOYMENT, "deploymentID": f"d{i}"} for i in range(2, 7))]
    deployments[5] = {**deployments[5], "latitude": "123.4"}
    problems, _ = read(write_package(tmp_path / "p", deployments=deployments))
    assert lines(problems) == [
        "pkg/deployments.csv:row 7: error: field 'latitude': value '123.4' is out of range; "
        "expected a number from -90 to 90"
    ]


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("count", "0", "is out of range; expected an integer of at least 1"),
        ("count", "1.5", "is not an integer; expected an integer of at least 1"),
        ("count", "two", "is not an integer"),
        ("observationType", "animals", "is not allowed; expected one of animal, human, vehicle"),
        ("observationLevel", "Event", "is not allowed; expected one of media, event"),
    ],
)
def test_bad_observation_values_are_errors(
    tmp_path: Path, column: str, value: str, says: str
) -> None:
    problems, _ = read(write_package(tmp_path / "p", observations=[obs(**{column: value})]))
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/observations.csv", "row 2", "error")
    ]
    assert problems[0].message.startswith(f"field {column!r}: value {value!r} {says}")


# Fields the dashboard never reads: a value out of the standard's range is a warning (a real
# Agouti export has bboxX 1.25), and the package is imported as written.
@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("bboxX", "1.25", "is out of range; expected a number from 0 to 1"),
        ("sex", "f", "is not allowed; expected one of female, male"),
        ("classificationProbability", "1.2", "is out of range; expected a number from 0 to 1"),
        ("bboxWidth", "0", "is out of range; expected a number above 0 and at most 1"),
        ("individualSpeed", "-1", "is out of range; expected a number of at least 0"),
        ("classificationMethod", "AI", "is not allowed; expected one of human, machine"),
    ],
)
def test_bad_values_in_unused_observation_fields_are_warnings(
    tmp_path: Path, column: str, value: str, says: str
) -> None:
    problems, records = read(write_package(tmp_path / "p", observations=[obs(**{column: value})]))
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/observations.csv", "row 2", "warning")
    ]
    assert problems[0].message == (
        f"field {column!r}: value {value!r} {says} "
        "(the dashboard does not use this field: imported with a warning)"
    )
    assert records["record_id"].tolist() == ["o1"]


@pytest.mark.parametrize(
    ("column", "value", "severity"),
    [
        ("longitude", "181", "error"),
        ("longitude", "east", "error"),
        ("deploymentEnd", "2024-06-11", "error"),
        ("cameraTilt", "-91", "warning"),
        ("cameraHeading", "361", "warning"),
        ("cameraHeading", "20.5", "warning"),
        ("coordinateUncertainty", "0", "warning"),
        ("baitUse", "yes", "warning"),
        ("featureType", "road", "warning"),
        ("cameraHeight", "-0.1", "warning"),
    ],
)
def test_bad_deployment_values(tmp_path: Path, column: str, value: str, severity: str) -> None:
    """An error in a field the dashboard reads, a warning in one it does not."""
    deployment = {**DEPLOYMENT, column: value}
    problems, _ = read(write_package(tmp_path / "p", deployments=[deployment]))
    assert [(p.locator, p.severity) for p in problems] == [("row 2", severity)]
    assert problems[0].message.startswith(f"field {column!r}: value {value!r} ")


@pytest.mark.parametrize("value", ["true", "false", "True", "False", "TRUE", "FALSE", "1", "0"])
def test_booleans_in_every_spelling_are_accepted(tmp_path: Path, value: str) -> None:
    medium = {**MEDIUM, "filePublic": value, "favorite": value}
    problems, _ = read(write_package(tmp_path / "p", media=[medium]))
    assert problems == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("filePublic", "yes"), ("fileMediatype", "jpeg"), ("captureMethod", "motion")],
)
def test_bad_media_values_are_warnings(tmp_path: Path, column: str, value: str) -> None:
    """The dashboard reads no media field but the ids: the rest are warnings."""
    problems, records = read(write_package(tmp_path / "p", media=[{**MEDIUM, column: value}]))
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/media.csv", "row 2", "warning")
    ]
    assert problems[0].message.startswith(f"field {column!r}: value {value!r} ")
    assert len(records) == 1


def test_an_end_before_the_start_is_an_error(tmp_path: Path) -> None:
    """A deployment that ends before it starts has no camera-days: an error. The dashboard does
    not read eventEnd, so an event ending before it starts is a warning."""
    deployment = {**DEPLOYMENT, "deploymentEnd": "2024-05-01T00:00:00+06:00"}
    observation = obs(eventEnd="2024-06-02T13:59:59Z")  # one second before eventStart
    problems, _ = read(
        write_package(tmp_path / "p", deployments=[deployment], observations=[observation])
    )
    assert [(p.path, p.locator, p.severity, p.message.split(":")[0]) for p in problems] == [
        ("pkg/deployments.csv", "row 2", "error", "field 'deploymentEnd'"),
        ("pkg/observations.csv", "row 2", "warning", "field 'eventEnd'"),
    ]
    assert "is before eventStart '2024-06-02T20:00:00+06:00'" in problems[1].message


def test_a_missing_table_file_is_an_error(package: Path) -> None:
    (package / "media.csv").unlink()
    problems, _ = read(package)
    assert [(p.path, p.severity) for p in problems] == [("pkg/media.csv", "error")]
    assert "file is missing" in problems[0].message


def test_a_missing_resource_is_an_error(tmp_path: Path) -> None:
    doc = descriptor()
    doc["resources"] = doc["resources"][:2]  # type: ignore[index]
    problems, records = read(write_package(tmp_path / "p", doc=doc))
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/datapackage.json", "resources", "error")
    ]
    assert "'observations'" in problems[0].message
    assert records.empty


def test_a_missing_required_column_is_one_error(tmp_path: Path) -> None:
    observations = [{k: v for k, v in obs().items() if k != "eventStart"} for _ in range(3)]
    for i, row in enumerate(observations):
        row["observationID"] = f"o{i}"
    problems, records = read(write_package(tmp_path / "p", observations=observations))
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/observations.csv", "eventStart", "error")
    ]
    message = problems[0].message
    assert message.startswith("column 'eventStart' is missing; expected the columns ")
    assert "observationID, deploymentID, eventStart, eventEnd" in message
    assert records.empty


def test_a_missing_optional_column_is_fine(tmp_path: Path) -> None:
    observation = {k: v for k, v in obs().items() if k not in ("count", "eventID", "mediaID")}
    deployment = {k: v for k, v in DEPLOYMENT.items() if k != "locationName"}
    problems, records = read(
        write_package(tmp_path / "p", deployments=[deployment], observations=[observation])
    )
    assert problems == []
    assert records["count"].tolist() == [1]
    deployments = read_camtrap_dp(tmp_path / "p").deployments
    assert deployments["location"].tolist() == ["loc-1"]  # locationID when no locationName


def test_invalid_json_is_an_error(package: Path) -> None:
    (package / "datapackage.json").write_text('{"resources": [}', encoding="utf-8")
    parsed = read_camtrap_dp(package, "pkg")
    assert [(p.path, p.severity) for p in parsed.problems] == [("pkg/datapackage.json", "error")]
    assert parsed.problems[0].message.startswith("not valid JSON (")
    assert parsed.observations.empty and parsed.deployments.empty


def test_a_json_list_is_an_error(package: Path) -> None:
    (package / "datapackage.json").write_text("[]", encoding="utf-8")
    problems, _ = read(package)
    assert lines(problems) == [
        "pkg/datapackage.json: error: holds a JSON list; expected a JSON object"
    ]


def test_a_descriptor_that_is_not_utf8_is_an_error(package: Path) -> None:
    (package / "datapackage.json").write_bytes(b'{"title": "Caf\xe9"}')
    problems, _ = read(package)
    assert [p.severity for p in problems] == ["error"]
    assert "UTF-8" in problems[0].message


@pytest.mark.parametrize(
    "path",
    [
        "../observations.csv",
        "data/../../observations.csv",
        "/etc/passwd",
        "https://example.org/observations.csv",
        "file:///tmp/observations.csv",
        "C:/data/observations.csv",
        "..\\observations.csv",
    ],
)
def test_resource_paths_must_stay_inside_the_package(tmp_path: Path, path: str) -> None:
    (tmp_path / "observations.csv").write_text("observationID\n", encoding="utf-8")
    doc = descriptor()
    doc["resources"][2]["path"] = path  # type: ignore[index]
    problems, records = read(write_package(tmp_path / "p", doc=doc))
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/datapackage.json", "resources/observations/path", "error")
    ]
    assert repr(path) in problems[0].message
    assert records.empty


def test_a_symlink_out_of_the_package_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    write_csv(outside, [obs()])
    folder = write_package(tmp_path / "p")
    (folder / "observations.csv").unlink()
    (folder / "observations.csv").symlink_to(outside)
    problems, _ = read(folder)
    assert [p.locator for p in problems] == ["resources/observations/path"]


def test_a_missing_folder_is_an_error_not_an_exception(tmp_path: Path) -> None:
    parsed = read_camtrap_dp(tmp_path / "nothing-here", "nothing-here")
    assert [(p.path, p.severity) for p in parsed.problems] == [("nothing-here", "error")]
    assert parsed.observations.empty


def test_a_missing_descriptor_is_an_error(package: Path) -> None:
    (package / "datapackage.json").unlink()
    problems, _ = read(package)
    assert [(p.path, p.severity) for p in problems] == [("pkg/datapackage.json", "error")]


def test_shown_defaults_to_the_folder(package: Path) -> None:
    (package / "media.csv").unlink()
    problems = read_camtrap_dp(package).problems
    assert [p.path for p in problems] == [f"{package}/media.csv"]


@pytest.mark.parametrize(
    "profile",
    ["tabular-data-package", "https://raw.githubusercontent.com/tdwg/camtrap-dp/0.6/x.json", None],
)
def test_a_foreign_profile_is_a_warning(tmp_path: Path, profile: str | None) -> None:
    problems, records = read(write_package(tmp_path / "p", doc=descriptor(profile=profile)))
    assert [(p.locator, p.severity) for p in problems] == [("profile", "warning")]
    assert len(records) == 1


def test_coordinate_precision_is_said_per_record(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "p", doc=descriptor(coordinatePrecision=0.01))
    parsed = read_camtrap_dp(folder)
    assert parsed.meta.coordinate_precision == 0.01
    assert parsed.observations["withheld"].tolist() == [
        "coordinates rounded to 0.01° by the publisher"
    ]


def test_metadata_fallbacks(tmp_path: Path) -> None:
    doc = descriptor(
        title=None,
        name=None,
        id="urn:x",
        licenses=[
            {"path": "https://x/media", "scope": "media"},
            {"path": "https://x/data", "scope": "data"},
        ],
    )
    meta = read_camtrap_dp(write_package(tmp_path / "p", doc=doc)).meta
    assert (meta.title, meta.name, meta.licence, meta.citation, meta.url) == (
        "urn:x",
        "urn:x",
        "https://x/data",
        "",
        "",
    )


def test_bom_crlf_and_quoted_commas_are_read(package: Path) -> None:
    row = {**DEPLOYMENT, "deploymentComments": 'from 1/6 to 11/6, "120" photos'}
    columns = list(row)
    text = (
        ",".join(columns)
        + "\r\n"
        + ",".join(
            '"' + row[c].replace('"', '""') + '"' if "," in row[c] else row[c] for c in columns
        )
    )
    (package / "deployments.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8") + b"\r\n")
    parsed = read_camtrap_dp(package)
    assert parsed.problems == []
    assert parsed.deployments["deployment"].tolist() == ["d1"]


def test_a_row_with_too_many_fields_is_an_error(package: Path) -> None:
    with (package / "media.csv").open("a", encoding="utf-8") as handle:
        handle.write("m2,d1,activityDetection,2024-06-02T20:00:00Z,x.jpg,true,image/jpeg,extra\n")
    problems, _ = read(package)
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/media.csv", "row 3", "error")
    ]
    assert problems[0].message.startswith("the row has 8 fields; expected 7 as in the header")


def test_an_empty_file_and_a_bad_encoding_are_errors(package: Path) -> None:
    (package / "media.csv").write_bytes(b"")
    (package / "deployments.csv").write_bytes("deploymentID\nd\xe9\n".encode("latin-1"))
    problems, _ = read(package)
    by_path = {p.path: p.message for p in problems if p.severity == "error"}
    assert by_path["pkg/media.csv"].startswith("file is empty")
    assert "UTF-8" in by_path["pkg/deployments.csv"]


def test_a_repeated_column_is_an_error(package: Path) -> None:
    write_csv(package / "media.csv", [MEDIUM], [*MEDIUM, "filePath"])
    problems, _ = read(package)
    assert [(p.path, p.locator) for p in problems] == [("pkg/media.csv", "filePath")]


def test_messages_are_capped_per_field(tmp_path: Path) -> None:
    deployments = [
        {**DEPLOYMENT, "deploymentID": f"d{i}", "latitude": "95", "cameraTilt": "x"}
        for i in range(CAP + 15)
    ]
    observations = [obs(deploymentID="d0")]
    problems, _ = read(
        write_package(tmp_path / "p", deployments=deployments, observations=observations)
    )
    for name in ("latitude", "cameraTilt"):
        found = [p for p in problems if f"field '{name}'" in p.message or p.locator == name]
        assert len(found) == CAP + 1
        assert [p.locator for p in found[:CAP]] == [f"row {i}" for i in range(2, CAP + 2)]
        assert (found[-1].locator, found[-1].message) == (
            name,
            f"... and 15 more rows with problems in '{name}'",
        )
    assert len(problems) == 2 * (CAP + 1)


def test_checks_are_vectorised_and_exact_on_many_rows(tmp_path: Path) -> None:
    """50,000 observations, one in 1,000 with an unknown deployment: the counts are exact."""
    n = 50_000
    frame = pd.DataFrame([obs()] * n)
    frame["observationID"] = [f"o{i}" for i in range(n)]
    frame["eventID"] = [f"e{i}" for i in range(n)]
    bad = frame.index % 1000 == 999
    frame.loc[bad, "deploymentID"] = "d404"
    frame.loc[frame.index % 2 == 1, "eventStart"] = "2024-06-02T14:00:00Z"
    folder = write_package(tmp_path / "p")
    frame.to_csv(folder / "observations.csv", index=False)
    problems, records = read(folder)
    assert len(problems) == CAP + 1
    assert [p.locator for p in problems[:3]] == ["row 1001", "row 2001", "row 3001"]
    assert problems[-1].message == (
        f"... and {bad.sum() - CAP} more rows with problems in 'deploymentID'"
    )
    assert len(records) == n
    assert (records["time"] == pd.Timestamp("2024-06-02T14:00:00Z")).all()


def test_nothing_is_read_as_a_number_by_accident(tmp_path: Path) -> None:
    """IDs that look like numbers or dates stay text, with leading zeros."""
    deployment = {**DEPLOYMENT, "deploymentID": "007"}
    observation = obs(deploymentID="007", observationID="1e3", scientificName="NA")
    folder = write_package(
        tmp_path / "p",
        deployments=[deployment],
        media=[{**MEDIUM, "deploymentID": "007"}],
        observations=[observation],
    )
    problems, records = read(folder)
    assert problems == []
    assert records[["record_id", "deployment"]].values.tolist() == [["1e3", "007"]]
    assert records["scientific_name"].tolist() == [None]  # "NA" is a missing-value marker
    assert records["species"].tolist() == [None]


def test_a_problem_reads_as_one_cli_line(tmp_path: Path) -> None:
    observation = obs(count="0")
    problems, _ = read(write_package(tmp_path / "p", observations=[observation]))
    assert lines(problems) == [
        "pkg/observations.csv:row 2: error: field 'count': value '0' is out of range; "
        "expected an integer of at least 1"
    ]
    assert warnings(problems) == []


def test_observations_split_on_one_image_are_summed_before_the_maximum(tmp_path: Path) -> None:
    """An image holding "1 adult female" and "9 juveniles" shows 10 animals, not 9."""
    media = [{**MEDIUM, "mediaID": "m1"}, {**MEDIUM, "mediaID": "m2"}]
    observations = [
        obs(
            observationID=f"{image}_{k}",
            mediaID=image,
            observationLevel="media",
            count=count,
            lifeStage=stage,
        )
        for image in ("m1", "m2")
        for k, (count, stage) in enumerate((("1", "adult"), ("9", "juvenile")))
    ]
    problems, records = read(write_package(tmp_path / "p", media=media, observations=observations))
    assert problems == []
    assert records[["record_id", "count"]].values.tolist() == [["e1:Uncia uncia", 10]]


def test_one_event_id_in_two_deployments_gives_two_records(tmp_path: Path) -> None:
    deployments = [DEPLOYMENT, {**DEPLOYMENT, "deploymentID": "d2", "latitude": "43"}]
    observations = [
        obs(observationID="a", observationLevel="media", mediaID="m1"),
        obs(observationID="b", observationLevel="media", mediaID="m1", deploymentID="d2"),
    ]
    problems, records = read(
        write_package(tmp_path / "p", deployments=deployments, observations=observations)
    )
    assert problems == []
    assert sorted(records["record_id"]) == ["d1:e1:Uncia uncia", "d2:e1:Uncia uncia"]
    assert sorted(records["lat"]) == [42.75, 43.0]


def test_a_row_with_too_few_fields_is_an_error(package: Path) -> None:
    with (package / "observations.csv").open("a", encoding="utf-8") as handle:
        handle.write("o2,d1\n")
    problems, records = read(package)
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/observations.csv", "row 3", "error")
    ]
    assert problems[0].message.startswith(f"the row has 2 fields; expected {len(OBSERVATION)}")
    assert records.empty


def test_a_duplicate_deployment_id_is_an_error(tmp_path: Path) -> None:
    problems, _ = read(write_package(tmp_path / "p", deployments=[DEPLOYMENT, DEPLOYMENT]))
    assert [(p.path, p.locator) for p in problems] == [("pkg/deployments.csv", "row 3")]
    assert problems[0].message.startswith("field 'deploymentID': value 'd1' is repeated")


@pytest.mark.parametrize("value", ["1e999", "inf", "0x10", "1,5", "½"])
def test_numbers_are_plain_decimals(tmp_path: Path, value: str) -> None:
    deployment = {**DEPLOYMENT, "latitude": value}
    problems, _ = read(write_package(tmp_path / "p", deployments=[deployment]))
    assert [p.message for p in problems] == [
        f"field 'latitude': value {value!r} is not a number; expected a number from -90 to 90"
    ]


@pytest.mark.parametrize("precision", ["0.001", -1, True, [0.1]])
def test_a_bad_coordinate_precision_is_a_warning(tmp_path: Path, precision: object) -> None:
    folder = write_package(tmp_path / "p", doc=descriptor(coordinatePrecision=precision))
    parsed = read_camtrap_dp(folder)
    assert [(p.locator, p.severity) for p in parsed.problems] == [
        ("coordinatePrecision", "warning")
    ]
    assert parsed.meta.coordinate_precision is None
    assert parsed.observations["withheld"].tolist() == [None]


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, '{"resources": "deployments.csv"}', '{"resources": [{"name": ["x"]}]}'],
)
def test_odd_descriptors_are_errors_not_exceptions(package: Path, text: str) -> None:
    (package / "datapackage.json").write_text(text, encoding="utf-8")
    problems, _ = read(package)
    assert errors(problems)
    assert {p.path for p in problems} == {"pkg/datapackage.json"}


NASTY = ["", "NA", "-1", "1e999", "2024-13-40T99:00:00Z", "x,y", '"', "\u00e9", "0", "true", "é\n"]


@pytest.mark.parametrize("seed", range(6))
def test_garbage_in_any_cell_never_raises(tmp_path: Path, seed: int) -> None:
    """Every cell of a small package replaced at random by odd values: problems, no exception."""
    import random

    rng = random.Random(seed)
    tables = {"deployments": [DEPLOYMENT] * 3, "media": [MEDIUM] * 3, "observations": [obs()] * 3}
    mangled = {
        name: [{k: rng.choice([v, *NASTY]) for k, v in row.items()} for row in rows]
        for name, rows in tables.items()
    }
    folder = write_package(tmp_path / "p", **mangled)
    parsed = read_camtrap_dp(folder, "pkg")
    assert all(p.path.startswith("pkg/") and p.message for p in parsed.problems)
    assert parsed.observations.dtypes.tolist() == empty_observations().dtypes.tolist()
    assert parsed.deployments.dtypes.tolist() == empty_deployments().dtypes.tolist()


# --- the versions and forms partners send -------------------------------------------------------

LEGACY = Path(__file__).parents[1] / "fixtures" / "camtrap" / "agouti-0.1.6"


def test_a_0_1_6_package_is_converted_to_1_0() -> None:
    """Agouti's 0.1.6 layout (start/end, timestamp, sequenceID, 'motion detection', baitUse
    'none', offsets '+0000'): read as 1.0, with one warning saying so. Before, it was read "as
    1.0" and refused with a dozen errors."""
    parsed = read_camtrap_dp(LEGACY, "pkg")
    assert [(p.path, p.locator, p.severity) for p in parsed.problems] == [
        ("pkg/datapackage.json", "profile", "warning")
    ]
    message = parsed.problems[0].message
    assert message.startswith("the package is Camtrap DP 0.1.6: read after converting its ")
    assert "start -> deploymentStart" in message and "timestamp -> eventStart" in message
    # obs-2 is blank; obs-4 is media-level (it has a mediaID) and the package has sequence-level
    # (event-level) observations, so only obs-1 and obs-3 count
    records = parsed.observations.set_index("record_id")
    assert list(records.index) == ["obs-1", "obs-3"]
    assert records.loc["obs-1", "time"] == pd.Timestamp("2022-06-10T21:14:05Z")
    assert records.loc["obs-1", "count"] == 2
    assert records.loc["obs-3", "species"] == "Capra sibirica"
    assert (records.loc["obs-3", "lat"], records.loc["obs-3", "lon"]) == (42.78, 76.55)
    deployments = parsed.deployments.set_index("deployment")
    assert deployments.loc["dep-a", "start"] == pd.Timestamp("2022-06-01T04:00:00Z")
    assert deployments.loc["dep-a", "camera_days"] == 30.0
    assert deployments.loc["dep-b", "location"] == "Kemin river bend"


def test_a_0_1_6_package_title_comes_from_its_project() -> None:
    meta = read_camtrap_dp(LEGACY).meta
    assert meta.title == "Test project: camera traps in the upper Kemin valley (made-up data)"
    assert meta.name == "kemin-camera-traps-20220915101500"
    assert meta.licence == "CC0-1.0"


def test_a_0_1_6_field_problem_names_the_files_own_column(tmp_path: Path) -> None:
    package = tmp_path / "old"
    shutil.copytree(LEGACY, package)
    text = (package / "deployments.csv").read_text(encoding="utf-8")
    (package / "deployments.csv").write_text(
        text.replace("2022-07-01T04:00:00+0000", "2022-07-01 04:00"), encoding="utf-8"
    )
    problems, _ = read(package)
    found = errors(problems)
    assert [(p.path, p.locator) for p in found] == [("pkg/deployments.csv", "row 2")]
    assert found[0].message.startswith("field 'end': value '2022-07-01 04:00' has no UTC offset")


def test_a_0_1_package_in_another_layout_is_refused_in_one_line(tmp_path: Path) -> None:
    """The first 0.1 exports wrote snake_case columns: not converted, one line says so."""
    package = write_package(
        tmp_path / "p",
        doc=descriptor(
            profile="https://raw.githubusercontent.com/tdwg/camtrap-dp/0.1.2/camtrap-dp-profile.json"
        ),
        deployments=[{"deployment_id": "d1", "longitude": "76.6", "latitude": "42.8"}],
        observations=[{"observation_id": "o1", "deployment_id": "d1", "timestamp": "x"}],
    )
    problems, records = read(package)
    assert [(p.path, p.locator, p.severity) for p in errors(problems)] == [
        ("pkg/datapackage.json", "profile", "error")
    ]
    message = errors(problems)[0].message
    assert message.startswith("the package is Camtrap DP 0.1.2, but its tables are not in the ")
    assert "deployments.csv has no 'deploymentID', 'start', 'end'" in message
    assert message.endswith(
        "export it again as Camtrap DP 1.0 (Agouti, TRAPPER and the R "
        "package camtrapdp write 1.0) and import that"
    )
    assert records.empty


def test_a_1_0_rc_1_package_with_motion_detection_is_accepted(tmp_path: Path) -> None:
    """1.0-rc.1's one change that the tables hold: captureMethod 'motionDetection', renamed
    'activityDetection' in 1.0 (before, every such row was an error)."""
    profile = "https://raw.githubusercontent.com/tdwg/camtrap-dp/1.0-rc.1/camtrap-dp-profile.json"
    media = [{**MEDIUM, "captureMethod": "motionDetection"}]
    problems, records = read(
        write_package(tmp_path / "p", media=media, doc=descriptor(profile=profile))
    )
    assert problems == []
    assert records["record_id"].tolist() == ["o1"]


def test_motion_detection_in_a_1_0_package_is_a_warning(
    tmp_path: Path,
) -> None:
    media = [{**MEDIUM, "captureMethod": "motionDetection"}]
    problems, _ = read(write_package(tmp_path / "p", media=media))
    assert [(p.locator, p.severity) for p in problems] == [("row 2", "warning")]


def test_the_title_comes_from_the_project_when_there_is_none(tmp_path: Path) -> None:
    doc = descriptor(title=None, project={"title": "Kemin cameras 2023"})
    assert read_camtrap_dp(write_package(tmp_path / "p", doc=doc)).meta.title == (
        "Kemin cameras 2023"
    )


def test_a_package_given_as_its_datapackage_json(package: Path) -> None:
    parsed = read_camtrap_dp(package / "datapackage.json", "pkg/datapackage.json")
    assert parsed.problems == []
    assert parsed.observations["record_id"].tolist() == ["o1"]
    (package / "media.csv").unlink()
    problems = read_camtrap_dp(package / "datapackage.json", "pkg/datapackage.json").problems
    assert [p.path for p in problems] == ["pkg/media.csv"]  # paths as for the folder


def _zip(folder: Path, target: Path, prefix: str = "", extra: dict[str, bytes] | None = None):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


@pytest.mark.parametrize("prefix", ["", "kemin-export/"])
def test_a_zipped_package_reads_like_its_folder(tmp_path: Path, prefix: str) -> None:
    archive = _zip(
        LEGACY, tmp_path / "export.zip", prefix, {"__MACOSX/._datapackage.json": b"junk"}
    )
    from_zip = read_camtrap_dp(archive, "export.zip")
    from_folder = read_camtrap_dp(LEGACY, "export.zip")
    assert [p.severity for p in from_zip.problems] == ["warning"]
    pd.testing.assert_frame_equal(from_zip.observations, from_folder.observations)
    pd.testing.assert_frame_equal(from_zip.deployments, from_folder.deployments)
    assert from_zip.meta == from_folder.meta


def test_a_problem_in_a_zipped_package_names_the_zip_and_member(tmp_path: Path) -> None:
    package = write_package(tmp_path / "p", observations=[obs(deploymentID="nowhere")])
    problems, _ = read(_zip(package, tmp_path / "x.zip", "pkg-1/"))
    assert [(p.path, p.locator, p.severity) for p in problems] == [
        ("pkg/pkg-1/observations.csv", "row 2", "error")
    ]


def test_a_zip_slip_and_a_zip_without_a_package_are_refused(tmp_path: Path) -> None:
    package = write_package(tmp_path / "p")
    slip = _zip(package, tmp_path / "slip.zip", extra={"../evil.csv": b"x"})
    problems, _ = read(slip)
    assert [(p.locator, p.severity) for p in problems] == [("../evil.csv", "error")]
    assert "zip slip" in problems[0].message
    assert not (tmp_path / "evil.csv").exists()
    empty = tmp_path / "nothing.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "hello")
    problems, _ = read(empty)
    assert [p.line() for p in problems] == [
        "pkg: error: the zip holds no datapackage.json; expected one Camtrap DP package "
        "(datapackage.json and its tables) at the zip's root or in one folder"
    ]


def test_a_file_that_is_no_package_says_what_to_pass(tmp_path: Path) -> None:
    other = tmp_path / "observations.csv"
    other.write_text("observationID\n", encoding="utf-8")
    (problem,) = read_camtrap_dp(other, "observations.csv").problems
    assert problem.message.startswith("is a file, but neither a package's datapackage.json ")
    assert "its folder, its datapackage.json, or the zip it was downloaded as" in problem.message
