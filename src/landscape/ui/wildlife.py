"""The wildlife filters (sidebar) and the wildlife panel: layout only.

Everything here receives the public (generalised) catalog unless the staff view is unlocked;
the figures come from landscape.wildlife.figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import streamlit as st

from landscape.catalog import Catalog
from landscape.formatting import fmt_int, fmt_number
from landscape.i18n import Translate
from landscape.mapview.wildlife import COLOUR_BY, MODES, Classes
from landscape.text import md_escape, tr
from landscape.ui import state
from landscape.viewstate import ViewState
from landscape.wildlife import figures, privacy
from landscape.wildlife.figures import OUTSIDE, WildlifeFilter


@dataclass(frozen=True)
class Display:
    mode: str
    measure: str
    patrols: bool = False  # patrol coverage on the map


def _multiselect(label: str, options: dict[str, str], key: str, placeholder: str) -> tuple:
    chosen = st.sidebar.multiselect(
        label,
        options=list(options),
        format_func=lambda k: options.get(k, k),
        key=key,
        placeholder=placeholder,
    )
    return tuple(c for c in chosen if c in options)


def _seed(cat: Catalog, seeded: ViewState) -> None:
    """The widgets' first values in a session: what the link asks for."""
    w = seeded.wildlife
    keys: dict[str, object] = {
        "wl_species": list(w.species),
        "wl_parks": list(w.parks),
        "wl_sources": list(w.datasets),
        "wl_mode": seeded.show,
        "wl_measure": seeded.colour,
        "wl_patrols": seeded.patrols,
    }
    span = figures.date_span(cat)
    if span is not None and span[0] < span[1]:
        low = min(max(w.start or span[0], span[0]), span[1])
        high = max(min(w.end or span[1], span[1]), low)
        keys["wl_dates"] = (low, high)
    state.seed(keys)


def sidebar(
    cat: Catalog, lang: str, t: Translate, seeded: ViewState
) -> tuple[WildlifeFilter, Display]:
    """The wildlife filters; all empty (everything shown) when there is no wildlife data."""
    if cat.datasets.empty:
        return WildlifeFilter(), Display("grid", "records")
    _seed(cat, seeded)
    st.sidebar.subheader(t("wildlife.filters"))
    names = figures.species_names(cat, lang)
    present = sorted(cat.observations["species"].dropna().unique())
    species = _multiselect(
        t("wildlife.species"),
        {s: f"{names[s]} ({s})" if s in names else s for s in present},
        "wl_species",
        t("wildlife.all_species"),
    )
    start = end = None
    span = figures.date_span(cat)
    if span is not None and span[0] < span[1]:
        st.session_state.setdefault("wl_dates", span)
        start, end = st.sidebar.slider(
            t("wildlife.dates"), min_value=span[0], max_value=span[1], key="wl_dates"
        )
        start = None if start == span[0] else start
        end = None if end == span[1] else end
    parks = {p["id"]: tr(p, "name", lang) for p in cat.parks.to_dict("records")}
    if cat.observations["park"].isna().any() or cat.deployments["park"].isna().any():
        parks[OUTSIDE] = t("wildlife.outside")
    chosen_parks = _multiselect(t("wildlife.parks"), parks, "wl_parks", t("wildlife.all_parks"))
    sources = {row["id"]: row["title"] for row in cat.datasets.to_dict("records")}
    datasets = _multiselect(t("wildlife.sources"), sources, "wl_sources", t("wildlife.all_sources"))
    mode = st.sidebar.radio(
        t("wildlife.display"),
        MODES,
        format_func=lambda m: t(f"wildlife.mode_{m}"),
        horizontal=True,
        key="wl_mode",
    )
    measure = "records"
    if mode == "grid":
        measure = st.sidebar.radio(
            t("wildlife.colour_by"),
            COLOUR_BY,
            format_func=lambda m: t(f"wildlife.by_{m}"),
            key="wl_measure",
        )
    patrols = False
    if not cat.patrols.empty:  # a second grid: off until asked for, so the two never overlap
        patrols = st.sidebar.toggle(
            t("wildlife.patrols_toggle"), key="wl_patrols", help=t("map.patrols_note")
        )
    filters = WildlifeFilter(species, start, end, chosen_parks, datasets)
    return filters, Display(mode, measure, patrols)


def map_legend(found: Classes, top: float, step: float, measure: str, t: Translate) -> None:
    """The class breaks of the grid, under the map (they change with the filters)."""
    if not found.breaks and top <= 0:
        return
    label = t("wildlife.by_records") if measure == "records" else t("wildlife.by_rate")
    chips = " ".join(
        f'<span style="display:inline-block;width:14px;height:14px;background:{colour};'
        f'border:1px solid #7a4a12;vertical-align:middle"></span> {md_escape(text)}'
        for colour, text in found.labels(top, t.lang)
    )
    heading = md_escape(t("wildlife.legend_title", measure=label, step=f"{step:g}"))
    st.markdown(f"**{heading}:** {chips}", unsafe_allow_html=True)


def _synthetic_banner(view: Catalog, t: Translate) -> None:
    if figures.synthetic_shown(view):
        st.warning(t("wildlife.synthetic_banner"))


def _metrics(view: Catalog, t: Translate) -> None:
    obs = view.observations
    days = view.deployments["camera_days"].sum()
    cols = st.columns(4)
    cols[0].metric(t("wildlife.records"), fmt_int(len(obs), t.lang))
    cols[1].metric(t("wildlife.individuals"), fmt_int(int(obs["count"].sum()), t.lang))
    cols[2].metric(t("wildlife.species_count"), fmt_int(obs["species"].nunique(), t.lang))
    cols[3].metric(t("wildlife.camera_days"), fmt_number(days, 0, t.lang))
    withheld = int((obs["sensitivity"] == privacy.WITHHELD).sum())
    missing = int(obs["lat"].isna().sum()) - withheld
    if missing:
        st.caption(
            f"{md_escape(t('wildlife.without_coordinates'))}: {fmt_int(missing, t.lang)} — "
            f"{md_escape(t('wildlife.without_coordinates_help'))}"
        )


