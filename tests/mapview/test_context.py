"""The tile-free basemap every event falls back to: real cartography (Natural Earth 1:10m
lakes, World Data Bank II rivers), read from the bundled files as the dashboard reads them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import folium
import geopandas as gpd
import pytest
import shapely

from landscape.catalog import Catalog, load_catalog
from landscape.i18n import translator
from landscape.mapview import context
from landscape.mapview.build import build_map, standalone
from landscape.paths import BUNDLED_DATA

EQUAL_AREA = "ESRI:102025"  # Asia North Albers


def _html(cat: Catalog) -> str:
    t = translator(cat.ui, "en")
    return standalone(build_map(cat, cat, "en", "offline", t)).get_root().render()


def test_issyk_kul_has_its_real_shore_not_a_schematic_lens(catalog: Catalog):
    lake = catalog.lakes.set_index("id").loc["issyk-kul"]
    area_km2 = gpd.GeoSeries([lake["geometry"]], crs="EPSG:4326").to_crs(EQUAL_AREA).area[0] / 1e6
    # Natural Earth's 1:10m shore encloses about 6,265 km² (the lake is given as 6,236 km²);
    # the schematic lens it replaces held 6,684 km² in 25 points.
    assert 6_100 < area_km2 < 6_400, f"Issyk-Kul covers {area_km2:.0f} km²"
    assert shapely.get_num_coordinates(lake["geometry"]) > 60, "a real shoreline's detail"
    assert list(lake["source"]) == ["NE-LAKES"] and lake["accuracy"] == "generalised"
    assert lake["name_ru"] == "озеро Иссык-Куль", "the named lake keeps its four names"


def test_the_region_s_other_lakes_are_drawn_unnamed_and_never_invented(catalog: Catalog):
    others = catalog.lakes[catalog.lakes["id"] != "issyk-kul"]
    assert len(others) >= 5, "the reservoirs and lakes around Almaty, Bishkek and Samarkand"
    for column in ("name_en", "name_ru", "name_ky", "name_kk"):
        assert (others[column].fillna("") == "").all(), "no name we could not source"
    html = _html(catalog)
    assert "Lake Issyk-Kul" in html
    assert html.count("lake-label") == 1 + html.count(".lake-label"), "one lake label"


def test_rivers_run_through_the_region_the_tour_shows(catalog: Catalog):
    rivers = catalog.rivers
    assert len(rivers) > 20 and {s for refs in rivers["source"] for s in refs} == {"WDB2"}
    assert set(rivers.geometry.geom_type) <= {"LineString", "MultiLineString"}
    # The Chu runs west past Bishkek between Issyk-Kul and the Kazakh border; the Ili north of
    # Almaty; the Zeravshan through Samarkand.
    for name, box in {
        "Chu": (74.5, 42.6, 76.0, 43.2),
        "Ili": (76.5, 43.5, 79.0, 44.2),
        "Zeravshan": (66.5, 39.4, 67.5, 39.9),
    }.items():
        assert rivers.intersects(shapely.box(*box)).any(), f"no river where the {name} runs"


def test_the_map_draws_the_rivers_once_below_everything_and_names_both_sources(
    catalog: Catalog,
):
    html = _html(catalog)
    river = catalog.styles["basemap"]["river"]
    assert html.count(f'"color": "{river}"') == 1, "all rivers as one layer"
    assert '"MultiLineString"' in html
    attribution = catalog.basemaps.set_index("id").loc["offline", "attribution"]
    assert "Natural Earth 1:10m" in attribution and "GSHHG" in attribution
    titles = catalog.sources.set_index("id")
    assert titles.loc["NE-LAKES", "licence"] == "Public domain"
    assert titles.loc["WDB2", "licence"].startswith("LGPL")


def test_a_data_directory_without_rivers_loads_with_no_problem(tmp_path: Path):
    data = tmp_path / "geodata"
    shutil.copytree(BUNDLED_DATA, data, ignore=shutil.ignore_patterns("observations"))
    (data / "basemap" / "rivers.geojson").unlink()
    cat = load_catalog(data)
    assert cat.rivers.empty
    assert not [p for p in cat.problems if "rivers" in p.path], cat.problems
    assert "MultiLineString" not in _html(cat), "nothing drawn, nothing broken"


def test_two_river_files_are_still_an_error_naming_both(tmp_path: Path):
    data = tmp_path / "geodata"
    shutil.copytree(BUNDLED_DATA, data, ignore=shutil.ignore_patterns("observations"))
    rivers = json.loads((data / "basemap" / "rivers.geojson").read_text())
    (data / "basemap" / "rivers.json").write_text(json.dumps(rivers))
    cat = load_catalog(data)
    found = [p for p in cat.problems if "rivers" in p.path]
    assert found and found[0].severity == "error"
    assert "rivers.geojson" in found[0].message and "rivers.json" in found[0].message


@pytest.mark.parametrize(("lang", "lake"), [("ru", "озеро Иссык-Куль"), ("ky", "Ысык-Көл")])
def test_the_context_group_names_the_lake_in_the_pages_language(
    catalog: Catalog, lang: str, lake: str
):
    group = context.context_group(catalog, lang, translator(catalog.ui, lang))
    fmap = folium.Map(location=[42.5, 77], tiles=None)
    group.add_to(fmap)
    html = fmap.get_root().render()  # labels travel as JSON strings (\uXXXX escapes)
    assert json.dumps(lake)[1:-1] in html and "Lake Issyk-Kul" not in html
