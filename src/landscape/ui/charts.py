"""Charts built once per view: the Vega-Lite spec Streamlit makes of an Altair chart, kept.

`st.altair_chart` turns the chart into a spec on every run, validating it against the
Vega-Lite schema each time (about 25 ms a chart, measured). The spec is made here with the
very function `st.altair_chart` uses, once per view, and drawn with `st.vega_lite_chart`; a
test checks that both give the same element.

Every chart speaks the page's language: `localised` gives it Vega's number and time locale
from CLDR (Babel), so month names on axes and in tooltips follow the language, and `titled`
puts its title (and the synthetic-data mark) inside the chart, where a saved PNG keeps it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st
from babel.numbers import get_decimal_symbol, get_group_symbol
from streamlit.elements import vega_charts

from landscape.formatting import locale as babel_locale
from landscape.mapview.palette import paint
from landscape.reads import reads_of_builder
from landscape.ui import cache


def vega_locale(lang: str) -> dict[str, Any]:
    """Vega's number and time locale for `lang`, from CLDR: month and day names (stand-alone
    forms, as an axis shows them), the decimal sign and the digit grouping."""
    where = babel_locale(lang)
    months, days = where.months["stand-alone"], where.days["stand-alone"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # CLDR counts from Monday, d3 from Sunday
    return {
        "number": {
            "decimal": get_decimal_symbol(where),
            "thousands": get_group_symbol(where),
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": "%Y-%m-%d %H:%M:%S",
            "date": "%Y-%m-%d",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],  # unused: every time format here is 24-hour
            "days": [str(days["wide"][d]) for d in sunday_first],
            "shortDays": [str(days["abbreviated"][d]) for d in sunday_first],
            "months": [str(months["wide"][m]) for m in range(1, 13)],
            "shortMonths": [str(months["abbreviated"][m]) for m in range(1, 13)],
        },
    }


def localised(chart: alt.Chart, lang: str) -> alt.Chart:
    """`chart` with the number and time formats of `lang` (axes, tooltips)."""
    return chart.configure(locale=vega_locale(lang))


def titled(chart: alt.Chart, title: str, styles: dict[str, Any], mark: str = "") -> alt.Chart:
    """`chart` with its title inside it, and under the title `mark` (e.g. "synthetic sample,
    not field data") in the colour of that mark (styles.toml's `[control] synthetic`, as in the
    exported map's panel): a chart saved as PNG still says both."""
    params: dict[str, Any] = {"text": title, "anchor": "start", "fontSize": 18}
    if mark:
        params |= {
            "subtitle": mark,
            "subtitleColor": paint(styles, "control", "synthetic"),
            "subtitleFontSize": 14,
        }
        params |= {"subtitleFontWeight": "bold"}
    return chart.properties(title=alt.TitleParams(**params))


@reads_of_builder
def _spec(build: Callable[..., alt.Chart | None], *args: Any) -> dict[str, Any] | None:
    chart = build(*args)
    return None if chart is None else vega_charts._convert_altair_to_vega_lite_spec(chart)


Builder = Callable[..., alt.Chart | None]


def spec(build: Builder, /, *args: Any) -> dict[str, Any] | None:
    """The spec of `build(*args)` (None: no chart), made once per key of `build(*args)`
    (cache.figure: `build` declares the tables it reads)."""
    return cache.figure(_spec, build, *args)


def show(made: dict[str, Any]) -> None:
    """Draw a spec from `spec`, full width (Streamlit takes its data out: a copy each time)."""
    st.vega_lite_chart(spec=copy.deepcopy(made), width="stretch")
