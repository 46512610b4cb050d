"""Leaflet controls written for this map: legend, jump buttons, attributions, first view.

No CDN code: each is a small template. Data reaches them only as escaped HTML inside a JSON
string literal (js_literal), never spliced into code. The basemap's scripts live in
basemap_scripts.py, the view's frame in frame_script.py, the CSS in css.py; their names are
importable from here too.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from landscape.mapview.basemap_scripts import MapLimits, TileFallback
from landscape.mapview.css import map_css
from landscape.mapview.frame_script import FrameScript
from landscape.mapview.js import js_literal

__all__ = [
    "Attribution",
    "FitNow",
    "FrameScript",
    "HtmlControl",
    "JumpControl",
    "MapLimits",
    "TileFallback",
    "TooltipInside",
    "js_literal",
    "map_css",
]


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
