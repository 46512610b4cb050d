"""The map document's CSS: water background, labels and controls readable on a projector.

Every colour from styles.toml (palette.paint).
"""

from __future__ import annotations

from typing import Any

from branca.element import Element

from landscape.mapview.palette import paint

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


def _controls_css(styles: dict[str, Any]) -> str:
    """The legend, jump buttons, tile notice, frame note, attribution line and tooltips."""

    def ui(key: str) -> str:
        return paint(styles, "control", key)

    return (
        f".landscape-control{{background:{ui('panel')};padding:6px 9px;border-radius:6px;"
        f"box-shadow:0 1px 4px {ui('shadow')};max-width:320px}}"
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
    )


def _labels_css(styles: dict[str, Any]) -> str:
    """Names on the map, haloed; the offline basemap's own (context) names only over it."""
    halo = paint(styles, "label", "halo")
    glow = f"0 0 3px {halo},0 0 3px {halo},0 0 3px {halo}"
    return (
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
    )


def map_css(styles: dict[str, Any], large: bool = False) -> Element:
    """CSS for the map document: water background, labels and controls readable on a projector.

    The map follows its frame's height (the page sizes the frame to the window), and on touch
    screens the controls grow to 44 px. The offline basemap's own names (towns, lakes,
    countries) show only over it: tile basemaps carry their own.
    """
    water = paint(styles, "basemap", "water")
    return Element(
        "<style>"
        "#map_div{height:100vh!important}"
        f".leaflet-container{{background:{water};font:14px/1.35 system-ui,sans-serif}}"
        + _controls_css(styles)
        + _labels_css(styles)
        + f".gap{{color:{paint(styles, 'control', 'gap')}}}"
        + _TOUCH
        + (_LARGE if large else "")
        + "</style>"
    )
