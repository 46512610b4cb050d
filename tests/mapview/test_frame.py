"""The map's frame (what a project choice or a tour step shows), its layering, and how the
map says that outlines are schematic. Pure: the folium map as rendered, no browser."""

from __future__ import annotations

import json
import re

import pytest

from landscape import filters, handout, panels, summary, tour
from landscape.catalog import Catalog, load_catalog
from landscape.i18n import translator
from landscape.mapview import frame as frames
from landscape.mapview import panes
from landscape.mapview.build import build_map, park_style, standalone
from landscape.mapview.popups import park_popup
from landscape.text import LANGS


def _html(cat: Catalog, lang: str = "en", view: Catalog | None = None) -> str:
    t = translator(cat.ui, lang)
    return standalone(build_map(cat, view or cat, lang, "offline", t)).get_root().render()


def _inside(bounds, lon: float, lat: float) -> bool:
    (south, west), (north, east) = bounds
    return south <= lat <= north and west <= lon <= east


def test_a_project_filter_frames_what_it_leaves(catalog: Catalog, t):
    samarkand = catalog.places.set_index("id").loc["samarkand", "geometry"]
    camca = filters.by_projects(catalog, ["camca"])
    got = frames.for_projects(catalog, camca, ("camca",), "en", t)
    assert got.key == "projects:camca" and got.bounds is not None
    assert _inside(got.bounds, samarkand.x, samarkand.y), "CAMCA maps Samarkand alone"
    assert not _inside(got.bounds, 76.7, 42.9), "and not the landscape it hid"
    assert catalog.projects.set_index("id").loc["camca", "title_en"] in got.note
    both = filters.by_projects(catalog, ["transboundary"])
    parks = frames.for_projects(catalog, both, ("transboundary",), "en", t)
    west, south, east, north = catalog.parks.total_bounds
    assert parks.bounds == ((round(south, 5), round(west, 5)), (round(north, 5), round(east, 5)))
    assert "Transboundary" in parks.note, "the choice is said on the map"
    everything = frames.for_projects(catalog, catalog, (), "en", t)
    assert everything.key == frames.ALL and everything.note == ""
    # the same choice in any order is the same frame: a rerun never reframes
    a = frames.for_projects(catalog, catalog, ("camca", "transboundary"), "en", t)
    b = frames.for_projects(catalog, catalog, ("transboundary", "camca"), "en", t)
    assert a.key == b.key


def test_a_choice_that_maps_nothing_says_so_on_the_map(data_copy, t):
    """A project with no park and no event place: no bounds to fit, and the map says why."""
    path = data_copy / "events.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('place = "samarkand"', 'place = ""'))
    cat = load_catalog(data_copy)
    view = filters.by_projects(cat, ["camca"])
    got = frames.for_projects(cat, view, ("camca",), "en", t)
    assert got.bounds is None
    shown = frames.shown_keys(view, ["parks", "places"], cells=False)
    assert shown == []
    group = frames.frame_group(got, view, shown, "en")
    script = _group_script(cat, group)
    assert json.dumps(t("map.nothing_mapped"), ensure_ascii=False)[1:-1] in script


def _group_script(cat: Catalog, group) -> str:
    fmap = build_map(cat, cat, "en", "offline", translator(cat.ui, "en")).base
    group.add_to(fmap)
    return fmap.get_root().render()


def test_the_legend_lists_only_what_the_view_shows(catalog: Catalog):
    camca = filters.by_projects(catalog, ["camca"])
    names = ["parks", "cameras", "detections", "places"]
    assert frames.shown_keys(camca, names, cells=False) == ["places"]
    keys = frames.shown_keys(catalog, [*names, "patrols"], cells=True)
    assert keys == [
        "park:chon-kemin",
        "park:ile-alatau",
        "places",
        "cameras",
        "detections",
        "patrols",
    ]
    html = _html(catalog)
    for key in keys:  # every row a view can hide is named in the legend
        assert f'data-legend=\\"{key}\\"' in html or f'data-legend="{key}"' in html, key


