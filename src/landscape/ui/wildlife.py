"""The wildlife filters (sidebar) and the wildlife panel: layout only.

Everything here receives the public (generalised) catalog unless the staff view is unlocked;
the figures come from landscape.wildlife.figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from landscape.catalog import Catalog
from landscape.formatting import fmt_int, fmt_number, fmt_step
from landscape.i18n import Translate
from landscape.mapview.wildlife import COLOUR_BY, MODES, Classes
from landscape.text import md_escape, tr_by_id, tr_column
from landscape.ui import cache, charts, state, tables
from landscape.viewstate import ViewState
from landscape.wildlife import figures
from landscape.wildlife.figures import OUTSIDE, WildlifeFilter
from landscape.wildlife.formats import FORMATS


@dataclass(frozen=True)
class Display:
    mode: str
    measure: str
    patrols: bool = False  # patrol coverage on the map


def _multiselect(label: str, options: dict[str, str], key: str, placeholder: str) -> None:
    st.sidebar.multiselect(
        label,
        options=list(options),
        format_func=lambda k: options.get(k, k),
        key=key,
        placeholder=placeholder,
    )


def _seed(span: tuple[dt.date, dt.date] | None, seeded: ViewState) -> None:
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
    if span is not None and span[0] < span[1]:
        low = min(max(w.start or span[0], span[0]), span[1])
        high = max(min(w.end or span[1], span[1]), low)
        keys["wl_dates"] = (low, high)
    state.seed(keys)


@dataclass(frozen=True)
class Options:
    """What the wildlife filters offer for the shown catalog."""

    species: dict[str, str]
    span: tuple[dt.date, dt.date] | None  # None: too few dates for a range
    parks: dict[str, str]
    sources: dict[str, str]
    patrols: bool  # whether the patrol coverage switch is there


def _options(key: str, cat: Catalog, lang: str, t: Translate) -> Options:
    span = cache.figure(key, figures.date_span, cat)
    names = figures.species_names(cat, lang)
    present = cache.figure(key, figures.species_present, cat)
    parks = tr_by_id(cat.parks, "name", lang)
    if cache.figure(key, figures.any_outside, cat):
        parks[OUTSIDE] = t("wildlife.outside")
    return Options(
        species={s: f"{names[s]} ({s})" if s in names else s for s in present},
        span=span if span is not None and span[0] < span[1] else None,
        parks=parks,
        sources=dict(zip(cat.datasets["id"], cat.datasets["title"], strict=True)),
        patrols=not cat.patrols.empty,
    )


def chosen(values: Mapping[str, Any], o: Options) -> tuple[WildlifeFilter, Display]:
    """The filter and display that the widgets' `values` (session state) stand for: the same
    whether the widgets are drawn or not (a session's first run draws the map alone)."""

    def known(name: str, options: dict[str, str]) -> tuple[str, ...]:
        return tuple(c for c in values.get(name, ()) if c in options)

    start = end = None
    if o.span is not None:
        low, high = values.get("wl_dates", o.span)
        start = None if low == o.span[0] else low
        end = None if high == o.span[1] else high
    mode = values.get("wl_mode", MODES[0])
    measure = values.get("wl_measure", COLOUR_BY[0]) if mode == "grid" else "records"
    filters = WildlifeFilter(
        known("wl_species", o.species),
        start,
        end,
        known("wl_parks", o.parks),
        known("wl_sources", o.sources),
    )
    return filters, Display(mode, measure, o.patrols and bool(values.get("wl_patrols")))


def _seeded_options(key: str, cat: Catalog, lang: str, t: Translate, seeded: ViewState) -> Options:
    """The options, with the widgets' values seeded from the link when a session starts."""
    o = _options(key, cat, lang, t)
    _seed(o.span, seeded)
    if o.span is not None:
        st.session_state.setdefault("wl_dates", o.span)
    return o


def first_choice(
    key: str, cat: Catalog, lang: str, t: Translate, seeded: ViewState
) -> tuple[WildlifeFilter, Display]:
    """What `sidebar` will return once drawn, without drawing it."""
    if cat.datasets.empty:
        return WildlifeFilter(), Display("grid", "records")
    return chosen(st.session_state, _seeded_options(key, cat, lang, t, seeded))


def sidebar(
    key: str, cat: Catalog, lang: str, t: Translate, seeded: ViewState
) -> tuple[WildlifeFilter, Display]:
    """The wildlife filters of the shown catalog `cat` (named `key`); all empty (everything
    shown) when there is no wildlife data."""
    if cat.datasets.empty:
        return WildlifeFilter(), Display("grid", "records")
    o = _seeded_options(key, cat, lang, t, seeded)
    st.sidebar.subheader(t("wildlife.filters"))
    _multiselect(t("wildlife.species"), o.species, "wl_species", t("wildlife.all_species"))
    if o.span is not None:
        st.sidebar.slider(
            t("wildlife.dates"), min_value=o.span[0], max_value=o.span[1], key="wl_dates"
        )
    _multiselect(t("wildlife.parks"), o.parks, "wl_parks", t("wildlife.all_parks"))
    _multiselect(t("wildlife.sources"), o.sources, "wl_sources", t("wildlife.all_sources"))
    mode = st.sidebar.radio(
        t("wildlife.display"),
        MODES,
        format_func=lambda m: t(f"wildlife.mode_{m}"),
        horizontal=True,
        key="wl_mode",
    )
    if mode == "grid":
        st.sidebar.radio(
            t("wildlife.colour_by"),
            COLOUR_BY,
            format_func=lambda m: t(f"wildlife.by_{m}"),
            key="wl_measure",
        )
    if o.patrols:  # a second grid: off until asked for, so the two never overlap
        st.sidebar.toggle(
            t("wildlife.patrols_toggle"), key="wl_patrols", help=t("map.patrols_note")
        )
    return chosen(st.session_state, o)


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
    heading = md_escape(t("wildlife.legend_title", measure=label, step=fmt_step(step, t.lang)))
    st.markdown(f"**{heading}:** {chips}", unsafe_allow_html=True)


def _metrics(totals: figures.Totals, t: Translate, synthetic: str) -> None:
    """The headline figures; each says under its number when synthetic data is in it (a
    screenshot of the figures alone still says so)."""
    mark: dict[str, Any] = {}
    if synthetic != "none":
        mark = {
            "delta": t(f"wildlife.metric_synthetic_{synthetic}"),
            "delta_color": "orange",
            "delta_arrow": "off",
            "help": t("wildlife.synthetic"),
        }
    cols = st.columns(4)
    cols[0].metric(t("wildlife.records"), fmt_int(totals.records, t.lang), **mark)
    cols[1].metric(t("wildlife.individuals"), fmt_int(totals.individuals, t.lang), **mark)
    cols[2].metric(t("wildlife.species_count"), fmt_int(totals.species, t.lang), **mark)
    days = fmt_number(totals.camera_days, 0, t.lang)
    cols[3].metric(t("wildlife.camera_days"), days, **mark)
    if totals.without_position:
        st.caption(
            f"{md_escape(t('wildlife.without_coordinates'))}: "
            f"{fmt_int(totals.without_position, t.lang)} — "
            f"{md_escape(t('wildlife.without_coordinates_help'))}"
        )


def _species_rows(view: Catalog, whole: Catalog, lang: str, t: Translate) -> pd.DataFrame:
    """The species table as shown: names, status, records, individuals, parks."""
    table = figures.species_table(view, whole, lang, t("wildlife.outside"))
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
    return shown[order]


def _species_table(key: str, view: Catalog, whole: Catalog, lang: str, t: Translate) -> None:
    table = tables.arrow(key, _species_rows, view, whole, lang, t)
    if table.num_rows == 0:
        return
    st.markdown(f"##### {md_escape(t('wildlife.table_title'))}")
    tables.show(table)


def species_scale(view: Catalog, data: pd.DataFrame) -> alt.Scale:
    """Each species in its own colour, the same in every language and filter (keyed by its
    binomial in `data["key"]`, shown by its name in `data["species"]`)."""
    pairs = data[["key", "species"]].drop_duplicates().sort_values("key")
    return alt.Scale(
        domain=list(pairs["species"]),
        range=[figures.species_colour(view, k) for k in pairs["key"]],
    )


def _over_time_chart(
    key: str, view: Catalog, lang: str, t: Translate, synthetic: str
) -> alt.Chart | None:
    """Records per period, by species (None without dated records); the counts are the
    view's (named `key`), which also give the chart's title. The title, and the mark of
    synthetic data, are inside the chart."""
    data, unit = cache.figure(key, figures.over_time, view, lang)
    if data.empty:
        return None
    axis = "year(period):O" if unit == "year" else "yearmonth(period):T"
    species = t("wildlife.col_species")
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(axis, title=None),
            y=alt.Y("sum(records):Q", title=t("wildlife.records")),
            color=alt.Color("species:N", title=species, scale=species_scale(view, data)),
            tooltip=[
                alt.Tooltip(axis, title=t("wildlife.dates")),
                alt.Tooltip("species:N", title=species),
                alt.Tooltip("records:Q", title=t("wildlife.records")),
            ],
        )
        .properties(height=300)
    )
    mark = "" if synthetic == "none" else t(f"wildlife.chart_synthetic_{synthetic}")
    chart = charts.titled(chart, t(f"wildlife.time_title_{unit}"), mark)
    return charts.localised(chart, lang)


