"""The page's CSS (ui/theme.py) takes its focus ring's colour from styles.toml, as the map does:
one place for each colour."""

from __future__ import annotations

from pathlib import Path

from landscape.mapview.palette import paint
from landscape.ui import theme
from tests.ui.test_page import _app


def _page_css(at) -> str:
    return " ".join(e.proto.body for e in at.get("html"))


def test_the_focus_ring_is_styles_tomls_colour_on_the_page(monkeypatch, data_copy: Path):
    styles = data_copy / "styles.toml"
    text = styles.read_text(encoding="utf-8")
    assert 'focus = "#174ea6"' in text
    styles.write_text(text.replace('focus = "#174ea6"', 'focus = "#0b3d91"'), encoding="utf-8")
    css = _page_css(_app(monkeypatch, data_copy))
    assert "outline: 3px solid #0b3d91 !important" in css
    assert "#174ea6" not in css, "no focus colour of its own left in the page's CSS"


def test_the_ring_reads_the_bundled_colour_when_a_file_has_none():
    assert theme.ring({}) == f"3px solid {paint({}, 'control', 'focus')}"
