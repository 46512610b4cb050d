"""mapview.keyboard: the map's controls named in the page's language, a focus ring in the
styles' colour, and a viewport that lets a visitor zoom the page."""

from __future__ import annotations

import folium
import pytest

from landscape.catalog import Catalog
from landscape.i18n import translator
from landscape.mapview import keyboard
from landscape.text import LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_the_controls_are_named_in_each_language(catalog: Catalog, lang: str):
    names = keyboard.labels(translator(catalog.ui, lang))
    assert set(names) == {"zoom_in", "zoom_out", "layers", "keyboard"}
    assert all(name and not name.startswith("map.") for name in names.values())
    if lang != "en":
        english = keyboard.labels(translator(catalog.ui, "en"))
        assert names["zoom_in"] != english["zoom_in"]


def test_the_map_takes_the_keyboard_script_and_the_ring_in_the_styles_colour(catalog: Catalog):
    styles = {**catalog.styles, "control": {**catalog.styles["control"], "focus": "#123456"}}
    fmap = keyboard.ScalableMap(location=[43, 76], zoom_start=8, tiles=None)
    keyboard.add_to(fmap, styles, translator(catalog.ui, "ru"))
    html = fmap.get_root().render()
    assert "#123456" in html and "focus-visible" in html
    assert keyboard.labels(translator(catalog.ui, "ru"))["zoom_in"] in html
    viewports = [line for line in html.splitlines() if 'name="viewport"' in line]
    assert viewports and all("user-scalable=no" not in v for v in viewports)
    assert all("maximum-scale" not in v for v in viewports)


def test_folium_alone_would_forbid_zooming_the_page():
    html = folium.Map(location=[43, 76], tiles=None).get_root().render()
    assert "user-scalable=no" in html  # what ScalableMap replaces
