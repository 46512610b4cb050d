"""A printable one-page A4 handout per park or project, for outreach events in village halls.

Two layers: `content` gathers the text (facts with sources, notes, the area to map) as plain
data that tests check without pixels; `render` lays it out on one A4 page with matplotlib.

The map is drawn from the vector data only (no tiles, no network). Rendering uses a bare
`Figure` with the Agg canvas, never pyplot: Streamlit serves sessions from several threads.
Every data string is drawn with `parse_math=False`, so a `$` in a name stays a dollar sign.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import matplotlib
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextPath
from matplotlib.ticker import FuncFormatter, MaxNLocator
from shapely.ops import polylabel

from landscape import geometry, panels, qr
from landscape.catalog import Catalog
from landscape.content import accuracy_note, by_id, country_name, or_gap, source_titles
from landscape.formatting import fmt_date, fmt_number
from landscape.i18n import Translate
from landscape.mapview.build import park_style, schematic_shown
from landscape.mapview.palette import paint
from landscape.text import LANGS, tr

Kind = Literal["project", "park"]
Format = Literal["pdf", "png"]
KINDS: tuple[str, ...] = ("project", "park")
FORMATS: tuple[str, ...] = ("pdf", "png")

PAGE_W, PAGE_H = 8.27, 11.69  # A4 portrait, inches
PNG_DPI = 150
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 0.55, 0.5, 0.45
SIDE_W = 1.9  # the column right of the map: legend, QR code and its URL
GUTTER = 0.2
TICK_ROOM = 0.24  # below the map: its degree labels
MAP_W = PAGE_W - 2 * MARGIN_X - SIDE_W - GUTTER
QR_SIZE = 1.4
QR_GAP, LEGEND_GAP = 0.15, 0.05  # above the QR code; between legend rows
MIN_MAP_H = 3.0  # below this the map is too small to read: smaller type first
MAX_MAP_H = 5.4
LEADING = 1.28
SCALES = (1.0, 0.92, 0.84, 0.76)

FILL_ALPHA = 0.45  # the parks the handout is about
OTHER_ALPHA = 0.18  # neighbouring parks, shown for context
PAD_FRACTION = 0.12  # room around the mapped area, each side
MIN_SPAN_DEG = 2.5  # a map of points alone spans at least this much

INK, GREY, LIGHT = "#222222", "#555555", "#999999"
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
_FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "mono": "DejaVuSansMono.ttf",
}
Fact = tuple[str, str, str]
Bounds = tuple[float, float, float, float]
Measure = Callable[[str], float]


@dataclass(frozen=True)
class Handout:
    """The text of one handout and the area its map shows; no layout, no pixels."""

    kind: str
    item_id: str
    title: str
    subtitle: str
    facts: list[Fact]
    sources: list[str]
    notes: list[str]
    bounds: Bounds  # west, south, east, north in degrees
    park_ids: list[str] = field(default_factory=list)
    place_ids: list[str] = field(default_factory=list)


# --- content ------------------------------------------------------------------------------


def content(cat: Catalog, kind: Kind, item_id: str, lang: str, t: Translate) -> Handout:
    """The handout of park or project `item_id` in `lang`; KeyError for an unknown id."""
    if kind == "park":
        return _park_handout(cat, _record(cat.parks, kind, item_id), lang, t)
    if kind == "project":
        return _project_handout(cat, _record(cat.projects, kind, item_id), lang, t)
    raise ValueError(f"unknown handout kind {kind!r}; known kinds: {', '.join(KINDS)}")


def _record(frame: Any, kind: str, item_id: str) -> dict[str, Any]:
    """The record with this id, or a KeyError that names the kind, the id and the known ids."""
    record = by_id(frame, item_id) if not frame.empty else None
    if record is None:
        known = ", ".join(sorted(str(i) for i in frame["id"])) or "none"
        raise KeyError(f"unknown {kind} id {item_id!r}; known {kind} ids: {known}")
    return record


def _fact(label: str, value: str, ids: list[str], t: Translate) -> Fact:
    """A fact row citing '[WDPA; PD]'; a gap cites nothing, an uncited value says so."""
    if value == t("gap.text"):
        return (label, value, "")
    return (label, value, f"[{'; '.join(ids)}]" if ids else t("gap.text"))


def _park_handout(cat: Catalog, park: dict[str, Any], lang: str, t: Translate) -> Handout:
    """Facts of one park (as panels.park_facts gives them), mapped around its outline."""
    table = panels.park_facts(cat.replace(parks=cat.parks[cat.parks["id"] == park["id"]]), lang, t)
    skip = {t("popup.geometry_source"), t("popup.source")}
    cited, drawn = list(park["source"] or []), list(park["geometry_source"] or [])
    own = {t("popup.area_computed"): drawn}
    rows = [(t("handout.setting"), or_gap(tr(park, "setting", lang), t), cited)]
    rows += [
        (str(label), str(value), own.get(str(label), cited))
        for label, value in table.iloc[:, 0].items()
        if label not in skip
    ]
    rows.append((t("handout.outline"), accuracy_note(park["accuracy"], t), drawn))
    projects = cat.projects[[park["id"] in (p or []) for p in cat.projects["parks"]]]
    if not projects.empty:
        titles = "; ".join(tr(p, "title", lang) for p in projects.to_dict("records"))
        ids = list(dict.fromkeys(s for refs in projects["source"] for s in refs or []))
        rows.append((t("handout.projects"), titles, ids))
    bounds = _box([park["geometry"]])
    places = [p["id"] for p in cat.places.to_dict("records") if _inside(p["geometry"], bounds)]
    country = country_name(cat, park["country"], lang)
    subtitle = " · ".join(s for s in (tr(park, "status", lang), country) if s)
    head = ("park", park["id"], tr(park, "name", lang), subtitle)
    return _finish(cat, head, rows, bounds, [park["id"]], places, lang, t)


def _project_handout(cat: Catalog, project: dict[str, Any], lang: str, t: Translate) -> Handout:
    """Facts of one project (as panels.project_cards gives them) and its related events."""
    one = cat.replace(projects=cat.projects[cat.projects["id"] == project["id"]])
    card = panels.project_cards(one, lang, t)[0]
    cited = list(project["source"] or [])
    rows = [
        (t("handout.summary"), card["summary"], cited),
        (t("projects.implementer"), card["implementer"], cited),
        (t("projects.partners"), card["partners"], cited),
        (t("projects.period"), card["period"], cited),
        (t("projects.parks"), card["parks"], cited),
    ]
    related = cat.events[[project["id"] in (refs or []) for refs in cat.events["projects"]]]
    place_ids: list[str] = []
    for row in panels.timeline(cat.replace(events=related), lang, t):
        event = by_id(related, row["id"]) or {}
        text = f"{row['title']} ({row['place']}; {row['when']})"
        rows.append((t("handout.event"), text, list(event.get("source") or [])))
        if event.get("place") and event["place"] not in place_ids:
            place_ids.append(event["place"])
    park_ids = [p for p in project["parks"] or [] if p in set(cat.parks["id"])]
    bounds = _project_bounds(cat, park_ids, place_ids)
    title, full = tr(project, "title", lang), tr(project, "full_title", lang)
    head = ("project", project["id"], title, full if full != title else "")
    return _finish(cat, head, rows, bounds, park_ids, place_ids, lang, t)


def _finish(
    cat: Catalog,
    head: tuple[str, str, str, str],
    rows: list[tuple[str, str, list[str]]],
    bounds: Bounds,
    park_ids: list[str],
    place_ids: list[str],
    lang: str,
    t: Translate,
) -> Handout:
    """Cite each fact, list the sources (the facts' first, then the map's layers), add notes."""
    facts = [_fact(label, value, ids, t) for label, value, ids in rows]
    cited = [s for (_, _, ids), fact in zip(rows, facts, strict=True) if fact[2] for s in ids]
    kind, item_id, title, subtitle = head
    return Handout(
        kind=kind,
        item_id=item_id,
        title=title,
        subtitle=subtitle,
        facts=facts,
        sources=source_titles(
            cat, dict.fromkeys(cited + _map_sources(cat, bounds, place_ids)), lang
        ),
        notes=_notes(cat, bounds, place_ids, lang, t),
        bounds=bounds,
        park_ids=park_ids,
        place_ids=place_ids,
    )


def _project_bounds(cat: Catalog, park_ids: list[str], place_ids: list[str]) -> Bounds:
    """Around the project's parks, else its event places, else the whole landscape."""
    parks = cat.parks[cat.parks["id"].isin(park_ids)]
    if not parks.empty:
        return _box(list(parks.geometry))
    places = cat.places[cat.places["id"].isin(place_ids)]
    if not places.empty:
        return _box(list(places.geometry))
    (south, west), (north, east) = geometry.bounds_of(cat.parks, cat.border)
    return _box([shapely.box(west, south, east, north)])


