"""ui.sidebar: what the project filter and the basemap choice start from, before drawing."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from landscape.catalog import load_catalog
    from landscape.paths import BUNDLED_DATA
    from landscape.ui import sidebar
    from landscape.viewstate import ViewState

    cat = load_catalog(BUNDLED_DATA)
    seeded = ViewState(projects=("camca", "no-such-project"))
    st.markdown("projects: " + ",".join(sidebar.first_projects(cat, seeded)))
    st.markdown("basemap: " + sidebar.first_basemap(cat, ViewState(basemap="nope"), "en"))


def test_the_first_projects_are_the_links_known_ones_and_the_basemap_a_listed_one():
    at = AppTest.from_function(_page, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    texts = [m.value for m in at.markdown]
    assert texts[0] == "projects: camca"
    assert texts[1].startswith("basemap: ") and texts[1] != "basemap: nope"
