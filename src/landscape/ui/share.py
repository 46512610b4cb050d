"""Sharing a view: the link (copy button), its QR code, printable handouts and the offline map
file. Handouts and the map file are made only when asked for (deferred downloads)."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from html import escape
from typing import Any

import streamlit as st

from landscape import export, handout, qr
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.mapview.palette import paint
from landscape.text import tr_by_id
from landscape.ui import theme
from landscape.viewstate import ViewState, item_view, public_base, share_url

ENV = "LANDSCAPE_PUBLIC_URL"
LOCAL = "http://localhost:8501/"

# A button that copies the link; the fallback (execCommand) also works on a plain-http address
# in a village hall, where the async clipboard API is not available.
_COPY = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{label}</title>
<style>button:focus-visible{{outline:{ring};outline-offset:2px}}</style>
</head><body style="margin:0;padding:5px"><div style="font:14px system-ui,sans-serif">
<button id="b" style="min-height:44px;padding:6px 14px;border:1px solid {line};border-radius:8px;
background:{background};cursor:pointer;font:600 14px system-ui,sans-serif">{label}</button>
<span id="s" style="margin-left:8px;color:{done_colour}"></span></div>
<script>
const url = {url}, done = {done};
document.getElementById("b").onclick = async () => {{
  try {{ await navigator.clipboard.writeText(url); }}
  catch (e) {{
    const area = document.createElement("textarea"); area.value = url;
    document.body.appendChild(area); area.select(); document.execCommand("copy"); area.remove();
  }}
  document.getElementById("s").textContent = done;
}};
</script></body></html>"""


def base_url() -> str:
    """The public address of the dashboard: LANDSCAPE_PUBLIC_URL if set and valid, else the
    address this browser used, else localhost."""
    configured = public_base(os.environ.get(ENV))
    if configured:
        return configured
    try:
        seen = public_base(st.context.url)
    except Exception:  # no browser context (tests, bare mode)
        seen = None
    return seen or LOCAL


def copy_html(url: str, t: Translate, styles: dict[str, Any]) -> str:
    """The "copy link" control's document; the URL travels as a JSON string, never as markup."""
    return _COPY.format(
        lang=escape(t.lang),
        ring=theme.ring(styles),
        line=paint(styles, "page", "button_line"),
        background=paint(styles, "control", "background"),
        done_colour=paint(styles, "page", "done"),
        label=escape(t("share.copy")),
        url=json.dumps(url).replace("<", "\\u003c"),
        done=json.dumps(t("share.copied")).replace("<", "\\u003c"),
    )


def copy_button(url: str, t: Translate, styles: dict[str, Any]) -> None:
    """The "copy link" control, in a frame of its own (the clipboard needs a script)."""
    html = copy_html(url, t, styles)
    st.iframe(html, height=56)  # the button and its focus ring, whole


# The code as large as the window allows, whole: the dialog's title, the link and the
# warning take about this much of the window's height beside it.
_QR_IMG = (
    '<img class="landscape-qr" alt="{alt}" src="{data}" '
    'style="display:block;margin:0 auto;width:min(100%, calc(100vh - {room}px));'
    'min-width:180px;height:auto;image-rendering:pixelated">'
)


def _qr_body(url: str, t: Translate) -> None:
    """The QR code, big enough to scan from the back of a room, and all of it on screen."""
    local = qr.unreachable_from_phones(url)
    if local:
        st.warning(t("share.qr_local", env=ENV), icon=":material/warning:")
    data = escape(qr.svg_data_uri(url), quote=True)
    alt = escape(t("share.qr_alt", url=url), quote=True)
    st.markdown(
        _QR_IMG.format(alt=alt, data=data, room=380 if local else 250), unsafe_allow_html=True
    )
    st.code(url, language=None, wrap_lines=True)


def qr_button(url: str, t: Translate, key: str) -> None:
    if st.button(t("share.qr"), key=key, icon=":material/qr_code_2:"):
        qr_dialog(url, t)


def qr_dialog(url: str, t: Translate) -> None:
    """The QR code in a dialog named by its title (a screen reader says what opened)."""
    st.dialog(t("share.qr_title"), width="large")(_qr_body)(url, t)


def _handout_maker(
    cat: Catalog, kind: str, item: str, url: str, fmt: str, lang: str, t: Translate
) -> Callable[[], bytes]:
    def make() -> bytes:
        sheet = handout.content(cat, kind, item, lang, t)  # type: ignore[arg-type]
        return handout.render(cat, sheet, url, fmt, lang, t)  # type: ignore[arg-type]

    return make


def handouts(cat: Catalog, state: ViewState, base: str, lang: str, t: Translate) -> None:
    """One printable page per park and per project, in the chosen language."""
    items = {("park", i): n for i, n in tr_by_id(cat.parks, "name", lang).items()}
    for pid, title in tr_by_id(cat.projects, "title", lang).items():
        items[("project", pid)] = title
    if not items:
        return
    st.markdown(f"**{escape(t('share.handouts'))}**")
    kind, item = st.selectbox(
        t("share.handout_for"),
        list(items),
        format_func=lambda k: f"{t(f'share.kind_{k[0]}')}: {items[k]}",
        key="handout_item",
    )
    url = share_url(base, item_view(kind, item, lang), cat)
    for fmt in ("pdf", "png"):  # one above the other: side by side both read "Handout …"
        st.download_button(
            t(f"share.download_{fmt}"),
            _handout_maker(cat, kind, item, url, fmt, lang, t),
            file_name=handout.filename(kind, item, lang, fmt),  # type: ignore[arg-type]
            mime="application/pdf" if fmt == "pdf" else "image/png",
            on_click="ignore",
            key=f"handout_{fmt}",
            width="stretch",
        )


def offline_map(cat: Catalog, state: ViewState, lang: str, t: Translate) -> None:
    """The map as one self-contained HTML file, for a laptop with no internet."""

    def make() -> str:
        return export.html_page(cat, lang, list(state.projects), t, dt.date.today())

    st.download_button(
        t("share.export"),
        make,
        file_name=f"landscape-{lang}.html",
        mime="text/html",
        on_click="ignore",
        help=t("share.export_help"),
        key="export_html",
        width="stretch",
    )


def present_button(cat: Catalog, state: ViewState, t: Translate) -> None:
    """The way into presentation mode, beside the language switch (not inside a closed
    section at the bottom of the sidebar)."""
    present = ViewState(projects=(), lang=state.lang, lang2=state.lang2, mode="present")
    st.link_button(t("share.present"), share_url("./", present, cat), icon=":material/slideshow:")


def panel(cat: Catalog, public: Catalog, state: ViewState, lang: str, t: Translate) -> None:
    """The sidebar's share section: link, QR, present, handouts, offline map."""
    base = base_url()
    url = share_url(base, state, cat)
    with st.sidebar.expander(t("share.title"), icon=":material/share:"):
        st.caption(t("share.help"))
        copy_button(url, t, cat.styles)
        st.code(url, language=None, wrap_lines=True)
        qr_button(url, t, "qr_sidebar")
        handouts(public, state, base, lang, t)
        offline_map(cat, state, lang, t)
