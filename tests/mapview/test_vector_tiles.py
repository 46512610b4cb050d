"""mapview.vector_tiles: a PMTiles basemap layer, served by the app, never from the web."""

from __future__ import annotations

import json
import re

import folium

from landscape.mapview import vector_tiles


def test_the_tiles_url_is_the_apps_own_static_folder():
    url = vector_tiles.tiles_url("landscape.pmtiles")
    assert url.endswith("/landscape.pmtiles") and "://" not in url
    assert url.startswith(vector_tiles.TILES_URL)


def test_the_layer_passes_its_options_and_bounds_to_protomaps():
    fmap = folium.Map(location=[43, 76], tiles=None)
    layer = vector_tiles.PMTilesLayer(
        vector_tiles.tiles_url("x.pmtiles"),
        "Offline streets",
        "© OpenStreetMap",
        "ky",
        max_zoom=14,
        max_data_zoom=12,
        bounds=(75.0, 42.0, 78.0, 44.0),
    )
    layer.add_to(fmap)
    html = fmap.get_root().render()
    call = re.search(r"protomapsL\.leafletLayer\((\{.*?\})\);", html, re.S)
    assert call, "the layer is drawn by protomaps-leaflet"
    options = json.loads(call.group(1))
    assert options["lang"] == "ky" and options["maxZoom"] == 14 and options["maxDataZoom"] == 12
    assert options["bounds"] == [[42.0, 75.0], [44.0, 78.0]]
    assert options["url"] == vector_tiles.tiles_url("x.pmtiles")
