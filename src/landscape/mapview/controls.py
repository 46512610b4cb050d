"""Leaflet controls and scripts written for this map: legend, jump buttons, tile fallback, CSS.

No CDN code: each is a small template. Data reaches them only as escaped HTML inside a JSON
string literal (js_literal), never spliced into code.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from landscape.mapview.palette import paint


def js_literal(value: Any) -> str:
    """A JSON literal that is also inert inside <script> and near JS template literals."""
    text = json.dumps(value, ensure_ascii=False)
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("`", "\\u0060"),
        ("$", "\\u0024"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        # Jinja's opening delimiters: folium renders rendered scripts again as templates.
        # JSON's own braces never form these pairs, so they only occur inside strings.
        ("{{", "{\\u007b"),
        ("{%", "{\\u0025"),
        ("{#", "{\\u0023"),
    ):
        text = text.replace(char, code)
    return text


class HtmlControl(MacroElement):
    """A Leaflet control holding fixed HTML (already escaped), e.g. the legend."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position_js }}});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", {{ this.css_class_js }});
            div.innerHTML = {{ this.html_js }};
            var details = div.querySelector("details");
            if (details && map.getSize().x < {{ this.collapse_below }}) {
                details.open = false;  // a small map keeps its view; one click opens it
            }
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        html: str,
        position: str = "bottomleft",
        css_class: str = "",
        collapse_below: int = 0,
    ) -> None:
        """`collapse_below`: on a map narrower than this (px), a <details> starts closed."""
        super().__init__()
        self._name = "HtmlControl"
        self.collapse_below = int(collapse_below)
        self.html_js = js_literal(html)
        self.position_js = js_literal(position)
        self.css_class_js = js_literal(f"landscape-control {css_class}".strip())


class JumpControl(MacroElement):
    """Buttons that fly the map to a place and back to the landscape, with no rerun."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var targets = {{ this.targets_js }};
            var control = L.control({position: "topleft"});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", "landscape-control landscape-jump leaflet-bar");
                targets.forEach(function (target) {
                    var button = L.DomUtil.create("button", "landscape-jump-button", div);
                    button.type = "button";
                    button.textContent = target.label;
                    button.title = target.label;
                    button.setAttribute("data-target", target.id);
                    L.DomEvent.on(button, "click", function (event) {
                        L.DomEvent.stop(event);
                        map.flyToBounds(target.bounds, {maxZoom: target.maxZoom, duration: 1.5});
                    });
                });
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            control.addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, targets: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "JumpControl"
        self.targets_js = js_literal(targets)


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


class TooltipInside(MacroElement):
    """Tooltips stay inside the map: one that would stick out of an edge (a wide tooltip near
    the left edge, say) is moved back in. Patched once per page on Leaflet's Tooltip."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            if (L.Tooltip.prototype._landscapeInside) { return; }
            var place = L.Tooltip.prototype._setPosition;
            L.Tooltip.prototype._setPosition = function (pos) {
                place.call(this, pos);
                var map = this._map, el = this._container;
                if (!map || !el) { return; }
                // as drawn (margins and all), against the map's own box
                var box = map.getContainer().getBoundingClientRect();
                var r = el.getBoundingClientRect(), room = 4, dx = 0, dy = 0;
                if (r.right > box.right - room) { dx = box.right - room - r.right; }
                if (r.left + dx < box.left + room) { dx = box.left + room - r.left; }
                if (r.bottom > box.bottom - room) { dy = box.bottom - room - r.bottom; }
                if (r.top + dy < box.top + room) { dy = box.top + room - r.top; }
                if (dx || dy) {
                    L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add([dx, dy]));
                }
            };
            L.Tooltip.prototype._landscapeInside = true;
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "TooltipInside"


class Attribution(MacroElement):
    """An attribution for the layer group it is added to, shown on the map's attribution line
    while the group is on the map. (folium hands a FeatureGroup's options to Leaflet where
    Leaflet expects its layers, so `options["attribution"]` never reaches the map.)"""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.options.attribution = {{ this.text_js }};
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        """`html` must already be escaped: Leaflet shows attributions as HTML."""
        super().__init__()
        self._name = "Attribution"
        self.text_js = js_literal(html)


