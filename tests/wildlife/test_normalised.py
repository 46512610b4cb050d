"""The normalised (columnar) copy of an imported dataset: written by the importer, used by the
loader only while it is exactly what reading the files gives, ignored otherwise."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from landscape.catalog import load_catalog, parks_region
from landscape.importers.wildlife import import_wildlife
from landscape.region import STORED_ALLOW
from landscape.wildlife import formats, normalised, store
from landscape.wildlife.synthetic import generate, parks_from
from tests.packages import write_package
from tests.realdata import realdata

NAMES = store.Names(pd.DataFrame(), None)  # camtrap-dp and dwc need no names


def _both(data: Path, ident: str) -> tuple:
    """The dataset read through the loader (copy allowed) and from its files."""
    folder = data / store.FOLDER / ident
    record, _ = store.read_record(folder, f"{store.FOLDER}/{ident}")
    region = parks_region(data, STORED_ALLOW)
    where = None if record.outside_landscape else region
    shown = f"{store.FOLDER}/{ident}"
    return (
        store.read_dataset(folder, record, shown, NAMES, region),
        store.read_files(folder, record, shown, NAMES, where),
    )


def _assert_same(a, b) -> None:
    for name in normalised.FRAMES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.meta == b.meta
    assert a.problems == b.problems


@pytest.fixture
def imported(data_copy: Path, tmp_path: Path) -> Path:
    package = tmp_path / "synthetic-pkg"
    generate(package, parks_from(data_copy), seed=3, scale=0.3)
    import_wildlife(data_copy, package, "camtrap-dp", dataset_id="sample-copy")
    return data_copy


def test_an_import_writes_a_copy_equal_to_reading_the_files(imported: Path, monkeypatch):
    folder = imported / store.FOLDER / "sample-copy" / normalised.FOLDER
    assert {p.name for p in folder.iterdir()} == {
        "manifest.json",
        *(f"{n}.parquet" for n in normalised.FRAMES),
    }
    copy, files = _both(imported, "sample-copy")
    assert len(copy.observations) > 500
    _assert_same(copy, files)
    # and the loader really uses it: with the readers broken, the dataset still loads
    original = formats.read_camtrap_dp

    def guarded(folder: Path, *args, **kwargs):
        assert folder.name != "sample-copy", "the imported dataset's files were read"
        return original(folder, *args, **kwargs)  # the bundled sample has no copy

    monkeypatch.setattr(formats, "read_camtrap_dp", guarded)
    cat = load_catalog(imported)
    assert (cat.observations["dataset"] == "sample-copy").sum() == len(copy.observations)


def test_a_hand_edited_file_is_read_and_the_stale_copy_ignored(imported: Path):
    csv = imported / store.FOLDER / "sample-copy" / "observations.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    csv.write_text("".join(lines[:-10]), encoding="utf-8")  # ten records deleted by hand
    copy, files = _both(imported, "sample-copy")
    _assert_same(copy, files)
    assert len(files.observations) == len(lines) - 1 - 10


def test_a_new_reader_or_region_reads_the_files(imported: Path, monkeypatch):
    folder = imported / store.FOLDER / "sample-copy"
    wanted = normalised.key(folder, "camtrap-dp", parks_region(imported, STORED_ALLOW))
    assert normalised.read(folder, wanted) is not None
    assert normalised.read(folder, {**wanted, "region": [0, 0, 1, 1]}) is None
    monkeypatch.setattr(normalised, "reader_fingerprint", lambda: "another version")
    assert normalised.read(folder, normalised.key(folder, "camtrap-dp", None)) is None


@pytest.mark.parametrize("damage", ["truncate", "delete", "garbage-manifest"])
def test_a_damaged_copy_is_ignored(imported: Path, damage: str):
    copy = imported / store.FOLDER / "sample-copy" / normalised.FOLDER
    if damage == "truncate":
        parquet = copy / "observations.parquet"
        parquet.write_bytes(parquet.read_bytes()[:100])
    elif damage == "delete":
        (copy / "deployments.parquet").unlink()
    else:
        (copy / normalised.MANIFEST).write_text("{not json", encoding="utf-8")
    a, b = _both(imported, "sample-copy")
    _assert_same(a, b)
    assert load_catalog(imported).problems == load_catalog(imported).problems  # no crash


def test_the_manifest_names_every_file_of_the_dataset_by_its_sha256(imported: Path):
    folder = imported / store.FOLDER / "sample-copy"
    manifest = json.loads((folder / normalised.FOLDER / normalised.MANIFEST).read_text())
    names = {"datapackage.json", "deployments.csv", "media.csv", "observations.csv"}
    assert set(manifest["sources"]) == names  # not dataset.toml, which may be edited
    for name, digest in manifest["sources"].items():
        assert digest == hashlib.sha256((folder / name).read_bytes()).hexdigest()


def test_smart_datasets_get_no_copy(data_copy: Path):
    for folder in (data_copy / store.FOLDER).iterdir():
        assert not (folder / normalised.FOLDER).exists()  # the bundled samples have none
    assert normalised.key(data_copy, "smart", None) is None


def test_the_leopard_package_round_trips(data_copy: Path, tmp_path: Path):
    import_wildlife(data_copy, write_package(tmp_path / "pkg"), "camtrap-dp")
    copy, files = _both(data_copy, "test-leopards")
    _assert_same(copy, files)


def test_real_camtrap_and_gbif_files_round_trip(data_copy: Path):
    import_wildlife(
        data_copy, realdata("camtrap-dp-example"), "camtrap-dp", "cam", allow_outside=True
    )
    import_wildlife(
        data_copy, realdata("gbif-dwc/occurrence.txt"), "dwc", "gbif", allow_outside=True
    )
    for ident in ("cam", "gbif"):
        copy, files = _both(data_copy, ident)
        assert (data_copy / store.FOLDER / ident / normalised.FOLDER / "manifest.json").exists()
        _assert_same(copy, files)
