"""The patrol panel (SMART data): effort per park and month, observations per 100 patrol-days.
Layout only; the figures come from landscape.wildlife.patrols. Patrol positions never appear
here: the map shows them as coverage cells."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from landscape.catalog import Catalog
from landscape.formatting import fmt_int, fmt_number
from landscape.i18n import Translate
from landscape.mapview.build import park_style
from landscape.mapview.palette import paint
from landscape.reads import reads
from landscape.text import md_escape, tr_column
from landscape.ui import cache, charts, tables
from landscape.wildlife import figures, patrols


def _mark(synthetic: str, t: Translate) -> str:
    """What a figure of patrols from these datasets says of itself ("" for field data)."""
    return "" if synthetic == "none" else t(f"wildlife.chart_synthetic_{synthetic}")


def _title(key: str, synthetic: str, t: Translate) -> None:
    title = t(key)
    if synthetic != "none":
        title = f"{title} ({_mark(synthetic, t)})"
    st.markdown(f"##### {md_escape(title)}")


@reads("datasets", "patrols")
def _synthetic(view: Catalog) -> str:
    """ "all", "some" or "none" of the shown patrols come from synthetic datasets."""
    ids = set(view.patrols["dataset"])
    return figures.synthetic_share(view.datasets[view.datasets["id"].isin(ids)])


@reads("datasets", "observations", "parks", "patrols")
def _effort_shown(view: Catalog, lang: str, t: Translate) -> pd.DataFrame:
    """The effort table as shown: numbers formatted for `lang`, parks down."""
    table = patrols.effort(view, lang, t("wildlife.outside"))
    shown = pd.DataFrame(
        {
            t("wildlife.col_park"): table["park"],
            t("patrols.col_patrols"): [fmt_int(v, lang) for v in table["patrols"]],
            t("patrols.col_days"): [fmt_int(v, lang) for v in table["patrol_days"]],
            t("patrols.col_distance"): [
                "–" if pd.isna(v) else fmt_number(v, 1, lang) for v in table["distance_km"]
            ],
            t("patrols.col_observations"): [fmt_int(v, lang) for v in table["observations"]],
            t("patrols.col_per_100"): [
                "–" if pd.isna(v) else fmt_number(v, 1, lang) for v in table["per_100"]
            ],
        }
    )
    return shown.set_index(t("wildlife.col_park"))


def _effort(view: Catalog, lang: str, t: Translate, synthetic: str) -> None:
    _title("patrols.effort_title", synthetic, t)
    st.table(cache.figure(_effort_shown, view, lang, t))
    st.caption(md_escape(t("patrols.definitions")))


# Under the chart, one park per line, names in full: the panel column is narrow.
LEGEND = alt.Legend(orient="bottom", direction="vertical", title=None, labelLimit=400)


def park_colours(view: Catalog, names: list[str], lang: str) -> alt.Scale:
    """Each park in its map colour, so the chart reads like the map."""
    parks = view.parks
    colours = {
        name: park_style(view, country)["color"]
        for name, country in zip(tr_column(parks, "name", lang), parks["country"], strict=True)
    }
    grey = paint(view.styles, "control", "muted")  # a name of no shown park: never coloured
    return alt.Scale(domain=names, range=[colours.get(n, grey) for n in names])


@reads("datasets", "observations", "parks", "patrols", "styles")
def _months_chart(view: Catalog, lang: str, t: Translate, synthetic: str) -> alt.Chart | None:
    """Patrol-days per month and park (None without patrols); its title, and the mark of
    synthetic data, inside the chart; month names in `lang`."""
    data = patrols.by_month(view, lang, t("wildlife.outside"))
    if data.empty:
        return None
    days, park = t("patrols.col_days"), t("wildlife.col_park")
    scale = park_colours(view, sorted(set(data["park"])), lang)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title=None),
            xOffset=alt.XOffset("park:N"),
            y=alt.Y("patrol_days:Q", title=days),
            color=alt.Color("park:N", title=park, scale=scale, legend=LEGEND),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title=t("wildlife.dates")),
                alt.Tooltip("park:N", title=park),
                alt.Tooltip("patrols:Q", title=t("patrols.col_patrols")),
                alt.Tooltip("patrol_days:Q", title=days),
                alt.Tooltip("observations:Q", title=t("patrols.col_observations")),
            ],
        )
        .properties(height=320)
    )
    titled = charts.titled(chart, t("patrols.month_title"), view.styles, _mark(synthetic, t))
    return charts.localised(titled, lang)


def _months(view: Catalog, lang: str, t: Translate, synthetic: str) -> None:
    made = charts.spec(_months_chart, view, lang, t, synthetic)
    if made is not None:
        charts.show(made)


@reads("datasets", "observations", "parks", "patrols", "species")
def _species_rows(view: Catalog, lang: str, t: Translate) -> pd.DataFrame:
    """Species down, parks across: "rate (observations)" per park (empty: no patrol records)."""
    table = patrols.per_species(view, lang, t("wildlife.outside"))
    if table.empty:
        return pd.DataFrame()
    cell = [
        f"{fmt_number(rate, 1, lang)} ({fmt_int(n, lang)})"
        for rate, n in zip(table["per_100"], table["observations"], strict=True)
    ]
    wide = table.assign(cell=cell).pivot(index="species", columns="park", values="cell")
    order = table.groupby("species")["observations"].sum().sort_values(ascending=False).index
    wide = wide.reindex(order).fillna("–").reset_index()
    return wide.rename(columns={"species": t("wildlife.col_species")})


def _species(view: Catalog, lang: str, t: Translate, synthetic: str) -> None:
    """Species down, parks across: observations per 100 patrol-days (observations)."""
    wide = tables.arrow(_species_rows, view, lang, t)
    if wide.num_rows == 0:
        return
    _title("patrols.species_title", synthetic, t)
    st.caption(md_escape(t("patrols.species_note")))
    tables.show(wide)


def panel(view: Catalog, whole: Catalog, lang: str, t: Translate) -> None:
    """Patrol effort for `view`; nothing when the data holds no patrols."""
    if whole.patrols.empty:
        return
    st.markdown(f"#### {md_escape(t('patrols.title'))}")
    if view.patrols.empty:
        st.caption(md_escape(t("patrols.nothing_chosen")))
        return
    synthetic = cache.figure(_synthetic, view)
    only = cache.figure(patrols.patrol_view, view)
    _effort(only, lang, t, synthetic)
    _months(only, lang, t, synthetic)
    _species(only, lang, t, synthetic)
    st.caption(md_escape(t("patrols.privacy")))