class FitNow(MacroElement):
    """The map's first view: fitted at once, not animated (a zoom animation ends on its own
    target, which would undo a frame fitted meanwhile)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds_js }},
            {padding: [20, 20], animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitNow"
        self.bounds_js = js_literal(bounds)


class FrameScript(MacroElement):
    """Frames a view: fits the map to the bounds of what it shows when the frame is new (a
    new project choice, a new tour step), and only then, so reruns keep the visitor's pan and
    zoom. Until the visitor moves the map, a resize fits it again (the page sizes the frame
    after the map has drawn). Also shows the frame's note on the map and lists in the legend
    only the rows of what is shown.

    Lives in a layer group of the view (its parent); streamlit-folium runs it again whenever
    the view's layers change, which is why it remembers the frame it fitted last."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var frame = {{ this.frame_js }};
            function padding(map) {
                // room for the fact panel (right, when open) and the legend's corner (bottom
                // left), as drawn: beside the legend or above it, whichever leaves more view
                var size = map.getSize(), box = map.getContainer(), edge = 24;
                var frameBox = box.getBoundingClientRect();
                var facts = box.querySelector(".landscape-facts");
                var open = facts && facts.querySelector("details") &&
                    facts.querySelector("details").open;
                var right = open ? Math.min(frameBox.right - facts.getBoundingClientRect().left
                    + 12, size.x / 2) : edge;
                var legend = box.querySelector(".landscape-legend");
                if (!legend) { return [[edge, edge], [right, edge]]; }
                // the whole bottom-left corner: the legend and whatever is stacked on it
                var key = (legend.parentNode || legend).getBoundingClientRect();
                var high = Math.min(frameBox.bottom - key.top + 12, size.y - 80);
                var wide = Math.min(key.right - frameBox.left + 12, size.x - 80);
                var below = [[edge, edge], [right, Math.max(high, edge)]];
                var beside = [[Math.max(wide, edge), edge], [right, edge]];
                var bounds = L.latLngBounds(frame.bounds);
                function zoom(pad) {
                    return map.getBoundsZoom(bounds, false, L.point(pad[0]).add(pad[1]));
                }
                return zoom(beside) > zoom(below) ? beside : below;
            }
            function fit(map, animate) {
                if (frame.zoom !== null) {
                    map.setView(frame.center, frame.zoom, {animate: animate});
                } else if (frame.bounds) {
                    var pad = padding(map);
                    map.fitBounds(frame.bounds, {paddingTopLeft: pad[0],
                        paddingBottomRight: pad[1], maxZoom: frame.maxZoom, animate: animate});
                }
            }
            function still(map, then) {
                // a zoom animation under way (the previous step's, say) would end on its own
                // target and undo this frame; Leaflet starts one on the next animation frame,
                // so look then, and fit once it has ended
                L.Util.requestAnimFrame(function () {
                    if (map._animatingZoom) { map.once("zoomend", then); } else { then(); }
                });
            }
            function note(map) {
                var box = map.getContainer();
                var el = box.querySelector(".landscape-frame-note");
                if (!frame.note) { if (el) { el.remove(); } return; }
                if (!el) {
                    el = L.DomUtil.create("div", "landscape-control landscape-frame-note", box);
                    el.setAttribute("role", "status");
                    L.DomEvent.disableClickPropagation(el);
                }
                el.textContent = frame.note;
            }
            function legend(map) {
                var rows = map.getContainer().querySelectorAll(".landscape-legend [data-legend]");
                Array.prototype.forEach.call(rows, function (row) {
                    row.hidden = frame.shown.indexOf(row.getAttribute("data-legend")) < 0;
                });
            }
            function go(map) {
                var box = map.getContainer(), state = box.landscapeFrame;
                if (!state) {
                    state = box.landscapeFrame = {key: null, moved: false};
                    ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (name) {
                        box.addEventListener(name, function () { state.moved = true; },
                            {capture: true, passive: true});
                    });
                    function again() { if (!state.moved && state.fit) { state.fit(); } }
                    map.on("resize", again);
                    // the controls' sizes (the padding) change once the stylesheets load
                    var sheets = document.querySelectorAll("link[rel=stylesheet]");
                    Array.prototype.forEach.call(sheets, function (link) {
                        if (!link.sheet) { link.addEventListener("load", again); }
                    });
                }
                note(map);
                legend(map);
                box.setAttribute("data-frame", frame.key);
                // the same frame again: the view is the visitor's now
                if (state.key === frame.key) { return; }
                var first = state.key === null;
                state.key = frame.key;
                state.moved = false;
                state.fit = function () { still(map, function () { fit(map, false); }); };
                still(map, function () { fit(map, !first); });
            }
            if (group._map) {
                go(group._map);
            } else {
                group.once("add", function (event) { go(event.target._map); });
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, frame: dict[str, Any]) -> None:
        super().__init__()
        self._name = "FrameScript"
        self.frame_js = js_literal(frame)