def reach(bounds: Bounds) -> Bounds:
    """Everything any rendered map of these bounds can show, whatever height the map gets."""
    wide, tall = map_view(bounds, MAP_W, MIN_MAP_H), map_view(bounds, MAP_W, MAX_MAP_H)
    return (
        min(wide[0], tall[0]),
        min(wide[1], tall[1]),
        max(wide[2], tall[2]),
        max(wide[3], tall[3]),
    )


def _box(geoms: Sequence[Any]) -> Bounds:
    """The geometries' bounds with room around them, at least MIN_SPAN_DEG for points."""
    west, south, east, north = shapely.union_all(list(geoms)).bounds
    pad_x = max((east - west) * PAD_FRACTION, 0.05)
    pad_y = max((north - south) * PAD_FRACTION, 0.05)
    if east - west < 1e-6 and north - south < 1e-6:
        pad_x = pad_y = MIN_SPAN_DEG / 2
    return (west - pad_x, south - pad_y, east + pad_x, north + pad_y)


def _inside(geom: Any, bounds: Bounds) -> bool:
    """True when the geometry lies within the bounds."""
    return bool(shapely.box(*bounds).covers(geom))


def _touching(frame: Any, bounds: Bounds) -> list[dict[str, Any]]:
    """The records of a vector layer whose geometry meets the bounds."""
    area = shapely.box(*bounds)
    return [r for r in frame.to_dict("records") if r["geometry"].intersects(area)]


