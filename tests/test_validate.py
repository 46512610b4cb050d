"""Validation on deliberately broken files: each problem names file, feature, field and fix."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from landscape.catalog import load_catalog
from landscape.problems import errors, warnings
from landscape.schema import LAYER_BY_NAME
from landscape.validate import Invalid, clean_value
from tests.conftest import edit_json


def _lines(directory: Path, severity: str = "error") -> list[str]:
    cat = load_catalog(directory)
    chosen = errors if severity == "error" else warnings
    return [p.line() for p in chosen(list(cat.problems))]


@pytest.mark.parametrize(
    ("layer", "field", "value", "expected"),
    [
        ("events", "start", "12/02/2024", "YYYY-MM-DD"),
        ("parks", "area_reported_km2", "big", "a number"),
        ("parks", "iucn_category", "IIa", "one of Ia, Ib, II"),
        ("species", "sensitivity", 7, "from 0 to 4"),
        ("sources", "url", "javascript:alert(1)", "http"),
        ("parks", "id", "has space", "an id of letters"),
    ],
)
def test_bad_values_are_refused_with_what_was_expected(layer, field, value, expected):
    with pytest.raises(Invalid, match=expected):
        clean_value(LAYER_BY_NAME[layer].field(field), value)


def test_project_naming_unknown_park_is_an_error_and_the_rest_loads(data_copy: Path):
    text = (data_copy / "projects.toml").read_text()
    (data_copy / "projects.toml").write_text(
        text.replace('parks = ["chon-kemin", "ile-alatau"]', 'parks = ["chon-kemin", "atlantis"]')
    )
    lines = _lines(data_copy)
    assert lines == [
        "projects.toml:transboundary: error: field 'parks': unknown parks id 'atlantis'; "
        "known ids: chon-kemin, ile-alatau"
    ]
    cat = load_catalog(data_copy)
    assert list(cat.projects.set_index("id").loc["transboundary", "parks"]) == ["chon-kemin"]
    assert len(cat.parks) == 2 and len(cat.events) == 4


def test_duplicate_ids_and_end_before_start(data_copy: Path):
    text = (data_copy / "events.toml").read_text()
    text = text.replace('id = "poster-giz-booth"', 'id = "cop14"')
    text = text.replace(
        'start = "2024-02-12"\nend = "2024-02-17"\ndate_note_en = ""',
        'start = "2024-02-17"\nend = "2024-02-12"\ndate_note_en = ""',
        1,
    )
    (data_copy / "events.toml").write_text(text)
    lines = _lines(data_copy)
    assert any(
        "events.toml:cop14: error: field 'end': 2024-02-12 is before start" in x for x in lines
    )
    assert any("events.toml:cop14: error: field 'id': duplicate id 'cop14'" in x for x in lines)


def test_broken_toml_names_the_line_and_other_layers_still_load(data_copy: Path):
    (data_copy / "species.toml").write_text('[[species]]\nid = "x\n')
    lines = _lines(data_copy)
    assert len(lines) == 1 and lines[0].startswith("species.toml: error: not valid TOML")
    assert "line 2" in lines[0]
    cat = load_catalog(data_copy)
    assert cat.species.empty and len(cat.parks) == 2


def test_missing_required_field_names_feature_and_field(data_copy: Path):
    def drop(doc: dict) -> None:
        del doc["features"][0]["properties"]["country"]

    edit_json(data_copy / "parks.geojson", drop)
    assert _lines(data_copy) == [
        "parks.geojson:chon-kemin: error: field 'country' is required and missing; "
        "add it (ISO 3166 alpha-3, e.g. KGZ, KAZ)",
        # the project still names it: reported, not crashed
        "projects.toml:transboundary: error: field 'parks': unknown parks id 'chon-kemin'; "
        "known ids: ile-alatau",
        # and so does the tour step that shows it
        "tour.toml:chon-kemin: error: field 'focus': unknown place 'chon-kemin'; "
        "use one or more of: ile-alatau, landscape, samarkand",
    ]


def test_wrong_geometry_type_is_rejected(data_copy: Path):
    def to_point(doc: dict) -> None:
        doc["features"][1]["geometry"] = {"type": "Point", "coordinates": [77.0, 43.0]}

    edit_json(data_copy / "parks.geojson", to_point)
    assert any(
        "parks.geojson:ile-alatau: error: geometry is a Point; this layer takes Polygon or "
        "MultiPolygon" in x
        for x in _lines(data_copy)
    )


def test_self_intersecting_polygon_is_repaired_with_a_warning(data_copy: Path):
    bowtie = [[76.1, 42.8], [76.3, 42.9], [76.3, 42.8], [76.1, 42.9], [76.1, 42.8]]

    def twist(doc: dict) -> None:
        doc["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [bowtie]}

    edit_json(data_copy / "parks.geojson", twist)
    cat = load_catalog(data_copy)
    assert any(
        "chon-kemin: warning: invalid geometry (Self-intersection" in p.line() for p in cat.problems
    )
    park = cat.parks.set_index("id").loc["chon-kemin"]
    assert park.geometry.is_valid and park.geometry.geom_type in ("Polygon", "MultiPolygon")


def test_any_crs_and_format_is_converted_to_4326(data_copy: Path, catalog):
    parks = gpd.read_file(data_copy / "parks.geojson").to_crs("EPSG:32643")
    (data_copy / "parks.geojson").unlink()
    parks.to_file(data_copy / "parks.gpkg", driver="GPKG")
    cat = load_catalog(data_copy)
    assert errors(list(cat.problems)) == []
    assert cat.parks.crs.to_epsg() == 4326
    original = catalog.parks.set_index("id").geometry["ile-alatau"]
    again = cat.parks.set_index("id").geometry["ile-alatau"]
    assert again.symmetric_difference(original).area < 1e-8
    assert cat.parks.set_index("id").loc["ile-alatau", "area_km2"] == pytest.approx(1986.69, 0.001)


@pytest.mark.filterwarnings("ignore:Normalized/laundered field name")
def test_file_without_crs_is_rejected(data_copy: Path):
    parks = gpd.read_file(data_copy / "parks.geojson").to_crs("EPSG:32643")
    (data_copy / "parks.geojson").unlink()
    parks.to_file(data_copy / "parks.shp")
    (data_copy / "parks.prj").unlink()
    lines = _lines(data_copy)
    assert lines[0].startswith("parks.shp: error: the file has no coordinate reference system")


def test_projected_coordinates_labelled_4326_are_caught(data_copy: Path):
    def utm_as_degrees(doc: dict) -> None:
        doc["features"][0]["geometry"] = shapely.geometry.mapping(
            shapely.box(500000, 4700000, 510000, 4710000)
        )

    edit_json(data_copy / "parks.geojson", utm_as_degrees)
    assert any(
        "chon-kemin: error: coordinates" in x and "CRS is probably wrong" in x
        for x in _lines(data_copy)
    )


def test_two_files_for_one_layer_is_an_error(data_copy: Path):
    (data_copy / "places.gpkg").write_bytes(b"")
    assert any(
        x.startswith("places: error: several files for one layer") for x in _lines(data_copy)
    )


def test_missing_translation_is_a_warning_not_an_error(data_copy: Path):
    def blank(doc: dict) -> None:
        props = doc["features"][0]["properties"]
        props["name_ky"] = props["name_kk"] = props["description_ru"] = ""

    edit_json(data_copy / "places.geojson", blank)
    cat = load_catalog(data_copy)
    assert not errors(list(cat.problems))
    assert (
        "places.geojson:samarkand: warning: untranslated, English is shown "
        "(ky: name; kk: name; ru: description)" in [p.line() for p in cat.problems]
    )


def test_a_translated_field_written_without_its_language_is_named(data_copy: Path):
    """`implementer = "..."` where the field is implementer_en, _ru, ...: it would vanish from
    the dashboard without a word, so validate says how to write it."""
    path = data_copy / "projects.toml"
    text = path.read_text(encoding="utf-8")
    old = 'implementer_en = "Ilbirs Foundation"'
    assert old in text
    path.write_text(text.replace(old, 'implementer = "Ilbirs Foundation"'), encoding="utf-8")
    lines = _lines(data_copy, "warning")
    assert (
        "projects.toml:transboundary: warning: field 'implementer' is ignored: it is written per "
        "language; rename it to 'implementer_en' and add 'implementer_ru', 'implementer_ky', "
        "'implementer_kk'" in lines
    ), lines


@pytest.mark.parametrize("text", ["", "\n\n", "# all events removed\n"])
def test_a_record_file_emptied_by_mistake_is_an_error_with_the_fix(data_copy: Path, text: str):
    (data_copy / "events.toml").write_text(text, encoding="utf-8")
    assert _lines(data_copy) == [
        "events.toml: error: file is empty; expected [[event]] records (see geodata/README.md): "
        "restore it from git, or add the records"
    ]
