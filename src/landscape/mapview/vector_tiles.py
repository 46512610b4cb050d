"""A PMTiles vector-tile basemap on the Leaflet map, drawn by protomaps-leaflet (served by the
app itself, static/vendor/protomaps/) from the file the app serves under static/tiles/."""

from __future__ import annotations

from typing import Any

import folium
from jinja2 import Template

from landscape.mapview.assets import STATIC_URL
from landscape.mapview.js import js_literal
from landscape.tilesets import SERVED_DIR

# The served file, relative to the map's frame (/component/<name>/index.html), like the assets.
TILES_URL = STATIC_URL.rsplit("/", 1)[0] + "/" + SERVED_DIR


def tiles_url(served_name: str) -> str:
    return f"{TILES_URL}/{served_name}"


class PMTilesLayer(folium.map.Layer):
    """A base layer of the layer control that draws one PMTiles file in the light Protomaps
    style, with the page's language for place names where the tiles carry them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = protomapsL.leafletLayer({{ this.options_js }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        url: str,
        name: str,
        attribution: str,
        lang: str,
        max_zoom: int,
        max_data_zoom: int | None = None,
        show: bool = False,
        bounds: tuple[float, float, float, float] | None = None,
    ) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "PMTilesLayer"
        self.url = url
        options: dict[str, Any] = {
            "url": url,
            "flavor": "light",
            "lang": lang,
            "attribution": attribution,
            "maxZoom": max_zoom,
        }
        if max_data_zoom is not None:
            options["maxDataZoom"] = max_data_zoom
        if bounds is not None:  # no tiles outside the extract: the offline map shows there
            west, south, east, north = bounds
            options["bounds"] = [[south, west], [north, east]]
        self.options_js = js_literal(options)