def test_a_tour_step_frame_names_its_park_and_fits_its_bounds(catalog: Catalog, t):
    step = {s.id: s for s in tour.steps(catalog, "en")}["chon-kemin"]
    got = frames.for_step(step, catalog, "en", t)
    assert got.highlight == ("chon-kemin",) and got.zoom is None and got.bounds == step.bounds
    script = _group_script(catalog, frames.frame_group(got, catalog, ["park:chon-kemin"], "en"))
    assert "park-label-chon-kemin" in script and "Chon Kemin State Natural Park" in script
    assert '"key": "step:3:chon-kemin"' in script
    wildlife = {s.id: s for s in tour.steps(catalog, "en")}["wildlife"]
    (south, west), (north, east) = frames.for_step(wildlife, catalog, "en", t).bounds
    (s0, w0), (n0, e0) = wildlife.bounds
    assert south < s0 and north > n0 and west < w0 and east > e0, "room for the grid's cells"


def test_names_points_and_park_edges_lie_in_panes_above_the_data_layers(catalog: Catalog):
    order = {name: z for name, z, _ in panes.PANES}
    overlays = 400  # Leaflet's overlay pane: park fills, wildlife grid, patrol cells
    assert order[panes.LABEL] > order[panes.POINT] > order[panes.BORDER]
    assert order[panes.BORDER] > order[panes.PARK_EDGE] > overlays > order[panes.CONTEXT]
    clicks = {name: c for name, _, c in panes.PANES}
    assert clicks[panes.PARK_EDGE] is False and clicks[panes.LABEL] is False
    html = _html(catalog)
    labels = re.findall(r'class=\\?"landscape-label[^"\\]*', html)
    named_lakes = int((catalog.lakes["name_en"].fillna("") != "").sum())
    assert len(labels) >= len(catalog.towns) + named_lakes
    assert html.count(f'"pane": "{panes.LABEL}"') == len(labels), "every name in the label pane"
    assert html.count(f'"pane": "{panes.PARK_EDGE}"') == 2 * len(catalog.parks)
    assert f'"pane": "{panes.POINT}"' in html, "event places above the grid"


@pytest.mark.parametrize("lang", LANGS)
def test_schematic_is_said_on_the_attribution_line_in_every_language(catalog: Catalog, lang):
    t = translator(catalog.ui, lang)
    html = _html(catalog, lang)
    said = json.dumps(t("map.attribution_schematic"), ensure_ascii=False)
    assert f".options.attribution = {said}" in html.replace("\\u0026", "&")
    assert t("map.ridge_schematic") in html, "the ridge's legend and tooltip say so too"
    if lang != "en":
        assert t("map.attribution_schematic") != translator(catalog.ui, "en")(
            "map.attribution_schematic"
        )


def test_an_official_outline_is_not_called_schematic(data_copy):
    path = data_copy / "parks.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"schematic"', '"official"'))
    cat = load_catalog(data_copy)
    t = translator(cat.ui, "en")
    html = _html(cat)
    assert t("map.attribution_schematic") not in html and t("map.ridge_schematic") not in html
    park = cat.parks.iloc[0].to_dict()
    assert t("popup.area_computed") in park_popup(park, cat, "en", t)
    facts = panels.park_facts(cat, "en", t)
    assert t("popup.area_computed") in facts.index


def test_a_schematic_outline_gives_no_computed_area_as_if_measured(catalog: Catalog, t):
    """Drawn to match the reported area, its computed area would only repeat that figure."""
    park = catalog.parks.set_index("id").loc["ile-alatau"].to_dict() | {"id": "ile-alatau"}
    assert t("popup.area_computed") not in park_popup(park, catalog, "en", t)
    assert t("popup.area_computed") not in panels.park_facts(catalog, "en", t).index
    h = handout.content(catalog, "park", "ile-alatau", "en", t)
    assert t("popup.area_computed") not in [label for label, _, _ in h.facts]
    parks = {p["id"]: p for p in summary.summarize(catalog)["parks"]}
    assert "schematic" in parks["ile-alatau"]["area_basis"]
    assert parks["ile-alatau"]["area_km2"] == pytest.approx(1986.69, abs=0.5)


def test_the_handout_legend_marks_the_shared_ridge_schematic(catalog: Catalog, t):
    h = handout.content(catalog, "project", "transboundary", "en", t)
    labels = [label for _, label in handout.legend_items(catalog, h, h.bounds, "en", t)]
    assert f"{t('map.ridge')}, {t('map.ridge_schematic_short')}" in labels


def test_park_colours_come_from_the_styles_file(catalog: Catalog):
    kgz = catalog.styles["park"]["country"]["KGZ"]
    assert park_style(catalog, "KGZ")["color"] == kgz["color"]
    assert park_style(catalog, "KGZ")["fillColor"] == kgz["fill"]
