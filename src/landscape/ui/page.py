"""The dashboard page. One page for every mode: presentation mode is a state the page reads
(the tour bar instead of the title, sidebar and panels), never a second copy. Each part is
guarded so that one failure shows a message instead of a traceback while the rest works.

Map first: a session's first run draws the title and the map alone, for the view its link
asks for; the filters and panels come in the run that follows once the map has loaded
(`map_component.reported`). Streamlit's frontend mounts the map's frame only after it has
loaded the code of every kind of element on the page, so drawing them with the map delays
the map by seconds (benchmarks: first paint 5.5 s with everything, 2.4 s map first, 2.2 s
for a page with one map and nothing else). Both runs give the map the same place in the
page, so it is not drawn twice.

This module only lays the page out: the map is composed in `ui/map.py`, the wildlife filters
are `ui/wildlife_filters.py`, the panels `ui/panels.py` and `ui/wildlife.py`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from landscape import maptext, panels, tour
from landscape.catalog import Catalog
from landscape.display import Display
from landscape.i18n import Translate, translator
from landscape.mapview import frame as frames
from landscape.paths import data_dir
from landscape.problems import errors, warnings
from landscape.schema import TOUR_LAYERS
from landscape.text import md_escape
from landscape.ui import (
    cache,
    map_component,
    present,
    share,
    sidebar,
    staff,
    state,
    theme,
    wildlife_filters,
)
from landscape.ui import maptext as maptext_ui
from landscape.ui import mett as mett_ui
from landscape.ui import panels as panel_ui
from landscape.ui import patrols as patrols_ui
from landscape.ui import wildlife as wildlife_ui
from landscape.ui.guard import section
from landscape.ui.map import MapRequest, draw_map

# the map's names, importable from here as before the map had its own module
from landscape.ui.map import RenderedMap as RenderedMap
from landscape.ui.map import render_base as render_base
from landscape.ui.map import render_map as render_map
from landscape.viewstate import ViewState
from landscape.wildlife import figures, grid
from landscape.wildlife.figures import WildlifeFilter


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


def presentation(full: Catalog, seeded: ViewState, lang: str, t: Translate) -> None:
    """The tour: the bar on top, the map filling the rest; public data only."""
    fallback = t("app.error")
    cat = cache.shown_catalog(data_dir(), False)
    steps = tour.steps(full, lang)
    if not steps:
        present.empty(t)
        return
    seconds = tour.steps(full, seeded.lang2) if seeded.lang2 else None
    number = present.current_step(len(steps), seeded)
    step = steps[number - 1]
    _, view = cache.view(data_dir(), False, tuple(step.projects))
    wild = bool({"cameras", "detections", "patrols"} & set(step.layers))
    with section("tour", fallback):
        synthetic = wild and figures.synthetic_shown(view)
        present.bar(full, steps, seconds, number, seeded, synthetic, lang, t)
    vs = dataclasses.replace(seeded, lang=lang, step=number, projects=step.projects)
    with section("map", fallback):
        request = MapRequest(step.layers, frames.for_step(step, view, lang, t), large=True)
        display = Display(patrols=True)
        draw_map(cache.view_key(data_dir(), False), cat, view, vs, display, False, request, t)
    state.write(dataclasses.replace(vs, projects=()), full)


def heading(full: Catalog, t: Translate, controls: Callable[[], None] | None = None) -> None:
    """The title row: title and caption, and beside them the language switch and "Present"
    (`controls`; None leaves their place empty, as the map-first run does). The row has the
    same shape in every run, so the map after it keeps its place and is not drawn again."""
    title_col, control_col = st.columns(TITLE_COLUMNS, vertical_alignment="center")
    with title_col:
        st.title(t("app.title"))
        st.caption(md_escape(t("app.caption")))
    with control_col:
        if controls is None:
            st.empty()
        else:
            controls()
    data_problems(full, t)


def controls(full: Catalog, vs: ViewState, t: Translate) -> None:
    """The language switch and the way into presentation mode, in sight on every screen."""
    sidebar.language(t("lang.label"))
    share.present_button(full, vs, t)


TITLE_COLUMNS = [5, 2]
# The map is the product: with the sidebar closed it has about 55 % of a 1280×800 screen.
MAP_COLUMNS: dict[str, Any] = {"spec": [7, 3], "gap": "medium"}


def map_first(full: Catalog, seeded: ViewState, lang: str, t: Translate) -> None:
    """A session's first run: the title and the public map of the link's view, in the place
    the whole page gives them; the filters and panels follow once the map has loaded."""
    fallback = t("app.error")
    st.sidebar.caption(t("app.loading"))
    heading(full, t)
    map_col, panel_col = st.columns(**MAP_COLUMNS)
    with map_col, section("map", fallback):
        cat = cache.shown_catalog(data_dir(), False)
        whole_key = cache.view_key(data_dir(), False)
        chosen = tuple(sidebar.first_projects(cat, seeded))
        wild, display = wildlife_filters.first_choice(cat, lang, t, seeded)
        _, view = cache.view(data_dir(), False, chosen, wild)
        vs = dataclasses.replace(seeded, basemap=sidebar.first_basemap(full, seeded, lang))
        vs = dataclasses.replace(vs, lang=lang)
        request = MapRequest(frame=frames.for_projects(cat, view, chosen, lang, t))
        draw_map(whole_key, cat, view, vs, display, False, request, t)
    with panel_col:
        st.caption(t("app.loading"))
        # The map's report reruns the page; should it never come, a click does.
        if st.button(t("app.show_all")):
            st.session_state[map_component.REPORTED] = True
            st.rerun()


@dataclasses.dataclass(frozen=True)
class Choice:
    """What the visitor chose in the filters, and the view it gives: the shown catalog's key
    (`whole_key`), the projects, the wildlife filter and display, and the state of the link."""

    whole_key: str
    projects: tuple[str, ...]
    wild: WildlifeFilter
    display: Display
    view: Catalog
    vs: ViewState


def filters(
    full: Catalog,
    cat: Catalog,
    seeded: ViewState,
    is_staff: bool,
    panel_col: DeltaGenerator,
    lang: str,
    t: Translate,
) -> Choice:
    """The project filter (in `panel_col`, above the panels it filters, in sight), the wildlife
    filters and basemap in the sidebar, and the share panel; the link is written from them."""
    fallback = t("app.error")
    whole_key = cache.view_key(data_dir(), is_staff)
    chosen: list[str] = []
    with panel_col, section("filter", fallback):
        chosen = sidebar.project_filter(cat, seeded, lang, t)
    wild, display = WildlifeFilter(), Display()
    with section("wildlife-filter", fallback):
        wild, display = wildlife_filters.sidebar(cat, lang, t, seeded)
    _, view = cache.view(data_dir(), is_staff, tuple(chosen), wild)
    chosen_basemap = seeded.basemap
    with section("basemap", fallback):
        chosen_basemap = sidebar.basemap(full, seeded, lang, t)
    vs = dataclasses.replace(
        seeded,
        basemap=chosen_basemap,
        lang=lang,
        projects=tuple(chosen),
        wildlife=wild,
        show=display.mode,
        colour=display.measure,
        patrols=display.patrols,
    )
    with section("share", fallback):
        share.panel(full, cache.shown_catalog(data_dir(), False), vs, lang, t)
    state.write(vs, full)
    return Choice(whole_key, tuple(chosen), wild, display, view, vs)


def map_column(
    map_col: DeltaGenerator, cat: Catalog, c: Choice, is_staff: bool, lang: str, t: Translate
) -> dict[str, float] | None:
    """The map and, right under it, the map as text; returns the latest click."""
    fallback = t("app.error")
    clicked = None
    with map_col, section("map", fallback):
        request = MapRequest(frame=frames.for_projects(cat, c.view, c.projects, lang, t))
        clicked = draw_map(c.whole_key, cat, c.view, c.vs, c.display, is_staff, request, t)
    with map_col, section("map-text", fallback):  # the map as text, right under it
        step = grid.STAFF_STEP if is_staff else grid.PUBLIC_STEP
        d = c.display
        shown = maptext.Layers(TOUR_LAYERS, d.mode, d.measure, d.patrols, step)
        maptext_ui.panel(cat, c.view, shown, lang, t)
    return clicked


def panel_column(
    cat: Catalog,
    c: Choice,
    clicked: dict[str, float] | None,
    is_staff: bool,
    lang: str,
    t: Translate,
) -> None:
    """What was clicked on the map, the open tab of the panels, and the sources."""
    fallback, view = t("app.error"), c.view
    with section("selection", fallback):
        picked = _picked(view, clicked)
        if picked and panel_ui.selection(view, picked, lang, t):
            st.session_state["cleared_click"] = clicked
            st.rerun()
    # the content panels change with the projects only, not with the wildlife filters
    _, about = cache.view(data_dir(), is_staff, c.projects)
    draw: dict[str, Callable[[], None]] = {
        "projects": lambda: panel_ui.projects_tab(about, lang, t),
        "cop14": lambda: panel_ui.cop14_tab(cat, about, lang, t),
        "parks": lambda: panel_ui.parks_tab(about, lang, t),
        "species": lambda: panel_ui.species_tab(cat, lang, t),
        "mett": lambda: mett_ui.tab(cat, view, lang, t),
    }
    for name, tab in panel_ui.tabs(lang, t).items():
        if tab.open:  # only the open tab is drawn (panel_ui.tabs)
            with tab, section(name, fallback):
                draw[name]()
    with section("sources", fallback):
        panel_ui.sources_list(cat, t)


def dashboard(full: Catalog, seeded: ViewState, lang: str, t: Translate) -> None:
    """Title, filters, map and panels."""
    fallback = t("app.error")
    heading(full, t, lambda: controls(full, dataclasses.replace(seeded, lang=lang), t))
    is_staff = False
    with section("staff", fallback):
        is_staff = staff.unlocked(t)
    # From here on only what this viewer may receive: generalised unless staff.
    cat = cache.shown_catalog(data_dir(), is_staff)
    map_col, panel_col = st.columns(**MAP_COLUMNS)
    c = filters(full, cat, seeded, is_staff, panel_col, lang, t)
    clicked = map_column(map_col, cat, c, is_staff, lang, t)
    with panel_col:
        panel_column(cat, c, clicked, is_staff, lang, t)
    # Under the map and the panels, the whole width: on a phone the panels come right after
    # the map, so a tap on a park shows its panel on the next screen, not six screens down.
    # The figures are keyed by the tables they read, so equal wildlife is computed once.
    with section("wildlife", fallback):
        st.header(t("wildlife.title"), anchor="wildlife")
        wildlife_ui.tab(c.view, cat, lang, t)
    with section("patrols", fallback):
        patrols_ui.panel(c.view, cat, lang, t)


def render() -> None:
    cache.tune_collector()
    cache.begin_run()  # the data files are looked at once per run, then every cache uses that
    full = cache.catalog(data_dir())
    seeded = state.from_url(full, cache.catalog_key(data_dir()))
    lang = state.lang(seeded)
    t = translator(full.ui, lang)
    cache.static_assets()
    theme.apply(seeded.presenting, lang, t, full.styles)
    if seeded.presenting:
        presentation(full, seeded, lang, t)
    elif not map_component.reported():
        map_first(full, seeded, lang, t)
        return  # the widgets are seeded in the next run, when they are drawn
    else:
        dashboard(full, seeded, lang, t)
    state.done_seeding()
