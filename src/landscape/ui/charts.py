"""Charts built once per view: the Vega-Lite spec Streamlit makes of an Altair chart, kept.

`st.altair_chart` turns the chart into a spec on every run, validating it against the
Vega-Lite schema each time (about 25 ms a chart, measured). The spec is made here with the
very function `st.altair_chart` uses, once per view, and drawn with `st.vega_lite_chart`; a
test checks that both give the same element.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st
from streamlit.elements import vega_charts

from landscape.ui import cache


def _spec(build: Callable[..., alt.Chart | None], *args: Any) -> dict[str, Any] | None:
    chart = build(*args)
    return None if chart is None else vega_charts._convert_altair_to_vega_lite_spec(chart)


def spec(key: str, build: Callable[..., alt.Chart | None], *args: Any) -> dict[str, Any] | None:
    """The spec of `build(*args)` (None: no chart), made once for the view named `key`."""
    return cache.figure(key, _spec, build, *args)


def show(made: dict[str, Any]) -> None:
    """Draw a spec from `spec`, full width (Streamlit takes its data out: a copy each time)."""
    st.vega_lite_chart(spec=copy.deepcopy(made), width="stretch")
