"""Page-level CSS: the map gets the screen, controls are big enough to touch, and presentation
mode hides everything but the tour bar and the map. Fixed templates; every colour comes from
styles.toml: the focus ring's (`[control] focus`, as on the map), the page's (`[page]`) and
the tour bar's (`[tour]`). No other data inside."""

from __future__ import annotations

import json
from html import escape
from typing import Any

import streamlit as st

from landscape.i18n import Translate
from landscape.mapview.palette import paint
from landscape.text import LANGS
from landscape.ui.maptext import KEY as TEXT_KEY

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SELECTS = ':is([data-testid="stMultiSelect"], [data-testid="stSelectbox"])'


def ring(styles: dict[str, Any]) -> str:
    """The focus ring: 3 px in styles.toml's `[control] focus` (the map's ring is the same)."""
    return f"3px solid {paint(styles, 'control', 'focus')}"


# The page's own CSS: a template of the colours of styles.toml's [page] and `[control] focus`.
_BASE = """
<style>
/* Below Streamlit's 60 px header (it takes the clicks of whatever lies under it), with
   narrow margins: the map is the product. */
.block-container {{padding: 4.1rem 1rem 1rem 1rem !important; max-width: 100%;}}
h1 {{font-size: 1.7rem !important; padding: 0 !important;}}
/* The map follows the window: tall on a desktop, most of a phone screen, never tiny. */
{frame} {{height: clamp(420px, calc(100vh - 175px), 1100px) !important;}}
/* Captions: Streamlit's grey is below 4.5:1 on white; this one is about 7:1. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p
  {{color: {caption} !important; opacity: 1 !important;}}
/* Tabs and tables wrap in the panel column instead of hiding what does not fit. */
[data-testid="stTabs"] [role="tablist"] {{flex-wrap: wrap; row-gap: 0.2rem; overflow-x: visible;}}
[data-testid="stTable"] table {{width: 100% !important; min-width: 0 !important;
  table-layout: auto;}}
[data-testid="stTable"] th, [data-testid="stTable"] td,
[data-testid="stTable"] th *, [data-testid="stTable"] td * {{white-space: normal !important;
  min-width: 0 !important; max-width: none !important; overflow-wrap: anywhere !important;
  hyphens: auto; padding: 0.3rem 0.4rem !important;}}
/* Keyboard focus in sight everywhere (WCAG 2.4.7, and 3:1 for the indicator): a 3 px ring
   in dark blue, outside the element ({focus}: 7.9:1 on white, 7:1 on the sidebar's grey).
   Streamlit's own is its primary colour at half opacity (2.4:1 on white) or nothing. */
:focus-visible {{outline: {outline} !important; outline-offset: 2px !important;}}
/* Where the focus sits on a visually hidden input (radio, switch, slider) or on the text
   field inside a box (select), the ring goes round what shows. */
label:has(input:focus-visible), {selects} [role="group"]:has(input:focus-visible),
[data-testid="stSlider"] [data-rac]:has(> div > input:focus-visible)
  {{outline: {outline} !important; outline-offset: 2px !important; border-radius: 4px;}}
label input:focus-visible, {selects} input:focus-visible,
[data-testid="stSlider"] input:focus-visible {{outline: none !important;}}
[data-testid="stSlider"] [data-rac]:has(> div > input:focus-visible) {{border-radius: 50%;}}
/* Tabs and the language switch sit in boxes that clip what sticks out: the ring inside. */
[role="tab"]:focus-visible, [data-testid="stButtonGroup"] button:focus-visible
  {{outline-offset: -3px !important;}}
/* The page's scrolling area takes the focus too (Streamlit): its ring inside the window. */
#stMain:focus-visible {{outline-offset: -3px !important;}}
/* The map's frame, while the focus is inside it (set by the script below: an iframe never
   matches :focus): its own ring is cut off at the frame's edge. */
html.landscape-map-focus {frame} {{outline: {outline}; outline-offset: 3px;}}
/* The skip link before the map: out of sight until the keyboard reaches it. */
a.landscape-skip {{position: absolute; left: -10000px; top: auto; width: 1px; height: 1px;
  overflow: hidden;}}
a.landscape-skip:focus {{position: fixed; left: 1rem; top: 4.2rem; width: auto; height: auto;
  z-index: 1000000; background: {skip_background}; color: {focus}; padding: 0.5rem 0.9rem;
  border-radius: 6px; font-weight: 600; box-shadow: 0 2px 8px {skip_shadow};}}
/* A closed sidebar is only slid out of sight by Streamlit: its controls stayed in the Tab
   order, focused where nobody sees them. Hidden, they are not. */
[data-testid="stSidebar"][data-collapsed="true"],
[data-testid="stSidebar"][data-collapsed="true"] * {{visibility: hidden !important;}}
/* Heading links: one Tab stop per heading, of no use to a visitor (the share link is). */
[data-testid="stHeaderActionElements"] {{display: none !important;}}
@media (max-width: 640px) {{
  .block-container {{padding-left: 0.6rem !important; padding-right: 0.6rem !important;}}
  h1 {{font-size: 1.35rem !important;}}
  /* never the whole height of a short window (200 % zoom of 1280×800 is 640×400): some
     page stays beside the map to scroll with the wheel, which over the map zooms it */
  {frame} {{height: 62vh !important; min-height: min(340px, 75vh);}}
}}
/* Touch: buttons and choices at least 44 px high (WCAG 2.5.5). */
@media (pointer: coarse) {{
  .stButton button, .stDownloadButton button, .stLinkButton a,
  div[data-baseweb="select"] > div, [data-testid="stButtonGroup"] button
    {{min-height: 44px;}}
}}
</style>
"""


