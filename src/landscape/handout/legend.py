"""The map's key, and the colours a park's fill shows on paper."""

from __future__ import annotations

from typing import Any

from matplotlib.colors import to_rgb

from landscape.catalog import Catalog
from landscape.handout.area import ridge_in_view, shown_places, touching, towns
from landscape.handout.model import Bounds, Handout
from landscape.handout.sizes import FILL_ALPHA, OTHER_ALPHA
from landscape.i18n import Translate
from landscape.mapview.build import park_style, schematic_shown
from landscape.mapview.palette import paint
from landscape.text import tr


def _blend(fill: str, under: str, alpha: float) -> tuple[float, float, float]:
    """The colour of `fill` at `alpha` over `under`, as RGB in 0..1."""
    top, bottom = to_rgb(fill), to_rgb(under)
    return (
        alpha * top[0] + (1 - alpha) * bottom[0],
        alpha * top[1] + (1 - alpha) * bottom[1],
        alpha * top[2] + (1 - alpha) * bottom[2],
    )


def park_print_colour(cat: Catalog, country: str) -> tuple[float, float, float]:
    """The RGB a featured park's fill shows on paper: its fill over the focus land colour."""
    land = paint(cat.styles, "basemap", "land_focus")
    return _blend(park_style(cat, country)["fillColor"], land, FILL_ALPHA)


def legend_items(
    cat: Catalog, h: Handout, view: Bounds, lang: str, t: Translate, ridge: Any = None
) -> list[tuple[dict[str, Any], str]]:
    """The map key: each park drawn, then border, ridge, event places and towns when shown."""
    items: list[tuple[dict[str, Any], str]] = []
    for park in touching(cat.parks, view):
        style = park_style(cat, park["country"])
        alpha = FILL_ALPHA if park["id"] in h.park_ids else OTHER_ALPHA
        face = (*to_rgb(style["fillColor"]), alpha)
        items.append(
            ({"kind": "patch", "face": face, "edge": style["color"]}, tr(park, "name", lang))
        )
    if touching(cat.border, view):
        border = paint(cat.styles, "border", "color")
        line = {"kind": "line", "color": border, "lw": 1.2, "style": (0, (4, 2.5))}
        items.append((line, t("map.border")))
    if not ridge_in_view(cat, view, ridge).is_empty:
        line = {"kind": "line", "color": paint(cat.styles, "ridge", "color"), "lw": 3, "style": "-"}
        items.append((line, ridge_label(cat, t)))
    if shown_places(cat, h):
        face, edge = paint(cat.styles, "place", "fill"), paint(cat.styles, "place", "color")
        items.append(({"kind": "dot", "size": 7, "face": face, "edge": edge}, t("map.places")))
    if towns(cat, h, view):
        town = paint(cat.styles, "basemap", "town")
        items.append(({"kind": "dot", "size": 4, "face": town, "edge": town}, t("handout.towns")))
    return items


def ridge_label(cat: Catalog, t: Translate) -> str:
    """The shared ridge's key; computed from schematic outlines, it says so."""
    if schematic_shown(cat.parks):
        return f"{t('map.ridge')}, {t('map.ridge_schematic_short')}"
    return t("map.ridge")
