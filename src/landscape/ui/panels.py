"""The panels beside the map: layout only; the content comes from landscape.panels, each
figure keyed by the tables it reads (ui/cache.py)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import streamlit as st

from landscape import content, panels
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.memo import per_table
from landscape.text import md_escape
from landscape.ui import cache, tables

TABS = ("projects", "cop14", "parks", "species", "mett")  # the panel tabs, in order
OPEN = "panel_tab"  # session state: the id of the open tab, kept across languages
DEFAULT = "panel_tab_default"  # session state: each live tabs widget's default label


def tab_key(lang: str) -> str:
    """The tabs' widget key: one per language, as their labels are."""
    return f"{OPEN}_{lang}"


def tabs(lang: str, t: Translate) -> dict[str, Any]:
    """The panel tabs; only the open one's content is drawn (the others are containers that
    stay empty until the visitor opens them, which reruns the script).

    A page draws about half as many elements so: each costs Streamlit time on every run, and
    with twenty sessions on one server that time was most of theirs (a profile of the server).
    The open tab survives a change of language.
    """
    labels = {name: t(f"tab.{name}") for name in TABS}
    opened = st.session_state.get(OPEN, TABS[0])
    key = tab_key(lang)
    # `default` is part of the widget's identity: a new default is a new widget, which drops
    # the visitor's next click. So it is chosen once, when this language's tabs are made,
    # and kept while they live (their state is gone once a run leaves them out).
    if key not in st.session_state or DEFAULT not in st.session_state:
        st.session_state[DEFAULT] = {}
    kept = st.session_state[DEFAULT].get(key)
    if key not in st.session_state or kept not in labels.values():  # new tabs, or new labels
        st.session_state[DEFAULT][key] = labels.get(opened, labels[TABS[0]])
    default = st.session_state[DEFAULT][key]
    made = dict(
        zip(
            TABS,
            st.tabs(list(labels.values()), key=key, default=default, on_change="rerun"),
            strict=True,
        )
    )
    # remembered for the next run: a new language makes new tabs, opened at this one
    st.session_state[OPEN] = next((name for name, tab in made.items() if tab.open), TABS[0])
    return made


def _value(text: str, t: Translate) -> str:
    """Markdown for one value: literal text, or the marked gap."""
    if text == t("gap.text"):
        return f":orange[*{md_escape(text)}*]"
    return md_escape(text)


def _sources(items: list[str], t: Translate) -> None:
    if items:
        st.caption(f"{md_escape(t('popup.source'))}: " + "; ".join(md_escape(s) for s in items))


def projects_tab(view: Catalog, lang: str, t: Translate) -> None:
    # few elements per card: each costs Streamlit time on every run (see `tabs`)
    for card in cache.figure(panels.project_cards, view, lang, t):
        with st.container(border=True):
            st.markdown(f"#### {md_escape(card['title'])}")
            if card["full_title"] and card["full_title"] != card["title"]:
                st.caption(md_escape(card["full_title"]))
            body = [_value(card["summary"], t)]
            for key in ("implementer", "partners", "period", "parks"):
                body.append(f"**{md_escape(t('projects.' + key))}:** {_value(card[key], t)}")
            if card["events"]:
                body.append(f"**{md_escape(t('projects.events'))}:**")
                body.append("\n".join(f"- {md_escape(e)}" for e in card["events"]))
            st.markdown("\n\n".join(body))
            _sources(card["sources"], t)


