"""ui.mett: the management effectiveness panel as a visitor sees it, with no assessment and
with the test fixtures' made-up scores (tests/fixtures/mett/)."""

from __future__ import annotations

import shutil
from pathlib import Path

from landscape.catalog import load_catalog
from landscape.i18n import Translate
from landscape.ui import mett as mett_ui
from tests.ui.test_page import _app

CK, IA = "Chon Kemin State Natural Park", "Ile-Alatau National Park"

METT_FIXTURES = Path(__file__).parents[1] / "fixtures" / "mett"


def _mett_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info]
    return " ".join(parts).replace("\\", "")


def test_mett_panel_without_assessments_says_so_in_plain_words(monkeypatch):
    at = _app(monkeypatch, tab="mett")
    text = _mett_text(at)
    assert "No METT assessment recorded yet." in text
    # how to add one is for the data manager (geodata/README.md), not for visitors
    assert "geodata/" not in text and "landscape validate" not in text
    assert not [c for c in at.get("arrow_vega_lite_chart") if "total_pct" in str(c.proto)]


def test_mett_panel_shows_totals_side_by_side_and_themes(monkeypatch, data_copy: Path):
    shutil.copytree(METT_FIXTURES, data_copy / "mett")
    with open(data_copy / "sources.toml", "a", encoding="utf-8") as handle:
        handle.write(
            '\n[[source]]\nid = "test-fixture"\ntitle_en = "TEST FIXTURE source"\n'
            'publisher_en = "tests"\nyear = 2024\nurl = "https://example.org/"\n'
        )
    cat = load_catalog(data_copy)
    assert len(cat.mett.assessments) == 5, [p.line() for p in cat.problems if "mett" in p.path]
    at = _app(monkeypatch, data_copy, tab="mett")
    text = _mett_text(at)
    assert "No METT assessment recorded yet." not in text
    assert "Weakest themes" in text and "Strongest themes" in text
    assert "Source: [test-fixture] TEST FIXTURE source" in text, "each assessment cites its source"
    assert "All themes scored alike" in text, "Ile-Alatau 2024: every theme at 100 %"
    wide = next(t.value for t in at.table if t.value.index.name == "Year")
    assert list(wide.index) == sorted(str(y) for y in set(cat.mett.assessments["year"]))
    assert {CK, IA} <= set(wide.columns), "the two parks side by side"
    assert wide.loc["2022", CK] == "66.7 %" and wide.loc["2022", IA] == "–"


def test_themes_are_named_in_the_visitors_words_or_a_dash(t: Translate):
    assert mett_ui._themes([], t) == "–"
    named = mett_ui._themes(["context", "planning"], t)
    assert named == f"{t('mett.theme_context')}, {t('mett.theme_planning')}"
    assert "mett." not in named
