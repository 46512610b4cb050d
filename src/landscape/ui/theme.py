"""Page-level CSS: the map gets the screen, controls are big enough to touch, and presentation
mode hides everything but the tour bar and the map. Constant strings; no data inside."""

from __future__ import annotations

import json

import streamlit as st

from landscape.text import LANGS

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

_BASE = f"""
<style>
/* Below Streamlit's 60 px header (it takes the clicks of whatever lies under it), with
   narrow margins: the map is the product. */
.block-container {{padding: 4.1rem 1rem 1rem 1rem !important; max-width: 100%;}}
h1 {{font-size: 1.7rem !important; padding: 0 !important;}}
/* The map follows the window: tall on a desktop, most of a phone screen, never tiny. */
{MAP_FRAME} {{height: clamp(420px, calc(100vh - 175px), 1100px) !important;}}
/* Captions: Streamlit's grey is below 4.5:1 on white; this one is about 7:1. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p
  {{color: #4a4f57 !important; opacity: 1 !important;}}
/* Tabs and tables wrap in the panel column instead of hiding what does not fit. */
[data-testid="stTabs"] [role="tablist"] {{flex-wrap: wrap; row-gap: 0.2rem; overflow-x: visible;}}
[data-testid="stTable"] table {{width: 100% !important; min-width: 0 !important;
  table-layout: auto;}}
[data-testid="stTable"] th, [data-testid="stTable"] td,
[data-testid="stTable"] th *, [data-testid="stTable"] td * {{white-space: normal !important;
  min-width: 0 !important; max-width: none !important; overflow-wrap: anywhere !important;
  hyphens: auto; padding: 0.3rem 0.4rem !important;}}
/* Chosen projects read in full. */
[data-baseweb="tag"] {{max-width: 100% !important; height: auto !important;}}
[data-baseweb="tag"] span {{white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important;}}
@media (max-width: 640px) {{
  .block-container {{padding-left: 0.6rem !important; padding-right: 0.6rem !important;}}
  h1 {{font-size: 1.35rem !important;}}
  {MAP_FRAME} {{height: 62vh !important; min-height: 340px;}}
}}
/* Touch: buttons and choices at least 44 px high (WCAG 2.5.5). */
@media (pointer: coarse) {{
  .stButton button, .stDownloadButton button, .stLinkButton a,
  div[data-baseweb="select"] > div, [data-testid="stButtonGroup"] button
    {{min-height: 44px;}}
}}
</style>
"""

# Presentation: no sidebar, header, toolbar or footer; the tour bar on top in large type and
# the map filling the rest of the window (read from the back of a room at 1280×720).
_PRESENT = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer {{display: none !important;}}
.block-container {{padding: 0.6rem 1.2rem 0 1.2rem !important;}}
.stMarkdown .tour-title {{font-size: clamp(26px, 2.6vw, 46px) !important; font-weight: 700;
  line-height: 1.15;
  margin: 0;}}
.stMarkdown .tour-text {{font-size: clamp(19px, 1.55vw, 30px) !important; line-height: 1.3;
  margin: 0.2rem 0 0 0;}}
/* The second language is read from the back of the room too: large, dark, set apart. */
.stMarkdown .tour-second {{font-size: clamp(18px, 1.35vw, 27px) !important; line-height: 1.3;
  color: #1f2d3d; border-left: 4px solid #7a8a99; padding-left: 0.5rem;
  margin: 0.3rem 0 0 0;}}
.stMarkdown .tour-meta {{font-size: clamp(15px, 1vw, 19px) !important; color: #3d3d3d;
  margin: 0.2rem 0 0 0;}}
.tour-badge {{display: inline-block; background: #fff3cd; color: #5c3f00;
  border: 2px solid #b8860b; border-radius: 6px; padding: 0.05em 0.45em; font-weight: 700;
  font-size: clamp(20px, 1.5vw, 30px);}}
.stMarkdown .tour-counter {{font-size: clamp(18px, 1.4vw, 28px) !important; font-weight: 600;
  text-align: center;}}
.stButton button, .stLinkButton a {{min-height: 48px;}}
.stButton button p, .stLinkButton a p {{font-size: clamp(16px, 1.2vw, 24px) !important;}}
/* The map takes whatever height the tour bar leaves (the bar is taller with a second
   language or a long text): the page is one window-high column and the map's element
   grows into the rest of it. */
.block-container {{height: 100vh;}}
.block-container > [data-testid="stVerticalBlock"] {{height: 100%; flex-wrap: nowrap;}}
.block-container > [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]:has(
  {MAP_FRAME}) {{flex: 1 1 0; min-height: 300px;}}
.block-container > [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]:has(
  {MAP_FRAME}) > div {{height: 100%;}}
{MAP_FRAME} {{height: 100% !important; min-height: 300px;}}
@media (max-width: 640px) {{
  /* A phone: the buttons two to a row, the counter beside them, the map right after. */
  .block-container {{padding: 0.4rem 0.5rem 0 0.5rem !important;}}
  [data-testid="stColumn"] [data-testid="stHorizontalBlock"] {{flex-wrap: nowrap !important;
    gap: 0.4rem;}}
  [data-testid="stColumn"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]
    {{min-width: 0 !important; width: auto !important; flex: 1 1 0 !important;}}
  .stMarkdown .tour-counter {{display: none;}}
  .stMarkdown .tour-title {{font-size: 22px !important;}}
  .stMarkdown .tour-text {{font-size: 16px !important;}}
  .block-container {{height: auto;}}
  {MAP_FRAME} {{height: 62vh !important; min-height: 320px;}}
}}
</style>
"""


# The page's language, for screen readers, hyphenation and the browser's translation offer
# (Streamlit's page says "en" whatever it shows). The code is one of LANGS, never data.
_LANG = "<script>document.documentElement.lang = {code};</script>"


def apply(presenting: bool = False, lang: str = "en") -> None:
    code = lang if lang in LANGS else "en"
    page = _BASE + (_PRESENT if presenting else "") + _LANG.format(code=json.dumps(code))
    st.html(page, unsafe_allow_javascript=True)  # one element: each costs every run
