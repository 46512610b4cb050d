"""The sidebar: the project filter, kept in the URL."""

from __future__ import annotations

import streamlit as st

from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.text import md_escape, tr
from landscape.ui import state

KEY = "project_filter"


def project_filter(cat: Catalog, view: state.ViewState, t: Translate) -> list[str]:
    """A multiselect of projects; returns the chosen ids (empty means all)."""
    titles = {row["id"]: tr(row, "title", view.lang) for row in cat.projects.to_dict("records")}
    if KEY not in st.session_state:
        st.session_state[KEY] = view.projects
    chosen = st.sidebar.multiselect(
        t("filter.label"),
        options=list(titles),
        format_func=lambda pid: titles.get(pid, pid),
        key=KEY,
        help=t("filter.help"),
        placeholder=t("filter.showing_all"),
        on_change=lambda: state.write_projects(st.session_state[KEY]),
    )
    if view.unknown_projects:
        st.sidebar.info(md_escape(t("filter.unknown", ids=", ".join(view.unknown_projects))))
    return list(chosen)
