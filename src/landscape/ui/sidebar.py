"""The controls every visitor uses: the language switch, the project filter, the basemap."""

from __future__ import annotations

import streamlit as st

from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.text import ENDONYMS, LANGS, md_escape, tr_by_id
from landscape.ui import state
from landscape.viewstate import ViewState

KEY = "project_filter"
# Each language named in itself, so a visitor finds theirs whatever is shown now.


def language(label: str) -> None:
    """A switch of the four languages (its value: state.lang)."""
    st.segmented_control(
        label,
        LANGS,
        format_func=lambda code: ENDONYMS[code],
        key=state.LANG,
        required=True,
        label_visibility="collapsed",
    )


def _basemaps(cat: Catalog, seeded: ViewState, lang: str) -> dict[str, str]:
    """The basemaps by id, with the switch's value seeded from the link and kept valid."""
    names = tr_by_id(cat.basemaps, "name", lang)
    if names:
        state.seed({"basemap": seeded.basemap})
        if st.session_state.get("basemap") not in names:
            st.session_state["basemap"] = next(iter(names))
    return names


def first_basemap(cat: Catalog, seeded: ViewState, lang: str) -> str:
    """What `basemap` will return once drawn, without drawing it."""
    names = _basemaps(cat, seeded, lang)
    return str(st.session_state["basemap"]) if names else seeded.basemap


def basemap(cat: Catalog, seeded: ViewState, lang: str, t: Translate) -> str:
    """The basemap, kept in the link (the map's layer control switches it too, for a moment)."""
    names = _basemaps(cat, seeded, lang)
    if not names:
        return seeded.basemap
    chosen = st.sidebar.selectbox(
        t("share.basemap"), list(names), format_func=lambda b: names[b], key="basemap"
    )
    return str(chosen)


def first_projects(cat: Catalog, seeded: ViewState) -> list[str]:
    """What `project_filter` will return once drawn, without drawing it."""
    state.seed({KEY: list(seeded.projects)})
    known = set(cat.projects["id"])
    return [c for c in st.session_state[KEY] if c in known]


def project_filter(cat: Catalog, seeded: ViewState, lang: str, t: Translate) -> list[str]:
    """A multiselect of projects, drawn where the caller is (above the panels); returns the
    chosen ids (empty means all)."""
    titles = tr_by_id(cat.projects, "title", lang)
    state.seed({KEY: list(seeded.projects)})
    chosen = st.multiselect(
        t("filter.label"),
        options=list(titles),
        format_func=lambda pid: titles.get(pid, pid),
        key=KEY,
        help=t("filter.help"),
        placeholder=t("filter.showing_all"),
    )
    if seeded.unknown_projects:
        ids = ", ".join(seeded.unknown_projects)
        st.info(md_escape(t("filter.unknown", ids=ids)))
    return [c for c in chosen if c in titles]
