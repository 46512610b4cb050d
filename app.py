"""Landscape dashboard. Run with `streamlit run app.py`; all logic lives in src/landscape/."""

import streamlit as st

from landscape.ui.page import render

st.set_page_config(
    page_title="Landscape · Chon Kemin – Ile-Alatau",
    page_icon="🏔️",
    layout="wide",
    initial_sidebar_state="collapsed",  # the map gets the screen; filters open from ">"
)
render()
