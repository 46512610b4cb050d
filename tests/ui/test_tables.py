"""ui.tables: a figure table kept as Arrow is drawn with the same rows as the frame it came
from."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from landscape.ui import tables


def rows() -> pd.DataFrame:
    return pd.DataFrame({"park": ["Chon Kemin", "Ile-Alatau"], "records": [12, 7]})


def test_arrow_keeps_the_rows_without_the_index():
    table = tables._arrow(rows)
    assert table.column_names == ["park", "records"]
    assert table.to_pandas().equals(rows())


def _page() -> None:
    from landscape.ui import tables
    from tests.ui.test_tables import rows

    tables.show(tables._arrow(rows))
    tables.static(tables._arrow(rows))


def test_show_and_static_draw_the_rows():
    at = AppTest.from_function(_page)
    at.run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["park"]) == ["Chon Kemin", "Ile-Alatau"]
    assert list(at.table[0].value["records"]) == [12, 7]
