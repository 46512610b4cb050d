"""One parametrized test over every shipped data file, plus checks on the shipped content."""

from __future__ import annotations

import pytest
import shapely

from landscape.catalog import Catalog, load_layer
from landscape.paths import BUNDLED_DATA
from landscape.problems import errors
from landscape.readers import find_vector
from landscape.schema import LAYERS, Layer


def _path(layer: Layer):
    if layer.is_vector:
        return find_vector(BUNDLED_DATA, layer.file)[0]
    return BUNDLED_DATA / layer.file


@pytest.mark.parametrize("layer", LAYERS, ids=[layer.name for layer in LAYERS])
def test_shipped_layer_is_valid_and_carries_provenance(layer: Layer):
    assert _path(layer) is not None and _path(layer).exists()
    frame, problems = load_layer(BUNDLED_DATA, layer)
    assert errors(problems) == []
    assert len(frame) > 0
    assert frame["id"].is_unique
    names = {f.name for f in layer.fields}
    if "source" in names:
        assert all(len(s) > 0 for s in frame["source"]), "every record cites a source"
    if layer.is_vector:
        assert set(frame["accuracy"]) <= {"official", "schematic", "city-level", "generalised"}
        assert frame.crs.to_epsg() == 4326
        assert frame.geometry.is_valid.all()


def test_whole_catalog_has_no_errors_and_no_dangling_references(catalog: Catalog):
    assert errors(list(catalog.problems)) == []


def test_every_ui_toml_and_styles_file_is_read(catalog: Catalog):
    assert catalog.ui["en"]["app.title"]
    assert catalog.styles["park"]["country"]["KGZ"]["fill"].startswith("#")


def test_schematic_parks_sit_in_their_valleys_and_meet_on_the_ridge(catalog: Catalog):
    parks = catalog.parks.set_index("id")
    chon, ile = parks.geometry["chon-kemin"], parks.geometry["ile-alatau"]
    # FACTS.md: Chon Kemin's centre near 42°52′N 76°42′E
    assert chon.centroid.distance(shapely.Point(76.7, 42.8667)) < 0.05
    border = shapely.union_all(catalog.border.geometry.values)
    # Ile-Alatau on the northern slopes: north of the border; Chon Kemin south of it.
    assert ile.centroid.y > border.interpolate(border.project(ile.centroid)).y
    assert chon.centroid.y < border.interpolate(border.project(chon.centroid)).y
    shared = chon.intersection(ile)
    assert shared.length > 0.5  # degrees of shared edge: they meet along the ridge
    assert chon.intersection(ile).area == pytest.approx(0, abs=1e-9)  # and do not overlap
    assert set(parks["accuracy"]) == {"schematic"}


def test_ile_alatau_stays_north_of_the_chilik_valley(catalog: Catalog):
    """East of the Chilik–Kemin saddle the border follows the Kungey Ala-Too, south of the
    Chilik valley; Ile-Alatau lies on the Trans-Ili Alatau's northern slopes, north of it."""
    ile = catalog.parks.set_index("id").geometry["ile-alatau"]
    border = shapely.union_all(catalog.border.geometry.values)
    for lon in (77.35, 77.45, 77.55, 77.65, 77.74):
        column = ile.intersection(shapely.LineString([(lon, 42.0), (lon, 44.0)]))
        crossing = border.intersection(shapely.LineString([(lon, 42.0), (lon, 44.0)]))
        assert not column.is_empty, lon
        assert column.bounds[1] > crossing.bounds[3] + 0.1, f"at {lon}°E it reaches the border"
        assert column.bounds[1] >= 43.0, lon


def test_samarkand_is_city_level_and_cop14_is_held_there(catalog: Catalog):
    place = catalog.places.set_index("id").loc["samarkand"]
    assert place["accuracy"] == "city-level"
    assert abs(place.geometry.y - 39.65) < 0.1 and abs(place.geometry.x - 66.96) < 0.1
    events = catalog.events.set_index("id")
    assert events.loc["cop14", "place"] == "samarkand"
    assert str(events.loc["cop14", "start"]) == "2024-02-12"
    assert str(events.loc["cop14", "end"]) == "2024-02-17"
    assert events.loc["side-event-giz", "start"] is None  # not given by the source


def test_species_status_as_in_facts(catalog: Catalog):
    species = catalog.species.set_index("scientific_name")
    assert species.loc["Panthera uncia", "iucn"] == "VU"
    assert species.loc["Otocolobus manul", "iucn"] == "not verified"
    assert species.loc["Capra sibirica", "cms_appendix"] == "not listed"
    for name in ("Panthera uncia", "Otocolobus manul", "Ovis ammon"):
        assert 1 <= species.loc[name, "sensitivity"] <= 2
