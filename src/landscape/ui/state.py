"""View state in the URL (contract in DESIGN.md): project (repeatable), lang, basemap."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from landscape.catalog import Catalog
from landscape.filters import split_known
from landscape.i18n import pick_lang


@dataclass(frozen=True)
class ViewState:
    projects: list[str]
    unknown_projects: list[str]
    lang: str
    basemap: str


def read(cat: Catalog) -> ViewState:
    """The state a link asks for; unknown or bad values fall back to defaults."""
    params = st.query_params
    known, unknown = split_known(cat, params.get_all("project"))
    basemap = params.get("basemap", "")
    if basemap not in set(cat.basemaps["id"]):
        basemap = str(cat.basemaps["id"].iloc[0]) if not cat.basemaps.empty else "offline"
    return ViewState(known, unknown, pick_lang(params.get("lang")), basemap)


def write_projects(project_ids: list[str]) -> None:
    """Put the chosen projects in the URL so the view can be shared."""
    if project_ids:
        st.query_params["project"] = project_ids
    elif "project" in st.query_params:
        del st.query_params["project"]
