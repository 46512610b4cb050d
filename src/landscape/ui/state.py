"""The view state between the URL and the widgets: read once per session, written on change.

The widgets own their values in st.session_state (keys below); a link only seeds them when a
session starts, so the visitor's later choices are never overwritten by the old URL.
"""

from __future__ import annotations

import streamlit as st

from landscape.catalog import Catalog
from landscape.text import LANGS
from landscape.viewstate import ViewState, as_dict, parse, to_params

SEEDED = "url_seeded"
PARSED = "url_parsed"  # session state: the last link read, its catalog's key and its state
LANG = "lang"
LANG2 = "lang2"
STEP = "tour_step"


def from_url(cat: Catalog, key: str) -> ViewState:
    """The state the current URL asks for; `key` names the catalog `cat`.

    Parsing checks the link's species against every record, so the state is kept while the
    link and the data stay the same; kept in this session, not in the cache every session
    shares: a link is text the visitor wrote, and anyone could fill that cache with links.
    """
    params = {name: st.query_params.get_all(name) for name in sorted(st.query_params)}
    read = (key, params)
    kept = st.session_state.get(PARSED)
    if kept is not None and kept[0] == read:
        return kept[1]
    parsed = parse(params, cat)
    st.session_state[PARSED] = (read, parsed)
    return parsed


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
