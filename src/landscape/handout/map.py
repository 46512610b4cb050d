"""The handout's map, drawn from the vector data only (no tiles, no network).

Layers bottom-up: countries, rivers, lakes, parks (fill, then outline), the shared ridge, the
border, context labels, event places; then degree ticks and a scale bar on the frame.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextPath
from matplotlib.ticker import FuncFormatter, MaxNLocator
from shapely.ops import polylabel

from landscape.catalog import Catalog
from landscape.formatting import fmt_number
from landscape.handout.area import map_view, ridge_in_view, shown_places, touching, towns
from landscape.handout.fit import font
from landscape.handout.inks import inks_of
from landscape.handout.model import Bounds, Handout
from landscape.handout.sizes import FILL_ALPHA, OTHER_ALPHA, PAGE_H, PAGE_W
from landscape.i18n import Translate
from landscape.mapview.build import park_style
from landscape.mapview.palette import paint
from landscape.text import tr


def draw_map(
    ax: Axes, cat: Catalog, h: Handout, lang: str, t: Translate, ridge: Any = None
) -> None:
    """The vector map of the handout's area, filling the axes, with ticks and a scale bar."""
    box = ax.get_position()
    view = map_view(h.bounds, box.width * PAGE_W, box.height * PAGE_H)
    ax.set_facecolor(paint(cat.styles, "basemap", "water"))
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    _land_and_lakes(ax, cat, view)
    _parks(ax, cat, h, view)
    _ridge_and_border(ax, cat, view, ridge)
    _context_labels(ax, cat, h, view, lang)
    _places(ax, cat, h, lang)
    _ticks(ax, inks_of(cat.styles).grey)
    _scale_bar(ax, view, lang, t, inks_of(cat.styles).ink)


def _land_and_lakes(ax: Axes, cat: Catalog, view: Bounds) -> None:
    """Countries (the parks' own in the focus colour), then rivers and lakes."""
    styles = cat.styles
    focus = set(cat.parks["country"])
    for row in touching(cat.countries, view):
        land = paint(styles, "basemap", "land_focus" if row["id"] in focus else "land")
        _polygons(
            ax,
            [row["geometry"]],
            view,
            facecolor=land,
            lw=0.8,
            zorder=1,
            edgecolor=paint(styles, "basemap", "country_line"),
        )
    rivers = [shapely.clip_by_rect(r["geometry"], *view) for r in touching(cat.rivers, view)]
    _lines(ax, rivers, color=paint(styles, "basemap", "river"), lw=0.6, zorder=1.5, clip_on=True)
    lake = paint(styles, "basemap", "lake")
    lakes = touching(cat.lakes, view)
    _polygons(ax, [r["geometry"] for r in lakes], view, facecolor=lake, edgecolor=lake, zorder=2)


def _parks(ax: Axes, cat: Catalog, h: Handout, view: Bounds) -> None:
    """Each park's fill and outline, the handout's own parks stronger than their neighbours."""
    for park in touching(cat.parks, view):
        style = park_style(cat, park["country"])
        mine = park["id"] in h.park_ids
        _polygons(
            ax,
            [park["geometry"]],
            view,
            facecolor=style["fillColor"],
            lw=0,
            alpha=FILL_ALPHA if mine else OTHER_ALPHA,
            zorder=3,
        )
        _polygons(
            ax,
            [park["geometry"]],
            view,
            facecolor="none",
            edgecolor=style["color"],
            lw=1.6 if mine else 0.8,
            zorder=4,
        )


def _ridge_and_border(ax: Axes, cat: Catalog, view: Bounds, ridge: Any) -> None:
    """The ridge the parks share, under the dashed state border."""
    ridge = ridge_in_view(cat, view, ridge)
    if not ridge.is_empty:
        _lines(
            ax,
            [ridge],
            color=paint(cat.styles, "ridge", "color"),
            lw=3,
            alpha=0.85,
            zorder=4.5,
            solid_capstyle="round",
        )
    _lines(
        ax,
        [r["geometry"] for r in touching(cat.border, view)],
        lw=1.2,
        zorder=5,
        color=paint(cat.styles, "border", "color"),
        linestyle=(0, (4, 2.5)),
    )


def _path(geom: Any) -> MplPath:
    """A matplotlib path of a (multi)polygon, holes included."""
    parts = []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            parts.append(MplPath(list(ring.coords), closed=True))
    return MplPath.make_compound_path(*parts) if parts else MplPath([(0, 0)])


def _polygons(ax: Axes, geoms: Iterable[Any], view: Bounds, **style: Any) -> None:
    """Fill polygons, clipped to the view first so the PDF stays small."""
    for geom in geoms:
        clipped = shapely.clip_by_rect(geom, *view)
        if not clipped.is_empty:
            polys = [g for g in getattr(clipped, "geoms", [clipped]) if g.geom_type == "Polygon"]
            if polys:
                ax.add_patch(PathPatch(_path(shapely.MultiPolygon(polys)), **style))


def _lines(ax: Axes, geoms: Iterable[Any], **style: Any) -> None:
    """Draw (multi)lines."""
    for geom in geoms:
        for line in getattr(geom, "geoms", [geom]):
            if line.geom_type == "LineString" and not line.is_empty:
                xs, ys = zip(*line.coords, strict=True)
                ax.plot(xs, ys, **style)