def _chart(key: str, view: Catalog, lang: str, t: Translate, synthetic: str) -> None:
    made = charts.spec(key, _over_time_chart, key, view, lang, t, synthetic)
    if made is not None:
        charts.show(made)


def _effort_rows(view: Catalog, lang: str, t: Translate) -> pd.DataFrame:
    effort = figures.effort(view, lang, t("wildlife.outside"))
    effort = effort.assign(  # "8,150" beside "16,138", in the language's own digits
        deployments=[fmt_int(n, lang) for n in effort["deployments"]],
        camera_days=[fmt_number(n, 0, lang) for n in effort["camera_days"]],
    )
    return effort.rename(
        columns={
            "park": t("wildlife.col_park"),
            "deployments": t("wildlife.col_deployments"),
            "camera_days": t("wildlife.col_camera_days"),
        }
    )


def _effort(key: str, view: Catalog, lang: str, t: Translate) -> None:
    effort = tables.arrow(key, _effort_rows, view, lang, t)
    st.markdown(f"##### {md_escape(t('wildlife.effort_title'))}")
    if effort.num_rows == 0:
        st.caption(md_escape(t("wildlife.no_effort")))
        return
    tables.show(effort)


def _comparison_rows(view: Catalog, lang: str, t: Translate) -> pd.DataFrame:
    """Species down, parks across: the relative abundance index (empty: nothing to compare)."""
    rai = figures.rai(view, lang, t("wildlife.outside"))
    labels = tr_column(view.parks, "name", lang)
    if rai.empty or not labels:
        return pd.DataFrame()
    wide = figures.comparison(rai, labels, t("wildlife.col_rai"))
    return wide.rename(columns={"species": t("wildlife.col_species")})


