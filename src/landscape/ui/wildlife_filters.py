"""The wildlife filters in the sidebar: species, dates, parks, sources, and how the map shows
them (a display mode, the grid's measure, patrol coverage), as a `WildlifeFilter` and a
`Display`. The widgets are seeded from the link when a session starts; `chosen` reads them
the same whether they are drawn or not (a session's first run draws the map alone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from landscape import display
from landscape.catalog import Catalog
from landscape.display import Display
from landscape.i18n import Translate
from landscape.text import tr_by_id
from landscape.ui import cache, state
from landscape.viewstate import ViewState
from landscape.wildlife import figures
from landscape.wildlife.figures import OUTSIDE, WildlifeFilter


def _multiselect(label: str, options: dict[str, str], key: str, placeholder: str) -> None:
    st.sidebar.multiselect(
        label,
        options=list(options),
        format_func=lambda k: options.get(k, k),
        key=key,
        placeholder=placeholder,
    )


def _seed(span: tuple[dt.date, dt.date] | None, seeded: ViewState) -> None:
    """The widgets' first values in a session: what the link asks for."""
    w = seeded.wildlife
    keys: dict[str, object] = {
        "wl_species": list(w.species),
        "wl_parks": list(w.parks),
        "wl_sources": list(w.datasets),
        "wl_mode": seeded.show,
        "wl_measure": seeded.colour,
        "wl_patrols": seeded.patrols,
    }
    if span is not None and span[0] < span[1]:
        low = min(max(w.start or span[0], span[0]), span[1])
        high = max(min(w.end or span[1], span[1]), low)
        keys["wl_dates"] = (low, high)
    state.seed(keys)


@dataclass(frozen=True)
class Options:
    """What the wildlife filters offer for the shown catalog."""

    species: dict[str, str]
    span: tuple[dt.date, dt.date] | None  # None: too few dates for a range
    parks: dict[str, str]
    sources: dict[str, str]
    patrols: bool  # whether the patrol coverage switch is there


def _options(cat: Catalog, lang: str, t: Translate) -> Options:
    span = cache.figure(figures.date_span, cat)
    names = figures.species_names(cat, lang)
    present = cache.figure(figures.species_present, cat)
    parks = tr_by_id(cat.parks, "name", lang)
    if cache.figure(figures.any_outside, cat):
        parks[OUTSIDE] = t("wildlife.outside")
    return Options(
        species={s: f"{names[s]} ({s})" if s in names else s for s in present},
        span=span if span is not None and span[0] < span[1] else None,
        parks=parks,
        sources=dict(zip(cat.datasets["id"], cat.datasets["title"], strict=True)),
        patrols=not cat.patrols.empty,
    )


def chosen(values: Mapping[str, Any], o: Options) -> tuple[WildlifeFilter, Display]:
    """The filter and display that the widgets' `values` (session state) stand for: the same
    whether the widgets are drawn or not (a session's first run draws the map alone)."""

    def known(name: str, options: dict[str, str]) -> tuple[str, ...]:
        return tuple(c for c in values.get(name, ()) if c in options)

    start = end = None
    if o.span is not None:
        low, high = values.get("wl_dates", o.span)
        start = None if low == o.span[0] else low
        end = None if high == o.span[1] else high
    mode = values.get("wl_mode", display.DEFAULT_MODE)
    measure = values.get("wl_measure", display.DEFAULT_MEASURE)
    measure = measure if mode == display.GRID else display.DEFAULT_MEASURE
    filters = WildlifeFilter(
        known("wl_species", o.species),
        start,
        end,
        known("wl_parks", o.parks),
        known("wl_sources", o.sources),
    )
    return filters, Display(mode, measure, o.patrols and bool(values.get("wl_patrols")))


def _seeded_options(cat: Catalog, lang: str, t: Translate, seeded: ViewState) -> Options:
    """The options, with the widgets' values seeded from the link when a session starts."""
    o = _options(cat, lang, t)
    _seed(o.span, seeded)
    if o.span is not None:
        st.session_state.setdefault("wl_dates", o.span)
    return o


def first_choice(
    cat: Catalog, lang: str, t: Translate, seeded: ViewState
) -> tuple[WildlifeFilter, Display]:
    """What `sidebar` will return once drawn, without drawing it."""
    if cat.datasets.empty:
        return WildlifeFilter(), Display()
    return chosen(st.session_state, _seeded_options(cat, lang, t, seeded))


def sidebar(
    cat: Catalog, lang: str, t: Translate, seeded: ViewState
) -> tuple[WildlifeFilter, Display]:
    """The wildlife filters of the shown catalog `cat`; all empty (everything shown) when there
    is no wildlife data."""
    if cat.datasets.empty:
        return WildlifeFilter(), Display()
    o = _seeded_options(cat, lang, t, seeded)
    st.sidebar.subheader(t("wildlife.filters"))
    _multiselect(t("wildlife.species"), o.species, "wl_species", t("wildlife.all_species"))
    if o.span is not None:
        st.sidebar.slider(
            t("wildlife.dates"), min_value=o.span[0], max_value=o.span[1], key="wl_dates"
        )
    _multiselect(t("wildlife.parks"), o.parks, "wl_parks", t("wildlife.all_parks"))
    _multiselect(t("wildlife.sources"), o.sources, "wl_sources", t("wildlife.all_sources"))
    mode = st.sidebar.radio(
        t("wildlife.display"),
        display.MODES,
        format_func=lambda m: t(f"wildlife.mode_{m}"),
        horizontal=True,
        key="wl_mode",
    )
    if mode == display.GRID:
        st.sidebar.radio(
            t("wildlife.colour_by"),
            display.MEASURES,
            format_func=lambda m: t(f"wildlife.by_{m}"),
            key="wl_measure",
        )
    if o.patrols:  # a second grid: off until asked for, so the two never overlap
        st.sidebar.toggle(
            t("wildlife.patrols_toggle"), key="wl_patrols", help=t("map.patrols_note")
        )
    return chosen(st.session_state, o)
