"""Presentation mode's tour bar: the step's title and text (optionally with a second caption
language), its sources, the step counter, previous/next, language, QR and exit."""

from __future__ import annotations

import os
from html import escape

import streamlit as st

from landscape import preflight
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.text import md_escape
from landscape.tour import Step, clamp
from landscape.ui import cache, share, sidebar, state
from landscape.viewstate import ViewState, public_base, share_url


def current_step(count: int, seeded: ViewState) -> int:
    """The step number this session shows, seeded from the link and kept in range."""
    state.seed({state.STEP: seeded.step})
    number = clamp(int(st.session_state.get(state.STEP, 1)), count)
    st.session_state[state.STEP] = number
    return number


def _move(by: int, count: int) -> None:
    st.session_state[state.STEP] = clamp(int(st.session_state.get(state.STEP, 1)) + by, count)


def _caption(
    step: Step, second: Step | None, second_lang: str, synthetic: bool, t: Translate
) -> str:
    parts = [
        f'<p class="tour-title">{escape(step.title)}</p>',
        f'<p class="tour-text">{escape(step.text)}</p>',
    ]
    if second is not None and (second.title, second.text) != (step.title, step.text):
        parts.append(
            f'<p class="tour-second" lang="{escape(second_lang)}">'
            f"{escape(second.title)}: {escape(second.text)}</p>"
        )
    meta = f"{escape(t('tour.source'))}: {escape('; '.join(step.sources) or t('gap.text'))}"
    if synthetic:
        meta = f'<span class="tour-badge">{escape(t("wildlife.synthetic"))}</span> · {meta}'
    parts.append(f'<p class="tour-meta">{meta}</p>')
    return "".join(parts)


def preflight_button(cat: Catalog, lang: str, t: Translate) -> None:
    """The presenter's preflight (landscape preflight): the findings, each with its fix, in a
    popover that stays closed until the presenter opens it. The audience sees a plain button:
    its label and icon are the same whatever is found."""
    url = share.base_url()  # what this session's links and QR codes use
    configured = public_base(os.environ.get(preflight.ENV))  # else base_url is the browser's
    where = preflight.ENV if configured else t("preflight.browser")
    found = cache.figure(preflight.findings, cat, url, where, lang, t)
    with st.popover(t("preflight.button"), icon=":material/checklist:"):
        st.markdown(f"**{md_escape(t('preflight.title'))}**")
        st.caption(md_escape(t("preflight.help")))
        if not found:
            st.success(t("preflight.ready"))
            return
        st.markdown(md_escape(t("preflight.found", n=len(found))))
        fix = md_escape(t("preflight.fix"))
        for each in found:
            st.markdown(
                f"- **{md_escape(each.where)}**: {md_escape(each.text(t))}  \n"
                f"  *{fix}*: {md_escape(each.fix(t))}"
            )


def bar(
    cat: Catalog,
    steps: list[Step],
    seconds: list[Step] | None,
    number: int,
    seeded: ViewState,
    synthetic: bool,
    lang: str,
    t: Translate,
) -> None:
    """Draw the tour bar; the language switch sits in it."""
    text_col, nav_col = st.columns([5, 2], gap="medium")
    with nav_col:
        sidebar.language(t("lang.label"))
        count = len(steps)
        counter_col, check_col = st.columns(2, vertical_alignment="center")
        counter_col.markdown(
            f'<div class="tour-counter">{escape(t("tour.counter", n=number, total=count))}</div>',
            unsafe_allow_html=True,
        )
        with check_col:  # beside the counter: the bar gets no taller
            preflight_button(cat, lang, t)
        back, forward = st.columns(2)
        back.button(
            t("tour.previous"),
            on_click=_move,
            args=(-1, count),
            disabled=number <= 1,
            width="stretch",
            key="tour_previous",
            icon=":material/arrow_back:",
        )
        forward.button(
            t("tour.next"),
            on_click=_move,
            args=(1, count),
            disabled=number >= count,
            width="stretch",
            key="tour_next",
            icon=":material/arrow_forward:",
        )
        live = ViewState(projects=steps[number - 1].projects, lang=lang)
        qr_col, exit_col = st.columns(2)
        with qr_col:
            share.qr_button(share_url(share.base_url(), live, cat), t, "qr_present")
        exit_col.link_button(t("tour.exit"), share_url("./", ViewState(lang=lang), cat))
    with text_col:
        second = seconds[number - 1] if seconds else None
        caption = _caption(steps[number - 1], second, seeded.lang2 or "", synthetic, t)
        st.markdown(caption, unsafe_allow_html=True)


def empty(t: Translate) -> None:
    st.info(t("tour.empty"))
