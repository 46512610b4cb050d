"""The wildlife panel: the headline figures, the species, effort and comparison tables, the
chart over time, the sources and the records' download; layout only. The filters are in
`ui.wildlife_filters` (their names are importable from here too).

Everything here receives the public (generalised) catalog unless the staff view is unlocked;
the figures come from landscape.wildlife.figures.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from landscape.catalog import Catalog
from landscape.display import Display as Display  # the old names of the filters and legend
from landscape.formatting import fmt_int, fmt_number
from landscape.i18n import Translate
from landscape.reads import reads
from landscape.text import md_escape, tr_column
from landscape.ui import cache, charts, tables
from landscape.ui.map import map_legend as map_legend
from landscape.ui.wildlife_filters import Options as Options
from landscape.ui.wildlife_filters import chosen as chosen
from landscape.ui.wildlife_filters import first_choice as first_choice
from landscape.ui.wildlife_filters import sidebar as sidebar
from landscape.wildlife import figures, privacy
from landscape.wildlife.formats import FORMATS


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


@reads("observations", "parks", "species", "ui")
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


def _species_table(view: Catalog, whole: Catalog, lang: str, t: Translate) -> None:
    table = tables.arrow(_species_rows, view, whole, lang, t)
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


@reads("observations", "species", "styles")
def _over_time_chart(view: Catalog, lang: str, t: Translate, synthetic: str) -> alt.Chart | None:
    """Records per period, by species (None without dated records); the counts are the
    view's, which also give the chart's title. The title, and the mark of
    synthetic data, are inside the chart."""
    data, unit = cache.figure(figures.over_time, view, lang)
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
    chart = charts.titled(chart, t(f"wildlife.time_title_{unit}"), view.styles, mark)
    return charts.localised(chart, lang)


def _chart(view: Catalog, lang: str, t: Translate, synthetic: str) -> None:
    made = charts.spec(_over_time_chart, view, lang, t, synthetic)
    if made is not None:
        charts.show(made)


@reads("deployments", "parks")
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


def _effort(view: Catalog, lang: str, t: Translate) -> None:
    effort = tables.arrow(_effort_rows, view, lang, t)
    st.markdown(f"##### {md_escape(t('wildlife.effort_title'))}")
    if effort.num_rows == 0:
        st.caption(md_escape(t("wildlife.no_effort")))
        return
    tables.show(effort)


@reads("deployments", "observations", "parks", "species")
def _comparison_rows(view: Catalog, lang: str, t: Translate) -> pd.DataFrame:
    """Species down, parks across: the relative abundance index (empty: nothing to compare)."""
    rai = figures.rai(view, lang, t("wildlife.outside"))
    labels = tr_column(view.parks, "name", lang)
    if rai.empty or not labels:
        return pd.DataFrame()
    wide = figures.comparison(rai, labels, t("wildlife.col_rai"))
    return wide.rename(columns={"species": t("wildlife.col_species")})


def _comparison(view: Catalog, lang: str, t: Translate) -> None:
    wide = tables.arrow(_comparison_rows, view, lang, t)
    if wide.num_rows == 0:
        return
    st.markdown(f"##### {md_escape(t('wildlife.compare_title'))}")
    st.caption(md_escape(t("wildlife.rai_formula")))
    tables.show(wide)


@reads("datasets", "deployments", "observations", "patrols")
def _source_captions(view: Catalog, t: Translate) -> list[str]:
    """One caption per dataset shown in `view` (figures.shown_datasets): title, citation,
    licence and how it counts, in the viewer's language where the words are the dashboard's own
    (the counting rule of each kind of data; the citation of a synthetic sample); a real
    dataset's citation is as published."""
    out = []
    for row in figures.shown_datasets(view).to_dict("records"):
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


def _sources(view: Catalog, t: Translate) -> None:
    st.markdown(f"##### {md_escape(t('wildlife.sources'))}")
    for caption in cache.figure(_source_captions, view, t):
        st.caption(caption)


CSV_NAME = "wildlife-records.csv"
SYNTHETIC_CSV_NAME = "wildlife-records-SYNTHETIC-SAMPLE.csv"


def records_csv(view: Catalog, t: Translate) -> bytes:
    """The shown records as CSV, as the download button gives them. Each row says whether it
    is synthetic; when any is, a first comment line (`#`) says so in the page's language, and
    what was done to a generalised position is said in that language too."""
    columns = ["dataset", "record_id", "species", "time", "lat", "lon", "count", "park"]
    frame = view.observations[[*columns, "generalised", "licence"]].copy()
    frame["time"] = frame["time"].dt.strftime("%Y-%m-%d")
    frame["generalised"] = privacy.translated_notes(frame["generalised"], t.lang, t)
    flags = figures.synthetic_records(view)
    frame["synthetic"] = flags.map({True: "true", False: "false"})
    text = frame.to_csv(index=False)
    if flags.any():
        n, total = fmt_int(int(flags.sum()), t.lang), fmt_int(len(frame), t.lang)
        note = " ".join(t("wildlife.csv_synthetic", n=n, total=total).split())  # one line
        text = f"# {note}\n{text}"
    return text.encode("utf-8")


@reads("datasets", "observations")
def csv_name(view: Catalog) -> str:
    """The download's file name: it says SYNTHETIC-SAMPLE when any record is synthetic."""
    return SYNTHETIC_CSV_NAME if figures.synthetic_records(view).any() else CSV_NAME


def _download(view: Catalog, t: Translate) -> None:
    # written only when the visitor asks for it, not on every rerun; the click does not rerun
    # the page, which would race the download (Streamlit's note on deferred downloads)
    st.download_button(
        t("wildlife.download"),
        lambda: records_csv(view, t),
        file_name=cache.figure(csv_name, view),
        mime="text/csv",
        on_click="ignore",
    )


def tab(view: Catalog, whole: Catalog, lang: str, t: Translate) -> None:
    """The wildlife panel for `view`; `whole` gives species status and park names."""
    if whole.datasets.empty:
        st.info(t("wildlife.none"))
        return
    shown = cache.figure(figures.shown_datasets, view)
    synthetic = figures.synthetic_share(shown)
    if synthetic != "none":
        st.warning(t("wildlife.synthetic_banner"))
    if view.observations.empty and view.deployments.empty:
        st.info(t("wildlife.nothing_chosen"))
        return
    totals = cache.figure(figures.totals, view)
    sensitive = totals.generalised - totals.patrol_generalised
    if sensitive:
        n, total = fmt_int(sensitive, t.lang), fmt_int(totals.records, t.lang)
        st.caption(md_escape(t("wildlife.privacy", n=n, total=total)))
    if totals.patrol_generalised:
        n = fmt_int(totals.patrol_generalised, t.lang)
        st.caption(md_escape(t("wildlife.patrol_privacy", n=n)))
    _metrics(totals, t, synthetic)
    _species_table(view, whole, lang, t)
    _chart(view, lang, t, synthetic)
    _effort(view, lang, t)
    _comparison(view, lang, t)
    _sources(view, t)
    _download(view, t)
