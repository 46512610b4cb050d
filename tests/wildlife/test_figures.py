"""Charts in the page's language (issue 16, item 10): month names on the patrol chart's axis
and in its tooltips follow the language, and each species keeps its colour in every
language (keyed by its binomial, not by its translated name)."""

from __future__ import annotations

import json

import pytest

from landscape.catalog import Catalog
from landscape.formatting import locale
from landscape.text import LANGS
from landscape.wildlife import figures
from tests.ui.test_page import _app

ENGLISH_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def _specs(monkeypatch, lang: str) -> list[dict]:
    at = _app(monkeypatch, lang=lang)
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _patrol_chart(specs: list[dict]) -> dict:
    (found,) = [s for s in specs if s["encoding"]["x"].get("field") == "month"]
    return found


def _records_chart(specs: list[dict]) -> dict:
    (found,) = [s for s in specs if s["encoding"]["color"]["field"] == "species"]
    return found


@pytest.mark.parametrize("lang", ["ru", "ky", "kk"])
def test_the_patrol_chart_names_months_in_the_language(monkeypatch, lang):
    chart = _patrol_chart(_specs(monkeypatch, lang))
    assert chart["encoding"]["x"]["type"] == "temporal", "a time axis, formatted by the locale"
    time = chart["config"]["locale"]["time"]
    months = locale(lang).months["stand-alone"]["abbreviated"]
    assert time["shortMonths"] == [months[m] for m in range(1, 13)]
    assert not set(time["shortMonths"]) & set(ENGLISH_MONTHS)
    assert chart["config"]["locale"]["number"]["decimal"] == ","


def test_english_keeps_english_months(monkeypatch):
    chart = _patrol_chart(_specs(monkeypatch, "en"))
    months = chart["config"]["locale"]["time"]["shortMonths"]
    assert months[:8] == ENGLISH_MONTHS[:8] and months[8] in ("Sep", "Sept"), months


def _colours_by_binomial(spec: dict, catalog: Catalog, lang: str) -> dict[str, str]:
    scale = spec["encoding"]["color"]["scale"]
    names = {name: key for key, name in figures.species_names(catalog, lang).items()}
    return {
        names.get(name, name): colour
        for name, colour in zip(scale["domain"], scale["range"], strict=True)
    }


def test_each_species_keeps_its_colour_in_every_language(monkeypatch, catalog):
    colours = {
        lang: _colours_by_binomial(_records_chart(_specs(monkeypatch, lang)), catalog, lang)
        for lang in LANGS
    }
    assert len(colours["en"]) == 7
    assert len(set(colours["en"].values())) == 7, "no two species share a colour"
    for lang in LANGS:
        assert colours[lang] == colours["en"], lang


def test_a_species_keeps_its_colour_when_others_are_filtered_out(monkeypatch, catalog):
    whole = _colours_by_binomial(_records_chart(_specs(monkeypatch, "en")), catalog, "en")
    at = _app(monkeypatch, species=["Otocolobus manul", "Ursus arctos"])
    (spec,) = [
        json.loads(c.proto.spec)
        for c in at.get("vega_lite_chart")
        if "species" in c.proto.spec and 'month"' not in c.proto.spec
    ]
    alone = _colours_by_binomial(spec, catalog, "en")
    assert alone == {k: whole[k] for k in ("Otocolobus manul", "Ursus arctos")}
