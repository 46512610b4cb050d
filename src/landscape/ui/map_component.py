"""The map component: a constant base map with the filtered layers swapped in place."""

from __future__ import annotations

from typing import Any

from streamlit_folium import st_folium

from landscape.mapview.build import MapParts

KEY = "landscape-map"
HEIGHT = 640


def show(parts: MapParts) -> dict[str, Any] | None:
    """Draw the map; returns the last clicked object's position, if any.

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
    )
    return (result or {}).get("last_object_clicked")
