"""The page's CSS (ui/theme.py) takes its colours from styles.toml, as the map does: the focus
ring's, the page's ([page]) and the tour bar's ([tour]). One place for each colour."""

from __future__ import annotations

import re
from pathlib import Path

from landscape.catalog import load_catalog
from landscape.i18n import translator
from landscape.mapview.palette import bundled, paint
from landscape.paths import BUNDLED_DATA
from landscape.ui import share, theme
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


def test_the_pages_and_the_tour_bars_colours_are_styles_tomls(monkeypatch, data_copy: Path):
    """A caption's grey ([page]) and the tour badge's colours ([tour]) changed in the data
    directory's styles.toml reach the page's CSS; none of the bundled ones stays behind."""
    styles = data_copy / "styles.toml"
    text = styles.read_text(encoding="utf-8")
    changes = {
        'caption = "#4a4f57"': 'caption = "#333a44"',
        'badge_background = "#fff3cd"': 'badge_background = "#ffe8a3"',
        'badge_line = "#b8860b"': 'badge_line = "#8a6400"',
    }
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    styles.write_text(text, encoding="utf-8")
    css = _page_css(_app(monkeypatch, data_copy, mode="present"))
    assert "{color: #333a44 !important; opacity: 1 !important;}" in css
    assert "background: #ffe8a3;" in css and "border: 2px solid #8a6400;" in css
    for old in ("#4a4f57", "#fff3cd", "#b8860b"):
        assert old not in css, f"{old}: a colour of the bundled file left in the page's CSS"


def test_every_colour_of_the_page_comes_from_styles_toml():
    """No colour literal in ui/theme.py or ui/share.py: each is a key of styles.toml ([page],
    [tour], [control]); the page's CSS and the copy-link button hold every [page] and [tour]
    colour."""
    for module in (theme, share):
        code = (Path(module.__file__)).read_text(encoding="utf-8")
        assert re.findall(r"#[0-9a-fA-F]{3,8}\b", code) == [], module.__name__
        assert "rgb" not in code
    t = translator(load_catalog(BUNDLED_DATA).ui, "en")
    css = theme._base({}) + theme._present({}) + share.copy_html("http://x.org/", t, {})
    for table in ("page", "tour"):
        for key, value in bundled()[table].items():
            assert value in css, f"[{table}] {key} is not on the page"