def _map_sources(cat: Catalog, bounds: Bounds, place_ids: list[str]) -> list[str]:
    """Source ids of what the map draws: outlines, border, countries, lakes, towns, places."""
    ids: list[str] = []
    for frame, column in (
        (cat.parks, "geometry_source"),
        (cat.border, "source"),
        (cat.countries, "source"),
        (cat.lakes, "source"),
        (cat.towns, "source"),
    ):
        for record in _touching(frame, reach(bounds)):
            ids += list(record.get(column) or [])
    for place in cat.places[cat.places["id"].isin(place_ids)].to_dict("records"):
        if _inside(place["geometry"], bounds):
            ids += list(place.get("geometry_source") or [])
    return ids


def _notes(
    cat: Catalog, bounds: Bounds, place_ids: list[str], lang: str, t: Translate
) -> list[str]:
    """The map's caveats: vector drawing, outline accuracy, place accuracy, places off the map."""
    notes = [t("handout.map_note")]
    for park in _touching(cat.parks, reach(bounds)):
        if park["accuracy"] != "official":
            notes.append(f"{tr(park, 'name', lang)}: {accuracy_note(park['accuracy'], t)}")
    places = cat.places[cat.places["id"].isin(place_ids)].to_dict("records")
    shown = [p for p in places if _inside(p["geometry"], bounds)]
    for accuracy in dict.fromkeys(p["accuracy"] for p in shown):
        note = t("map.place_note") if accuracy == "city-level" else accuracy_note(accuracy, t)
        notes.append(f"{t('map.places')}: {note}")
    away = [tr(p, "name", lang) for p in places if p not in shown]
    if away:
        notes.append(t("handout.outside", names=", ".join(away)))
    return notes


def filename(kind: str, item_id: str, lang: str, fmt: str) -> str:
    """'handout-park-chon-kemin-ru.pdf': only [a-z0-9-] from the id, known kind/lang/format."""
    if kind not in KINDS or lang not in LANGS or fmt not in FORMATS:
        raise ValueError(f"unknown kind, language or format: {kind!r}, {lang!r}, {fmt!r}")
    slug = re.sub(r"[^a-z0-9]+", "-", str(item_id).lower()).strip("-")[:64] or "item"
    return f"handout-{kind}-{slug}-{lang}.{fmt}"


# --- render -------------------------------------------------------------------------------


def font(size: float, style: str = "regular") -> FontProperties:
    """DejaVu Sans as shipped with matplotlib (Cyrillic incl. Kazakh and Kyrgyz letters)."""
    return FontProperties(fname=_FONT_DIR / _FONT_FILES[style], size=size)


@lru_cache(maxsize=32768)
def _word_width(word: str, style: str, size: float) -> float:
    """Width in inches of one word (no spaces) in DejaVu Sans; cached across renders."""
    face = get_font(_FONT_DIR / _FONT_FILES[style])  # one object per thread, as matplotlib keeps
    face.set_size(size, 72)
    face.set_text(word, 0.0, flags=LoadFlags.NO_HINTING)
    return face.get_width_height()[0] / 64 / 72


def _measurer(style: str, size: float) -> Measure:
    """Width in inches of one line of text in this font: its words and the spaces between."""
    space = _word_width("x x", style, size) - 2 * _word_width("x", style, size)

    def width(text: str) -> float:
        words = text.split(" ")
        return sum(_word_width(w, style, size) for w in words if w) + space * (len(words) - 1)

    return width


