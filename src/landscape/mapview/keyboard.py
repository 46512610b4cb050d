"""The map by keyboard and zoom (issue 18): few Tab stops, none that moves the map, every
control named in the page's language and usable with Space and Enter, a focus ring in sight,
and a document that lets the visitor zoom it.

- Leaflet 1.9 listens for focus on every shape that has a tooltip, and Chromium makes an SVG
  element with focus listeners a Tab stop: about 70 nameless stops. Shapes get no focus
  listeners here (their tooltips and popups still open on hover and click).
- A focused marker pans the map to itself (`autoPanOnFocus`): never here. The map's names
  are markers drawn with `keyboard=False` (context.label), so they are no Tab stops at all;
  nor are the clusters of the wildlife display `clusters` (9 more stops otherwise).
- The zoom buttons are links: Space does nothing on a link, so it clicks them here. The layer
  control opens with Enter or Space with the focus on its first choice; Escape closes it and
  gives the focus back to its button; Tabbing out of it closes it.
- folium's viewport says `user-scalable=no`, which stops a phone's pinch zoom of the page
  (WCAG 1.4.4): `ScalableMap` says only the device width.

No CDN code: a small template, its words only through js_literal; the ring's colour comes
from styles.toml (`[control] focus`).
"""

from __future__ import annotations

import re
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from landscape.i18n import Translate
from landscape.mapview.js import js_literal
from landscape.mapview.palette import paint

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>', re.IGNORECASE)


class ScalableMap(folium.Map):
    """folium's Map with a viewport that lets the visitor zoom (no `user-scalable=no`, no
    `maximum-scale`), in the dashboard's frame and in the exported file alike."""

    def render(self, **kwargs: Any) -> None:
        super().render(**kwargs)
        header = self._template.module.__dict__.get("header")
        if header is not None:  # folium's header macro again, its viewport replaced
            text = _FOLIUM_VIEWPORT.sub(VIEWPORT, str(header(self, kwargs)))
            self.get_root().header.add_child(Element(text), name=self.get_name())


def labels(t: Translate) -> dict[str, str]:
    """The controls' names in the page's language."""
    return {key: t(f"map.{key}") for key in ("zoom_in", "zoom_out", "layers", "keyboard")}


class KeyboardAccess(MacroElement):
    """Leaflet patched once per page, before any layer is added: see the module's notes."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var words = {{ this.labels_js }};
            // the frame's own language, so screen readers read its names with its rules
            document.documentElement.lang = {{ this.lang_js }};
            function name(el, text) {
                if (el) { el.title = text; el.setAttribute("aria-label", text); }
            }
            var box = map.getContainer();
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", words.keyboard);  // no title: no tooltip over it all
            if (map.zoomControl) {
                name(map.zoomControl._zoomInButton, words.zoom_in);
                name(map.zoomControl._zoomOutButton, words.zoom_out);
            }
            // Space clicks a control's link-button, as it would a button
            box.addEventListener("keydown", function (event) {
                var el = event.target;
                if (event.key !== " " || event.defaultPrevented || el.tagName !== "A" ||
                    el.getAttribute("role") !== "button" || !el.closest(".leaflet-control")) {
                    return;
                }
                event.preventDefault();
                el.click();
            });
            L.Control.Layers.prototype._landscapeWords = words;
            if (L.Layer.prototype._landscapeKeyboard) { return; }
            L.Layer.prototype._landscapeKeyboard = true;
            L.Marker.prototype.options.autoPanOnFocus = false;
            if (L.MarkerCluster) {  // a cluster's count is no Tab stop either: + and - zoom
                var cluster = L.MarkerCluster.prototype.initialize;
                L.MarkerCluster.prototype.initialize = function () {
                    cluster.apply(this, arguments);
                    this.options.keyboard = false;
                };
            }
            var listen = L.Layer.prototype._addFocusListenersOnLayer;
            L.Layer.prototype._addFocusListenersOnLayer = function (layer) {
                var el = layer.getElement && layer.getElement();
                if (el && window.SVGElement && el instanceof SVGElement) { return; }
                return listen.call(this, layer);
            };
            var layout = L.Control.Layers.prototype._initLayout;
            L.Control.Layers.prototype._initLayout = function () {
                layout.call(this);
                var control = this, panel = this._container, link = this._layersLink;
                name(link, this._landscapeWords.layers);
                L.DomEvent.on(link, "keydown", function (event) {
                    if (event.key !== "Enter" && event.key !== " ") { return; }
                    L.DomEvent.preventDefault(event);
                    control.expand();
                    var list = ".leaflet-control-layers-list input";  // the chosen basemap
                    var first = panel.querySelector(list + ":checked") ||
                        panel.querySelector(list);
                    if (first) { first.focus(); }
                });
                L.DomEvent.on(panel, "keydown", function (event) {
                    if (event.key !== "Escape" ||
                        !L.DomUtil.hasClass(panel, "leaflet-control-layers-expanded")) { return; }
                    L.DomEvent.stop(event);
                    control.collapse();
                    link.focus();
                });
                panel.addEventListener("focusout", function (event) {
                    if (control.options.collapsed && event.relatedTarget &&
                        !panel.contains(event.relatedTarget)) { control.collapse(); }
                });
            };
        })();
        {% endmacro %}
        """
    )

    def __init__(self, t: Translate) -> None:
        super().__init__()
        self._name = "KeyboardAccess"
        self.labels_js = js_literal(labels(t))
        self.lang_js = js_literal(t.lang)


def focus_css(styles: dict[str, Any]) -> Element:
    """The focus ring of every control on the map, in styles.toml's `[control] focus`.

    Buttons in a bar, the layer button and the attribution's links draw it inside their own
    white box (3:1 or more against it, and never cut off at the frame's edge, which the
    attribution line touches); the rest just outside, on their panel. The map itself (a Tab
    stop: arrow keys pan it) gets its ring above its layers, inside its edge."""
    ring = f"3px solid {paint(styles, 'control', 'focus')}"
    return Element(
        "<style>"
        ".leaflet-container a:focus-visible,.leaflet-container button:focus-visible,"
        ".leaflet-container summary:focus-visible,.leaflet-container input:focus-visible,"
        ".leaflet-container [tabindex]:focus-visible"
        f"{{outline:{ring};outline-offset:2px}}"
        ".leaflet-container .leaflet-bar a:focus-visible,"
        ".leaflet-container .landscape-jump-button:focus-visible,"
        ".leaflet-container .leaflet-control-layers-toggle:focus-visible,"
        ".leaflet-container .leaflet-control-attribution a:focus-visible{outline-offset:-3px}"
        ".leaflet-control-attribution a{display:inline-block;padding:3px 4px}"
        ".leaflet-container:focus-visible{outline:none}"
        '.leaflet-container:focus-visible::after{content:"";position:absolute;inset:0;'
        f"z-index:1001;pointer-events:none;outline:{ring};outline-offset:-3px}}"
        "</style>"
    )


def add_to(fmap: folium.Map, styles: dict[str, Any], t: Translate) -> None:
    """The keyboard script (first, before any layer binds a tooltip) and the ring's CSS."""
    KeyboardAccess(t).add_to(fmap)
    fmap.get_root().header.add_child(focus_css(styles), name="landscape_focus_css")
