"""The management effectiveness panel (METT): layout only; figures from landscape.mett.

Until the foundation adds an assessment, it says in plain words that none is recorded (how to
add one is for the data manager: geodata/README.md, "METT assessments"). It never shows example
or test scores."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from landscape import mett
from landscape.catalog import Catalog
from landscape.content import source_titles
from landscape.formatting import fmt_number
from landscape.i18n import Translate
from landscape.text import md_escape, tr_by_id
from landscape.ui.patrols import LEGEND, park_colours


def _themes(ids: list[str], t: Translate) -> str:
    return ", ".join(t(f"mett.theme_{theme}") for theme in ids) or "–"


def _sources(cat: Catalog, ids: list[str], lang: str) -> str:
    """`[id] title` of each source in `lang`, as the sources list writes them."""
    return "; ".join(source_titles(cat, ids, lang))


def _chart(totals: pd.DataFrame, colours: alt.Scale, t: Translate) -> None:
    park, total = t("wildlife.col_park"), t("mett.col_total")
    chart = (
        alt.Chart(totals)
        .mark_line(point=alt.OverlayMarkDef(size=80))
        .encode(
            x=alt.X("year:O", title=t("mett.col_year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("total_pct:Q", title=total, scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("park:N", title=park, scale=colours, legend=LEGEND),
            tooltip=[
                alt.Tooltip("park:N", title=park),
                alt.Tooltip("year:O", title=t("mett.col_year")),
                alt.Tooltip("total_pct:Q", title=total, format=".1f"),
            ],
        )
        .properties(height=300)
    )
    st.altair_chart(chart, width="stretch")


def tab(cat: Catalog, view: Catalog, lang: str, t: Translate) -> None:
    """Each shown park's METT totals over time, side by side, and its latest assessment's
    weakest and strongest themes."""
    st.caption(md_escape(t("mett.about")))
    parks = tr_by_id(view.parks, "name", lang)
    assessments = cat.mett.assessments
    shown = assessments[assessments["park"].isin(parks)] if not assessments.empty else assessments
    if shown.empty:
        st.info(t("mett.none"))
        return
    totals = mett.totals(cat.mett)
    totals = totals[totals["park"].isin(parks)].assign(park=lambda f: f["park"].map(parks))
    st.markdown(f"##### {md_escape(t('mett.totals_title'))}")
    _chart(totals, park_colours(view, sorted(parks.values()), lang), t)
    wide = totals.pivot(index="year", columns="park", values="total_pct").reset_index()
    wide = wide.rename(columns={"year": t("mett.col_year")})
    for column in wide.columns[1:]:
        wide[column] = ["–" if pd.isna(v) else f"{fmt_number(v, 1, lang)} %" for v in wide[column]]
    wide[t("mett.col_year")] = wide[t("mett.col_year")].astype(str)
    st.table(wide.set_index(t("mett.col_year")))
    latest = mett.latest(cat.mett)
    for park_id, name in parks.items():
        if park_id not in latest:
            st.caption(md_escape(t("mett.park_none", park=name)))
            continue
        row = shown[shown["id"] == latest[park_id]].iloc[0]
        weakest, strongest = mett.weakest_strongest(cat.mett, latest[park_id])
        with st.container(border=True):
            st.markdown(f"**{md_escape(name)}** · {md_escape(str(row['year']))}")
            if weakest or strongest:
                st.markdown(
                    f"{md_escape(t('mett.weakest'))}: {md_escape(_themes(weakest, t))}  \n"
                    f"{md_escape(t('mett.strongest'))}: {md_escape(_themes(strongest, t))}"
                )
            else:
                st.markdown(md_escape(t("mett.even")))
            st.caption(
                md_escape(
                    t(
                        "mett.assessed_by",
                        organisation=row["organisation"],
                        method=row["method"],
                        source=_sources(cat, list(row["sources"]), lang),
                    )
                )
            )
