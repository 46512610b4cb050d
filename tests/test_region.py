"""The landscape's region (src/landscape/region.py): derived from the parks, checked by validate
and by every importer; positions outside are refused unless allowed on purpose."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest

from landscape import region
from landscape.atomic_dir import STALE_AFTER_S, sweep_stale
from landscape.catalog import load_catalog
from landscape.paths import BUNDLED_DATA
from landscape.problems import errors
from landscape.wildlife.store import Record, read_record, record_toml
from tests.conftest import edit_json, snapshot
from tests.packages import write_package
from tests.test_cli import run


def _parks() -> gpd.GeoDataFrame:
    return gpd.read_file(BUNDLED_DATA / "parks.geojson")


def test_the_landscape_is_the_parks_extent_and_the_margin():
    parks = _parks()
    west, south, east, north = parks.total_bounds
    box = region.landscape(parks)
    margin = region.LANDSCAPE_MARGIN_DEG
    assert (box.west, box.south, box.east, box.north) == pytest.approx(
        (west - margin, south - margin, east + margin, north + margin)
    )
    assert box.holds(76.6, 42.85) and not box.holds(-76.6, 42.85) and not box.holds(42.85, 76.6)


def test_without_parks_the_landscape_is_central_asia():
    empty = _parks().iloc[0:0]
    assert region.landscape(empty).bounds() == region.CENTRAL_ASIA


def test_bundled_places_lie_comfortably_in_the_wide_region():
    wide = region.wide(_parks())
    places = gpd.read_file(BUNDLED_DATA / "places.geojson")
    for point in places.geometry:
        assert wide.west + 5 < point.x < wide.east - 5 and wide.south + 5 < point.y < wide.north - 5


def test_swapped_positions_are_told_apart_from_far_ones():
    box = region.landscape(_parks())
    assert region.looks_swapped(42.85, 76.6, box)
    assert not region.looks_swapped(-76.6, 42.85, box)
    assert list(region.outside([76.6, 42.85, np.nan], [42.85, 76.6, 42.0], box)) == [
        False,
        True,
        False,
    ]
    swapped = region.position_message("'42.85'", "'76.6'", 42.85, 76.6, box, ("lon", "lat"))
    assert "look swapped" in swapped and "swap the lat and lon columns" in swapped
    far = region.position_message("'-76.6'", "'42.85'", -76.6, 42.85, box, ("lon", "lat"))
    assert "look swapped" not in far and "check the sign" in far


def test_bundled_data_has_no_problem_with_the_regions():
    assert [p.line() for p in load_catalog(BUNDLED_DATA).problems] == []


def test_a_place_on_another_continent_is_an_error_and_left_out(data_copy: Path):
    def move(doc: dict) -> None:
        doc["features"][0]["geometry"]["coordinates"] = [-66.97, 39.65]  # Samarkand's sign lost

    edit_json(data_copy / "places.geojson", move)
    cat = load_catalog(data_copy)
    lines = [p.line() for p in errors(list(cat.problems))]
    assert any(
        line.startswith("places.geojson:samarkand: error: geometry") and "check the" in line
        for line in lines
    ), lines
    assert "samarkand" not in set(cat.places["id"])


def test_a_border_far_from_the_parks_is_an_error(data_copy: Path):
    def shift(doc: dict) -> None:
        for feature in doc["features"]:
            geometry = feature["geometry"]
            lines = geometry["coordinates"]
            if geometry["type"] == "LineString":
                lines = [lines]
            for line in lines:
                for point in line:
                    point[0] += 5.0

    edit_json(data_copy / "border.geojson", shift)
    lines = [p.line() for p in errors(list(load_catalog(data_copy).problems))]
    assert any(line.startswith("border.geojson:") and "landscape" in line for line in lines), lines


def _outside_package(folder: Path) -> Path:
    package = write_package(folder, name="far-cams")
    table = package / "deployments.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("76.71846", "-76.71846"))
    return package


def test_allow_outside_imports_and_records_it_so_validate_stays_quiet(data_copy, tmp_path):
    package = _outside_package(tmp_path / "pkg")
    before = snapshot(data_copy)
    refused = run("import", "camtrap-dp", str(package), "--data", str(data_copy))
    assert refused.returncode == 1
    assert f"{package}/deployments.csv:row 2: error: fields 'longitude', 'latitude'" in (
        refused.stderr
    )
    assert "--allow-outside" in refused.stderr
    assert snapshot(data_copy) == before

    done = run("import", "camtrap-dp", str(package), "--allow-outside", "--data", str(data_copy))
    assert done.returncode == 0, done.stderr
    record_file = data_copy / "observations" / "far-cams" / "dataset.toml"
    assert "outside_landscape = true" in record_file.read_text(encoding="utf-8")
    validate = run("validate", "--data", str(data_copy))
    assert validate.returncode == 0, validate.stdout

    # the same dataset without the field is named by validate, with the fix
    text = record_file.read_text(encoding="utf-8").replace("outside_landscape = true\n", "")
    record_file.write_text(text, encoding="utf-8")
    validate = run("validate", "--data", str(data_copy))
    assert validate.returncode == 1
    assert (
        "observations/far-cams/deployments.csv:row 2: error: fields 'longitude', 'latitude'"
        in validate.stdout
    )
    assert "set outside_landscape = true in its dataset.toml" in validate.stdout


def test_record_writes_outside_landscape_only_when_true(tmp_path: Path):
    inside = Record(id="a", kind="dwc", title="A")
    assert "outside_landscape" not in record_toml(inside)
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "dataset.toml").write_text(
        record_toml(Record("a", "dwc", "A", outside_landscape=True))
    )
    record, problems = read_record(folder, "a")
    assert record is not None and record.outside_landscape is True and problems == []


def test_a_dataset_record_value_of_the_wrong_type_is_an_error_naming_field_value_and_fix(
    tmp_path: Path,
):
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "dataset.toml").write_text(
        'id = "a"\nkind = "dwc"\ntitle = "A"\nsynthetic = "false"\n'
    )
    record, problems = read_record(folder, "observations/a")
    assert record is None
    (line,) = [p.line() for p in problems]
    assert line.startswith("observations/a/dataset.toml:synthetic: error: field 'synthetic'")
    assert "'false'" in line and "true or false without quotes" in line


def test_a_boundary_outside_the_landscape_needs_the_flag_and_central_asia_always(
    data_copy: Path, tmp_path: Path
):
    def outline(lon: float, lat: float) -> Path:
        ring = [[lon, lat], [lon + 0.2, lat], [lon + 0.2, lat + 0.2], [lon, lat + 0.2], [lon, lat]]
        path = tmp_path / f"outline-{lon}.geojson"
        feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon"}}
        feature["geometry"]["coordinates"] = [ring]
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
        return path

    args = ["--park", "ile-alatau", "--data", str(data_copy)]
    near = outline(72.0, 42.8)  # Central Asia, 2 degrees west of the landscape
    refused = run("import", "boundary", str(near), *args)
    assert refused.returncode == 1 and "--allow-outside" in refused.stderr
    assert run("import", "boundary", str(near), "--allow-outside", *args).returncode == 0
    far = outline(-77.0, 42.8)
    again = run("import", "boundary", str(far), "--allow-outside", *args)
    assert again.returncode == 1 and "Central Asia" in again.stderr


def test_an_import_sweeps_stale_work_folders_it_owns(tmp_path: Path):
    parent = tmp_path / "observations"
    stale = parent / ".x.abc123.partial"
    fresh = parent / ".y.def456.partial"
    kept = parent / ".hidden-by-hand"
    dataset = parent / "old.partial"  # not a dot-folder: a dataset, never touched
    for folder in (stale, fresh, kept, dataset):
        folder.mkdir(parents=True)
        (folder / "f.txt").write_text("x")
    past = time.time() - STALE_AFTER_S - 60
    for path in (stale, stale / "f.txt", kept, kept / "f.txt", dataset, dataset / "f.txt"):
        os.utime(path, (past, past))
    assert sweep_stale(parent, time.time()) == [stale]
    assert sorted(p.name for p in parent.iterdir()) == sorted([fresh.name, kept.name, dataset.name])


def test_the_next_import_removes_a_stale_partial_folder(data_copy: Path, tmp_path: Path):
    stale = data_copy / "observations" / ".killed.abc.partial"
    stale.mkdir()
    (stale / "deployments.csv").write_text("half")
    past = time.time() - STALE_AFTER_S - 60
    for path in (stale / "deployments.csv", stale):
        os.utime(path, (past, past))
    done = run(
        "import", "camtrap-dp", str(write_package(tmp_path / "pkg")), "--data", str(data_copy)
    )
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