def _base(styles: dict[str, Any]) -> str:
    """The page's own CSS, its colours from `styles` (the focus ring's, [page]'s)."""
    page = {
        key: paint(styles, "page", key) for key in ("caption", "skip_background", "skip_shadow")
    }
    focus = paint(styles, "control", "focus")
    return _BASE.format(frame=MAP_FRAME, selects=SELECTS, focus=focus, outline=ring(styles), **page)


# Presentation: no sidebar, header, toolbar or footer; the tour bar on top in large type and
# the map filling the rest of the window (read from the back of a room at 1280×720).
_PRESENT = """
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
  color: {second}; border-left: 4px solid {second_rule}; padding-left: 0.5rem;
  margin: 0.3rem 0 0 0;}}
.stMarkdown .tour-meta {{font-size: clamp(15px, 1vw, 19px) !important; color: {meta};
  margin: 0.2rem 0 0 0;}}
.tour-badge {{display: inline-block; background: {badge_background}; color: {badge_text};
  border: 2px solid {badge_line}; border-radius: 6px; padding: 0.05em 0.45em; font-weight: 700;
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
  {frame}) {{flex: 1 1 0; min-height: 300px;}}
.block-container > [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]:has(
  {frame}) > div {{height: 100%;}}
{frame} {{height: 100% !important; min-height: 300px;}}
@media (max-width: 640px) {{
  /* A phone: the buttons two to a row, the counter beside them, the map right after. */
  .block-container {{padding: 0.4rem 0.5rem 0 0.5rem !important;}}
  [data-testid="stColumn"] [data-testid="stHorizontalBlock"] {{flex-wrap: nowrap !important;
    gap: 0.4rem;}}
  [data-testid="stColumn"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]
    {{min-width: 0 !important; width: auto !important; flex: 1 1 0 !important;}}
  .stMarkdown .tour-counter {{display: none;}}
  /* the presenter's preflight is for the laptop at the booth, not a phone in the audience */
  [data-testid="stPopover"] {{display: none;}}
  .stMarkdown .tour-meta {{font-size: 13px !important;}}
  .stMarkdown .tour-title {{font-size: 22px !important;}}
  .stMarkdown .tour-text {{font-size: 16px !important;}}
  .block-container {{height: auto;}}
  {frame} {{height: 62vh !important; min-height: 320px;}}
}}
</style>
"""


