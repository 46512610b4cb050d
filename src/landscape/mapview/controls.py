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
    """Switch to the offline basemap when a tile layer fails before any of its tiles loaded."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var offline = {{ this.offline.get_name() }};
            var tiles = [{% for layer in this.tiles %}{{ layer.get_name() }},{% endfor %}];
            var notice = null;
            tiles.forEach(function (layer) {
                var loaded = 0, failed = 0;
                layer.on("tileload", function () { loaded += 1; });
                layer.on("tileerror", function () {
                    failed += 1;
                    if (loaded > 0 || failed < 2 || !map.hasLayer(layer)) { return; }
                    map.removeLayer(layer);
                    map.addLayer(offline);
                    map.getContainer().setAttribute("data-basemap", "offline");
                    if (!notice) {
                        notice = L.control({position: "bottomright"});
                        notice.onAdd = function () {
                            var div = L.DomUtil.create("div", "landscape-control landscape-notice");
                            div.textContent = {{ this.message_js }};
                            return div;
                        };
                        notice.addTo(map);
                    }
                });
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, tiles: list[folium.TileLayer], offline: folium.FeatureGroup, message: str
    ) -> None:
        super().__init__()
        self._name = "TileFallback"
        self.tiles = tiles
        self.offline = offline
        self.message_js = js_literal(message)


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
    ".town-label{font-size:17px}.country-label{font-size:16px}"
    ".leaflet-tooltip,.leaflet-popup-content{font-size:16px}"
)


def map_css(style: dict[str, Any], large: bool = False) -> Element:
    """CSS for the map document: water background, labels and controls readable on a projector.

    The map follows its frame's height (the page sizes the frame to the window), and on touch
    screens the controls grow to 44 px.
    """
    water = style.get("water", "#b8d8ec")
    return Element(
        "<style>"
        "#map_div{height:100vh!important}"
        f".leaflet-container{{background:{water};font:14px/1.35 system-ui,sans-serif}}"
        ".landscape-control{background:rgba(255,255,255,.94);padding:6px 9px;border-radius:6px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.35);max-width:320px}"
        ".landscape-legend{font-size:12.5px;line-height:1.25}"
        ".landscape-legend summary{cursor:pointer}"
        ".landscape-legend .row{display:flex;align-items:center;gap:7px;margin:3px 0}"
        ".landscape-legend .swatch{flex:0 0 22px;height:14px;border-radius:2px}"
        ".landscape-legend .line{flex:0 0 22px;height:0}"
        ".landscape-legend small{color:#444}"
        ".landscape-jump{display:flex;flex-direction:column;padding:0;background:#fff}"
        ".landscape-jump-button{border:0;border-bottom:1px solid #ccc;background:#fff;"
        "padding:7px 10px;font:600 13px system-ui,sans-serif;cursor:pointer;text-align:left;"
        "min-height:34px}"
        ".landscape-jump-button:hover{background:#f0f0f0}"
        ".landscape-notice{font-weight:600;font-size:12px;color:#6b3b00;max-width:220px}"
        ".town-label{font:600 13px system-ui,sans-serif;color:#222;white-space:nowrap;"
        "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}"
        ".country-label{font:600 12px system-ui,sans-serif;color:#6d6452;letter-spacing:.18em;"
        "text-transform:uppercase;white-space:nowrap;text-shadow:0 0 3px #fff}"
        ".gap{color:#8a5a00}" + _TOUCH + (_LARGE if large else "") + "</style>"
    )
