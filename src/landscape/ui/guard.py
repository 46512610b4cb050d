"""Keep a failure in one part of the page from reaching the visitor as a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

log = logging.getLogger("landscape")


@contextmanager
def section(name: str, message: str) -> Iterator[None]:
    """Run one part of the page; on an unexpected error show `message` and log the details."""
    try:
        yield
    except Exception:  # the boundary that keeps tracebacks off the page
        log.exception("section %s failed", name)
        st.error(message)
