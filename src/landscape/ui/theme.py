"""Page-level CSS: the map gets the screen, controls are big enough to touch, and presentation
mode hides everything but the tour bar and the map. Constant strings; no data inside."""

from __future__ import annotations

import streamlit as st

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

_BASE = f"""
<style>
.block-container {{padding-top: 2.2rem; padding-bottom: 1rem; max-width: 100%;}}
h1 {{font-size: 1.9rem !important; padding-bottom: 0.1rem !important;}}
/* The map follows the window: tall on a desktop, most of a phone screen, never tiny. */
{MAP_FRAME} {{height: clamp(420px, calc(100vh - 210px), 1000px) !important;}}
@media (max-width: 640px) {{
  .block-container {{padding-left: 0.6rem; padding-right: 0.6rem; padding-top: 3rem;}}
  h1 {{font-size: 1.35rem !important;}}
  {MAP_FRAME} {{height: 62vh !important; min-height: 340px;}}
}}
/* Touch: buttons and choices at least 44 px high (WCAG 2.5.5). */
@media (pointer: coarse) {{
  .stButton button, .stDownloadButton button, .stLinkButton a,
  div[data-baseweb="select"] > div, [data-testid="stSegmentedControl"] button
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
.stMarkdown .tour-second {{font-size: clamp(16px, 1.25vw, 24px) !important; line-height: 1.3;
  color: #555;
  font-style: italic; margin: 0.15rem 0 0 0;}}
.stMarkdown .tour-meta {{font-size: clamp(14px, 0.95vw, 18px) !important; color: #555;
  margin: 0.2rem 0 0 0;}}
.tour-badge {{display: inline-block; background: #fff3cd; color: #6b4a00;
  border: 1px solid #e0b84d; border-radius: 4px; padding: 0 6px; font-weight: 600;}}
.stMarkdown .tour-counter {{font-size: clamp(18px, 1.4vw, 28px) !important; font-weight: 600;
  text-align: center;}}
.stButton button, .stLinkButton a {{min-height: 48px;}}
.stButton button p, .stLinkButton a p {{font-size: clamp(16px, 1.2vw, 24px) !important;}}
{MAP_FRAME} {{height: calc(100vh - 245px) !important; min-height: 300px;}}
</style>
"""


def apply(presenting: bool = False) -> None:
    st.html(_BASE + (_PRESENT if presenting else ""))