def _break_word(word: str, width: float, measure: Measure) -> list[str]:
    """A word longer than the line (a URL, an id) cut into pieces that fit."""
    pieces = []
    while word and measure(word) > width:
        low, high = 1, len(word)
        while low < high:  # the longest prefix that fits, at least one character
            mid = (low + high + 1) // 2
            low, high = (mid, high) if measure(word[:mid]) <= width else (low, mid - 1)
        pieces.append(word[:low])
        word = word[low:]
    return [*pieces, word] if word else pieces


def wrap(text: str, width: float, measure: Measure, max_lines: int = 0) -> list[str]:
    """Lines of at most `width` inches; an ellipsis ends the last line when cut short."""
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        for word in paragraph.replace("\t", " ").split(" "):  # a no-break space binds
            if not word:
                continue
            candidate = f"{line} {word}" if line else word
            if measure(candidate) <= width:
                line = candidate
                continue
            pieces = _break_word(word, width, measure)
            lines += ([line] if line else []) + pieces[:-1]
            line = pieces[-1] if pieces else ""
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and measure(last + " …") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return lines


@dataclass
class _Style:
    """Type sizes and fonts at one scale."""

    scale: float
    sizes: dict[str, tuple[float, str]] = field(
        default_factory=lambda: {
            "kicker": (8.5, "bold"),
            "title": (18.0, "bold"),
            "subtitle": (10.0, "regular"),
            "heading": (11.0, "bold"),
            "label": (8.0, "bold"),
            "value": (8.5, "regular"),
            "cite": (7.5, "regular"),
            "source": (7.0, "regular"),
            "note": (7.0, "italic"),
            "legend": (7.5, "regular"),
            "caption": (8.0, "bold"),
            "url": (6.5, "mono"),
            "footer": (7.0, "regular"),
        }
    )

    def prop(self, kind: str) -> FontProperties:
        """The font of one kind of text at this scale."""
        size, style = self.sizes[kind]
        return font(size * (self.scale if kind not in ("title", "url") else 1.0), style)

    def line(self, kind: str) -> float:
        """Line height in inches."""
        return self.prop(kind).get_size_in_points() * LEADING / 72

    def wrap(self, kind: str, text: str, width: float, max_lines: int = 0) -> list[str]:
        """Text wrapped in this kind's font."""
        prop = self.prop(kind)
        style = self.sizes[kind][1]
        return wrap(text, width, _measurer(style, prop.get_size_in_points()), max_lines)


@dataclass
class _Plan:
    """Every text block wrapped, with the map height that leaves the page."""

    head: list[tuple[str, list[str]]]
    notes: list[str]
    rows: list[tuple[list[str], list[str], list[str]]]
    sources: list[list[str]]
    map_h: float


_COL_LABEL, _COL_CITE = 1.65, 0.95


def _plan(h: Handout, st: _Style, t: Translate, facts: int, sources: int) -> _Plan:
    """Wrap everything at this scale, keeping the first `facts` facts and `sources` sources."""
    width = PAGE_W - 2 * MARGIN_X
    value_w = width - _COL_LABEL - _COL_CITE - 0.2
    head = [
        ("kicker", [t(f"handout.{h.kind}")]),
        ("title", st.wrap("title", h.title, width, 3)),
        ("subtitle", st.wrap("subtitle", h.subtitle, width, 3) if h.subtitle else []),
    ]
    notes = [line for note in h.notes for line in st.wrap("note", note, width, 3)]
    kept = list(h.facts[:facts])
    if facts < len(h.facts):
        kept.append(("…", t("handout.more", n=len(h.facts) - facts), ""))
    rows = [
        (
            st.wrap("label", label, _COL_LABEL - 0.1, 3),
            st.wrap("value", value, value_w, 8),
            st.wrap("cite", cite, _COL_CITE, 3),
        )
        for label, value, cite in kept
    ]
    listed = [st.wrap("source", s, width - 0.15, 3) for s in h.sources[:sources]]
    if sources < len(h.sources):
        listed.append([t("handout.more", n=len(h.sources) - sources)])
    plan = _Plan(head, notes, rows, listed, map_h=0.0)
    plan.map_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - _fixed_height(plan, st)
    return plan