def _present(styles: dict[str, Any]) -> str:
    """Presentation mode's CSS, its colours from styles.toml's [tour]."""
    keys = ("second", "second_rule", "meta", "badge_background", "badge_text", "badge_line")
    return _PRESENT.format(frame=MAP_FRAME, **{key: paint(styles, "tour", key) for key in keys})


# The page's language, for screen readers, hyphenation and the browser's translation offer
# (Streamlit's page says "en" whatever it shows). The code is one of LANGS, never data.
# Then, once per page, what the page's markup cannot say by itself:
# - the map's frame gets a name (its title is streamlit-folium's "streamlit_folium.st_folium",
#   which the page's CSS and the tests select it by) and its element the role of a named
#   region, whenever Streamlit draws it again;
# - the frame's focus ring: a Tab from the page into the frame (not a click) marks <html>
#   until the focus comes back to the page;
# - the skip link before the map moves the focus to the map's text version under it.
_SCRIPT = """<script>
document.documentElement.lang = {code};
(() => {{
  const a11y = window.landscapeA11y = window.landscapeA11y || {{}};
  a11y.labels = {labels};
  const frames = () => document.querySelectorAll({frame});
  a11y.name = () => frames().forEach(f => {{
    if (f.getAttribute("aria-label") !== a11y.labels.frame)
      f.setAttribute("aria-label", a11y.labels.frame);
    const box = f.closest('[data-testid="stElementContainer"]');
    if (box && box.getAttribute("aria-label") !== a11y.labels.region) {{
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", a11y.labels.region);
    }}
  }});
  if (!a11y.ready) {{
    a11y.ready = true;
    new MutationObserver(() => a11y.name()).observe(document.body,
      {{childList: true, subtree: true}});
    let keyboard = false;
    const ring = on => document.documentElement.classList.toggle("landscape-map-focus",
      on && [...frames()].includes(document.activeElement));
    document.addEventListener("keydown", e => {{ keyboard = e.key === "Tab"; }}, true);
    document.addEventListener("mousedown", () => {{ keyboard = false; }}, true);
    window.addEventListener("blur", () => setTimeout(() => ring(keyboard), 0));
    document.addEventListener("focusin", () => ring(false));
    document.addEventListener("click", e => {{
      const link = e.target.closest && e.target.closest("a.landscape-skip");
      if (!link) return;
      e.preventDefault();  // no "#" in the address, whatever follows
      const target = document.querySelector(".st-key-{text_key} summary");
      if (!target) return;  // a session's first run: the map only, for a moment
      target.scrollIntoView({{block: "center"}});
      target.focus();
    }});
  }}
  a11y.name();
}})();
</script>"""
_SKIP = '<a class="landscape-skip" href="#">{text}</a>'


def _json(value: object) -> str:
    """A value as a JavaScript literal that cannot end the script element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def apply(presenting: bool, lang: str, t: Translate, styles: dict[str, Any]) -> None:
    """The page's CSS and script; `t` names the map and the skip link (not while presenting:
    the map's text version is the dashboard's); `styles` gives the colours."""
    code = lang if lang in LANGS else "en"
    labels = {"frame": t("maptext.frame"), "region": t("maptext.region")}
    script = _SCRIPT.format(
        code=json.dumps(code), labels=_json(labels), frame=_json(MAP_FRAME), text_key=TEXT_KEY
    )
    skip = "" if presenting else _SKIP.format(text=escape(t("maptext.skip")))
    page = _base(styles) + (_present(styles) if presenting else "") + script + skip
    st.html(page, unsafe_allow_javascript=True)  # one element: each costs every run
