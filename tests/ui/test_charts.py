"""A chart's spec kept per view (ui/charts.py) draws exactly the element st.altair_chart
draws, data included, however many times it is drawn."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from landscape.reads import reads


@reads()  # of no table: a figure declares what it reads (landscape.reads)
def chart_of(n: int):
    """A chart of `n` months (module level: a figure is keyed by its function's name)."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(
        {
            "month": pd.date_range("2024-01-01", periods=n, freq="MS"),
            "park": ["Chon Kemin", "Ile-Alatau"] * (n // 2),
            "days": range(n),
        }
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(x="yearmonth(month):T", y="days:Q", color="park:N")
        .properties(height=300)
    )


@reads()
def no_chart() -> None:
    return None


def _page() -> None:
    import streamlit as st

    from landscape.ui import charts
    from tests.ui.test_charts import chart_of, no_chart

    st.altair_chart(chart_of(6), width="stretch")
    made = charts.spec(chart_of, 6)
    charts.show(made)
    charts.show(made)  # drawn twice from one spec: the kept spec is never emptied
    st.write(charts.spec(no_chart) is None)


def test_a_kept_spec_draws_what_altair_chart_draws():
    at = AppTest.from_function(_page, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    elements = [e.proto for e in at.get("vega_lite_chart")]
    assert len(elements) == 3
    theirs, ours, again = elements
    assert ours.spec == theirs.spec and again.spec == theirs.spec
    assert [d.data.data for d in ours.datasets] == [d.data.data for d in theirs.datasets]
    assert [d.data.data for d in again.datasets] == [d.data.data for d in theirs.datasets]
    assert len(theirs.datasets) == 1 and len(theirs.datasets[0].data.data) > 100
    assert "True" in " ".join(m.value for m in at.markdown)