def _label(ax: Axes, x: float, y: float, text: str, size: float, **kw: Any) -> None:
    """A literal map label with a white halo, clipped to the map."""
    ax.text(
        x,
        y,
        text,
        fontproperties=font(size, kw.pop("style", "regular")),
        parse_math=False,
        usetex=False,
        clip_on=True,
        zorder=kw.pop("zorder", 6),
        path_effects=[patheffects.withStroke(linewidth=2.2, foreground="white")],
        **kw,
    )


def _inner_point(geom: Any) -> Any:
    """The point deepest inside the largest polygon: where a label sits best."""
    polygons = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    if not polygons:
        return geom.representative_point()
    largest = max(polygons, key=lambda g: g.area)
    return polylabel(largest, tolerance=max(largest.length / 200, 1e-4))


def _keep_inside(
    ax: Axes, view: Bounds, at: Any, text: str, prop: FontProperties
) -> tuple[float, float]:
    """A centred label's anchor moved just enough for the whole label to stay on the map."""
    box = ax.get_position()
    extent = TextPath((0, 0), text, prop=prop).get_extents()
    half_w = extent.width / 72 / 2 / (box.width * PAGE_W) * (view[2] - view[0])
    half_h = prop.get_size_in_points() / 72 / (box.height * PAGE_H) * (view[3] - view[1])
    pad_x, pad_y = (view[2] - view[0]) * 0.01, (view[3] - view[1]) * 0.01
    x = min(max(at.x, view[0] + half_w + pad_x), view[2] - half_w - pad_x)
    y = min(max(at.y, view[1] + half_h + pad_y), view[3] - half_h - pad_y)
    return x, y


def _context_labels(ax: Axes, cat: Catalog, h: Handout, view: Bounds, lang: str) -> None:
    """Country names in the open (off parks and lakes), lake names, towns with their dots."""
    area = shapely.box(*view)
    taken = shapely.union_all([*cat.parks.geometry, *cat.lakes.geometry]).buffer(0.02)
    for row in touching(cat.countries, view):
        room = row["geometry"].intersection(area).difference(taken)
        if not room.is_empty and room.area > 0.08 * area.area:
            name = tr(row, "name", lang).upper()
            x, y = _keep_inside(ax, view, _inner_point(room), name, font(9))
            country = paint(cat.styles, "label", "country")
            _label(ax, x, y, name, 9, color=country, ha="center", va="center", zorder=2.5)
    for row in touching(cat.lakes, view):
        name = tr(row, "name", lang)
        if not name:  # Natural Earth's smaller lakes come unnamed
            continue
        at = _inner_point(row["geometry"].intersection(area))
        x, y = _keep_inside(ax, view, at, name, font(7.5, "italic"))
        lake = paint(cat.styles, "label", "lake")
        _label(ax, x, y, name, 7.5, style="italic", color=lake, ha="center", va="center")
    town = paint(cat.styles, "basemap", "town")
    for row in towns(cat, h, view):
        point = row["geometry"]
        ax.plot([point.x], [point.y], "o", color=town, markersize=3, zorder=6)
        _label(ax, point.x, point.y, "  " + tr(row, "name", lang), 7.5, color=town, va="center")


def _places(ax: Axes, cat: Catalog, h: Handout, lang: str) -> None:
    """Event places as dots with bold labels."""
    face, edge = paint(cat.styles, "place", "fill"), paint(cat.styles, "place", "color")
    for place in shown_places(cat, h):
        point = place["geometry"]
        ax.plot(
            [point.x],
            [point.y],
            "o",
            markersize=8,
            zorder=7,
            markeredgewidth=1.8,
            markerfacecolor=face,
            markeredgecolor=edge,
        )
        _label(
            ax,
            point.x,
            point.y,
            "   " + tr(place, "name", lang),
            8.5,
            style="bold",
            color=edge,
            va="center",
            zorder=8,
        )


def _degrees(value: float, positive: str, negative: str) -> str:
    """'76.5°E'."""
    return (
        f"{abs(value):.2f}".rstrip("0").rstrip(".") + "°" + (positive if value >= 0 else negative)
    )


def _ticks(ax: Axes, grey: str) -> None:
    """Degree ticks on a thin grey frame."""
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _degrees(v, "E", "W")))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _degrees(v, "N", "S")))
    ax.tick_params(labelsize=6, length=3, color=grey, labelcolor=grey, pad=1.5)
    for spine in ax.spines.values():
        spine.set_color(grey)
        spine.set_linewidth(0.8)


def _scale_bar(ax: Axes, view: Bounds, lang: str, t: Translate, ink: str) -> None:
    """A scale bar of a round number of km, about a quarter of the map wide, lower left."""
    km_per_deg = 111.32 * math.cos(math.radians((view[1] + view[3]) / 2))
    span_km = (view[2] - view[0]) * km_per_deg
    nice = [n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if n <= span_km / 4]
    km = nice[-1] if nice else 1
    length = km / span_km
    ax.add_patch(
        Rectangle(
            (0.02, 0.02),
            length + 0.04,
            0.075,
            transform=ax.transAxes,
            facecolor="white",
            alpha=0.85,
            edgecolor="none",
            zorder=9,
        )
    )
    ax.plot(
        [0.04, 0.04 + length],
        [0.045, 0.045],
        transform=ax.transAxes,
        color=ink,
        lw=2.5,
        solid_capstyle="butt",
        zorder=10,
    )
    ax.text(
        0.04,
        0.06,
        t("handout.km", n=fmt_number(km, 0, lang)),
        transform=ax.transAxes,
        fontproperties=font(7),
        parse_math=False,
        usetex=False,
        color=ink,
        zorder=10,
    )