def _fixed_height(plan: _Plan, st: _Style) -> float:
    """Height of everything on the page but the map."""
    head = sum(len(lines) * st.line(kind) for kind, lines in plan.head) + 0.18
    notes = len(plan.notes) * st.line("note") + TICK_ROOM + 0.05
    rows = sum(_row_height(r, st) for r in plan.rows) + st.line("heading") + 0.2
    listed = sum(len(s) for s in plan.sources) * st.line("source") + st.line("heading") + 0.2
    footer = 2 * st.line("footer") + 0.15
    return head + 0.12 + notes + rows + listed + footer


def _row_height(row: tuple[list[str], list[str], list[str]], st: _Style) -> float:
    """Height of one fact row."""
    label, value, cite = row
    return (
        max(
            len(label) * st.line("label"),
            len(value) * st.line("value"),
            len(cite) * st.line("cite"),
        )
        + 0.05
    )


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


def _attempt(f: _Frame, st: _Style, facts: int, sources: int) -> tuple[_Plan, _Side, float]:
    """A plan, the column beside its map, and the map height that column and legibility need."""
    plan = _plan(f.h, st, f.t, facts, sources)
    plan.map_h = min(plan.map_h, MAX_MAP_H)
    view = map_view(f.h.bounds, MAP_W, max(plan.map_h, 0.5))
    side = _Side(f.fig, st, legend_items(f.cat, f.h, view, f.lang, f.t, f.ridge), f.t)
    return plan, side, max(MIN_MAP_H, side.height(f.url))


def _layout(f: _Frame) -> tuple[_Plan, _Style, _Side]:
    """The largest type that leaves a readable map; then fewer facts and sources if need be."""
    facts, sources = len(f.h.facts), len(f.h.sources)
    for scale in SCALES:
        st = _Style(scale)
        plan, side, need = _attempt(f, st, facts, sources)
        if plan.map_h >= need:
            return plan, st, side
    while plan.map_h < need and (facts > 1 or sources > 1):
        if facts > 1 and (facts >= sources or sources <= 1):
            facts -= 1
        else:
            sources -= 1
        plan, side, need = _attempt(f, st, facts, sources)
    return plan, st, side


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
    plan, st, side = _layout(_Frame(fig, cat, handout, url, lang, t, ridge))
    page = _Page(fig, st)
    page.head(plan, _accent(cat, handout))
    top = page.y
    axes = fig.add_axes(page.rect(MARGIN_X, top, MAP_W, plan.map_h))
    draw_map(axes, cat, handout, lang, t, ridge)
    side.draw(PAGE_W - MARGIN_X - SIDE_W, top, url, modules)
    page.y = top + plan.map_h + TICK_ROOM
    page.lines("note", plan.notes, MARGIN_X, color=GREY)
    page.facts(plan, t)
    page.sources(plan, t)
    page.footer(_footer(cat, handout, lang, t, today or dt.date.today()))
    buffer = io.BytesIO()
    if fmt == "pdf":
        meta = {"Title": handout.title, "Creator": t("handout.footer"), "CreationDate": None}
        fig.savefig(buffer, format="pdf", metadata=meta)
    else:
        fig.savefig(buffer, format="png", dpi=PNG_DPI)
    return buffer.getvalue()


def _accent(cat: Catalog, h: Handout) -> str:
    """The kicker's colour: the park's own outline colour, else ink."""
    if h.kind == "park":
        park = by_id(cat.parks, h.item_id)
        if park is not None:
            return str(park_style(cat, park["country"])["color"])
    return INK


def _footer(cat: Catalog, h: Handout, lang: str, t: Translate, today: dt.date) -> list[str]:
    """The credit line with the date, and a word on schematic outlines when the map has any."""
    lines = [f"{t('handout.footer')} · {t('handout.generated', date=fmt_date(today, lang))}"]
    drawn = _touching(cat.parks, reach(h.bounds))
    if any(p["accuracy"] == "schematic" for p in drawn):
        lines.insert(0, t("handout.schematic_footer"))
    return lines


