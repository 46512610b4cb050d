"""The script that frames a view: fits the map to what the view shows, once per frame."""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from landscape.mapview.js import js_literal


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
