"""The page's blocks: text placed top-down, and the column beside the map (legend, QR code).

Positions are in inches from the top-left corner of the page; every data string is drawn
with `parse_math=False`, so a `$` in a name stays a dollar sign.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from landscape.handout.fit import Plan, Style, row_height
from landscape.handout.sizes import (
    COL_CITE,
    COL_LABEL,
    LEGEND_GAP,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    QR_GAP,
    QR_SIZE,
    SIDE_W,
)
from landscape.i18n import Translate

LegendItem = tuple[dict[str, Any], str]  # how the key is drawn, and its label


class Page:
    """Text blocks placed top-down, in inches from the top-left corner of the page."""

    def __init__(self, fig: Figure, st: Style) -> None:
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
            **{"color": self.st.inks.ink, **kw},
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
                color=self.st.inks.light,
                lw=0.6,
            )
        )

    def head(self, plan: Plan, accent: str) -> None:
        """Kicker, title and subtitle, then a rule."""
        ink = self.st.inks
        colours = {"kicker": accent, "title": ink.ink, "subtitle": ink.grey}
        for kind, lines in plan.head:
            self.lines(kind, lines, MARGIN_X, color=colours[kind])
        self.y += 0.08
        self.rule(self.y)
        self.y += 0.12

    def facts(self, plan: Plan, t: Translate) -> None:
        """'Key facts': label, value and source of each fact, one row each."""
        self.y += 0.1
        self.lines("heading", [t("handout.key_facts")], MARGIN_X)
        cite_x, ink = PAGE_W - MARGIN_X - COL_CITE, self.st.inks
        heading = self.y - self.st.line("heading") + 0.04
        self.text(cite_x, heading, t("handout.source"), "cite", color=ink.grey)
        for label, value, cite in plan.rows:
            top = self.y + 0.03
            self.rule(top - 0.02)
            for lines, kind, x, tint in (
                (label, "label", MARGIN_X, ink.grey),
                (value, "value", MARGIN_X + COL_LABEL, ink.ink),
                (cite, "cite", cite_x, ink.grey),
            ):
                for i, line in enumerate(lines):
                    self.text(x, top + i * self.st.line(kind), line, kind, color=tint)
            self.y += row_height((label, value, cite), self.st)

    def sources(self, plan: Plan, t: Translate) -> None:
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
            self.text(MARGIN_X, y, line, "footer", color=self.st.inks.grey)
            y += self.st.line("footer")


class Side:
    """The column beside the map: the legend, then the QR code, its caption and the URL."""

    def __init__(self, fig: Figure, st: Style, items: list[LegendItem], t: Translate) -> None:
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
        page = Page(self.fig, self.st)
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
        page.lines("url", self._url_lines(url), x, color=self.st.inks.grey)

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
