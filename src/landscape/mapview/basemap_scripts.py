"""The map's scripts about its basemap: which one shows, how far the map may pan and zoom
out, and where failing tiles fall back to (a PMTiles file or the offline basemap).
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from landscape.mapview.js import js_literal


class TileFallback(MacroElement):
    """When a tile layer fails before any of its tiles loaded, switch to the first PMTiles
    basemap if its file answers (it needs no internet), else to the offline basemap."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var offline = {{ this.offline.get_name() }};
            var tiles = [{% for layer in this.tiles %}{{ layer.get_name() }},{% endfor %}];
            var notice = null;
            function told() {  // once per browser tab: a new slide or language says nothing
                try {
                    if (window.sessionStorage.getItem("landscape-tiles-told")) { return true; }
                    window.sessionStorage.setItem("landscape-tiles-told", "1");
                } catch (e) { /* storage refused: say it on this map only */ }
                return false;
            }
            var vector = {{ this.vector_name }};
            var vectorId = {{ this.vector_id_js }};
            var vectorReady = null;  // a Promise: whether the PMTiles file answers
            function probe() {  // the PMTiles file's first bytes spell "PMTiles"
                if (!vector) { return Promise.resolve(false); }
                if (!vectorReady) {
                    vectorReady = fetch(vector.options.url, {headers: {Range: "bytes=0-6"}})
                        .then(function (r) { return r.ok ? r.text() : ""; })
                        .then(function (text) { return text.slice(0, 7) === "PMTiles"; })
                        .catch(function () { return false; });
                }
                return vectorReady;
            }
            function fallBack(layer) {  // the PMTiles basemap if its file answers, else offline
                probe().then(function (ok) {
                    if (!map.hasLayer(layer)) { return; }
                    map.removeLayer(layer);
                    map.addLayer(ok ? vector : offline);
                    map.getContainer().setAttribute("data-basemap", ok ? vectorId : "offline");
                });
            }
            tiles.forEach(function (layer) {
                var loaded = 0, failed = 0;
                layer.on("tileload", function () { loaded += 1; });
                layer.on("tileerror", function () {
                    failed += 1;
                    if (loaded > 0 || failed < 2 || !map.hasLayer(layer)) { return; }
                    fallBack(layer);
                    if (!notice && !told()) {
                        notice = L.control({position: "bottomright"});
                        notice.onAdd = function () {
                            var div = L.DomUtil.create("div", "landscape-control landscape-notice");
                            div.textContent = {{ this.message_js }};
                            div.setAttribute("role", "status");
                            return div;
                        };
                        notice.addTo(map);
                        // said once, then out of the way: it fades and is gone
                        setTimeout(function () {
                            notice.getContainer().classList.add("landscape-faded");
                        }, {{ this.show_ms }});
                        setTimeout(function () {
                            map.removeControl(notice);
                        }, {{ this.show_ms }} + 1200);
                    }
                });
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        tiles: list[folium.TileLayer],
        offline: folium.FeatureGroup,
        message: str,
        vector: Any = None,
        show_ms: int = 6000,
        vector_id: str = "",
    ) -> None:
        super().__init__()
        self._name = "TileFallback"
        self.tiles = tiles
        self.offline = offline
        self.vector_name = vector.get_name() if vector is not None else "null"
        self.vector_id_js = js_literal(vector_id)
        self.message_js = js_literal(message)
        self.show_ms = int(show_ms)


class MapLimits(MacroElement):
    """What the map knows of itself: which basemap shows (the container's `data-basemap`,
    which CSS uses to show the offline basemap's labels only over it), and how far it may
    pan and zoom out: never past the offline basemap's edge, whatever the screen size."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var box = map.getContainer();
            var layers = [{% for layer, id in this.layers %}
                [{{ layer.get_name() }}, {{ id }}],{% endfor %}
            ];
            if (!box.getAttribute("data-basemap")) {
                box.setAttribute("data-basemap", {{ this.chosen_js }});
            }
            map.on("baselayerchange", function (event) {
                layers.forEach(function (pair) {
                    if (pair[0] === event.layer) { box.setAttribute("data-basemap", pair[1]); }
                });
            });
            var limit = {{ this.bounds_js }};
            if (!limit) { return; }
            var bounds = L.latLngBounds(limit), least = map.getMinZoom();
            map.options.maxBoundsViscosity = 1.0;
            map.setMaxBounds(bounds);
            function floor() {  // the lowest zoom at which the view stays inside the basemap
                map.options.minZoom = least;
                map.setMinZoom(Math.max(least, map.getBoundsZoom(bounds, true)));
            }
            floor();
            map.on("resize", floor);
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layers: list[tuple[Any, str]],
        chosen: str,
        bounds: list[list[float]] | None,
    ) -> None:
        super().__init__()
        self._name = "MapLimits"
        self.layers = [(layer, js_literal(key)) for layer, key in layers]
        self.chosen_js = js_literal(chosen)
        self.bounds_js = js_literal(bounds)
