"""ui.guard: a part of the page that fails shows a plain message; the rest is still drawn."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from landscape.ui import guard

    st.markdown("before")
    with guard.section("broken part", "This part could not be shown."):
        raise KeyError("C:/secret/path.csv")
    st.markdown("after")


def test_a_failing_section_shows_its_message_and_no_traceback():
    at = AppTest.from_function(_page)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["This part could not be shown."]
    assert [m.value for m in at.markdown] == ["before", "after"]
    assert "secret" not in str([e.proto for e in at.error])
