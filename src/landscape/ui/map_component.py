"""The map component: a constant base map with the filtered layers swapped in place."""

from __future__ import annotations

from typing import Any

from streamlit_folium import st_folium

from landscape.mapview.build import MapParts

KEY = "landscape-map"
HEIGHT = 640


def show(
    parts: MapParts, center: tuple[float, float] | None = None, zoom: float | None = None
) -> dict[str, Any] | None:
    """Draw the map; returns the last clicked object's position, if any.

    `center` and `zoom` move the view without reloading the map (the tour uses them); the
    page's CSS sizes the frame to the window, HEIGHT is the size before that CSS applies.

    Only clicks are returned, so panning and zooming never rerun the script; the layers
    change through feature_group_to_add, so a filter change keeps zoom and centre.
    """
    result = st_folium(
        parts.base,
        key=KEY,
        height=HEIGHT,
        use_container_width=True,
        returned_objects=["last_object_clicked"],
        feature_group_to_add=parts.groups,
        layer_control=parts.control,
        center=center,
        zoom=zoom,
    )
    return (result or {}).get("last_object_clicked")