def cop14_tab(cat: Catalog, view: Catalog, lang: str, t: Translate) -> None:
    for slogan in cache.figure(panels.statements, cat, lang, "slogan"):
        st.markdown(f"### “{md_escape(slogan['text'])}”")
        _sources(slogan["sources"], t)
    for text in cache.figure(panels.statements, cat, lang, "text"):
        st.markdown(md_escape(text["text"]))
        _sources(text["sources"], t)
    st.markdown(f"#### {md_escape(t('cop14.figures'))}")
    for fig in cache.figure(panels.figures, cat, lang):
        st.markdown(f"**{md_escape(fig['value'])}** — {md_escape(fig['label'])}")
        _sources(fig["sources"], t)
    st.markdown(f"#### {md_escape(t('cop14.timeline'))}")
    for event in cache.figure(panels.timeline, view, lang, t):
        with st.container(border=True):
            when = event["when"] if event["dated"] else f"*{event['when']}*"
            lines = [
                f"**{md_escape(when) if event['dated'] else _value(when, t)}** · "
                f"{md_escape(event['kind'])}",
                f"**{md_escape(event['title'])}**",
                f"{md_escape(t('cop14.organisers'))}: {_value(event['organisers'], t)} · "
                f"{md_escape(t('cop14.place'))}: {_value(event['place'], t)}",
                f"{md_escape(t('cop14.role'))}: {_value(event['role'], t)}",
            ]
            st.markdown("\n\n".join(lines))
            _sources(event["sources"], t)


def parks_tab(view: Catalog, lang: str, t: Translate) -> None:
    st.table(cache.figure(panels.park_facts, view, lang, t))
    st.caption(md_escape(t("parks.area_note")))


def species_tab(cat: Catalog, lang: str, t: Translate) -> None:
    tables.static(tables.arrow(panels.species_table, cat, lang, t))
    cited = cache.figure(panels.sensitivity_sources, cat, lang)
    if cited:
        st.caption(md_escape(t("species.sensitivity_sources", sources="; ".join(cited))))


# An address shown as a link: http(s), and nothing that could end a Markdown link early.
_LINKABLE = re.compile(r"^https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+$")


def _link(url: str) -> str:
    return f"[{md_escape(url)}]({url})" if _LINKABLE.match(url) else md_escape(url)


@per_table  # drawn on every run, from a table that stays the same
def _source_lines(sources: pd.DataFrame, lang: str, labels: tuple[str, str, str]) -> str:
    """One paragraph per source: id, title, publisher, then year and link, an unknown one as
    the marked gap (a viewer who follows "[KG]" sees what is missing, not nothing).
    `labels`: the gap's text and the words for year and link."""
    gap, year_word, link_word = labels
    marked = f":orange[*{md_escape(gap)}*]"
    lines = []
    for entry in content.source_entries(sources, lang, gap):
        parts = [f"**[{md_escape(entry['id'])}]** {md_escape(entry['title'])}"]
        if entry["publisher"]:
            parts.append(md_escape(entry["publisher"]))
        year = marked if "year" in entry["gaps"] else md_escape(entry["year"])
        link = marked if "url" in entry["gaps"] else _link(entry["url"])
        parts += [f"{md_escape(year_word)}: {year}", f"{md_escape(link_word)}: {link}"]
        lines.append(" · ".join(parts))
    return "\n\n".join(lines)


def sources_list(cat: Catalog, t: Translate) -> None:
    labels = (t("gap.text"), t("sources.year"), t("sources.link"))
    with st.expander(t("sources.title")):
        st.markdown(_source_lines(cat.sources, t.lang, labels))  # one element


def selection(view: Catalog, picked: tuple[str, str], lang: str, t: Translate) -> bool:
    """The selected park or place; returns True when the visitor clears it."""
    details: dict[str, Any] | None = panels.selection_details(view, *picked, lang, t)
    if details is None:
        return False
    with st.container(border=True):
        st.caption(md_escape(t("selection.title")))
        st.markdown(f"#### {md_escape(details['title'])}")
        if details.get("facts") is not None:
            st.table(details["facts"])
        if details.get("description"):
            st.markdown(md_escape(details["description"]))
        if details["related"]:
            st.markdown("\n".join(f"- {md_escape(r)}" for r in details["related"]))
        return st.button(t("selection.clear"), key="clear_selection")
