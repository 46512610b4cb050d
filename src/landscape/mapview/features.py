"""GeoJSON features and popups as every layer of the map makes them."""

from __future__ import annotations

import hashlib
from typing import Any

import folium
import shapely

from landscape import geometry


def feature(geom: Any, props: dict[str, Any] | None = None) -> dict[str, Any]:
    """A GeoJSON feature of `geom` simplified for display."""
    return {
        "type": "Feature",
        "properties": props or {},
        "geometry": shapely.geometry.mapping(geometry.for_display(geom)),
    }


def stable_popup(html: str, key: str) -> folium.Popup:
    """A popup whose inner element has a stable name.

    folium names it with a random uuid; the layer script would then differ on every rerun and
    streamlit-folium would re-add the layers, closing the popup the visitor just opened.
    """
    popup = folium.Popup(html, max_width=380)
    children = popup.html._children  # the template names each child by its key here
    kids = list(children.values())
    children.clear()
    for index, child in enumerate(kids):
        child._id = hashlib.sha1(f"{key}-{index}".encode()).hexdigest()
        children[child.get_name()] = child
    return popup
