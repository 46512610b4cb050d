"""`landscape import camtrap-dp` and `landscape import dwc`, run as the data manager runs them."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from landscape.atomic_dir import replace_dir
from tests.conftest import snapshot
from tests.packages import (
    PUBLIC_LAT,
    PUBLIC_LON,
    SECRET_FORMS,
    SECRET_LAT,
    SECRET_LON,
    write_package,
)
from tests.realdata import realdata
from tests.test_cli import run


def summary(data: Path, *flags: str) -> dict:
    done = run("summary", "--json", "--data", str(data), *flags)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["observations"]


def event_level_animals(package: Path) -> int:
    with open(package / "observations.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return sum(r["observationLevel"] == "event" and r["observationType"] == "animal" for r in rows)


def test_real_camtrap_dp_example_imports_counting_each_animal_once(data_copy: Path):
    package = realdata("camtrap-dp-example")  # cameras in Belgium: outside on purpose
    done = run("import", "camtrap-dp", str(package), "--allow-outside", "--data", str(data_copy))
    assert done.returncode == 0, done.stderr
    record = (
        data_copy / "observations" / "camtrap-dp-example-dataset" / "dataset.toml"
    ).read_text()
    assert "outside_landscape = true" in record
    expected = event_level_animals(package)
    assert f"{expected:,} records" in done.stdout
    # species the data directory does not know are accepted, with a warning each
    assert "Anas platyrhynchos: warning: species not in species.toml" in done.stderr
    obs = summary(data_copy)
    source = obs["by_source"]["camtrap-dp-example-dataset"]
    assert source["records"] == expected
    assert source["licence"] == "CC0-1.0"
    assert source["citation"].startswith("Desmet P")
    assert obs["by_species"]["Anas platyrhynchos"]["records"] > 0
    validate = run("validate", "--data", str(data_copy))
    assert validate.returncode == 0
    assert "observations/camtrap-dp-example-dataset:Anas platyrhynchos: warning" in validate.stdout


def test_real_gbif_occurrences_import_with_records_without_coordinates(data_copy: Path):
    occurrences = realdata("gbif-dwc/occurrence.txt")  # lions in Africa: outside on purpose
    done = run("import", "dwc", str(occurrences), "--allow-outside", "--data", str(data_copy))
    assert done.returncode == 0, done.stderr
    assert "2,000 records" in done.stdout and "6 without coordinates" in done.stdout
    obs = summary(data_copy)
    lions = obs["by_species"]["Panthera leo"]
    assert lions == {
        "records": 2000,
        "individuals": 2000,
        "synthetic": False,
        "synthetic_records": 0,
    }
    (source_id,) = [k for k in obs["by_source"] if not k.startswith("synthetic-")]
    assert obs["by_source"][source_id]["without_coordinates"] == 6
    assert "CC_BY_NC_4_0" in obs["by_source"][source_id]["licence"]
    assert obs["without_coordinates"] == 6


@pytest.mark.parametrize(
    ("kind", "name", "row", "field"),
    [
        ("camtrap-dp", "camtrap-dp-example", "deployments.csv:row 2", "'latitude'"),
        ("dwc", "gbif-dwc/occurrence.txt", ":row ", "'decimalLatitude'"),
    ],
)
def test_real_data_outside_the_landscape_is_refused_without_the_flag(
    data_copy: Path, kind: str, name: str, row: str, field: str
):
    source = realdata(name)
    before = snapshot(data_copy)
    done = run("import", kind, str(source), "--data", str(data_copy))
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if "lie outside the landscape" in line]
    assert lines, done.stderr
    assert lines[0].startswith(str(source)) and row in lines[0] and field in lines[0], lines[0]
    assert "--allow-outside" in lines[0] and "error:" in lines[0]
    assert "rejected: the data directory is unchanged" in done.stderr
    assert snapshot(data_copy) == before


def test_importing_the_same_package_twice_does_not_duplicate(data_copy: Path, tmp_path: Path):
    package = write_package(tmp_path / "pkg")
    first = run("import", "camtrap-dp", str(package), "--data", str(data_copy))
    before = summary(data_copy)
    second = run("import", "camtrap-dp", str(package), "--data", str(data_copy))
    assert first.returncode == second.returncode == 0
    assert "new dataset" in first.stdout
    assert "same input was imported before" in second.stdout
    assert summary(data_copy)["records"] == before["records"]
    assert before["by_source"]["test-leopards"]["records"] == 1
    assert not [p for p in (data_copy / "observations").iterdir() if p.name.startswith(".")]


def test_an_observation_naming_an_unknown_deployment_is_rejected_unchanged(data_copy, tmp_path):
    package = write_package(tmp_path / "pkg")
    text = (package / "observations.csv").read_text(encoding="utf-8")
    (package / "observations.csv").write_text(text.replace("obs-1,dep-1", "obs-1,dep-9"))
    before = snapshot(data_copy)
    done = run("import", "camtrap-dp", str(package), "--data", str(data_copy))
    assert done.returncode == 1
    assert f"{package}/observations.csv:row 2: error:" in done.stderr
    assert "dep-9" in done.stderr and "deploymentID" in done.stderr
    assert "rejected: the data directory is unchanged" in done.stderr
    assert snapshot(data_copy) == before


def test_a_broken_occurrence_file_is_rejected_unchanged(data_copy: Path, tmp_path: Path):
    bad = tmp_path / "occurrence.txt"
    bad.write_text(
        "occurrenceID\tscientificName\tdecimalLatitude\tdecimalLongitude\teventDate\n"
        "a1\tPanthera uncia\t123.4\t76.5\t2023-06-01\n",
        encoding="utf-8",
    )
    before = snapshot(data_copy)
    done = run("import", "dwc", str(bad), "--data", str(data_copy))
    assert done.returncode == 1
    assert f"{bad}:row 2: error: field 'decimalLatitude': value '123.4'" in done.stderr
    assert snapshot(data_copy) == before


def test_a_bad_dataset_id_is_rejected(data_copy: Path, tmp_path: Path):
    package = write_package(tmp_path / "pkg")
    done = run("import", "camtrap-dp", str(package), "--id", "../escape", "--data", str(data_copy))
    assert done.returncode == 1 and "not a valid dataset id" in done.stderr
    assert not (data_copy.parent / "escape").exists()


def test_summary_public_generalises_what_summary_shows_precisely(data_copy, tmp_path):
    run("import", "camtrap-dp", str(write_package(tmp_path / "pkg")), "--data", str(data_copy))
    precise = json.dumps(summary(data_copy))
    public = json.dumps(summary(data_copy, "--public"))
    assert str(SECRET_LAT) in precise and str(SECRET_LON) in precise
    assert not [f for f in SECRET_FORMS if f in public]
    camera = [d for d in json.loads(public)["deployments"] if d["dataset"] == "test-leopards"]
    assert (camera[0]["lat"], camera[0]["lon"]) == (PUBLIC_LAT, PUBLIC_LON)
    assert "0.1° grid cell" in camera[0]["generalised"]


def test_replace_dir_is_all_or_nothing(tmp_path: Path):
    target = tmp_path / "observations" / "x"
    replace_dir(target, lambda d: (d / "a.txt").write_text("old"))
    assert (target / "a.txt").read_text() == "old"

    def broken(d: Path) -> None:
        (d / "a.txt").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        replace_dir(target, broken)
    assert (target / "a.txt").read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["x"], "no partial folder is left"
    replace_dir(target, lambda d: (d / "b.txt").write_text("new"))
    assert [p.name for p in target.iterdir()] == ["b.txt"]
    assert [p.name for p in target.parent.iterdir()] == ["x"]


def test_a_rejected_first_import_does_not_even_create_the_folder(tmp_path: Path):
    parent = tmp_path / "observations"

    def broken(d: Path) -> None:
        raise ValueError("no")

    with pytest.raises(ValueError):
        replace_dir(parent / "x", broken)
    assert not parent.exists()


# -- the forms partners really send -----------------------------------------------------------

LEGACY_PACKAGE = Path(__file__).parents[1] / "fixtures" / "camtrap" / "agouti-0.1.6"


def _zipped(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
    return target


def test_a_zipped_0_1_6_package_imports_and_loads(data_copy: Path, tmp_path: Path):
    """Agouti's download: a zip of a Camtrap DP 0.1.6 package, read as 1.0 and stored as sent."""
    archive = _zipped(LEGACY_PACKAGE, tmp_path / "kemin-export.zip", "kemin-export/")
    done = run("import", "camtrap-dp", str(archive), "--data", str(data_copy))
    assert done.returncode == 0, done.stderr
    assert "2 records, 7 individuals" in done.stdout
    assert (
        f"{archive}/kemin-export/datapackage.json:profile: warning: the package is Camtrap DP "
        "0.1.6: read after converting its tables to Camtrap DP 1.0" in done.stderr
    )
    folder = data_copy / "observations" / "kemin-camera-traps-20220915101500"
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [
        "datapackage.json",
        "dataset.toml",
        "deployments.csv",
        "media.csv",
        "observations.csv",
    ]
    assert (folder / "observations.csv").read_bytes() == (
        LEGACY_PACKAGE / "observations.csv"
    ).read_bytes()
    record = (folder / "dataset.toml").read_text(encoding="utf-8")
    assert 'imported_from = "kemin-export.zip"' in record
    assert 'title = "Test project: camera traps in the upper Kemin valley (made-up data)"' in record
    obs = summary(data_copy)
    assert obs["by_source"]["kemin-camera-traps-20220915101500"]["records"] == 2
    assert run("validate", "--data", str(data_copy)).returncode == 0