def _comparison(key: str, view: Catalog, lang: str, t: Translate) -> None:
    wide = tables.arrow(key, _comparison_rows, view, lang, t)
    if wide.num_rows == 0:
        return
    st.markdown(f"##### {md_escape(t('wildlife.compare_title'))}")
    st.caption(md_escape(t("wildlife.rai_formula")))
    tables.show(wide)


def _source_captions(view: Catalog, t: Translate) -> list[str]:
    """One caption per dataset of `view`: title, citation, licence and how it counts, in the
    viewer's language where the words are the dashboard's own (the counting rule of each kind
    of data; the citation of a synthetic sample); a real dataset's citation is as published."""
    out = []
    for row in view.datasets.to_dict("records"):
        flag = f" — **{md_escape(t('wildlife.synthetic'))}**" if row["synthetic"] else ""
        lines = [f"**{md_escape(row['title'])}**{flag}"]
        values = {
            "citation": t("wildlife.synthetic_citation") if row["synthetic"] else row["citation"],
            "licence": row["licence"],
            "counting": t(COUNTING_KEYS[row["kind"]]) if row["kind"] in COUNTING_KEYS else "",
        }
        values["counting"] = values["counting"] or row["counting"]
        for key, value in values.items():
            shown = value or t("gap.text")
            lines.append(f"{md_escape(t('wildlife.' + key))}: {md_escape(shown)}")
        out.append("  \n".join(lines))
    return out