class _Page:
    """Text blocks placed top-down, in inches from the top-left corner of the page."""

    def __init__(self, fig: Figure, st: _Style) -> None:
        self.fig, self.st, self.y = fig, st, MARGIN_TOP

    def rect(self, x: float, y: float, w: float, h: float) -> list[float]:
        """[left, bottom, width, height] in figure fractions of a box given from the top."""
        return [x / PAGE_W, 1 - (y + h) / PAGE_H, w / PAGE_W, h / PAGE_H]

    def text(self, x: float, y: float, s: str, kind: str, **kw: Any) -> None:
        """One line of literal text (no mathtext, no TeX) with its top at y."""
        self.fig.text(
            x / PAGE_W,
            1 - y / PAGE_H,
            s,
            fontproperties=self.st.prop(kind),
            va="top",
            parse_math=False,
            usetex=False,
            **{"color": INK, **kw},
        )

    def lines(self, kind: str, lines: list[str], x: float, **kw: Any) -> None:
        """Lines of one kind, moving the cursor down."""
        for line in lines:
            self.text(x, self.y, line, kind, **kw)
            self.y += self.st.line(kind)

    def rule(self, y: float) -> None:
        """A thin grey line across the text width."""
        self.fig.add_artist(
            Line2D(
                [MARGIN_X / PAGE_W, 1 - MARGIN_X / PAGE_W],
                [1 - y / PAGE_H] * 2,
                color=LIGHT,
                lw=0.6,
            )
        )

    def head(self, plan: _Plan, accent: str) -> None:
        """Kicker, title and subtitle, then a rule."""
        colours = {"kicker": accent, "title": INK, "subtitle": GREY}
        for kind, lines in plan.head:
            self.lines(kind, lines, MARGIN_X, color=colours[kind])
        self.y += 0.08
        self.rule(self.y)
        self.y += 0.12

    def facts(self, plan: _Plan, t: Translate) -> None:
        """'Key facts': label, value and source of each fact, one row each."""
        self.y += 0.1
        self.lines("heading", [t("handout.key_facts")], MARGIN_X)
        cite_x = PAGE_W - MARGIN_X - _COL_CITE
        self.text(
            cite_x, self.y - self.st.line("heading") + 0.04, t("handout.source"), "cite", color=GREY
        )
        for label, value, cite in plan.rows:
            top = self.y + 0.03
            self.rule(top - 0.02)
            for lines, kind, x, tint in (
                (label, "label", MARGIN_X, GREY),
                (value, "value", MARGIN_X + _COL_LABEL, INK),
                (cite, "cite", cite_x, GREY),
            ):
                for i, line in enumerate(lines):
                    self.text(x, top + i * self.st.line(kind), line, kind, color=tint)
            self.y += _row_height((label, value, cite), self.st)

    def sources(self, plan: _Plan, t: Translate) -> None:
        """'Sources': each cited work with its id, continuation lines indented."""
        self.y += 0.15
        self.lines("heading", [t("handout.sources")], MARGIN_X)
        for entry in plan.sources:
            for i, line in enumerate(entry):
                self.text(MARGIN_X + (0.15 if i else 0), self.y, line, "source")
                self.y += self.st.line("source")

    def footer(self, lines: list[str]) -> None:
        """Footer lines at the bottom margin, under a rule."""
        y = PAGE_H - MARGIN_BOTTOM - len(lines) * self.st.line("footer")
        self.rule(y - 0.06)
        for line in lines:
            self.text(MARGIN_X, y, line, "footer", color=GREY)
            y += self.st.line("footer")


class _Side:
    """The column beside the map: the legend, then the QR code, its caption and the URL."""

    def __init__(
        self, fig: Figure, st: _Style, items: list[tuple[dict[str, Any], str]], t: Translate
    ) -> None:
        self.fig, self.st, self.items, self.t = fig, st, items, t

    def _legend_lines(self) -> list[list[str]]:
        return [self.st.wrap("legend", label, SIDE_W - 0.35, 3) for _, label in self.items]

    def _url_lines(self, url: str) -> list[str]:
        return self.st.wrap("url", url, SIDE_W, 6)

    def height(self, url: str) -> float:
        """Height of the whole column in inches."""
        rows = self._legend_lines()
        legend = sum(len(lines) * self.st.line("legend") + LEGEND_GAP for lines in rows)
        caption = len(self.st.wrap("caption", self.t("handout.scan"), SIDE_W, 3))
        url_h = len(self._url_lines(url)) * self.st.line("url")
        return legend + QR_GAP + QR_SIZE + 0.02 + caption * self.st.line("caption") + url_h

    def draw(self, x: float, y: float, url: str, modules: list[list[bool]]) -> None:
        """Draw the column with its top-left corner at (x, y) inches from the page's top-left."""
        page = _Page(self.fig, self.st)
        page.y = y
        for (artist, _), lines in zip(self.items, self._legend_lines(), strict=True):
            self._swatch(artist, x, page.y + self.st.line("legend") / 2)
            page.lines("legend", lines, x + 0.35)
            page.y += LEGEND_GAP
        page.y += QR_GAP
        draw_qr(self.fig.add_axes(page.rect(x, page.y, QR_SIZE, QR_SIZE)), modules)
        page.y += QR_SIZE + 0.02
        caption = self.st.wrap("caption", self.t("handout.scan"), SIDE_W, 3)
        page.lines("caption", caption, x)
        page.lines("url", self._url_lines(url), x, color=GREY)

    def _swatch(self, artist: dict[str, Any], x: float, y: float) -> None:
        """A legend key 0.25 in wide, centred on y inches from the top."""
        to = self.fig.dpi_scale_trans
        yb = PAGE_H - y
        if artist["kind"] == "patch":
            self.fig.add_artist(
                Rectangle(
                    (x, yb - 0.07),
                    0.25,
                    0.14,
                    transform=to,
                    facecolor=artist["face"],
                    edgecolor=artist["edge"],
                    alpha=None,
                    lw=1.2,
                )
            )
        elif artist["kind"] == "line":
            self.fig.add_artist(
                Line2D(
                    [x, x + 0.25],
                    [yb, yb],
                    transform=to,
                    color=artist["color"],
                    lw=artist["lw"],
                    linestyle=artist["style"],
                )
            )
        else:
            self.fig.add_artist(
                Line2D(
                    [x + 0.125],
                    [yb],
                    transform=to,
                    marker="o",
                    linestyle="",
                    markersize=artist["size"],
                    markerfacecolor=artist["face"],
                    markeredgecolor=artist["edge"],
                )
            )


