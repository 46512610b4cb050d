"""The staff view: precise positions, only where a secret is configured outside the repository.

The secret comes from the environment variable LANDSCAPE_STAFF_SECRET or from `staff_secret`
in .streamlit/secrets.toml (never committed). Without either, this module shows nothing and
there is no way in. The typed secret is compared in constant time and never echoed, logged or
kept: the session keeps only the fact that it was right.
"""

from __future__ import annotations

import hmac
import os
import time

import streamlit as st

from landscape.i18n import Translate

ENV = "LANDSCAPE_STAFF_SECRET"
SECRET_KEY = "staff_secret"
_UNLOCKED = "staff_unlocked"


def configured_secret() -> str | None:
    """The staff secret, or None when none is configured."""
    value = os.environ.get(ENV, "")
    if not value:
        try:
            value = str(st.secrets.get(SECRET_KEY, "") or "")
        except Exception:  # no secrets file: the usual case on a public server
            value = ""
    return value or None


def matches(typed: str, secret: str) -> bool:
    return hmac.compare_digest(typed.encode("utf-8"), secret.encode("utf-8"))


def unlocked(t: Translate) -> bool:
    """Draw the staff box in the sidebar (only when configured); True while unlocked."""
    secret = configured_secret()
    if secret is None:
        st.session_state.pop(_UNLOCKED, None)
        return False
    if st.session_state.get(_UNLOCKED):
        st.sidebar.warning(t("wildlife.staff_active"), icon="🔓")
        if st.sidebar.button(t("staff.lock")):
            st.session_state.pop(_UNLOCKED, None)
            st.rerun()
        return True
    with st.sidebar.expander(t("staff.title")), st.form("staff", clear_on_submit=True):
        typed = st.text_input(t("staff.secret"), type="password")
        if st.form_submit_button(t("staff.unlock")):
            if matches(typed, secret):
                st.session_state[_UNLOCKED] = True
                st.rerun()
            time.sleep(1.0)  # slows guessing
            st.error(t("staff.wrong"))
    return False
