"""The display modes and the grid's measures are declared once (landscape.display): the link,
the map and the sidebar accept the same ones, and a mode added to the declaration is one the
sidebar offers and the link keeps."""

from __future__ import annotations

import folium
import pytest

from landscape import display, viewstate
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.mapview import wildlife as map_wildlife
from landscape.ui import wildlife as wildlife_ui
from landscape.ui import wildlife_filters
from landscape.viewstate import ViewState, as_dict, parse, to_params
from landscape.wildlife import grid, privacy
from tests.ui.test_page import _app


def test_the_link_the_map_and_the_ui_read_one_declaration():
    # the old names are the declaration itself, not copies that could drift apart
    assert viewstate.SHOW is display.MODES and viewstate.COLOUR is display.MEASURES
    assert map_wildlife.MODES is display.MODES and map_wildlife.COLOUR_BY is display.MEASURES
    assert wildlife_ui.Display is wildlife_filters.Display is display.Display
    assert display.Display() == display.Display(display.DEFAULT_MODE, display.DEFAULT_MEASURE)
    default = ViewState()
    assert (default.show, default.colour) == (display.DEFAULT_MODE, display.DEFAULT_MEASURE)
    assert display.DEFAULT_MODE in display.MODES and display.DEFAULT_MEASURE in display.MEASURES
    assert display.GRID in display.MODES


@pytest.mark.parametrize("mode", display.MODES)
@pytest.mark.parametrize("measure", display.MEASURES)
def test_the_link_keeps_every_mode_and_measure(catalog: Catalog, mode, measure):
    state = ViewState(show=mode, colour=measure)
    back = parse(as_dict(to_params(state, catalog)), catalog)
    assert back.show == mode
    # the measure colours the grid alone, so only the grid's is kept in the link
    assert back.colour == (measure if mode == display.GRID else display.DEFAULT_MEASURE)


def test_the_link_refuses_what_is_not_declared(catalog: Catalog):
    state = parse({"show": ["hexbins"], "colour": ["density"]}, catalog)
    assert (state.show, state.colour) == (display.DEFAULT_MODE, display.DEFAULT_MEASURE)


def _drawn(catalog: Catalog, t: Translate, mode: str) -> set[str]:
    """The kinds of element the map's detections layer holds in `mode`."""
    public = privacy.public_view(catalog)
    layers = map_wildlife.wildlife_layers(public, grid.PUBLIC_STEP, mode, "records", t)
    group: folium.FeatureGroup = layers.groups["detections"]
    return {type(child).__name__ for child in group._children.values()}


def test_the_map_draws_every_declared_mode_its_own_way(catalog: Catalog, t: Translate):
    # a mode declared without its drawing would fall through to the grid's
    drawn = {mode: frozenset(_drawn(catalog, t, mode)) for mode in display.MODES}
    assert all(drawn.values()) and len(set(drawn.values())) == len(drawn), drawn


def test_every_mode_and_measure_has_its_label(catalog: Catalog):
    english = catalog.ui["en"]  # test_i18n checks the other languages have every English key
    labels = [f"wildlife.mode_{m}" for m in display.MODES]
    labels += [f"wildlife.by_{m}" for m in display.MEASURES]
    assert [k for k in labels if k not in english] == []


def test_the_sidebar_offers_the_declared_modes_and_measures(monkeypatch, catalog: Catalog):
    at = _app(monkeypatch)
    english = catalog.ui["en"]
    modes = at.sidebar.radio(key="wl_mode")
    assert modes.options == [english[f"wildlife.mode_{m}"] for m in display.MODES]
    assert modes.value == display.DEFAULT_MODE
    measures = at.sidebar.radio(key="wl_measure")
    assert measures.options == [english[f"wildlife.by_{m}"] for m in display.MEASURES]
    assert measures.value == display.DEFAULT_MEASURE


def test_a_mode_added_to_the_declaration_is_offered_and_kept_in_the_link(monkeypatch):
    monkeypatch.setattr(display, "MODES", (*display.MODES, "hexbins"))
    at = _app(monkeypatch, show="hexbins")
    assert at.sidebar.radio(key="wl_mode").value == "hexbins"
    assert len(at.sidebar.radio(key="wl_mode").options) == len(display.MODES)
    assert at.query_params["show"] in ("hexbins", ["hexbins"])