# --- the map ------------------------------------------------------------------------------


def _blend(fill: str, under: str, alpha: float) -> tuple[float, float, float]:
    """The colour of `fill` at `alpha` over `under`, as RGB in 0..1."""
    top, bottom = matplotlib.colors.to_rgb(fill), matplotlib.colors.to_rgb(under)
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
    for park in _touching(cat.parks, view):
        style = park_style(cat, park["country"])
        alpha = FILL_ALPHA if park["id"] in h.park_ids else OTHER_ALPHA
        face = (*matplotlib.colors.to_rgb(style["fillColor"]), alpha)
        items.append(
            ({"kind": "patch", "face": face, "edge": style["color"]}, tr(park, "name", lang))
        )
    if _touching(cat.border, view):
        items.append(
            (
                {
                    "kind": "line",
                    "color": paint(cat.styles, "border", "color"),
                    "lw": 1.2,
                    "style": (0, (4, 2.5)),
                },
                t("map.border"),
            )
        )
    if not _ridge(cat, view, ridge).is_empty:
        line = {"kind": "line", "color": paint(cat.styles, "ridge", "color"), "lw": 3, "style": "-"}
        items.append((line, ridge_label(cat, t)))
    if _shown_places(cat, h):
        items.append(
            (
                {
                    "kind": "dot",
                    "size": 7,
                    "face": paint(cat.styles, "place", "fill"),
                    "edge": paint(cat.styles, "place", "color"),
                },
                t("map.places"),
            )
        )
    if _towns(cat, h, view):
        town = paint(cat.styles, "basemap", "town")
        items.append(({"kind": "dot", "size": 4, "face": town, "edge": town}, t("handout.towns")))
    return items


def ridge_label(cat: Catalog, t: Translate) -> str:
    """The shared ridge's key; computed from schematic outlines, it says so."""
    if schematic_shown(cat.parks):
        return f"{t('map.ridge')}, {t('map.ridge_schematic_short')}"
    return t("map.ridge")


def map_view(bounds: Bounds, width: float, height: float) -> Bounds:
    """The bounds grown to fill a width × height box without distorting the map."""
    west, south, east, north = bounds
    k = math.cos(math.radians((south + north) / 2))
    dx, dy = max(east - west, 0.01) * k, max(north - south, 0.01)
    if dx / dy < width / height:
        grow = (dy * width / height / k - (east - west)) / 2
        return (west - grow, south, east + grow, north)
    grow = (dx * height / width - (north - south)) / 2
    return (west, south - grow, east, north + grow)


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
    from matplotlib import patheffects

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


def _ridge(cat: Catalog, view: Bounds, ridge: Any = None) -> Any:
    """The shared ridge (computed here unless given) within the view, or an empty line."""
    ridge = geometry.shared_ridge(cat.border, cat.parks) if ridge is None else ridge
    return ridge.intersection(shapely.box(*view)) if not ridge.is_empty else ridge


def _shown_places(cat: Catalog, h: Handout) -> list[dict[str, Any]]:
    """The handout's event places that lie on its map."""
    places = cat.places[cat.places["id"].isin(h.place_ids)].to_dict("records")
    return [p for p in places if _inside(p["geometry"], h.bounds)]


