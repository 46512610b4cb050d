"""Page-level CSS: a compact header so the map gets the screen. Constant; no data inside."""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
.block-container {padding-top: 2.2rem; padding-bottom: 1rem; max-width: 100%;}
h1 {font-size: 1.9rem !important; padding-bottom: 0.1rem !important;}
</style>
"""


def apply() -> None:
    st.html(_CSS)