def test_a_package_given_as_its_datapackage_json_imports(data_copy: Path, tmp_path: Path):
    package = write_package(tmp_path / "pkg")
    done = run("import", "camtrap-dp", str(package / "datapackage.json"), "--data", str(data_copy))
    assert done.returncode == 0, done.stderr
    record = (data_copy / "observations" / "test-leopards" / "dataset.toml").read_text()
    assert 'imported_from = "pkg"' in record
    assert summary(data_copy)["by_source"]["test-leopards"]["records"] == 1


def test_an_unzipped_gbif_download_folder_imports(data_copy: Path, tmp_path: Path):
    """GBIF's download zip, unpacked by the operating system: meta.xml, occurrence.txt, ..."""
    folder = tmp_path / "0001234-240101120000000"
    folder.mkdir()
    (folder / "meta.xml").write_text(
        '<archive xmlns="http://rs.tdwg.org/dwc/text/"><core encoding="UTF-8" '
        'fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" fieldsEnclosedBy="" '
        'ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">'
        '<files><location>occurrence.txt</location></files><id index="0"/>'
        '<field index="0" term="http://rs.gbif.org/terms/1.0/gbifID"/>'
        '<field index="1" term="http://rs.tdwg.org/dwc/terms/occurrenceID"/>'
        '<field index="2" term="http://rs.tdwg.org/dwc/terms/scientificName"/>'
        '<field index="3" term="http://rs.tdwg.org/dwc/terms/decimalLatitude"/>'
        '<field index="4" term="http://rs.tdwg.org/dwc/terms/decimalLongitude"/>'
        '<field index="5" term="http://rs.tdwg.org/dwc/terms/eventDate"/>'
        "</core></archive>",
        encoding="utf-8",
    )
    (folder / "occurrence.txt").write_text(
        "gbifID\toccurrenceID\tscientificName\tdecimalLatitude\tdecimalLongitude\teventDate\n"
        "901\tpresent\tPanthera uncia\t42.81\t76.52\tTue Apr 01 00:00:00 CET 1930\n"
        "902\tpresent\tPanthera uncia\t42.82\t76.53\t2023-06-01\n"
        "903\tpresent\t\t42.82\t76.53\t2023-06-01\n",
        encoding="utf-8",
    )
    done = run("import", "dwc", str(folder), "--data", str(data_copy))
    assert done.returncode == 0, done.stderr
    assert "2 records" in done.stdout
    assert "1 record dropped: no taxon is named" in done.stderr
    source = summary(data_copy)["by_source"]["0001234-240101120000000"]
    assert source["records"] == 2
    again = run("import", "dwc", str(folder), "--data", str(data_copy))
    assert "same input was imported before" in again.stdout


def test_a_smart_export_without_species_imports_as_patrol_effort(data_copy: Path, tmp_path: Path):
    """A village forest's logging and fire patrols (made-up, Indonesian): no species column, a
    waypoint without a GPS fix, suspects named. Its patrols count; no name is stored."""
    export = Path(__file__).parents[1] / "fixtures" / "smart" / "patroli-hutan-desa-id.csv"
    done = run(
        "import", "smart", str(export), "--timezone", "Asia/Jakarta", "--allow-outside",
        "--data", str(data_copy),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 patrols, 6 waypoints (personal columns dropped); 0 records" in done.stdout
    assert "no species column" in done.stderr and "1.00E-10" in done.stderr
    stored = (data_copy / "observations" / "patroli-hutan-desa-id" / "patrols.csv").read_text(
        encoding="utf-8"
    )
    for name in ("Pelaku", "Ketua", "Penyunting", "Tim Test", "Nama pelaku"):
        assert name not in stored
    patrols = json.loads(run("summary", "--json", "--data", str(data_copy)).stdout)["patrols"]
    source = patrols["by_source"]["patroli-hutan-desa-id"]
    assert (source["patrols"], source["patrol_days"], source["waypoints"]) == (2, 3, 6)