def _species_table(view: Catalog, whole: Catalog, lang: str, t: Translate) -> None:
    table = figures.species_table(view, whole, lang, t("wildlife.outside"))
    if table.empty:
        return
    st.markdown(f"##### {md_escape(t('wildlife.table_title'))}")
    table["name"] = [n or t("wildlife.not_listed") for n in table["name"]]
    shown = table.drop(columns=["known"]).rename(
        columns={
            "name": t("wildlife.col_species"),
            "species": t("wildlife.col_scientific"),
            "iucn": t("wildlife.col_iucn"),
            "cms": t("wildlife.col_cms"),
            "records": t("wildlife.col_records"),
            "individuals": t("wildlife.col_individuals"),
            "parks": t("wildlife.col_parks"),
        }
    )
    order = [t(f"wildlife.col_{c}") for c in ("species", "scientific", "iucn", "cms")]
    order += [t(f"wildlife.col_{c}") for c in ("records", "individuals", "parks")]
    st.dataframe(shown[order], hide_index=True, width="stretch")


def _chart(view: Catalog, lang: str, t: Translate, synthetic: bool) -> None:
    data, unit = figures.over_time(view, lang)
    if data.empty:
        return
    title = t(f"wildlife.time_title_{unit}")
    if synthetic:
        title = f"{title} ({t('wildlife.synthetic')})"
    st.markdown(f"##### {md_escape(title)}")
    axis = "year(period):O" if unit == "year" else "yearmonth(period):T"
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(axis, title=None),
            y=alt.Y("sum(records):Q", title=t("wildlife.records")),
            color=alt.Color("species:N", title=t("wildlife.col_species")),
            tooltip=[
                alt.Tooltip(axis, title=t("wildlife.dates")),
                alt.Tooltip("species:N", title=t("wildlife.col_species")),
                alt.Tooltip("records:Q", title=t("wildlife.records")),
            ],
        )
        .properties(height=300)
    )
    st.altair_chart(chart, width="stretch")


def _effort(view: Catalog, lang: str, t: Translate) -> None:
    outside = t("wildlife.outside")
    effort = figures.effort(view, lang, outside)
    st.markdown(f"##### {md_escape(t('wildlife.effort_title'))}")
    if effort.empty:
        st.caption(md_escape(t("wildlife.no_effort")))
        return
    st.dataframe(
        effort.rename(
            columns={
                "park": t("wildlife.col_park"),
                "deployments": t("wildlife.col_deployments"),
                "camera_days": t("wildlife.col_camera_days"),
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _comparison(view: Catalog, lang: str, t: Translate) -> None:
    rai = figures.rai(view, lang, t("wildlife.outside"))
    labels = [tr(p, "name", lang) for p in view.parks.to_dict("records")]
    if rai.empty or not labels:
        return
    st.markdown(f"##### {md_escape(t('wildlife.compare_title'))}")
    st.caption(md_escape(t("wildlife.rai_formula")))
    wide = figures.comparison(rai, labels, t("wildlife.col_rai"))
    st.dataframe(
        wide.rename(columns={"species": t("wildlife.col_species")}),
        hide_index=True,
        width="stretch",
    )


def _sources(view: Catalog, t: Translate) -> None:
    st.markdown(f"##### {md_escape(t('wildlife.sources'))}")
    for row in view.datasets.to_dict("records"):
        flag = f" — **{md_escape(t('wildlife.synthetic'))}**" if row["synthetic"] else ""
        lines = [f"**{md_escape(row['title'])}**{flag}"]
        for key in ("citation", "licence", "counting"):
            value = row[key] or t("gap.text")
            lines.append(f"{md_escape(t('wildlife.' + key))}: {md_escape(value)}")
        st.caption("  \n".join(lines))


def _download(view: Catalog, t: Translate) -> None:
    obs = view.observations
    columns = ["dataset", "record_id", "species", "time", "lat", "lon", "count", "park"]
    frame = obs[[*columns, "generalised", "licence"]].copy()
    frame["time"] = frame["time"].dt.strftime("%Y-%m-%d")
    st.download_button(
        t("wildlife.download"),
        frame.to_csv(index=False).encode("utf-8"),
        file_name="wildlife-records.csv",
        mime="text/csv",
    )


def tab(view: Catalog, whole: Catalog, lang: str, t: Translate) -> None:
    """The wildlife panel for the filtered view; `whole` gives species status and park names."""
    if whole.datasets.empty:
        st.info(t("wildlife.none"))
        return
    _synthetic_banner(view, t)
    if view.observations.empty and view.deployments.empty:
        st.info(t("wildlife.nothing_chosen"))
        return
    obs = view.observations
    generalised = int((obs["generalised"] != "").sum())
    if generalised:
        note = t(
            "wildlife.privacy", n=fmt_int(generalised, t.lang), total=fmt_int(len(obs), t.lang)
        )
        st.caption(md_escape(note))
    _metrics(view, t)
    _species_table(view, whole, lang, t)
    _chart(view, lang, t, figures.synthetic_shown(view))
    _effort(view, lang, t)
    _comparison(view, lang, t)
    _sources(view.replace(datasets=figures.shown_datasets(view)), t)
    _download(view, t)
