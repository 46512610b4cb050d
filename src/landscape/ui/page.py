"""The dashboard page: sidebar filter, map and panels, each guarded so that one failure
shows a message instead of a traceback while the rest keeps working."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from landscape import filters, panels
from landscape.catalog import Catalog
from landscape.i18n import Translate, translator
from landscape.mapview.build import build_map
from landscape.mapview.wildlife import cameras_group, classes, detections_group
from landscape.paths import data_dir
from landscape.problems import errors, warnings
from landscape.text import md_escape
from landscape.ui import cache, map_component, sidebar, staff, state, theme
from landscape.ui import panels as panel_ui
from landscape.ui import wildlife as wildlife_ui
from landscape.ui.guard import section
from landscape.wildlife import figures, grid


def data_problems(cat: Catalog, t: Translate) -> None:
    """Errors in the data files, named by file and feature, above everything else."""
    found = errors(list(cat.problems))
    if not found:
        return
    with st.expander(
        t("problems.title", errors=len(found), warnings=len(warnings(list(cat.problems)))),
        expanded=True,
        icon="⚠️",
    ):
        st.caption(md_escape(t("problems.help")))
        st.code("\n".join(p.line() for p in found), language=None, wrap_lines=True)


def _picked(view: Catalog, clicked: dict[str, float] | None) -> tuple[str, str] | None:
    """The park or place of the latest click, unless the visitor cleared that click."""
    if not clicked or st.session_state.get("cleared_click") == clicked:
        return None
    return panels.pick(view, clicked["lat"], clicked["lng"])


def render() -> None:
    directory = data_dir()
    full = cache.catalog(directory)
    view_state = state.read(full)
    lang = view_state.lang
    t = translator(full.ui, lang)
    fallback = t("app.error")
    cache.static_assets()
    theme.apply()
    st.title(t("app.title"))
    st.caption(md_escape(t("app.caption")))
    data_problems(full, t)
    is_staff = False
    with section("staff", fallback):
        is_staff = staff.unlocked(t)
    # From here on only what this viewer may receive: generalised unless staff.
    cat = cache.shown_catalog(directory, is_staff)

    chosen: list[str] = []
    with section("filter", fallback):
        chosen = sidebar.project_filter(cat, view_state, t)
    view = filters.by_projects(cat, chosen)
    wild, display = figures.WildlifeFilter(), wildlife_ui.Display("grid", "records")
    with section("wildlife-filter", fallback):
        wild, display = wildlife_ui.sidebar(cat, lang, t)
    view = figures.apply(view, wild)

    map_col, panel_col = st.columns([5, 3], gap="medium")
    clicked = None
    with map_col, section("map", fallback):
        step = grid.STAFF_STEP if is_staff else grid.PUBLIC_STEP
        cells = grid.cells(view.observations, view.deployments, step)
        values = cells["records"] if display.measure == "records" else cells["rate"]
        found = classes(values, display.measure)
        extra = [
            cameras_group(view, t),
            detections_group(view, cells, display.mode, display.measure, found, t),
        ]
        parts = build_map(cat, view, lang, view_state.basemap, t, extra)
        clicked = map_component.show(parts)
        if display.mode == "grid" and not cells.empty:
            top = float(pd.to_numeric(values, errors="coerce").max() or 0)
            wildlife_ui.map_legend(found, top, step, display.measure, t)
    with map_col, section("wildlife", fallback):
        st.header(t("wildlife.title"), anchor="wildlife")
        wildlife_ui.tab(view, cat, lang, t)
    with panel_col:
        with section("selection", fallback):
            picked = _picked(view, clicked)
            if picked and panel_ui.selection(view, picked, lang, t):
                st.session_state["cleared_click"] = clicked
                st.rerun()
        names = ("projects", "cop14", "parks", "species")
        tabs = dict(zip(names, st.tabs([t(f"tab.{n}") for n in names]), strict=True))
        with tabs["projects"], section("projects", fallback):
            panel_ui.projects_tab(view, lang, t)
        with tabs["cop14"], section("cop14", fallback):
            panel_ui.cop14_tab(cat, view, lang, t)
        with tabs["parks"], section("parks", fallback):
            panel_ui.parks_tab(view, lang, t)
        with tabs["species"], section("species", fallback):
            panel_ui.species_tab(cat, lang, t)
        with section("sources", fallback):
            panel_ui.sources_list(cat, t)
