"""Tables of figures, built once per view and handed to Streamlit as Arrow.

Streamlit turns a pandas DataFrame into Arrow on every run (about 4 ms for a small table,
measured); an Arrow table it sends as it is. A table built once per view is kept as Arrow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from landscape.reads import reads_of_builder
from landscape.ui import cache


@reads_of_builder
def _arrow(build: Callable[..., pd.DataFrame], *args: Any) -> pa.Table:
    return pa.Table.from_pandas(build(*args), preserve_index=False)


def arrow(build: Callable[..., pd.DataFrame], /, *args: Any) -> pa.Table:
    """`build(*args)` as Arrow, built once per key of `build(*args)` (cache.figure: `build`
    declares the tables it reads)."""
    return cache.figure(_arrow, build, *args)


def show(table: pa.Table) -> None:
    """A table of rows, full width, without pandas' index."""
    st.dataframe(table, hide_index=True, width="stretch")


def static(table: pa.Table) -> None:
    """A small table that wraps its text to the column (a narrow panel), read without
    scrolling: the Species tab's CMS Appendix column must show beside the map."""
    st.table(table, hide_index=True)
