"""Fitting text to the page: font metrics, line wrapping, and the plan of every text block.

`plan` wraps the handout's text at one type scale and says how much height that leaves for
the map; `page.render` tries smaller scales, then fewer facts and sources, until the map fits.
Widths come from DejaVu Sans as shipped with matplotlib (Cyrillic incl. Kazakh and Kyrgyz).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib.font_manager import FontProperties, get_font
from matplotlib.ft2font import LoadFlags

from landscape.handout.inks import Inks, inks_of
from landscape.handout.model import Handout, Measure
from landscape.handout.sizes import (
    COL_CITE,
    COL_LABEL,
    LEADING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    TICK_ROOM,
)
from landscape.i18n import Translate

_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
_FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "mono": "DejaVuSansMono.ttf",
}
FactRow = tuple[list[str], list[str], list[str]]  # a fact's label, value and cite, wrapped


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
class Style:
    """Type sizes, fonts and inks at one scale."""

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
    inks: Inks = field(default_factory=lambda: inks_of({}))  # the bundled ones unless given

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
class Plan:
    """Every text block wrapped, with the map height that leaves the page."""

    head: list[tuple[str, list[str]]]
    notes: list[str]
    rows: list[FactRow]
    sources: list[list[str]]
    map_h: float


def plan(h: Handout, st: Style, t: Translate, facts: int, sources: int) -> Plan:
    """Wrap everything at this scale, keeping the first `facts` facts and `sources` sources."""
    width = PAGE_W - 2 * MARGIN_X
    value_w = width - COL_LABEL - COL_CITE - 0.2
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
            st.wrap("label", label, COL_LABEL - 0.1, 3),
            st.wrap("value", value, value_w, 8),
            st.wrap("cite", cite, COL_CITE, 3),
        )
        for label, value, cite in kept
    ]
    listed = [st.wrap("source", s, width - 0.15, 3) for s in h.sources[:sources]]
    if sources < len(h.sources):
        listed.append([t("handout.more", n=len(h.sources) - sources)])
    result = Plan(head, notes, rows, listed, map_h=0.0)
    result.map_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - _fixed_height(result, st)
    return result


def _fixed_height(plan: Plan, st: Style) -> float:
    """Height of everything on the page but the map."""
    head = sum(len(lines) * st.line(kind) for kind, lines in plan.head) + 0.18
    notes = len(plan.notes) * st.line("note") + TICK_ROOM + 0.05
    rows = sum(row_height(r, st) for r in plan.rows) + st.line("heading") + 0.2
    listed = sum(len(s) for s in plan.sources) * st.line("source") + st.line("heading") + 0.2
    footer = 2 * st.line("footer") + 0.15
    return head + 0.12 + notes + rows + listed + footer


def row_height(row: FactRow, st: Style) -> float:
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
