"""A printable one-page A4 handout per park or project, for outreach events in village halls.

Two layers: `content` gathers the text (facts with sources, notes, the area to map) as plain
data that tests check without pixels; `render` lays it out on one A4 page with matplotlib.

    model.py    what a handout is: `Handout`, kinds, formats
    sizes.py    the page's measures, type scales and inks
    area.py     the area mapped: bounds, the view of a map box, what lies within it
    content.py  `content` and `filename`: the text, no layout
    fit.py      fonts, wrapping and the plan of every text block at one type scale
    blocks.py   text placed on the page, and the column beside the map (legend, QR code)
    legend.py   the map's key
    map.py      the vector map (no tiles, no network)
    page.py     `render`: the layout loop and the page, PDF or PNG

The dashboard imports this package to offer handouts; matplotlib is imported only when a
handout is drawn: the names from the drawing modules (`render`, `legend_items`, ...) load on
first use through `__getattr__` below, so importing the package stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from landscape.handout.area import map_view, reach
from landscape.handout.content import content, filename
from landscape.handout.model import FORMATS, KINDS, Bounds, Fact, Format, Handout, Kind, Measure
from landscape.handout.sizes import (
    FILL_ALPHA,
    MAP_W,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MAX_MAP_H,
    MIN_MAP_H,
    PAGE_H,
    PAGE_W,
    PNG_DPI,
    SCALES,
    SIDE_W,
)

if TYPE_CHECKING:
    from landscape.handout.blocks import draw_qr
    from landscape.handout.fit import font, wrap
    from landscape.handout.legend import legend_items, park_print_colour, ridge_label
    from landscape.handout.map import draw_map
    from landscape.handout.page import render

# Names that need matplotlib, and the module of each: imported on first use.
_DRAWING = {
    "render": "page",
    "draw_map": "map",
    "draw_qr": "blocks",
    "legend_items": "legend",
    "park_print_colour": "legend",
    "ridge_label": "legend",
    "font": "fit",
    "wrap": "fit",
}

__all__ = [
    "FILL_ALPHA",
    "FORMATS",
    "KINDS",
    "MAP_W",
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "MARGIN_X",
    "MAX_MAP_H",
    "MIN_MAP_H",
    "PAGE_H",
    "PAGE_W",
    "PNG_DPI",
    "SCALES",
    "SIDE_W",
    "Bounds",
    "Fact",
    "Format",
    "Handout",
    "Kind",
    "Measure",
    "content",
    "draw_map",
    "draw_qr",
    "filename",
    "font",
    "legend_items",
    "map_view",
    "park_print_colour",
    "reach",
    "render",
    "ridge_label",
    "wrap",
]


def __getattr__(name: str) -> Any:
    """`handout.render` and the other drawing names, imported (with matplotlib) when used."""
    if name in _DRAWING:
        return getattr(import_module(f"landscape.handout.{_DRAWING[name]}"), name)
    raise AttributeError(f"module 'landscape.handout' has no attribute {name!r}")