def _towns(cat: Catalog, h: Handout, view: Bounds) -> list[dict[str, Any]]:
    """Towns within the view, except where an event place already marks the spot."""
    places = [p["geometry"] for p in _shown_places(cat, h)]
    return [
        r
        for r in cat.towns.to_dict("records")
        if _inside(r["geometry"], view) and all(r["geometry"].distance(p) > 0.03 for p in places)
    ]


def _degrees(value: float, positive: str, negative: str) -> str:
    """'76.5°E'."""
    return (
        f"{abs(value):.2f}".rstrip("0").rstrip(".") + "°" + (positive if value >= 0 else negative)
    )


def draw_map(
    ax: Axes, cat: Catalog, h: Handout, lang: str, t: Translate, ridge: Any = None
) -> None:
    """The vector map of the handout's area, filling the axes, with ticks and a scale bar."""
    box = ax.get_position()
    view = map_view(h.bounds, box.width * PAGE_W, box.height * PAGE_H)
    styles = cat.styles
    ax.set_facecolor(paint(styles, "basemap", "water"))
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    focus = set(cat.parks["country"])
    for row in _touching(cat.countries, view):
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
    lake = paint(styles, "basemap", "lake")
    lakes = _touching(cat.lakes, view)
    _polygons(ax, [r["geometry"] for r in lakes], view, facecolor=lake, edgecolor=lake, zorder=2)
    for park in _touching(cat.parks, view):
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
    ridge = _ridge(cat, view, ridge)
    if not ridge.is_empty:
        _lines(
            ax,
            [ridge],
            color=paint(styles, "ridge", "color"),
            lw=3,
            alpha=0.85,
            zorder=4.5,
            solid_capstyle="round",
        )
    _lines(
        ax,
        [r["geometry"] for r in _touching(cat.border, view)],
        lw=1.2,
        zorder=5,
        color=paint(styles, "border", "color"),
        linestyle=(0, (4, 2.5)),
    )
    _context_labels(ax, cat, h, view, lang)
    _places(ax, cat, h, lang)
    _frame(ax, view, lang, t)


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
    for row in _touching(cat.countries, view):
        room = row["geometry"].intersection(area).difference(taken)
        if not room.is_empty and room.area > 0.08 * area.area:
            name = tr(row, "name", lang).upper()
            x, y = _keep_inside(ax, view, _inner_point(room), name, font(9))
            country = paint(cat.styles, "label", "country")
            _label(ax, x, y, name, 9, color=country, ha="center", va="center", zorder=2.5)
    for row in _touching(cat.lakes, view):
        name = tr(row, "name", lang)
        at = _inner_point(row["geometry"].intersection(area))
        x, y = _keep_inside(ax, view, at, name, font(7.5, "italic"))
        lake = paint(cat.styles, "label", "lake")
        _label(ax, x, y, name, 7.5, style="italic", color=lake, ha="center", va="center")
    town = paint(cat.styles, "basemap", "town")
    for row in _towns(cat, h, view):
        point = row["geometry"]
        ax.plot([point.x], [point.y], "o", color=town, markersize=3, zorder=6)
        _label(ax, point.x, point.y, "  " + tr(row, "name", lang), 7.5, color=town, va="center")


def _places(ax: Axes, cat: Catalog, h: Handout, lang: str) -> None:
    """Event places as dots with bold labels."""
    face, edge = paint(cat.styles, "place", "fill"), paint(cat.styles, "place", "color")
    for place in _shown_places(cat, h):
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


def _frame(ax: Axes, view: Bounds, lang: str, t: Translate) -> None:
    """Degree ticks on the frame and a scale bar in the lower-left corner."""
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _degrees(v, "E", "W")))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _degrees(v, "N", "S")))
    ax.tick_params(labelsize=6, length=3, color=GREY, labelcolor=GREY, pad=1.5)
    for spine in ax.spines.values():
        spine.set_color(GREY)
        spine.set_linewidth(0.8)
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
        color=INK,
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
        color=INK,
        zorder=10,
    )


def draw_qr(ax: Axes, modules: list[list[bool]]) -> None:
    """The QR code as vector squares (one per run of dark modules), crisp in PDF and PNG."""
    size = len(modules)
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < size:
            if row[x]:
                end = x
                while end < size and row[end]:
                    end += 1
                runs.append([(x, y), (end, y), (end, y + 1), (x, y + 1)])
                x = end
            else:
                x += 1
    ax.add_collection(
        PolyCollection(
            runs, facecolors="black", edgecolors="black", linewidths=0.3, antialiaseds=False
        )
    )
    ax.set_xlim(0, size)
    ax.set_ylim(size, 0)
    ax.set_axis_off()
