"""The `landscape` command as the data manager runs it: real subprocesses, real files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from tests.conftest import snapshot


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "landscape.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_validate_bundled_data_exits_0_with_summary_first():
    done = run("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    first, second = done.stdout.splitlines()[:2]
    assert "2 parks" in first and "4 events" in first
    assert second.startswith("0 error(s)")


def test_validate_broken_data_exits_1_naming_file_and_feature(data_copy: Path):
    text = (data_copy / "projects.toml").read_text()
    (data_copy / "projects.toml").write_text(text.replace('"chon-kemin", "ile', '"nowhere", "ile'))
    done = run("validate", "--data", str(data_copy))
    assert done.returncode == 1
    assert (
        "projects.toml:transboundary: error: field 'parks': unknown parks id 'nowhere'"
        in done.stdout
    )


def test_usage_errors_exit_2(tmp_path: Path):
    assert run("validate", "--bogus").returncode == 2
    assert run("validate", "--data", str(tmp_path / "missing")).returncode == 2


def test_summary_json_lists_parks_places_projects_events():
    done = run("summary", "--json")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    parks = {p["id"]: p for p in data["parks"]}
    assert set(parks) == {"chon-kemin", "ile-alatau"}
    assert parks["ile-alatau"]["country"] == "KAZ"
    assert parks["ile-alatau"]["accuracy"] == "schematic"
    assert parks["ile-alatau"]["source"] == ["WDPA", "PD"]
    assert parks["chon-kemin"]["area_km2"] == pytest.approx(1235.6, abs=1)
    assert [p["id"] for p in data["places"]] == ["samarkand"]
    assert {p["id"]: p["title"] for p in data["projects"]}["camca"].startswith("CAMCA")
    assert {e["id"] for e in data["events"]} == {
        "cop14",
        "side-event-unep-cms",
        "side-event-giz",
        "poster-giz-booth",
    }
    assert data["counts"]["events"] == 4
    assert json.loads(run("summary", "--json", "--public").stdout)["public"] is True


def _wdpa_like(path: Path, crs: str = "EPSG:32643") -> shapely.Polygon:
    """A WDPA-style download: several parks, projected CRS, WDPAID column."""
    ours = shapely.Polygon([(76.4, 43.0), (77.6, 42.95), (77.7, 43.15), (76.5, 43.2)])
    other = shapely.box(70.0, 41.0, 70.5, 41.5)
    frame = gpd.GeoDataFrame(
        {"WDPAID": [555, 100018], "NAME": ["Other", "Ile-Alatau"]},
        geometry=[other, ours],
        crs="EPSG:4326",
    ).to_crs(crs)
    frame.to_file(path, driver="GPKG")
    return ours


def test_import_boundary_from_projected_wdpa_file(data_copy: Path, tmp_path: Path):
    truth = _wdpa_like(tmp_path / "wdpa.gpkg")
    done = run(
        "import",
        "boundary",
        str(tmp_path / "wdpa.gpkg"),
        "--park",
        "ile-alatau",
        "--data",
        str(data_copy),
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(run("summary", "--json", "--data", str(data_copy)).stdout)
    park = {p["id"]: p for p in summary["parks"]}["ile-alatau"]
    assert park["accuracy"] == "official" and park["geometry_source"] == ["WDPA"]
    laea = (
        gpd.GeoSeries([truth], crs="EPSG:4326")
        .to_crs("+proj=laea +lat_0=43 +lon_0=77 +datum=WGS84")
        .area.iloc[0]
        / 1e6
    )
    assert park["area_km2"] == pytest.approx(laea, rel=0.005)
    assert run("validate", "--data", str(data_copy)).returncode == 0
    # the other park and all attributes are untouched
    after = json.loads((data_copy / "parks.geojson").read_text())["features"]
    assert after[1]["properties"]["wdpa_id"] == 100018
    assert after[0]["properties"]["accuracy"] == "schematic"


@pytest.mark.parametrize(
    "case", ["unknown-park", "no-match", "not-vector", "unknown-source", "line"]
)
def test_rejected_boundary_import_leaves_data_byte_for_byte(data_copy, tmp_path, case):
    source = tmp_path / "in.gpkg"
    park, extra = "ile-alatau", []
    if case == "unknown-park":
        _wdpa_like(source)
        park = "atlantis"
    elif case == "no-match":
        _wdpa_like(source)
        park = "chon-kemin"  # no WDPA id: two features cannot be told apart
    elif case == "not-vector":
        source = tmp_path / "in.geojson"
        source.write_text("{ this is not json")
    elif case == "unknown-source":
        _wdpa_like(source)
        extra = ["--source", "NOPE"]
    elif case == "line":
        gpd.GeoDataFrame(
            geometry=[shapely.LineString([(76, 43), (77, 43)])], crs="EPSG:4326"
        ).to_file(source)
    before = snapshot(data_copy)
    done = run("import", "boundary", str(source), "--park", park, "--data", str(data_copy), *extra)
    assert done.returncode == 1
    assert ": error: " in done.stderr and "data directory is unchanged" in done.stderr
    assert snapshot(data_copy) == before


def test_handout_writes_one_pdf_page_with_the_live_link(tmp_path: Path):
    out = tmp_path / "chon-kemin-ru.pdf"
    done = run("handout", "park", "chon-kemin", str(out), "--lang", "ru", "--url", "https://x.org/")
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
    assert "https://x.org/?lang=ru&park=chon-kemin" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("project", "atlantis", "x.png"), "atlantis"),
        (("park", "chon-kemin", "x.docx"), "must end in .pdf or .png"),
        (("park", "chon-kemin", "x.png", "--url", "javascript:alert(1)"), "not an http(s)"),
    ],
)
def test_handout_refuses_bad_requests_with_a_clear_message(tmp_path: Path, args, message):
    kind, item, name, *rest = args
    done = run("handout", kind, item, str(tmp_path / name), *rest)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == [], "nothing written"


def test_export_refuses_an_unknown_project(tmp_path: Path):
    done = run("export", "html", str(tmp_path / "m.html"), "--project", "atlantis")
    assert done.returncode == 2 and "unknown project id(s) atlantis; known:" in done.stderr
    assert list(tmp_path.iterdir()) == []
