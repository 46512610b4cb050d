"""The view state between the URL and the widgets: read once per session, written on change.

The widgets own their values in st.session_state (keys below); a link only seeds them when a
session starts, so the visitor's later choices are never overwritten by the old URL.
"""

from __future__ import annotations

import streamlit as st

from landscape.catalog import Catalog
from landscape.text import LANGS
from landscape.ui import cache
from landscape.viewstate import ViewState, as_dict, parse, to_params

SEEDED = "url_seeded"
LANG = "lang"
LANG2 = "lang2"
STEP = "tour_step"


def from_url(cat: Catalog, key: str) -> ViewState:
    """The state the current URL asks for; `key` names the catalog `cat` (parsing checks the
    link's species against every record, so it is kept per link and data)."""
    params = {name: st.query_params.get_all(name) for name in sorted(st.query_params)}
    return cache.figure(key, parse, params, cat)


def seed(keys: dict[str, object]) -> None:
    """Give widgets their values from the link, once per session."""
    if st.session_state.get(SEEDED):
        return
    for key, value in keys.items():
        st.session_state.setdefault(key, value)


def lang(seeded: ViewState) -> str:
    """The language of this run: the switch's value, seeded from the link."""
    seed({LANG: seeded.lang})
    chosen = st.session_state.get(LANG)
    return chosen if chosen in LANGS else seeded.lang


def done_seeding() -> None:
    st.session_state[SEEDED] = True


def write(state: ViewState, cat: Catalog) -> None:
    """Put the state in the URL when it differs, so the address bar is always a share link."""
    wanted = as_dict(to_params(state, cat))
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
