"""The map's text alternative under the map: a list, collapsed, of what the map shows (the
content comes from landscape.maptext). The page's script (theme.py) names the map's frame
and makes the skip link before the map lead here."""

from __future__ import annotations

import streamlit as st

from landscape import maptext
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.text import md_escape
from landscape.ui import cache

KEY = "map_text"  # the expander's key: its element carries the class st-key-map_text


def markdown(sections: list[maptext.Section]) -> str:
    """One Markdown list per section under its name in bold; every text escaped."""
    parts = []
    for section in sections:
        lines = "\n".join(f"- {md_escape(item)}" for item in section.items)
        parts.append(f"**{md_escape(section.title)}**\n\n{lines}")
    return "\n\n".join(parts)


def panel(whole: Catalog, view: Catalog, layers: maptext.Layers, lang: str, t: Translate) -> None:
    """The list for `view` (`whole`: the viewer's shown catalog)."""
    sections = cache.figure(maptext.describe, whole, view, layers, lang, t)
    with st.expander(t("maptext.title"), key=KEY):
        st.markdown(markdown(sections))  # one element