# Touch screens: controls at least 44 px (WCAG 2.5.5); last, so they win over the base rules.
_TOUCH = (
    "@media (pointer:coarse){.leaflet-touch .leaflet-bar a{width:44px;height:44px;"
    "line-height:44px}.landscape-jump-button{min-height:44px}"
    ".leaflet-control-layers-toggle{width:48px!important;height:48px!important}}"
)
# Presentation mode: the map's own text is read from the back of a room.
_LARGE = (
    ".leaflet-container{font-size:17px}"
    ".landscape-legend{font-size:16px;line-height:1.3}"
    ".landscape-legend .swatch,.landscape-legend .line{flex-basis:30px}"
    ".landscape-control{max-width:420px}"
    ".town-label,.lake-label{font-size:17px}.country-label{font-size:16px}"
    ".park-label{font-size:22px}.landscape-frame-note{font-size:17px}"
    ".leaflet-control-attribution{font-size:14px}"
    ".leaflet-tooltip,.leaflet-popup-content{font-size:16px}"
)


def map_css(styles: dict[str, Any], large: bool = False) -> Element:
    """CSS for the map document: water background, labels and controls readable on a projector.

    The map follows its frame's height (the page sizes the frame to the window), and on touch
    screens the controls grow to 44 px. The offline basemap's own names (towns, lakes,
    countries) show only over it: tile basemaps carry their own.
    """
    water = paint(styles, "basemap", "water")

    def ui(key: str) -> str:
        return paint(styles, "control", key)

    halo = paint(styles, "label", "halo")
    glow = f"0 0 3px {halo},0 0 3px {halo},0 0 3px {halo}"
    return Element(
        "<style>"
        "#map_div{height:100vh!important}"
        f".leaflet-container{{background:{water};font:14px/1.35 system-ui,sans-serif}}"
        ".landscape-control{background:rgba(255,255,255,.94);padding:6px 9px;border-radius:6px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.35);max-width:320px}"
        ".landscape-legend{font-size:12.5px;line-height:1.25}"
        ".landscape-legend summary{cursor:pointer}"
        ".landscape-legend .row{display:flex;align-items:center;gap:7px;margin:3px 0}"
        ".landscape-legend .row[hidden]{display:none}"
        ".landscape-legend .swatch{flex:0 0 22px;height:14px;border-radius:2px}"
        ".landscape-legend .line{flex:0 0 22px;height:0}"
        f".landscape-legend small{{color:{ui('muted')}}}"
        f".landscape-jump{{display:flex;flex-direction:column;padding:0;background:{ui('background')}}}"
        f".landscape-jump-button{{border:0;border-bottom:1px solid {ui('button_line')};"
        f"background:{ui('background')};"
        "padding:7px 10px;font:600 13px system-ui,sans-serif;cursor:pointer;text-align:left;"
        "min-height:34px}"
        f".landscape-jump-button:hover{{background:{ui('button_hover')}}}"
        f".landscape-notice{{font-weight:600;font-size:12px;color:{ui('notice')};max-width:220px;"
        "transition:opacity 1s}"
        ".landscape-faded{opacity:0}"
        ".landscape-frame-note{position:absolute;z-index:800;top:10px;left:50%;"
        "transform:translateX(-50%);max-width:calc(100% - 250px);min-width:140px;"
        "font-size:13px;text-align:center;pointer-events:none}"
        "@media (max-width:560px){.landscape-frame-note{top:auto;bottom:42px;"
        "max-width:calc(100% - 24px);font-size:12px}}"
        # the attribution line, small and clear of the legend and scale on the left
        ".leaflet-control-attribution{font-size:12px;line-height:1.3;"
        "max-width:calc(100vw - 140px)}"
        ".leaflet-tooltip{white-space:normal;width:max-content;max-width:min(320px,70vw)}"
        ".landscape-label{display:inline-block}"
        f".town-label{{font:600 13px system-ui,sans-serif;color:{paint(styles, 'label', 'town')};"
        f"white-space:nowrap;text-shadow:{glow}}}"
        f".lake-label{{font:italic 600 13px system-ui,sans-serif;"
        f"color:{paint(styles, 'label', 'lake')};white-space:nowrap;text-shadow:{glow}}}"
        f".country-label{{font:600 12px system-ui,sans-serif;"
        f"color:{paint(styles, 'label', 'country')};letter-spacing:.18em;"
        f"text-transform:uppercase;white-space:nowrap;text-shadow:{glow}}}"
        f".park-label{{font:700 15px system-ui,sans-serif;color:{paint(styles, 'label', 'park')};"
        "white-space:nowrap;transform:translate(-50%,-50%);display:inline-block;"
        f"text-shadow:{glow},0 0 6px {halo}}}"
        '.leaflet-container:not([data-basemap="offline"]) .context-label{display:none}'
        f".gap{{color:{ui('gap')}}}" + _TOUCH + (_LARGE if large else "") + "</style>"
    )
