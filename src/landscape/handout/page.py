"""`render`: one A4 page, PDF (vector) or PNG, laid out so the map stays readable.

Rendering uses a bare `Figure` with the Agg canvas, never pyplot: Streamlit serves sessions
from several threads. The layout tries the largest type first (`SCALES`), then leaves out
facts and sources one by one until the map gets at least the height its legend column needs.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from landscape import geometry, qr
from landscape.catalog import Catalog
from landscape.content import by_id
from landscape.formatting import fmt_date
from landscape.handout.area import map_view, reach, touching
from landscape.handout.blocks import Page, Side
from landscape.handout.fit import Plan, Style, plan
from landscape.handout.inks import inks_of
from landscape.handout.legend import legend_items
from landscape.handout.map import draw_map
from landscape.handout.model import FORMATS, Format, Handout
from landscape.handout.sizes import (
    MAP_W,
    MARGIN_X,
    MAX_MAP_H,
    MIN_MAP_H,
    PAGE_H,
    PAGE_W,
    PNG_DPI,
    SCALES,
    SIDE_W,
    TICK_ROOM,
)
from landscape.i18n import Translate
from landscape.mapview.build import park_style


def render(
    cat: Catalog,
    handout: Handout,
    url: str,
    fmt: Format,
    lang: str,
    t: Translate,
    today: dt.date | None = None,
) -> bytes:
    """The handout as one A4 page: PDF (vector) or PNG at 150 dpi."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known formats: {', '.join(FORMATS)}")
    modules = qr.matrix(url)  # ValueError for anything but http(s), before any drawing
    fig = Figure(figsize=(PAGE_W, PAGE_H), facecolor="white")
    FigureCanvasAgg(fig)  # this figure's own canvas: no pyplot, no global state
    ridge = geometry.shared_ridge(cat.border, cat.parks)  # once: it projects to UTM
    laid, st, side = _layout(_Frame(fig, cat, handout, url, lang, t, ridge))
    page = Page(fig, st)
    page.head(laid, _accent(cat, handout))
    top = page.y
    axes = fig.add_axes(page.rect(MARGIN_X, top, MAP_W, laid.map_h))
    draw_map(axes, cat, handout, lang, t, ridge)
    side.draw(PAGE_W - MARGIN_X - SIDE_W, top, url, modules)
    page.y = top + laid.map_h + TICK_ROOM
    page.lines("note", laid.notes, MARGIN_X, color=st.inks.grey)
    page.facts(laid, t)
    page.sources(laid, t)
    page.footer(_footer(cat, handout, lang, t, today or dt.date.today()))
    buffer = io.BytesIO()
    if fmt == "pdf":
        meta = {"Title": handout.title, "Creator": t("handout.footer"), "CreationDate": None}
        fig.savefig(buffer, format="pdf", metadata=meta)
    else:
        fig.savefig(buffer, format="png", dpi=PNG_DPI)
    return buffer.getvalue()


@dataclass
class _Frame:
    """What `_attempt` needs besides the type scale and the counts of facts and sources."""

    fig: Figure
    cat: Catalog
    h: Handout
    url: str
    lang: str
    t: Translate
    ridge: Any


def _attempt(f: _Frame, st: Style, facts: int, sources: int) -> tuple[Plan, Side, float]:
    """A plan, the column beside its map, and the map height that column and legibility need."""
    laid = plan(f.h, st, f.t, facts, sources)
    laid.map_h = min(laid.map_h, MAX_MAP_H)
    view = map_view(f.h.bounds, MAP_W, max(laid.map_h, 0.5))
    side = Side(f.fig, st, legend_items(f.cat, f.h, view, f.lang, f.t, f.ridge), f.t)
    return laid, side, max(MIN_MAP_H, side.height(f.url))


def _layout(f: _Frame) -> tuple[Plan, Style, Side]:
    """The largest type that leaves a readable map; then fewer facts and sources if need be."""
    facts, sources = len(f.h.facts), len(f.h.sources)
    for scale in SCALES:
        st = Style(scale, inks=inks_of(f.cat.styles))
        laid, side, need = _attempt(f, st, facts, sources)
        if laid.map_h >= need:
            return laid, st, side
    while laid.map_h < need and (facts > 1 or sources > 1):
        if facts > 1 and (facts >= sources or sources <= 1):
            facts -= 1
        else:
            sources -= 1
        laid, side, need = _attempt(f, st, facts, sources)
    return laid, st, side


def _accent(cat: Catalog, h: Handout) -> str:
    """The kicker's colour: the park's own outline colour, else ink."""
    if h.kind == "park":
        park = by_id(cat.parks, h.item_id)
        if park is not None:
            return str(park_style(cat, park["country"])["color"])
    return inks_of(cat.styles).ink


def _footer(cat: Catalog, h: Handout, lang: str, t: Translate, today: dt.date) -> list[str]:
    """The credit line with the date, and a word on schematic outlines when the map has any."""
    lines = [f"{t('handout.footer')} · {t('handout.generated', date=fmt_date(today, lang))}"]
    drawn = touching(cat.parks, reach(h.bounds))
    if any(p["accuracy"] == "schematic" for p in drawn):
        lines.insert(0, t("handout.schematic_footer"))
    return lines
