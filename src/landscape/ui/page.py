"""The dashboard page: sidebar filter, map and panels, each guarded so that one failure
shows a message instead of a traceback while the rest keeps working."""

from __future__ import annotations

import streamlit as st

from landscape import filters, panels
from landscape.catalog import Catalog
from landscape.i18n import Translate, translator
from landscape.mapview.build import build_map
from landscape.paths import data_dir
from landscape.problems import errors, warnings
from landscape.text import md_escape
from landscape.ui import cache, map_component, sidebar, state, theme
from landscape.ui import panels as panel_ui
from landscape.ui.guard import section


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
    cat = cache.catalog(data_dir())
    view_state = state.read(cat)
    lang = view_state.lang
    t = translator(cat.ui, lang)
    fallback = t("app.error")
    cache.static_assets()
    theme.apply()

    st.title(t("app.title"))
    st.caption(md_escape(t("app.caption")))
    data_problems(cat, t)

    chosen: list[str] = []
    with section("filter", fallback):
        chosen = sidebar.project_filter(cat, view_state, t)
    view = filters.by_projects(cat, chosen)

    map_col, panel_col = st.columns([5, 3], gap="medium")
    clicked = None
    with map_col, section("map", fallback):
        parts = build_map(cat, view, lang, view_state.basemap, t)
        clicked = map_component.show(parts)
    with panel_col:
        with section("selection", fallback):
            picked = _picked(view, clicked)
            if picked and panel_ui.selection(view, picked, lang, t):
                st.session_state["cleared_click"] = clicked
                st.rerun()
        tabs = st.tabs([t("tab.projects"), t("tab.cop14"), t("tab.parks"), t("tab.species")])
        with tabs[0], section("projects", fallback):
            panel_ui.projects_tab(view, lang, t)
        with tabs[1], section("cop14", fallback):
            panel_ui.cop14_tab(cat, view, lang, t)
        with tabs[2], section("parks", fallback):
            panel_ui.parks_tab(view, lang, t)
        with tabs[3], section("species", fallback):
            panel_ui.species_tab(cat, lang, t)
        with section("sources", fallback):
            panel_ui.sources_list(cat, t)
