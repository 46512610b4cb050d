"""The map's panes, bottom to top, so every module draws in the same stack.

Leaflet's own: tiles 200, overlays 400 (park fills, wildlife grid, patrol cells), markers 600,
tooltips 650, popups 700. A pane without clicks lets them through to what lies below.
"""

from __future__ import annotations

from typing import Any

CONTEXT = "landscape-context"  # below the tiles: visible exactly when tiles are missing
PARK_EDGE = "landscape-park-edges"  # park outlines above every data layer
BORDER = "landscape-border"  # border and shared ridge
POINT = "landscape-points"  # cameras and event places, above the grid cells
LABEL = "landscape-labels"  # names above every fill, data layer and point

# (name, z-index, takes clicks)
PANES: tuple[tuple[str, int, bool], ...] = (
    (CONTEXT, 150, False),
    (PARK_EDGE, 430, False),
    (BORDER, 450, True),
    (POINT, 460, True),
    (LABEL, 610, False),
)


def in_pane(marker: Any, pane: str = POINT) -> Any:
    """A folium CircleMarker drawn in `pane`: folium drops a CircleMarker's `pane` argument,
    so it is set on the options that reach Leaflet."""
    marker.options["pane"] = pane
    return marker