# The counting rule of each kind of dataset, in the UI catalogs (English: the readers' own).
COUNTING_KEYS = {f.kind: f.counting_key for f in FORMATS}


def _sources(key: str, view: Catalog, t: Translate) -> None:
    st.markdown(f"##### {md_escape(t('wildlife.sources'))}")
    for caption in cache.figure(key, _source_captions, view, t):
        st.caption(caption)


CSV_NAME = "wildlife-records.csv"
SYNTHETIC_CSV_NAME = "wildlife-records-SYNTHETIC-SAMPLE.csv"


def records_csv(view: Catalog, t: Translate) -> bytes:
    """The shown records as CSV, as the download button gives them. Each row says whether it
    is synthetic; when any is, a first comment line (`#`) says so in the page's language."""
    columns = ["dataset", "record_id", "species", "time", "lat", "lon", "count", "park"]
    frame = view.observations[[*columns, "generalised", "licence"]].copy()
    frame["time"] = frame["time"].dt.strftime("%Y-%m-%d")
    flags = figures.synthetic_records(view)
    frame["synthetic"] = flags.map({True: "true", False: "false"})
    text = frame.to_csv(index=False)
    if flags.any():
        n, total = fmt_int(int(flags.sum()), t.lang), fmt_int(len(frame), t.lang)
        note = " ".join(t("wildlife.csv_synthetic", n=n, total=total).split())  # one line
        text = f"# {note}\n{text}"
    return text.encode("utf-8")


def csv_name(view: Catalog) -> str:
    """The download's file name: it says SYNTHETIC-SAMPLE when any record is synthetic."""
    return SYNTHETIC_CSV_NAME if figures.synthetic_records(view).any() else CSV_NAME


def _download(key: str, view: Catalog, t: Translate) -> None:
    # written only when the visitor asks for it, not on every rerun; the click does not rerun
    # the page, which would race the download (Streamlit's note on deferred downloads)
    st.download_button(
        t("wildlife.download"),
        lambda: records_csv(view, t),
        file_name=cache.figure(key, csv_name, view),
        mime="text/csv",
        on_click="ignore",
    )


def tab(key: str, view: Catalog, whole: Catalog, lang: str, t: Translate) -> None:
    """The wildlife panel for the view named `key`; `whole` gives species status and park
    names."""
    if whole.datasets.empty:
        st.info(t("wildlife.none"))
        return
    shown = cache.figure(key, figures.shown_datasets, view)
    synthetic = figures.synthetic_share(shown)
    if synthetic != "none":
        st.warning(t("wildlife.synthetic_banner"))
    if view.observations.empty and view.deployments.empty:
        st.info(t("wildlife.nothing_chosen"))
        return
    totals = cache.figure(key, figures.totals, view)
    sensitive = totals.generalised - totals.patrol_generalised
    if sensitive:
        n, total = fmt_int(sensitive, t.lang), fmt_int(totals.records, t.lang)
        st.caption(md_escape(t("wildlife.privacy", n=n, total=total)))
    if totals.patrol_generalised:
        n = fmt_int(totals.patrol_generalised, t.lang)
        st.caption(md_escape(t("wildlife.patrol_privacy", n=n)))
    _metrics(totals, t, synthetic)
    _species_table(key, view, whole, lang, t)
    _chart(key, view, lang, t, synthetic)
    _effort(key, view, lang, t)
    _comparison(key, view, lang, t)
    _sources(key, view.replace(datasets=shown), t)
    _download(key, view, t)
